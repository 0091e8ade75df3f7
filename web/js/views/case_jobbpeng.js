// Jobbpeng (JP-3 ... JP-8) on one intervention: the 100-day target and the
// days left (JP-3), the follow-up meeting three months after the start
// (JP-5), supplementary vouchers applied for by the provider and decided by
// the counsellor (JP-7), and the bonus claim with its proof after six months
// of self-sufficiency (JP-8). Amounts in Swedish format (CAL-5).
import { html, useState } from '../lib.js';
import { t, tWord, fmtDate, fmtDateLong, fmtMoney } from '../i18n.js';
import { api } from '../api.js';
import {
  Section, Loading, Empty, ErrorMessage, Dl, Badge, Button, TextArea, TextField, SelectField,
  ErrorSummary, useAsync, announce, required, today,
} from '../ui.js';
import { isProvider } from '../roles.js';
import { useSubmit, decides, daysBetween } from './case_common.js';

const AMOUNTS = ['5000.00', '10000.00', '15000.00'];
const PROOF_KINDS = ['employment_contract', 'payslips', 'income_data', 'business_registration', 'student_aid_decision', 'other'];
const TONE = { pending: 'pending', granted: 'approved', approved: 'approved', refused: 'rejected', rejected: 'rejected' };

export const isJobbpeng = (c) => c.scheme === 'JOBBPENG' || c.code === 'JP';

export function JobbpengSection({ c, me }) {
  const data = useAsync(() => api.get(`/interventions/${c.id}/jobbpeng`), [c.id, c.updated_at]);
  const [round, setRound] = useState(0); // a new round draws the forms afresh
  const done = () => { setRound(round + 1); data.reload(); };
  let body;
  if (data.error) body = html`<${ErrorMessage} error=${data.error} />`;
  else if (!data.data) body = html`<${Loading} />`;
  else {
    const j = data.data;
    body = html`
      <div class="grid-2">
        <div>
          <h3 class="first">${t('casework.jp.target')}</h3>
          <${Target} j=${j} />
        </div>
        <div>
          <h3 class="first">${t('casework.jp.follow_up')}</h3>
          <${Dl} items=${[
            [t('casework.jp.follow_up_due'), j.follow_up.due_on ? `${fmtDateLong(j.follow_up.due_on)} (${j.follow_up.rule})` : '–'],
            [t('casework.jp.follow_up_status'), j.follow_up.status ? tWord('casework.jp.status', j.follow_up.status) : '–'],
          ]} />
          <p class="hint">${t('casework.jp.follow_up_hint')}</p>
        </div>
      </div>
      <${Supplements} key=${`s-${round}`} c=${c} j=${j} me=${me} onDone=${done} />
      <${Bonus} key=${`b-${round}`} c=${c} j=${j} me=${me} onDone=${done} />`;
  }
  return html`<${Section} title=${t('casework.jp.title')} id="jobbpeng">${body}</${Section}>`;
}

/* JP-3: the target is the start + 100 days; the days left count from the server's today. */
function Target({ j }) {
  if (!j.target.on) return html`<p>${t('casework.jp.no_start')}</p>`;
  const left = daysBetween(today(), j.target.on);
  let leftText;
  if (left > 0) leftText = t('casework.jp.days_left', { n: left });
  else if (left === 0) leftText = t('casework.jp.target_today');
  else leftText = t('casework.jp.target_passed', { n: -left });
  return html`
    <${Dl} items=${[
      [t('casework.jp.target_on'), html`<span id="jp-target-on">${fmtDateLong(j.target.on)}</span> (${j.target.rule})`],
      [t('casework.jp.days_left_label'), html`<span id="jp-days-left">${leftText}</span>`],
      [t('casework.jp.day_of'), j.target.days_since_start > 0 ? t('casework.jp.day_n', { n: j.target.days_since_start, of: j.target.days }) : t('casework.jp.not_started')],
    ]} />`;
}

/* ---------- supplementary vouchers (JP-7) ---------- */

