// "Att göra": the obligations due and overdue for the caller (GET /inbox),
// from the deadline engine (KV-21 ... KV-80). The counsellor's and the
// provider's first screen.
import { html } from '../lib.js';
import { t, tWord, fmtDate } from '../i18n.js';
import { getAll } from '../api.js';
import {
  Page, Section, Loading, Empty, ErrorPage, Badge, InterventionCode, customerName, useAsync, useApp,
} from '../ui.js';
import { isProvider } from '../roles.js';

async function loadInbox() {
  const [items, customers] = await Promise.all([getAll('/inbox'), getAll('/customers').catch(() => [])]);
  return { items, customers: new Map(customers.map((c) => [c.id, c])) };
}

export function deadlineName(o) {
  return tWord('deadline', o.deadline) === o.deadline ? (o.what || o.deadline) : tWord('deadline', o.deadline);
}

export function ObligationStatus({ o }) {
  if (o.status === 'missed') return html`<${Badge} state="overdue">${t('obligation.missed', { days: o.days_late })}</${Badge}>`;
  if (o.status === 'met_late') return html`<${Badge} state="due">${t('obligation.met_late', { days: o.days_late })}</${Badge}>`;
  if (o.status === 'met_on_time') return html`<${Badge} state="met">${t('obligation.met_on_time')}</${Badge}>`;
  return html`<${Badge} state="pending">${t('obligation.open')}</${Badge}>`;
}

/* The month of a monthly report, or a message's own key, after the deadline's name. */
export function obligationLabel(o) {
  const name = deadlineName(o);
  return o.key && /^\d{4}-\d{2}$/.test(o.key) ? `${name} (${o.key})` : name;
}

/* Whose move an obligation is, seen from the caller's role. */
function mine(o, role) {
  if (isProvider(role)) return o.actor === 'provider';
  return o.actor !== 'provider';
}

export function Inbox() {
  const { me } = useApp();
  const state = useAsync(loadInbox, []);
  if (state.error) return html`<${ErrorPage} error=${state.error} />`;
  const items = state.data ? state.data.items : [];
  const own = items.filter((o) => mine(o, me.role));
  const others = items.filter((o) => !mine(o, me.role));
  const overdue = own.filter((o) => o.status === 'missed');
  const open = own.filter((o) => o.status !== 'missed');
  const customers = state.data ? state.data.customers : new Map();
  return html`
    <${Page} title=${t('inbox.title')} lead=${t('inbox.lead')}>
      ${!state.data ? html`<${Loading} />` : html`
        <${Section} title=${t('inbox.overdue', { n: overdue.length })} id="overdue">
          ${overdue.length ? html`<${ObligationTable} rows=${overdue} customers=${customers} caption=${t('inbox.overdue', { n: overdue.length })} />`
            : html`<${Empty}>${t('inbox.overdue_none')}</${Empty}>`}
        </${Section}>
        <${Section} title=${t('inbox.due', { n: open.length })} id="due">
          ${open.length ? html`<${ObligationTable} rows=${open} customers=${customers} caption=${t('inbox.due', { n: open.length })} />`
            : html`<${Empty}>${t('inbox.due_none')}</${Empty}>`}
        </${Section}>
        ${others.length > 0 && html`
          <${Section} title=${t('inbox.others', { n: others.length })} id="others">
            <${ObligationTable} rows=${others} customers=${customers} caption=${t('inbox.others', { n: others.length })} who />
          </${Section}>`}`}
    </${Page}>`;
}

function ObligationTable({ rows, customers, caption, who }) {
  const sorted = [...rows].sort((a, b) => (a.due_on < b.due_on ? -1 : a.due_on > b.due_on ? 1 : a.id - b.id));
  return html`
    <div class="table-wrap">
      <table class="table">
        <caption class="visually-hidden">${caption}</caption>
        <thead><tr>
          <th scope="col">${t('obligation.what')}</th>
          ${who && html`<th scope="col">${t('obligation.who')}</th>`}
          <th scope="col">${t('obligation.customer')}</th>
          <th scope="col">${t('intervention.code')}</th>
          <th scope="col">${t('obligation.due_on')}</th>
          <th scope="col">${t('obligation.status')}</th>
          <th scope="col">${t('obligation.rule')}</th>
        </tr></thead>
        <tbody>
          ${sorted.map((o) => {
            const c = customers.get(o.customer_id);
            return html`
              <tr>
                <td><a href=${`/interventions/${o.intervention_id}`}>${obligationLabel(o)}</a></td>
                ${who && html`<td>${tWord('actor', o.actor)}</td>`}
                <td class="nowrap">${c ? customerName(c) : t('case.customer_n', { id: o.customer_id })}</td>
                <td>${o.code ? html`<${InterventionCode} code=${o.code} short />` : '–'}</td>
                <td class="nowrap">${o.due_at ? o.due_at.replace('T', ' ').slice(0, 16) : fmtDate(o.due_on)}</td>
                <td><${ObligationStatus} o=${o} /></td>
                <td class="nowrap">${o.rule}</td>
              </tr>`;
          })}
        </tbody>
      </table>
    </div>`;
}
