// The web admin UI (issue #17) in a real headless Chromium (Debian's, driven by puppeteer-core):
// a real Switchyard with a mock backend and a managed server (a real mock-backend process),
// traffic flowing while the pages are read; a response cache and a guardrail for their pages. Screenshots of every page, desktop and phone width,
// go to SWITCHYARD_SCREENSHOT_DIR. Run by ctest (label "browser").
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { mockBackendBinary, startMockBackend, startSwitchyard, stopAll, switchyardBinary } from './support.mjs';

const masterKey = 'sk-webui-master';
const uiPassword = 'ui-secret-password';
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const shots = process.env.SWITCHYARD_SCREENSHOT_DIR || join(process.cwd(), 'screenshots');
// No isMobile: switching it makes puppeteer reload the page, which would lose what is on screen
// (the key shown once).
const viewports = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844, deviceScaleFactor: 2 } };
const hangGuard = 60000; // only a guard against hangs; every wait is for an event on the page

let base;
let browser;
let page;
let traffic;
let virtualKey;
let crossSite;
let sent = 0;

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

async function chat(key, stream = false) {
  const response = await fetch(`${base}/v1/chat/completions`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ model: 'chat', stream, messages: [{ role: 'user', content: 'hi' }] }),
  });
  await response.text();
  return response.status;
}

// A request that opts in to the cache (mode default_off keeps the background traffic out of it).
async function cachedChat(content) {
  const response = await fetch(`${base}/v1/chat/completions`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${masterKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ model: 'chat', cache: { 'use-cache': true }, messages: [{ role: 'user', content }] }),
  });
  await response.text();
  return { status: response.status, cache: response.headers.get('x-switchyard-cache') };
}

async function adminGet(path) {
  const response = await fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${masterKey}` } });
  return response.json();
}

async function screenshot(name) {
  for (const [label, viewport] of Object.entries(viewports)) {
    await page.setViewport(viewport);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.screenshot({ path: join(shots, `${name}-${label}.png`), fullPage: true });
  }
  await page.setViewport(viewports.desktop);
}

async function open(name) {
  await page.evaluate((n) => { location.hash = `#/${n}`; }, name);
  await page.waitForSelector(`section[data-page="${name}"][data-loaded="true"]`, { timeout: hangGuard });
}

