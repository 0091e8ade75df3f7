// Provider proposals across cases (KV-24, KV-33, KV-50, KV-52): the provider
// cannot change an intervention's dates or end it, it proposes; the
// responsible counsellor or the unit's supervisor approves, or rejects with a
// reason. Provider staff follow their own proposals here.
import { html, useState } from '../lib.js';
import { t, tWord, fmtDate, fmtDateTime } from '../i18n.js';
import { api, getAll } from '../api.js';
import { navigate, queryParam } from '../router.js';
import {
  Page, Loading, Empty, ErrorPage, ErrorMessage, Badge, Button, TextArea, SelectField,
  required, useSubmit, useAsync, useApp, customerName, announce,
} from '../ui.js';

const STATES = ['pending', 'approved', 'rejected', 'replaced'];
const decides = (role) => role === 'counsellor' || role === 'supervisor';

async function loadProposals(state) {
  const [items, customers] = await Promise.all([
    getAll('/proposals', state ? { state } : {}),
    getAll('/customers').catch(() => []),
  ]);
  return { items, customers: new Map(customers.map((c) => [c.id, c])) };
}

export function ProposalList() {
  const { me } = useApp();
  const q = queryParam('state');
  const filter = q === 'all' ? '' : (STATES.includes(q) ? q : 'pending');
  const state = useAsync(() => loadProposals(filter), [filter]);
  if (state.error) return html`<${ErrorPage} error=${state.error} />`;
  const items = state.data ? [...state.data.items].sort((a, b) => (a.made_at < b.made_at ? -1 : 1)) : [];
  const choose = (v) => navigate(v === 'pending' ? '/proposals' : `/proposals?state=${v}`, { replace: true });
  return html`
    <${Page} title=${t('pages.prop.title')} lead=${t(decides(me.role) ? 'pages.prop.lead' : 'pages.prop.lead_other')}>
      <div class="filters">
        <${SelectField} id="pp-state" label=${t('pages.prop.show')} optional="quiet" value=${filter || 'all'} onValue=${choose}
          options=${[...STATES.map((s) => ({ value: s, label: tWord('proposal_state', s) })), { value: 'all', label: t('common.all') }]} />
      </div>
      ${!state.data ? html`<${Loading} />` : html`
        <p class="result-count" role="status">${t('pages.prop.count', { n: items.length })}</p>
        ${items.length ? html`
          <ul class="plain-list pages-cards" id="proposals">
            ${items.map((p) => html`<${ProposalItem} key=${p.id} p=${p} me=${me} customers=${state.data.customers} onDone=${state.reload} />`)}
          </ul>` : html`<${Empty}>${t('pages.prop.none')}</${Empty}>`}`}
    </${Page}>`;
}

function ProposalItem({ p, me, customers, onDone }) {
  const c = customers.get(p.customer_id);
  const name = c ? customerName(c) : t('case.customer_n', { id: p.customer_id });
  const hid = `pp-${p.id}-title`;
  return html`
    <li class="card">
      <h2 id=${hid}>${tWord('proposal_kind', p.kind)}${' – '}${name}</h2>
      <p><${Badge} state=${p.state} prefix="proposal_state" /> <span class="muted">${t('pages.prop.made_at', { when: fmtDateTime(p.made_at) })}</span></p>
      <p class="prewrap">${p.justification}</p>
      ${(p.date || p.months || p.end_reason) && html`<p class="small">${[
        p.date && `${t('prop.date')}: ${fmtDate(p.date)}`,
        p.months && `${t('prop.months')}: ${p.months}`,
        p.end_reason && `${t('pages.prop.end_reason')}: ${tWord('end_reason', p.end_reason)}`,
      ].filter(Boolean).join(' · ')}</p>`}
      ${p.decision_reason && html`<p class="small">${t('prop.decision_reason')}: ${p.decision_reason}</p>`}
      <p><a href=${`/interventions/${p.intervention_id}`}>${t('pages.prop.to_case', { name })}</a></p>
      ${decides(me.role) && p.state === 'pending' && html`<${Decision} p=${p} name=${name} onDone=${onDone} />`}
    </li>`;
}

function Decision({ p, name, onDone }) {
  const [reason, setReason] = useState('');
  const s = useSubmit();
  const id = `pp-${p.id}-reason`;
  async function decide(approve) {
    if (!approve && !reason.trim()) { s.setErrors({ [id]: required(t('prop.decision_reason')) }); return; }
    s.setErrors({});
    const ok = await s.run(() => api.post(`/proposals/${p.id}/${approve ? 'approve' : 'reject'}`, { reason: reason.trim() || null }),
      `pp-${p.id}-`, ['reason']);
    if (ok) {
      announce(t(approve ? 'pages.prop.approved' : 'pages.prop.rejected', { name }));
      onDone();
    }
  }
  return html`
    <div class="decision">
      <${ErrorMessage} error=${s.failure} />
      <${TextArea} id=${id} label=${t('prop.decision_reason')} optional hint=${t('prop.decision_hint')} value=${reason}
        onValue=${setReason} error=${s.errors[id]} rows="2" />
      <div class="button-row">
        <${Button} busy=${s.busy} onClick=${() => decide(true)} aria-describedby=${`pp-${p.id}-title`}>${t('prop.approve')}</${Button}>
        <${Button} kind="secondary" busy=${s.busy} onClick=${() => decide(false)} aria-describedby=${`pp-${p.id}-title`}>${t('prop.reject')}</${Button}>
      </div>
    </div>`;
}
