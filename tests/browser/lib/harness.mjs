// The browser tests' harness: the real server on a fresh SQLite database with
// a fixed "today", users and data from tests/browser/fixture.json via the
// CLI, Debian's Chromium driven by playwright-core, axe-core on every
// screen, screenshots as test artefacts, and no console errors allowed.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { startFront } from './front.mjs';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
export const SOURCE_DIR = process.env.SV_SOURCE_DIR || path.resolve(here, '../../..');
export const WEB_DIR = path.join(SOURCE_DIR, 'web');
export const BINARY = process.env.SV_BINARY || path.join(SOURCE_DIR, 'build', 'stegvis');
export const ARTIFACTS = process.env.SV_ARTIFACTS || path.join(SOURCE_DIR, 'build', 'browser-artifacts');
export const TODAY = '2024-06-21';
export const TENANT = 'stegvik';
export const CHROMIUM = process.env.SV_CHROMIUM || '/usr/bin/chromium';

/* The fixture's users and the password each gets for the test run. */
export const USERS = {
  counsellor: 'anna.kvl',
  social_worker: 'sam.soc',
  supervisor: 'karl.chef',
  provider_staff: 'bo.jobb',
  provider_staff_2: 'lina.sprak',
  finance: 'eva.ekonomi',
  finance_2: 'fia.ekonomi',
  dpo: 'dan.dso',
  admin: 'ada.admin',
};
export const passwordOf = (username) => `lösenord-${username}-2024`;

function loadPlaywright() {
  try {
    return require('playwright-core');
  } catch (e) {
    throw new Error('playwright-core is missing: run scripts/setup-web');
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitHealthy(base, child, log) {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`stegvis serve exited (${child.exitCode}): ${log()}`);
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) return;
    } catch (e) { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`stegvis serve did not become healthy: ${log()}`);
}

