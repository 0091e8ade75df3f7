// One intervention: where it stands, the next step for the caller's role
// (choice and queueing KV-11..KV-20, staffing KV-21, assignment KV-22/KV-24,
// ending KV-51/KV-52, cancelling), its documents, deadlines and messages.
// The running work has its own files: changes of start date and provider
// (case_changes.js), jobbpeng (case_jobbpeng.js), contacts and deviations
// (case_contacts.js), meetings (case_meetings.js).
import { html, useState } from '../lib.js';
import {
  t, tWord, fmtDate, fmtDateLong, fmtDateTime, fmtMonth,
} from '../i18n.js';
import { api, getAll } from '../api.js';
import { navigate } from '../router.js';
import {
  Page, Section, Loading, Empty, ErrorPage, ErrorMessage, Notice, Dl, Badge, Button, TextField, TextArea, SelectField,
  ErrorSummary, customerName, useAsync, useApp, useLookup, required, announce, today,
} from '../ui.js';
import { isProvider, CASE_ROLES } from '../roles.js';
import { ObligationStatus, obligationLabel } from './inbox.js';
import { useSubmit, decides } from './case_common.js';
import { ChangesSection } from './case_changes.js';
import { ContactSections } from './case_contacts.js';
import { MeetingsSection } from './case_meetings.js';
import { JobbpengSection, isJobbpeng } from './case_jobbpeng.js';

const settled = (p) => p.then((v) => v, () => null);

async function loadIntervention(id) {
  const c = await api.get(`/interventions/${encodeURIComponent(id)}/case`);
  const [customer, documents, obligations, messages, absences, proposals] = await Promise.all([
    settled(api.get(`/customers/${c.customer_id}`)),
    settled(getAll(`/interventions/${c.id}/documents`)),
    settled(getAll(`/interventions/${c.id}/obligations`)),
    settled(getAll(`/interventions/${c.id}/messages`)),
    settled(getAll(`/interventions/${c.id}/absences`)),
    settled(getAll(`/interventions/${c.id}/proposals`)),
  ]);
  return { c, customer, documents, obligations, messages, absences, proposals };
}

export function InterventionPage({ params }) {
  const { me } = useApp();
  const state = useAsync(() => loadIntervention(params.id), [params.id]);
  const providers = useLookup('providers');
  if (state.error) return html`<${ErrorPage} error=${state.error} />`;
  if (!state.data) return html`<${Page} title=${t('iv.title_loading')}><${Loading} /></${Page}>`;
  const { c, customer, documents, obligations, messages, absences, proposals } = state.data;
  const who = customer ? customerName(customer) : t('case.customer_n', { id: c.customer_id });
  const back = { href: `/customers/${c.customer_id}`, label: who };
  const providerName = c.provider_id ? (providers.get(c.provider_id)?.name ?? t('case.provider_n', { id: c.provider_id })) : t('intervention.no_provider');

  return html`
    <${Page} title=${t('iv.title', { code: c.code, name: who })} back=${back}
      lead=${tWord('intervention.name', c.code)}>
      <div class="grid-2">
        <${Section} title=${t('iv.summary')} id="summary">
          <${Dl} items=${[
            [t('intervention.state'), html`<${Badge} state=${c.state} />`],
            [t('intervention.provider'), providerName],
            [t('iv.staff'), c.staff_user_id ? (c.staff_user_id === me.id ? t('case.you_subject') : (c.staff_user_name || t('case.user_n', { id: c.staff_user_id }))) : t('iv.not_staffed')],
            [t('intervention.decided_on'), fmtDateLong(c.decided_on)],
            [t('intervention.start_on'), fmtDateLong(c.start_on)],
            [t('intervention.planned_end_on'), fmtDateLong(c.planned_end_on)],
            c.actual_end_on && [t('intervention.actual_end_on'), html`${fmtDateLong(c.actual_end_on)}${c.end_reason && html` – ${tWord('end_reason', c.end_reason)}`}`],
            [t('iv.extent'), t('iv.extent_value', { n: c.extent_percent })],
            c.target_group && [t('iv.target_group'), tWord('target_group', c.target_group)],
          ]} />
        </${Section}>
        <${Section} title=${t('iv.brief')} id="brief">
          <h3 class="first">${t('iv.future_plan')}</h3>
          <p class="prewrap">${c.future_plan || t('common.none')}</p>
          <h3>${t('iv.assignment_brief')}</h3>
          <p class="prewrap">${c.brief || (['granted', 'queued', 'staffed'].includes(c.state) ? t('iv.no_brief') : t('common.none'))}</p>
        </${Section}>
      </div>

      <${NextStep} c=${c} me=${me} documents=${documents || []} onChange=${state.reload} />

      <${ChangesSection} c=${c} me=${me} onChange=${state.reload} />

      ${isJobbpeng(c) && c.start_on && html`<${JobbpengSection} c=${c} me=${me} />`}

      <${ContactSections} c=${c} me=${me} />

      <${MeetingsSection} c=${c} me=${me} />

      <${Section} title=${t('iv.documents')} id="documents">
        <${Documents} c=${c} me=${me} documents=${documents} />
      </${Section}>

      <${Section} title=${t('prop.title')} id="proposals">
        <${Proposals} c=${c} me=${me} proposals=${proposals} onChange=${state.reload} />
      </${Section}>

      <${Section} title=${t('abs.title')} id="absences">
        <${Absences} c=${c} me=${me} absences=${absences} onChange=${state.reload} />
      </${Section}>

      <${Section} title=${t('iv.deadlines')} id="deadlines">
        ${obligations === null ? html`<${Empty}>${t('iv.not_available')}</${Empty}>` : (obligations.length ? html`
          <${ObligationTable} rows=${nearFirst(obligations).near} />
          ${nearFirst(obligations).later.length > 0 && html`
            <details class="disclosure">
              <summary>${t('iv.later_deadlines', { n: nearFirst(obligations).later.length })}</summary>
              <${ObligationTable} rows=${nearFirst(obligations).later} />
            </details>`}` : html`<${Empty}>${t('iv.no_deadlines')}</${Empty}>`)}
      </${Section}>

      <${Section} title=${t('iv.messages')} id="messages">
        <${Messages} c=${c} me=${me} messages=${messages} onSent=${state.reload} />
      </${Section}>
    </${Page}>`;
}

