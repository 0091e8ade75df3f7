// The admin's import (POST /api/v1/imports, docs/import-format.md): choose a
// JSON file, check it (a dry run: everything validated, nothing saved), then
// import it. The upload shows real progress (XMLHttpRequest upload events:
// bytes sent of the file's size), then an indeterminate bar while the server
// validates and writes. The answer is the counts, or every bad record with
// its JSON path, rule and message.
import { html, useState, useRef, useEffect } from '../lib.js';
import { t, tMaybe, fmtNumber } from '../i18n.js';
import { ApiError } from '../api.js';
import {
  Page, Section, Notice, Button, Progress, ErrorSummary, ErrorMessage, Dl, useApp,
} from '../ui.js';

/* The route's own body cap (src/http/http_int.h HTTP_LARGE_BODY_MAX): 64 MiB. */
const MAX_BYTES = 64 * 1024 * 1024;
const FILE_ID = 'imp-file';

/* Sizes as Swedish writes them: 12,5 kB, 3,2 MB (powers of 1 000). */
function fmtBytes(n) {
  if (n < 1000) return t('import.bytes', { n: fmtNumber(n) });
  if (n < 1e6) return t('import.kb', { n: fmtNumber(Math.round(n / 100) / 10) });
  return t('import.mb', { n: fmtNumber(Math.round(n / 1e5) / 10) });
}

/*
 * POST the file as the body, reporting upload progress. Resolves to the JSON
 * answer; rejects with an ApiError like api.js (status 0 for a network failure).
 */
