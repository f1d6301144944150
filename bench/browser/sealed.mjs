// Encryption at rest, its cost in the browser (BENCHMARKS.md, issue 9), on the built app (dist/)
// with the 100,000-customer / 1,000,000-line demo firm, in one run: the same reload on the
// dashboard with the store plain and encrypted — page up, all data read, dashboard scored
// (the worker reading the encrypted store) — measured from the app's start mark (for the
// encrypted store: from the passphrase typed, the key derivation included), and the one-step
// conversions on and off.
// Run: node bench/browser/sealed.mjs [customers] [lines] [runs]   (after `trunk build --release`)
import { serve, launch, ready, fill } from '../../tests/e2e/harness.mjs';

const customers = Number(process.argv[2] || 100000);
const lines = Number(process.argv[3] || 1000000);
const runs = Number(process.argv[4] || 3);
const PASS = 'bench passphrase 口令';
const server = await serve();
const browser = await launch();
const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
const page = await context.newPage();
page.on('pageerror', (e) => console.error('page error', e));

await page.goto(server.base + '#/data');
await ready(page);
await fill(page, 'demo_customers', String(customers));
await fill(page, 'demo_lines', String(lines));
await fill(page, 'demo_end', '2026-11-25');
await page.getByTestId('load-demo').click();
await page.getByText(/已加载演示数据/).waitFor({ timeout: 600_000 });
await page.goto(server.base + '#/settings');
await ready(page);
await fill(page, 'as_of', '2026-11-25');
await page.getByTestId('apply-settings').click();

/** Marks of the last start (an unlocked store starts again after the passphrase). */
async function figures() {
  await page.waitForFunction(() => performance.getEntriesByName('kehu-scored').length > 0 && performance.getEntriesByName('kehu-complete').length > 0, null, { timeout: 180_000 });
  return page.evaluate(() => {
    const last = (n) => { const e = performance.getEntriesByName(n); return e[e.length - 1]?.startTime; };
    const from = last('kehu-unlock-start') ?? last('kehu-start');
    const r = (n) => Math.round(last(n) - from);
    const unlock = performance.getEntriesByName('kehu-unlock-start').length ? { passphrase_checked_ms: r('kehu-unlocked') } : {};
    return { ...unlock, page_up_ms: r('kehu-loaded'), all_data_ms: r('kehu-complete'), dashboard_scored_ms: r('kehu-scored') };
  });
}

const plain = [];
for (let i = 0; i < runs; i++) {
  await page.goto(server.base + '#/dashboard');
  await page.reload();
  plain.push(await figures());
}

await page.goto(server.base + '#/privacy');
await ready(page);
await page.getByTestId('seal-section').waitFor();
await fill(page, 'seal_pass', PASS);
await fill(page, 'seal_repeat', PASS);
await page.locator('#f-seal_understood').check();
let t = Date.now();
await page.getByTestId('seal-on').click();
await page.getByTestId('seal-state').getByText('已开启').waitFor({ timeout: 600_000 });
const turnOnMs = Date.now() - t;

const sealed = [];
for (let i = 0; i < runs; i++) {
  await page.goto(server.base + '#/dashboard');
  await page.reload();
  await page.getByTestId('unlock-store').waitFor({ timeout: 60_000 });
  await fill(page, 'unlock_passphrase', PASS);
  await page.getByTestId('unlock-submit').click();
  sealed.push(await figures());
}

await page.goto(server.base + '#/privacy');
await ready(page);
await page.getByTestId('seal-section').waitFor();
await fill(page, 'seal_current', PASS);
t = Date.now();
await page.getByTestId('seal-off').click();
await page.getByTestId('seal-state').getByText('未开启').waitFor({ timeout: 600_000 });
const turnOffMs = Date.now() - t;

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const ratio = (k) => Number((median(sealed.map((f) => f[k])) / median(plain.map((f) => f[k]))).toFixed(2));
console.log(JSON.stringify({
  customers, lines, plain, sealed, turn_on_ms: turnOnMs, turn_off_ms: turnOffMs,
  sealed_over_plain: { page_up: ratio('page_up_ms'), all_data: ratio('all_data_ms'), dashboard_scored: ratio('dashboard_scored_ms') },
}, null, 1));
await browser.close();
await server.close();