/* Everything done or due so far and the next four open deadlines; the rest later. */
function nearFirst(obligations) {
  const open = obligations.filter((o) => o.status === 'open');
  const later = open.slice(4);
  const ids = new Set(later.map((o) => o.id));
  return { near: obligations.filter((o) => !ids.has(o.id)), later };
}

function ObligationTable({ rows }) {
  return html`
    <div class="table-wrap">
      <table class="table">
        <caption class="visually-hidden">${t('iv.deadlines')}</caption>
        <thead><tr>
          <th scope="col">${t('obligation.what')}</th>
          <th scope="col">${t('obligation.who')}</th>
          <th scope="col">${t('obligation.due_on')}</th>
          <th scope="col">${t('obligation.status')}</th>
          <th scope="col">${t('obligation.rule')}</th>
        </tr></thead>
        <tbody>
          ${rows.map((o) => html`
            <tr>
              <td>${obligationLabel(o)}</td>
              <td>${tWord('actor', o.actor)}</td>
              <td class="nowrap">${fmtDate(o.due_on)}</td>
              <td><${ObligationStatus} o=${o} /></td>
              <td class="nowrap">${o.rule}</td>
            </tr>`)}
        </tbody>
      </table>
    </div>`;
}

/* ---------- the next step of the caller's role ---------- */

function NextStep({ c, me, documents, onChange }) {
  const provider = isProvider(me.role);
  let body = null;
  if (decides(me.role)) {
    if (c.state === 'granted') body = html`<${ChoiceForm} c=${c} onDone=${onChange} />`;
    else if (c.state === 'queued') body = html`<p>${t('iv.waiting_staffing')}</p>`;
    else if (c.state === 'staffed') body = html`<${AssignmentForm} c=${c} onDone=${onChange} />`;
    else if (c.state === 'assigned') body = html`<p>${t('iv.waiting_start', { date: fmtDateLong(c.start_on) })}</p>`;
    else if (c.state === 'running') {
      const review = documents.filter((d) => d.state === 'submitted');
      body = html`
        ${review.length ? html`<ul class="plain-list">${review.map((d) => html`<li><a href=${`/documents/${d.id}`}>${t('iv.review_doc', { title: d.title })}</a></li>`)}</ul>`
          : html`<p>${t('iv.running_nothing')}</p>`}
        ${me.role === 'supervisor' && html`<${ExtendForm} c=${c} onDone=${onChange} />`}
        <${EndForm} c=${c} onDone=${onChange} />`;
    }
    if (['granted', 'queued', 'staffed', 'assigned'].includes(c.state)) {
      body = html`${body}<${CancelForm} c=${c} onDone=${onChange} />`;
    }
  } else if (provider) {
    if (c.state === 'queued') body = html`<${StaffForm} c=${c} onDone=${onChange} />`;
    else if (c.state === 'staffed') body = html`<p>${t('iv.waiting_assignment')}</p>`;
    else if (c.state === 'assigned' || c.state === 'running' || c.state === 'ended') body = html`<${ProviderWriting} c=${c} documents=${documents} />`;
  }
  if (!body) return null;
  return html`<${Section} title=${t('iv.next_step')} id="next-step">${body}</${Section}>`;
}

