// The admin: users (create, disable), units. Providers and their
// authorisations are in providers.js.
import { html, useState } from '../lib.js';
import { t, tWord, fmtDateTime } from '../i18n.js';
import { api, getAll } from '../api.js';
import { navigate } from '../router.js';
import {
  Page, Section, Loading, Empty, ErrorPage, ErrorMessage, Notice, Button, LinkButton, TextField, SelectField,
  ErrorSummary, Badge, useAsync, useApp, useConfirm, useLookup, serverFieldErrors, required, setFlash, forgetLookup,
} from '../ui.js';
import { ALL_ROLES, PROVIDER_ROLES } from '../roles.js';

export function UserList() {
  const { me } = useApp();
  const state = useAsync(() => getAll('/users'), []);
  const units = useLookup('units');
  const providers = useLookup('providers');
  const [dialog, confirm] = useConfirm();
  const [busyId, setBusyId] = useState(null);
  const [notice, setNotice] = useState(null);
  const [error, setError] = useState(null);
  if (state.error) return html`<${ErrorPage} error=${state.error} />`;

  async function disable(u) {
    const ok = await confirm({
      title: t('users.disable_title', { name: u.display_name }),
      text: t('users.disable_text'),
      confirmLabel: t('users.disable'),
      danger: true,
    });
    if (!ok) return;
    setBusyId(u.id);
    setNotice(null);
    setError(null);
    try {
      await api.post(`/users/${u.id}/disable`);
      setNotice(t('users.disabled_done', { name: u.display_name }));
      forgetLookup('users');
      state.setData((list) => list.map((x) => (x.id === u.id ? { ...x, disabled: true } : x)));
    } catch (e) {
      setError(e);
    } finally {
      setBusyId(null);
    }
  }

  const where = (u) => (u.provider_id ? providers.get(u.provider_id)?.name ?? `#${u.provider_id}`
    : (u.unit_id ? units.get(u.unit_id)?.name ?? `#${u.unit_id}` : '–'));

  return html`
    <${Page} title=${t('users.title')} lead=${t('users.lead')}
      actions=${html`<${LinkButton} href="/admin/users/new">${t('users.create')}</${LinkButton}>`}>
      ${notice && html`<${Notice} kind="success">${notice}</${Notice}>`}
      <${ErrorMessage} error=${error} />
      ${!state.data ? html`<${Loading} />` : html`
        <div class="table-wrap">
          <table class="table">
            <caption class="visually-hidden">${t('users.title')}</caption>
            <thead><tr>
              <th scope="col">${t('user.display_name')}</th>
              <th scope="col">${t('user.username')}</th>
              <th scope="col">${t('user.role')}</th>
              <th scope="col">${t('user.where')}</th>
              <th scope="col">${t('user.created_at')}</th>
              <th scope="col">${t('user.status')}</th>
              <th scope="col"><span class="visually-hidden">${t('common.actions')}</span></th>
            </tr></thead>
            <tbody>
              ${state.data.map((u) => html`
                <tr>
                  <td>${u.display_name}</td>
                  <td>${u.username}</td>
                  <td>${tWord('role', u.role)}</td>
                  <td>${where(u)}</td>
                  <td class="nowrap">${fmtDateTime(u.created_at)}</td>
                  <td>${u.disabled ? html`<${Badge} state="disabled">${t('user.disabled')}</${Badge}>` : html`<${Badge} state="active">${t('user.active')}</${Badge}>`}</td>
                  <td>${!u.disabled && u.id !== me.id && html`<${Button} kind="secondary" small busy=${busyId === u.id}
                    aria-label=${t('users.disable_named', { name: u.display_name })} onClick=${() => disable(u)}>${t('users.disable')}</${Button}>`}</td>
                </tr>`)}
            </tbody>
          </table>
        </div>`}
      ${dialog}
    </${Page}>`;
}

const USER_FIELDS = ['username', 'display_name', 'role', 'unit_id', 'provider_id', 'password'];

