// A resident compares providers in Jämföraren without logging in (KV-11):
// presentations, industries (JP-4), contact details, how to switch, and
// today's default provider of the rotation (KV-12, KV-13).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, startBrowser, screen, settle, text,
} from './lib/harness.mjs';

let srv;
let br;
let page;

before(async () => {
  srv = await startServer({ users: [] });
  br = await startBrowser();
  page = await br.page();
});

after(async () => {
  await br?.close();
  await srv?.stop();
});

test('the AMI providers with today\'s default provider, no login needed', async () => {
  await page.goto(`${srv.base}/jamfor`);
  await settle(page);
  assert.equal(await page.locator('h1').innerText(), 'Jämföraren');
  assert.match(page.url(), /\/jamfor/);
  const cards = page.locator('.provider-card');
  assert.equal(await cards.count(), 1);
  const card = await text(cards.first());
  assert.match(card, /Jobbhjälpen AB\s+Förvalsanordnare nu/);
  assert.match(card, /bygg, vård och omsorg, handel/);
  assert.match(card, /Karin Lund, verksamhetschef · 08-123 45 67/);
  // KV-12: two-week periods from Mondays; 2024-06-21 is in the period 17–30 June.
  assert.match(await text(page.locator('main')), /Från 17 juni 2024 till 30 juni 2024 är det Jobbhjälpen AB\./);
  assert.match(await text(page.locator('main')), /Så byter du anordnare/);
  await screen(page, 'resident-comparison-ami');
  br.assertNoProblems();
});

test('another scheme, and one with no provider', async () => {
  await page.getByLabel('Kundval').selectOption('ISA');
  await page.locator('.provider-card h2', { hasText: 'Språkvägen AB' }).waitFor();
  assert.match(page.url(), /scheme=ISA/);
  assert.match(await text(page.locator('.provider-card').first()), /Språkträning på arbetsplatser/);
  await screen(page, 'resident-comparison-isa');
  await page.getByLabel('Kundval').selectOption('JOBBPENG');
  await page.getByText('Inga anordnare är auktoriserade för det här kundvalet just nu.').waitFor();
  await screen(page, 'resident-comparison-jobbpeng');
  br.assertNoProblems();
});

test('in English, and with a link to log in for staff', async () => {
  await page.getByRole('button', { name: 'In English' }).click();
  await page.locator('h1', { hasText: 'Jämföraren – compare providers' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Sign in' }).count(), 1);
  await screen(page, 'resident-comparison-en');
  await page.getByRole('button', { name: 'På svenska' }).click();
  await page.locator('h1', { hasText: 'Jämföraren' }).waitFor();
  br.assertNoProblems();
});