function ChoiceForm({ c, onDone }) {
  const comparison = useAsync(() => api.get(`/comparison/${encodeURIComponent(c.scheme)}`), [c.scheme]);
  const [choice, setChoice] = useState(c.provider_id ? String(c.provider_id) : '');
  const s = useSubmit();
  if (comparison.error && comparison.error.status === 404) return html`<${Notice} kind="warning">${t('cmp.unavailable')}</${Notice}>`;
  if (comparison.error) return html`<${ErrorMessage} error=${comparison.error} />`;
  if (!comparison.data) return html`<${Loading} />`;
  const cmp = comparison.data;

  async function submit(e) {
    e.preventDefault();
    if (!choice) { s.setErrors({ 'ch-provider': t('iv.choose_provider_missing') }); return; }
    const ok = await s.run(async () => {
      await api.post(`/interventions/${c.id}/choice`, choice === 'default' ? { default: true } : { provider_id: Number(choice) });
      await api.post(`/interventions/${c.id}/queue`);
    }, 'ch-', ['provider_id', 'default']);
    if (ok) { announce(t('iv.queued_done')); onDone(); }
  }

  return html`
    <p>${t('iv.choice_lead')} <a href=${`/jamfor?scheme=${encodeURIComponent(c.scheme)}`}>${t('iv.open_comparison')}</a></p>
    <${ErrorSummary} errors=${s.errors} />
    <${ErrorMessage} error=${s.failure} />
    <form class="form" novalidate onSubmit=${submit}>
      <fieldset class="fieldset" aria-describedby=${s.errors['ch-provider'] ? 'ch-provider-error' : undefined}>
        <legend>${t('iv.choose_provider')}</legend>
        ${s.errors['ch-provider'] && html`<p class="error-text" id="ch-provider-error">${s.errors['ch-provider']}</p>`}
        ${cmp.providers.map((p, i) => html`
          <div class="radio">
            <input type="radio" name="ch-provider" id=${i === 0 ? 'ch-provider' : `ch-provider-${p.id}`} value=${p.id}
              checked=${choice === String(p.id)} onChange=${() => setChoice(String(p.id))} />
            <label for=${i === 0 ? 'ch-provider' : `ch-provider-${p.id}`}>${p.name}</label>
          </div>`)}
        ${cmp.default && html`
          <div class="radio">
            <input type="radio" name="ch-provider" id="ch-provider-default" value="default"
              checked=${choice === 'default'} onChange=${() => setChoice('default')} />
            <label for="ch-provider-default">${t('iv.choose_default', { name: cmp.default.name, from: fmtDate(cmp.default.period_start), to: fmtDate(cmp.default.period_end) })}</label>
          </div>`}
      </fieldset>
      <div class="button-row">
        <${Button} type="submit" busy=${s.busy} busyLabel=${t('common.saving')}>${t('iv.choose_and_queue')}</${Button}>
      </div>
    </form>`;
}

function StaffForm({ c, onDone }) {
  const s = useSubmit();
  async function staff() {
    const ok = await s.run(() => api.post(`/interventions/${c.id}/staffing`, {}), 'st-', []);
    if (ok) { announce(t('iv.staffed_done')); onDone(); }
  }
  return html`
    <p>${t('iv.staff_lead')}</p>
    <${ErrorMessage} error=${s.failure} />
    <${Button} onClick=${staff} busy=${s.busy} busyLabel=${t('common.saving')}>${t('iv.staff_me')}</${Button}>`;
}

function AssignmentForm({ c, onDone }) {
  const [f, setF] = useState({ start_on: '', brief: '', future_plan: c.future_plan || '', extent_percent: '100', part_time_reason: '' });
  const s = useSubmit();
  const set = (k) => (v) => setF({ ...f, [k]: v });
  const partTime = f.extent_percent !== '' && Number(f.extent_percent) < 100;

  async function submit(e) {
    e.preventDefault();
    const errs = {};
    if (f.start_on && !/^\d{4}-\d{2}-\d{2}$/.test(f.start_on)) errs['as-start_on'] = t('form.date_format');
    if (!f.brief.trim()) errs['as-brief'] = required(t('iv.assignment_brief'));
    if (!/^\d+$/.test(f.extent_percent) || Number(f.extent_percent) < 1 || Number(f.extent_percent) > 100) errs['as-extent_percent'] = t('iv.extent_invalid');
    if (partTime && !f.part_time_reason.trim()) errs['as-part_time_reason'] = t('iv.part_time_reason_missing');
    s.setErrors(errs);
    if (Object.keys(errs).length) return;
    const ok = await s.run(() => api.post(`/interventions/${c.id}/assignment`, {
      start_on: f.start_on || null,
      brief: f.brief.trim(),
      future_plan: f.future_plan.trim() || null,
      extent_percent: Number(f.extent_percent),
      part_time_reason: partTime ? f.part_time_reason.trim() : null,
    }), 'as-', ['start_on', 'brief', 'future_plan', 'extent_percent', 'part_time_reason']);
    if (ok) { announce(t('iv.assigned_done')); onDone(); }
  }

  return html`
    <p>${t('iv.assignment_lead')}</p>
    <${ErrorSummary} errors=${s.errors} />
    <${ErrorMessage} error=${s.failure} />
    <form class="form" novalidate onSubmit=${submit}>
      <${TextField} id="as-start_on" label=${t('intervention.start_on')} optional hint=${t('iv.start_hint')} value=${f.start_on}
        onValue=${set('start_on')} error=${s.errors['as-start_on']} width="m" maxlength="10" autocomplete="off" />
      <${TextArea} id="as-brief" label=${t('iv.assignment_brief')} hint=${t('iv.brief_hint')} value=${f.brief} onValue=${set('brief')} error=${s.errors['as-brief']} />
      <${TextArea} id="as-future_plan" label=${t('iv.future_plan')} optional value=${f.future_plan} onValue=${set('future_plan')} error=${s.errors['as-future_plan']} rows="3" />
      <${TextField} id="as-extent_percent" label=${t('iv.extent')} hint=${t('iv.extent_hint')} value=${f.extent_percent}
        onValue=${set('extent_percent')} error=${s.errors['as-extent_percent']} inputmode="numeric" width="s" />
      ${partTime && html`<${TextArea} id="as-part_time_reason" label=${t('iv.part_time_reason')} value=${f.part_time_reason}
        onValue=${set('part_time_reason')} error=${s.errors['as-part_time_reason']} rows="2" />`}
      <div class="button-row"><${Button} type="submit" busy=${s.busy} busyLabel=${t('common.saving')}>${t('iv.issue_assignment')}</${Button}></div>
    </form>`;
}

