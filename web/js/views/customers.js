// The municipality's customer list (its unit's customers, X-3) and the
// registration of a new customer (KV-10).
import { html, useState } from '../lib.js';
import { t, fmtDate } from '../i18n.js';
import { api } from '../api.js';
import { navigate, queryParam } from '../router.js';
import {
  Page, Loading, Empty, ErrorMessage, ErrorPage, TextField, SelectField, Button, LinkButton,
  ErrorSummary, Badge, CustomerId, customerName, useAsync, useApp, useLookup, serverFieldErrors, required, setFlash,
} from '../ui.js';
import { CASE_ROLES } from '../roles.js';

export function CustomerList() {
  const { me } = useApp();
  const pid = queryParam('person_id') || '';
  const [search, setSearch] = useState(pid);
  const [pages, setPages] = useState([]);
  const [more, setMore] = useState(false);
  const units = useLookup('units');
  const first = useAsync(() => api.get('/customers', { limit: 50, person_id: pid || undefined }), [pid]);
  const canRegister = CASE_ROLES.includes(me.role);

  if (first.error && first.error.status !== 400 && first.error.status !== 422) return html`<${ErrorPage} error=${first.error} />`;
  const items = first.data ? [first.data.items, ...pages.map((p) => p.items)].flat() : [];
  const last = pages.length ? pages[pages.length - 1] : first.data;
  const next = last ? last.next : null;
  const searchError = first.error ? t('customers.search_invalid') : null;

  async function loadMore() {
    setMore(true);
    try {
      const p = await api.get('/customers', { limit: 50, after: next, person_id: pid || undefined });
      setPages([...pages, p]);
    } finally {
      setMore(false);
    }
  }

  function submitSearch(e) {
    e.preventDefault();
    setPages([]);
    const q = search.trim();
    navigate(q ? `/customers?person_id=${encodeURIComponent(q)}` : '/customers');
  }

  return html`
    <${Page} title=${t('customers.title')} lead=${t('customers.lead')}
      actions=${canRegister && html`<${LinkButton} href="/customers/new">${t('customers.register')}</${LinkButton}>`}>
      <form class="search-form" role="search" novalidate onSubmit=${submitSearch}>
        <${TextField} id="customer-search" label=${t('customers.search_label')} hint=${t('customers.search_hint')}
          value=${search} onValue=${setSearch} optional="quiet" error=${searchError} inputmode="numeric" autocomplete="off" width="m" />
        <${Button} type="submit" kind="secondary">${t('common.search')}</${Button}>
        ${pid && html`<a class="clear-search" href="/customers">${t('customers.search_clear')}</a>`}
      </form>
      ${first.loading && !first.data ? html`<${Loading} />` : html`
        <div class="table-wrap">
          <table class="table">
            <caption class="visually-hidden">${t('customers.title')}</caption>
            <thead><tr>
              <th scope="col">${t('customer.name')}</th>
              <th scope="col">${t('customer.person_id')}</th>
              <th scope="col">${t('customer.birth_date')}</th>
              <th scope="col">${t('customer.unit')}</th>
              <th scope="col">${t('customer.protection')}</th>
            </tr></thead>
            <tbody>
              ${items.map((c) => html`
                <tr>
                  <td><a href=${`/customers/${c.id}`}>${customerName(c)}</a></td>
                  <td><${CustomerId} c=${c} /></td>
                  <td>${c.masked ? '–' : fmtDate(c.birth_date)}</td>
                  <td>${units.get(c.unit_id)?.name ?? '–'}</td>
                  <td>${c.masked ? html`<${Badge} state="pending">${t('customer.protected')}</${Badge}>` : (c.protection && c.protection !== 'none' ? html`<${Badge} state="pending" prefix="protection">${t(`protection.${c.protection}`)}</${Badge}>` : '–')}</td>
                </tr>`)}
            </tbody>
          </table>
        </div>
        ${!items.length && html`<${Empty}>${pid ? t('customers.none_found') : t('customers.none')}</${Empty}>`}
        ${next !== null && next !== undefined && html`<p><${Button} kind="secondary" busy=${more} busyLabel=${t('common.loading')} onClick=${loadMore}>${t('common.more')}</${Button}></p>`}
      `}
    </${Page}>`;
}

