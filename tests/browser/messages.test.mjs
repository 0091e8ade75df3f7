// The cross-case message inbox and the pending provider proposals, in the
// browser: unread messages come first whatever their age, opening one marks
// it read and links to the case; a proposal approved from /proposals leaves
// the pending list, and a rejection needs a reason (KV-24, KV-33). Every
// screen passes axe-core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, startBrowser, screen, login, logout, settle, apiAs, USERS,
} from './lib/harness.mjs';

let srv;
let br;
let page;
let older;
let newer;

before(async () => {
  srv = await startServer({ users: [USERS.provider_staff, USERS.counsellor] });
  const provider = await apiAs(srv.base, USERS.provider_staff);
  const counsellor = await apiAs(srv.base, USERS.counsellor);
  // Two messages from the provider to Sara's counsellor (intervention 1); the newer one is read.
  older = await provider('POST', '/interventions/1/messages', { topic: 'deviation', body: 'Sara kom inte till praktiken i tisdags.' });
  newer = await provider('POST', '/interventions/1/messages', { topic: 'general', body: 'Praktikplatsen har bekräftat tre veckor till.' });
  await counsellor('POST', `/messages/${newer.id}/read`);
  // Two pending proposals of another intervention (KV-33), on two customers' running interventions.
  await provider('POST', '/interventions/1/proposals', { kind: 'another_intervention', justification: 'Sara behöver arbetsträning på heltid.' });
  await provider('POST', '/interventions/3/proposals', { kind: 'another_intervention', justification: 'Behöver språkstöd parallellt.' });
  br = await startBrowser();
  page = await br.page();
  await login(page, srv.base, USERS.counsellor);
});

after(async () => {
  await br?.close();
  await srv?.stop();
});

const menu = () => page.getByRole('navigation', { name: 'Huvudmeny' });

test('the inbox lists the unread message first, though it is the older one', async () => {
  await menu().getByRole('link', { name: 'Meddelanden' }).click();
  await settle(page);
  assert.equal(await page.locator('h1').innerText(), 'Meddelanden');
  await page.getByText('2 meddelanden, varav 1 olästa').waitFor();
  const rows = await page.locator('#messages tbody tr').allInnerTexts();
  assert.equal(rows.length, 2);
  assert.match(rows[0], /Avvikelse[\s\S]*Sara Åström[\s\S]*Oläst/);
  assert.match(rows[1], /Allmänt[\s\S]*Sara Åström[\s\S]*Läst/);
  await screen(page, 'messages-inbox');
  br.assertNoProblems();
});

test('opening the unread message marks it read and links to the case', async () => {
  await page.locator('#messages tbody tr').first().getByRole('link', { name: 'Avvikelse' }).click();
  await page.waitForURL(new RegExp(`/messages/${older.id}$`));
  await settle(page);
  assert.equal(await page.locator('h1').innerText(), 'Avvikelse');
  await page.getByText('Sara kom inte till praktiken i tisdags.').waitFor();
  await page.locator('#msg-status', { hasText: /^Läst \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/ }).waitFor();
  await screen(page, 'message-open');
  // The links to the case (the case pages themselves are other tests' business).
  assert.equal(await page.getByRole('link', { name: 'Gå till ärendet för Sara Åström' }).getAttribute('href'), '/customers/1');
  assert.equal(await page.getByRole('link', { name: 'Gå till insatsen för Sara Åström' }).getAttribute('href'), '/interventions/1');
  await menu().getByRole('link', { name: 'Meddelanden' }).click();
  await settle(page);
  await page.getByText('2 meddelanden, varav 0 olästa').waitFor();
  br.assertNoProblems();
});

test('a pending proposal approved from /proposals leaves the list; a rejection needs a reason', async () => {
  await menu().getByRole('link', { name: 'Förslag att besluta' }).click();
  await settle(page);
  assert.equal(await page.locator('h1').innerText(), 'Förslag från anordnare');
  await page.getByText('2 förslag').waitFor();
  const sara = page.locator('#proposals > li', { hasText: 'Sara behöver arbetsträning på heltid.' });
  assert.match(await sara.locator('h2').innerText(), /^Annan insats – Sara Åström$/);
  await screen(page, 'proposals-pending');

  // Rejecting without a reason is stopped at the reason field.
  await sara.getByRole('button', { name: 'Avslå förslaget' }).click();
  const reasonError = sara.locator('.error-text');
  await reasonError.waitFor();
  assert.match(await reasonError.textContent(), /Fyll i motivering till beslutet/);
  const reasonId = await sara.locator('textarea').getAttribute('id');
  assert.match(await sara.locator('textarea').getAttribute('aria-describedby'), new RegExp(`${reasonId}-error`));

  await sara.getByRole('button', { name: 'Godkänn förslaget' }).click();
  await page.getByText('Förslaget för Sara Åström är godkänt.').waitFor();
  await page.getByText('1 förslag', { exact: true }).waitFor();
  assert.equal(await page.locator('#proposals > li', { hasText: 'Sara behöver arbetsträning' }).count(), 0);
  assert.equal(await page.locator('#proposals > li').count(), 1);
  await screen(page, 'proposals-after-approval');

  // The decided proposal is under "Godkänt".
  await page.getByLabel('Visa').selectOption('approved');
  await page.waitForURL(/state=approved$/);
  await settle(page);
  await page.locator('#proposals > li', { hasText: 'Sara behöver arbetsträning på heltid.' }).waitFor();
  assert.match(await page.locator('#proposals > li').first().innerText(), /Godkänt/);
  await screen(page, 'proposals-approved');
  br.assertNoProblems();
});

test('provider staff follow their proposals without decision buttons', async () => {
  await logout(page);
  await login(page, srv.base, USERS.provider_staff);
  await menu().getByRole('link', { name: 'Våra förslag' }).click();
  await settle(page);
  await page.getByText('1 förslag', { exact: true }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Godkänn förslaget' }).count(), 0);
  await screen(page, 'proposals-provider');
  br.assertNoProblems();
});
