// The admin's import (issue 7: "Long operations ... an import show progress"):
// choose a file, check it (a dry run that saves nothing), then import it;
// the upload's progress (bytes sent of the file's size) and then the
// server's work are shown, then the counts; a bad file shows every bad
// record with its JSON path, rule and message; a file for another
// municipality is refused. axe-core on every screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  startServer, startBrowser, screen, login, settle, checkA11y, screenshot, apiAs, USERS,
} from './lib/harness.mjs';

let srv;
let br;
let page;
let files;

/* A small import document for the fixture's tenant "stegvik": one unit, one customer, one case. */
function doc({ tenant = 'stegvik', personId = '198112189876', customerRef = 'IMP-K1' } = {}) {
  return {
    format: 'stegvis-import',
    version: 1,
    tenant: { code: tenant, name: 'Stegviks kommun', country: 'SE' },
    units: [{ id: 'IMP-U1', name: 'Importenheten', parent: null }],
    providers: [],
    users: [],
    customers: [{
      id: 'IMP-K1', person_id: personId, id_kind: 'personnummer', given_name: 'Ida', family_name: 'Import',
      birth_date: '1981-12-18', protection: 'none', interpreter_language: null, unit: 'IMP-U1', counsellor: null,
      contacts: [], facts: [],
    }],
    interventions: [{
      id: 'IMP-I1', customer: customerRef, code: 'AMI2', provider: null, unit: 'IMP-U1', counsellor: null,
      decided_on: '2024-06-03', start_on: null, planned_end_on: null, actual_end_on: null, state: 'granted', end_reason: null,
    }],
  };
}

before(async () => {
  srv = await startServer({ users: [USERS.admin] });
  files = {
    // ID-1: 19811218-9876 is valid (Luhn over 811218987 gives 6); ...9877 is not.
    good: doc(),
    bad: doc({ personId: '198112189877', customerRef: 'IMP-K9' }),
    other: doc({ tenant: 'grannby' }),
  };
  for (const [name, d] of Object.entries(files)) {
    files[name] = path.join(srv.dir, `import-${name}.json`);
    fs.writeFileSync(files[name], JSON.stringify(d, null, 2));
  }
  br = await startBrowser();
  page = await br.page();
  await login(page, srv.base, USERS.admin);
});

after(async () => {
  await br?.close();
  await srv?.stop();
});

const fileInput = () => page.getByLabel('Importfil (JSON)');
const checkButton = () => page.getByRole('button', { name: 'Kontrollera' });
const importButton = () => page.getByRole('button', { name: 'Importera', exact: true });

/* Every <progress> the page shows from now on, with its value and max as they change. */
async function watchProgress() {
  await page.evaluate(() => {
    window.__progress = [];
    const seen = (p) => window.__progress.push({ value: p.getAttribute('value'), max: p.getAttribute('max'), label: p.getAttribute('aria-label') });
    const obs = new MutationObserver((list) => {
      for (const m of list) {
        if (m.type === 'attributes' && m.target.tagName === 'PROGRESS') seen(m.target);
        for (const n of m.addedNodes || []) {
          if (n.nodeType !== 1) continue;
          if (n.tagName === 'PROGRESS') seen(n);
          n.querySelectorAll?.('progress').forEach(seen);
        }
      }
    });
    obs.observe(document.querySelector('main'), { subtree: true, childList: true, attributes: true, attributeFilter: ['value', 'max', 'aria-label'] });
  });
}

test('the import page: in the admin\'s menu, a file is required', async () => {
  await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Import' }).click();
  await settle(page);
  assert.match(page.url(), /\/admin\/import$/);
  assert.equal(await page.locator('main h1').innerText(), 'Importera data');
  assert.equal(await importButton().isDisabled(), true, 'Importera waits for a checked file');
  await screen(page, 'import-empty');
  await checkButton().click();
  await page.locator('.error-summary').waitFor();
  assert.deepEqual(await page.locator('.error-summary li').allInnerTexts(), ['Välj en fil att importera']);
  assert.match(await fileInput().getAttribute('aria-describedby'), /imp-file-error/);
  await checkA11y(page, 'import-no-file');
  br.assertNoProblems();
});

