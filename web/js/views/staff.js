// Staff changes (KV-83): the provider reports who joined, left or changed
// role; a new employee applies for system access on the first day of
// employment. The municipality lists them, per provider if it wants.
import { html, useState } from '../lib.js';
import { t, tWord, fmtDate, fmtDateTime } from '../i18n.js';
import { api, getAll } from '../api.js';
import { navigate, queryParam } from '../router.js';
import {
  Page, Section, Loading, Empty, ErrorPage, Badge, Button, TextField, TextArea, SelectField, ErrorSummary, ErrorMessage,
  required, useSubmit, useAsync, useApp, useLookup, announce, today,
} from '../ui.js';
import { isProvider } from '../roles.js';

const KINDS = ['joined', 'left', 'changed'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function StaffChanges() {
  const { me } = useApp();
  const provider = isProvider(me.role);
  const q = queryParam('provider_id');
  const pid = /^\d+$/.test(q || '') ? q : '';
  const state = useAsync(() => getAll('/staff-changes', { provider_id: pid || undefined }), [pid]);
  const providers = useLookup('providers');
  if (state.error) return html`<${ErrorPage} error=${state.error} />`;
  const items = state.data ? [...state.data].sort((a, b) => (a.reported_at < b.reported_at ? 1 : -1)) : [];
  const choose = (v) => navigate(v ? `/staff-changes?provider_id=${v}` : '/staff-changes', { replace: true });
  return html`
    <${Page} title=${t('pages.staff.title')} lead=${t(provider ? 'pages.staff.lead_provider' : 'pages.staff.lead')}>
      ${provider ? html`<${ReportForm} onDone=${state.reload} />` : html`
        <div class="filters">
          <${SelectField} id="sc-filter" label=${t('pages.provider')} optional="quiet" value=${pid} onValue=${choose}
            options=${[{ value: '', label: t('common.all') }, ...[...providers.values()].map((p) => ({ value: String(p.id), label: p.name }))]} />
        </div>`}
      <${Section} title=${t('pages.staff.list', { n: items.length })} id="staff-changes">
        ${!state.data ? html`<${Loading} />` : (items.length ? html`
          <div class="table-wrap">
            <table class="table">
              <caption class="visually-hidden">${t('pages.staff.caption')}</caption>
              <thead><tr>
                ${!provider && html`<th scope="col">${t('pages.provider')}</th>`}
                <th scope="col">${t('pages.staff.kind')}</th>
                <th scope="col">${t('pages.staff.name')}</th>
                <th scope="col">${t('pages.staff.role')}</th>
                <th scope="col">${t('pages.staff.effective_on')}</th>
                <th scope="col">${t('pages.staff.access_requested_on')}</th>
                <th scope="col">${t('pages.staff.reported_at')}</th>
              </tr></thead>
              <tbody>
                ${items.map((c) => html`
                  <tr>
                    ${!provider && html`<td>${providers.get(c.provider_id)?.name ?? t('case.provider_n', { id: c.provider_id })}</td>`}
                    <td>${tWord('pages.staff_kind', c.kind)}</td>
                    <td>${c.staff_name}${c.note && html`<div class="small muted prewrap">${c.note}</div>`}</td>
                    <td>${c.staff_role || '–'}</td>
                    <td class="nowrap">${fmtDate(c.effective_on)}</td>
                    <td class="nowrap">${c.access_requested_on ? fmtDate(c.access_requested_on) : '–'}
                      ${c.access_late && html` <${Badge} state="overdue">${t('pages.staff.access_late')}</${Badge}>`}</td>
                    <td class="nowrap">${fmtDateTime(c.reported_at)}</td>
                  </tr>`)}
              </tbody>
            </table>
          </div>` : html`<${Empty}>${t('pages.staff.none')}</${Empty}>`)}
      </${Section}>
    </${Page}>`;
}

function ReportForm({ onDone }) {
  const blank = { kind: '', staff_name: '', staff_role: '', effective_on: today(), access_requested_on: '', note: '' };
  const [f, setF] = useState(blank);
  const s = useSubmit();
  const set = (k) => (v) => setF({ ...f, [k]: v });
  async function submit(e) {
    e.preventDefault();
    const errs = {};
    if (!f.kind) errs['sc-kind'] = t('pages.staff.kind_missing');
    if (!f.staff_name.trim()) errs['sc-staff_name'] = required(t('pages.staff.name'));
    if (!DATE.test(f.effective_on)) errs['sc-effective_on'] = required(t('pages.staff.effective_on'), 'form.date_required');
    if (f.access_requested_on && !DATE.test(f.access_requested_on)) errs['sc-access_requested_on'] = t('form.date_format');
    s.setErrors(errs);
    if (Object.keys(errs).length) return;
    const ok = await s.run(() => api.post('/staff-changes', {
      kind: f.kind,
      staff_name: f.staff_name.trim(),
      staff_role: f.staff_role.trim() || null,
      effective_on: f.effective_on,
      access_requested_on: f.kind === 'joined' && f.access_requested_on ? f.access_requested_on : null,
      note: f.note.trim() || null,
    }), 'sc-', ['kind', 'staff_name', 'staff_role', 'effective_on', 'access_requested_on', 'note']);
    if (ok) {
      setF(blank);
      announce(t('pages.staff.reported'));
      onDone();
    }
  }
  return html`
    <${Section} title=${t('pages.staff.report')} id="report">
      <p class="hint">${t('pages.staff.report_hint')}</p>
      <${ErrorSummary} errors=${s.errors} />
      <${ErrorMessage} error=${s.failure} />
      <form class="form" novalidate onSubmit=${submit}>
        <${SelectField} id="sc-kind" label=${t('pages.staff.kind')} value=${f.kind} onValue=${set('kind')} error=${s.errors['sc-kind']}
          options=${[{ value: '', label: t('pages.staff.choose_kind') }, ...KINDS.map((k) => ({ value: k, label: tWord('pages.staff_kind', k) }))]} />
        <${TextField} id="sc-staff_name" label=${t('pages.staff.name')} value=${f.staff_name} onValue=${set('staff_name')}
          error=${s.errors['sc-staff_name']} autocomplete="off" />
        <${TextField} id="sc-staff_role" label=${t('pages.staff.role')} optional value=${f.staff_role} onValue=${set('staff_role')}
          error=${s.errors['sc-staff_role']} autocomplete="off" />
        <${TextField} id="sc-effective_on" label=${t('pages.staff.effective_on')} hint=${t('form.date_hint')} value=${f.effective_on}
          onValue=${set('effective_on')} error=${s.errors['sc-effective_on']} width="m" maxlength="10" autocomplete="off" />
        ${f.kind === 'joined' && html`
          <${TextField} id="sc-access_requested_on" label=${t('pages.staff.access_requested_on')} optional hint=${t('pages.staff.access_hint')}
            value=${f.access_requested_on} onValue=${set('access_requested_on')} error=${s.errors['sc-access_requested_on']}
            width="m" maxlength="10" autocomplete="off" />`}
        <${TextArea} id="sc-note" label=${t('pages.staff.note')} optional value=${f.note} onValue=${set('note')} error=${s.errors['sc-note']} rows="2" />
        <div class="button-row"><${Button} type="submit" busy=${s.busy} busyLabel=${t('common.saving')}>${t('pages.staff.report_submit')}</${Button}></div>
      </form>
    </${Section}>`;
}
