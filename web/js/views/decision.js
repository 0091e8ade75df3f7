// Granting an intervention (KV-10): the code, the target group the customer
// belongs to (KV-2, JP-1, with the eligibility the rule packs compute), the
// assessment and the future plan.
import { html, useState } from '../lib.js';
import { t, tWord } from '../i18n.js';
import { api } from '../api.js';
import { navigate } from '../router.js';
import {
  Page, Section, Loading, ErrorPage, ErrorMessage, Notice, Badge, Button, TextField, TextArea, SelectField,
  ErrorSummary, customerName, useAsync, serverFieldErrors, required, setFlash,
} from '../ui.js';

const CODES = ['AMI1', 'AMI2', 'FAI1', 'FAI2', 'ISA1', 'ISA2', 'JP'];
const FIELDS = ['code', 'target_group', 'outside_target_reason', 'assessment', 'future_plan', 'start_on'];

export function DecisionPage({ params }) {
  const customer = useAsync(() => api.get(`/customers/${encodeURIComponent(params.id)}`), [params.id]);
  const [f, setF] = useState({ code: '', target_group: '', outside_target_reason: '', assessment: '', future_plan: '', start_on: '' });
  const eligibility = useAsync(() => (f.code
    ? api.get(`/customers/${encodeURIComponent(params.id)}/eligibility`, { code: f.code })
    : Promise.resolve(null)), [params.id, f.code]);
  const [errors, setErrors] = useState({});
  const [failure, setFailure] = useState(null);
  const [busy, setBusy] = useState(false);
  const set = (k) => (v) => setF({ ...f, [k]: v });

  if (customer.error) return html`<${ErrorPage} error=${customer.error} />`;
  if (!customer.data) return html`<${Page} title=${t('decision.title')}><${Loading} /></${Page}>`;
  const c = customer.data;
  const el = eligibility.data;
  const groups = el ? el.groups.filter((g) => g.match) : [];
  const outside = el && (!el.eligible || !el.primary);

  async function submit(e) {
    e.preventDefault();
    const errs = {};
    if (!f.code) errs['d-code'] = t('decision.code_missing');
    if (el && groups.length && !f.target_group) errs['d-target_group'] = t('decision.group_missing');
    if (outside && !f.outside_target_reason.trim()) errs['d-outside_target_reason'] = t('decision.outside_missing');
    if (!f.assessment.trim()) errs['d-assessment'] = required(t('decision.assessment'));
    if (!f.future_plan.trim()) errs['d-future_plan'] = required(t('decision.future_plan'));
    if (f.start_on && !/^\d{4}-\d{2}-\d{2}$/.test(f.start_on)) errs['d-start_on'] = t('form.date_format');
    setErrors(errs);
    setFailure(null);
    if (Object.keys(errs).length) return;
    setBusy(true);
    try {
      const res = await api.post(`/customers/${c.id}/decisions`, {
        code: f.code,
        target_group: f.target_group || undefined,
        outside_target_reason: outside ? f.outside_target_reason.trim() : null,
        assessment: f.assessment.trim(),
        future_plan: f.future_plan.trim(),
        start_on: f.start_on || null,
      });
      setFlash(t('decision.done', { code: f.code }));
      navigate(`/interventions/${res.intervention.id}`);
    } catch (err) {
      setBusy(false);
      const { fields, unplaced } = serverFieldErrors(err, 'd-', FIELDS);
      setErrors(fields);
      if (!Object.keys(fields).length || unplaced.length) setFailure(err);
    }
  }

  return html`
    <${Page} title=${t('decision.title')} lead=${customerName(c)} back=${{ href: `/customers/${c.id}`, label: customerName(c) }}>
      <${ErrorSummary} errors=${errors} />
      <${ErrorMessage} error=${failure} />
      <form class="form form-wide" novalidate onSubmit=${submit}>
        <${SelectField} id="d-code" label=${t('decision.code')} value=${f.code} onValue=${(v) => setF({ ...f, code: v, target_group: '' })}
          error=${errors['d-code']} options=${[{ value: '', label: t('decision.choose_code') }, ...CODES.map((x) => ({ value: x, label: `${x} – ${tWord('intervention.name', x)}` }))]} />
        ${f.code && (eligibility.loading ? html`<${Loading} label=${t('decision.checking')} />` : el && html`
          <${Section} title=${t('decision.eligibility')} id="eligibility">
            ${el.eligible ? html`<${Notice} kind="success">${el.primary ? t('decision.eligible') : t('decision.eligible_not_primary')}</${Notice}>`
              : html`<${Notice} kind="warning">${t('decision.not_eligible')}</${Notice}>`}
            ${groups.length ? html`
              <fieldset class="fieldset" aria-describedby=${errors['d-target_group'] ? 'd-target_group-error' : undefined}>
                <legend>${t('decision.target_group')}</legend>
                ${errors['d-target_group'] && html`<p class="error-text" id="d-target_group-error">${errors['d-target_group']}</p>`}
                ${groups.map((g, i) => html`
                  <div class="radio">
                    <input type="radio" name="d-target_group" id=${i === 0 ? 'd-target_group' : `d-target_group-${g.id}`} value=${g.id}
                      checked=${f.target_group === g.id} onChange=${() => set('target_group')(g.id)} />
                    <label for=${i === 0 ? 'd-target_group' : `d-target_group-${g.id}`}>${g.name || g.id} <span class="muted">(${g.rule})</span></label>
                  </div>`)}
              </fieldset>` : null}
            <details class="disclosure">
              <summary>${t('decision.all_groups')}</summary>
              <ul class="plain-list">
                ${el.groups.map((g) => html`<li><${Badge} state=${g.match ? 'met' : 'ended'}>${g.match ? t('decision.match') : t('decision.no_match')}</${Badge}> ${g.name || g.id}
                  ${g.warnings && g.warnings.length > 0 && html`<div class="small">${g.warnings.join(' ')}</div>`}</li>`)}
              </ul>
            </details>
          </${Section}>`)}
        ${outside && html`<${TextArea} id="d-outside_target_reason" label=${t('decision.outside_reason')} hint=${t('decision.outside_hint')}
          value=${f.outside_target_reason} onValue=${set('outside_target_reason')} error=${errors['d-outside_target_reason']} rows="3" />`}
        <${TextArea} id="d-assessment" label=${t('decision.assessment')} hint=${t('decision.assessment_hint')} value=${f.assessment}
          onValue=${set('assessment')} error=${errors['d-assessment']} />
        <${TextArea} id="d-future_plan" label=${t('decision.future_plan')} value=${f.future_plan} onValue=${set('future_plan')}
          error=${errors['d-future_plan']} rows="3" />
        <${TextField} id="d-start_on" label=${t('decision.start_on')} optional hint=${t('decision.start_hint')} value=${f.start_on}
          onValue=${set('start_on')} error=${errors['d-start_on']} width="m" maxlength="10" autocomplete="off" />
        <div class="button-row">
          <${Button} type="submit" busy=${busy} busyLabel=${t('common.saving')}>${t('decision.submit')}</${Button}>
          <a class="btn btn-link" href=${`/customers/${c.id}`}>${t('common.cancel')}</a>
        </div>
      </form>
    </${Page}>`;
}
