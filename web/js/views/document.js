// A plan (KV-24), monthly report (KV-32, KV-32a) or final report (KV-60 ...
// KV-64): the provider writes and submits ("klarmarkera"); the counsellor
// approves or returns it with a comment (KV-25, KV-32). Every section is
// filled or says "Ej aktuellt" with a short reason.
import { html, useState } from '../lib.js';
import { t, tWord, fmtDateTime } from '../i18n.js';
import { api } from '../api.js';
import {
  Page, Section, Loading, Empty, ErrorPage, ErrorMessage, Notice, Badge, Button, TextArea, SelectField,
  ErrorSummary, useAsync, useApp, fieldMessage, required, announce,
} from '../ui.js';
import { isProvider } from '../roles.js';

/* Sections of a plan or final report when the rule packs give no template (the plan's structure, KV-6, JP-6). */
const DEFAULT_SECTIONS = {
  plan: ['goals', 'sub_goals', 'activities'],
  final_report: ['summary', 'results'],
  monthly_report: [],
};

function sectionsOf(doc) {
  const ids = doc.template && doc.template.length ? doc.template.map((x) => x.id) : DEFAULT_SECTIONS[doc.kind] || [];
  const titles = new Map((doc.template || []).map((x) => [x.id, x.title]));
  for (const s of doc.sections || []) if (!ids.includes(s.id)) ids.push(s.id);
  return ids.map((id) => ({ id, title: titles.get(id) || tWord('section', id) }));
}

function textOf(doc, id) {
  const s = (doc.sections || []).find((x) => x.id === id);
  if (!s) return '';
  if (s.text !== null && s.text !== undefined) return s.text;
  if (s.not_applicable) return `${doc.not_applicable || 'Ej aktuellt'} \u2013 ${s.not_applicable}`;
  return '';
}

function saveUrl(doc) {
  if (doc.kind === 'plan') return `/interventions/${doc.intervention_id}/plan`;
  if (doc.kind === 'final_report') return `/interventions/${doc.intervention_id}/final-report`;
  return `/interventions/${doc.intervention_id}/monthly-reports/${doc.period}`;
}

/* Server field errors "$.sections.adjustments" onto the section fields "sec-adjustments". */
function sectionErrors(err) {
  const out = {};
  const rest = [];
  for (const f of err.fields) {
    const m = /^\$?\.?sections\.(.+)$/.exec(f.field || '');
    if (m) out[`sec-${m[1]}`] = fieldMessage(f);
    else if (/^\$?\.?body\.(outcome|next_step)$/.test(f.field || '')) out[`body-${f.field.split('.').pop()}`] = fieldMessage(f);
    else rest.push(f);
  }
  return { fields: out, rest };
}

const OUTCOMES = ['self_sufficient', 'goal_reached', 'not_reached'];

export function DocumentPage({ params }) {
  const { me } = useApp();
  const state = useAsync(() => api.get(`/documents/${encodeURIComponent(params.id)}`), [params.id]);
  if (state.error) return html`<${ErrorPage} error=${state.error} />`;
  if (!state.data) return html`<${Page} title=${t('doc.loading')}><${Loading} /></${Page}>`;
  const doc = state.data;
  const back = { href: `/interventions/${doc.intervention_id}`, label: t('doc.back') };
  const writer = isProvider(me.role) && (doc.state === 'draft' || doc.state === 'returned');
  const reviewer = (me.role === 'counsellor' || me.role === 'supervisor') && doc.state === 'submitted';
  const lastReturn = [...(doc.reviews || [])].reverse().find((r) => r.decision === 'returned');

  return html`
    <${Page} title=${doc.title} back=${back} lead=${html`${tWord('doc.kind', doc.kind)} · <${Badge} state=${doc.state} />`}>
      ${doc.state === 'returned' && lastReturn && html`
        <${Notice} kind="warning"><p><strong>${t('doc.returned_comment')}</strong></p><p class="prewrap">${lastReturn.comment}</p></${Notice}>`}
      ${writer ? html`<${Editor} doc=${doc} onSaved=${state.setData} />` : html`<${ReadOnly} doc=${doc} />`}
      ${reviewer && html`<${Review} doc=${doc} onDone=${state.setData} />`}
      ${doc.reviews && doc.reviews.length > 0 && html`
        <${Section} title=${t('doc.reviews')} id="reviews">
          <ul class="plain-list">
            ${doc.reviews.map((r) => html`<li><${Badge} state=${r.decision} /> ${t('doc.review_line', { version: r.version, at: fmtDateTime(r.at) })}
              ${r.comment && html`<p class="prewrap">${r.comment}</p>`}</li>`)}
          </ul>
        </${Section}>`}
    </${Page}>`;
}

function ReadOnly({ doc }) {
  const sections = sectionsOf(doc);
  const body = doc.body || {};
  return html`
    <${Section} title=${t('doc.content')} id="content">
      ${sections.length ? sections.map((s) => {
        const sec = (doc.sections || []).find((x) => x.id === s.id);
        return html`
          <div class="doc-section">
            <h3>${s.title}</h3>
            ${!sec ? html`<p class="empty">${t('doc.section_empty')}</p>`
              : (sec.not_applicable ? html`<p><span class="badge badge-neutral">${doc.not_applicable || 'Ej aktuellt'}</span> ${sec.not_applicable}</p>`
                : html`<p class="prewrap">${sec.text}</p>`)}
          </div>`;
      }) : html`<${Empty}>${t('doc.no_sections')}</${Empty}>`}
      ${doc.kind === 'final_report' && body.outcome && html`
        <div class="doc-section"><h3>${t('doc.outcome')}</h3><p>${tWord('outcome', body.outcome)}</p></div>`}
      ${doc.kind === 'final_report' && body.next_step && html`
        <div class="doc-section"><h3>${t('doc.next_step')}</h3><p class="prewrap">${body.next_step}</p></div>`}
    </${Section}>`;
}

