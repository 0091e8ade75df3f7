// One intervention: where it stands, the next step for the caller's role
// (choice and queueing KV-11..KV-20, staffing KV-21, assignment KV-22/KV-24,
// ending KV-51/KV-52, cancelling), its documents, deadlines and messages.
import { html, useState } from '../lib.js';
import {
  t, tWord, fmtDate, fmtDateLong, fmtDateTime, fmtMonth,
} from '../i18n.js';
import { api, getAll } from '../api.js';
import { navigate } from '../router.js';
import {
  Page, Section, Loading, Empty, ErrorPage, ErrorMessage, Notice, Dl, Badge, Button, TextField, TextArea, SelectField,
  ErrorSummary, customerName, useAsync, useApp, useLookup, serverFieldErrors, required, announce, today,
} from '../ui.js';
import { isProvider, CASE_ROLES } from '../roles.js';
import { ObligationStatus, obligationLabel } from './inbox.js';

const settled = (p) => p.then((v) => v, () => null);

async function loadIntervention(id) {
  const c = await api.get(`/interventions/${encodeURIComponent(id)}/case`);
  const [customer, documents, obligations, messages] = await Promise.all([
    settled(api.get(`/customers/${c.customer_id}`)),
    settled(getAll(`/interventions/${c.id}/documents`)),
    settled(getAll(`/interventions/${c.id}/obligations`)),
    settled(getAll(`/interventions/${c.id}/messages`)),
  ]);
  return { c, customer, documents, obligations, messages };
}

const decides = (role) => role === 'counsellor' || role === 'supervisor';

export function InterventionPage({ params }) {
  const { me } = useApp();
  const state = useAsync(() => loadIntervention(params.id), [params.id]);
  const providers = useLookup('providers');
  if (state.error) return html`<${ErrorPage} error=${state.error} />`;
  if (!state.data) return html`<${Page} title=${t('iv.title_loading')}><${Loading} /></${Page}>`;
  const { c, customer, documents, obligations, messages } = state.data;
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
            [t('iv.staff'), c.staff_user_id ? (c.staff_user_id === me.id ? t('case.you_subject') : t('case.user_n', { id: c.staff_user_id })) : t('iv.not_staffed')],
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
          <p class="prewrap">${c.brief || t('iv.no_brief')}</p>
        </${Section}>
      </div>

      <${NextStep} c=${c} me=${me} documents=${documents || []} onChange=${state.reload} />

      <${Section} title=${t('iv.documents')} id="documents">
        <${Documents} c=${c} me=${me} documents=${documents} />
      </${Section}>

      <${Section} title=${t('iv.deadlines')} id="deadlines">
        ${obligations === null ? html`<${Empty}>${t('iv.not_available')}</${Empty}>` : (obligations.length ? html`
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
                ${obligations.map((o) => html`
                  <tr>
                    <td>${obligationLabel(o)}</td>
                    <td>${tWord('actor', o.actor)}</td>
                    <td class="nowrap">${fmtDate(o.due_on)}</td>
                    <td><${ObligationStatus} o=${o} /></td>
                    <td class="nowrap">${o.rule}</td>
                  </tr>`)}
              </tbody>
            </table>
          </div>` : html`<${Empty}>${t('iv.no_deadlines')}</${Empty}>`)}
      </${Section}>

      <${Section} title=${t('iv.messages')} id="messages">
        <${Messages} c=${c} me=${me} messages=${messages} onSent=${state.reload} />
      </${Section}>
    </${Page}>`;
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
        <${EndForm} c=${c} onDone=${onChange} />`;
    }
    if (['granted', 'queued', 'staffed', 'assigned'].includes(c.state)) {
      body = html`${body}<${CancelForm} c=${c} onDone=${onChange} />`;
    }
  } else if (provider) {
    if (c.state === 'queued') body = html`<${StaffForm} c=${c} onDone=${onChange} />`;
    else if (c.state === 'staffed') body = html`<p>${t('iv.waiting_assignment')}</p>`;
    else if (c.state === 'assigned' || c.state === 'running') body = html`<${ProviderWriting} c=${c} documents=${documents} />`;
  }
  if (!body) return null;
  return html`<${Section} title=${t('iv.next_step')} id="next-step">${body}</${Section}>`;
}

function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState({});
  const [failure, setFailure] = useState(null);
  async function run(fn, prefix, known) {
    setBusy(true);
    setFailure(null);
    try {
      await fn();
      setErrors({});
      return true;
    } catch (err) {
      const { fields, unplaced } = serverFieldErrors(err, prefix, known);
      setErrors(fields);
      if (!Object.keys(fields).length || unplaced.length) setFailure(err);
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { busy, errors, setErrors, failure, run };
}

function ChoiceForm({ c, onDone }) {
  const comparison = useAsync(() => api.get(`/comparison/${encodeURIComponent(c.scheme)}`), [c.scheme]);
  const [choice, setChoice] = useState(c.provider_id ? String(c.provider_id) : '');
  const s = useSubmit();
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

  async function open(kind) {
    let doc = null;
    const ok = await s.run(async () => {
      if (kind === 'plan') doc = await api.put(`/interventions/${c.id}/plan`, { sections: {} });
      else doc = await api.put(`/interventions/${c.id}/monthly-reports/${month}`, { sections: {} });
    }, 'pw-', ['period']);
    if (ok && doc) navigate(`/documents/${doc.id}`);
  }

  return html`
    <${ErrorMessage} error=${s.failure} />
    <div class="actions-grid">
      <div>
        <h3 class="first">${t('doc.kind.plan')}</h3>
        ${plan ? html`<p><a href=${`/documents/${plan.id}`}>${t('iv.continue_plan')}</a></p>`
          : (hasPlan ? html`<p>${t('iv.plan_approved')}</p>`
            : html`<${Button} kind="secondary" busy=${s.busy} onClick=${() => open('plan')}>${t('iv.write_plan')}</${Button}>`)}
      </div>
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
            <p class="message-meta"><strong>${tWord('topic', m.topic)}</strong> · ${m.from_user_id === me.id ? t('msg.from_you') : t('msg.from_user', { id: m.from_user_id })} ·
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
