// Changes decided by the counsellor: another start date for an assigned
// intervention (KV-24; the plan deadline, the monthly reports and the
// planned end move with it) and a switch of provider (KV-14, KV-52: before
// the start the case is queued again at the new provider; after it the
// intervention ends and a new one is granted). Provider staff see what was
// changed but cannot change it: they propose instead (Förslag).
import { html, useState } from '../lib.js';
import { t, fmtDate, fmtDateLong, fmtDateTime } from '../i18n.js';
import { api, getAll } from '../api.js';
import { navigate } from '../router.js';
import {
  Section, Loading, ErrorMessage, Notice, Button, TextField, TextArea, SelectField,
  ErrorSummary, useAsync, announce, setFlash, required,
} from '../ui.js';
import { isProvider } from '../roles.js';
import { useSubmit, decides, ISO_DATE } from './case_common.js';

const SWITCHABLE = ['queued', 'staffed', 'assigned', 'running'];

/* The start-date changes of this intervention, from the case's events (X-1). */
async function loadHistory(c) {
  const events = await getAll(`/customers/${c.customer_id}/events`).catch(() => []);
  return events.filter((e) => e.kind === 'intervention.start_changed' && e.payload && e.payload.intervention_id === c.id);
}

/* A form is drawn afresh (empty, closed) after its action: a key from the intervention's last change. */
export function ChangesSection({ c, me, onChange }) {
  const decider = decides(me.role);
  const provider = isProvider(me.role);
  const canStart = decider && c.state === 'assigned';
  const canSwitch = decider && SWITCHABLE.includes(c.state);
  const history = useAsync(() => loadHistory(c), [c.id, c.updated_at]);
  const changes = history.data || [];
  if (!canStart && !canSwitch && !changes.length && !(provider && SWITCHABLE.includes(c.state))) return null;
  return html`
    <${Section} title=${t('casework.changes.title')} id="changes">
      ${history.loading && !history.data ? html`<${Loading} />` : html`
        ${changes.length ? html`
          <ul class="plain-list" id="start-changes">
            ${[...changes].reverse().map((e) => html`
              <li>${t('casework.changes.start_changed', {
                from: fmtDateLong(e.payload.from), to: fmtDateLong(e.payload.start_on), end: fmtDateLong(e.payload.planned_end_on),
              })}${e.reason ? html` ${t('casework.changes.because', { reason: e.reason })}` : ''} <span class="small muted">${fmtDateTime(e.at)}</span></li>`)}
          </ul>` : (provider ? '' : html`<p class="hint">${t('casework.changes.none')}</p>`)}`}
      ${provider && SWITCHABLE.includes(c.state) && html`
        <p>${t('casework.changes.provider_note')} <a href="#proposals">${t('casework.changes.to_proposals')}</a></p>`}
      ${canStart && html`<${StartDateForm} key=${`sd-${c.updated_at}`} c=${c} onDone=${onChange} />`}
      ${canSwitch && html`<${SwitchForm} key=${`sw-${c.updated_at}`} c=${c} onDone=${onChange} />`}
    </${Section}>`;
}

function StartDateForm({ c, onDone }) {
  const [f, setF] = useState({ start_on: '', reason: '' });
  const s = useSubmit();
  const set = (k) => (v) => setF({ ...f, [k]: v });
  async function submit(e) {
    e.preventDefault();
    if (!ISO_DATE.test(f.start_on)) { s.setErrors({ 'sd-start_on': required(t('casework.changes.new_start'), 'form.date_required') }); return; }
    s.setErrors({});
    // The reason goes as written: the server refuses an empty one at its field (X-4).
    const ok = await s.run(() => api.post(`/interventions/${c.id}/start-date`, { start_on: f.start_on, reason: f.reason.trim() }),
      'sd-', ['start_on', 'reason']);
    if (ok) { setF({ start_on: '', reason: '' }); announce(t('casework.changes.start_done')); onDone(); }
  }
  return html`
    <details class="disclosure" id="start-date">
      <summary>${t('casework.changes.start')}</summary>
      <p class="hint">${t('casework.changes.start_hint', { date: fmtDate(c.start_on) })}</p>
      <${ErrorSummary} errors=${s.errors} />
      <${ErrorMessage} error=${s.failure} />
      <form class="form" novalidate onSubmit=${submit}>
        <${TextField} id="sd-start_on" label=${t('casework.changes.new_start')} hint=${t('form.date_hint')} value=${f.start_on}
          onValue=${set('start_on')} error=${s.errors['sd-start_on']} width="m" maxlength="10" autocomplete="off" />
        <${TextArea} id="sd-reason" label=${t('casework.changes.reason')} value=${f.reason} onValue=${set('reason')}
          error=${s.errors['sd-reason']} rows="2" />
        <div class="button-row"><${Button} type="submit" busy=${s.busy} busyLabel=${t('common.saving')}>${t('casework.changes.start_submit')}</${Button}></div>
      </form>
    </details>`;
}

