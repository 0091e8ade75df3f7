// Logging in and out, with the keyboard only, with errors tied to their
// fields, the language switch, and the not-found screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, startBrowser, screen, logout, settle, USERS, passwordOf,
} from './lib/harness.mjs';

let srv;
let br;
let page;

before(async () => {
  srv = await startServer({ users: [USERS.counsellor] });
  br = await startBrowser();
  page = await br.page();
});

after(async () => {
  await br?.close();
  await srv?.stop();
});

test('the page is served with a CSP that forbids inline script', async () => {
  const res = await fetch(`${srv.base}/customers/1`, { headers: { Accept: 'text/html' } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/html/);
  const csp = res.headers.get('content-security-policy') || '';
  assert.match(csp, /script-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  const body = await res.text();
  assert.doesNotMatch(body, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline <script>');
  assert.doesNotMatch(body, /\sstyle=/, 'no style attribute');
});

test('login screen in Swedish passes axe-core', async () => {
  await page.goto(`${srv.base}/`);
  await page.waitForURL(/\/login$/);
  await settle(page);
  assert.equal(await page.locator('html').getAttribute('lang'), 'sv');
  assert.equal(await page.locator('h1').innerText(), 'Logga in');
  assert.equal(await page.title(), 'Logga in – Stegvis');
  await screen(page, 'login');
  br.assertNoProblems();
});

test('empty fields: an error summary and each error tied to its field', async () => {
  await page.getByRole('button', { name: 'Logga in' }).click();
  const summary = page.getByRole('alert').filter({ hasText: 'Rätta följande' });
  await summary.waitFor();
  assert.ok(await summary.evaluate((el) => el === document.activeElement), 'the summary takes focus');
  for (const [id, message] of [['login-username', 'Fyll i ditt användarnamn'], ['login-password', 'Fyll i ditt lösenord']]) {
    const input = page.locator(`#${id}`);
    assert.equal(await input.getAttribute('aria-invalid'), 'true');
    const described = (await input.getAttribute('aria-describedby')).split(' ');
    assert.ok(described.includes(`${id}-error`), `${id} is described by its error`);
    const error = await page.locator(`#${id}-error`).textContent();
    assert.equal(error.replace(/\s+/g, ' ').trim(), `Fel: ${message}`);
  }
  // The summary's link moves focus to the field.
  await summary.getByRole('link', { name: 'Fyll i ditt lösenord' }).click();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'login-password');
  await screen(page, 'login-errors');
  br.assertNoProblems();
});

test('a wrong password is refused with a message and no session', async () => {
  await page.getByLabel('Användarnamn').fill(USERS.counsellor);
  await page.getByLabel('Lösenord').fill('fel-lösenord-helt');
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.getByText('Fel användarnamn eller lösenord.').waitFor();
  assert.match(page.url(), /\/login$/);
  assert.equal(await page.getByLabel('Lösenord').inputValue(), '', 'the password field is emptied');
  br.assertNoProblems();
});

test('keyboard only: skip link, fields in order, Enter logs in', async () => {
  await page.goto(`${srv.base}/login`);
  await settle(page);
  await page.locator('body').focus();
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => document.activeElement.textContent.trim());
  assert.equal(first, 'Hoppa till huvudinnehållet', 'the skip link comes first');
  const order = [];
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('Tab');
    order.push(await page.evaluate(() => document.activeElement.id || document.activeElement.textContent.replace(/\s+/g, ' ').trim()));
  }
  assert.deepEqual(order.slice(0, 5), ['Stegvis Arbetsmarknadsinsatser', 'In English', 'login-username', 'login-password', 'Logga in']);
  await page.locator('#login-username').focus();
  await page.keyboard.type(USERS.counsellor);
  await page.keyboard.press('Tab');
  await page.keyboard.type(passwordOf(USERS.counsellor));
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/inbox$/);
  await settle(page);
  assert.equal(await page.locator('h1').innerText(), 'Att göra', 'the counsellor starts at the to-do list');
  assert.ok(await page.locator('h1').evaluate((el) => el === document.activeElement), 'focus starts at the heading');
  br.assertNoProblems();
});

test('the language switches to English and back, with every text', async () => {
  await page.goto(`${srv.base}/customers`);
  await settle(page);
  await page.getByRole('button', { name: 'In English' }).click();
  await page.locator('h1', { hasText: 'Customers' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.deepEqual(await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link').allInnerTexts(), ['To do', 'Customers', 'Messages', 'Proposals to decide', 'Incidents', 'Staff changes', 'Default rotation', 'Providers']);
  await screen(page, 'customers-en');
  await page.reload();
  await settle(page);
  assert.equal(await page.locator('h1').innerText(), 'Customers', 'the choice is kept');
  await page.getByRole('button', { name: 'På svenska' }).click();
  await page.locator('h1', { hasText: 'Kunder' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'sv');
  br.assertNoProblems();
});

test('an unknown address shows "Hittades inte"', async () => {
  await page.goto(`${srv.base}/finns/inte`);
  await settle(page);
  assert.equal(await page.locator('h1').innerText(), 'Hittades inte');
  await screen(page, 'not-found');
  br.assertNoProblems();
});

test('log out, and a deep link leads back after logging in', async () => {
  await page.goto(`${srv.base}/customers`);
  await settle(page);
  await logout(page);
  await page.goto(`${srv.base}/customers/1`);
  await page.waitForURL(/\/login\?next=/);
  await page.getByLabel('Användarnamn').fill(USERS.counsellor);
  await page.getByLabel('Lösenord').fill(passwordOf(USERS.counsellor));
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.waitForURL(/\/customers\/1$/);
  await settle(page);
  assert.equal(await page.locator('h1').innerText(), 'Sara Åström');
  br.assertNoProblems();
});