const END_REASONS = ['completed', 'self_sufficient', 'step_transition', 'another_intervention', 'provider_switch', 'af_programme',
  'unforeseen_events', 'other_commitments', 'sickness', 'no_progression', 'provider_deficiencies', 'customer_ended', 'planned_absence'];

function EndForm({ c, onDone }) {
  const [f, setF] = useState({ reason: '', end_on: '', note: '', withhold_reason: false });
  const s = useSubmit();
  const set = (k) => (v) => setF({ ...f, [k]: v });
  async function submit(e) {
    e.preventDefault();
    const errs = {};
    if (!f.reason) errs['en-reason'] = t('iv.end_reason_missing');
    if (f.end_on && !/^\d{4}-\d{2}-\d{2}$/.test(f.end_on)) errs['en-end_on'] = t('form.date_format');
    s.setErrors(errs);
    if (Object.keys(errs).length) return;
    const ok = await s.run(() => api.post(`/interventions/${c.id}/end`, {
      reason: f.reason, end_on: f.end_on || null, note: f.note.trim() || null, withhold_reason: f.withhold_reason,
    }), 'en-', ['reason', 'end_on', 'note', 'withhold_reason']);
    if (ok) { announce(t('iv.ended_done')); onDone(); }
  }
  return html`
    <details class="disclosure">
      <summary>${t('iv.end')}</summary>
      <${ErrorSummary} errors=${s.errors} />
      <${ErrorMessage} error=${s.failure} />
      <form class="form" novalidate onSubmit=${submit}>
        <${SelectField} id="en-reason" label=${t('iv.end_reason')} value=${f.reason} onValue=${set('reason')} error=${s.errors['en-reason']}
          options=${[{ value: '', label: t('iv.choose_reason') }, ...END_REASONS.map((r) => ({ value: r, label: tWord('end_reason', r) }))]} />
        <${TextField} id="en-end_on" label=${t('iv.end_on')} optional hint=${t('iv.end_on_hint')} value=${f.end_on} onValue=${set('end_on')}
          error=${s.errors['en-end_on']} width="m" maxlength="10" autocomplete="off" />
        <${TextArea} id="en-note" label=${t('iv.end_note')} optional value=${f.note} onValue=${set('note')} error=${s.errors['en-note']} rows="3" />
        <div class="checkbox">
          <input type="checkbox" id="en-withhold" checked=${f.withhold_reason} onChange=${(e) => set('withhold_reason')(e.currentTarget.checked)} />
          <label for="en-withhold">${t('iv.withhold_reason')}</label>
        </div>
        <div class="button-row"><${Button} type="submit" kind="danger" busy=${s.busy} busyLabel=${t('common.saving')}>${t('iv.end_submit')}</${Button}></div>
      </form>
    </details>`;
}

function CancelForm({ c, onDone }) {
  const [reason, setReason] = useState('');
  const s = useSubmit();
  async function submit(e) {
    e.preventDefault();
    if (!reason.trim()) { s.setErrors({ 'ca-reason': required(t('iv.cancel_reason')) }); return; }
    const ok = await s.run(() => api.post(`/interventions/${c.id}/cancel`, { reason: reason.trim() }), 'ca-', ['reason']);
    if (ok) { announce(t('iv.cancelled_done')); onDone(); }
  }
  return html`
    <details class="disclosure">
      <summary>${t('iv.cancel')}</summary>
      <${ErrorMessage} error=${s.failure} />
      <form class="form" novalidate onSubmit=${submit}>
        <${TextArea} id="ca-reason" label=${t('iv.cancel_reason')} value=${reason} onValue=${setReason} error=${s.errors['ca-reason']} rows="2" />
        <div class="button-row"><${Button} type="submit" kind="danger" busy=${s.busy} busyLabel=${t('common.saving')}>${t('iv.cancel_submit')}</${Button}></div>
      </form>
    </details>`;
}

/* ---------- documents ---------- */

/* The months of the intervention that are over by today (a monthly report can be submitted once its month is over, KV-32). */
function reportMonths(c, today) {
  if (!c.start_on) return [];
  const out = [];
  let [y, m] = c.start_on.slice(0, 7).split('-').map(Number);
  const ends = [c.actual_end_on, c.planned_end_on, today].filter(Boolean).sort();
  const last = ends[0].slice(0, 7);
  for (let i = 0; i < 36; i++) {
    const ym = `${y}-${String(m).padStart(2, '0')}`;
    if (ym > last) break;
    out.push(ym);
    m += 1;
    if (m > 12) { m = 1; y += 1; }
  }
  return out;
}

