// The running work of a case in the browser: meetings with an iCalendar
// invitation (KV-14, KV-35), weekly contacts (KV-30) and deviations (KV-34)
// recorded by the provider and seen by the counsellor, a change of start
// date that moves the deadlines (KV-24, KV-32, CAL-4), the jobbpeng panel
// with the 100-day target (JP-3) and a supplementary voucher (JP-7); the
// provider cannot change the start date or switch provider; bad input shows
// the server's error at its field and changes nothing. The server's today is
// Friday 2024-06-21. Every screen passes axe-core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  startServer, startBrowser, screen, login, logout, settle, apiAs, USERS,
} from './lib/harness.mjs';

let srv;
let br;
let page;
let assigned; // AMI1 for Nils Berg at Jobbhjälpen, assigned with start Monday 2024-07-01
let jobbpeng; // JP for Sara Åström at Jobbhjälpen, running from 2024-06-21
const running = 1; // the fixture's AMI2 for Sara Åström at Jobbhjälpen, running since 2024-03-04

/* Visible text with no-break and narrow no-break spaces made plain. */
const plain = async (locator) => (await locator.innerText()).replace(/[\u00a0\u202f]/g, ' ');

async function arrange(counsellor, provider, code, customer, startOn) {
  const d = await counsellor('POST', `/customers/${customer}/decisions`, { code });
  const id = d.intervention.id;
  await counsellor('POST', `/interventions/${id}/choice`, { provider_id: 1 });
  await counsellor('POST', `/interventions/${id}/queue`);
  await provider('POST', `/interventions/${id}/staffing`, {});
  await counsellor('POST', `/interventions/${id}/assignment`, { start_on: startOn, brief: 'Matchning mot lager och handel.' });
  return id;
}

before(async () => {
  srv = await startServer({ users: [USERS.counsellor, USERS.provider_staff, USERS.admin] });
  const admin = await apiAs(srv.api, USERS.admin);
  // The fixture authorises no provider for jobbpeng: Jobbhjälpen is, from 2024-01-01.
  await admin('POST', '/providers/1/authorisations', { scheme: 'JOBBPENG', from: '2024-01-01' });
  // A second AMI provider to switch to (KV-14): Språkvägen, from 2024-06-01.
  await admin('POST', '/providers/2/authorisations', { scheme: 'AMI', from: '2024-06-01' });
  const counsellor = await apiAs(srv.api, USERS.counsellor);
  const provider = await apiAs(srv.api, USERS.provider_staff);
  assigned = await arrange(counsellor, provider, 'AMI1', 6, '2024-07-01');
  jobbpeng = await arrange(counsellor, provider, 'JP', 1, '2024-06-21');
  br = await startBrowser();
  page = await br.page();
});

after(async () => {
  await br?.close();
  await srv?.stop();
});

/* Opens a disclosure (<details>) unless it is open already. */
async function expand(details) {
  if (await details.getAttribute('open') === null) await details.locator('summary').click();
}

async function open(id) {
  await page.goto(`${srv.base}/interventions/${id}`);
  await settle(page);
}

test('the counsellor books a three-party meeting and downloads its invitation (KV-14)', async () => {
  await login(page, srv.base, USERS.counsellor);
  await open(running);
  const meetings = page.locator('#meetings');
  await meetings.getByText('Inga möten är bokade.').waitFor();
  await expand(page.locator('#meeting-form'));
  await page.getByLabel('Typ av möte').selectOption('three_party');
  await page.getByLabel('Datum', { exact: true }).fill('2024-06-26');
  await page.getByLabel('Starttid').fill('10:00');
  await page.getByLabel('Sluttid').fill('11:00');
  await page.getByLabel('Plats').fill('Kommunhuset, rum 3');
  await screen(page, 'casework-meeting-form');
  await page.getByRole('button', { name: 'Boka mötet' }).click();
  await page.getByText('Mötet är bokat.').waitFor();
  const item = meetings.locator('li.meeting', { hasText: 'Trepartsmöte' });
  await item.waitFor();
  assert.match(await plain(item), /Trepartsmöte, 2024-06-26 10:00–11:00[\s\S]*Bokat[\s\S]*Plats: Kommunhuset, rum 3/);
  await screen(page, 'casework-meeting-booked');

  const link = item.getByRole('link', { name: /Ladda ner kalenderinbjudan/ });
  assert.notEqual(await link.getAttribute('download'), null, 'the link downloads');
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const ics = fs.readFileSync(await download.path(), 'utf8');
  assert.ok(ics.startsWith('BEGIN:VCALENDAR'), ics.slice(0, 40));
  // 10:00 civil time in Stockholm, with its time zone (RFC 5545); no name of the customer (KV-82).
  assert.match(ics, /DTSTART;TZID=Europe\/Stockholm:20240626T100000/);
  assert.ok(!ics.includes('Sara') && !ics.includes('Åström'));
  br.assertNoProblems();
});

