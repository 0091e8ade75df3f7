// The referral list (KV-5 ... KV-7): the questions a provider does not answer
// itself, and where each goes. The topics come from the rule packs in force
// today, in the municipality's own words.
import { html } from '../lib.js';
import { t } from '../i18n.js';
import { getAll } from '../api.js';
import {
  Page, Loading, Empty, ErrorPage, useAsync,
} from '../ui.js';

export function Referrals() {
  const state = useAsync(() => getAll('/referrals'), []);
  if (state.error) return html`<${ErrorPage} error=${state.error} />`;
  const items = state.data || [];
  return html`
    <${Page} title=${t('pages.ref.title')} lead=${t('pages.ref.lead')}>
      ${!state.data ? html`<${Loading} />` : (items.length ? html`
        <div class="table-wrap">
          <table class="table" id="referrals">
            <caption class="visually-hidden">${t('pages.ref.title')}</caption>
            <thead><tr>
              <th scope="col">${t('pages.ref.topic')}</th>
              <th scope="col">${t('pages.ref.goes_to')}</th>
              <th scope="col">${t('pages.ref.rule')}</th>
            </tr></thead>
            <tbody>
              ${items.map((r) => html`
                <tr>
                  <td>${r.topic}${r.text && html`<div class="small muted">${r.text}</div>`}</td>
                  <td>${r.goes_to}</td>
                  <td class="nowrap">${r.rule}</td>
                </tr>`)}
            </tbody>
          </table>
        </div>` : html`<${Empty}>${t('pages.ref.none')}</${Empty}>`)}
    </${Page}>`;
}
