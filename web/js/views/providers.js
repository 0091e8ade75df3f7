// Providers: the directory (every municipal role), one provider's details,
// and for the admin registration (ID-4) and authorisation per scheme
// (KV-11, KV-12).
import { html, useState } from '../lib.js';
import {
  t, tWord, fmtDateLong, fmtNumber, fmtOrgNo,
} from '../i18n.js';
import { api, getAll } from '../api.js';
import { navigate } from '../router.js';
import { Deficiencies } from './followup.js';
import {
  Page, Section, Loading, Empty, ErrorPage, ErrorMessage, Dl, Badge, Button, LinkButton, TextField, TextArea,
  SelectField, ErrorSummary, Notice, useAsync, useApp, serverFieldErrors, required, setFlash, forgetLookup, today,
} from '../ui.js';

const SCHEMES = ['FAI', 'AMI', 'ISA', 'JOBBPENG'];

function authorisedNow(a, today) {
  return a.from <= today && (!a.to || a.to >= today);
}

export function ProviderList() {
  const { me } = useApp();
  const state = useAsync(() => getAll('/providers'), []);
  if (state.error) return html`<${ErrorPage} error=${state.error} />`;
  const admin = me.role === 'admin';
  return html`
    <${Page} title=${t('providers.title')} lead=${t('providers.lead')}
      actions=${admin && html`<${LinkButton} href="/providers/new">${t('providers.register')}</${LinkButton}>`}>
      ${!state.data ? html`<${Loading} />` : (state.data.length ? html`
        <div class="table-wrap">
          <table class="table">
            <caption class="visually-hidden">${t('providers.title')}</caption>
            <thead><tr>
              <th scope="col">${t('provider.name')}</th>
              <th scope="col">${t('provider.org_no')}</th>
              <th scope="col">${t('provider.authorisations')}</th>
              <th scope="col" class="num">${t('provider.capacity')}</th>
            </tr></thead>
            <tbody>
              ${state.data.map((p) => html`
                <tr>
                  <td><a href=${`/providers/${p.id}`}>${p.name}</a></td>
                  <td class="nowrap">${fmtOrgNo(p.org_no)}</td>
                  <td>${p.authorisations.length ? p.authorisations.map((a) => html`<${Badge} state=${authorisedNow(a, today()) ? 'active' : 'ended'}>${tWord('scheme', a.scheme)}</${Badge}> `) : '–'}</td>
                  <td class="num">${p.capacity === null || p.capacity === undefined || p.capacity < 0 ? '–' : fmtNumber(p.capacity)}</td>
                </tr>`)}
            </tbody>
          </table>
        </div>` : html`<${Empty}>${t('providers.none')}</${Empty}>`)}
    </${Page}>`;
}

/* The description of one provider, shared by the directory and the provider's own page. */
export function ProviderDetails({ p }) {
  return html`
    <div class="grid-2">
      <${Section} title=${t('provider.about')} id="about">
        <${Dl} items=${[
          [t('provider.org_no'), fmtOrgNo(p.org_no)],
          [t('provider.presentation'), p.presentation || t('common.none')],
          [t('provider.website'), p.website ? html`<a href=${p.website} rel="noopener noreferrer">${p.website}</a>` : t('common.none')],
          [t('provider.capacity'), p.capacity === null || p.capacity === undefined || p.capacity < 0 ? t('provider.capacity_unknown') : fmtNumber(p.capacity)],
          [t('provider.industries'), p.industries && p.industries.length ? p.industries.join(', ') : t('common.none')],
        ]} />
      </${Section}>
      <${Section} title=${t('provider.contacts')} id="contacts">
        ${p.contacts && p.contacts.length ? html`
          <ul class="plain-list">
            ${p.contacts.map((k) => html`<li><strong>${k.name}</strong>${k.role && html`, ${k.role}`}
              ${k.email && html`<br /><a href=${`mailto:${k.email}`}>${k.email}</a>`}${k.phone && html`<br />${k.phone}`}</li>`)}
          </ul>` : html`<${Empty}>${t('provider.no_contacts')}</${Empty}>`}
      </${Section}>
    </div>
    <${Section} title=${t('provider.authorisations')} id="authorisations">
      ${p.authorisations && p.authorisations.length ? html`
        <div class="table-wrap">
          <table class="table">
            <caption class="visually-hidden">${t('provider.authorisations')}</caption>
            <thead><tr>
              <th scope="col">${t('provider.scheme')}</th>
              <th scope="col">${t('provider.auth_from')}</th>
              <th scope="col">${t('provider.auth_to')}</th>
              <th scope="col">${t('provider.auth_status')}</th>
            </tr></thead>
            <tbody>
              ${p.authorisations.map((a) => html`
                <tr>
                  <td>${tWord('scheme', a.scheme)}</td>
                  <td class="nowrap">${fmtDateLong(a.from)}</td>
                  <td class="nowrap">${a.to ? fmtDateLong(a.to) : t('provider.until_further')}</td>
                  <td>${authorisedNow(a, today()) ? html`<${Badge} state="active">${t('provider.auth_active')}</${Badge}>` : html`<${Badge} state="ended">${t('provider.auth_inactive')}</${Badge}>`}</td>
                </tr>`)}
            </tbody>
          </table>
        </div>` : html`<${Empty}>${t('provider.no_authorisations')}</${Empty}>`}
    </${Section}>`;
}

