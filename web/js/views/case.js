// The customer's case page: who the customer is, the interventions, and the
// case's timeline of events (X-1). Provider staff see only their own
// provider's cases; any other id answers "not found" (X-3).
import { html } from '../lib.js';
import {
  t, tWord, tMaybe, fmtDate, fmtDateLong, fmtDateTime, fmtMonth, fmtMoney,
} from '../i18n.js';
import { api, getAll } from '../api.js';
import {
  Page, Section, Loading, Empty, ErrorPage, Dl, Badge, CustomerId, InterventionCode, LinkButton,
  customerName, useAsync, useApp, useLookup,
} from '../ui.js';
import { isProvider } from '../roles.js';

async function loadCase(id) {
  const customer = await api.get(`/customers/${encodeURIComponent(id)}`);
  const [interventions, events] = await Promise.all([
    getAll('/interventions', { customer_id: customer.id }),
    getAll(`/customers/${customer.id}/events`),
  ]);
  return { customer, interventions, events };
}

export function CasePage({ params }) {
  const { me } = useApp();
  const provider = isProvider(me.role);
  const state = useAsync(() => loadCase(params.id), [params.id]);
  const units = useLookup('units', !provider);
  const providers = useLookup('providers');
  const back = provider
    ? { href: '/cases', label: t('nav.cases') }
    : { href: '/customers', label: t('customers.title') };

  if (state.error) return html`<${ErrorPage} error=${state.error} />`;
  if (!state.data) return html`<${Page} title=${t('case.title')} back=${back}><${Loading} /></${Page}>`;
  const { customer: c, interventions, events } = state.data;

  const counsellor = c.counsellor_id === null || c.counsellor_id === undefined
    ? t('case.no_counsellor')
    : (c.counsellor_id === me.id ? t('case.you_subject') : (c.counsellor_name || t('case.user_n', { id: c.counsellor_id })));

  return html`
    <${Page} title=${customerName(c)} back=${back} lead=${c.masked ? t('case.masked_lead') : null}>
      <div class="grid-2">
        <${Section} title=${t('case.person')} id="person">
          <${Dl} items=${[
            [c.id_kind === 'cpr' ? t('customer.person_id_dk') : t('customer.person_id'), html`<${CustomerId} c=${c} />`],
            [t('customer.birth_date'), c.masked ? '–' : fmtDateLong(c.birth_date)],
            !provider && c.protection && c.protection !== 'none' && [t('customer.protection'), html`<${Badge} state="pending">${t(`protection.${c.protection}`)}</${Badge}>`],
            [t('customer.interpreter_language'), c.interpreter_language ? tWord('language', c.interpreter_language) : t('common.none')],
            !provider && [t('customer.unit'), units.get(c.unit_id)?.name ?? '–'],
            [t('customer.counsellor'), counsellor],
          ]} />
        </${Section}>
        <${Section} title=${t('case.contact')} id="contact">
          ${c.masked ? html`<p>${t('case.contact_masked')}</p>` : (c.contacts && c.contacts.length ? html`
            <ul class="plain-list">
              ${c.contacts.map((k) => html`<li><span class="label">${tWord('channel', k.channel)}:</span> ${k.value}
                ${(k.channel === 'sms' || k.channel === 'email') && html` <span class="muted">(${k.consent ? t('case.consent_yes') : t('case.consent_no')})</span>`}</li>`)}
            </ul>` : html`<${Empty}>${t('case.no_contacts')}</${Empty}>`)}
          ${c.facts && c.facts.length > 0 && html`
            <h3>${t('case.facts')}</h3>
            <ul class="plain-list">
              ${c.facts.map((fa) => html`<li>${tWord('fact', fa.fact)} <span class="muted">${fmtDate(fa.from)} – ${fa.to ? fmtDate(fa.to) : t('case.ongoing')}</span></li>`)}
            </ul>`}
        </${Section}>
      </div>

      <${Section} title=${t('case.interventions')} id="interventions"
        actions=${(me.role === 'counsellor' || me.role === 'supervisor') && html`<${LinkButton} href=${`/customers/${c.id}/decide`}>${t('case.grant')}</${LinkButton}>`}>
        ${interventions.length ? html`
          <div class="table-wrap">
            <table class="table">
              <caption class="visually-hidden">${t('case.interventions')}</caption>
              <thead><tr>
                <th scope="col">${t('intervention.code')}</th>
                <th scope="col">${t('intervention.state')}</th>
                <th scope="col">${t('intervention.provider')}</th>
                <th scope="col">${t('intervention.decided_on')}</th>
                <th scope="col">${t('intervention.start_on')}</th>
                <th scope="col">${t('intervention.planned_end_on')}</th>
                <th scope="col">${t('intervention.actual_end_on')}</th>
              </tr></thead>
              <tbody>
                ${interventions.map((i) => html`
                  <tr>
                    <td><a href=${`/interventions/${i.id}`}><${InterventionCode} code=${i.code} /></a></td>
                    <td><${Badge} state=${i.state} />${i.end_reason && html`<div class="small muted">${tWord('end_reason', i.end_reason)}</div>`}</td>
                    <td>${i.provider_id ? (providers.get(i.provider_id)?.name ?? t('case.provider_n', { id: i.provider_id })) : t('intervention.no_provider')}</td>
                    <td class="nowrap">${fmtDate(i.decided_on)}</td>
                    <td class="nowrap">${fmtDate(i.start_on)}</td>
                    <td class="nowrap">${fmtDate(i.planned_end_on)}</td>
                    <td class="nowrap">${fmtDate(i.actual_end_on)}</td>
                  </tr>`)}
              </tbody>
            </table>
          </div>` : html`<${Empty}>${t('case.no_interventions')}</${Empty}>`}
      </${Section}>

      <${Section} title=${t('case.timeline')} id="timeline">
        <${Timeline} events=${events} me=${me} providers=${providers} />
      </${Section}>
    </${Page}>`;
}