function ProviderWriting({ c, documents }) {
  const plan = documents.find((d) => d.kind === 'plan' && d.state !== 'approved');
  const hasPlan = documents.some((d) => d.kind === 'plan');
  const [month, setMonth] = useState('');
  const s = useSubmit();
  const months = reportMonths(c, today());
  const existing = (ym) => documents.find((d) => d.kind === 'monthly_report' && d.period === ym);

  const final = documents.find((d) => d.kind === 'final_report');

  async function open(kind) {
    let doc = null;
    const ok = await s.run(async () => {
      if (kind === 'plan') doc = await api.put(`/interventions/${c.id}/plan`, { sections: {} });
      else if (kind === 'final') doc = await api.put(`/interventions/${c.id}/final-report`, { sections: {} });
      else doc = await api.put(`/interventions/${c.id}/monthly-reports/${month}`, { sections: {} });
    }, 'pw-', ['period']);
    if (ok && doc) navigate(`/documents/${doc.id}`);
  }

  return html`
    <${ErrorMessage} error=${s.failure} />
    <div class="actions-grid">
      ${c.state !== 'ended' && html`<div>
        <h3 class="first">${t('doc.kind.plan')}</h3>
        ${plan ? html`<p><a href=${`/documents/${plan.id}`}>${t('iv.continue_plan')}</a></p>`
          : (hasPlan ? html`<p>${t('iv.plan_approved')}</p>`
            : html`<${Button} kind="secondary" busy=${s.busy} onClick=${() => open('plan')}>${t('iv.write_plan')}</${Button}>`)}
      </div>`}
      ${c.state === 'running' && html`
        <div>
          <h3 class="first">${t('doc.kind.monthly_report')}</h3>
          <div class="inline-form">
            <${SelectField} id="pw-month" label=${t('iv.report_month')} value=${month} onValue=${setMonth} error=${s.errors['pw-period']}
              options=${[{ value: '', label: t('iv.choose_month') }, ...months.map((ym) => ({ value: ym, label: fmtMonth(ym) }))]} />
            ${month && existing(month) ? html`<a class="btn btn-secondary" href=${`/documents/${existing(month).id}`}>${t('iv.open_report')}</a>`
              : html`<${Button} kind="secondary" busy=${s.busy} disabled=${!month} onClick=${() => open('monthly')}>${t('iv.write_report')}</${Button}>`}
          </div>
        </div>`}
      ${(c.state === 'assigned' || c.state === 'running') && html`<${StartupMeeting} c=${c} />`}
      ${(c.state === 'running' || c.state === 'ended') && html`
        <div>
          <h3 class="first">${t('doc.kind.final_report')}</h3>
          ${final ? html`<p><a href=${`/documents/${final.id}`}>${t('iv.open_final')}</a></p>`
            : html`<${Button} kind="secondary" busy=${s.busy} onClick=${() => open('final')}>${t('iv.write_final')}</${Button}>`}
        </div>`}
    </div>`;
}

function Documents({ documents }) {
  if (documents === null) return html`<${Empty}>${t('iv.not_available')}</${Empty}>`;
  if (!documents.length) return html`<${Empty}>${t('iv.no_documents')}</${Empty}>`;
  return html`
    <div class="table-wrap">
      <table class="table">
        <caption class="visually-hidden">${t('iv.documents')}</caption>
        <thead><tr>
          <th scope="col">${t('doc.title')}</th>
          <th scope="col">${t('doc.kind')}</th>
          <th scope="col">${t('doc.state')}</th>
          <th scope="col">${t('doc.first_submitted')}</th>
        </tr></thead>
        <tbody>
          ${documents.map((d) => html`
            <tr>
              <td><a href=${`/documents/${d.id}`}>${d.title}</a></td>
              <td>${tWord('doc.kind', d.kind)}</td>
              <td><${Badge} state=${d.state} /></td>
              <td class="nowrap">${d.first_submitted_at ? fmtDateTime(d.first_submitted_at) : '–'}</td>
            </tr>`)}
        </tbody>
      </table>
    </div>`;
}

/* ---------- messages ---------- */

const TOPICS = ['general', 'staffing', 'adjustment', 'other_intervention', 'deviation', 'commitments_changed',
  'agency_difficulties', 'follow_up_request', 'three_party_request', 'sip_request', 'municipal_support'];

function Messages({ c, me, messages, onSent }) {
  const [f, setF] = useState({ topic: 'general', body: '' });
  const s = useSubmit();
  const [sent, setSent] = useState(false);
  const canWrite = CASE_ROLES.includes(me.role) || isProvider(me.role);

  async function submit(e) {
    e.preventDefault();
    if (!f.body.trim()) { s.setErrors({ 'ms-body': required(t('msg.body')) }); return; }
    setSent(false);
    const ok = await s.run(() => api.post(`/interventions/${c.id}/messages`, { topic: f.topic, body: f.body.trim() }), 'ms-', ['topic', 'body']);
    if (ok) { setF({ topic: f.topic, body: '' }); setSent(true); onSent(); }
  }

  return html`
    ${messages === null ? html`<${Empty}>${t('iv.not_available')}</${Empty}>` : (messages.length ? html`
      <ol class="messages">
        ${[...messages].reverse().map((m) => html`
          <li class=${`message${m.from_user_id === me.id ? ' message-own' : ''}`}>
            <p class="message-meta"><strong>${tWord('topic', m.topic)}</strong> · ${m.from_user_id === me.id ? t('msg.from_you') : (m.from_name ? t('names.from', { name: m.from_name }) : t('msg.from_user', { id: m.from_user_id }))} ·
              <time datetime=${m.sent_at}>${fmtDateTime(m.sent_at)}</time>${m.read_at ? html` · ${t('msg.read')}` : ''}</p>
            <p class="prewrap">${m.body}</p>
          </li>`)}
      </ol>` : html`<${Empty}>${t('iv.no_messages')}</${Empty}>`)}
    ${canWrite && html`
      ${sent && html`<${Notice} kind="success">${t('msg.sent')}</${Notice}>`}
      <${ErrorMessage} error=${s.failure} />
      <form class="form" novalidate onSubmit=${submit}>
        <${SelectField} id="ms-topic" label=${t('msg.topic')} value=${f.topic} onValue=${(v) => setF({ ...f, topic: v })} error=${s.errors['ms-topic']}
          options=${TOPICS.map((x) => ({ value: x, label: tWord('topic', x) }))} />
        <${TextArea} id="ms-body" label=${t('msg.body')} value=${f.body} onValue=${(v) => setF({ ...f, body: v })} error=${s.errors['ms-body']} rows="3" />
        <div class="button-row"><${Button} type="submit" kind="secondary" busy=${s.busy} busyLabel=${t('common.saving')}>${t('msg.send')}</${Button}></div>
      </form>`}`;
}