export function ProviderPage({ params }) {
  const { me } = useApp();
  const state = useAsync(() => api.get(`/providers/${encodeURIComponent(params.id)}`), [params.id]);
  const back = { href: '/providers', label: t('providers.title') };
  if (state.error) return html`<${ErrorPage} error=${state.error} />`;
  if (!state.data) return html`<${Page} title=${t('providers.title')} back=${back}><${Loading} /></${Page}>`;
  const p = state.data;
  return html`
    <${Page} title=${p.name} back=${back}>
      <${ProviderDetails} p=${p} />
      ${['counsellor', 'social_worker', 'supervisor', 'finance', 'dpo'].includes(me.role) && html`<${Deficiencies} provider=${p} />`}
      ${me.role === 'admin' && html`<${AuthoriseForm} provider=${p} onDone=${(np) => { forgetLookup('providers'); state.setData(np); }} />`}
    </${Page}>`;
}

function AuthoriseForm({ provider, onDone }) {
  const [f, setF] = useState({ scheme: 'AMI', from: '', to: '' });
  const [errors, setErrors] = useState({});
  const [failure, setFailure] = useState(null);
  const [done, setDone] = useState(null);
  const [busy, setBusy] = useState(false);
  const set = (k) => (v) => setF({ ...f, [k]: v });

  async function submit(e) {
    e.preventDefault();
    const errs = {};
    if (!/^\d{4}-\d{2}-\d{2}$/.test(f.from)) errs['a-from'] = required(t('provider.auth_from'), 'form.date_required');
    if (f.to && !/^\d{4}-\d{2}-\d{2}$/.test(f.to)) errs['a-to'] = t('form.date_format');
    if (!errs['a-from'] && f.to && f.to < f.from) errs['a-to'] = t('provider.auth_to_before_from');
    setErrors(errs);
    setFailure(null);
    setDone(null);
    if (Object.keys(errs).length) return;
    setBusy(true);
    try {
      const np = await api.post(`/providers/${provider.id}/authorisations`, { scheme: f.scheme, from: f.from, to: f.to || null });
      setDone(t('provider.authorised', { scheme: tWord('scheme', f.scheme), date: fmtDateLong(f.from) }));
      setF({ scheme: f.scheme, from: '', to: '' });
      onDone(np);
    } catch (err) {
      const { fields, unplaced } = serverFieldErrors(err, 'a-', ['scheme', 'from', 'to']);
      setErrors(fields);
      if (!Object.keys(fields).length || unplaced.length) setFailure(err);
    } finally {
      setBusy(false);
    }
  }

  return html`
    <${Section} title=${t('provider.authorise')} id="authorise">
      <p class="hint">${t('provider.authorise_hint')}</p>
      ${done && html`<${Notice} kind="success">${done}</${Notice}>`}
      <${ErrorSummary} errors=${errors} />
      <${ErrorMessage} error=${failure} />
      <form class="form form-inline" novalidate onSubmit=${submit}>
        <${SelectField} id="a-scheme" label=${t('provider.scheme')} value=${f.scheme} onValue=${set('scheme')} error=${errors['a-scheme']}
          options=${SCHEMES.map((s) => ({ value: s, label: tWord('scheme', s) }))} />
        <${TextField} id="a-from" label=${t('provider.auth_from')} hint=${t('form.date_hint')} value=${f.from} onValue=${set('from')} error=${errors['a-from']} width="m" maxlength="10" autocomplete="off" />
        <${TextField} id="a-to" label=${t('provider.auth_to')} hint=${t('form.date_hint')} optional value=${f.to} onValue=${set('to')} error=${errors['a-to']} width="m" maxlength="10" autocomplete="off" />
        <div class="button-row"><${Button} type="submit" busy=${busy} busyLabel=${t('common.saving')}>${t('provider.authorise_submit')}</${Button}></div>
      </form>
    </${Section}>`;
}