function actorName(actor, me, name) {
  if (!actor) return t('case.system');
  if (actor === me.id) return t('case.you');
  return name || t('case.user_n', { id: actor });
}

const DATE_KEYS = /(_on|_date|^from|^to|due)$/;

function payloadValue(key, value, providers) {
  if (value === null || value === undefined || value === '') return '–';
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (key === 'amount_ore' && typeof value === 'number') return fmtMoney(value);
  if (key === 'target_group') return tWord('target_group', value);
  if (key === 'topic') return tWord('topic', value);
  if (key === 'starts_at' || key === 'occurred_at') return fmtDateTime(value);
  if (key === 'period' && /^\d{4}-\d{2}$/.test(value)) return fmtMonth(value);
  if (key === 'state' || key === 'from_state' || key === 'to_state') return tWord('state', value);
  if (key === 'code') return value;
  if (key === 'end_reason' || key === 'reason_code') return tWord('end_reason', value);
  if (key === 'provider_id') return value ? (providers.get(value)?.name ?? `#${value}`) : t('intervention.no_provider');
  if (typeof value === 'string' && DATE_KEYS.test(key)) return fmtDate(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/* Ids say nothing to a reader (the provider's is shown by name). */
const isHidden = (k) => k !== 'provider_id' && (k === 'id' || k.endsWith('_id') || k === 'version');

function Timeline({ events, me, providers }) {
  if (!events.length) return html`<${Empty}>${t('case.no_events')}</${Empty}>`;
  const newestFirst = [...events].reverse();
  return html`
    <ol class="timeline">
      ${newestFirst.map((e) => {
        const shown = Object.entries(e.payload || {}).filter(([k]) => !isHidden(k));
        return html`
          <li class="timeline-item">
            <div class="timeline-when"><time datetime=${e.at}>${fmtDateTime(e.at)}</time></div>
            <div class="timeline-body">
              <p class="timeline-title">${tWord('event', e.kind)}</p>
              <p class="small muted">${t('case.by', { who: actorName(e.actor, me, e.actor_name) })}</p>
              ${e.reason && html`<p class="timeline-reason">${tMaybe('case.reason_label') ?? ''} ${e.reason}</p>`}
              ${shown.length > 0 && html`
                <dl class="inline-facts">
                  ${shown.map(([k, v]) => html`<div><dt>${tWord('payload', k)}</dt><dd>${payloadValue(k, v, providers)}</dd></div>`)}
                </dl>`}
            </div>
          </li>`;
      })}
    </ol>`;
}
