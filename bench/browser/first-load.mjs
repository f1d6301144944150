// Issue 8's "small and quick" figures for BENCHMARKS.md, on the built app (dist/):
//   - each file's size raw and gzipped (-9), and the total a first load transfers;
//   - first load from a static server on 127.0.0.1 to a usable page (the page's section is drawn and the
//     store is open), and a load served by the service worker's cache, each without and with 4× CPU
//     throttling (DevTools' Emulation.setCPUThrottlingRate, standing in for a tablet).
// Run: node bench/browser/first-load.mjs [runs]   (after `trunk build --release`; prints a JSON line)
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import os from 'node:os';
import { serve, launchProfile, dist } from '../../tests/e2e/harness.mjs';

const runs = Number(process.argv[2] || 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Sizes: every file the app shell lists for the service worker is what a first load fetches.
const files = fs.readdirSync(dist, { recursive: true }).filter((f) => fs.statSync(path.join(dist, f)).isFile());
const sizes = files
  .map((f) => {
    const raw = fs.readFileSync(path.join(dist, f));
    return { file: f, raw: raw.length, gzip: zlib.gzipSync(raw, { level: 9 }).length };
  })
  .sort((a, b) => b.gzip - a.gzip);
const total = sizes.reduce((s, f) => ({ raw: s.raw + f.raw, gzip: s.gzip + f.gzip }), { raw: 0, gzip: 0 });

const server = await serve(dist, '/kehu/');
const url = server.base;

/**
 * Milliseconds from navigation start to a usable page, as the page itself measures them, and
 * when each step of the way ended: the app's wasm fetched, compiled and started (`main`), the
 * store's IndexedDB opened, the store checked (`store`), the small kinds read (`first`), the
 * store ready (`loaded`) and the page's section drawn.
 */
async function usable(page) {
  await page.waitForSelector('main section.page', { timeout: 60_000 });
  await page.waitForFunction(() => performance.getEntriesByName('kehu-loaded').length > 0, null, { timeout: 60_000 });
  await page.waitForFunction(() => window.__drawn !== undefined, null, { timeout: 60_000 });
  return page.evaluate(() => {
    const at = (name) => Math.round(performance.getEntriesByName(name)[0]?.startTime ?? NaN);
    const wasm = performance.getEntriesByType('resource').find((e) => /kehu-app-.*\.wasm$/.test(e.name));
    const steps = {
      wasm_fetched: Math.round(wasm?.responseEnd ?? NaN), main: at('kehu-main'), idb: at('kehu-idb-open'),
      store: at('kehu-store-open'), first: at('kehu-first-read'), loaded: at('kehu-loaded'), drawn: Math.round(window.__drawn),
    };
    return { ms: Math.max(steps.loaded, steps.drawn), steps };
  });
}

/** The median of each step over the runs. */
function medianSteps(runs) {
  return Object.fromEntries(Object.keys(runs[0].steps).map((k) => [k, median(runs.map((r) => r.steps[k]))]));
}

async function measure(rate) {
  const first = [];
  const cached = [];
  const later = [];
  for (let i = 0; i < runs; i++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-first-load-'));
    const context = await launchProfile(dir);
    const page = context.pages()[0] ?? (await context.newPage());
    // When the page's section is first in the DOM, as the page's own clock tells it.
    await context.addInitScript(() => {
      new MutationObserver((_, obs) => {
        if (document.querySelector('main section.page')) { window.__drawn = performance.now(); obs.disconnect(); }
      }).observe(document, { childList: true, subtree: true });
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    await page.goto(url);
    first.push(await usable(page));
    // Let the service worker install and take the page, then load again from its cache.
    await page.evaluate(async () => { await navigator.serviceWorker.ready; });
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 }).catch(async () => { await page.reload(); });
    await page.reload();
    cached.push(await usable(page));
    // Two visits more: V8 keeps a module's compiled code once it has seen it run (its code
    // cache), so an everyday visit after the first few compiles less than the first from the cache.
    for (let n = 0; n < 2; n++) {
      await page.reload();
      await usable(page);
    }
    await page.reload();
    later.push(await usable(page));
    await context.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const ms = (runs) => runs.map((r) => r.ms);
  return {
    first_ms: median(ms(first)), cached_ms: median(ms(cached)), later_ms: median(ms(later)),
    first_all: ms(first), cached_all: ms(cached), later_all: ms(later),
    first_steps: medianSteps(first), cached_steps: medianSteps(cached), later_steps: medianSteps(later),
  };
}

const plain = await measure(1);
const throttled = await measure(4);
await server.close();
console.log(JSON.stringify({ files: sizes, total, plain, cpu_4x: throttled }, null, 1));
