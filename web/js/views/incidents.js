// Personal-data incidents (KV-80): provider staff report one, occurred or
// suspected, within 72 hours of its discovery (a clock in hours, never moved
// by holidays: CAL-2, CAL-4); the counsellor sees those on the unit's cases
// and the data-protection coordinator assesses each one. The due time and
// whether the report came in time are the server's (notice_due_at, late).
import { html, useState } from '../lib.js';
import { t, tWord, fmtDateTime } from '../i18n.js';
import { api, getAll } from '../api.js';
import { navigate } from '../router.js';
import {
  Page, Section, Loading, Empty, ErrorPage, ErrorMessage, Dl, Badge, Button, TextField, TextArea, SelectField,
  ErrorSummary, required, useSubmit, useAsync, useApp, useLookup, customerName, setFlash, announce, today,
} from '../ui.js';
import { isProvider } from '../roles.js';

/* Hours and minutes between two timestamps, as "53 h 10 min" in the catalogue's words. */
export function fmtSpan(ms) {
  const minutes = Math.floor(Math.abs(ms) / 60000);
  return t('pages.span', { h: Math.floor(minutes / 60), m: minutes % 60 });
}

/* KV-80: reported in time (how long before the due time) or late (by how much). */
export function IncidentClock({ i }) {
  const due = Date.parse(i.notice_due_at);
  const reported = Date.parse(i.reported_at);
  if (Number.isNaN(due) || Number.isNaN(reported)) return '–';
  if (i.late) return html`<${Badge} state="overdue">${t('pages.inc.late', { span: fmtSpan(reported - due) })}</${Badge}>`;
  return html`<${Badge} state="met">${t('pages.inc.in_time', { span: fmtSpan(due - reported) })}</${Badge}>`;
}

async function loadIncidents(provider) {
  const [items, customers, interventions] = await Promise.all([
    getAll('/incidents'),
    getAll('/customers').catch(() => []),
    provider ? getAll('/interventions').catch(() => []) : Promise.resolve([]),
  ]);
  return { items, customers: new Map(customers.map((c) => [c.id, c])), interventions };
}

