// Shared components: page frame, loading and error states, form fields tied
// to their errors (aria-describedby), error summary, buttons with progress,
// confirmation dialog, description lists, badges, and data hooks.
import {
  html, createContext, useState, useEffect, useRef, useCallback, useContext, useId,
} from './lib.js';
import { t, tWord, fmtPersonId } from './i18n.js';
import { getAll } from './api.js';

/* { session, me, lang, setLang, signOut, onSignedIn } from main.js */
export const AppContext = createContext(null);
export const useApp = () => useContext(AppContext);

/* ---------- today: the server's date when the session tells it (tests fix it), else the local one ---------- */

let serverToday = null;
export function setServerToday(d) { serverToday = /^\d{4}-\d{2}-\d{2}$/.test(d || '') ? d : null; }
export function today() {
  if (serverToday) return serverToday;
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date());
}

/* ---------- flash: a one-time notice shown on the next page ---------- */

let flash = null;
export function setFlash(message) { flash = message; }
function takeFlash() { const f = flash; flash = null; return f; }

/* A notice for the screen that is open now (after an action that stays on it). */
export function announce(message) {
  window.dispatchEvent(new CustomEvent('stegvis:announce', { detail: message }));
}

/* ---------- page frame ---------- */

/*
 * One screen: sets the document title and moves focus to the heading when
 * the screen opens, so that keyboard and screen-reader users start there.
 */
export function Page({ title, lead, actions, back, children, wide }) {
  const heading = useRef(null);
  const noticeRef = useRef(null);
  const [notice, setNotice] = useState(takeFlash);
  useEffect(() => { document.title = `${title} – ${t('app.name')}`; }, [title]);
  useEffect(() => {
    // The form that was used may be gone after the action: focus goes to the notice.
    const on = (e) => {
      setNotice(e.detail);
      requestAnimationFrame(() => noticeRef.current && noticeRef.current.focus());
    };
    window.addEventListener('stegvis:announce', on);
    return () => window.removeEventListener('stegvis:announce', on);
  }, []);
  useEffect(() => {
    if (heading.current && !document.querySelector('.login-page')) heading.current.focus({ preventScroll: true });
  }, []);
  return html`
    <div class=${`page${wide ? ' page-wide' : ''}`}>
      ${back && html`<p class="back"><a href=${back.href}>${'\u2190 '}${back.label}</a></p>`}
      <div class="page-head">
        <div>
          <h1 ref=${heading} tabindex="-1">${title}</h1>
          ${lead && html`<p class="lead">${lead}</p>`}
        </div>
        ${actions && html`<div class="page-actions">${actions}</div>`}
      </div>
      ${notice && html`<div class="notice notice-success" role="status" tabindex="-1" ref=${noticeRef}>${notice}</div>`}
      ${children}
    </div>`;
}

export function Section({ title, id, actions, children }) {
  const hid = id ? `${id}-heading` : undefined;
  return html`
    <section class="card" aria-labelledby=${hid} id=${id}>
      <div class="card-head">
        <h2 id=${hid}>${title}</h2>
        ${actions && html`<div class="card-actions">${actions}</div>`}
      </div>
      ${children}
    </section>`;
}

export function Loading({ label }) {
  return html`<p class="loading" role="status"><span class="spinner" aria-hidden="true"></span>${label || t('common.loading')}</p>`;
}

export function Notice({ kind = 'info', children }) {
  const role = kind === 'error' ? 'alert' : 'status';
  return html`<div class=${`notice notice-${kind}`} role=${role}>${children}</div>`;
}

export function Empty({ children }) {
  return html`<p class="empty">${children}</p>`;
}

/* The not-found screen: a missing object and one outside the caller's scope look alike (X-3). */
export function NotFound() {
  return html`
    <${Page} title=${t('notfound.title')}>
      <p>${t('notfound.text')}</p>
      <p><a href="/">${t('notfound.home')}</a></p>
    </${Page}>`;
}

export function Forbidden() {
  return html`
    <${Page} title=${t('forbidden.title')}>
      <p>${t('forbidden.text')}</p>
      <p><a href="/">${t('notfound.home')}</a></p>
    </${Page}>`;
}