const NEW_FIELDS = ['country', 'org_no', 'name', 'presentation', 'website', 'capacity'];

export function ProviderNew() {
  const [f, setF] = useState({ country: 'SE', org_no: '', name: '', presentation: '', website: '', capacity: '' });
  const [errors, setErrors] = useState({});
  const [failure, setFailure] = useState(null);
  const [busy, setBusy] = useState(false);
  const set = (k) => (v) => setF({ ...f, [k]: v });

  async function submit(e) {
    e.preventDefault();
    const errs = {};
    if (!f.org_no.trim()) errs['p-org_no'] = required(f.country === 'DK' ? t('provider.cvr') : t('provider.org_no'));
    if (!f.name.trim()) errs['p-name'] = required(t('provider.name'));
    if (f.capacity.trim() && !/^\d+$/.test(f.capacity.trim())) errs['p-capacity'] = t('form.whole_number');
    setErrors(errs);
    setFailure(null);
    if (Object.keys(errs).length) return;
    setBusy(true);
    try {
      const p = await api.post('/providers', {
        country: f.country,
        org_no: f.org_no.trim(),
        name: f.name.trim(),
        presentation: f.presentation.trim() || null,
        website: f.website.trim() || null,
        capacity: f.capacity.trim() ? Number(f.capacity.trim()) : null,
      });
      forgetLookup('providers');
      setFlash(t('providers.registered', { name: p.name }));
      navigate(`/providers/${p.id}`);
    } catch (err) {
      setBusy(false);
      const { fields, unplaced } = serverFieldErrors(err, 'p-', NEW_FIELDS);
      setErrors(fields);
      if (!Object.keys(fields).length || unplaced.length) setFailure(err);
    }
  }

  return html`
    <${Page} title=${t('providers.new_title')} back=${{ href: '/providers', label: t('providers.title') }}>
      <${ErrorSummary} errors=${errors} />
      <${ErrorMessage} error=${failure} />
      <form class="form" novalidate onSubmit=${submit}>
        <${SelectField} id="p-country" label=${t('provider.country')} value=${f.country} onValue=${set('country')}
          options=${[{ value: 'SE', label: t('country.SE') }, { value: 'DK', label: t('country.DK') }]} />
        <${TextField} id="p-org_no" label=${f.country === 'DK' ? t('provider.cvr') : t('provider.org_no')} value=${f.org_no} onValue=${set('org_no')}
          hint=${f.country === 'DK' ? t('provider.cvr_hint') : t('provider.org_no_hint')} error=${errors['p-org_no']} inputmode="numeric" width="m" />
        <${TextField} id="p-name" label=${t('provider.name')} value=${f.name} onValue=${set('name')} error=${errors['p-name']} />
        <${TextArea} id="p-presentation" label=${t('provider.presentation')} optional value=${f.presentation} onValue=${set('presentation')}
          hint=${t('provider.presentation_hint')} error=${errors['p-presentation']} />
        <${TextField} id="p-website" type="url" label=${t('provider.website')} optional value=${f.website} onValue=${set('website')} error=${errors['p-website']} />
        <${TextField} id="p-capacity" label=${t('provider.capacity')} optional value=${f.capacity} onValue=${set('capacity')}
          hint=${t('provider.capacity_hint')} error=${errors['p-capacity']} inputmode="numeric" width="s" />
        <div class="button-row">
          <${Button} type="submit" busy=${busy} busyLabel=${t('common.saving')}>${t('providers.register')}</${Button}>
          <a class="btn btn-link" href="/providers">${t('common.cancel')}</a>
        </div>
      </form>
    </${Page}>`;
}

