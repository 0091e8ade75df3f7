// The counsellor's day: the unit's customers, registering a customer (KV-10)
// with the server's field errors shown at the field, the case page with
// interventions and the timeline of events, masking (KV-81), and the
// provider directory. The social worker and the supervisor see the same list.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, startBrowser, screen, login, logout, settle, text, USERS,
} from './lib/harness.mjs';

let srv;
let br;
let page;

before(async () => {
  srv = await startServer({ users: [USERS.counsellor, USERS.supervisor, USERS.social_worker] });
  br = await startBrowser();
  page = await br.page();
  await login(page, srv.base, USERS.counsellor);
  await page.goto(`${srv.base}/customers`);
  await settle(page);
});

after(async () => {
  await br?.close();
  await srv?.stop();
});

const rows = () => page.locator('main table tbody tr');

test('the customer list shows the unit\'s customers, protected identities masked', async () => {
  assert.match(page.url(), /\/customers$/);
  assert.equal(await page.locator('h1').innerText(), 'Kunder');
  assert.equal(await rows().count(), 5, 'K-1..K-4 and K-6 are in Vägledning; K-5 is not (X-3)');
  const first = rows().nth(0);
  assert.equal(await first.locator('td').nth(0).innerText(), 'Sara Åström');
  assert.equal(await first.locator('td').nth(1).innerText(), '19900315-1231');
  assert.equal(await first.locator('td').nth(2).innerText(), '1990-03-15');
  const masked = rows().nth(2);
  assert.equal(await masked.locator('td').nth(0).innerText(), 'Skyddad identitet');
  assert.equal(await masked.locator('td').nth(1).innerText(), 'Visas inte');
  assert.ok(!(await page.locator('main').innerText()).includes('Lind'), 'KV-81: the name is not shown');
  await screen(page, 'counsellor-customers');
  br.assertNoProblems();
});

test('search by personnummer, and a wrong check digit is an error at the field', async () => {
  await page.getByLabel('Sök på personnummer').fill('19900315-1231');
  await page.getByRole('button', { name: 'Sök' }).click();
  await page.waitForURL(/person_id=/);
  await settle(page);
  assert.equal(await rows().count(), 1);
  await page.getByLabel('Sök på personnummer').fill('19900315-1232');
  await page.getByRole('button', { name: 'Sök' }).click();
  await page.locator('#customer-search-error').waitFor();
  assert.equal(await page.locator('#customer-search').getAttribute('aria-describedby'), 'customer-search-hint customer-search-error');
  await screen(page, 'counsellor-customers-search-error');
  await page.getByRole('link', { name: 'Visa alla kunder' }).click();
  await settle(page);
  assert.equal(await rows().count(), 5);
  br.assertNoProblems();
});

test('register a customer: the server\'s ID-1 error is tied to the field, then it succeeds', async () => {
  await page.getByRole('link', { name: 'Registrera kund' }).click();
  await settle(page);
  assert.equal(await page.locator('h1').innerText(), 'Registrera ny kund');
  await screen(page, 'counsellor-customer-new');
  // 19950505-7895: the Luhn digit over 950505789 is 4, not 5 (ID-1).
  await page.getByLabel('Personnummer').fill('19950505-7895');
  await page.getByLabel('Förnamn').fill('Leila');
  await page.getByLabel('Efternamn').fill('Karimi');
  await page.getByRole('button', { name: 'Registrera kund' }).click();
  const error = page.locator('#c-person_id-error');
  await error.waitFor();
  assert.match(await error.textContent(), /ID-1/);
  assert.equal(await page.locator('#c-person_id').getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#c-person_id').getAttribute('aria-describedby'), /c-person_id-error/);
  assert.equal(await page.locator('.error-summary li').count(), 1);
  await screen(page, 'counsellor-customer-new-error');
  await page.getByLabel('Personnummer').fill('19950505-7894');
  await page.getByLabel('Födelsedatum').fill('1995-05-05');
  await page.getByRole('button', { name: 'Registrera kund' }).click();
  await page.waitForURL(/\/customers\/\d+$/);
  await settle(page);
  assert.equal(await page.locator('h1').innerText(), 'Leila Karimi');
  await page.getByText('Kunden är registrerad.').waitFor();
  assert.equal(await text(page.locator('#person dd').first()), '19950505-7894');
  assert.equal(await page.locator('#timeline li').count(), 1);
  assert.equal(await page.locator('#timeline .timeline-title').first().innerText(), 'Kunden registrerades');
  br.assertNoProblems();
});

test('the case page: person, interventions and the timeline', async () => {
  await page.goto(`${srv.base}/customers`);
  await settle(page);
  await page.getByRole('link', { name: 'Sara Åström' }).click();
  await settle(page);
  assert.equal(await page.locator('h1').innerText(), 'Sara Åström');
  const main = await text(page.locator('main'));
  assert.match(main, /15 mars 1990/, 'the birth date written out in Swedish');
  assert.match(main, /Ekonomiskt bistånd/);
  const interventions = page.locator('#interventions tbody tr');
  assert.equal(await interventions.count(), 2);
  assert.match(await interventions.nth(0).innerText(), /AMI2[\s\S]*Pågår[\s\S]*Jobbhjälpen AB[\s\S]*2024-03-04[\s\S]*2025-03-03/);
  assert.match(await interventions.nth(1).innerText(), /FAI1[\s\S]*Avslutad[\s\S]*Målet nått, stegförflyttning/);
  // Three events, newest first: two interventions, then the registration.
  const titles = await page.locator('#timeline .timeline-title').allInnerTexts();
  assert.deepEqual(titles, ['Insats beviljades', 'Insats beviljades', 'Kunden registrerades']);
  await screen(page, 'counsellor-case');
  br.assertNoProblems();
});

test('a protected identity\'s case page shows no name, number or contacts (KV-81)', async () => {
  await page.goto(`${srv.base}/customers/3`);
  await settle(page);
  assert.equal(await page.locator('h1').innerText(), 'Skyddad identitet');
  const main = await page.locator('main').innerText();
  assert.ok(!main.includes('Lind') && !main.includes('197706213456') && !main.includes('19770621-3456'));
  await screen(page, 'counsellor-case-protected');
  br.assertNoProblems();
});

test('a customer of another unit is "not found" (X-3)', async () => {
  await page.goto(`${srv.base}/customers/5`);
  await settle(page);
  assert.equal(await page.locator('h1').innerText(), 'Hittades inte');
  br.assertNoProblems();
});

test('the provider directory and one provider', async () => {
  await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Anordnare' }).click();
  await settle(page);
  assert.equal(await rows().count(), 2);
  assert.match(await rows().nth(0).innerText(), /Jobbhjälpen AB\s+556036-0793/);
  await screen(page, 'counsellor-providers');
  await page.getByRole('link', { name: 'Jobbhjälpen AB' }).click();
  await settle(page);
  const main = await text(page.locator('main'));
  assert.match(main, /2 maj 2022/, 'authorised from, written out');
  assert.match(main, /bygg, vård och omsorg, handel/);
  await screen(page, 'counsellor-provider');
  br.assertNoProblems();
});

test('the social worker and the supervisor see their unit\'s customers', async () => {
  for (const [user, name] of [[USERS.social_worker, 'social-worker'], [USERS.supervisor, 'supervisor']]) {
    await logout(page);
    await login(page, srv.base, user);
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Kunder' }).click();
    await settle(page);
    assert.equal(await page.locator('h1').innerText(), 'Kunder');
    assert.ok(await rows().count() >= 1);
    await screen(page, `${name}-customers`);
  }
  br.assertNoProblems();
});
