// Payment runs (KV-70 ... KV-74): finance previews a month, prepares the
// run, and another finance user confirms it (four eyes); the billing basis
// downloads as CSV, XLSX, PDF, SIE 4 or JSON. Providers read their own part
// of confirmed runs.
import { html, useState } from '../lib.js';
import {
  t, tWord, fmtDate, fmtDateTime, fmtMonth, fmtMoney, fmtNumber, fmtOrgNo,
} from '../i18n.js';
import { api, getAll, request } from '../api.js';
import { navigate } from '../router.js';
import {
  Page, Section, Loading, Empty, ErrorPage, ErrorMessage, Notice, Badge, Button, TextField, Progress, fieldMessage,
  useAsync, useApp, useConfirm, useLookup, setFlash, announce, today, saveBlob, dispositionName,
} from '../ui.js';

/* The month before today's: the usual month of a run (a run is for a month that is over). */
function previousMonth() {
  const [y, m] = today().slice(0, 7).split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

const RUN_STATE = { preview: 'preview', draft: 'draft', final: 'final' };

export function BillingList() {
  const { me } = useApp();
  const finance = me.role === 'finance';
  const runs = useAsync(() => getAll('/billing/runs'), []);
  const [month, setMonth] = useState(previousMonth);
  const [monthError, setMonthError] = useState(null);
  const [preview, setPreview] = useState(null);
  const [busy, setBusy] = useState(null);
  const [error, setError] = useState(null);
  if (runs.error) return html`<${ErrorPage} error=${runs.error} />`;

  async function run(dry) {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) { setMonthError(t('billing.month_invalid')); return; }
    setBusy(dry ? 'preview' : 'prepare');
    setError(null);
    try {
      const r = await api.post('/billing/runs', { month, dry_run: dry, lines: true });
      if (dry) {
        setPreview(r);
        announce(t('billing.preview_done', { month: fmtMonth(month) }));
      } else {
        setFlash(t('billing.prepared_done', { month: fmtMonth(month) }));
        navigate(`/billing/${r.id}`);
      }
    } catch (e) {
      const f = e.fieldErrors && (e.fieldErrors().month || e.fieldErrors().$month);
      if (f) setMonthError(fieldMessage(f));
      else setError(e);
    } finally {
      setBusy(null);
    }
  }

  const list = runs.data || [];
  return html`
    <${Page} title=${t('billing.title')} lead=${finance ? t('billing.lead') : t('billing.lead_provider')}>
      ${finance && html`
        <${Section} title=${t('billing.new')} id="new-run">
          <div class="inline-form">
            <${TextField} id="b-month" label=${t('billing.month')} hint=${t('billing.month_hint')} value=${month} error=${monthError}
              onValue=${(v) => { setMonth(v.trim()); setPreview(null); setMonthError(null); }} width="s" maxlength="7" autocomplete="off" inputmode="numeric" />
            <${Button} kind="secondary" busy=${busy === 'preview'} busyLabel=${t('billing.previewing')} disabled=${!!busy} onClick=${() => run(true)}>${t('billing.preview')}</${Button}>
            ${preview && preview.month === month && html`<${Button} busy=${busy === 'prepare'} busyLabel=${t('billing.preparing')} disabled=${!!busy} onClick=${() => run(false)}>${t('billing.prepare')}</${Button}>`}
          </div>
          ${busy && html`<${Progress} label=${t('billing.computing', { month: fmtMonth(month) })} />`}
          <${ErrorMessage} error=${error} />
          <p class="hint">${t('billing.four_eyes_hint')}</p>
        </${Section}>`}
      ${preview && html`<${RunView} run=${preview} heading=${t('billing.preview_heading', { month: fmtMonth(preview.month) })} />`}
      <${Section} title=${t('billing.runs')} id="runs">
        ${!runs.data ? html`<${Loading} />` : (list.length ? html`
          <div class="table-wrap">
            <table class="table">
              <caption class="visually-hidden">${t('billing.runs')}</caption>
              <thead><tr>
                <th scope="col">${t('billing.month')}</th>
                <th scope="col">${t('billing.state')}</th>
                <th scope="col" class="num">${t('billing.total')}</th>
                <th scope="col">${t('billing.prepared_at')}</th>
                <th scope="col">${t('billing.confirmed_at')}</th>
              </tr></thead>
              <tbody>
                ${list.map((r) => html`
                  <tr>
                    <td><a href=${`/billing/${r.id}`}>${fmtMonth(r.month)}</a></td>
                    <td><${Badge} state=${RUN_STATE[r.state] === 'final' ? 'confirmed' : 'pending'}>${tWord('run_state', r.state)}</${Badge}></td>
                    <td class="num nowrap">${fmtMoney(r.total)}</td>
                    <td class="nowrap">${r.created_at ? fmtDateTime(r.created_at) : '–'}</td>
                    <td class="nowrap">${r.confirmed_at ? fmtDateTime(r.confirmed_at) : '–'}</td>
                  </tr>`)}
              </tbody>
            </table>
          </div>` : html`<${Empty}>${t('billing.none')}</${Empty}>`)}
      </${Section}>
    </${Page}>`;
}

