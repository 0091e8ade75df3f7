// The message catalogues and the Swedish formats, without a browser: the two
// languages have the same keys, every key the code names exists, and dates,
// amounts and numbers come out as a Swedish reader expects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { SOURCE_DIR } from './lib/harness.mjs';

const web = path.join(SOURCE_DIR, 'web');
const sv = JSON.parse(fs.readFileSync(path.join(web, 'i18n/sv.json'), 'utf8'));
const en = JSON.parse(fs.readFileSync(path.join(web, 'i18n/en.json'), 'utf8'));

function sources(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return sources(p);
    return p.endsWith('.js') ? [p] : [];
  });
}
const code = sources(path.join(web, 'js')).map((f) => fs.readFileSync(f, 'utf8')).join('\n');

test('sv.json and en.json have the same keys and no empty message', () => {
  assert.deepEqual(Object.keys(en).sort(), Object.keys(sv).sort());
  for (const [k, v] of [...Object.entries(sv), ...Object.entries(en)]) {
    assert.equal(typeof v, 'string', k);
    assert.ok(v.trim().length > 0, `empty message ${k}`);
  }
});

test('every literal key the code passes to t() is in the catalogue', () => {
  const keys = [...code.matchAll(/\bt\('([^']+)'/g)].map((m) => m[1]);
  assert.ok(keys.length > 100, 'the code uses the catalogue');
  const missing = [...new Set(keys)].filter((k) => !(k in sv));
  assert.deepEqual(missing, []);
});

test('placeholders agree between the languages', () => {
  const names = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  for (const k of Object.keys(sv)) assert.deepEqual(names(en[k]), names(sv[k]), k);
});

test('every intervention state, role and scheme of the API has a Swedish name', () => {
  for (const s of ['granted', 'queued', 'staffed', 'assigned', 'running', 'ended', 'cancelled']) assert.ok(`state.${s}` in sv, s);
  for (const r of ['counsellor', 'social_worker', 'supervisor', 'provider_staff', 'provider_admin', 'finance', 'dpo', 'admin']) assert.ok(`role.${r}` in sv, r);
  for (const s of ['FAI', 'AMI', 'ISA', 'JOBBPENG']) assert.ok(`scheme.${s}` in sv, s);
  for (const c of ['FAI1', 'FAI2', 'AMI1', 'AMI2', 'ISA1', 'ISA2', 'JP']) assert.ok(`intervention.name.${c}` in sv, c);
});

test('no text in the code outside the catalogue: no Swedish letters in web/js', () => {
  // Swedish text in code would bypass the catalogue.
  const lines = code.split('\n').filter((l) => /[åäöÅÄÖ]/.test(l) && !/^\s*(\/\/|\*|\/\*)/.test(l));
  assert.deepEqual(lines, []);
});

test('Swedish formats: dates, amounts, numbers, identity numbers', async () => {
  globalThis.localStorage = undefined;
  const i18n = await import(path.join(web, 'js/i18n.js'));
  const plain = (s) => s.replace(/\u00a0/g, ' ');
  assert.equal(i18n.fmtDate('2024-06-21'), '2024-06-21');
  assert.equal(i18n.fmtDate('2024-02-29'), '2024-02-29'); // a leap year
  assert.equal(i18n.fmtDate('2023-02-29'), '–'); // does not exist (ISO-8601)
  assert.equal(i18n.fmtDate('21/06/2024'), '–');
  assert.equal(i18n.fmtDateLong('2024-06-21'), '21 juni 2024');
  assert.equal(i18n.fmtDateLong('2024-12-31'), '31 december 2024');
  assert.equal(i18n.fmtMonth('2024-03'), 'mars 2024');
  // 2024-06-21T12:05:00Z is 14:05 in Stockholm (CEST, UTC+2); 2024-01-15T23:30Z is 00:30 the next day (CET).
  assert.equal(i18n.fmtDateTime('2024-06-21T12:05:00Z'), '2024-06-21 14:05');
  assert.equal(i18n.fmtDateTime('2024-01-15T23:30:00Z'), '2024-01-16 00:30');
  // KV-70: AMI 3 876 kr a month; 284 240 öre = 2 842,40 kr.
  assert.equal(plain(i18n.fmtMoney(284240)), '2 842,40 kr');
  assert.equal(plain(i18n.fmtMoney(387600)), '3 876,00 kr');
  assert.equal(plain(i18n.fmtMoney('3876.00')), '3 876,00 kr');
  assert.equal(plain(i18n.fmtMoney('2842.4')), '2 842,40 kr');
  assert.equal(plain(i18n.fmtMoney(-5)), '\u22120,05 kr');
  assert.equal(plain(i18n.fmtMoney(123456789012)), '1 234 567 890,12 kr');
  assert.equal(i18n.fmtMoney('12,3,4'), '–');
  assert.equal(plain(i18n.fmtNumber(12345)), '12 345');
  assert.equal(i18n.fmtPersonId('198112189876', 'personnummer'), '19811218-9876');
  assert.equal(i18n.fmtPersonId('0101901234', 'cpr'), '010190-1234');
  assert.equal(i18n.fmtOrgNo('5560360793'), '556036-0793');
  assert.equal(i18n.fmtOrgNo('10150817'), '10150817');
});
