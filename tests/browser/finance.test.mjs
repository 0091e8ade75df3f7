// Finance: every intervention of the municipality with filters by provider
// and state; no customer records, so customers appear by number only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, startBrowser, screen, login, USERS,
} from './lib/harness.mjs';

let srv;
let br;
let page;

before(async () => {
  srv = await startServer({ users: [USERS.finance] });
  br = await startBrowser();
  page = await br.page();
  await login(page, srv.base, USERS.finance);
});

after(async () => {
  await br?.close();
  await srv?.stop();
});

const rows = () => page.locator('main table tbody tr');

test('every intervention, customers by number only', async () => {
  assert.match(page.url(), /\/interventions$/);
  assert.equal(await rows().count(), 7);
  assert.equal(await page.getByRole('status').filter({ hasText: 'insatser' }).innerText(), '7 insatser');
  const main = await page.locator('main').innerText();
  assert.ok(!/Åström|Hassan|19900315/.test(main), 'no customer names or numbers (X-3)');
  assert.match(main, /Kund 1/);
  await screen(page, 'finance-interventions');
  br.assertNoProblems();
});

test('filter by provider and by state', async () => {
  await page.getByLabel('Anordnare').selectOption({ label: 'Språkvägen AB' });
  await page.getByText('1 insatser').waitFor();
  assert.match(await rows().first().innerText(), /ISA1[\s\S]*Pågår[\s\S]*Språkvägen AB/);
  await page.getByLabel('Anordnare').selectOption({ label: 'Alla' });
  await page.getByLabel('Status').selectOption({ label: 'Pågår' });
  await page.getByText('3 insatser').waitFor();
  await screen(page, 'finance-interventions-running');
  br.assertNoProblems();
});

test('the provider directory', async () => {
  await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Anordnare' }).click();
  await page.locator('h1', { hasText: 'Anordnare' }).waitFor();
  assert.equal(await rows().count(), 2);
  await screen(page, 'finance-providers');
  br.assertNoProblems();
});