/* ---------- extension (KV-50: the supervisor, one month at a time) ---------- */

function ExtendForm({ c, onDone }) {
  const [f, setF] = useState({ months: '1', reason: '' });
  const s = useSubmit();
  async function submit(e) {
    e.preventDefault();
    const errs = {};
    if (!/^\d+$/.test(f.months)) errs['ex-months'] = t('form.whole_number');
    if (!f.reason.trim()) errs['ex-reason'] = required(t('iv.extend_reason'));
    s.setErrors(errs);
    if (Object.keys(errs).length) return;
    const ok = await s.run(() => api.post(`/interventions/${c.id}/extension`, { months: Number(f.months), reason: f.reason.trim() }),
      'ex-', ['months', 'days', 'reason']);
    if (ok) { announce(t('iv.extended_done')); onDone(); }
  }
  return html`
    <details class="disclosure">
      <summary>${t('iv.extend')}</summary>
      <p class="hint">${t('iv.extend_hint', { months: c.extension_months })}</p>
      <${ErrorSummary} errors=${s.errors} />
      <${ErrorMessage} error=${s.failure} />
      <form class="form" novalidate onSubmit=${submit}>
        <${TextField} id="ex-months" label=${t('iv.extend_months')} value=${f.months} onValue=${(v) => setF({ ...f, months: v })}
          error=${s.errors['ex-months']} width="s" inputmode="numeric" />
        <${TextArea} id="ex-reason" label=${t('iv.extend_reason')} value=${f.reason} onValue=${(v) => setF({ ...f, reason: v })}
          error=${s.errors['ex-reason']} rows="2" />
        <div class="button-row"><${Button} type="submit" busy=${s.busy} busyLabel=${t('common.saving')}>${t('iv.extend_submit')}</${Button}></div>
      </form>
    </details>`;
}

/* ---------- provider proposals (KV-24, KV-33, KV-50, KV-52) ---------- */

const PROPOSAL_KINDS = ['extension', 'end', 'start_date', 'another_intervention'];

function Proposals({ c, me, proposals, onChange }) {
  const provider = isProvider(me.role);
  const decider = decides(me.role);
  if (proposals === null) return html`<${Empty}>${t('iv.not_available')}</${Empty}>`;
  return html`
    ${proposals.length ? html`
      <ul class="plain-list">
        ${proposals.map((p) => html`
          <li>
            <p><strong>${tWord('proposal_kind', p.kind)}</strong> <${Badge} state=${p.state} prefix="proposal_state" />
              <span class="muted"> ${fmtDateTime(p.made_at)}</span></p>
            <p class="prewrap">${p.justification}</p>
            ${(p.date || p.months || p.end_reason) && html`<p class="small">${[
              p.date && `${t('prop.date')}: ${fmtDate(p.date)}`,
              p.months && `${t('prop.months')}: ${p.months}`,
              p.end_reason && `${t('iv.end_reason')}: ${tWord('end_reason', p.end_reason)}`,
            ].filter(Boolean).join(' · ')}</p>`}
            ${p.decision_reason && html`<p class="small">${t('prop.decision_reason')}: ${p.decision_reason}</p>`}
            ${decider && p.state === 'pending' && html`<${ProposalDecision} p=${p} onDone=${onChange} />`}
          </li>`)}
      </ul>` : html`<${Empty}>${t('prop.none')}</${Empty}>`}
    ${provider && (c.state === 'running' || c.state === 'assigned') && html`<${ProposalForm} c=${c} onDone=${onChange} />`}`;
}

