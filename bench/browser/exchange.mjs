// Issue 5's browser figures for BENCHMARKS.md: export and import of the 100,000-customer /
// 1,000,000-line demo firm in headless Chromium on the built app (dist/). Branch A generates the
// firm and exports everything (the page's measure "kehu-export": packing into gzip JSON); branch B,
// a second browser profile, imports the file: reading the file, "kehu-import-check" (parse, checksum,
// validation in a worker, the page decoding its answer, preview) and "kehu-import-apply" (plan,
// undo, one IndexedDB transaction, into memory).
// Run: node bench/browser/exchange.mjs [customers] [lines]   (after `trunk build --release`)
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, ready, loadDemo, artifacts } from '../../tests/e2e/harness.mjs';

const customers = Number(process.argv[2] || 100000);
const lines = Number(process.argv[3] || 1000000);
const server = await serve();
const browser = await launch();
const measure = (page, name) => page.evaluate((n) => Math.round(performance.getEntriesByName(n).at(-1).duration), name);
const waitFor = (page, name) => page.waitForFunction((n) => performance.getEntriesByName(n).length > 0, name, { timeout: Number(process.env.KEHU_BENCH_TIMEOUT_MS || 600_000) });

const a = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', acceptDownloads: true })).newPage();
a.on('pageerror', (e) => console.error('page error', e));
await a.goto(server.base);
await ready(a);
await loadDemo(a, server.base, customers, lines);
await a.goto(server.base + '#/exchange');
await ready(a);
await a.getByTestId('export').waitFor({ timeout: Number(process.env.KEHU_BENCH_TIMEOUT_MS || 600_000) });
const [download] = await Promise.all([a.waitForEvent('download', { timeout: 600_000 }), a.getByTestId('export').click()]);
const file = path.join(artifacts, 'bench-' + download.suggestedFilename());
await download.saveAs(file);
const exportMs = await measure(a, 'kehu-export');
const bytes = fs.statSync(file).size;

const b = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })).newPage();
b.on('pageerror', (e) => console.error('page error', e));
b.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') console.error('page console', m.text()); });
await b.goto(server.base + '#/exchange');
await ready(b);
await b.getByTestId('import-file').waitFor({ timeout: 60_000 });
await b.getByTestId('import-file').setInputFiles(file);
await waitFor(b, 'kehu-import-check');
await b.getByTestId('import-apply').click();
await waitFor(b, 'kehu-import-apply');
// From the file handed over (reading it included) to the preview on screen.
const checkMs = await b.evaluate(() => Math.round(performance.getEntriesByName('kehu-import-checked').at(-1).startTime
  - performance.getEntriesByName('kehu-import-start').at(-1).startTime));
const applyMs = await measure(b, 'kehu-import-apply');
// The check's parts: the file read into memory; parsed and checked (checksum included) in the
// reading worker, up to its answer (of which: the file's way to the worker, started for it; its
// own steps; the answer's way back); that answer decoded on the page; previewed. The apply's
// parts: the preview's plan taken (or planned again if the data changed) with the undo, written in
// one IndexedDB transaction, taken into memory.
const [parts, applyParts] = await b.evaluate(() => {
  const at = (n) => performance.getEntriesByName(n).at(-1)?.startTime;
  const ms = (from, to) => (at(from) === undefined || at(to) === undefined ? null : Math.round(at(to) - at(from)));
  const lasted = (n) => { const d = performance.getEntriesByName(n).at(-1)?.duration; return d === undefined ? null : Math.round(d); };
  return [{
    read_ms: ms('kehu-import-start', 'kehu-import-check-start'),
    parse_ms: ms('kehu-import-check-start', 'kehu-import-read'),
    // Inside the reading worker (timed there): the parse with every check, then packing the answer.
    in_worker: {
      arrival_ms: lasted('kehu-import-worker-arrival'), parse_ms: lasted('kehu-import-worker-parse'),
      pack_ms: lasted('kehu-import-worker-pack'), return_ms: lasted('kehu-import-worker-return'),
    },
    unpack_ms: ms('kehu-import-read', 'kehu-import-parsed'),
    parse_and_unpack_ms: ms('kehu-import-check-start', 'kehu-import-parsed'),
    preview_ms: ms('kehu-import-parsed', 'kehu-import-checked'),
  }, {
    plan_ms: ms('kehu-import-apply-start', 'kehu-import-planned'),
    write_ms: ms('kehu-import-planned', 'kehu-import-written'),
    // Of the write (store::idb): reading the touched buckets and merging the plan into them in
    // wasm, then IndexedDB putting and committing them.
    in_store: { read_and_decide_ms: lasted('kehu-store-read-and-decide'), put_and_commit_ms: lasted('kehu-store-put-and-commit') },
    into_memory_ms: ms('kehu-import-written', 'kehu-import-applied'),
  }];
});
console.log(JSON.stringify({ customers, lines, bundle_bytes: bytes, export_ms: exportMs, import_check_ms: checkMs, import_check_parts: parts, import_apply_ms: applyMs, import_apply_parts: applyParts, import_ms: checkMs + applyMs }));
fs.rmSync(file);
await browser.close();
await server.close();