export function IncidentList() {
  const { me } = useApp();
  const provider = isProvider(me.role);
  const state = useAsync(() => loadIncidents(provider), [provider]);
  const providers = useLookup('providers', !provider);
  if (state.error) return html`<${ErrorPage} error=${state.error} />`;
  const items = state.data ? [...state.data.items].sort((a, b) => (a.reported_at < b.reported_at ? 1 : -1)) : [];
  return html`
    <${Page} title=${t('pages.inc.title')} lead=${t(provider ? 'pages.inc.lead_provider' : 'pages.inc.lead')}>
      ${!state.data ? html`<${Loading} />` : html`
        ${provider && html`<${ReportForm} interventions=${state.data.interventions} customers=${state.data.customers} />`}
        <${Section} title=${t('pages.inc.list', { n: items.length })} id="incidents">
          ${items.length ? html`
            <div class="table-wrap">
              <table class="table">
                <caption class="visually-hidden">${t('pages.inc.caption')}</caption>
                <thead><tr>
                  <th scope="col">${t('pages.inc.discovered')}</th>
                  <th scope="col">${t('pages.inc.nature')}</th>
                  ${!provider && html`<th scope="col">${t('pages.provider')}</th>`}
                  <th scope="col">${t('pages.customer')}</th>
                  <th scope="col">${t('pages.inc.due')}</th>
                  <th scope="col">${t('pages.inc.clock')}</th>
                  <th scope="col">${t('pages.inc.assessment')}</th>
                </tr></thead>
                <tbody>
                  ${items.map((i) => {
                    const c = i.customer_id ? state.data.customers.get(i.customer_id) : null;
                    return html`
                      <tr>
                        <td class="nowrap"><a href=${`/incidents/${i.id}`}>${fmtDateTime(i.discovered_at)}</a></td>
                        <td>${tWord('pages.nature', i.nature)}</td>
                        ${!provider && html`<td>${providers.get(i.provider_id)?.name ?? t('case.provider_n', { id: i.provider_id })}</td>`}
                        <td class="nowrap">${i.customer_id ? (c ? customerName(c) : t('case.customer_n', { id: i.customer_id })) : t('pages.inc.no_case')}</td>
                        <td class="nowrap">${fmtDateTime(i.notice_due_at)}</td>
                        <td><${IncidentClock} i=${i} /></td>
                        <td>${i.assessment ? html`<${Badge} state="approved">${tWord('pages.risk', i.assessment.risk)}</${Badge}>`
                          : html`<${Badge} state="pending">${t('pages.inc.not_assessed')}</${Badge}>`}</td>
                      </tr>`;
                  })}
                </tbody>
              </table>
            </div>` : html`<${Empty}>${t('pages.inc.none')}</${Empty}>`}
        </${Section}>`}
    </${Page}>`;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

function ReportForm({ interventions, customers }) {
  const [f, setF] = useState({ nature: '', date: today(), time: '', intervention_id: '', description: '' });
  const s = useSubmit();
  const set = (k) => (v) => setF({ ...f, [k]: v });
  const open = interventions.filter((i) => !['ended', 'cancelled'].includes(i.state));
  const label = (i) => {
    const c = customers.get(i.customer_id);
    return `${c ? customerName(c) : t('case.customer_n', { id: i.customer_id })}, ${i.code}`;
  };

  async function submit(e) {
    e.preventDefault();
    const errs = {};
    if (!f.nature) errs['in-nature'] = t('pages.inc.nature_missing');
    if (!DATE.test(f.date)) errs['in-discovered_at'] = required(t('pages.inc.discovered_date'), 'form.date_required');
    if (!TIME.test(f.time)) errs['in-discovered_time'] = t('pages.inc.time_format');
    if (!f.description.trim()) errs['in-description'] = required(t('pages.inc.description'));
    s.setErrors(errs);
    if (Object.keys(errs).length) return;
    const made = await s.run(() => api.post('/incidents', {
      nature: f.nature,
      // Civil time in Europe/Stockholm (CAL-1): the server resolves the offset.
      discovered_at: `${f.date}T${f.time}`,
      intervention_id: f.intervention_id ? Number(f.intervention_id) : null,
      description: f.description.trim(),
    }), 'in-', ['nature', 'discovered_at', 'intervention_id', 'description']);
    if (made) {
      setFlash(t('pages.inc.reported'));
      navigate(`/incidents/${made.id}`);
    }
  }

  return html`
    <${Section} title=${t('pages.inc.report')} id="report">
      <p class="hint">${t('pages.inc.report_hint')}</p>
      <${ErrorSummary} errors=${s.errors} />
      <${ErrorMessage} error=${s.failure} />
      <form class="form form-wide" novalidate onSubmit=${submit}>
        <${SelectField} id="in-nature" label=${t('pages.inc.nature')} value=${f.nature} onValue=${set('nature')} error=${s.errors['in-nature']}
          options=${[{ value: '', label: t('pages.inc.choose_nature') }, ...['occurred', 'suspected'].map((n) => ({ value: n, label: tWord('pages.nature', n) }))]} />
        <div class="pages-datetime">
          <${TextField} id="in-discovered_at" label=${t('pages.inc.discovered_date')} hint=${t('form.date_hint')} value=${f.date} onValue=${set('date')}
            error=${s.errors['in-discovered_at']} width="m" maxlength="10" autocomplete="off" />
          <${TextField} id="in-discovered_time" label=${t('pages.inc.discovered_time')} hint=${t('pages.inc.time_hint')} value=${f.time} onValue=${set('time')}
            error=${s.errors['in-discovered_time']} width="s" maxlength="5" autocomplete="off" />
        </div>
        <${SelectField} id="in-intervention_id" label=${t('pages.inc.case')} optional hint=${t('pages.inc.case_hint')} value=${f.intervention_id}
          onValue=${set('intervention_id')} error=${s.errors['in-intervention_id']}
          options=${[{ value: '', label: t('pages.inc.no_case') }, ...open.map((i) => ({ value: String(i.id), label: label(i) }))]} />
        <${TextArea} id="in-description" label=${t('pages.inc.description')} hint=${t('pages.inc.description_hint')} value=${f.description}
          onValue=${set('description')} error=${s.errors['in-description']} rows="5" />
        <div class="button-row"><${Button} type="submit" busy=${s.busy} busyLabel=${t('common.saving')}>${t('pages.inc.report_submit')}</${Button}></div>
      </form>
    </${Section}>`;
}

async function loadIncident(id) {
  const i = await api.get(`/incidents/${encodeURIComponent(id)}`);
  const customer = i.customer_id ? await api.get(`/customers/${i.customer_id}`).catch(() => null) : null;
  return { i, customer };
}

export function IncidentPage({ params }) {
  const { me } = useApp();
  const state = useAsync(() => loadIncident(params.id), [params.id]);
  const providers = useLookup('providers');
  if (state.error) return html`<${ErrorPage} error=${state.error} />`;
  if (!state.data) return html`<${Page} title=${t('pages.inc.one')}><${Loading} /></${Page}>`;
  const { i, customer } = state.data;
  const a = i.assessment;
  return html`
    <${Page} title=${t('pages.inc.one_title', { when: fmtDateTime(i.discovered_at) })} back=${{ href: '/incidents', label: t('pages.inc.back') }}>
      <${Section} title=${t('pages.inc.facts')} id="incident">
        <${Dl} items=${[
          [t('pages.inc.nature'), tWord('pages.nature', i.nature)],
          [t('pages.provider'), providers.get(i.provider_id)?.name ?? t('case.provider_n', { id: i.provider_id })],
          [t('pages.customer'), i.customer_id ? html`<a href=${`/customers/${i.customer_id}`}>${customer ? customerName(customer) : t('case.customer_n', { id: i.customer_id })}</a>` : t('pages.inc.no_case')],
          i.intervention_id && [t('pages.inc.case'), html`<a href=${`/interventions/${i.intervention_id}`}>${t('pages.inc.case_link', { id: i.intervention_id })}</a>`],
          [t('pages.inc.discovered'), fmtDateTime(i.discovered_at)],
          [t('pages.inc.reported_at'), fmtDateTime(i.reported_at)],
          [t('pages.inc.due'), html`<span id="inc-due">${fmtDateTime(i.notice_due_at)}</span> <span class="muted">${t('pages.inc.due_rule', { rule: i.rule })}</span>`],
          [t('pages.inc.clock'), html`<${IncidentClock} i=${i} />`],
        ]} />
        <h3>${t('pages.inc.description')}</h3>
        <p class="prewrap">${i.description}</p>
      </${Section}>
      <${Section} title=${t('pages.inc.assessment')} id="assessment">
        ${a ? html`
          <${Dl} items=${[
            [t('pages.inc.risk'), tWord('pages.risk', a.risk)],
            [t('pages.inc.notify_authority'), a.notify_authority ? t('common.yes') : t('common.no')],
            [t('pages.inc.notify_persons'), a.notify_persons ? t('common.yes') : t('common.no')],
            [t('pages.inc.assessed_at'), fmtDateTime(a.assessed_at)],
          ]} />
          <p class="prewrap">${a.text}</p>`
          : (me.role === 'dpo' ? html`<${AssessForm} i=${i} onDone=${(v) => state.setData({ ...state.data, i: v })} />`
            : html`<${Empty}>${t('pages.inc.awaiting_assessment')}</${Empty}>`)}
      </${Section}>
    </${Page}>`;
}

function AssessForm({ i, onDone }) {
  const [f, setF] = useState({ risk: '', assessment: '', notify_authority: false, notify_persons: false });
  const s = useSubmit();
  const set = (k) => (v) => setF({ ...f, [k]: v });
  async function submit(e) {
    e.preventDefault();
    const errs = {};
    if (!f.risk) errs['as-risk'] = t('pages.inc.risk_missing');
    if (!f.assessment.trim()) errs['as-assessment'] = required(t('pages.inc.assessment_text'));
    s.setErrors(errs);
    if (Object.keys(errs).length) return;
    const v = await s.run(() => api.post(`/incidents/${i.id}/assessment`, {
      risk: f.risk, assessment: f.assessment.trim(), notify_authority: f.notify_authority, notify_persons: f.notify_persons,
    }), 'as-', ['risk', 'assessment', 'notify_authority', 'notify_persons']);
    if (v) { onDone(v); announce(t('pages.inc.assessed')); }
  }
  const box = (k) => html`
    <div class=${`checkbox${s.errors[`as-${k}`] ? ' field-error' : ''}`}>
      <input type="checkbox" id=${`as-${k}`} checked=${f[k]} onChange=${(e) => set(k)(e.currentTarget.checked)}
        aria-describedby=${s.errors[`as-${k}`] ? `as-${k}-error` : undefined} aria-invalid=${s.errors[`as-${k}`] ? 'true' : undefined} />
      <label for=${`as-${k}`}>${t(`pages.inc.${k}`)}</label>
      ${s.errors[`as-${k}`] && html`<p class="error-text" id=${`as-${k}-error`}><span class="visually-hidden">${t('form.error_prefix')} </span>${s.errors[`as-${k}`]}</p>`}
    </div>`;
  return html`
    <${ErrorSummary} errors=${s.errors} />
    <${ErrorMessage} error=${s.failure} />
    <form class="form" novalidate onSubmit=${submit}>
      <${SelectField} id="as-risk" label=${t('pages.inc.risk')} value=${f.risk} onValue=${set('risk')} error=${s.errors['as-risk']}
        options=${[{ value: '', label: t('pages.inc.choose_risk') }, ...['none', 'risk', 'high_risk'].map((r) => ({ value: r, label: tWord('pages.risk', r) }))]} />
      <${TextArea} id="as-assessment" label=${t('pages.inc.assessment_text')} value=${f.assessment} onValue=${set('assessment')}
        error=${s.errors['as-assessment']} rows="4" />
      ${box('notify_authority')}
      ${box('notify_persons')}
      <div class="button-row"><${Button} type="submit" busy=${s.busy} busyLabel=${t('common.saving')}>${t('pages.inc.assess_submit')}</${Button}></div>
    </form>`;
}