test('a bad file: every bad record with its path, rule and message; nothing saved', async () => {
  await fileInput().setInputFiles(files.bad);
  await checkButton().click();
  const heading = page.getByRole('heading', { name: 'Filen har 2 fel – inget importerades' });
  await heading.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.id), 'imp-errors-heading',
    'focus moves to the list of errors');
  const rows = page.locator('.import-errors tbody tr');
  assert.equal(await rows.count(), 2);
  const byPath = {};
  for (const r of await rows.all()) {
    const cells = await r.locator('td').allInnerTexts();
    byPath[cells[0]] = cells;
  }
  assert.equal(byPath['$.customers[0].person_id']?.[1], 'ID-1');
  assert.match(byPath['$.customers[0].person_id'][2], /Personnumret är inte giltigt/);
  assert.match(byPath['$.customers[0].person_id'][2], /check digit/);
  assert.equal(byPath['$.interventions[0].customer']?.[1], 'import:reference');
  assert.match(byPath['$.interventions[0].customer'][2], /Hänvisar till en post som inte finns/);
  assert.equal(await importButton().isDisabled(), true, 'a bad file cannot be imported');
  await screen(page, 'import-errors');
  const call = await apiAs(srv.api, USERS.admin);
  const units = await call('GET', '/units');
  assert.ok(!units.items.some((u) => u.name === 'Importenheten'), 'nothing was imported');
  br.assertNoProblems();
});

test('a file for another municipality is refused (X-5)', async () => {
  await fileInput().setInputFiles(files.other);
  await checkButton().click();
  await page.getByRole('heading', { name: 'Filen har 1 fel – inget importerades' }).waitFor();
  const cells = await page.locator('.import-errors tbody tr').first().locator('td').allInnerTexts();
  assert.equal(cells[0], '$.tenant.code');
  assert.equal(cells[1], 'X-5');
  assert.match(cells[2], /annan kommun/);
  await checkA11y(page, 'import-other-tenant');
  br.assertNoProblems();
});

test('check, then import a good file: upload progress, the server at work, then the counts', async () => {
  const size = fs.statSync(files.good).size;
  await fileInput().setInputFiles(files.good);
  await page.getByText(`Vald fil: import-good.json`).waitFor();
  await watchProgress();
  // Hold the request in the browser so that the screen under way can be looked at.
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route('**/api/v1/imports**', async (route) => { await held; await route.continue(); });
  await checkButton().click();
  const progress = page.locator('main .progress progress');
  await progress.waitFor();
  assert.match(await page.locator('main .progress').innerText(), /Skickar filen|Kontrollerar…/);
  assert.equal(await page.locator('main .progress').getAttribute('role'), 'status', 'announced politely');
  assert.equal(await checkButton().isDisabled(), true, 'no second run while one is under way');
  await checkA11y(page, 'import-progress');
  await screenshot(page, 'import-progress');
  release();
  await page.getByRole('heading', { name: 'Filen är kontrollerad' }).waitFor();
  await page.unroute('**/api/v1/imports**');
  const seen = await page.evaluate(() => window.__progress);
  // The upload's bar counts bytes of the file's size (its value and max), then the server's bar has neither.
  assert.ok(seen.some((p) => p.max === String(size) && p.value !== null), `upload progress of ${size} bytes: ${JSON.stringify(seen)}`);
  const facts = async () => Object.fromEntries(await page.locator('main dl.facts .fact').evaluateAll(
    (els) => els.map((e) => [e.querySelector('dt').innerText, e.querySelector('dd').innerText])));
  let counts = await facts();
  assert.equal(counts.Enheter, '1');
  assert.equal(counts.Kunder, '1');
  assert.equal(counts.Insatser, '1');
  assert.equal(counts.Användare, '0');
  assert.match(counts['Ärenden med beräknade tidsfrister'], /^\d+$/);
  await screen(page, 'import-checked');
  const call = await apiAs(srv.api, USERS.admin);
  assert.ok(!(await call('GET', '/units')).items.some((u) => u.name === 'Importenheten'), 'a check saves nothing');

  await watchProgress();
  await importButton().click();
  await page.getByRole('heading', { name: 'Importen är klar' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.id), 'imp-result-heading',
    'focus moves to the result');
  counts = await facts();
  assert.equal(counts.Kunder, '1');
  assert.equal(counts.Insatser, '1');
  const after = await page.evaluate(() => window.__progress);
  assert.ok(after.some((p) => p.max === String(size)), 'the import showed its upload progress too');
  assert.ok(after.some((p) => p.value === null), 'and the server\'s work as an indeterminate bar');
  await screen(page, 'import-done');
  assert.ok((await call('GET', '/units')).items.some((u) => u.name === 'Importenheten'), 'the unit is imported');
  // Importing the same file again is refused whole: every record exists.
  await checkButton().click();
  await page.getByRole('heading', { name: /^Filen har \d+ fel – inget importerades$/ }).waitFor();
  assert.match(await page.locator('.import-errors').innerText(), /\$\.customers\[0\]\.id/);
  br.assertNoProblems();
});