function ProposalForm({ c, onDone }) {
  const [f, setF] = useState({ kind: '', justification: '', end_reason: '', date: '', months: '1' });
  const s = useSubmit();
  const set = (k) => (v) => setF({ ...f, [k]: v });
  async function submit(e) {
    e.preventDefault();
    const errs = {};
    if (!f.kind) errs['pr-kind'] = t('prop.kind_missing');
    if (!f.justification.trim()) errs['pr-justification'] = required(t('prop.justification'));
    if (f.kind === 'end' && !f.end_reason) errs['pr-end_reason'] = t('iv.end_reason_missing');
    if (f.kind === 'start_date' && !/^\d{4}-\d{2}-\d{2}$/.test(f.date)) errs['pr-date'] = t('form.date_format');
    if (f.kind === 'extension' && !/^\d+$/.test(f.months)) errs['pr-months'] = t('form.whole_number');
    s.setErrors(errs);
    if (Object.keys(errs).length) return;
    const ok = await s.run(() => api.post(`/interventions/${c.id}/proposals`, {
      kind: f.kind,
      justification: f.justification.trim(),
      end_reason: f.kind === 'end' ? f.end_reason : null,
      date: f.kind === 'start_date' ? f.date : null,
      months: f.kind === 'extension' ? Number(f.months) : null,
    }), 'pr-', ['kind', 'justification', 'end_reason', 'date', 'months']);
    if (ok) { announce(t('prop.sent')); onDone(); }
  }
  return html`
    <details class="disclosure">
      <summary>${t('prop.make')}</summary>
      <p class="hint">${t('prop.make_hint')}</p>
      <${ErrorSummary} errors=${s.errors} />
      <${ErrorMessage} error=${s.failure} />
      <form class="form" novalidate onSubmit=${submit}>
        <${SelectField} id="pr-kind" label=${t('prop.kind')} value=${f.kind} onValue=${set('kind')} error=${s.errors['pr-kind']}
          options=${[{ value: '', label: t('prop.choose_kind') }, ...PROPOSAL_KINDS.map((k) => ({ value: k, label: tWord('proposal_kind', k) }))]} />
        ${f.kind === 'end' && html`<${SelectField} id="pr-end_reason" label=${t('iv.end_reason')} value=${f.end_reason} onValue=${set('end_reason')}
          error=${s.errors['pr-end_reason']} options=${[{ value: '', label: t('iv.choose_reason') }, ...END_REASONS.map((r) => ({ value: r, label: tWord('end_reason', r) }))]} />`}
        ${f.kind === 'start_date' && html`<${TextField} id="pr-date" label=${t('prop.date')} hint=${t('form.date_hint')} value=${f.date} onValue=${set('date')}
          error=${s.errors['pr-date']} width="m" maxlength="10" autocomplete="off" />`}
        ${f.kind === 'extension' && html`<${TextField} id="pr-months" label=${t('prop.months')} value=${f.months} onValue=${set('months')}
          error=${s.errors['pr-months']} width="s" inputmode="numeric" />`}
        <${TextArea} id="pr-justification" label=${t('prop.justification')} value=${f.justification} onValue=${set('justification')}
          error=${s.errors['pr-justification']} rows="3" />
        <div class="button-row"><${Button} type="submit" busy=${s.busy} busyLabel=${t('common.saving')}>${t('prop.send')}</${Button}></div>
      </form>
    </details>`;
}

function ProposalDecision({ p, onDone }) {
  const [reason, setReason] = useState('');
  const s = useSubmit();
  async function decide(approve) {
    if (!approve && !reason.trim()) { s.setErrors({ [`pd-${p.id}`]: required(t('prop.decision_reason')) }); return; }
    s.setErrors({});
    const ok = await s.run(() => api.post(`/proposals/${p.id}/${approve ? 'approve' : 'reject'}`, { reason: reason.trim() || null }), `pd-${p.id}-`, []);
    if (ok) { announce(approve ? t('prop.approved_done') : t('prop.rejected_done')); onDone(); }
  }
  return html`
    <div class="decision">
      <${ErrorMessage} error=${s.failure} />
      <${TextArea} id=${`pd-${p.id}`} label=${t('prop.decision_reason')} optional hint=${t('prop.decision_hint')} value=${reason}
        onValue=${setReason} error=${s.errors[`pd-${p.id}`]} rows="2" />
      <div class="button-row">
        <${Button} busy=${s.busy} onClick=${() => decide(true)}>${t('prop.approve')}</${Button}>
        <${Button} kind="secondary" busy=${s.busy} onClick=${() => decide(false)}>${t('prop.reject')}</${Button}>
      </div>
    </div>`;
}

/* ---------- absence (KV-40 ... KV-44, KV-3) ---------- */

const ABSENCE_KINDS = ['sick', 'vab', 'other_agency', 'unexcused', 'leave'];
const UNEXCUSED_REASONS = ['unreachable', 'missed_meeting', 'missed_workday', 'unacceptable_reason'];

function Absences({ c, me, absences, onChange }) {
  const provider = isProvider(me.role);
  const canWrite = provider || me.role === 'counsellor' || me.role === 'supervisor';
  if (absences === null) return html`<${Empty}>${t('iv.not_available')}</${Empty}>`;
  return html`
    ${absences.length ? html`
      <div class="table-wrap">
        <table class="table">
          <caption class="visually-hidden">${t('abs.title')}</caption>
          <thead><tr>
            <th scope="col">${t('abs.kind')}</th>
            <th scope="col">${t('abs.period')}</th>
            <th scope="col">${t('abs.certificate')}</th>
            <th scope="col">${t('abs.note')}</th>
          </tr></thead>
          <tbody>
            ${absences.map((a) => html`
              <tr>
                <td>${tWord('absence_kind', a.kind)}${a.long_sickness ? html` <${Badge} state="due">${t('abs.long_sickness')}</${Badge}>` : ''}</td>
                <td class="nowrap">${fmtDate(a.from_on)} – ${a.to_on ? fmtDate(a.to_on) : t('case.ongoing')}</td>
                <td>${a.certificate && a.certificate.needed
                  ? (a.certificate_on ? t('abs.certificate_on', { date: fmtDate(a.certificate_on) })
                    : html`<${Badge} state=${a.certificate.late ? 'overdue' : 'pending'}>${t('abs.certificate_due', { date: fmtDate(a.certificate.due) })}</${Badge}>`)
                  : '–'}</td>
                <td class="prewrap">${a.note || '–'}${a.leave && a.leave.limit ? html`<div class="small muted">${t('abs.leave_days', { days: a.leave.days_this_year, limit: a.leave.limit })}</div>` : ''}</td>
              </tr>`)}
          </tbody>
        </table>
      </div>` : html`<${Empty}>${t('abs.none')}</${Empty}>`}
    ${canWrite && (c.state === 'running' || c.state === 'assigned') && html`<${AbsenceForm} c=${c} onDone=${onChange} />`}`;
}