export function UserNew() {
  const units = useLookup('units');
  const providers = useLookup('providers');
  const [f, setF] = useState({ username: '', display_name: '', role: 'counsellor', unit_id: '', provider_id: '', password: '' });
  const [errors, setErrors] = useState({});
  const [failure, setFailure] = useState(null);
  const [busy, setBusy] = useState(false);
  const set = (k) => (v) => setF({ ...f, [k]: v });
  const providerRole = PROVIDER_ROLES.includes(f.role);
  const unitRole = !providerRole && f.role !== 'admin' && f.role !== 'dpo' && f.role !== 'finance';

  async function submit(e) {
    e.preventDefault();
    const errs = {};
    if (!f.username.trim()) errs['u-username'] = required(t('user.username'));
    if (!f.display_name.trim()) errs['u-display_name'] = required(t('user.display_name'));
    if (providerRole && !f.provider_id) errs['u-provider_id'] = t('users.provider_required');
    if (f.password.length < 12) errs['u-password'] = t('users.password_short');
    setErrors(errs);
    setFailure(null);
    if (Object.keys(errs).length) return;
    setBusy(true);
    try {
      const u = await api.post('/users', {
        username: f.username.trim(),
        display_name: f.display_name.trim(),
        role: f.role,
        unit_id: unitRole && f.unit_id ? Number(f.unit_id) : null,
        provider_id: providerRole ? Number(f.provider_id) : null,
        password: f.password,
      });
      forgetLookup('users');
      setFlash(t('users.created', { name: u.display_name }));
      navigate('/admin/users');
    } catch (err) {
      setBusy(false);
      const { fields, unplaced } = serverFieldErrors(err, 'u-', USER_FIELDS);
      setErrors(fields);
      if (!Object.keys(fields).length || unplaced.length) setFailure(err);
    }
  }

  return html`
    <${Page} title=${t('users.new_title')} back=${{ href: '/admin/users', label: t('users.title') }}>
      <${ErrorSummary} errors=${errors} />
      <${ErrorMessage} error=${failure} />
      <form class="form" novalidate onSubmit=${submit}>
        <${TextField} id="u-display_name" label=${t('user.display_name')} value=${f.display_name} onValue=${set('display_name')}
          error=${errors['u-display_name']} autocomplete="off" />
        <${TextField} id="u-username" label=${t('user.username')} value=${f.username} onValue=${set('username')}
          error=${errors['u-username']} autocomplete="off" autocapitalize="none" spellcheck=${false} width="m" />
        <${SelectField} id="u-role" label=${t('user.role')} value=${f.role} onValue=${set('role')} error=${errors['u-role']}
          options=${ALL_ROLES.map((r) => ({ value: r, label: tWord('role', r) }))} />
        ${unitRole && html`<${SelectField} id="u-unit_id" label=${t('user.unit')} optional value=${f.unit_id} onValue=${set('unit_id')}
          error=${errors['u-unit_id']} options=${[{ value: '', label: t('common.none') }, ...[...units.values()].map((u) => ({ value: u.id, label: u.name }))]} />`}
        ${providerRole && html`<${SelectField} id="u-provider_id" label=${t('user.provider')} value=${f.provider_id} onValue=${set('provider_id')}
          error=${errors['u-provider_id']} options=${[{ value: '', label: t('users.choose_provider') }, ...[...providers.values()].map((p) => ({ value: p.id, label: p.name }))]} />`}
        <${TextField} id="u-password" type="password" label=${t('user.password')} value=${f.password} onValue=${set('password')}
          hint=${t('users.password_hint')} error=${errors['u-password']} autocomplete="new-password" width="m" />
        <div class="button-row">
          <${Button} type="submit" busy=${busy} busyLabel=${t('common.saving')}>${t('users.create')}</${Button}>
          <a class="btn btn-link" href="/admin/users">${t('common.cancel')}</a>
        </div>
      </form>
    </${Page}>`;
}

export function UnitList() {
  const state = useAsync(() => getAll('/units'), []);
  const [f, setF] = useState({ name: '', parent_id: '' });
  const [errors, setErrors] = useState({});
  const [failure, setFailure] = useState(null);
  const [notice, setNotice] = useState(null);
  const [busy, setBusy] = useState(false);
  if (state.error) return html`<${ErrorPage} error=${state.error} />`;
  const units = state.data || [];
  const byId = new Map(units.map((u) => [u.id, u]));

  async function submit(e) {
    e.preventDefault();
    const errs = {};
    if (!f.name.trim()) errs['n-name'] = required(t('unit.name'));
    setErrors(errs);
    setFailure(null);
    setNotice(null);
    if (Object.keys(errs).length) return;
    setBusy(true);
    try {
      const u = await api.post('/units', { name: f.name.trim(), parent_id: f.parent_id ? Number(f.parent_id) : null });
      forgetLookup('units');
      state.setData([...units, u]);
      setNotice(t('units.created', { name: u.name }));
      setF({ name: '', parent_id: '' });
    } catch (err) {
      const { fields, unplaced } = serverFieldErrors(err, 'n-', ['name', 'parent_id']);
      setErrors(fields);
      if (!Object.keys(fields).length || unplaced.length) setFailure(err);
    } finally {
      setBusy(false);
    }
  }

  return html`
    <${Page} title=${t('units.title')} lead=${t('units.lead')}>
      ${!state.data ? html`<${Loading} />` : (units.length ? html`
        <div class="table-wrap">
          <table class="table">
            <caption class="visually-hidden">${t('units.title')}</caption>
            <thead><tr><th scope="col">${t('unit.name')}</th><th scope="col">${t('unit.parent')}</th></tr></thead>
            <tbody>
              ${units.map((u) => html`<tr><td>${u.name}</td><td>${u.parent_id ? byId.get(u.parent_id)?.name ?? `#${u.parent_id}` : '–'}</td></tr>`)}
            </tbody>
          </table>
        </div>` : html`<${Empty}>${t('units.none')}</${Empty}>`)}
      <${Section} title=${t('units.create')} id="new-unit">
        ${notice && html`<${Notice} kind="success">${notice}</${Notice}>`}
        <${ErrorSummary} errors=${errors} />
        <${ErrorMessage} error=${failure} />
        <form class="form" novalidate onSubmit=${submit}>
          <${TextField} id="n-name" label=${t('unit.name')} value=${f.name} onValue=${(v) => setF({ ...f, name: v })} error=${errors['n-name']} />
          <${SelectField} id="n-parent_id" label=${t('unit.parent')} optional value=${f.parent_id} onValue=${(v) => setF({ ...f, parent_id: v })}
            error=${errors['n-parent_id']} options=${[{ value: '', label: t('common.none') }, ...units.map((u) => ({ value: u.id, label: u.name }))]} />
          <div class="button-row"><${Button} type="submit" busy=${busy} busyLabel=${t('common.saving')}>${t('units.create')}</${Button}></div>
        </form>
      </${Section}>
    </${Page}>`;
}