test('a bad meeting time is refused at its field', async () => {
  const meetings = page.locator('#meetings');
  await expand(page.locator('#meeting-form'));
  await page.getByLabel('Typ av möte').selectOption('other');
  await page.getByLabel('Starttid').fill('25:00');
  await page.getByRole('button', { name: 'Boka mötet' }).click();
  await page.locator('#mb-start-error').waitFor();
  assert.match(await page.locator('#mb-start').getAttribute('aria-describedby'), /mb-start-error/);
  assert.equal(await meetings.locator('li.meeting').count(), 1, 'nothing booked');
  await screen(page, 'casework-meeting-error');
  br.assertNoProblems();
});

test('provider staff record a weekly contact and a deviation (KV-30, KV-34)', async () => {
  await logout(page);
  await login(page, srv.base, USERS.provider_staff);
  await open(running);
  const contacts = page.locator('#contacts');
  // KV-30: no contact since the start on Monday 2024-03-04: the first week is 4-10 March, so a contact was due by 2024-03-10.
  assert.match(await plain(contacts), /Nästa kontakt senast\s+2024-03-10\s+Försenad/);
  await contacts.locator('summary', { hasText: 'Registrera kontakt' }).click();
  assert.equal(await page.getByLabel('Datum för kontakten').inputValue(), '2024-06-21', 'the server\'s today');
  await page.getByLabel('Kontaktsätt').selectOption('phone');
  await page.locator('#co-note').fill('Samtal om praktikplatsen.');
  await page.getByRole('button', { name: 'Registrera kontakten' }).click();
  await page.getByText('Kontakten är registrerad.').waitFor();
  await contacts.locator('tbody tr').first().waitFor();
  assert.match(await plain(contacts.locator('tbody tr').first()), /2024-06-21\s+Telefon\s+Samtal om praktikplatsen\.\s+Du/);
  // KV-30: the last contact 2024-06-21 + 7 days = 2024-06-28.
  assert.match(await plain(contacts), /Nästa kontakt senast\s+2024-06-28/);

  const deviations = page.locator('#deviations');
  await deviations.locator('summary', { hasText: 'Rapportera avvikelse' }).click();
  await page.getByLabel('Beskrivning av avvikelsen').fill('Kunden uteblev från praktiken två dagar.');
  await page.getByLabel('Avvikelsen kan påverka kundens ekonomiska bistånd').check();
  await page.getByRole('button', { name: 'Rapportera avvikelsen' }).click();
  await page.getByText('Avvikelsen är rapporterad.').waitFor();
  await deviations.locator('tbody tr').first().waitFor();
  assert.match(await plain(deviations.locator('tbody tr').first()), /2024-06-21\s+Kunden uteblev från praktiken två dagar\.\s+Ja/);
  await screen(page, 'casework-provider-contacts');
  br.assertNoProblems();
});

test('the provider sees no start-date or switch controls; it proposes instead', async () => {
  await open(assigned);
  const changes = page.locator('#changes');
  await changes.waitFor();
  assert.match(await plain(changes), /Startdatum och byte av anordnare beslutas av karriärvägledaren/);
  assert.equal(await page.locator('#start-date, #provider-switch, #sd-start_on, #sw-provider_id').count(), 0);
  assert.equal(await page.getByText('Ändra startdatum').count(), 0);
  assert.equal(await page.getByText('Byt anordnare').count(), 0);
  await screen(page, 'casework-provider-assigned');
  br.assertNoProblems();
});

