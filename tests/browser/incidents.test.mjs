// Personal-data incidents in the browser (KV-80): provider staff report one
// with its discovery time; the counsellor sees the due time exactly 72 hours
// later, across midsommar, unmoved by holidays (CAL-2, CAL-4); the
// data-protection coordinator records the assessment, with the server's
// field error shown at its field; another provider sees neither the list
// entry nor the page. Every screen passes axe-core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, startBrowser, screen, login, logout, settle, text, USERS,
} from './lib/harness.mjs';

let srv;
let br;
let page;
let incidentUrl;

before(async () => {
  srv = await startServer({ users: [USERS.provider_staff, USERS.provider_staff_2, USERS.counsellor, USERS.dpo] });
  br = await startBrowser();
  page = await br.page();
});

after(async () => {
  await br?.close();
  await srv?.stop();
});

const menu = () => page.getByRole('navigation', { name: 'Huvudmeny' });

test('provider staff report an incident; the form names its errors at the fields (KV-80)', async () => {
  await login(page, srv.base, USERS.provider_staff);
  await menu().getByRole('link', { name: 'Incidenter' }).click();
  await settle(page);
  assert.equal(await page.locator('h1').innerText(), 'Personuppgiftsincidenter');
  // The date field starts at the server's today (2024-06-21), not the browser's.
  assert.equal(await page.getByLabel('Datum då incidenten upptäcktes').inputValue(), '2024-06-21');
  await screen(page, 'incidents-provider');

  await page.getByRole('button', { name: 'Anmäl incidenten' }).click();
  await page.locator('.error-summary').waitFor();
  assert.match(await page.locator('#in-nature-error').textContent(), /Välj om incidenten har inträffat/);
  assert.match(await page.locator('#in-discovered_time-error').textContent(), /TT:MM/);
  assert.match(await page.locator('#in-description-error').textContent(), /Fyll i vad har hänt\?/);
  assert.match(await page.locator('#in-description').getAttribute('aria-describedby'), /in-description-error/);
  await screen(page, 'incidents-provider-errors');

  // A discovery in the future is refused by the server, at the date field, naming the rule.
  await page.getByLabel('Typ av incident').selectOption('occurred');
  await page.getByLabel('Datum då incidenten upptäcktes').fill('2024-06-22');
  await page.getByLabel('Klockslag').fill('10:00');
  await page.getByLabel('Berört ärende').selectOption({ label: 'Sara Åström, AMI2' });
  await page.getByLabel('Vad har hänt?').fill('En utskrift med Saras genomförandeplan glömdes i ett mötesrum hos en hyresgäst. Utskriften är hämtad.');
  await page.getByRole('button', { name: 'Anmäl incidenten' }).click();
  const dateError = page.locator('#in-discovered_at-error');
  await dateError.waitFor();
  assert.match(await dateError.textContent(), /KV-80/);

  // KV-80: discovered Thursday 2024-06-20 14:15 (CEST).
  await page.getByLabel('Datum då incidenten upptäcktes').fill('2024-06-20');
  await page.getByLabel('Klockslag').fill('14:15');
  await page.getByRole('button', { name: 'Anmäl incidenten' }).click();
  await page.waitForURL(/\/incidents\/\d+$/);
  await settle(page);
  incidentUrl = page.url();
  await page.getByText('Incidenten är anmäld.').waitFor();
  assert.equal(await page.locator('h1').innerText(), 'Incident upptäckt 2024-06-20 14:15');
  // 72 hours after 2024-06-20 14:15 is 2024-06-23 14:15 (a Sunday, after midsommarafton and
  // midsommardagen): a deadline in hours counts hours and never moves to the next working day
  // (CAL-2, CAL-4), so not Monday 2024-06-24. No summer-time change in between.
  assert.equal(await page.locator('#inc-due').innerText(), '2024-06-23 14:15');
  // Reported on the server's today, 2024-06-21, before the limit.
  assert.match(await text(page.locator('#incident')), /Anmäld i tid, \d+ tim \d+ min före gränsen/);
  assert.match(await text(page.locator('#assessment')), /inte bedömt/);
  await screen(page, 'incident-provider');
  br.assertNoProblems();
});