function upload(file, dryRun, csrf, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/imports${dryRun ? '?dry_run=true' : ''}`);
    xhr.setRequestHeader('Content-Type', 'application/json');
    xhr.setRequestHeader('Accept', 'application/json');
    if (csrf) xhr.setRequestHeader('X-CSRF-Token', csrf);
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.upload.onload = () => onProgress(file.size, file.size, true);
    xhr.onerror = () => reject(new ApiError(0, null, null));
    xhr.onabort = () => reject(new ApiError(0, null, null));
    xhr.onload = () => {
      let data = null;
      try { data = JSON.parse(xhr.responseText); } catch (e) { /* not JSON */ }
      if (xhr.status >= 200 && xhr.status < 300) resolve(data);
      else {
        if (xhr.status === 401) window.dispatchEvent(new CustomEvent('stegvis:signed-out'));
        const err = new ApiError(xhr.status, data, xhr.getResponseHeader('Retry-After'));
        err.dropped = data && Number.isInteger(data.errors_dropped) ? data.errors_dropped : 0;
        reject(err);
      }
    };
    xhr.send(file);
  });
}

/* A bad record's message: the catalogue's text for its rule, else the server's (in English). */
function ruleText(f) {
  return tMaybe(`import.rule.${f.rule}`) ?? tMaybe(`rule.${f.rule}`);
}

function Counts({ r }) {
  return html`<${Dl} items=${[
    [t('import.count.units'), fmtNumber(r.units)],
    [t('import.count.providers'), fmtNumber(r.providers)],
    [t('import.count.users'), fmtNumber(r.users)],
    [t('import.count.customers'), fmtNumber(r.customers)],
    [t('import.count.interventions'), fmtNumber(r.interventions)],
    [t('import.count.obligations'), fmtNumber(r.obligations)],
  ]} />`;
}

function BadRecords({ error }) {
  const ref = useRef(null);
  useEffect(() => { if (ref.current) ref.current.focus(); }, [error]);
  const total = error.fields.length + (error.dropped || 0);
  return html`
    <section class="card import-errors" aria-labelledby="imp-errors-heading">
      <div class="card-head">
        <h2 id="imp-errors-heading" tabindex="-1" ref=${ref}>${t('import.errors_title', { n: fmtNumber(total) })}</h2>
      </div>
      <p>${t('import.errors_lead')}</p>
      <div class="table-wrap">
        <table class="table">
          <caption class="visually-hidden">${t('import.errors_caption')}</caption>
          <thead><tr>
            <th scope="col">${t('import.col.path')}</th>
            <th scope="col">${t('import.col.rule')}</th>
            <th scope="col">${t('import.col.message')}</th>
          </tr></thead>
          <tbody>
            ${error.fields.map((f) => {
              const own = ruleText(f);
              return html`
                <tr>
                  <td><code>${f.field}</code></td>
                  <td class="nowrap">${f.rule}</td>
                  <td>${own && html`<span class="import-error-text">${own}</span>`}
                    ${own ? html`<br /><span class="small" lang="en">${f.message}</span>` : html`<span lang="en">${f.message}</span>`}</td>
                </tr>`;
            })}
          </tbody>
        </table>
      </div>
      ${error.dropped > 0 && html`<p>${t('import.errors_dropped', { n: fmtNumber(error.dropped) })}</p>`}
    </section>`;
}

export function ImportPage() {
  const { session } = useApp();
  const [file, setFile] = useState(null);
  const [fieldError, setFieldError] = useState(null);
  const [phase, setPhase] = useState(null); // null | 'upload' | 'server'
  const [mode, setMode] = useState(null); // 'check' | 'import' while busy or for the result
  const [sent, setSent] = useState({ loaded: 0, total: 0 });
  const [result, setResult] = useState(null); // { dry_run, counts }
  const [bad, setBad] = useState(null); // ApiError with fields (422)
  const [failure, setFailure] = useState(null); // any other ApiError
  const [checked, setChecked] = useState(null); // the File that passed a check
  const resultRef = useRef(null);

  useEffect(() => { if (result && resultRef.current) resultRef.current.focus(); }, [result]);

  function choose(e) {
    const f = e.currentTarget.files && e.currentTarget.files[0];
    setFile(f || null);
    setFieldError(null);
    setResult(null);
    setBad(null);
    setFailure(null);
    setChecked(null);
  }

  async function run(dryRun) {
    setResult(null);
    setBad(null);
    setFailure(null);
    if (!file) { setFieldError(t('import.choose_first')); return; }
    if (file.size > MAX_BYTES) { setFieldError(t('import.too_large', { size: fmtBytes(file.size) })); return; }
    setFieldError(null);
    setMode(dryRun ? 'check' : 'import');
    setSent({ loaded: 0, total: file.size });
    setPhase('upload');
    try {
      const r = await upload(file, dryRun, session && session.csrf_token, (loaded, total, done) => {
        setSent({ loaded, total });
        if (done) setPhase('server');
      });
      setResult(r);
      setChecked(dryRun ? file : null);
    } catch (err) {
      if (err.status === 422 && err.fields.length) setBad(err);
      else if (err.status === 413) setFieldError(t('import.too_large', { size: fmtBytes(file.size) }));
      else setFailure(err);
    } finally {
      setPhase(null);
    }
  }

  const busy = phase !== null;
  const pct = sent.total ? Math.floor((100 * sent.loaded) / sent.total) : 0;
  // The label changes in steps of ten per cent, so that a screen reader is not flooded.
  const uploadLabel = t('import.uploading', {
    pct: Math.floor(pct / 10) * 10, sent: fmtBytes(Math.floor(sent.total * (Math.floor(pct / 10) / 10))), total: fmtBytes(sent.total),
  });

  return html`
    <${Page} title=${t('import.title')} lead=${t('import.lead')}>
      <${Section} title=${t('import.file_section')} id="import-file">
        <${ErrorSummary} errors=${fieldError ? { [FILE_ID]: fieldError } : {}} />
        <${ErrorMessage} error=${failure} />
        <form class="form" novalidate onSubmit=${(e) => { e.preventDefault(); run(true); }}>
          <div class=${`field${fieldError ? ' field-error' : ''}`}>
            <label for=${FILE_ID}>${t('import.file')}</label>
            <p class="hint" id=${`${FILE_ID}-hint`}>${t('import.file_hint')}</p>
            ${fieldError && html`<p class="error-text" id=${`${FILE_ID}-error`}><span class="visually-hidden">${t('form.error_prefix')} </span>${fieldError}</p>`}
            <input id=${FILE_ID} name=${FILE_ID} type="file" class="input" accept=".json,application/json"
              aria-describedby=${`${FILE_ID}-hint${fieldError ? ` ${FILE_ID}-error` : ''}`}
              aria-invalid=${fieldError ? 'true' : undefined} aria-required="true"
              disabled=${busy} onChange=${choose} />
          </div>
          ${file && html`<p class="small">${t('import.chosen', { name: file.name, size: fmtBytes(file.size) })}</p>`}
          <div class="button-row">
            <${Button} type="submit" kind=${checked && checked === file ? 'secondary' : 'primary'} busy=${busy && mode === 'check'}
              busyLabel=${t('import.checking')} disabled=${busy}>${t('import.check')}</${Button}>
            <${Button} kind="primary" busy=${busy && mode === 'import'} busyLabel=${t('import.importing')}
              disabled=${busy || !checked || checked !== file} aria-describedby="imp-import-hint"
              onClick=${() => run(false)}>${t('import.import')}</${Button}>
          </div>
          <p class="hint" id="imp-import-hint">${t('import.import_hint')}</p>
        </form>
        ${phase === 'upload' && html`<${Progress} label=${uploadLabel} value=${sent.loaded} max=${sent.total || 1} />`}
        ${phase === 'server' && html`<${Progress} label=${mode === 'check' ? t('import.server_checking') : t('import.server_importing')} />`}
      </${Section}>
      ${result && html`
        <section class="card" aria-labelledby="imp-result-heading">
          <div class="card-head">
            <h2 id="imp-result-heading" tabindex="-1" ref=${resultRef}>${result.dry_run ? t('import.checked_title') : t('import.done_title')}</h2>
          </div>
          <${Notice} kind="success">${result.dry_run ? t('import.checked_text') : t('import.done_text')}</${Notice}>
          <${Counts} r=${result} />
        </section>`}
      ${bad && html`<${BadRecords} error=${bad} />`}
    </${Page}>`;
}
