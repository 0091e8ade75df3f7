// The supervisor follows the providers up: timeliness per provider and kind
// of obligation, and deficiencies noted against a provider (KV-53); the
// supervisor's to-do list shows what waits for others in the unit's cases.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, startBrowser, screen, login, settle, text, apiAs, USERS,
} from './lib/harness.mjs';

let srv;
let br;
let page;

before(async () => {
  srv = await startServer({ users: [USERS.supervisor, USERS.counsellor] });
  // The counsellor grants Nils AMI1 and queues him at Jobbhjälpen: the provider
  // now owes the staffing, due the next working day (KV-21).
  const counsellor = await apiAs(srv.api, USERS.counsellor);
  const { intervention } = await counsellor('POST', '/customers/6/decisions', {
    code: 'AMI1', target_group: 'financial_assistance_18_66',
    assessment: 'Kartläggning gjord.', future_plan: 'Arbete inom handel.',
  });
  await counsellor('POST', `/interventions/${intervention.id}/choice`, { provider_id: 1 });
  await counsellor('POST', `/interventions/${intervention.id}/queue`);
  br = await startBrowser();
  page = await br.page();
  await login(page, srv.base, USERS.supervisor);
});

after(async () => {
  await br?.close();
  await srv?.stop();
});

test('the to-do list and the follow-up of providers\' timeliness', async () => {
  assert.match(page.url(), /\/inbox$/);
  await screen(page, 'supervisor-inbox');
  await page.getByRole('link', { name: 'Uppföljning' }).click();
  await settle(page);
  assert.equal(await page.locator('h1').innerText(), 'Uppföljning av anordnare');
  await page.getByLabel('Från').fill('2024-01-01');
  await page.getByLabel('Till och med').fill('2024-12-31');
  await page.getByRole('button', { name: 'Visa' }).click();
  await page.waitForURL(/from=2024-01-01&to=2024-12-31/);
  await settle(page);
  // Queued on Friday 21 June 2024: staffing is due on Monday 24 June, still open.
  const table = await text(page.locator('section', { hasText: 'Jobbhjälpen AB' }).locator('table'));
  assert.match(table, /Bemanna ärendet och meddela karriärvägledaren \(KV-21\)\s+1\s+0\s+0\s+0\s+0\s+0/);
  await screen(page, 'supervisor-follow-up');
  br.assertNoProblems();
});

test('note a deficiency against a provider', async () => {
  await page.locator('section', { hasText: 'Jobbhjälpen AB' }).getByRole('link', { name: 'Brister' }).click();
  await settle(page);
  await page.locator('#deficiencies').waitFor();
  await page.getByText('Notera en brist').click();
  await page.getByRole('button', { name: 'Notera brist' }).click();
  await page.locator('#df-kind-error').waitFor();
  await page.getByLabel('Typ av brist').selectOption('late_reporting');
  await page.getByLabel('Beskrivning').fill('Genomförandeplanen för två kunder är mer än en månad sen.');
  await page.getByRole('button', { name: 'Notera brist' }).click();
  await page.getByText('Bristen är noterad.').waitFor();
  assert.match(await text(page.locator('#deficiencies')), /Sen rapportering\s+2024-06-21/);
  await screen(page, 'supervisor-provider-deficiencies');
  br.assertNoProblems();
});