test('the counsellor sees the 72-hour limit in the list and on the page, and a message about it', async () => {
  await logout(page);
  await login(page, srv.base, USERS.counsellor);
  await menu().getByRole('link', { name: 'Incidenter' }).click();
  await settle(page);
  const row = page.locator('#incidents tbody tr');
  assert.equal(await row.count(), 1);
  const cells = await row.first().locator('td').allInnerTexts();
  assert.deepEqual(cells.slice(0, 5), ['2024-06-20 14:15', 'Inträffad', 'Jobbhjälpen AB', 'Sara Åström', '2024-06-23 14:15']);
  assert.match(cells[5], /Anmäld i tid/);
  assert.equal(cells[6], 'Ej bedömd');
  await screen(page, 'incidents-counsellor');
  await row.first().getByRole('link').click();
  await settle(page);
  assert.equal(await page.locator('#inc-due').innerText(), '2024-06-23 14:15');
  // The assessment is the data-protection coordinator's (KV-80): no form for the counsellor.
  assert.equal(await page.getByRole('button', { name: 'Spara bedömningen' }).count(), 0);
  await screen(page, 'incident-counsellor');
  // KV-80: with a case, the report also went to the counsellor as a message.
  await menu().getByRole('link', { name: 'Meddelanden' }).click();
  await settle(page);
  assert.match(await page.locator('#messages tbody tr').first().innerText(), /Personuppgiftsincident[\s\S]*Sara Åström[\s\S]*Oläst/);
  br.assertNoProblems();
});

test('the data-protection coordinator records the assessment; a high risk must be told (KV-80)', async () => {
  await logout(page);
  await login(page, srv.base, USERS.dpo);
  await menu().getByRole('link', { name: 'Incidenter' }).click();
  await settle(page);
  await page.locator('#incidents tbody tr').first().getByRole('link').click();
  await settle(page);
  await page.getByRole('button', { name: 'Spara bedömningen' }).click();
  await page.locator('#as-risk-error').waitFor();
  assert.match(await page.locator('#as-assessment-error').textContent(), /Fyll i bedömning och motivering/);
  await page.getByLabel('Risk för de registrerade').selectOption('high_risk');
  await page.getByLabel('Bedömning och motivering').fill('Planen innehöll uppgifter om hälsa. Hög risk för den registrerade.');
  await page.getByRole('button', { name: 'Spara bedömningen' }).click();
  // GDPR art. 34: the server refuses a high risk not told to the person, at that field.
  const err = page.locator('#as-notify_persons-error');
  await err.waitFor();
  assert.match(await err.textContent(), /KV-80/);
  assert.match(await page.locator('#as-notify_persons').getAttribute('aria-describedby'), /as-notify_persons-error/);
  await screen(page, 'incident-dpo-error');
  await page.getByLabel('De berörda personerna informeras').check();
  await page.getByLabel('Anmäls till Integritetsskyddsmyndigheten').check();
  await page.getByRole('button', { name: 'Spara bedömningen' }).click();
  await page.getByText('Bedömningen är sparad.').waitFor();
  assert.match(await text(page.locator('#assessment')), /Risk för de registrerade\s+Hög risk/);
  assert.match(await text(page.locator('#assessment')), /De berörda personerna informeras\s+Ja/);
  await screen(page, 'incident-dpo-assessed');
  br.assertNoProblems();
});

test('another provider sees neither the incident in its list nor its page (X-3)', async () => {
  await logout(page);
  await login(page, srv.base, USERS.provider_staff_2);
  await menu().getByRole('link', { name: 'Incidenter' }).click();
  await settle(page);
  assert.equal(await page.locator('#incidents tbody tr').count(), 0);
  await page.getByText('Inga incidenter är anmälda.').waitFor();
  await page.goto(incidentUrl);
  await settle(page);
  assert.equal(await page.locator('h1').innerText(), 'Hittades inte');
  assert.ok(!(await page.locator('main').innerText()).includes('Sara'));
  await screen(page, 'incident-other-provider-not-found');
  br.assertNoProblems();
});