/* An API error as a message (inside a page). */
export function ErrorMessage({ error }) {
  if (!error) return null;
  let text;
  if (error.status === 0) text = t('error.network');
  else if (error.status === 403) text = t('error.forbidden');
  else if (error.status === 404) text = t('error.not_found');
  else if (error.status === 409) text = t('error.conflict', { message: error.message });
  else if (error.status === 503) text = t('error.unavailable');
  else if (error.status >= 400 && error.status < 500) text = t('error.rejected', { message: error.message });
  else text = t('error.server');
  return html`
    <${Notice} kind="error">
      <p>${text}</p>
      ${error.requestId && html`<p class="small">${t('error.request_id', { id: error.requestId })}</p>`}
    </${Notice}>`;
}

/* A whole-screen API error: 404 becomes the not-found screen. */
export function ErrorPage({ error, title }) {
  if (error && error.status === 404) return html`<${NotFound} />`;
  if (error && error.status === 403) return html`<${Forbidden} />`;
  return html`<${Page} title=${title || t('error.title')}><${ErrorMessage} error=${error} /></${Page}>`;
}

/* ---------- buttons and progress ---------- */

export function Button({ kind = 'primary', small, busy, busyLabel, type = 'button', children, ...rest }) {
  return html`
    <button type=${type} class=${`btn btn-${kind}${small ? ' btn-small' : ''}`} disabled=${busy || rest.disabled} aria-busy=${busy ? 'true' : undefined} ...${rest}>
      ${busy && html`<span class="spinner" aria-hidden="true"></span>`}
      ${busy && busyLabel ? busyLabel : children}
    </button>`;
}

export function LinkButton({ href, kind = 'primary', children, ...rest }) {
  return html`<a class=${`btn btn-${kind}`} href=${href} ...${rest}>${children}</a>`;
}

/* A long operation under way: an indeterminate progress bar with its label, announced politely. */
export function Progress({ label, value, max }) {
  return html`
    <div class="progress" role="status">
      <span>${label}</span>
      <progress value=${value} max=${max} aria-label=${label}></progress>
    </div>`;
}

/* ---------- forms ---------- */

/* "Fyll i förnamn": a label inside a sentence, lower-case unless it is an acronym (CVR-nummer). */
export function required(label, key = 'form.required') {
  const field = /^\p{Lu}\p{Ll}/u.test(label) ? label[0].toLocaleLowerCase() + label.slice(1) : label;
  return t(key, { field });
}

function describedBy(id, hint, error) {
  const ids = [];
  if (hint) ids.push(`${id}-hint`);
  if (error) ids.push(`${id}-error`);
  return ids.length ? ids.join(' ') : undefined;
}

function FieldFrame({ id, label, hint, error, optional, children, cls }) {
  // optional: true marks the label "(frivilligt)"; 'quiet' (a search field) does not.
  return html`
    <div class=${`field${error ? ' field-error' : ''}${cls ? ` ${cls}` : ''}`}>
      <label for=${id}>${label}${optional === true && html` <span class="optional">${t('form.optional')}</span>`}</label>
      ${hint && html`<p class="hint" id=${`${id}-hint`}>${hint}</p>`}
      ${error && html`<p class="error-text" id=${`${id}-error`}><span class="visually-hidden">${t('form.error_prefix')} </span>${error}</p>`}
      ${children}
    </div>`;
}

export function TextField({ id, label, hint, error, optional, value, onValue, type = 'text', width, ...rest }) {
  return html`
    <${FieldFrame} id=${id} label=${label} hint=${hint} error=${error} optional=${optional}>
      <input id=${id} name=${id} type=${type} class=${`input${width ? ` w-${width}` : ''}`} value=${value ?? ''}
        aria-describedby=${describedBy(id, hint, error)} aria-invalid=${error ? 'true' : undefined}
        aria-required=${optional ? undefined : 'true'}
        onInput=${(e) => onValue(e.currentTarget.value)} ...${rest} />
    </${FieldFrame}>`;
}

export function TextArea({ id, label, hint, error, optional, value, onValue, rows = 5, ...rest }) {
  return html`
    <${FieldFrame} id=${id} label=${label} hint=${hint} error=${error} optional=${optional}>
      <textarea id=${id} name=${id} class="input" rows=${rows}
        aria-describedby=${describedBy(id, hint, error)} aria-invalid=${error ? 'true' : undefined}
        aria-required=${optional ? undefined : 'true'}
        value=${value ?? ''} onInput=${(e) => onValue(e.currentTarget.value)} ...${rest}></textarea>
    </${FieldFrame}>`;
}