function Supplements({ c, j, me, onDone }) {
  const canApply = isProvider(me.role) && c.state === 'running';
  return html`
    <h3>${t('casework.jp.supplements')}</h3>
    <p>${t('casework.jp.granted_total')}: <strong id="jp-granted-total">${fmtMoney(j.supplements_granted)}</strong></p>
    ${j.supplements.length ? html`
      <ul class="plain-list" id="jp-supplements">
        ${j.supplements.map((x) => html`
          <li>
            <p><strong>${fmtMoney(x.amount)}</strong> – ${x.purpose} <${Badge} state=${TONE[x.state]}>${tWord('casework.jp.supplement_state', x.state)}</${Badge}>
              <span class="small muted"> ${t('casework.jp.applied_on', { date: fmtDate(x.applied_on) })}</span></p>
            <p class="prewrap small">${x.justification}</p>
            ${x.decided_on && html`<p class="small">${t('casework.jp.decided_on', { date: fmtDate(x.decided_on) })}${x.decision_reason ? ` – ${x.decision_reason}` : ''}</p>`}
            ${x.state === 'pending' && decides(me.role) && html`<${Decision} id=${`sd-${x.id}`} path=${`/supplements/${x.id}/decision`} field="grant"
              yes=${t('casework.jp.grant')} no=${t('casework.jp.refuse')} doneYes=${t('casework.jp.granted_done')} doneNo=${t('casework.jp.refused_done')} onDone=${onDone} />`}
          </li>`)}
      </ul>` : html`<${Empty}>${t('casework.jp.no_supplements')}</${Empty}>`}
    ${canApply && html`<${SupplementForm} c=${c} onDone=${onDone} />`}`;
}

function SupplementForm({ c, onDone }) {
  const [f, setF] = useState({ amount: '', purpose: '', justification: '' });
  const s = useSubmit();
  const set = (k) => (v) => setF({ ...f, [k]: v });
  async function submit(e) {
    e.preventDefault();
    const errs = {};
    if (!f.amount) errs['su-amount'] = t('casework.jp.amount_missing');
    if (!f.purpose.trim()) errs['su-purpose'] = required(t('casework.jp.purpose'));
    if (!f.justification.trim()) errs['su-justification'] = required(t('casework.jp.justification'));
    s.setErrors(errs);
    if (Object.keys(errs).length) return;
    const ok = await s.run(() => api.post(`/interventions/${c.id}/supplements`, {
      amount: f.amount, purpose: f.purpose.trim(), justification: f.justification.trim(),
    }), 'su-', ['amount', 'purpose', 'justification']);
    if (ok) { announce(t('casework.jp.applied_done')); onDone(); }
  }
  return html`
    <details class="disclosure" id="supplement-form">
      <summary>${t('casework.jp.apply')}</summary>
      <p class="hint">${t('casework.jp.apply_hint')}</p>
      <${ErrorSummary} errors=${s.errors} />
      <${ErrorMessage} error=${s.failure} />
      <form class="form" novalidate onSubmit=${submit}>
        <fieldset class="fieldset" aria-describedby=${s.errors['su-amount'] ? 'su-amount-error' : undefined}>
          <legend>${t('casework.jp.amount')}</legend>
          ${s.errors['su-amount'] && html`<p class="error-text" id="su-amount-error">${s.errors['su-amount']}</p>`}
          ${AMOUNTS.map((a, i) => html`
            <div class="radio">
              <input type="radio" name="su-amount" id=${i === 0 ? 'su-amount' : `su-amount-${i}`} value=${a}
                checked=${f.amount === a} onChange=${() => set('amount')(a)} />
              <label for=${i === 0 ? 'su-amount' : `su-amount-${i}`}>${fmtMoney(a)}</label>
            </div>`)}
        </fieldset>
        <${TextField} id="su-purpose" label=${t('casework.jp.purpose')} hint=${t('casework.jp.purpose_hint')} value=${f.purpose}
          onValue=${set('purpose')} error=${s.errors['su-purpose']} />
        <${TextArea} id="su-justification" label=${t('casework.jp.justification')} hint=${t('casework.jp.justification_hint')}
          value=${f.justification} onValue=${set('justification')} error=${s.errors['su-justification']} rows="3" />
        <div class="button-row"><${Button} type="submit" busy=${s.busy} busyLabel=${t('common.saving')}>${t('casework.jp.apply_submit')}</${Button}></div>
      </form>
    </details>`;
}

/* A counsellor's yes or no with a reason (required for no: JP-7, JP-8; the server says so at the field). */
function Decision({ id, path, field, yes, no, doneYes, doneNo, onDone }) {
  const [reason, setReason] = useState('');
  const s = useSubmit();
  async function decide(answer) {
    const ok = await s.run(() => api.post(path, { [field]: answer, reason: reason.trim() || null }), `${id}-`, ['reason']);
    if (ok) { announce(answer ? doneYes : doneNo); onDone(); }
  }
  return html`
    <div class="decision">
      <${ErrorMessage} error=${s.failure} />
      <${TextArea} id=${`${id}-reason`} label=${t('casework.jp.decision_reason')} optional hint=${t('casework.jp.decision_hint')}
        value=${reason} onValue=${setReason} error=${s.errors[`${id}-reason`]} rows="2" />
      <div class="button-row">
        <${Button} busy=${s.busy} onClick=${() => decide(true)}>${yes}</${Button}>
        <${Button} kind="secondary" busy=${s.busy} onClick=${() => decide(false)}>${no}</${Button}>
      </div>
    </div>`;
}

