// The data-protection coordinator: find a person, list every read of their
// data (X-2), download their register extract (GDPR art. 15, X-6); and list
// what one user has read.
import { html, useState } from '../lib.js';
import { t, tWord, fmtDate, fmtDateTime } from '../i18n.js';
import { api, request, getAll } from '../api.js';
import { navigate, queryParam } from '../router.js';
import {
  Page, Section, Loading, Empty, ErrorPage, ErrorMessage, Notice, Button, TextField, Progress, Badge,
  CustomerId, customerName, useAsync, useLookup, today, saveBlob,
} from '../ui.js';

export function DpoSearch() {
  const pid = queryParam('person_id') || '';
  const [search, setSearch] = useState(pid);
  const [error, setError] = useState(null);
  const state = useAsync(() => (pid ? api.get('/customers', { person_id: pid, limit: 50 }) : Promise.resolve(null)), [pid]);
  const fieldError = error || (state.error && (state.error.status === 400 || state.error.status === 422) ? t('dpo.search_invalid') : null);

  function submit(e) {
    e.preventDefault();
    const q = search.trim();
    if (!q) { setError(t('dpo.search_missing')); return; }
    setError(null);
    navigate(`/dpo?person_id=${encodeURIComponent(q)}`);
  }

  const items = state.data ? state.data.items : [];
  return html`
    <${Page} title=${t('dpo.title')} lead=${t('dpo.lead')}>
      <form class="search-form" role="search" novalidate onSubmit=${submit}>
        <${TextField} id="dpo-search" label=${t('dpo.search_label')} hint=${t('dpo.search_hint')} value=${search}
          onValue=${setSearch} error=${fieldError} inputmode="numeric" autocomplete="off" width="m" />
        <${Button} type="submit">${t('common.search')}</${Button}>
      </form>
      ${state.error && !fieldError && html`<${ErrorMessage} error=${state.error} />`}
      ${pid && !state.error && (state.loading ? html`<${Loading} />` : (items.length ? html`
        <div class="table-wrap">
          <table class="table">
            <caption>${t('dpo.results')}</caption>
            <thead><tr>
              <th scope="col">${t('customer.name')}</th>
              <th scope="col">${t('customer.person_id')}</th>
              <th scope="col">${t('customer.birth_date')}</th>
            </tr></thead>
            <tbody>
              ${items.map((c) => html`
                <tr>
                  <td><a href=${`/dpo/customers/${c.id}`}>${customerName(c)}</a></td>
                  <td><${CustomerId} c=${c} /></td>
                  <td>${fmtDate(c.birth_date)}</td>
                </tr>`)}
            </tbody>
          </table>
        </div>` : html`<${Empty}>${t('dpo.none_found')}</${Empty}>`))}
    </${Page}>`;
}

/* A paginated access log (X-2) of one person or one user. */
function AccessLog({ path, show }) {
  const users = useLookup('users');
  const [pages, setPages] = useState([]);
  const [more, setMore] = useState(false);
  const first = useAsync(() => api.get(path, { limit: 100 }), [path]);
  if (first.error) return html`<${ErrorMessage} error=${first.error} />`;
  if (!first.data) return html`<${Loading} />`;
  const items = [first.data.items, ...pages.map((p) => p.items)].flat();
  const last = pages.length ? pages[pages.length - 1] : first.data;

  async function loadMore() {
    setMore(true);
    try { setPages([...pages, await api.get(path, { limit: 100, after: last.next })]); } finally { setMore(false); }
  }

  if (!items.length) return html`<${Empty}>${t('dpo.log_empty')}</${Empty}>`;
  return html`
    <div class="table-wrap">
      <table class="table">
        <caption class="visually-hidden">${t('dpo.log')}</caption>
        <thead><tr>
          <th scope="col">${t('dpo.log_at')}</th>
          ${show === 'user' && html`<th scope="col">${t('dpo.log_user')}</th>`}
          ${show === 'customer' && html`<th scope="col">${t('dpo.log_customer')}</th>`}
          <th scope="col">${t('dpo.log_purpose')}</th>
          <th scope="col">${t('dpo.log_what')}</th>
        </tr></thead>
        <tbody>
          ${items.map((a) => {
            const u = users.get(a.user_id);
            return html`
              <tr>
                <td class="nowrap"><time datetime=${a.at}>${fmtDateTime(a.at)}</time></td>
                ${show === 'user' && html`<td>${u ? html`<a href=${`/dpo/users/${a.user_id}`}>${u.display_name}</a> <span class="muted">(${tWord('role', u.role)})</span>` : t('case.user_n', { id: a.user_id })}</td>`}
                ${show === 'customer' && html`<td><a href=${`/dpo/customers/${a.customer_id}`}>${t('case.customer_n', { id: a.customer_id })}</a></td>`}
                <td>${tWord('purpose', a.purpose)}</td>
                <td>${tWord('access_what', a.what)}</td>
              </tr>`;
          })}
        </tbody>
      </table>
    </div>
    ${last.next !== null && last.next !== undefined && html`<p><${Button} kind="secondary" busy=${more} busyLabel=${t('common.loading')} onClick=${loadMore}>${t('common.more')}</${Button}></p>`}`;
}

