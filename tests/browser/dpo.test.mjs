// The data-protection coordinator: finds a person by number, sees every read
// of the person's data, downloads the register extract (GDPR art. 15)
// with progress shown, and lists what one user has read.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  startServer, startBrowser, screen, login, logout, settle, USERS,
} from './lib/harness.mjs';

let srv;
let br;
let page;

before(async () => {
  srv = await startServer({ users: [USERS.dpo, USERS.counsellor] });
  br = await startBrowser();
  page = await br.page();
  // The counsellor opens Sara's case first, so that her log has reads by someone else.
  await login(page, srv.base, USERS.counsellor);
  await page.goto(`${srv.base}/customers/1`);
  await settle(page);
  await logout(page);
  await login(page, srv.base, USERS.dpo);
});

after(async () => {
  await br?.close();
  await srv?.stop();
});

test('the search screen, and an invalid number is an error at the field', async () => {
  assert.match(page.url(), /\/dpo$/);
  await screen(page, 'dpo-search');
  await page.getByRole('button', { name: 'Sök' }).click();
  await page.locator('#dpo-search-error').waitFor();
  assert.match(await page.locator('#dpo-search-error').textContent(), /Fyll i ett personnummer/);
  await page.getByLabel('Personnummer, samordningsnummer eller CPR-nummer').fill('19900315-1230');
  await page.getByRole('button', { name: 'Sök' }).click();
  await page.locator('#dpo-search-error').filter({ hasText: 'inte giltigt' }).waitFor();
  assert.equal(await page.locator('#dpo-search').getAttribute('aria-invalid'), 'true');
  br.assertNoProblems();
});

test('find a person and see who read their data', async () => {
  await page.getByLabel('Personnummer, samordningsnummer eller CPR-nummer').fill('199003151231');
  await page.getByRole('button', { name: 'Sök' }).click();
  await page.getByRole('link', { name: 'Sara Åström' }).click();
  await settle(page);
  await page.locator('#log table').waitFor();
  assert.equal(await page.locator('h1').innerText(), 'Sara Åström');
  const log = await page.locator('#log tbody').innerText();
  assert.match(log, /Anna Berg \(Karriärvägledare\)\s+Handläggning\s+Kunduppgifter/);
  assert.match(log, /Händelser i ärendet/);
  assert.match(log, /Dan Skydd \(Dataskyddssamordnare\)/, 'the dpo\'s own reads are logged too');
  assert.match(log, /\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  await screen(page, 'dpo-person');
  br.assertNoProblems();
});

test('download the register extract: progress, then the file with the person\'s data', async () => {
  const button = page.getByRole('button', { name: 'Ladda ner registerutdrag' });
  // Hold the response back a little so that the progress can be seen.
  await page.route('**/register-extract', async (route) => {
    const response = await route.fetch();
    await new Promise((r) => setTimeout(r, 400));
    await route.fulfill({ response });
  });
  const download = page.waitForEvent('download');
  await button.click();
  await page.getByRole('status').filter({ hasText: 'Registerutdraget tas fram' }).first().waitFor();
  assert.equal(await page.locator('#extract progress').count(), 1);
  await screen(page, 'dpo-extract-progress').catch(() => {}); // settle() waits for no .loading only
  const file = await download;
  assert.match(file.suggestedFilename(), /^registerutdrag-1-\d{4}-\d{2}-\d{2}\.json$/);
  const extract = JSON.parse(fs.readFileSync(await file.path(), 'utf8'));
  assert.equal(extract.kind, 'register_extract');
  assert.equal(extract.customer.person_id, '199003151231');
  assert.equal(extract.interventions.length, 2);
  await page.getByText('Registerutdraget är nedladdat som').waitFor();
  await page.unroute('**/register-extract');
  await screen(page, 'dpo-extract-done');
  br.assertNoProblems();
});

test('a protected identity is visible to the dpo', async () => {
  await page.goto(`${srv.base}/dpo/customers/3`);
  await settle(page);
  assert.equal(await page.locator('h1').innerText(), 'Eva Lind');
  assert.match(await page.locator('main').innerText(), /Sekretessmarkering/);
  br.assertNoProblems();
});

test('what one user has read', async () => {
  await page.getByRole('link', { name: 'Användares läsningar' }).click();
  await settle(page);
  assert.equal(await page.locator('tbody tr').count(), 9);
  await screen(page, 'dpo-users');
  await page.getByRole('link', { name: 'Anna Berg' }).click();
  await settle(page);
  await page.locator('#log table').waitFor();
  assert.match(await page.locator('#log tbody').innerText(), /Kund 1\s+Handläggning\s+Kunduppgifter/);
  await screen(page, 'dpo-user');
  br.assertNoProblems();
});
