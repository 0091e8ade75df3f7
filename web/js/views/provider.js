// The provider's view of its cases: the queue waiting for staffing, the
// cases under way and those that have ended (X-3: its own provider only).
import { html } from '../lib.js';
import { t, fmtDate } from '../i18n.js';
import { getAll } from '../api.js';
import {
  Page, Section, Loading, Empty, ErrorPage, Badge, CustomerId, InterventionCode, customerName, useAsync,
} from '../ui.js';
import { ProviderDetails } from './providers.js';

async function loadCases() {
  const [interventions, customers] = await Promise.all([getAll('/interventions'), getAll('/customers')]);
  return { interventions, customers: new Map(customers.map((c) => [c.id, c])) };
}

const GROUPS = [
  ['queue', ['queued']],
  ['active', ['staffed', 'assigned', 'running']],
  ['closed', ['ended', 'cancelled']],
];

export function ProviderCases() {
  const state = useAsync(loadCases, []);
  if (state.error) return html`<${ErrorPage} error=${state.error} />`;
  return html`
    <${Page} title=${t('cases.title')} lead=${t('cases.lead')}>
      ${!state.data ? html`<${Loading} />` : GROUPS.map(([key, states]) => {
        const rows = state.data.interventions.filter((i) => states.includes(i.state));
        return html`
          <${Section} title=${`${t(`cases.${key}`)} (${rows.length})`} id=${`cases-${key}`}>
            ${rows.length ? html`<${CaseTable} rows=${rows} customers=${state.data.customers} caption=${t(`cases.${key}`)} />`
              : html`<${Empty}>${t(`cases.${key}_none`)}</${Empty}>`}
          </${Section}>`;
      })}
    </${Page}>`;
}

function CaseTable({ rows, customers, caption }) {
  return html`
    <div class="table-wrap">
      <table class="table">
        <caption class="visually-hidden">${caption}</caption>
        <thead><tr>
          <th scope="col">${t('customer.name')}</th>
          <th scope="col">${t('customer.person_id')}</th>
          <th scope="col">${t('intervention.code')}</th>
          <th scope="col">${t('intervention.state')}</th>
          <th scope="col">${t('intervention.start_on')}</th>
          <th scope="col">${t('intervention.planned_end_on')}</th>
        </tr></thead>
        <tbody>
          ${rows.map((i) => {
            const c = customers.get(i.customer_id);
            return html`
              <tr>
                <td class="nowrap"><a href=${`/customers/${i.customer_id}`}>${c ? customerName(c) : t('case.customer_n', { id: i.customer_id })}</a></td>
                <td><${CustomerId} c=${c} /></td>
                <td><${InterventionCode} code=${i.code} /></td>
                <td><${Badge} state=${i.state} /></td>
                <td class="nowrap">${fmtDate(i.start_on)}</td>
                <td class="nowrap">${fmtDate(i.planned_end_on)}</td>
              </tr>`;
          })}
        </tbody>
      </table>
    </div>`;
}

export function OwnProvider() {
  const state = useAsync(() => getAll('/providers'), []);
  if (state.error) return html`<${ErrorPage} error=${state.error} />`;
  const p = state.data && state.data[0];
  return html`
    <${Page} title=${p ? p.name : t('provider.own_title')} lead=${t('provider.own_lead')}>
      ${!state.data ? html`<${Loading} />` : (p ? html`<${ProviderDetails} p=${p} />` : html`<${Empty}>${t('provider.none')}</${Empty}>`)}
    </${Page}>`;
}