export function SelectField({ id, label, hint, error, optional, value, onValue, options, ...rest }) {
  return html`
    <${FieldFrame} id=${id} label=${label} hint=${hint} error=${error} optional=${optional}>
      <select id=${id} name=${id} class="input"
        aria-describedby=${describedBy(id, hint, error)} aria-invalid=${error ? 'true' : undefined}
        aria-required=${optional ? undefined : 'true'}
        onChange=${(e) => onValue(e.currentTarget.value)} ...${rest}>
        ${options.map((o) => html`<option value=${o.value} selected=${String(o.value) === String(value ?? '')}>${o.label}</option>`)}
      </select>
    </${FieldFrame}>`;
}

/*
 * The list of a form's errors at its top, each a link to its field; it takes
 * focus when it appears so that the errors are read out first.
 */
export function ErrorSummary({ errors }) {
  const ref = useRef(null);
  const titleId = `error-summary-title-${useId()}`; // several forms may share a page
  // In the order of the fields on the screen.
  const position = (id) => {
    const el = document.getElementById(id);
    return el ? [...document.querySelectorAll('[id]')].indexOf(el) : Infinity;
  };
  const list = Object.entries(errors || {}).filter(([, m]) => m).sort(([a], [b]) => position(a) - position(b));
  useEffect(() => { if (list.length && ref.current) ref.current.focus(); }, [errors]);
  if (!list.length) return null;
  const go = (e, id) => {
    const el = document.getElementById(id);
    if (el) { e.preventDefault(); el.focus(); }
  };
  return html`
    <div class="error-summary" role="alert" tabindex="-1" ref=${ref} aria-labelledby=${titleId}>
      <h2 id=${titleId}>${t('form.error_summary')}</h2>
      <ul>
        ${list.map(([id, m]) => html`<li><a href=${`#${id}`} onClick=${(e) => go(e, id)}>${m}</a></li>`)}
      </ul>
    </div>`;
}

/*
 * The message for a server-side field error: the catalogue's text for the
 * rule when it has one, else the server's own message, with the rule named.
 */
export function fieldMessage(f) {
  if (!f) return null;
  const own = f.rule ? tWord('rule', f.rule) : null;
  const text = own && own !== f.rule ? own : f.message;
  return f.rule ? `${text} (${f.rule})` : text;
}