const FIELDS = ['country', 'person_id', 'given_name', 'family_name', 'birth_date', 'protection', 'interpreter_language'];

export function CustomerNew() {
  const [f, setF] = useState({
    country: 'SE', person_id: '', given_name: '', family_name: '', birth_date: '',
    protection: 'none', interpreter_language: '',
  });
  const [errors, setErrors] = useState({});
  const [failure, setFailure] = useState(null);
  const [busy, setBusy] = useState(false);
  const set = (k) => (v) => setF({ ...f, [k]: v });

  async function submit(e) {
    e.preventDefault();
    const errs = {};
    if (!f.given_name.trim()) errs['c-given_name'] = required(t('customer.given_name'));
    if (!f.family_name.trim()) errs['c-family_name'] = required(t('customer.family_name'));
    if (f.birth_date && !/^\d{4}-\d{2}-\d{2}$/.test(f.birth_date)) errs['c-birth_date'] = t('form.date_format');
    setErrors(errs);
    setFailure(null);
    if (Object.keys(errs).length) return;
    setBusy(true);
    try {
      const body = {
        country: f.country,
        person_id: f.person_id.trim() || null,
        given_name: f.given_name.trim(),
        family_name: f.family_name.trim(),
        birth_date: f.birth_date || null,
        protection: f.protection,
        interpreter_language: f.interpreter_language.trim() || null,
      };
      const c = await api.post('/customers', body);
      setFlash(t('customers.registered'));
      navigate(`/customers/${c.id}`);
    } catch (err) {
      setBusy(false);
      const { fields, unplaced } = serverFieldErrors(err, 'c-', FIELDS);
      setErrors(fields);
      if (!Object.keys(fields).length || unplaced.length) setFailure(err);
    }
  }

  const idLabel = f.country === 'DK' ? t('customer.person_id_dk') : t('customer.person_id');
  return html`
    <${Page} title=${t('customers.new_title')} back=${{ href: '/customers', label: t('customers.title') }}>
      <${ErrorSummary} errors=${errors} />
      <${ErrorMessage} error=${failure} />
      <form class="form" novalidate onSubmit=${submit}>
        <${SelectField} id="c-country" label=${t('customer.country')} value=${f.country} onValue=${set('country')}
          options=${[{ value: 'SE', label: t('country.SE') }, { value: 'DK', label: t('country.DK') }]} />
        <${TextField} id="c-person_id" label=${idLabel} optional value=${f.person_id} onValue=${set('person_id')}
          hint=${f.country === 'DK' ? t('customer.person_id_dk_hint') : t('customer.person_id_hint')}
          error=${errors['c-person_id']} inputmode="numeric" autocomplete="off" width="m" />
        <${TextField} id="c-given_name" label=${t('customer.given_name')} value=${f.given_name} onValue=${set('given_name')}
          error=${errors['c-given_name']} autocomplete="off" />
        <${TextField} id="c-family_name" label=${t('customer.family_name')} value=${f.family_name} onValue=${set('family_name')}
          error=${errors['c-family_name']} autocomplete="off" />
        <${TextField} id="c-birth_date" label=${t('customer.birth_date')} optional value=${f.birth_date}
          onValue=${set('birth_date')} error=${errors['c-birth_date']} hint=${t('form.date_hint')} width="m" maxlength="10" autocomplete="off" />
        <${SelectField} id="c-protection" label=${t('customer.protection')} value=${f.protection} onValue=${set('protection')}
          hint=${t('customer.protection_hint')} error=${errors['c-protection']}
          options=${['none', 'skyddad_folkbokforing', 'sekretessmarkering', 'fingerade'].map((p) => ({ value: p, label: t(`protection.${p}`) }))} />
        <${TextField} id="c-interpreter_language" label=${t('customer.interpreter_language')} optional
          value=${f.interpreter_language} onValue=${set('interpreter_language')} hint=${t('customer.interpreter_hint')}
          error=${errors['c-interpreter_language']} width="m" />
        <div class="button-row">
          <${Button} type="submit" busy=${busy} busyLabel=${t('common.saving')}>${t('customers.register')}</${Button}>
          <a class="btn btn-link" href="/customers">${t('common.cancel')}</a>
        </div>
      </form>
    </${Page}>`;
}

