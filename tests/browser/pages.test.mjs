// The other cross-case pages in the browser: a staff change reported by a
// provider reaches the municipality's list (KV-83); the referral list for
// provider staff (KV-7); the default rotation in the order of KV-12 and
// KV-13 for providers created here, and today's default provider on the
// public comparison page; the obligation sweep with its result; and each
// role's menu with only the pages of that role. Every screen passes axe-core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, startBrowser, screen, login, logout, settle, text, apiAs, USERS,
} from './lib/harness.mjs';

let srv;
let br;
let page;

before(async () => {
  srv = await startServer({
    users: [USERS.counsellor, USERS.social_worker, USERS.supervisor, USERS.provider_staff, USERS.finance, USERS.dpo, USERS.admin],
  });
  // Two more FAI providers (KV-12): the fixture's Jobbhjälpen AB is authorised for FAI from
  // 2023-01-09; Vägvisarna AB from 2023-06-01; Nystart AB only from 2024-07-01.
  const admin = await apiAs(srv.base, USERS.admin);
  const a = await admin('POST', '/providers', { org_no: '5566778899', name: 'Vägvisarna AB' });
  await admin('POST', `/providers/${a.id}/authorisations`, { scheme: 'FAI', from: '2023-06-01', to: null });
  const b = await admin('POST', '/providers', { org_no: '5599001129', name: 'Nystart AB' });
  await admin('POST', `/providers/${b.id}/authorisations`, { scheme: 'FAI', from: '2024-07-01', to: null });
  br = await startBrowser();
  page = await br.page();
});

after(async () => {
  await br?.close();
  await srv?.stop();
});

const menu = () => page.getByRole('navigation', { name: 'Huvudmeny' });

async function signInAs(user) {
  if (await page.getByRole('button', { name: 'Logga ut' }).count()) await logout(page);
  await login(page, srv.base, user);
}

test('a staff change reported by the provider appears in the municipality\'s list (KV-83)', async () => {
  await signInAs(USERS.provider_staff);
  await menu().getByRole('link', { name: 'Personaländringar' }).click();
  await settle(page);
  assert.equal(await page.locator('h1').innerText(), 'Personaländringar');
  // The date starts at the server's today.
  assert.equal(await page.getByLabel('Gäller från').inputValue(), '2024-06-21');
  await page.getByRole('button', { name: 'Anmäl ändringen' }).click();
  await page.locator('.error-summary').waitFor();
  assert.match(await page.locator('#sc-kind-error').textContent(), /Välj vilken ändring/);
  assert.match(await page.locator('#sc-staff_name-error').textContent(), /Fyll i namn/);
  await page.getByLabel('Ändring', { exact: true }).selectOption('joined');
  await page.getByLabel('Namn', { exact: true }).fill('Lisa Nyström');
  await page.getByLabel('Roll (frivilligt)').fill('Jobbexpert');
  await page.getByLabel('Gäller från').fill('2024-06-17');
  // An application dated after the server's today is refused at its field, naming the rule.
  await page.getByLabel('Behörighet sökt').fill('2024-06-25');
  await page.getByRole('button', { name: 'Anmäl ändringen' }).click();
  const accessError = page.locator('#sc-access_requested_on-error');
  await accessError.waitFor();
  assert.match(await accessError.textContent(), /KV-83/);
  assert.match(await page.locator('#sc-access_requested_on').getAttribute('aria-describedby'), /sc-access_requested_on-error/);
  // KV-83: access is applied for on the first day of employment (Monday 2024-06-17); two days later is late.
  await page.getByLabel('Behörighet sökt').fill('2024-06-19');
  await screen(page, 'staff-change-provider');
  await page.getByRole('button', { name: 'Anmäl ändringen' }).click();
  await page.getByText('Personaländringen är anmäld.').waitFor();
  await page.locator('#staff-changes tbody tr', { hasText: 'Lisa Nyström' }).waitFor();
  br.assertNoProblems();

  await signInAs(USERS.supervisor);
  await menu().getByRole('link', { name: 'Personaländringar' }).click();
  await settle(page);
  const row = page.locator('#staff-changes tbody tr', { hasText: 'Lisa Nyström' });
  const cells = await row.locator('td').allInnerTexts();
  assert.deepEqual(cells.slice(0, 5), ['Jobbhjälpen AB', 'Ny medarbetare', 'Lisa Nyström', 'Jobbexpert', '2024-06-17']);
  assert.match(cells[5], /2024-06-19\s+Sökt efter första dagen \(KV-83\)/);
  await screen(page, 'staff-changes-municipality');
  br.assertNoProblems();
});

