// The default rotation of a scheme (KV-12, KV-13): two-week periods from the
// rule pack's anchor Monday, each with its default provider, in the order of
// authorisation. The period that holds the server's today is marked.
import { html, useState } from '../lib.js';
import { t, tWord, fmtDate, fmtDateLong, fmtNumber } from '../i18n.js';
import { api } from '../api.js';
import { navigate, queryParam } from '../router.js';
import {
  Page, Loading, Empty, ErrorMessage, Notice, Badge, Button, TextField, SelectField, ErrorSummary, serverFieldErrors,
  useAsync, today,
} from '../ui.js';

const SCHEMES = ['AMI', 'FAI', 'ISA', 'JOBBPENG'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function RotationPage() {
  const q = {
    scheme: SCHEMES.includes(queryParam('scheme')) ? queryParam('scheme') : 'AMI',
    from: queryParam('from') || today(),
    periods: queryParam('periods') || '6',
  };
  const [f, setF] = useState(q);
  const [errors, setErrors] = useState({});
  const state = useAsync(() => api.get(`/rotation/${q.scheme}`, { from: q.from, periods: q.periods }), [q.scheme, q.from, q.periods]);
  const set = (k) => (v) => setF({ ...f, [k]: v });
  const serverErrors = state.error ? serverFieldErrors(state.error, 'ro-', ['from', 'periods']).fields : {};
  const shown = { ...serverErrors, ...errors };

  function submit(e) {
    e.preventDefault();
    const errs = {};
    if (!DATE.test(f.from) || fmtDate(f.from) === '–') errs['ro-from'] = t('form.date_format');
    if (!/^\d+$/.test(f.periods) || Number(f.periods) < 1 || Number(f.periods) > 52) errs['ro-periods'] = t('pages.rot.periods_range');
    setErrors(errs);
    if (Object.keys(errs).length) return;
    navigate(`/rotation?scheme=${f.scheme}&from=${f.from}&periods=${Number(f.periods)}`);
  }

  const rot = state.data;
  const now = today();
  return html`
    <${Page} title=${t('pages.rot.title')} lead=${t('pages.rot.lead')}>
      <${ErrorSummary} errors=${errors} />
      <form class="search-form" novalidate onSubmit=${submit}>
        <${SelectField} id="ro-scheme" label=${t('pages.rot.scheme')} optional="quiet" value=${f.scheme} onValue=${set('scheme')}
          options=${SCHEMES.map((s) => ({ value: s, label: tWord('scheme', s) }))} />
        <${TextField} id="ro-from" label=${t('pages.rot.from')} optional="quiet" hint=${t('form.date_hint')} value=${f.from} onValue=${set('from')}
          error=${shown['ro-from']} width="m" maxlength="10" autocomplete="off" />
        <${TextField} id="ro-periods" label=${t('pages.rot.periods')} optional="quiet" value=${f.periods} onValue=${set('periods')}
          error=${shown['ro-periods']} width="s" inputmode="numeric" />
        <${Button} type="submit" kind="secondary">${t('pages.rot.show')}</${Button}>
      </form>
      ${state.error && state.error.status === 404 && html`<${Notice} kind="warning">${t('pages.rot.unavailable', { date: fmtDateLong(q.from) })}</${Notice}>`}
      ${state.error && state.error.status !== 404 && !Object.keys(serverErrors).length && html`<${ErrorMessage} error=${state.error} />`}
      ${state.loading ? html`<${Loading} />` : rot && html`
        <p class="result-count" role="status">${t('pages.rot.about', {
          scheme: tWord('scheme', rot.scheme), days: fmtNumber(rot.period_days), anchor: fmtDateLong(rot.anchor), rule: rot.rule,
        })}</p>
        ${rot.periods.length ? html`
          <div class="table-wrap">
            <table class="table" id="rotation">
              <caption class="visually-hidden">${t('pages.rot.caption', { scheme: tWord('scheme', rot.scheme) })}</caption>
              <thead><tr>
                <th scope="col">${t('pages.rot.start')}</th>
                <th scope="col">${t('pages.rot.end')}</th>
                <th scope="col">${t('pages.rot.provider')}</th>
              </tr></thead>
              <tbody>
                ${rot.periods.map((p) => html`
                  <tr>
                    <td class="nowrap">${fmtDate(p.start)}</td>
                    <td class="nowrap">${fmtDate(p.end)}</td>
                    <td>${p.provider_id ? p.name : html`<span class="muted">${t('pages.rot.nobody')}</span>`}
                      ${p.start <= now && now <= p.end && html` <${Badge} state="active">${t('pages.rot.current')}</${Badge}>`}</td>
                  </tr>`)}
              </tbody>
            </table>
          </div>` : html`<${Empty}>${t('pages.rot.none')}</${Empty}>`}`}
    </${Page}>`;
}