/* Server field errors ("$.person_id") mapped onto form field ids via prefix. */
export function serverFieldErrors(error, prefix, known, message = (key, f) => fieldMessage(f)) {
  const out = {};
  const unplaced = [];
  for (const [name, f] of Object.entries(error.fieldErrors ? error.fieldErrors() : {})) {
    const key = name.split(/[.[]/)[0];
    if (!known || known.includes(key)) out[`${prefix}${key}`] = message(key, f);
    else unplaced.push(message(key, f));
  }
  return { fields: out, unplaced };
}

/*
 * A form's submission: run(fn, prefix, known) calls fn; the server's field
 * errors whose member is in known are shown at the field "<prefix><member>"
 * (worded by message(member, fieldError), default fieldMessage), anything
 * else as the form's failure. Resolves to fn's value (true when it has none)
 * on success, false on failure.
 */
export function useSubmit({ message } = {}) {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState({});
  const [failure, setFailure] = useState(null);
  async function run(fn, prefix, known) {
    setBusy(true);
    setFailure(null);
    try {
      const r = await fn();
      setErrors({});
      return r === undefined || r === null ? true : r;
    } catch (err) {
      const { fields, unplaced } = serverFieldErrors(err, prefix, known, message);
      setErrors(fields);
      if (!Object.keys(fields).length || unplaced.length) setFailure(err);
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { busy, errors, setErrors, failure, setFailure, run };
}

/* ---------- confirm dialog (native <dialog>: modal, focus kept inside, Esc closes) ---------- */

export function useConfirm() {
  const [state, setState] = useState(null);
  const ref = useRef(null);
  useEffect(() => {
    if (state && ref.current && !ref.current.open) ref.current.showModal();
  }, [state]);
  const confirm = useCallback((opts) => new Promise((resolve) => setState({ ...opts, resolve })), []);
  const close = (answer) => {
    if (ref.current && ref.current.open) ref.current.close();
    if (state) state.resolve(answer);
    setState(null);
  };
  const dialog = state && html`
    <dialog ref=${ref} class="dialog" aria-labelledby="dialog-title" aria-describedby="dialog-text"
      onCancel=${(e) => { e.preventDefault(); close(false); }}>
      <h2 id="dialog-title">${state.title}</h2>
      <p id="dialog-text">${state.text}</p>
      <div class="button-row">
        <${Button} kind=${state.danger ? 'danger' : 'primary'} onClick=${() => close(true)}>${state.confirmLabel}</${Button}>
        <${Button} kind="secondary" onClick=${() => close(false)}>${t('common.cancel')}</${Button}>
      </div>
    </dialog>`;
  return [dialog, confirm];
}

/* ---------- display helpers ---------- */

export function Dl({ items }) {
  return html`
    <dl class="facts">
      ${items.filter(Boolean).map(([term, value]) => html`<div class="fact"><dt>${term}</dt><dd>${value ?? '–'}</dd></div>`)}
    </dl>`;
}

const STATE_TONE = {
  granted: 'neutral', queued: 'warn', staffed: 'info', assigned: 'info', running: 'ok',
  ended: 'muted', cancelled: 'muted', draft: 'neutral', submitted: 'info', returned: 'warn',
  approved: 'ok', pending: 'warn', rejected: 'muted', overdue: 'bad', due: 'warn', met: 'ok',
  disabled: 'muted', active: 'ok', final: 'ok', confirmed: 'ok', preview: 'info',
};

export function Badge({ state, prefix = 'state', children }) {
  return html`<span class=${`badge badge-${STATE_TONE[state] || 'neutral'}`}>${children || tWord(prefix, state)}</span>`;
}

export function customerName(c) {
  if (!c) return '–';
  if (c.masked) return t('customer.masked_name');
  const n = [c.given_name, c.family_name].filter(Boolean).join(' ');
  return n || '–';
}

export function CustomerId({ c }) {
  if (!c || c.masked) return html`<span class="muted">${t('customer.masked_id')}</span>`;
  return html`<span class="nowrap">${fmtPersonId(c.person_id, c.id_kind)}</span>`;
}

export function InterventionCode({ code, short }) {
  const name = tWord('intervention.name', code);
  if (short) return html`<abbr class="code" title=${name}>${code}</abbr>`;
  return html`<span class="code-with-name"><strong>${code}</strong>${name !== code && html`<span class="muted"> ${name}</span>`}</span>`;
}

/* ---------- data hooks ---------- */

/* Runs fn() (a promise) when deps change; { data, error, loading, reload, setData }. */
export function useAsync(fn, deps) {
  const [tick, setTick] = useState(0);
  const [state, setState] = useState({ loading: true, data: undefined, error: null });
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true, error: null }));
    fn().then(
      (data) => { if (live) setState({ loading: false, data, error: null }); },
      (error) => { if (live) setState({ loading: false, data: undefined, error }); },
    );
    return () => { live = false; };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  const setData = useCallback((d) => setState((s) => ({ ...s, data: typeof d === 'function' ? d(s.data) : d })), []);
  return { ...state, reload, setData };
}

/*
 * Id -> object maps of small reference lists (units, providers, users),
 * fetched once per session; a role that may not read a list gets an empty map.
 */
const lookups = new Map();
export function clearLookups() { lookups.clear(); }

export function lookup(kind) {
  if (!lookups.has(kind)) {
    lookups.set(kind, getAll(`/${kind}`).then(
      (items) => new Map(items.map((x) => [x.id, x])),
      () => new Map(),
    ));
  }
  return lookups.get(kind);
}

export function useLookup(kind, enabled = true) {
  const [map, setMap] = useState(new Map());
  useEffect(() => {
    let live = true;
    if (enabled) lookup(kind).then((m) => { if (live) setMap(m); });
    return () => { live = false; };
  }, [kind, enabled]);
  return map;
}

export function forgetLookup(kind) { lookups.delete(kind); }

/* Offer a Blob as a downloaded file (the CSP allows it: a blob: URL is a navigation, not a script). */
export function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/* The file name of a Content-Disposition header, or fallback. */
export function dispositionName(res, fallback) {
  const cd = res.headers.get('Content-Disposition') || '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star) { try { return decodeURIComponent(star[1]); } catch (e) { /* fall through */ } }
  const plain = /filename="?([^";]+)"?/i.exec(cd);
  return plain ? plain[1] : fallback;
}