/* ---------- the bonus (JP-8) ---------- */

function Bonus({ c, j, me, onDone }) {
  const b = j.bonus;
  const canClaim = isProvider(me.role) && b.possible && !b.claims.some((x) => x.state !== 'rejected');
  return html`
    <h3>${t('casework.jp.bonus')}</h3>
    <${Dl} items=${[
      [t('casework.jp.bonus_possible'), b.possible ? t('common.yes') : t('casework.jp.bonus_not_yet', { rule: b.rule })],
      b.qualifying_from && [t('casework.jp.qualifying_from'), fmtDateLong(b.qualifying_from)],
      b.eligible_on && [t('casework.jp.eligible_on'), fmtDateLong(b.eligible_on)],
    ]} />
    ${b.claims.length > 0 && html`
      <ul class="plain-list" id="jp-claims">
        ${b.claims.map((x) => html`
          <li>
            <p><strong>${t('casework.jp.claim_of', { date: fmtDate(x.claimed_on) })}</strong> <${Badge} state=${TONE[x.state]}>${tWord('casework.jp.claim_state', x.state)}</${Badge}></p>
            <ul class="small">
              ${x.proof.map((p) => html`<li>${tWord('casework.proof_kind', p.kind)}: ${p.description}</li>`)}
            </ul>
            ${x.decided_on && html`<p class="small">${t('casework.jp.decided_on', { date: fmtDate(x.decided_on) })}${x.decision_reason ? ` – ${x.decision_reason}` : ''}</p>`}
            ${x.state === 'pending' && decides(me.role) && html`<${Decision} id=${`bd-${x.id}`} path=${`/bonus-claims/${x.id}/decision`} field="approve"
              yes=${t('casework.jp.approve')} no=${t('casework.jp.reject')} doneYes=${t('casework.jp.approved_done')} doneNo=${t('casework.jp.rejected_done')} onDone=${onDone} />`}
          </li>`)}
      </ul>`}
    ${canClaim && html`<${ClaimForm} c=${c} onDone=${onDone} />`}`;
}

function ClaimForm({ c, onDone }) {
  const [f, setF] = useState({ proof_kind: '', proof: '' });
  const s = useSubmit();
  const set = (k) => (v) => setF({ ...f, [k]: v });
  async function submit(e) {
    e.preventDefault();
    const errs = {};
    if (!f.proof_kind) errs['bc-proof_kind'] = t('casework.jp.proof_kind_missing');
    if (!f.proof.trim()) errs['bc-proof'] = required(t('casework.jp.proof'));
    s.setErrors(errs);
    if (Object.keys(errs).length) return;
    const ok = await s.run(() => api.post(`/interventions/${c.id}/bonus-claims`, { proof_kind: f.proof_kind, proof: f.proof.trim() }),
      'bc-', ['proof_kind', 'proof']);
    if (ok) { announce(t('casework.jp.claimed_done')); onDone(); }
  }
  return html`
    <details class="disclosure" id="claim-form">
      <summary>${t('casework.jp.claim')}</summary>
      <${ErrorSummary} errors=${s.errors} />
      <${ErrorMessage} error=${s.failure} />
      <form class="form" novalidate onSubmit=${submit}>
        <${SelectField} id="bc-proof_kind" label=${t('casework.jp.proof_kind')} value=${f.proof_kind} onValue=${set('proof_kind')} error=${s.errors['bc-proof_kind']}
          options=${[{ value: '', label: t('casework.jp.choose_proof') }, ...PROOF_KINDS.map((k) => ({ value: k, label: tWord('casework.proof_kind', k) }))]} />
        <${TextArea} id="bc-proof" label=${t('casework.jp.proof')} value=${f.proof} onValue=${set('proof')} error=${s.errors['bc-proof']} rows="3" />
        <div class="button-row"><${Button} type="submit" busy=${s.busy} busyLabel=${t('common.saving')}>${t('casework.jp.claim_submit')}</${Button}></div>
      </form>
    </details>`;
}
