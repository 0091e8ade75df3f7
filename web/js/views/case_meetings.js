// Meetings of one intervention: the follow-up rhythm (KV-35, JP-5), booking
// a three-party (KV-14, KV-41), follow-up, SIP or other meeting, its
// iCalendar invitation as a download, and its outcome (held, no show,
// cancelled; at a held follow-up meeting the counsellor's plan decision).
import { html, useState } from '../lib.js';
import { t, tWord, fmtDateLong, fmtDateTime } from '../i18n.js';
import { api, getAll } from '../api.js';
import {
  Section, Loading, Empty, ErrorMessage, Dl, Badge, Button, TextField, TextArea, SelectField,
  ErrorSummary, useAsync, announce, required, today,
} from '../ui.js';
import { isProvider, CASE_ROLES } from '../roles.js';
import { useSubmit, decides, ISO_DATE, CLOCK_TIME } from './case_common.js';

const KINDS = ['three_party', 'follow_up', 'sip', 'other'];
const OUTCOMES = ['held', 'no_show', 'cancelled'];
const OUTCOME_TONE = { planned: 'pending', held: 'met', no_show: 'overdue', cancelled: 'cancelled' };

/* ACT_MEETING_WRITE: the unit's counsellors and supervisors, the provider's staff. */
const writes = (role) => role === 'counsellor' || role === 'supervisor' || isProvider(role);

async function loadMeetings(c) {
  const [meetings, followUp] = await Promise.all([
    getAll(`/interventions/${c.id}/meetings`),
    api.get(`/interventions/${c.id}/follow-up`).then((v) => v, () => null),
  ]);
  return { meetings, followUp };
}

export function MeetingsSection({ c, me }) {
  const data = useAsync(() => loadMeetings(c), [c.id, c.updated_at]);
  const [round, setRound] = useState(0); // a new round draws the booking form afresh
  const open = !['ended', 'cancelled'].includes(c.state);
  let body;
  if (data.error) body = html`<${ErrorMessage} error=${data.error} />`;
  else if (!data.data) body = html`<${Loading} />`;
  else {
    const { meetings, followUp } = data.data;
    const rows = [...meetings].sort((a, b) => (a.starts_at < b.starts_at ? -1 : 1));
    body = html`
      ${followUp && html`<${Rhythm} f=${followUp} />`}
      <h3>${t('casework.meetings.list')}</h3>
      ${rows.length ? html`
        <ul class="plain-list meeting-list">
          ${rows.map((m) => html`<${Meeting} m=${m} me=${me} onDone=${data.reload} />`)}
        </ul>` : html`<${Empty}>${t('casework.meetings.none')}</${Empty}>`}
      ${open && writes(me.role) && html`<${BookForm} key=${round} c=${c} onDone=${() => { setRound(round + 1); data.reload(); }} />`}`;
  }
  return html`<${Section} title=${t('casework.meetings.title')} id="meetings">${body}</${Section}>`;
}

function Rhythm({ f }) {
  let every = t('casework.meetings.rhythm_open');
  if (f.interval_months) every = t('casework.meetings.rhythm_months', { n: f.interval_months });
  else if (f.interval_days) every = t('casework.meetings.rhythm_days', { n: f.interval_days });
  return html`
    <h3 class="first">${t('casework.meetings.rhythm')}</h3>
    <${Dl} items=${[
      [t('casework.meetings.rhythm_every'), `${every} (${f.rule})`],
      [t('casework.meetings.last_held'), f.last_held ? fmtDateLong(f.last_held) : t('casework.meetings.never')],
      [t('casework.meetings.next_due'), f.next_due ? fmtDateLong(f.next_due) : '–'],
      [t('casework.meetings.planned'), String(f.planned)],
    ]} />`;
}