test('the counsellor sees the provider\'s contact and deviation', async () => {
  await logout(page);
  await login(page, srv.base, USERS.counsellor);
  await open(running);
  assert.match(await plain(page.locator('#contacts tbody')), /2024-06-21\s+Telefon\s+Samtal om praktikplatsen\.\s+Bo Ek/);
  assert.match(await plain(page.locator('#deviations tbody')), /Kunden uteblev från praktiken två dagar\.\s+Ja/);
  assert.equal(await page.locator('#contact-form, #deviation-form').count(), 0, 'the counsellor does not record them');
  await screen(page, 'casework-counsellor-contacts');
  br.assertNoProblems();
});

test('an empty reason for a new start date shows the server\'s error and changes nothing', async () => {
  await open(assigned);
  const deadlines = page.locator('#deadlines');
  // KV-24: the plan is due 14 days after the start: 2024-07-01 + 14 = Monday 2024-07-15.
  assert.match(await plain(deadlines), /Skicka in genomförandeplan\s+Anordnaren\s+2024-07-15/);
  await page.locator('#changes summary', { hasText: 'Ändra startdatum' }).click();
  await page.getByLabel('Nytt startdatum').fill('2024-08-05');
  await page.locator('#changes').getByRole('button', { name: 'Ändra startdatum' }).click();
  const error = page.locator('#sd-reason-error');
  await error.waitFor();
  assert.match(await error.innerText(), /Skriv skälet – fältet får inte vara tomt \(X-4\)/);
  assert.match(await page.locator('#sd-reason').getAttribute('aria-describedby'), /sd-reason-error/);
  assert.equal(await page.locator('#sd-reason').getAttribute('aria-invalid'), 'true');
  assert.match(await plain(page.locator('#summary')), /Startdatum\s+1 juli 2024/);
  assert.match(await plain(deadlines), /2024-07-15/);
  await screen(page, 'casework-start-date-error');
  br.assertNoProblems();
});

test('the counsellor moves the start date with a reason; the deadlines move (KV-24, KV-32, CAL-4)', async () => {
  await page.locator('#sd-reason').fill('Kunden börjar en kurs som slutar 2 augusti.');
  await page.locator('#changes').getByRole('button', { name: 'Ändra startdatum' }).click();
  await page.getByText('Startdatumet är ändrat.').waitFor();
  await page.locator('#summary', { hasText: '5 augusti 2024' }).waitFor();
  // The planned end: 3 months counted inclusively from 5 August end on 4 November (KV-1).
  assert.match(await plain(page.locator('#summary')), /Startdatum\s+5 augusti 2024[\s\S]*Planerat slut\s+4 november 2024/);
  const deadlines = page.locator('#deadlines');
  // KV-24: 2024-08-05 + 14 days = Monday 2024-08-19.
  assert.match(await plain(deadlines), /Skicka in genomförandeplan\s+Anordnaren\s+2024-08-19/);
  // KV-32: August's report closes on the 7th of September, a Saturday; CAL-4 moves it to Monday 2024-09-09.
  assert.match(await plain(deadlines), /\(2024-08\)\s+Anordnaren\s+2024-09-09/);
  // No report is due for July any more, and the old plan date is gone.
  assert.ok(!(await plain(deadlines)).includes('2024-07-15'));
  assert.ok(!(await plain(deadlines)).includes('(2024-07)'));
  assert.match(await plain(page.locator('#changes')), /Startdatum ändrat från 1 juli 2024 till 5 augusti 2024[\s\S]*Skäl: Kunden börjar en kurs som slutar 2 augusti\./, 'the reason is kept (X-1)');
  await screen(page, 'casework-start-date-changed');
  br.assertNoProblems();
});