let help = null;
function serveHelp() {
  if (help === null) {
    try {
      help = execFileSync(BINARY, ['serve', '--help'], { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
    } catch (e) {
      help = `${e.stdout || ''}${e.stderr || ''}`;
    }
  }
  return help;
}

/*
 * Starts the server on a fresh database with the fixture imported and the
 * given users' passwords set. Returns { base, dir, stop() }.
 */
export async function startServer({ users = Object.values(USERS), today = TODAY } = {}) {
  for (const f of [BINARY, CHROMIUM, path.join(WEB_DIR, 'vendor', 'preact.js')]) {
    if (!fs.existsSync(f)) throw new Error(`${f} is missing: build the project and run scripts/setup-web`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stegvis-browser-'));
  const db = `sqlite:${path.join(dir, 'stegvis.db')}`;
  const run = (args, input) => execFileSync(BINARY, args, {
    env: { ...process.env, STEGVIS_TODAY: today }, input, stdio: ['pipe', 'pipe', 'pipe'],
  });
  run(['migrate', '--db', db]);
  run(['import', path.join(SOURCE_DIR, 'tests/browser/fixture.json'), '--db', db]);
  for (const u of users) {
    run(['user', 'passwd', u, '--db', db, '--tenant', TENANT, '--password-stdin'], `${passwordOf(u)}\n`);
  }
  const port = await freePort();
  const api = `http://127.0.0.1:${port}`;
  let child = null;
  let stderr = '';

  // The same port and database on every start, so that the page and its cookies carry over.
  async function spawnServe(on) {
    stderr = '';
    const args = ['serve', '--db', db, '--tenant', TENANT, '--listen', `127.0.0.1:${port}`, '--on', on];
    if (serveHelp().includes('--web')) args.push('--web', WEB_DIR);
    child = spawn(BINARY, args, { env: { ...process.env, STEGVIS_TODAY: on }, cwd: SOURCE_DIR, stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.on('data', (d) => {
      stderr = (stderr + d).slice(-4000);
      if (process.env.SV_SERVER_LOG) fs.appendFileSync(process.env.SV_SERVER_LOG, d);
    });
    await waitHealthy(api, child, () => stderr);
  }
  async function stopServe() {
    if (!child || child.exitCode !== null) return;
    const c = child;
    c.kill('SIGTERM');
    await new Promise((r) => { if (c.exitCode !== null) r(); else c.once('exit', r); });
    // A server that does not stop cleanly (a sanitizer report, a crash) fails the test run.
    assert.equal(c.exitCode, 0, `stegvis serve exited with ${c.exitCode} (signal ${c.signalCode}): ${stderr.slice(-1500)}`);
  }
  await spawnServe(today);

  // The product serves web/ itself; until it does, a stand-in with the same CSP.
  let base = api;
  let front = null;
  const root = await fetch(`${api}/`, { headers: { Accept: 'text/html' } }).catch(() => null);
  const servesWeb = root && root.ok && (root.headers.get('content-type') || '').startsWith('text/html');
  if (!servesWeb) {
    front = await startFront(WEB_DIR, port);
    base = `http://127.0.0.1:${front.port}`;
  }
  return {
    base,
    api,
    dir,
    servesWeb,
    cli: run,
    db,
    /* Stop and start the server on the same database with another "today". */
    async restart({ today: on }) {
      await stopServe();
      await spawnServe(on);
    },
    async stop() {
      if (front) await new Promise((r) => front.server.close(r));
      await stopServe();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/*
 * Debian's Chromium, headless, with a fresh user-data-dir. Every page of the
 * context records console errors, page errors and CSP violations; expected
 * API answers (4xx) that the app handles are not errors.
 */
export async function startBrowser() {
  const { chromium } = loadPlaywright();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'stegvis-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    acceptDownloads: true,
    locale: 'sv-SE',
    timezoneId: 'Europe/Stockholm',
    viewport: { width: 1280, height: 900 },
  });
  context.setDefaultTimeout(10000);
  const problems = [];
  const watch = (page) => {
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      const text = m.text();
      // A 4xx answer of the API is the interface's business (it shows it); of anything else, a fault.
      const url = (m.location() && m.location().url) || '';
      if (/Failed to load resource: the server responded with a status of 4\d\d/.test(text) && url.includes('/api/')) return;
      problems.push(`console: ${text} ${url}`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400 && !new URL(r.url()).pathname.startsWith('/api/')) problems.push(`HTTP ${r.status()} for ${r.url()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return {
    context,
    problems,
    async page() {
      const p = context.pages()[0] || await context.newPage();
      return p;
    },
    /* Fails the test when anything went wrong in a page since the last call. */
    assertNoProblems() {
      const list = problems.splice(0);
      assert.deepEqual(list, [], `problems in the page:\n${list.join('\n')}`);
    },
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/* Waits until the screen has its heading and nothing is loading. */
export async function settle(page) {
  await page.waitForFunction(() => document.querySelector('main h1') && !document.querySelector('main .loading'));
  // Two frames: effects that run after rendering (focus, scrollable tables) are done.
  await page.evaluate(() => new Promise((r) => { requestAnimationFrame(() => requestAnimationFrame(r)); }));
}

let axeSource = null;

/* axe-core with the WCAG 2.1 A/AA rules and best practices: zero violations. */
export async function checkA11y(page, name) {
  if (!axeSource) axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const has = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!has) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary}`),
    }));
  });
  assert.deepEqual(violations, [], `axe-core violations on ${name}:\n${JSON.stringify(violations, null, 2)}`);
}

/* A full-page screenshot under <build>/browser-artifacts/. */
export async function screenshot(page, name) {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/* Settle, check accessibility, take the screenshot: every screen goes through this. */
export async function screen(page, name) {
  await settle(page);
  await checkA11y(page, name);
  await screenshot(page, name);
}

export async function login(page, base, username, password = passwordOf(username)) {
  await page.goto(`${base}/login`);
  await page.getByLabel('Användarnamn').fill(username);
  await page.getByLabel('Lösenord').fill(password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.waitForFunction(() => !location.pathname.startsWith('/login'));
  await settle(page);
}

export async function logout(page) {
  await page.getByRole('button', { name: 'Logga ut' }).click();
  await page.waitForURL(/\/login$/);
}

/* The visible text of an element with no-break spaces made plain. */
export async function text(locator) {
  return (await locator.innerText()).replace(/\u00a0/g, ' ');
}

/* A signed-in API client for arranging data (not for what a test asserts through the page). */
export async function apiAs(base, username) {
  const res = await fetch(`${base}/api/v1/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: passwordOf(username) }),
  });
  assert.equal(res.status, 201, `log in ${username}`);
  const cookie = res.headers.get('set-cookie').split(';')[0];
  const { csrf_token: csrf } = await res.json();
  return async (method, p, body) => {
    const r = await fetch(`${base}/api/v1${p}`, {
      method,
      headers: { Cookie: cookie, 'X-CSRF-Token': csrf, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const data = r.status === 204 ? null : await r.json();
    assert.ok(r.ok, `${method} ${p}: ${r.status} ${JSON.stringify(data)}`);
    return data;
  };
}
