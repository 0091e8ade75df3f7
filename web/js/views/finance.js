// Finance: every intervention of the municipality, the basis of payment
// (KV-70..KV-74). Finance reads no customer records (X-3), so customers are
// shown by number only.
import { html, useState } from '../lib.js';
import { t, tWord, fmtDate } from '../i18n.js';
import { getAll } from '../api.js';
import {
  Page, Loading, Empty, ErrorPage, Badge, InterventionCode, SelectField, useAsync, useLookup,
} from '../ui.js';

const STATES = ['granted', 'queued', 'staffed', 'assigned', 'running', 'ended', 'cancelled'];

export function InterventionList() {
  const [provider, setProvider] = useState('');
  const [stateFilter, setStateFilter] = useState('');
  const providers = useLookup('providers');
  const units = useLookup('units');
  const state = useAsync(() => getAll('/interventions', {
    provider_id: provider || undefined, state: stateFilter || undefined,
  }), [provider, stateFilter]);
  if (state.error) return html`<${ErrorPage} error=${state.error} />`;
  const rows = state.data || [];
  return html`
    <${Page} title=${t('interventions.title')} lead=${t('interventions.lead')}>
      <div class="filters">
        <${SelectField} id="f-provider" label=${t('intervention.provider')} optional="quiet" value=${provider} onValue=${setProvider}
          options=${[{ value: '', label: t('common.all') }, ...[...providers.values()].map((p) => ({ value: p.id, label: p.name }))]} />
        <${SelectField} id="f-state" label=${t('intervention.state')} optional="quiet" value=${stateFilter} onValue=${setStateFilter}
          options=${[{ value: '', label: t('common.all') }, ...STATES.map((s) => ({ value: s, label: tWord('state', s) }))]} />
      </div>
      ${state.loading ? html`<${Loading} />` : html`
        <p class="result-count" role="status">${t('interventions.count', { n: rows.length })}</p>
        ${rows.length ? html`
          <div class="table-wrap">
            <table class="table">
              <caption class="visually-hidden">${t('interventions.title')}</caption>
              <thead><tr>
                <th scope="col">${t('intervention.code')}</th>
                <th scope="col">${t('intervention.customer')}</th>
                <th scope="col">${t('intervention.state')}</th>
                <th scope="col">${t('intervention.provider')}</th>
                <th scope="col">${t('customer.unit')}</th>
                <th scope="col">${t('intervention.start_on')}</th>
                <th scope="col">${t('intervention.planned_end_on')}</th>
                <th scope="col">${t('intervention.actual_end_on')}</th>
              </tr></thead>
              <tbody>
                ${rows.map((i) => html`
                  <tr>
                    <td><${InterventionCode} code=${i.code} /></td>
                    <td class="nowrap">${t('case.customer_n', { id: i.customer_id })}</td>
                    <td><${Badge} state=${i.state} /></td>
                    <td>${i.provider_id ? (providers.get(i.provider_id)?.name ?? `#${i.provider_id}`) : t('intervention.no_provider')}</td>
                    <td>${units.get(i.unit_id)?.name ?? '–'}</td>
                    <td class="nowrap">${fmtDate(i.start_on)}</td>
                    <td class="nowrap">${fmtDate(i.planned_end_on)}</td>
                    <td class="nowrap">${fmtDate(i.actual_end_on)}</td>
                  </tr>`)}
              </tbody>
            </table>
          </div>` : html`<${Empty}>${t('interventions.none')}</${Empty}>`}
      `}
    </${Page}>`;
}