function SwitchForm({ c, onDone }) {
  const comparison = useAsync(() => api.get(`/comparison/${encodeURIComponent(c.scheme)}`), [c.scheme]);
  const [f, setF] = useState({ provider: '', end_on: '', reason: '' });
  const s = useSubmit();
  const set = (k) => (v) => setF({ ...f, [k]: v });
  const running = c.state === 'running';
  const others = comparison.data ? comparison.data.providers.filter((p) => p.id !== c.provider_id) : [];
  const dflt = comparison.data && comparison.data.default;

  async function submit(e) {
    e.preventDefault();
    const errs = {};
    if (!f.provider) errs['sw-provider_id'] = t('casework.changes.provider_missing');
    if (running && f.end_on && !ISO_DATE.test(f.end_on)) errs['sw-end_on'] = t('form.date_format');
    s.setErrors(errs);
    if (Object.keys(errs).length) return;
    let after = null;
    const ok = await s.run(async () => {
      after = await api.post(`/interventions/${c.id}/provider-switch`, {
        ...(f.provider === 'default' ? { default: true } : { provider_id: Number(f.provider) }),
        end_on: running && f.end_on ? f.end_on : null,
        reason: f.reason.trim(),
      });
    }, 'sw-', ['provider_id', 'end_on', 'reason']);
    if (!ok) return;
    if (after && after.id !== c.id) {
      setFlash(t('casework.changes.switched_new'));
      navigate(`/interventions/${after.id}`);
    } else {
      announce(t('casework.changes.switched_done'));
      onDone();
    }
  }

  let options = null;
  if (comparison.error) options = html`<${ErrorMessage} error=${comparison.error} />`;
  else if (!comparison.data) options = html`<${Loading} />`;
  else {
    options = html`
      <${SelectField} id="sw-provider_id" label=${t('casework.changes.new_provider')} value=${f.provider} onValue=${set('provider')}
        error=${s.errors['sw-provider_id']} options=${[
          { value: '', label: t('casework.changes.choose_provider') },
          ...others.map((p) => ({ value: String(p.id), label: p.name })),
          ...(dflt ? [{ value: 'default', label: t('casework.changes.default_provider', { name: dflt.name }) }] : []),
        ]} />
      ${!others.length && html`<${Notice} kind="info">${t('casework.changes.no_other')}</${Notice}>`}`;
  }
  return html`
    <details class="disclosure" id="provider-switch">
      <summary>${t('casework.changes.switch')}</summary>
      <p class="hint">${running ? t('casework.changes.switch_running') : t('casework.changes.switch_before')}</p>
      <${ErrorSummary} errors=${s.errors} />
      <${ErrorMessage} error=${s.failure} />
      <form class="form" novalidate onSubmit=${submit}>
        ${options}
        ${running && html`<${TextField} id="sw-end_on" label=${t('casework.changes.end_on')} optional hint=${t('casework.changes.end_on_hint')}
          value=${f.end_on} onValue=${set('end_on')} error=${s.errors['sw-end_on']} width="m" maxlength="10" autocomplete="off" />`}
        <${TextArea} id="sw-reason" label=${t('casework.changes.reason')} hint=${t('casework.changes.switch_reason_hint')} value=${f.reason}
          onValue=${set('reason')} error=${s.errors['sw-reason']} rows="2" />
        <div class="button-row"><${Button} type="submit" kind="danger" busy=${s.busy} busyLabel=${t('common.saving')}>${t('casework.changes.switch_submit')}</${Button}></div>
      </form>
    </details>`;
}