function Meeting({ m, me, onDone }) {
  const when = m.ends_at ? `${fmtDateTime(m.starts_at)}–${fmtDateTime(m.ends_at).slice(11)}` : fmtDateTime(m.starts_at);
  const hid = `meeting-${m.id}-title`;
  return html`
    <li class="meeting">
      <h4 id=${hid} class="meeting-title">${tWord('casework.meeting_kind', m.kind)}, <time datetime=${m.starts_at}>${when}</time></h4>
      <p>
        <${Badge} state=${OUTCOME_TONE[m.outcome] || 'neutral'}>${tWord('casework.meeting_outcome', m.outcome)}</${Badge}>
        ${m.location && html` · ${t('casework.meetings.location')}: ${m.location}`}
        ${m.interpreter_language && html` · ${t('casework.meetings.interpreter')}: ${m.interpreter_language}`}
      </p>
      ${m.note && html`<p class="prewrap small">${m.note}</p>`}
      <p><a href=${`/api/v1/meetings/${m.id}/invitation.ics`} download=${`mote-${m.id}.ics`}
        aria-label=${t('casework.meetings.invitation_for', { kind: tWord('casework.meeting_kind', m.kind), when })}>${t('casework.meetings.invitation')}</a></p>
      ${m.outcome === 'planned' && writes(me.role) && html`<${OutcomeForm} m=${m} me=${me} onDone=${onDone} />`}
    </li>`;
}

function OutcomeForm({ m, me, onDone }) {
  const [f, setF] = useState({ outcome: '', plan_decision: '', note: '' });
  const s = useSubmit();
  const set = (k) => (v) => setF({ ...f, [k]: v });
  const p = `mo-${m.id}-`;
  const needsDecision = m.kind === 'follow_up' && f.outcome === 'held' && CASE_ROLES.includes(me.role);
  async function submit(e) {
    e.preventDefault();
    const errs = {};
    if (!f.outcome) errs[`${p}outcome`] = t('casework.meetings.outcome_missing');
    if (needsDecision && !f.plan_decision) errs[`${p}plan_decision`] = t('casework.meetings.plan_decision_missing');
    s.setErrors(errs);
    if (Object.keys(errs).length) return;
    const ok = await s.run(() => api.post(`/meetings/${m.id}/outcome`, {
      outcome: f.outcome, plan_decision: needsDecision ? f.plan_decision : null, note: f.note.trim() || null,
    }), p, ['outcome', 'plan_decision', 'note']);
    if (ok) { announce(t('casework.meetings.outcome_done')); onDone(); }
  }
  return html`
    <details class="disclosure">
      <summary>${t('casework.meetings.outcome')}</summary>
      <${ErrorMessage} error=${s.failure} />
      <form class="form" novalidate onSubmit=${submit}>
        <${SelectField} id=${`${p}outcome`} label=${t('casework.meetings.outcome_label')} value=${f.outcome} onValue=${set('outcome')}
          error=${s.errors[`${p}outcome`]} options=${[{ value: '', label: t('casework.meetings.choose_outcome') },
            ...OUTCOMES.map((o) => ({ value: o, label: tWord('casework.meeting_outcome', o) }))]} />
        ${needsDecision && html`<${SelectField} id=${`${p}plan_decision`} label=${t('casework.meetings.plan_decision')} value=${f.plan_decision}
          onValue=${set('plan_decision')} error=${s.errors[`${p}plan_decision`]} options=${[{ value: '', label: t('casework.meetings.choose_decision') },
            { value: 'plan_valid', label: t('casework.plan_decision.plan_valid') }, { value: 'revision_needed', label: t('casework.plan_decision.revision_needed') }]} />`}
        <${TextArea} id=${`${p}note`} label=${t('casework.meetings.note')} optional value=${f.note} onValue=${set('note')}
          error=${s.errors[`${p}note`]} rows="2" />
        <div class="button-row"><${Button} type="submit" kind="secondary" busy=${s.busy} busyLabel=${t('common.saving')}>${t('casework.meetings.outcome_submit')}</${Button}></div>
      </form>
    </details>`;
}

