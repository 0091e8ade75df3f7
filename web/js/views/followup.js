// The supervisor's follow-up of providers: timeliness per provider and kind
// of obligation, and noted deficiencies (KV-53).
import { html, useState } from '../lib.js';
import { t, tWord, fmtDate, fmtNumber } from '../i18n.js';
import { api, getAll } from '../api.js';
import { navigate, queryParam } from '../router.js';
import {
  Page, Section, Loading, Empty, ErrorPage, ErrorMessage, Notice, Button, TextField, TextArea, SelectField,
  ErrorSummary, useAsync, useApp, useLookup, serverFieldErrors, Progress, announce,
} from '../ui.js';

export function FollowUp() {
  const from = queryParam('from') || '';
  const to = queryParam('to') || '';
  const [f, setF] = useState({ from, to });
  const [errors, setErrors] = useState({});
  const state = useAsync(() => api.get('/timeliness', { from: from || undefined, to: to || undefined }), [from, to]);
  const providers = useLookup('providers');
  const { me } = useApp();
  if (state.error && state.error.status !== 400 && state.error.status !== 422) return html`<${ErrorPage} error=${state.error} />`;

  function submit(e) {
    e.preventDefault();
    const errs = {};
    for (const k of ['from', 'to']) if (f[k] && !/^\d{4}-\d{2}-\d{2}$/.test(f[k])) errs[`fu-${k}`] = t('form.date_format');
    setErrors(errs);
    if (Object.keys(errs).length) return;
    const q = new URLSearchParams();
    if (f.from) q.set('from', f.from);
    if (f.to) q.set('to', f.to);
    navigate(`/follow-up${q.toString() ? `?${q}` : ''}`);
  }

  const items = state.data ? state.data.items : [];
  const byProvider = new Map();
  for (const x of items) {
    if (!byProvider.has(x.provider_id)) byProvider.set(x.provider_id, []);
    byProvider.get(x.provider_id).push(x);
  }
  return html`
    <${Page} title=${t('fu.title')} lead=${t('fu.lead')}>
      <form class="search-form" novalidate onSubmit=${submit}>
        <${TextField} id="fu-from" label=${t('fu.from')} optional="quiet" hint=${t('form.date_hint')} value=${f.from}
          onValue=${(v) => setF({ ...f, from: v })} error=${errors['fu-from']} width="m" maxlength="10" autocomplete="off" />
        <${TextField} id="fu-to" label=${t('fu.to')} optional="quiet" hint=${t('form.date_hint')} value=${f.to}
          onValue=${(v) => setF({ ...f, to: v })} error=${errors['fu-to']} width="m" maxlength="10" autocomplete="off" />
        <${Button} type="submit" kind="secondary">${t('fu.show')}</${Button}>
      </form>
      <${ErrorMessage} error=${state.error} />
      ${SWEEPERS.includes(me.role) && html`<${Sweep} onDone=${state.reload} />`}
      ${!state.data ? (state.error ? null : html`<${Loading} />`) : (items.length ? [...byProvider.entries()].map(([pid, rows]) => {
        const name = providers.get(pid)?.name ?? t('case.provider_n', { id: pid });
        return html`
          <${Section} title=${name} id=${`fu-${pid}`} actions=${html`<a href=${`/providers/${pid}#deficiencies`}>${t('fu.deficiencies_link')}</a>`}>
            <div class="table-wrap">
              <table class="table">
                <caption class="visually-hidden">${t('fu.caption', { name })}</caption>
                <thead><tr>
                  <th scope="col">${t('fu.deadline')}</th>
                  <th scope="col" class="num">${t('fu.open')}</th>
                  <th scope="col" class="num">${t('fu.on_time')}</th>
                  <th scope="col" class="num">${t('fu.late')}</th>
                  <th scope="col" class="num">${t('fu.missed')}</th>
                  <th scope="col" class="num">${t('fu.over_limit')}</th>
                  <th scope="col" class="num">${t('fu.max_days_late')}</th>
                </tr></thead>
                <tbody>
                  ${rows.map((r) => html`
                    <tr>
                      <td>${tWord('deadline', r.deadline)} <span class="muted">(${r.rule})</span></td>
                      <td class="num">${fmtNumber(r.open)}</td>
                      <td class="num">${fmtNumber(r.on_time)}</td>
                      <td class="num">${fmtNumber(r.late)}</td>
                      <td class="num">${r.missed ? html`<strong class="bad">${fmtNumber(r.missed)}</strong>` : fmtNumber(r.missed)}</td>
                      <td class="num">${fmtNumber(r.over_limit)}</td>
                      <td class="num">${fmtNumber(r.max_days_late)}</td>
                    </tr>`)}
                </tbody>
              </table>
            </div>
          </${Section}>`;
      }) : html`<${Empty}>${t('fu.none')}</${Empty}>`)}
    </${Page}>`;
}

/* The roles the API lets run the obligation sweep (ACT_OBLIGATION_SWEEP, X-3). */
const SWEEPERS = ['admin'];

/*
 * The obligation sweep: interventions whose start date has come start, and
 * open obligations past their due date become missed. A long operation:
 * progress while it runs, then what it did.
 */
function Sweep({ onDone }) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState(null);
  const [failure, setFailure] = useState(null);
  async function run() {
    setBusy(true);
    setResult(null);
    setFailure(null);
    try {
      const r = await api.post('/obligations/sweep');
      setResult(r);
      announce(t('pages.sweep.done', {
        on: fmtDate(r.on), started: fmtNumber(r.started), missed: fmtNumber(r.missed), recomputed: fmtNumber(r.recomputed),
      }));
      onDone();
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  }
  return html`
    <${Section} title=${t('pages.sweep.title')} id="sweep">
      <p>${t('pages.sweep.text')}</p>
      ${busy && html`<${Progress} label=${t('pages.sweep.running')} />`}
      <${ErrorMessage} error=${failure} />
      ${result && html`
        <dl class="inline-facts" id="sweep-result">
          <div><dt>${t('pages.sweep.on')}</dt><dd>${fmtDate(result.on)}</dd></div>
          <div><dt>${t('pages.sweep.started')}</dt><dd>${fmtNumber(result.started)}</dd></div>
          <div><dt>${t('pages.sweep.missed')}</dt><dd>${fmtNumber(result.missed)}</dd></div>
          <div><dt>${t('pages.sweep.recomputed')}</dt><dd>${fmtNumber(result.recomputed)}</dd></div>
        </dl>`}
      <div class="button-row">
        <${Button} busy=${busy} busyLabel=${t('pages.sweep.running')} onClick=${run}>${t('pages.sweep.run')}</${Button}>
      </div>
    </${Section}>`;
}

const KINDS = ['late_reporting', 'missing_information', 'not_following_plan', 'no_progression_follow_up', 'other'];

/* A provider's noted deficiencies, and for counsellors and supervisors a form to note one. */
export function Deficiencies({ provider }) {
  const { me } = useApp();
  const state = useAsync(() => getAll(`/providers/${provider.id}/deficiencies`), [provider.id]);
  const [f, setF] = useState({ kind: '', noted_on: '', note: '' });
  const [errors, setErrors] = useState({});
  const [failure, setFailure] = useState(null);
  const [done, setDone] = useState(null);
  const [busy, setBusy] = useState(false);
  const canWrite = me.role === 'counsellor' || me.role === 'supervisor';
  if (state.error) return null;
  const set = (k) => (v) => setF({ ...f, [k]: v });

  async function submit(e) {
    e.preventDefault();
    const errs = {};
    if (!f.kind) errs['df-kind'] = t('fu.kind_missing');
    if (f.noted_on && !/^\d{4}-\d{2}-\d{2}$/.test(f.noted_on)) errs['df-noted_on'] = t('form.date_format');
    setErrors(errs);
    setFailure(null);
    setDone(null);
    if (Object.keys(errs).length) return;
    setBusy(true);
    try {
      const d = await api.post(`/providers/${provider.id}/deficiencies`, { kind: f.kind, noted_on: f.noted_on || null, note: f.note.trim() || null });
      state.setData([...(state.data || []), d]);
      setF({ kind: '', noted_on: '', note: '' });
      setDone(t('fu.noted'));
    } catch (err) {
      const { fields, unplaced } = serverFieldErrors(err, 'df-', ['kind', 'noted_on', 'note']);
      setErrors(fields);
      if (!Object.keys(fields).length || unplaced.length) setFailure(err);
    } finally {
      setBusy(false);
    }
  }

  const list = state.data || [];
  return html`
    <${Section} title=${t('fu.deficiencies')} id="deficiencies">
      ${!state.data ? html`<${Loading} />` : (list.length ? html`
        <ul class="plain-list">
          ${list.map((d) => html`<li><strong>${tWord('deficiency', d.kind)}</strong> <span class="muted">${fmtDate(d.noted_on)}</span>${d.note && html`<div class="prewrap">${d.note}</div>`}</li>`)}
        </ul>` : html`<${Empty}>${t('fu.no_deficiencies')}</${Empty}>`)}
      ${canWrite && html`
        <details class="disclosure">
          <summary>${t('fu.note_deficiency')}</summary>
          ${done && html`<${Notice} kind="success">${done}</${Notice}>`}
          <${ErrorSummary} errors=${errors} />
          <${ErrorMessage} error=${failure} />
          <form class="form" novalidate onSubmit=${submit}>
            <${SelectField} id="df-kind" label=${t('fu.kind')} value=${f.kind} onValue=${set('kind')} error=${errors['df-kind']}
              options=${[{ value: '', label: t('fu.choose_kind') }, ...KINDS.map((k) => ({ value: k, label: tWord('deficiency', k) }))]} />
            <${TextField} id="df-noted_on" label=${t('fu.noted_on')} optional hint=${t('form.date_hint')} value=${f.noted_on} onValue=${set('noted_on')}
              error=${errors['df-noted_on']} width="m" maxlength="10" autocomplete="off" />
            <${TextArea} id="df-note" label=${t('fu.note')} optional value=${f.note} onValue=${set('note')} error=${errors['df-note']} rows="3" />
            <div class="button-row"><${Button} type="submit" busy=${busy} busyLabel=${t('common.saving')}>${t('fu.note_submit')}</${Button}></div>
          </form>
        </details>`}
    </${Section}>`;
}