test('the referral list for provider staff (KV-7)', async () => {
  await signInAs(USERS.provider_staff);
  await menu().getByRole('link', { name: 'Hänvisningar' }).click();
  await settle(page);
  assert.equal(await page.locator('h1').innerText(), 'Hänvisningslista');
  const row = page.locator('#referrals tbody tr', { hasText: 'Ekonomiskt bistånd' });
  assert.match(await text(row), /Ekonomiskt bistånd\s+Ansvarig socialsekreterare på ekonomiskt bistånd\s+KV-7/);
  await screen(page, 'referrals-provider');
  br.assertNoProblems();
});

test('the rotation lists the FAI providers in the order of KV-12 for six periods', async () => {
  await signInAs(USERS.counsellor);
  await menu().getByRole('link', { name: 'Förvalslista' }).click();
  await settle(page);
  assert.equal(await page.getByLabel('Från och med').inputValue(), '2024-06-21');
  await page.getByLabel('Kundval').selectOption('FAI');
  await page.getByRole('button', { name: 'Visa' }).click();
  await page.waitForURL(/scheme=FAI/);
  await settle(page);
  await page.getByText(/perioder om 14 dagar räknat från 1 januari 2024 \(KV-12\)/).waitFor();
  // KV-12, by hand: anchor Monday 2024-01-01, periods of 14 days, the list in authorisation
  // order Jobbhjälpen AB (2023-01-09), Vägvisarna AB (2023-06-01), Nystart AB (2024-07-01).
  // Periods 0..12 have the first two authorised: even periods Jobbhjälpen, odd Vägvisarna;
  // period 12 (2024-01-01 + 168 days = 2024-06-17 .. 06-30) holds 2024-06-21: Jobbhjälpen.
  // Period 13 starts 2024-01-01 + 182 days = 2024-07-01 (2024 is a leap year), when Nystart
  // is authorised: it is appended last, so 13 Vägvisarna (after Jobbhjälpen), 14 Nystart,
  // 15 Jobbhjälpen (wrapping), 16 Vägvisarna, 17 Nystart.
  const rows = (await page.locator('#rotation tbody tr').allInnerTexts()).map((r) => r.replace(/\s+/g, ' ').trim());
  assert.deepEqual(rows, [
    '2024-06-17 2024-06-30 Jobbhjälpen AB Aktuell period',
    '2024-07-01 2024-07-14 Vägvisarna AB',
    '2024-07-15 2024-07-28 Nystart AB',
    '2024-07-29 2024-08-11 Jobbhjälpen AB',
    '2024-08-12 2024-08-25 Vägvisarna AB',
    '2024-08-26 2024-09-08 Nystart AB',
  ]);
  await screen(page, 'rotation-fai');

  // A date that does not exist is stopped at the field (ISO-8601).
  await page.getByLabel('Från och med').fill('2024-02-30');
  await page.getByRole('button', { name: 'Visa' }).click();
  const err = page.locator('#ro-from-error');
  await err.waitFor();
  assert.match(await err.textContent(), /ÅÅÅÅ-MM-DD/);
  assert.match(await page.locator('#ro-from').getAttribute('aria-describedby'), /ro-from-error/);
  // Before the rule pack (and its anchor) there is no rotation: the server's 404 is said in words.
  await page.getByLabel('Från och med').fill('2023-12-01');
  await page.getByRole('button', { name: 'Visa' }).click();
  await page.getByText('Ingen förvalslista gäller 1 december 2023').waitFor();
  await screen(page, 'rotation-error');
  br.assertNoProblems();
});