before(async () => {
  assert.ok(switchyardBinary, 'SWITCHYARD_BINARY must point at the switchyard binary');
  mkdirSync(shots, { recursive: true });
  const mockPort = await startMockBackend(['--models', 'backend-chat', '--token-delay-ms', '5']);
  const managedPort = await freePort();
  const port = await startSwitchyard(`
model_list:
  - model_name: chat
    litellm_params:
      model: openai/backend-chat
      api_base: http://127.0.0.1:${mockPort}/v1
      api_key: none
      input_cost_per_token: 0.000001
      output_cost_per_token: 0.000002
general_settings:
  master_key: ${masterKey}
gateway:
  host: 127.0.0.1
  port: 0
  auth_failures_per_minute: 5
litellm_settings:
  cache: true
  cache_params: { type: local, ttl: 300, mode: default_off }
guardrails:
  - guardrail_name: no-falcon
    litellm_params: { guardrail: banned_substrings, mode: pre_call, default_on: true, substrings: [project falcon] }
servers:
  - name: fake
    kind: command
    port: ${managedPort}
    executable: ${mockBackendBinary}
    args: ["--port", "\${PORT}", "--models", "fake-model"]
    models: [fake-model]
    stop_timeout: 2
`, { ...process.env, LITELLM_UI_PASSWORD: uiPassword });
  base = `http://127.0.0.1:${port}`;
  // Real traffic all along: plain and streamed completions (TTFT) with the master key.
  traffic = setInterval(() => { sent += 1; chat(masterKey, sent % 2 === 0).catch(() => {}); }, 150);
  browser = await puppeteer.launch({ executablePath: chromium, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  page = await browser.newPage();
  await page.setViewport(viewports.desktop);
});

after(async () => {
  clearInterval(traffic);
  await browser?.close();
  crossSite?.close();
  stopAll();
});

test('the page is served from the binary with content types, ETag and gzip', async () => {
  const r = await fetch(`${base}/ui/app.js`, { headers: { 'Accept-Encoding': 'gzip' } });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/javascript/);
  assert.equal(r.headers.get('content-encoding'), 'gzip');
  const etag = r.headers.get('etag');
  assert.ok(etag);
  const again = await fetch(`${base}/ui/app.js`, { headers: { 'If-None-Match': etag } });
  assert.equal(again.status, 304);
  const css = await fetch(`${base}/ui/vendor/uPlot.min.css`);
  assert.match(css.headers.get('content-type'), /^text\/css/);
  assert.equal((await fetch(`${base}/ui/nope.js`)).status, 404);
});

test('a wrong password is refused', async () => {
  await page.goto(`${base}/ui/`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('#login:not([hidden])', { timeout: hangGuard });
  await page.type('#login input[name=password]', 'wrong-password');
  await page.click('#login button[type=submit]');
  await page.waitForFunction(() => document.getElementById('login-error').textContent.length > 0, { timeout: hangGuard });
  assert.match(await page.$eval('#login-error', (e) => e.textContent), /Wrong user name or password/);
  assert.equal(await page.$eval('#nav', (e) => e.hidden), true);
  await screenshot('login');
});

test('signs in with LITELLM_UI_PASSWORD; the overview shows backends and its chart moves', async () => {
  await page.$eval('#login input[name=password]', (e) => { e.value = ''; });
  await page.type('#login input[name=password]', uiPassword);
  await page.click('#login button[type=submit]');
  await page.waitForSelector('section[data-page="overview"][data-loaded="true"]', { timeout: hangGuard });
  const cookies = await page.cookies();
  const session = cookies.find((c) => c.name === 'sy_session');
  assert.ok(session?.httpOnly, 'the session cookie is HttpOnly');
  assert.equal(session.sameSite, 'Strict');
  await page.waitForFunction(() => document.querySelector('#backends')?.textContent.includes('backend-chat'), { timeout: hangGuard });
  const points = () => page.$eval('#chart-rps', (e) => Number(e.dataset.points));
  await page.waitForFunction(() => Number(document.querySelector('#chart-rps').dataset.points) > 0, { timeout: hangGuard });
  const first = await points();
  await page.waitForFunction((n) => Number(document.querySelector('#chart-rps').dataset.points) > n, { timeout: hangGuard }, first);
  assert.ok((await points()) > first, 'the requests/s chart gained points');
  await page.waitForFunction(() => Number(document.querySelector('#chart-ttft').dataset.points) > 0, { timeout: hangGuard });
  await screenshot('overview');
  // Dark mode follows the system's (prefers-color-scheme).
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
  await page.reload({ waitUntil: 'domcontentloaded' });
  await page.waitForSelector('section[data-page="overview"][data-loaded="true"]', { timeout: hangGuard });
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(background, 'rgb(17, 20, 24)');
  await screenshot('overview-dark');
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
});

test('every admin page reads its data with traffic flowing', async () => {
  const expect = { usage: 'master key', requests: 'chat', servers: 'fake', config: 'sk-…er' };
  for (const [name, text] of Object.entries(expect)) {
    await open(name);
    await page.waitForFunction((t) => document.querySelector('#view section').textContent.includes(t), { timeout: hangGuard }, text);
    if (name === 'servers')
      await page.waitForFunction(() => document.querySelector('#log').textContent !== 'Choose a server’s log.', { timeout: hangGuard });
    await screenshot(name);
  }
  const yaml = await page.$eval('#yaml', (e) => e.textContent);
  assert.ok(!yaml.includes(masterKey), 'the master key is masked');
});

test('the Cache page shows real hits and flushes; the Guardrails page counts a blocked prompt', async () => {
  const navText = await page.$eval('#nav', (e) => e.textContent);
  assert.ok(navText.includes('Cache') && navText.includes('Guardrails'), navText);
  assert.deepEqual(await cachedChat('remember me'), { status: 200, cache: 'miss' });
  assert.deepEqual(await cachedChat('remember me'), { status: 200, cache: 'hit' });
  assert.equal((await cachedChat('tell me about Project Falcon')).status, 400);
  const stat = (id) => page.$eval(`[data-stat="${id}"] b`, (e) => e.textContent);
  await open('cache');
  // The page polls; wait until it shows the accounted hit.
  await page.waitForFunction(() => document.querySelector('[data-stat="hits"] b')?.textContent === '1', { timeout: hangGuard });
  assert.equal(await stat('misses'), '1');
  assert.equal(await stat('hit-rate'), '50 %');
  assert.equal(await stat('entries'), '1');
  assert.match(await page.$eval('#cache-settings', (e) => e.textContent), /In memory \(local\) · answers kept 300 s · mode default_off/);
  const api = await adminGet('/dashboard/cache');
  assert.ok(api.cached_tokens > 0);
  assert.equal(await stat('cached-tokens'), String(api.cached_tokens));
  assert.ok(api.bytes > 0 && api.bytes < 1024, `one small answer held: ${api.bytes}`);
  assert.equal(await stat('bytes'), `${api.bytes} B`);
  assert.equal(await page.$eval('[data-stat="bytes"] span', (e) => e.textContent), 'memory, of 64 MiB');
  await screenshot('cache');
  // Flushing asks first; dismissed, nothing happens.
  page.once('dialog', (d) => d.dismiss());
  await page.click('#flush');
  assert.equal((await adminGet('/dashboard/cache')).entries, 1);
  page.once('dialog', (d) => { assert.match(d.message(), /Remove every cached answer/); d.accept(); });
  await page.click('#flush');
  await page.waitForFunction(() => document.querySelector('[data-stat="entries"] b')?.textContent === '0', { timeout: hangGuard });
  assert.equal((await adminGet('/dashboard/cache')).entries, 0);
  assert.equal(await stat('hits'), '1', 'the counters count since start');
  assert.equal((await cachedChat('remember me')).cache, 'miss');

  await page.waitForSelector('#toast', { hidden: true, timeout: hangGuard }); // "Cache flushed", not on the next shots
  await open('guardrails');
  await page.waitForFunction(() => document.querySelector('#guardrails [data-count="blocked"]')?.textContent === '1', { timeout: hangGuard });
  const row = await page.$eval('#guardrails tbody tr', (e) => e.textContent);
  assert.ok(row.includes('no-falcon') && row.includes('banned_substrings') && row.includes('block'), row);
  assert.equal(await stat('blocked'), '1');
  const allowed = Number((await stat('allowed')).replace(/\D/g, ''));
  assert.ok(allowed >= 2, `the background traffic and the cached requests passed: ${allowed}`);
  await screenshot('guardrails');
});

test('creates a key, shown once, that then answers a real request', async () => {
  await open('keys');
  await page.type('#create input[name=key_alias]', 'browser-key');
  await page.type('#create input[name=max_budget]', '5');
  await page.click('#create button[type=submit]');
  await page.waitForSelector('#new-key-value', { timeout: hangGuard });
  virtualKey = await page.$eval('#new-key-value', (e) => e.textContent);
  assert.match(virtualKey, /^sk-/);
  await page.waitForFunction(() => document.querySelector('#keys').textContent.includes('browser-key'), { timeout: hangGuard });
  await screenshot('keys');
  assert.equal(await chat(virtualKey), 200);
  assert.equal(await chat(virtualKey, true), 200);
  const info = await adminGet(`/key/info?key=${virtualKey}`);
  assert.equal(info.info.key_alias, 'browser-key');
  assert.equal(info.info.max_budget, 5);
});

test('edits a key\'s limits and blocks it', async () => {
  await page.click('#keys button[data-act="edit"]');
  await page.waitForSelector('#keys input[name=rpm_limit]');
  await page.type('#keys input[name=rpm_limit]', '42');
  await page.click('#keys button[data-act="save"]');
  await page.waitForFunction(() => document.querySelector('#keys').textContent.includes('rpm 42'), { timeout: hangGuard });
  assert.equal((await adminGet(`/key/info?key=${virtualKey}`)).info.rpm_limit, 42);
  await page.click('#keys button[data-act="block"]');
  await page.waitForSelector('#keys button[data-act="unblock"]', { timeout: hangGuard });
  assert.equal(await chat(virtualKey), 401);
  await page.click('#keys button[data-act="unblock"]');
  await page.waitForSelector('#keys button[data-act="block"]', { timeout: hangGuard });
  assert.equal(await chat(virtualKey), 200);
});

test('stops and starts the managed server', async () => {
  await open('servers');
  const state = () => page.$eval('[data-state]', (e) => e.dataset.state);
  await page.waitForFunction(() => document.querySelector('[data-state]')?.dataset.state === 'ready', { timeout: hangGuard });
  await page.click('#servers button[data-act="stop"]');
  await page.waitForFunction(() => document.querySelector('[data-state]')?.dataset.state === 'stopped', { timeout: hangGuard });
  assert.equal((await adminGet('/servers/fake')).state, 'stopped');
  await page.click('#servers button[data-act="start"]');
  await page.waitForFunction(() => document.querySelector('[data-state]')?.dataset.state === 'ready', { timeout: hangGuard });
  assert.equal(await state(), 'ready');
  assert.equal((await adminGet('/servers/fake')).state, 'ready');
});

test('a write without the CSRF token is refused, from the page and from another site', async () => {
  const sameOrigin = await page.evaluate(async () => {
    const r = await fetch('/key/generate', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"key_alias":"no-csrf"}' });
    return { status: r.status, body: await r.json() };
  });
  assert.equal(sameOrigin.status, 403);
  assert.equal(sameOrigin.body.error.code, 'csrf_token_invalid');
  // A page of another site posts to the gateway with the user's cookie jar.
  const gateway = base;
  crossSite = createServer((req, res) => {
    res.setHeader('Content-Type', 'text/html');
    res.end(`<form id=f method=POST action="${gateway}/key/generate" enctype="text/plain"><input name='{"key_alias":"cross-site","x":"' value='"}'></form>
      <script>fetch("${gateway}/key/generate",{method:"POST",mode:"no-cors",credentials:"include",body:'{"key_alias":"cross-site"}'}).finally(()=>document.getElementById("f").submit())</script>`);
  });
  await new Promise((r) => crossSite.listen(0, '127.0.0.1', r));
  const evil = await browser.newPage();
  const response = new Promise((resolve) => evil.on('response', (r) => { if (r.url().endsWith('/key/generate') && r.request().method() === 'POST' && r.request().resourceType() === 'document') resolve(r.status()); }));
  // "localhost" vs "127.0.0.1": another site to the browser.
  await evil.goto(`http://localhost:${crossSite.address().port}/`);
  assert.equal(await response, 403);
  await evil.close();
  const list = await adminGet('/key/list?return_full_object=true&size=100');
  assert.ok(!list.keys.some((k) => k.key_alias === 'cross-site' || k.key_alias === 'no-csrf'), 'no key was created');
});

test('a virtual key signs in and sees only its own usage', async () => {
  const context = await browser.createBrowserContext();
  const own = await context.newPage();
  await own.setViewport(viewports.desktop);
  await own.goto(`${base}/ui/`, { waitUntil: 'domcontentloaded' });
  await own.waitForSelector('#login:not([hidden])', { timeout: hangGuard });
  await own.type('#login input[name=password]', virtualKey);
  await own.click('#login button[type=submit]');
  await own.waitForSelector('section[data-page="usage"][data-loaded="true"]', { timeout: hangGuard });
  const navText = await own.$eval('#nav', (e) => e.textContent);
  assert.ok(navText.includes('Usage') && !navText.includes('Keys') && !navText.includes('Servers') && !navText.includes('Cache'), navText);
  await own.waitForFunction(() => document.querySelector('#my-requests table'), { timeout: hangGuard });
  const rows = await own.$$eval('#my-requests tbody tr', (trs) => trs.map((tr) => tr.textContent));
  assert.ok(rows.length >= 3, `its own requests only, not the master key’s many: ${rows.length}`);
  assert.ok(rows.every((t) => t.includes('browser-key')), rows.join('\n'));
  const forbidden = await own.evaluate(async () => Promise.all(['/key/list', '/dashboard/overview', '/servers'].map(async (p) => (await fetch(p)).status)));
  assert.deepEqual(forbidden, [403, 403, 403]);
  page = own; // screenshots of this page
  await screenshot('key-usage');
  await context.close();
});

test('deletes the key; its session ends with it', async () => {
  const context = await browser.createBrowserContext();
  const own = await context.newPage();
  await own.goto(`${base}/ui/`, { waitUntil: 'domcontentloaded' });
  await own.waitForSelector('#login:not([hidden])', { timeout: hangGuard });
  await own.type('#login input[name=password]', virtualKey);
  await own.click('#login button[type=submit]');
  await own.waitForSelector('section[data-page="usage"][data-loaded="true"]', { timeout: hangGuard });

  const admin = (await browser.pages()).find((p) => p.url().startsWith(`${base}/ui/`));
  await admin.evaluate(() => { location.hash = '#/keys'; });
  await admin.waitForSelector('#keys button[data-act="delete"]', { timeout: hangGuard });
  admin.once('dialog', (d) => d.accept());
  await admin.click('#keys button[data-act="delete"]');
  await admin.waitForFunction(() => !document.querySelector('#keys').textContent.includes('browser-key'), { timeout: hangGuard });
  assert.equal(await chat(virtualKey), 401);
  // The deleted key's page finds itself signed out on its next poll.
  await own.waitForSelector('#login:not([hidden])', { timeout: hangGuard });
  await context.close();
});

test('sign-in attempts are throttled', async () => {
  let status = 0;
  for (let i = 0; i < 10 && status !== 429; i += 1) {
    const r = await fetch(`${base}/ui/api/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"username":"admin","password":"guess"}' });
    status = r.status;
  }
  assert.equal(status, 429);
});
