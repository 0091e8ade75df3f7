// Provider staff: their assignments grouped as queue, current and ended, the
// case page of their own customers, their organisation's page; another
// provider's case typed into the address bar is "not found".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, startBrowser, screen, login, logout, settle, USERS,
} from './lib/harness.mjs';

let srv;
let br;
let page;

before(async () => {
  srv = await startServer({ users: [USERS.provider_staff, USERS.provider_staff_2] });
  br = await startBrowser();
  page = await br.page();
  await login(page, srv.base, USERS.provider_staff);
  await page.goto(`${srv.base}/cases`);
  await settle(page);
});

after(async () => {
  await br?.close();
  await srv?.stop();
});

const names = (section) => page.locator(`#cases-${section} tbody tr td:first-child`).allInnerTexts();

test('the assignments: queue, current and ended, only this provider\'s', async () => {
  assert.match(page.url(), /\/cases$/);
  assert.equal(await page.locator('h1').innerText(), 'Uppdrag');
  assert.deepEqual(await names('queue'), ['Maja Ek']);
  assert.deepEqual((await names('active')).sort(), ['Ali Hassan', 'Sara Åström', 'Skyddad identitet']);
  assert.deepEqual(await names('closed'), ['Sara Åström']);
  assert.ok(!(await page.locator('main').innerText()).includes('Omar'), 'Språkvägen\'s customer is not listed');
  assert.match(await page.locator('#cases-queue').innerText(), /I kö hos anordnare/);
  await screen(page, 'provider-cases');
  br.assertNoProblems();
});

test('the case page of an own customer shows only this provider\'s interventions', async () => {
  await page.locator('#cases-queue').getByRole('link', { name: 'Maja Ek' }).click();
  await settle(page);
  assert.equal(await page.locator('h1').innerText(), 'Maja Ek');
  const rows = page.locator('#interventions tbody tr');
  assert.equal(await rows.count(), 1);
  assert.match(await rows.first().innerText(), /AMI1[\s\S]*I kö hos anordnare/);
  assert.equal(await page.locator('main').getByText('Enhet', { exact: true }).count(), 0, 'no municipal unit shown to providers');
  await screen(page, 'provider-case');
  br.assertNoProblems();
});

test('another provider\'s case URL shows "Hittades inte"', async () => {
  await page.goto(`${srv.base}/customers/5`);
  await settle(page);
  assert.equal(await page.locator('h1').innerText(), 'Hittades inte');
  assert.ok(!(await page.locator('main').innerText()).includes('Omar'));
  await screen(page, 'provider-other-case-not-found');
  br.assertNoProblems();
});

test('the organisation page shows the provider as the municipality sees it', async () => {
  await page.getByRole('link', { name: 'Vår verksamhet' }).click();
  await settle(page);
  assert.equal(await page.locator('h1').innerText(), 'Jobbhjälpen AB');
  assert.match(await page.locator('#authorisations').innerText(), /AMI – arbetsmarknadsinsatser/);
  await screen(page, 'provider-own');
  br.assertNoProblems();
});

test('municipal screens are closed to providers', async () => {
  await page.goto(`${srv.base}/customers`);
  await settle(page);
  assert.equal(await page.locator('h1').innerText(), 'Ingen behörighet');
  br.assertNoProblems();
});

test('the other provider sees only its own customer, and not this one\'s', async () => {
  await logout(page);
  await login(page, srv.base, USERS.provider_staff_2);
  await page.getByRole('link', { name: 'Uppdrag' }).click();
  await settle(page);
  assert.deepEqual(await names('active'), ['Omar Nur']);
  await page.goto(`${srv.base}/customers/1`);
  await settle(page);
  assert.equal(await page.locator('h1').innerText(), 'Hittades inte');
  br.assertNoProblems();
});
