// The kundval workflow end to end, in the browser, across roles: the
// counsellor grants an intervention (KV-10) and records the choice and the
// queueing (KV-11, KV-20); the provider staffs the case (KV-21); the
// counsellor issues the assignment (KV-22, KV-24); the provider writes and
// submits the implementation plan (KV-24) and a monthly report (KV-32, with
// an "Ej aktuellt" without a reason refused at its field); the counsellor
// returns and approves (KV-25, KV-32). Every screen passes axe-core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, startBrowser, screen, login, logout, settle, text, USERS,
} from './lib/harness.mjs';

let srv;
let br;
let page;
let interventionUrl;

before(async () => {
  srv = await startServer({ users: [USERS.counsellor, USERS.provider_staff] });
  br = await startBrowser();
  page = await br.page();
});

after(async () => {
  await br?.close();
  await srv?.stop();
});

const state = async (name) => {
  await page.locator('#summary .badge', { hasText: name }).waitFor();
  return page.locator('#summary .badge').first().innerText();
};

test('the counsellor grants an intervention with its target group (KV-10, KV-2)', async () => {
  await login(page, srv.base, USERS.counsellor);
  assert.match(page.url(), /\/inbox$/);
  await screen(page, 'counsellor-inbox');
  await page.goto(`${srv.base}/customers/6`);
  await settle(page);
  await page.getByRole('link', { name: 'Bevilja insats' }).click();
  await settle(page);
  assert.equal(await page.locator('h1').innerText(), 'Bevilja insats');
  await page.getByRole('button', { name: 'Bevilja insatsen' }).click();
  await page.locator('.error-summary').waitFor();
  assert.match(await page.locator('#d-code-error').textContent(), /Välj vilken insats/);
  await page.getByLabel('Insats', { exact: true }).selectOption('AMI1');
  await page.getByText('Kunden tillhör en målgrupp för insatsen.').waitFor();
  await page.getByRole('radio', { name: /ekonomiskt bistånd/i }).check();
  await page.getByLabel('Kartläggning', { exact: true }).fill('Kartläggning gjord tillsammans med Nils. Arbetsförmåga 100 %.');
  await page.getByLabel('Framtidsplan').fill('Arbete inom handel eller lager inom ett halvår.');
  await screen(page, 'counsellor-decision');
  await page.getByRole('button', { name: 'Bevilja insatsen' }).click();
  await page.waitForURL(/\/interventions\/\d+$/);
  await settle(page);
  interventionUrl = page.url();
  assert.equal(await page.locator('h1').innerText(), 'AMI1 för Nils Berg');
  assert.equal(await state('Beviljad'), 'Beviljad');
  await page.getByText('Insatsen AMI1 är beviljad.').waitFor();
  br.assertNoProblems();
});

test('the counsellor records the choice from the comparison and queues (KV-11, KV-20)', async () => {
  await page.getByRole('radio', { name: 'Jobbhjälpen AB', exact: true }).check();
  await screen(page, 'counsellor-choice');
  await page.getByRole('button', { name: 'Registrera val och ställ i kö' }).click();
  await page.getByText('Valet är registrerat').waitFor();
  assert.equal(await state('I kö hos anordnare'), 'I kö hos anordnare');
  assert.match(await page.locator('#deadlines').innerText(), /Bemanna ärendet[\s\S]*KV-21/);
  br.assertNoProblems();
});

test('the provider sees the case in its to-do list and staffs it (KV-21)', async () => {
  await logout(page);
  await login(page, srv.base, USERS.provider_staff);
  assert.match(page.url(), /\/inbox$/);
  const row = page.locator('#due tbody tr', { hasText: 'Nils Berg' });
  assert.match(await row.innerText(), /Bemanna ärendet och meddela karriärvägledaren[\s\S]*2024-06-24/);
  await screen(page, 'provider-inbox');
  await row.getByRole('link').click();
  await settle(page);
  await screen(page, 'provider-staffing');
  await page.getByRole('button', { name: 'Bemanna – jag blir jobbexpert' }).click();
  await page.getByText('Ärendet är bemannat.').waitFor();
  assert.equal(await state('Bemannad'), 'Bemannad');
  br.assertNoProblems();
});