/* The sums per provider, the lines and the notices of a run or a preview. */
function RunView({ run, heading }) {
  const providers = useLookup('providers');
  const pname = (id) => providers.get(id)?.name ?? (run.sums || []).find((s) => s.provider_id === id)?.provider ?? `#${id}`;
  return html`
    <${Section} title=${heading} id="run">
      <p class="total-line">${t('billing.total')}: <strong>${fmtMoney(run.total)}</strong>
        <span class="muted"> · ${t('billing.counts', { lines: fmtNumber(run.lines_count ?? 0), notices: fmtNumber(run.notices_count ?? 0) })}</span></p>
      ${(run.sums || []).length ? html`
        <div class="table-wrap">
          <table class="table">
            <caption>${t('billing.sums')}</caption>
            <thead><tr>
              <th scope="col">${t('intervention.provider')}</th>
              <th scope="col">${t('provider.org_no')}</th>
              <th scope="col" class="num">${t('billing.lines')}</th>
              <th scope="col" class="num">${t('billing.notices')}</th>
              <th scope="col" class="num">${t('billing.amount')}</th>
            </tr></thead>
            <tbody>
              ${run.sums.map((s) => html`
                <tr>
                  <td>${s.provider}</td>
                  <td class="nowrap">${fmtOrgNo(s.org_no)}</td>
                  <td class="num">${fmtNumber(s.lines)}</td>
                  <td class="num">${fmtNumber(s.notices)}</td>
                  <td class="num nowrap">${fmtMoney(s.amount)}</td>
                </tr>`)}
            </tbody>
          </table>
        </div>` : html`<${Empty}>${t('billing.no_sums')}</${Empty}>`}
      ${run.lines && run.lines.length > 0 && html`<${Lines} caption=${t('billing.lines_title')} lines=${run.lines} pname=${pname} />`}
      ${run.notices && run.notices.length > 0 && html`<${Lines} caption=${t('billing.notices_title')} lines=${run.notices} pname=${pname} notices />`}
    </${Section}>`;
}

function Lines({ caption, lines, pname, notices }) {
  return html`
    <div class="table-wrap">
      <table class="table">
        <caption>${caption}</caption>
        <thead><tr>
          <th scope="col">${t('intervention.provider')}</th>
          <th scope="col">${t('billing.case')}</th>
          <th scope="col">${t('billing.kind')}</th>
          <th scope="col">${t('billing.period')}</th>
          <th scope="col" class="num">${t('billing.days')}</th>
          <th scope="col" class="num">${notices ? t('billing.amount_not_paid') : t('billing.amount')}</th>
          <th scope="col">${t('billing.explanation')}</th>
        </tr></thead>
        <tbody>
          ${lines.map((l) => html`
            <tr>
              <td>${pname(l.provider_id)}</td>
              <td class="nowrap">${t('billing.case_ref', { customer: l.customer_id, intervention: l.intervention_id })}</td>
              <td>${tWord('line_kind', l.kind)}${l.deficiency ? html` <${Badge} state="overdue">${t('billing.deficiency')}</${Badge}>` : ''}</td>
              <td class="nowrap">${l.from && l.to ? `${fmtDate(l.from)} – ${fmtDate(l.to)}` : (/^\d{4}-\d{2}$/.test(l.period || '') ? fmtMonth(l.period) : (l.period || '–'))}</td>
              <td class="num">${l.days === null || l.days === undefined ? '–' : fmtNumber(l.days)}</td>
              <td class="num nowrap">${fmtMoney(l.amount)}</td>
              <td class="small">${l.text || ''} ${l.rules && l.rules.length ? html`<span class="muted">(${l.rules.join(', ')})</span>` : ''}</td>
            </tr>`)}
        </tbody>
      </table>
    </div>`;
}

