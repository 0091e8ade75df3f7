// The supervisor follows the providers up: timeliness per provider and kind
// of obligation, and deficiencies noted against a provider (KV-53).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, startBrowser, screen, login, settle, text, apiAs, USERS,
} from './lib/harness.mjs';

let srv;
let br;
let page;

before(async () => {
  srv = await startServer({ users: [USERS.supervisor, USERS.provider_staff] });
  // The provider submits Sara's May report late, the first report of a case
  // that has run since March: the submission computes the case's obligations,
  // the missed plan and earlier reports among them.
  const provider = await apiAs(srv.api, USERS.provider_staff);
  const doc = await provider('PUT', '/interventions/1/monthly-reports/2024-05', { sections: {} });
  await provider('POST', `/documents/${doc.id}/submit`, {
    sections: {
      progression: 'Praktik på lager.', adjustments: 'Nej.', absence: 'Ej aktuellt – ingen frånvaro i maj',
      other_absence: 'Ej aktuellt – ingen', other_intervention: 'Nej.', deviations: 'Inga.',
    },
  });
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
  // Sara's AMI2 has run since 4 March 2024 without a plan (KV-24: due 14 days after the start).
  const table = await text(page.locator('section', { hasText: 'Jobbhjälpen AB' }).locator('table'));
  assert.match(table, /Skicka in genomförandeplan \(KV-24\)\s+\d+\s+\d+\s+\d+\s+[1-9]/);
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