test('the public comparison page shows today\'s default provider (KV-13)', async () => {
  await logout(page);
  await page.goto(`${srv.base}/jamfor?scheme=FAI`);
  await settle(page);
  // The period of 2024-06-17 .. 2024-06-30 belongs to Jobbhjälpen AB (see above).
  assert.match(await text(page.locator('main .notice-info')), /17 juni 2024[\s\S]*30 juni 2024[\s\S]*Jobbhjälpen AB/);
  const card = page.locator('.provider-card', { hasText: 'Jobbhjälpen AB' });
  await card.locator('.badge').waitFor();
  assert.equal(await page.locator('.provider-card .badge').count(), 1);
  await screen(page, 'comparison-fai-default');
  br.assertNoProblems();
});

test('the sweep runs from the follow-up page with progress and shows its result', async () => {
  await login(page, srv.base, USERS.admin);
  await menu().getByRole('link', { name: 'Uppföljning' }).click();
  await settle(page);
  await screen(page, 'follow-up-admin');
  await page.getByRole('button', { name: 'Kör bevakningen nu' }).click();
  await page.getByText(/^Bevakningen är klar för 2024-06-21:/).waitFor();
  const result = await text(page.locator('#sweep-result'));
  assert.match(result, /Datum\s+2024-06-21/);
  assert.match(result, /Startade insatser\s+\d+/);
  assert.match(result, /Missade skyldigheter\s+\d+/);
  await screen(page, 'follow-up-sweep-done');
  // The sweep is idempotent: run again the same day, nothing more starts or is missed.
  await page.getByRole('button', { name: 'Kör bevakningen nu' }).click();
  await page.locator('#sweep-result', { hasText: /Startade insatser\s*0\s*Missade skyldigheter\s*0/ }).waitFor();
  // Three weeks later (the server's today moves), the sweep runs on that date.
  await logout(page);
  await srv.restart({ today: '2024-07-15' });
  await login(page, srv.base, USERS.admin);
  await page.goto(`${srv.base}/follow-up`);
  await settle(page);
  await page.getByRole('button', { name: 'Kör bevakningen nu' }).click();
  await page.getByText(/^Bevakningen är klar för 2024-07-15:/).waitFor();
  assert.match(await text(page.locator('#sweep-result')), /Datum\s+2024-07-15/);
  br.assertNoProblems();
});

const MENUS = {
  counsellor: ['Att göra', 'Kunder', 'Meddelanden', 'Förslag att besluta', 'Incidenter', 'Personaländringar', 'Förvalslista', 'Anordnare'],
  social_worker: ['Att göra', 'Kunder', 'Meddelanden', 'Anordnare'],
  supervisor: ['Att göra', 'Kunder', 'Meddelanden', 'Förslag att besluta', 'Incidenter', 'Personaländringar', 'Uppföljning', 'Förvalslista', 'Anordnare'],
  provider_staff: ['Att göra', 'Uppdrag', 'Meddelanden', 'Våra förslag', 'Incidenter', 'Personaländringar', 'Hänvisningar', 'Utbetalningar', 'Vår verksamhet'],
  finance: ['Utbetalningar', 'Insatser', 'Anordnare'],
  dpo: ['Registerutdrag och logg', 'Användares läsningar', 'Incidenter'],
  admin: ['Användare', 'Anordnare', 'Enheter', 'Personaländringar', 'Förvalslista', 'Uppföljning', 'Import'],
};

/* A page of another role's menu, typed into the address bar: closed. */
const CLOSED = {
  counsellor: '/dpo', social_worker: '/incidents', supervisor: '/dpo', provider_staff: '/dpo',
  finance: '/incidents', dpo: '/staff-changes', admin: '/messages',
};

test('each role\'s menu shows only the pages of that role', async () => {
  for (const [role, items] of Object.entries(MENUS)) {
    await signInAs(USERS[role]);
    assert.deepEqual(await menu().getByRole('link').allInnerTexts(), items, role);
    for (const item of items) {
      await menu().getByRole('link', { name: item, exact: true }).click();
      await settle(page);
      assert.notEqual(await page.locator('h1').innerText(), 'Ingen behörighet', `${role}: ${item}`);
      assert.notEqual(await page.locator('h1').innerText(), 'Hittades inte', `${role}: ${item}`);
    }
    await screen(page, `menu-${role}`);
    await page.goto(`${srv.base}${CLOSED[role]}`);
    await settle(page);
    assert.equal(await page.locator('h1').innerText(), 'Ingen behörighet', `${role} on ${CLOSED[role]}`);
    br.assertNoProblems();
  }
});