const FORMATS = [['xlsx', 'billing.dl_xlsx'], ['csv', 'billing.dl_csv'], ['pdf', 'billing.dl_pdf'], ['sie', 'billing.dl_sie'], ['json', 'billing.dl_json']];

export function BillingRun({ params }) {
  const { me } = useApp();
  const state = useAsync(() => api.get(`/billing/runs/${encodeURIComponent(params.id)}`, { lines: true }), [params.id]);
  const [dialog, confirm] = useConfirm();
  const [busy, setBusy] = useState(null);
  const [error, setError] = useState(null);
  const [done, setDone] = useState(null);
  const back = { href: '/billing', label: t('billing.title') };
  if (state.error) return html`<${ErrorPage} error=${state.error} />`;
  if (!state.data) return html`<${Page} title=${t('billing.title')} back=${back}><${Loading} /></${Page}>`;
  const r = state.data;
  const mine = r.created_by === me.id;

  async function doConfirm() {
    const ok = await confirm({
      title: t('billing.confirm_title', { month: fmtMonth(r.month) }),
      text: t('billing.confirm_text', { total: fmtMoney(r.total) }),
      confirmLabel: t('billing.confirm'),
    });
    if (!ok) return;
    setBusy('confirm');
    setError(null);
    try {
      const c = await api.post(`/billing/runs/${r.id}/confirm`);
      state.setData({ ...r, ...c, lines: c.lines || r.lines, notices: c.notices || r.notices });
      announce(t('billing.confirmed_done', { month: fmtMonth(r.month) }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }

  async function download(format) {
    setBusy(format);
    setError(null);
    setDone(null);
    try {
      const res = await request('GET', `/billing/runs/${r.id}/export`, { query: { format }, raw: true });
      const blob = await res.blob();
      const name = dispositionName(res, `utbetalning-${r.month}.${format === 'sie' ? 'se' : format}`);
      saveBlob(blob, name);
      setDone(t('billing.downloaded', { file: name }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }

  return html`
    <${Page} title=${t('billing.run_title', { month: fmtMonth(r.month) })} back=${back}
      lead=${html`<${Badge} state=${r.state === 'final' ? 'confirmed' : 'pending'}>${tWord('run_state', r.state)}</${Badge}>
        ${r.created_at && html` · ${t('billing.prepared_line', { at: fmtDateTime(r.created_at), who: mine ? t('case.you') : t('case.user_n', { id: r.created_by }) })}`}
        ${r.confirmed_at && html` · ${t('billing.confirmed_line', { at: fmtDateTime(r.confirmed_at) })}`}`}>
      <${ErrorMessage} error=${error} />
      ${me.role === 'finance' && r.state === 'draft' && html`
        <${Section} title=${t('billing.confirm_heading')} id="confirm">
          ${mine ? html`<${Notice} kind="info">${t('billing.four_eyes_mine')}</${Notice}>` : html`
            <p>${t('billing.confirm_lead')}</p>
            <${Button} busy=${busy === 'confirm'} busyLabel=${t('common.saving')} onClick=${doConfirm}>${t('billing.confirm')}</${Button}>`}
        </${Section}>`}
      <${Section} title=${t('billing.downloads')} id="downloads">
        ${busy && busy !== 'confirm' && html`<${Progress} label=${t('billing.downloading')} />`}
        ${done && html`<${Notice} kind="success">${done}</${Notice}>`}
        <div class="button-row">
          ${FORMATS.filter(([f]) => f !== 'sie' || r.state === 'final').map(([f, key]) => html`
            <${Button} kind="secondary" busy=${busy === f} disabled=${!!busy} onClick=${() => download(f)}>${t(key)}</${Button}>`)}
        </div>
      </${Section}>
      <${RunView} run=${r} heading=${t('billing.content')} />
      ${dialog}
    </${Page}>`;
}

