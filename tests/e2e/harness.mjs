// Shared set-up for the end-to-end tests: a static server for dist/ (optionally under a
// sub-folder), headless Debian Chromium through playwright-core, and page helpers.
import assert from 'node:assert/strict';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '../../tools/node_modules/playwright-core/index.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '../..');
// KEHU_DIST=DIR serves another build (benchmarks comparing two builds in the same minutes).
export const dist = process.env.KEHU_DIST ? path.resolve(process.env.KEHU_DIST) : path.join(root, 'dist');
export const artifacts = path.join(here, 'artifacts');
fs.mkdirSync(artifacts, { recursive: true });

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
};

/** Serves `dir` on 127.0.0.1 at `prefix` (e.g. '/kehu/'), like any static host; `port` 0 picks
 * a free one (a test that restarts "the same site" passes the port it had). */
export async function serve(dir = dist, prefix = '/', port = 0) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (!url.pathname.startsWith(prefix)) { res.writeHead(404); res.end(); return; }
    let rel = decodeURIComponent(url.pathname.slice(prefix.length)) || 'index.html';
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.join(dir, rel);
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'Content-Type': types[path.extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-cache' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((ok) => server.listen(port, '127.0.0.1', ok));
  const base = `http://127.0.0.1:${server.address().port}${prefix}`;
  // Closing also drops kept-alive connections, so the site is really gone.
  return { base, port: server.address().port, close: () => new Promise((ok) => { server.close(ok); server.closeAllConnections(); }) };
}

const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  // Extra flags for experiments, e.g. KEHU_CHROMIUM_ARGS='--js-flags=--no-liftoff'.
  ...(process.env.KEHU_CHROMIUM_ARGS || '').split(' ').filter(Boolean)];

export async function launch() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: chromiumArgs });
}

/** A browser with a real (non-incognito) profile in `dir`: what installability checks need. */
export async function launchProfile(dir, viewport = DESKTOP) {
  return chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium', headless: true, args: chromiumArgs, viewport, locale: 'zh-CN',
  });
}

export const DESKTOP = { width: 1280, height: 800 };
export const TABLET = { width: 800, height: 1280 };

/** A fresh browser profile (its own IndexedDB) with the page open at `url`. */
export async function openApp(browser, url, viewport = DESKTOP, extra = {}) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', ...extra });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(url);
  await ready(page);
  return { context, page, errors };
}

/** Waits until the store is loaded and a page is shown. */
export async function ready(page) {
  await page.waitForSelector('main section.page', { timeout: 60_000 });
}

/** True when the page is no wider than the window (nothing scrolls sideways). */
export async function scrollsSideways(page) {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
}

/** Elements that stick out of the viewport on the right (for a helpful failure message). */
export async function overflowing(page) {
  return page.evaluate(() => {
    const w = window.innerWidth;
    return [...document.querySelectorAll('body *')]
      .filter((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.right > w + 1; })
      .slice(0, 5).map((e) => `${e.tagName.toLowerCase()}.${e.className} right=${Math.round(e.getBoundingClientRect().right)}`);
  });
}

export async function shot(page, name) {
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: false });
}

/** Sets a field by its label's `for` id (TextField ids are `f-<name>`). */
export async function fill(page, name, value) {
  await page.locator(`#f-${name}`).fill(value);
}

/**
 * Asserts that an input comes to hold `expected`. The page updates inputs from signals a
 * moment after the event that changed them (Leptos runs its effects after the handler), so a
 * value read straight after a click may still be the old one.
 */
export async function valueIs(locator, expected, message) {
  const deadline = Date.now() + 10_000;
  let value = await locator.inputValue();
  while (value !== expected && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    value = await locator.inputValue();
  }
  assert.equal(value, expected, message);
}

/** Loads a small demo firm through the data page and waits until it is stored. */
export async function loadDemo(page, base, customers, lines, end = '2026-11-25') {
  await page.goto(base + '#/data');
  await ready(page);
  await fill(page, 'demo_customers', String(customers));
  await fill(page, 'demo_lines', String(lines));
  await fill(page, 'demo_end', end);
  await page.getByTestId('load-demo').click();
  await page.getByText(/已加载演示数据|Demo data loaded/).waitFor({ timeout: 120_000 });
}

/** True when some stored IndexedDB bucket (the undo's included) holds `needle` as UTF-8. */
export async function storedAnywhere(page, needle) {
  return page.evaluate(async (needle) => {
    const want = new TextEncoder().encode(needle);
    const db = await new Promise((ok, fail) => {
      const r = indexedDB.open('kehu');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    const values = await new Promise((ok, fail) => {
      const r = db.transaction('buckets').objectStore('buckets').getAll();
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    db.close();
    const bytesOf = (v) => (v instanceof ArrayBuffer ? new Uint8Array(v) : ArrayBuffer.isView(v) ? new Uint8Array(v.buffer, v.byteOffset, v.byteLength) : null);
    return values.some((v) => {
      const b = bytesOf(v);
      if (!b) return false;
      outer: for (let i = 0; i + want.length <= b.length; i++) {
        for (let j = 0; j < want.length; j++) if (b[i + j] !== want[j]) continue outer;
        return true;
      }
      return false;
    });
  }, needle);
}