function AbsenceForm({ c, onDone }) {
  const [f, setF] = useState({ kind: '', from_on: '', to_on: '', reason: '', contact_attempts: '', note: '' });
  const s = useSubmit();
  const set = (k) => (v) => setF({ ...f, [k]: v });
  const unexcused = f.kind === 'unexcused';
  async function submit(e) {
    e.preventDefault();
    const errs = {};
    if (!f.kind) errs['ab-kind'] = t('abs.kind_missing');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(f.from_on)) errs['ab-from_on'] = required(t('abs.from_on'), 'form.date_required');
    if (f.to_on && !/^\d{4}-\d{2}-\d{2}$/.test(f.to_on)) errs['ab-to_on'] = t('form.date_format');
    if (unexcused && !f.reason) errs['ab-reason'] = t('abs.reason_missing');
    if (f.contact_attempts && !/^\d+$/.test(f.contact_attempts)) errs['ab-contact_attempts'] = t('form.whole_number');
    s.setErrors(errs);
    if (Object.keys(errs).length) return;
    const ok = await s.run(() => api.post(`/interventions/${c.id}/absences`, {
      kind: f.kind,
      from_on: f.from_on,
      to_on: f.to_on || null,
      reason: unexcused ? f.reason : null,
      contact_attempts: f.contact_attempts ? Number(f.contact_attempts) : undefined,
      note: f.note.trim() || null,
    }), 'ab-', ['kind', 'from_on', 'to_on', 'reason', 'contact_attempts', 'note']);
    if (ok) { announce(t('abs.recorded')); onDone(); }
  }
  return html`
    <details class="disclosure">
      <summary>${t('abs.record')}</summary>
      <${ErrorSummary} errors=${s.errors} />
      <${ErrorMessage} error=${s.failure} />
      <form class="form" novalidate onSubmit=${submit}>
        <${SelectField} id="ab-kind" label=${t('abs.kind')} value=${f.kind} onValue=${set('kind')} error=${s.errors['ab-kind']}
          options=${[{ value: '', label: t('abs.choose_kind') }, ...ABSENCE_KINDS.map((k) => ({ value: k, label: tWord('absence_kind', k) }))]} />
        <${TextField} id="ab-from_on" label=${t('abs.from_on')} hint=${t('form.date_hint')} value=${f.from_on} onValue=${set('from_on')}
          error=${s.errors['ab-from_on']} width="m" maxlength="10" autocomplete="off" />
        <${TextField} id="ab-to_on" label=${t('abs.to_on')} optional hint=${t('abs.to_hint')} value=${f.to_on} onValue=${set('to_on')}
          error=${s.errors['ab-to_on']} width="m" maxlength="10" autocomplete="off" />
        ${unexcused && html`
          <${SelectField} id="ab-reason" label=${t('abs.reason')} value=${f.reason} onValue=${set('reason')} error=${s.errors['ab-reason']}
            options=${[{ value: '', label: t('abs.choose_reason') }, ...UNEXCUSED_REASONS.map((r) => ({ value: r, label: tWord('absence_reason', r) }))]} />
          <${TextField} id="ab-contact_attempts" label=${t('abs.contact_attempts')} optional hint=${t('abs.contact_hint')} value=${f.contact_attempts}
            onValue=${set('contact_attempts')} error=${s.errors['ab-contact_attempts']} width="s" inputmode="numeric" />`}
        <${TextArea} id="ab-note" label=${t('abs.note')} optional value=${f.note} onValue=${set('note')} error=${s.errors['ab-note']} rows="2" />
        <div class="button-row"><${Button} type="submit" busy=${s.busy} busyLabel=${t('common.saving')}>${t('abs.record')}</${Button}></div>
      </form>
    </details>`;
}

/* ---------- the start-up meeting (KV-23: within a week of the assignment) ---------- */

function StartupMeeting({ c }) {
  const [heldOn, setHeldOn] = useState('');
  const s = useSubmit();
  const [done, setDone] = useState(false);
  async function submit(e) {
    e.preventDefault();
    if (heldOn && !/^\d{4}-\d{2}-\d{2}$/.test(heldOn)) { s.setErrors({ 'sm-held_on': t('form.date_format') }); return; }
    s.setErrors({});
    const ok = await s.run(() => api.post(`/interventions/${c.id}/startup-meeting`, { held_on: heldOn || null }), 'sm-', ['held_on', 'note']);
    if (ok) { setDone(true); announce(t('iv.startup_done')); }
  }
  return html`
    <div>
      <h3 class="first">${t('iv.startup')}</h3>
      ${done ? html`<p>${t('iv.startup_done')}</p>` : html`
        <${ErrorMessage} error=${s.failure} />
        <form class="inline-form" novalidate onSubmit=${submit}>
          <${TextField} id="sm-held_on" label=${t('iv.startup_held_on')} optional hint=${t('iv.startup_hint')} value=${heldOn} onValue=${setHeldOn}
            error=${s.errors['sm-held_on']} width="m" maxlength="10" autocomplete="off" />
          <${Button} type="submit" kind="secondary" busy=${s.busy} busyLabel=${t('common.saving')}>${t('iv.startup_submit')}</${Button}>
        </form>`}
    </div>`;
}