test('the counsellor issues the assignment; the intervention starts (KV-22, KV-24)', async () => {
  await logout(page);
  await login(page, srv.base, USERS.counsellor);
  await page.goto(interventionUrl);
  await settle(page);
  await page.getByLabel('Startdatum').fill('2024-06-21');
  await page.getByLabel('Uppdragsbeskrivning').fill('Matchning mot handel och lager, heltid. Praktik inom fyra veckor.');
  await screen(page, 'counsellor-assignment');
  await page.getByRole('button', { name: 'Utfärda uppdrag' }).click();
  await page.getByText('Uppdraget är utfärdat.').waitFor();
  assert.equal(await state('Pågår'), 'Pågår');
  assert.match(await text(page.locator('#summary')), /Startdatum\s+21 juni 2024/);
  br.assertNoProblems();
});

test('the provider writes and submits the implementation plan (KV-24)', async () => {
  await logout(page);
  await login(page, srv.base, USERS.provider_staff);
  await page.goto(interventionUrl);
  await settle(page);
  await page.getByLabel('Mötet hölls').fill('2024-06-21');
  await page.getByRole('button', { name: 'Registrera uppstartsmötet' }).click();
  await page.getByText('Uppstartsmötet är registrerat.').first().waitFor();
  await page.getByRole('button', { name: 'Skriv genomförandeplan' }).click();
  await page.waitForURL(/\/documents\/\d+$/);
  await settle(page);
  assert.equal(await page.locator('h1').innerText(), 'Genomförandeplan');
  await page.getByRole('button', { name: 'Klarmarkera och skicka' }).click();
  await page.locator('.error-summary').waitFor();
  assert.equal(await page.locator('.error-summary li').count(), 3);
  await page.getByLabel('Mål', { exact: true }).fill('Anställning inom handel eller lager.');
  await page.getByLabel('Delmål').fill('CV klart vecka 1, praktikplats vecka 4.');
  await page.getByLabel('Aktiviteter med förväntad tid').fill('Jobbsökarträffar 2 dagar i veckan, 4 veckor. Praktik 8 veckor.');
  await page.getByRole('button', { name: 'Spara utkast' }).click();
  await page.getByText('Utkastet är sparat.').waitFor();
  await screen(page, 'provider-plan');
  await page.getByRole('button', { name: 'Klarmarkera och skicka' }).click();
  await page.getByText('Dokumentet är klarmarkerat').waitFor();
  assert.match(await page.locator('main').innerText(), /Klarmarkerad/);
  br.assertNoProblems();
});

test('the provider writes a monthly report: "Ej aktuellt" needs a reason (KV-32)', async () => {
  await page.goto(`${srv.base}/interventions/1`);
  await settle(page);
  await page.getByLabel('Månad').selectOption({ label: 'maj 2024' });
  await page.getByRole('button', { name: 'Skriv månadsrapport' }).click();
  await page.waitForURL(/\/documents\/\d+$/);
  await settle(page);
  assert.equal(await page.locator('h1').innerText(), 'Månadsrapport, maj 2024');
  const fields = page.locator('form textarea');
  assert.equal(await fields.count(), 6, 'the six sections of the AMI template (KV-32a)');
  await page.getByLabel('Progression mot mål och delmål, utmaningar och behov av stöd').fill('Sara har haft praktik på ett lager i tre veckor och trivs.');
  await page.getByLabel('Justeringar – behöver genomförandeplanen revideras?').fill('Nej.');
  await page.getByLabel('Frånvaro med datum och orsak').fill('Ej aktuellt.');
  await page.getByLabel('Annan upprepad frånvaro').fill('Ej aktuellt – ingen annan frånvaro i maj');
  await page.getByLabel('Behov av annan insats').fill('Nej.');
  await page.getByLabel('Avvikelser från planering').fill('Inga avvikelser.');
  await page.getByRole('button', { name: 'Klarmarkera och skicka' }).click();
  const error = page.locator('#sec-absence-error');
  await error.waitFor();
  assert.match(await error.textContent(), /KV-32/);
  assert.match(await page.locator('#sec-absence').getAttribute('aria-describedby'), /sec-absence-error/);
  await screen(page, 'provider-monthly-report-error');
  await page.getByLabel('Frånvaro med datum och orsak').fill('Ej aktuellt – ingen frånvaro i maj');
  await page.getByRole('button', { name: 'Klarmarkera och skicka' }).click();
  await page.getByText('Dokumentet är klarmarkerat').waitFor();
  assert.equal(await page.locator('h1').innerText(), 'Månadsrapport, maj 2024, KLAR');
  await screen(page, 'provider-monthly-report-submitted');
  br.assertNoProblems();
});