function BookForm({ c, onDone }) {
  const [f, setF] = useState({ kind: '', date: today(), start: '', end: '', location: '', interpreter_language: '', note: '' });
  const s = useSubmit();
  const set = (k) => (v) => setF({ ...f, [k]: v });
  async function submit(e) {
    e.preventDefault();
    const errs = {};
    if (!f.kind) errs['mb-kind'] = t('casework.meetings.kind_missing');
    if (!ISO_DATE.test(f.date)) errs['mb-starts_at'] = required(t('casework.meetings.date'), 'form.date_required');
    if (!CLOCK_TIME.test(f.start)) errs['mb-start'] = t('casework.meetings.time_format');
    if (f.end && !CLOCK_TIME.test(f.end)) errs['mb-ends_at'] = t('casework.meetings.time_format');
    s.setErrors(errs);
    if (Object.keys(errs).length) return;
    const ok = await s.run(() => api.post(`/interventions/${c.id}/meetings`, {
      kind: f.kind,
      starts_at: `${f.date}T${f.start}`, // civil time in Europe/Stockholm
      ends_at: f.end ? `${f.date}T${f.end}` : null,
      location: f.location.trim() || null,
      interpreter_language: f.interpreter_language.trim() || null,
      note: f.note.trim() || null,
    }), 'mb-', ['kind', 'starts_at', 'ends_at', 'location', 'interpreter_language', 'note']);
    if (ok) { announce(t('casework.meetings.booked')); onDone(); }
  }
  return html`
    <details class="disclosure" id="meeting-form">
      <summary>${t('casework.meetings.book')}</summary>
      <p class="hint">${t('casework.meetings.book_hint')}</p>
      <${ErrorSummary} errors=${s.errors} />
      <${ErrorMessage} error=${s.failure} />
      <form class="form" novalidate onSubmit=${submit}>
        <${SelectField} id="mb-kind" label=${t('casework.meetings.kind')} value=${f.kind} onValue=${set('kind')} error=${s.errors['mb-kind']}
          options=${[{ value: '', label: t('casework.meetings.choose_kind') }, ...KINDS.map((k) => ({ value: k, label: tWord('casework.meeting_kind', k) }))]} />
        <${TextField} id="mb-starts_at" label=${t('casework.meetings.date')} hint=${t('form.date_hint')} value=${f.date} onValue=${set('date')}
          error=${s.errors['mb-starts_at']} width="m" maxlength="10" autocomplete="off" />
        <div class="inline-form">
          <${TextField} id="mb-start" label=${t('casework.meetings.start')} hint=${t('casework.meetings.time_hint')} value=${f.start} onValue=${set('start')}
            error=${s.errors['mb-start']} width="s" maxlength="5" autocomplete="off" />
          <${TextField} id="mb-ends_at" label=${t('casework.meetings.end')} optional hint=${t('casework.meetings.time_hint')} value=${f.end} onValue=${set('end')}
            error=${s.errors['mb-ends_at']} width="s" maxlength="5" autocomplete="off" />
        </div>
        <${TextField} id="mb-location" label=${t('casework.meetings.location')} optional value=${f.location} onValue=${set('location')}
          error=${s.errors['mb-location']} />
        <${TextField} id="mb-interpreter_language" label=${t('casework.meetings.interpreter')} optional hint=${t('casework.meetings.interpreter_hint')}
          value=${f.interpreter_language} onValue=${set('interpreter_language')} error=${s.errors['mb-interpreter_language']} width="m" />
        <${TextArea} id="mb-note" label=${t('casework.meetings.note')} optional value=${f.note} onValue=${set('note')} error=${s.errors['mb-note']} rows="2" />
        <div class="button-row"><${Button} type="submit" busy=${s.busy} busyLabel=${t('common.saving')}>${t('casework.meetings.book_submit')}</${Button}></div>
      </form>
    </details>`;
}