function Editor({ doc, onSaved }) {
  const sections = sectionsOf(doc);
  const [values, setValues] = useState(() => Object.fromEntries(sections.map((s) => [s.id, textOf(doc, s.id)])));
  const [body, setBody] = useState({ outcome: (doc.body || {}).outcome || '', next_step: (doc.body || {}).next_step || '' });
  const [errors, setErrors] = useState({});
  const [failure, setFailure] = useState(null);
  const [busy, setBusy] = useState(null);
  const [saved, setSaved] = useState(null);
  const final = doc.kind === 'final_report';

  function payload() {
    const out = { sections: {} };
    for (const [k, v] of Object.entries(values)) if (v.trim()) out.sections[k] = v.trim();
    if (final) out.body = { outcome: body.outcome || null, next_step: body.next_step.trim() || null };
    return out;
  }

  async function act(kind, e) {
    if (e) e.preventDefault();
    setSaved(null);
    setFailure(null);
    if (kind === 'submit') {
      const errs = {};
      for (const s of sections) if (!values[s.id].trim()) errs[`sec-${s.id}`] = t('doc.section_missing', { title: s.title });
      setErrors(errs);
      if (Object.keys(errs).length) return;
    }
    setBusy(kind);
    try {
      const d = kind === 'submit'
        ? await api.post(`/documents/${doc.id}/submit`, payload())
        : await api.put(saveUrl(doc), payload());
      setErrors({});
      if (kind === 'submit') announce(t('doc.submitted_done'));
      else setSaved(t('doc.saved_done'));
      onSaved(d);
    } catch (err) {
      const { fields, rest } = sectionErrors(err);
      setErrors(fields);
      if (!Object.keys(fields).length || rest.length) setFailure(err);
    } finally {
      setBusy(null);
    }
  }

  return html`
    <${Section} title=${t('doc.write')} id="content">
      <p class="hint">${t('doc.write_hint', { na: doc.not_applicable || 'Ej aktuellt' })}</p>
      ${saved && html`<${Notice} kind="success">${saved}</${Notice}>`}
      <${ErrorSummary} errors=${errors} />
      <${ErrorMessage} error=${failure} />
      <form class="form form-wide" novalidate onSubmit=${(e) => act('submit', e)}>
        ${sections.map((s) => html`
          <${TextArea} id=${`sec-${s.id}`} label=${s.title} value=${values[s.id]} rows="4"
            onValue=${(v) => setValues({ ...values, [s.id]: v })} error=${errors[`sec-${s.id}`]} />`)}
        ${final && html`
          <${SelectField} id="body-outcome" label=${t('doc.outcome')} value=${body.outcome} onValue=${(v) => setBody({ ...body, outcome: v })}
            error=${errors['body-outcome']} options=${[{ value: '', label: t('doc.choose_outcome') }, ...OUTCOMES.map((o) => ({ value: o, label: tWord('outcome', o) }))]} />
          <${TextArea} id="body-next_step" label=${t('doc.next_step')} hint=${t('doc.next_step_hint')} optional value=${body.next_step}
            onValue=${(v) => setBody({ ...body, next_step: v })} error=${errors['body-next_step']} rows="3" />`}
        <div class="button-row">
          <${Button} type="submit" busy=${busy === 'submit'} busyLabel=${t('doc.submitting')}>${t('doc.submit')}</${Button}>
          <${Button} kind="secondary" busy=${busy === 'save'} busyLabel=${t('common.saving')} onClick=${() => act('save')}>${t('doc.save_draft')}</${Button}>
        </div>
      </form>
    </${Section}>`;
}

function Review({ doc, onDone }) {
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState({});
  const [failure, setFailure] = useState(null);
  const [busy, setBusy] = useState(null);

  async function act(kind, e) {
    if (e) e.preventDefault();
    setFailure(null);
    if (kind === 'return' && !comment.trim()) {
      setErrors({ 'rv-comment': required(t('doc.return_comment')) });
      return;
    }
    setErrors({});
    setBusy(kind);
    try {
      const d = kind === 'approve'
        ? await api.post(`/documents/${doc.id}/approve`)
        : await api.post(`/documents/${doc.id}/return`, { comment: comment.trim() });
      announce(kind === 'approve' ? t('doc.approved_done') : t('doc.returned_done'));
      onDone(d);
    } catch (err) {
      const f = err.fieldErrors().comment;
      if (f) setErrors({ 'rv-comment': fieldMessage(f) });
      else setFailure(err);
    } finally {
      setBusy(null);
    }
  }

  return html`
    <${Section} title=${t('doc.review')} id="review">
      <p>${t('doc.review_lead')}</p>
      <${ErrorMessage} error=${failure} />
      <div class="button-row">
        <${Button} busy=${busy === 'approve'} busyLabel=${t('common.saving')} onClick=${() => act('approve')}>${t('doc.approve')}</${Button}>
      </div>
      <h3>${t('doc.return')}</h3>
      <${ErrorSummary} errors=${errors} />
      <form class="form" novalidate onSubmit=${(e) => act('return', e)}>
        <${TextArea} id="rv-comment" label=${t('doc.return_comment')} hint=${t('doc.return_hint')} value=${comment} onValue=${setComment}
          error=${errors['rv-comment']} rows="3" />
        <div class="button-row"><${Button} type="submit" kind="secondary" busy=${busy === 'return'} busyLabel=${t('common.saving')}>${t('doc.return_submit')}</${Button}></div>
      </form>
    </${Section}>`;
}
