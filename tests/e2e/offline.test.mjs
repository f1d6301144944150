// End-to-end: the app works offline after the first visit and picks up a new version whole.
// The static server really stops (network emulation does not reach service workers).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve, launchProfile, ready, fill, dist } from './harness.mjs';

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-profile-'));
after(() => fs.rmSync(profile, { recursive: true, force: true }));

/** The version of the service worker that controls the page (asked over a message channel). */
async function controllingVersion(page) {
  return page.evaluate(() => new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = (e) => resolve(e.data);
    navigator.serviceWorker.controller.postMessage('version', [ch.port2]);
  }));
}

test('installable; after the first visit it opens with its data when the server is gone; a new version waits for a reload', async () => {
  let server = await serve(dist, '/kehu/');
  const { port, base } = server;
  // A real profile: incognito profiles are never installable.
  const context = await launchProfile(profile);
  const page = context.pages()[0] ?? await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(base);
  await ready(page);

  // The service worker installs and takes control; Chromium finds nothing against installing.
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 30_000 });
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  assert.deepEqual(installabilityErrors, []);
  const manifest = await cdp.send('Page.getAppManifest');
  assert.deepEqual(manifest.errors, []);
  const firstVersion = await controllingVersion(page);
  assert.match(firstVersion, /^[0-9a-f]{16}$/);

  // Some data, then the server stops for good.
  await page.goto(base + '#/customer/new');
  await ready(page);
  await fill(page, 'name', '离线测试客户');
  await page.getByTestId('save-customer').click();
  await page.getByTestId('customer-title').filter({ hasText: '离线测试客户' }).waitFor();
  await server.close();
  const gone = await page.evaluate(async (u) => { try { await fetch(u, { cache: 'no-store' }); return false; } catch { return true; } }, base + 'no-such-file');
  assert.ok(gone, 'the server is really stopped');

  // Reload with no server: the shell comes from the service worker, the data from IndexedDB.
  await page.goto(base + '#/customers');
  await page.reload();
  await ready(page);
  await page.getByTestId('customer-row').filter({ hasText: '离线测试客户' }).waitFor();
  await page.goto(base + '#/dashboard');
  await ready(page);
  await page.getByTestId('kpis').waitFor({ timeout: 60_000 });

  // A new version is published at the same address: the page keeps running the old one until the
  // user agrees, then reloads into the new one as a whole.
  const next = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-next-'));
  fs.cpSync(dist, next, { recursive: true });
  const sw = path.join(next, 'sw.js');
  fs.writeFileSync(sw, fs.readFileSync(sw, 'utf8').replace(firstVersion, 'feedfacefeedface'));
  server = await serve(next, '/kehu/', port);
  await page.reload();
  await ready(page);
  await page.getByTestId('update-ready').waitFor({ timeout: 30_000 });
  assert.equal(await controllingVersion(page), firstVersion, 'the old version runs until the user reloads');
  await Promise.all([page.waitForEvent('load'), page.getByTestId('update-reload').click()]);
  await ready(page);
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null);
  assert.equal(await controllingVersion(page), 'feedfacefeedface');
  const caches = await page.evaluate(() => caches.keys());
  assert.deepEqual(caches, ['kehu-shell-feedfacefeedface'], 'the old version is gone as a whole');
  await page.goto(base + '#/customers');
  await ready(page);
  await page.getByTestId('customer-row').filter({ hasText: '离线测试客户' }).waitFor();
  assert.equal(await page.getByTestId('update-ready').count(), 0);

  assert.deepEqual(errors.filter((e) => !/Failed to load resource|ERR_CONNECTION_REFUSED/.test(e)), []);
  await context.close();
  await server.close();
  fs.rmSync(next, { recursive: true, force: true });
});