test('the provider records a sickness absence and proposes another intervention (KV-41, KV-33)', async () => {
  await page.goto(`${srv.base}/interventions/1`);
  await settle(page);
  await page.locator('#absences summary').click();
  await page.getByLabel('Typ av frånvaro').selectOption('sick');
  await page.getByLabel('Första dag').fill('2024-06-10');
  await page.getByLabel('Sista dag').fill('2024-06-19');
  await page.locator('#absences').getByRole('button', { name: 'Registrera frånvaro' }).click();
  await page.getByText('Frånvaron är registrerad.').waitFor();
  await page.locator('#absences tbody tr').first().waitFor();
  assert.match(await text(page.locator('#absences tbody')), /Sjukdom\s+2024-06-10 – 2024-06-19/);
  await page.locator('#proposals summary').click();
  await page.getByLabel('Förslag', { exact: true }).selectOption('another_intervention');
  await page.getByLabel('Motivering').fill('Sara behöver arbetsträning på heltid snarare än vägledning.');
  await page.getByRole('button', { name: 'Skicka förslaget' }).click();
  await page.getByText('Förslaget är skickat.').waitFor();
  await page.locator('#proposals li', { hasText: 'Väntar på beslut' }).waitFor();
  await screen(page, 'provider-intervention-running');
  br.assertNoProblems();
});

test('the counsellor returns the report with a comment and approves the plan (KV-25, KV-32)', async () => {
  await logout(page);
  await login(page, srv.base, USERS.counsellor);
  await page.goto(`${srv.base}/interventions/1`);
  await settle(page);
  await page.locator('#proposals').getByRole('button', { name: 'Godkänn förslaget' }).click();
  await page.getByText('Förslaget är godkänt.').waitFor();
  await page.locator('#proposals li', { hasText: 'Godkänt' }).waitFor();
  await screen(page, 'counsellor-intervention-running');
  await page.getByRole('link', { name: 'Granska: Månadsrapport, maj 2024, KLAR' }).click();
  await settle(page);
  await page.getByRole('button', { name: 'Återremittera', exact: true }).click();
  await page.locator('#rv-comment-error').waitFor();
  await page.getByLabel('Vad ska kompletteras?').fill('Beskriv vilka arbetsuppgifter praktiken har innehållit.');
  await page.getByRole('button', { name: 'Återremittera', exact: true }).click();
  await page.locator('h1', { hasText: 'Månadsrapport, maj 2024' }).waitFor();
  await page.getByText('Återremitterad', { exact: true }).first().waitFor();
  await page.goto(interventionUrl);
  await settle(page);
  await page.getByRole('link', { name: 'Granska: Genomförandeplan' }).click();
  await settle(page);
  await screen(page, 'counsellor-plan-review');
  await page.getByRole('button', { name: 'Godkänn' }).click();
  await page.locator('#reviews').waitFor();
  assert.match(await page.locator('main').innerText(), /Godkänd/);
  assert.equal(await page.getByRole('button', { name: 'Godkänn' }).count(), 0);
  await screen(page, 'counsellor-plan-approved');
  br.assertNoProblems();
});

test('the returned report shows the comment to the provider', async () => {
  await logout(page);
  await login(page, srv.base, USERS.provider_staff);
  await page.goto(`${srv.base}/interventions/1`);
  await settle(page);
  await page.locator('#documents').getByRole('link', { name: /Månadsrapport, maj 2024/ }).click();
  await settle(page);
  assert.match(await page.locator('main').innerText(), /Beskriv vilka arbetsuppgifter praktiken har innehållit\./);
  await screen(page, 'provider-monthly-report-returned');
  br.assertNoProblems();
});
