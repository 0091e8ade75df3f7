// The admin: users (create with errors at the fields, disable through a
// confirmation dialog), units, and providers with their authorisations
// (ID-4, KV-11, KV-12).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, startBrowser, screen, login, settle, checkA11y, screenshot, USERS,
} from './lib/harness.mjs';

let srv;
let br;
let page;

before(async () => {
  srv = await startServer({ users: [USERS.admin] });
  br = await startBrowser();
  page = await br.page();
  await login(page, srv.base, USERS.admin);
});

after(async () => {
  await br?.close();
  await srv?.stop();
});

const rows = () => page.locator('main table tbody tr');

test('the users', async () => {
  assert.match(page.url(), /\/admin\/users$/);
  assert.equal(await rows().count(), 9);
  assert.match(await rows().filter({ hasText: 'Bo Ek' }).innerText(), /Jobbexpert \(anordnare\)\s+Jobbhjälpen AB/);
  await screen(page, 'admin-users');
  br.assertNoProblems();
});

test('create a user: errors at the fields, a taken username from the server, then success', async () => {
  await page.getByRole('link', { name: 'Skapa användare' }).click();
  await settle(page);
  await page.getByLabel('Roll').selectOption('provider_staff');
  await page.getByRole('button', { name: 'Skapa användare' }).click();
  await page.locator('.error-summary').waitFor();
  assert.deepEqual(await page.locator('.error-summary li').allInnerTexts(),
    ['Fyll i namn', 'Fyll i användarnamn', 'Välj vilken anordnare personen arbetar hos', 'Lösenordet måste ha minst 12 tecken']);
  for (const id of ['u-display_name', 'u-username', 'u-provider_id', 'u-password']) {
    assert.match(await page.locator(`#${id}`).getAttribute('aria-describedby'), new RegExp(`${id}-error`));
  }
  await screen(page, 'admin-user-new-errors');
  await page.getByLabel('Namn', { exact: true }).fill('Maja Jobb');
  await page.getByLabel('Användarnamn', { exact: true }).fill('bo.jobb');
  await page.getByLabel('Anordnare').selectOption({ label: 'Jobbhjälpen AB' });
  await page.getByLabel('Lösenord', { exact: true }).fill('ett-långt-lösenord');
  await page.getByRole('button', { name: 'Skapa användare' }).click();
  await page.locator('#u-username-error').waitFor();
  assert.match(await page.locator('#u-username-error').textContent(), /Det finns redan/);
  await page.getByLabel('Användarnamn', { exact: true }).fill('maja.jobb');
  await page.getByRole('button', { name: 'Skapa användare' }).click();
  await page.waitForURL(/\/admin\/users$/);
  await settle(page);
  await page.getByText('Användaren Maja Jobb är skapad.').waitFor();
  assert.equal(await rows().count(), 10);
  br.assertNoProblems();
});

test('disable a user through the dialog; Escape cancels', async () => {
  const row = rows().filter({ hasText: 'Samir Olsson' });
  await row.getByRole('button', { name: 'Inaktivera Samir Olsson' }).click();
  const dialog = page.getByRole('dialog', { name: 'Inaktivera Samir Olsson?' });
  await dialog.waitFor();
  await checkA11y(page, 'admin-user-disable-dialog');
  await screenshot(page, 'admin-user-disable-dialog');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.match(await row.innerText(), /Aktiv/);
  await row.getByRole('button', { name: 'Inaktivera Samir Olsson' }).click();
  await dialog.getByRole('button', { name: 'Inaktivera' }).click();
  await page.getByText('Samir Olsson är inaktiverad.').waitFor();
  assert.match(await row.innerText(), /Inaktiverad/);
  assert.equal(await row.getByRole('button').count(), 0);
  br.assertNoProblems();
});

test('create a unit', async () => {
  await page.getByRole('link', { name: 'Enheter' }).click();
  await settle(page);
  assert.equal(await rows().count(), 2);
  await page.getByRole('button', { name: 'Skapa enhet' }).click();
  await page.locator('#n-name-error').waitFor();
  await page.getByLabel('Namn', { exact: true }).fill('Jobbtorget');
  await page.getByLabel('Ingår i').selectOption({ label: 'Arbetsmarknadsenheten' });
  await page.getByRole('button', { name: 'Skapa enhet' }).click();
  await page.getByText('Enheten Jobbtorget är skapad.').waitFor();
  assert.equal(await rows().count(), 3);
  assert.match(await rows().nth(2).innerText(), /Jobbtorget\s+Arbetsmarknadsenheten/);
  await screen(page, 'admin-units');
  br.assertNoProblems();
});

test('register a provider: the server\'s ID-4 error at the field, then success', async () => {
  await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Anordnare' }).click();
  await settle(page);
  await screen(page, 'admin-providers');
  await page.getByRole('link', { name: 'Registrera anordnare' }).click();
  await settle(page);
  // 556677-8890: the Luhn digit over 556677889 is 9, not 0 (ID-4).
  await page.getByLabel('Organisationsnummer').fill('556677-8890');
  await page.getByLabel('Namn', { exact: true }).fill('Vägvisarna AB');
  await page.getByLabel('Presentation').fill('Vägledning för unga vuxna, med arbetsgivare inom handel och logistik.');
  await page.getByLabel('Kapacitet (antal kunder)').fill('25');
  await page.getByRole('button', { name: 'Registrera anordnare' }).click();
  await page.locator('#p-org_no-error').waitFor();
  assert.match(await page.locator('#p-org_no-error').textContent(), /Organisationsnumret är inte giltigt \(ID-4\)/);
  await screen(page, 'admin-provider-new-error');
  await page.getByLabel('Organisationsnummer').fill('556677-8899');
  await page.getByRole('button', { name: 'Registrera anordnare' }).click();
  await page.waitForURL(/\/providers\/\d+$/);
  await settle(page);
  assert.equal(await page.locator('h1').innerText(), 'Vägvisarna AB');
  await page.getByText('Vägvisarna AB är registrerad.').waitFor();
  br.assertNoProblems();
});

test('authorise the provider for a scheme (KV-12)', async () => {
  await page.getByRole('button', { name: 'Auktorisera', exact: true }).click();
  await page.locator('#a-from-error').waitFor();
  await page.getByLabel('Kundval', { exact: true }).selectOption('JOBBPENG');
  await page.getByLabel('Auktoriserad från').fill('2024-07-01');
  await page.getByLabel('Auktoriserad till och med').fill('2024-06-30');
  await page.getByRole('button', { name: 'Auktorisera', exact: true }).click();
  await page.locator('#a-to-error').filter({ hasText: 'före startdatumet' }).waitFor();
  await page.getByLabel('Auktoriserad till och med').fill('');
  await page.getByRole('button', { name: 'Auktorisera', exact: true }).click();
  await page.getByText('Auktoriserad för Jobbpeng från 1 juli 2024.').waitFor();
  assert.match(await page.locator('#authorisations tbody').innerText(), /Jobbpeng\s+1 juli 2024\s+Tills vidare/);
  await screen(page, 'admin-provider');
  br.assertNoProblems();
});