test('jobbpeng: the 100-day target and a 10 000 kr supplement applied for by the provider (JP-3, JP-7)', async () => {
  await logout(page);
  await login(page, srv.base, USERS.provider_staff);
  await open(jobbpeng);
  const jp = page.locator('#jobbpeng');
  await jp.locator('#jp-target-on').waitFor();
  // JP-3: 2024-06-21 + 100 days: 9 to 30 June, 31 in July (40), 31 in August (71), 29 in September (100) = 2024-09-29.
  assert.equal(await plain(jp.locator('#jp-target-on')), '29 september 2024');
  assert.equal(await plain(jp.locator('#jp-days-left')), '100 dagar kvar');
  assert.equal(await plain(jp.locator('#jp-granted-total')), '0,00 kr');
  await jp.locator('summary', { hasText: 'Ansök om tilläggscheck' }).click();
  await page.getByRole('button', { name: 'Skicka ansökan' }).click();
  await page.locator('#su-amount-error').waitFor();
  await page.locator('#su-amount-1').check();
  assert.equal(await plain(page.locator('label[for="su-amount-1"]')), '10 000,00 kr');
  await page.getByLabel('Vad checken ska användas till').fill('Truckkort A+B');
  await page.locator('#su-justification').fill('Arbetsgivaren kräver truckkort för anställning på lagret.');
  await screen(page, 'casework-jobbpeng-apply');
  await page.getByRole('button', { name: 'Skicka ansökan' }).click();
  await page.getByText('Ansökan om tilläggscheck är skickad.').waitFor();
  await jp.locator('#jp-supplements li', { hasText: 'Väntar på beslut' }).waitFor();
  assert.match(await plain(jp.locator('#jp-supplements')), /10 000,00 kr – Truckkort A\+B/);
  await screen(page, 'casework-jobbpeng-applied');
  br.assertNoProblems();
});

test('jobbpeng: a refusal without a reason is refused; the counsellor grants 10 000,00 kr (JP-7)', async () => {
  await logout(page);
  await login(page, srv.base, USERS.counsellor);
  await open(jobbpeng);
  const jp = page.locator('#jobbpeng');
  await jp.locator('#jp-supplements').waitFor();
  await jp.getByRole('button', { name: 'Avslå' }).click();
  const error = jp.locator('[id$="-reason-error"]');
  await error.waitFor();
  assert.match(await error.innerText(), /Ett avslag måste ha ett skäl \(JP-7\)/);
  assert.match(await plain(jp.locator('#jp-supplements')), /Väntar på beslut/);
  await screen(page, 'casework-jobbpeng-refusal-error');
  await jp.getByRole('button', { name: 'Bevilja tilläggschecken' }).click();
  await page.getByText('Tilläggschecken är beviljad.').waitFor();
  await jp.locator('#jp-supplements li', { hasText: 'Beviljad' }).waitFor();
  assert.equal(await plain(jp.locator('#jp-granted-total')), '10 000,00 kr');
  assert.match(await plain(jp.locator('#jp-supplements')), /10 000,00 kr – Truckkort A\+B\s+Beviljad/);
  assert.equal(await plain(jp.locator('#jp-target-on')), '29 september 2024');
  await screen(page, 'casework-jobbpeng-granted');
  br.assertNoProblems();
});

test('the counsellor switches the provider of a queued case; the old provider no longer sees it (KV-14, X-3)', async () => {
  const queued = 4; // the fixture's AMI1 for Maja Ek, queued at Jobbhjälpen
  await open(queued);
  await expand(page.locator('#provider-switch'));
  await page.locator('#provider-switch').getByRole('button', { name: 'Byt anordnare' }).click();
  await page.locator('#sw-provider_id-error').waitFor();
  assert.match(await page.locator('#sw-provider_id').getAttribute('aria-describedby'), /sw-provider_id-error/);
  await page.getByLabel('Ny anordnare').selectOption({ label: 'Språkvägen AB' });
  await page.locator('#sw-reason').fill('Kunden vill byta efter trepartsmötet.');
  await screen(page, 'casework-switch-form');
  await page.locator('#provider-switch').getByRole('button', { name: 'Byt anordnare' }).click();
  await page.getByText('Ärendet är ställt i kö hos den nya anordnaren.').waitFor();
  await page.locator('#summary', { hasText: 'Språkvägen AB' }).waitFor();
  assert.match(await plain(page.locator('#summary')), /Status\s+I kö hos anordnare[\s\S]*Anordnare\s+Språkvägen AB/);
  await screen(page, 'casework-switched');
  await logout(page);
  await login(page, srv.base, USERS.provider_staff);
  await open(queued);
  assert.equal(await page.locator('h1').innerText(), 'Hittades inte');
  await screen(page, 'casework-switched-provider-not-found');
  br.assertNoProblems();
});
