// Jämföraren: the public comparison of the providers of a scheme, for a
// resident choosing a provider (KV-11, LOV: factual, comparable, how to
// switch), with today's default provider (KV-12, KV-13) and the industries
// of the employer networks (JP-4). No login.
import { html, useState } from '../lib.js';
import { t, tWord, fmtDateLong, fmtNumber } from '../i18n.js';
import { api } from '../api.js';
import { navigate, queryParam } from '../router.js';
import {
  Page, Loading, Empty, ErrorMessage, Notice, Badge, SelectField, useAsync,
} from '../ui.js';

const SCHEMES = ['AMI', 'FAI', 'ISA', 'JOBBPENG'];

export function Comparison() {
  const initial = SCHEMES.includes(queryParam('scheme')) ? queryParam('scheme') : 'AMI';
  const [scheme, setScheme] = useState(initial);
  const state = useAsync(() => api.get(`/comparison/${scheme}`), [scheme]);
  const cmp = state.data;

  function choose(v) {
    setScheme(v);
    navigate(`/jamfor?scheme=${v}`, { replace: true });
  }

  return html`
    <${Page} title=${t('cmp.title')} lead=${t('cmp.lead')}>
      <div class="filters">
        <${SelectField} id="cmp-scheme" label=${t('cmp.scheme')} optional="quiet" value=${scheme} onValue=${choose}
          options=${SCHEMES.map((s) => ({ value: s, label: tWord('scheme', s) }))} />
      </div>
      ${state.error && state.error.status === 404 ? html`<${Notice} kind="warning">${t('cmp.unavailable')}</${Notice}>` : html`<${ErrorMessage} error=${state.error} />`}
      ${state.loading ? html`<${Loading} />` : cmp && html`
        <p class="result-count" role="status">${t('cmp.count', { n: cmp.providers.length, date: fmtDateLong(cmp.on) })}</p>
        ${cmp.default && html`
          <div class="notice notice-info">
            <p><strong>${t('cmp.default_title')}</strong></p>
            <p>${t('cmp.default_text', { name: cmp.default.name, from: fmtDateLong(cmp.default.period_start), to: fmtDateLong(cmp.default.period_end) })}</p>
          </div>`}
        ${cmp.providers.length ? html`
          <ul class="provider-cards">
            ${cmp.providers.map((p) => html`
              <li class="card provider-card">
                <div class="card-head">
                  <h2 id=${`p-${p.id}`}>${p.name}</h2>
                  ${p.default && html`<${Badge} state="active">${t('cmp.is_default')}</${Badge}>`}
                </div>
                <p>${p.presentation || t('cmp.no_presentation')}</p>
                <dl class="facts">
                  ${(scheme === 'JOBBPENG' || (p.industries && p.industries.length > 0)) && html`
                    <div class="fact"><dt>${t('provider.industries')}</dt><dd>${p.industries && p.industries.length ? p.industries.join(', ') : t('common.none')}</dd></div>`}
                  <div class="fact"><dt>${t('provider.capacity')}</dt><dd>${p.capacity === null || p.capacity === undefined || p.capacity < 0 ? t('provider.capacity_unknown') : fmtNumber(p.capacity)}</dd></div>
                  <div class="fact"><dt>${t('provider.website')}</dt><dd>${p.website ? html`<a href=${p.website} rel="noopener noreferrer">${p.website}<span class="visually-hidden"> (${p.name})</span></a>` : t('common.none')}</dd></div>
                  <div class="fact"><dt>${t('provider.contacts')}</dt><dd>
                    ${p.contacts && p.contacts.length ? p.contacts.map((k) => html`<div>${k.name}${k.role && `, ${k.role}`}${k.phone && html` · ${k.phone}`}${k.email && html` · <a href=${`mailto:${k.email}`}>${k.email}</a>`}</div>`) : t('common.none')}
                  </dd></div>
                </dl>
              </li>`)}
          </ul>` : html`<${Empty}>${t('cmp.none')}</${Empty}>`}
        <h2 class="section-title">${t('cmp.switch_title')}</h2>
        <p>${cmp.how_to_switch}</p>`}
    </${Page}>`;
}
