// Log in with a local account (POST /api/v1/session).
import { html, useState } from '../lib.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import {
  Page, TextField, Button, ErrorSummary, Notice, ErrorMessage,
} from '../ui.js';

export function Login({ onSignedIn, signedOut }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState({});
  const [failure, setFailure] = useState(null);
  const [busy, setBusy] = useState(false);

  async function submit(e) {
    e.preventDefault();
    const errs = {};
    if (!username.trim()) errs['login-username'] = t('login.username_missing');
    if (!password) errs['login-password'] = t('login.password_missing');
    setErrors(errs);
    setFailure(null);
    if (Object.keys(errs).length) return;
    setBusy(true);
    try {
      const session = await api.post('/session', { username: username.trim(), password });
      onSignedIn(session);
    } catch (err) {
      setBusy(false);
      if (err.status === 401) {
        setFailure({ text: t('login.failed') });
      } else if (err.status === 429) {
        const minutes = Math.max(1, Math.ceil((Number(err.retryAfter) || 60) / 60));
        setFailure({ text: t('login.throttled', { minutes }) });
      } else {
        setFailure({ error: err });
      }
      setPassword('');
    }
  }

  return html`
    <div class="login-page">
      <${Page} title=${t('login.title')} lead=${t('login.lead')}>
        ${signedOut && !failure && html`<${Notice} kind="info">${t('login.signed_out')}</${Notice}>`}
        <${ErrorSummary} errors=${errors} />
        ${failure && failure.text && html`<${Notice} kind="error">${failure.text}</${Notice}>`}
        ${failure && failure.error && html`<${ErrorMessage} error=${failure.error} />`}
        <form class="form" novalidate onSubmit=${submit}>
          <${TextField} id="login-username" label=${t('login.username')} value=${username} onValue=${setUsername}
            error=${errors['login-username']} autocomplete="username" autocapitalize="none" spellcheck=${false} />
          <${TextField} id="login-password" label=${t('login.password')} type="password" value=${password}
            onValue=${setPassword} error=${errors['login-password']} autocomplete="current-password" />
          <${Button} type="submit" busy=${busy} busyLabel=${t('login.signing_in')}>${t('login.submit')}</${Button}>
        </form>
      </${Page}>
    </div>`;
}