function RegisterExtract({ customer }) {
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(null);
  const [error, setError] = useState(null);

  async function download() {
    setBusy(true);
    setDone(null);
    setError(null);
    try {
      const res = await request('GET', `/customers/${customer.id}/register-extract`, { raw: true });
      const blob = await res.blob();
      const name = `registerutdrag-${customer.id}-${today()}.json`;
      saveBlob(new Blob([blob], { type: 'application/json' }), name);
      setDone(t('dpo.extract_done', { file: name }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return html`
    <${Section} title=${t('dpo.extract')} id="extract">
      <p>${t('dpo.extract_text')}</p>
      ${busy && html`<${Progress} label=${t('dpo.extract_busy')} />`}
      ${done && html`<${Notice} kind="success">${done}</${Notice}>`}
      <${ErrorMessage} error=${error} />
      <${Button} onClick=${download} busy=${busy} busyLabel=${t('dpo.extract_busy')}>${t('dpo.extract_download')}</${Button}>
    </${Section}>`;
}

export function DpoPerson({ params }) {
  const state = useAsync(() => api.get(`/customers/${encodeURIComponent(params.id)}`), [params.id]);
  const back = { href: '/dpo', label: t('dpo.title') };
  if (state.error) return html`<${ErrorPage} error=${state.error} />`;
  if (!state.data) return html`<${Page} title=${t('dpo.person_title')} back=${back}><${Loading} /></${Page}>`;
  const c = state.data;
  return html`
    <${Page} title=${customerName(c)} back=${back} lead=${html`${t('customer.person_id')}: <${CustomerId} c=${c} />`}>
      ${c.protection && c.protection !== 'none' && html`<p><${Badge} state="pending">${t(`protection.${c.protection}`)}</${Badge}></p>`}
      <${RegisterExtract} customer=${c} />
      <${Section} title=${t('dpo.log')} id="log">
        <p class="hint">${t('dpo.log_hint')}</p>
        <${AccessLog} path=${`/customers/${c.id}/access-log`} show="user" />
      </${Section}>
    </${Page}>`;
}

export function DpoUsers() {
  const state = useAsync(() => getAll('/users'), []);
  if (state.error) return html`<${ErrorPage} error=${state.error} />`;
  const list = state.data || [];
  return html`
    <${Page} title=${t('dpo.users_title')} lead=${t('dpo.users_lead')}>
      ${!state.data ? html`<${Loading} />` : html`
        <div class="table-wrap">
          <table class="table">
            <caption class="visually-hidden">${t('dpo.users_title')}</caption>
            <thead><tr>
              <th scope="col">${t('user.display_name')}</th>
              <th scope="col">${t('user.username')}</th>
              <th scope="col">${t('user.role')}</th>
              <th scope="col">${t('user.status')}</th>
            </tr></thead>
            <tbody>
              ${list.map((u) => html`
                <tr>
                  <td><a href=${`/dpo/users/${u.id}`}>${u.display_name}</a></td>
                  <td>${u.username}</td>
                  <td>${tWord('role', u.role)}</td>
                  <td>${u.disabled ? html`<${Badge} state="disabled">${t('user.disabled')}</${Badge}>` : html`<${Badge} state="active">${t('user.active')}</${Badge}>`}</td>
                </tr>`)}
            </tbody>
          </table>
        </div>`}
    </${Page}>`;
}

export function DpoUser({ params }) {
  const state = useAsync(() => api.get(`/users/${encodeURIComponent(params.id)}`), [params.id]);
  const back = { href: '/dpo/users', label: t('dpo.users_title') };
  if (state.error) return html`<${ErrorPage} error=${state.error} />`;
  if (!state.data) return html`<${Page} title=${t('dpo.users_title')} back=${back}><${Loading} /></${Page}>`;
  const u = state.data;
  return html`
    <${Page} title=${u.display_name} back=${back} lead=${`${u.username} · ${tWord('role', u.role)}`}>
      <${Section} title=${t('dpo.user_log')} id="log">
        <${AccessLog} path=${`/users/${u.id}/access-log`} show="customer" />
      </${Section}>
    </${Page}>`;
}
