// Issue 7's browser figure for BENCHMARKS.md: recomputing every warning for the 100,000-customer /
// 1,000,000-line demo firm with the worker's last scores (no refit), in headless Chromium on the
// built app (dist/). The page's own measure "kehu-warnings" spans the rules over the whole firm and
// the reconciliation with the stored warnings; it is read on a first visit (nothing stored yet) and
// on a second one after a reload (every warning stored, nothing to change).
// Run: node bench/browser/warnings.mjs [customers] [lines]   (after `trunk build --release`)
import { serve, launch, ready, fill } from '../../tests/e2e/harness.mjs';

const customers = Number(process.argv[2] || 100000);
const lines = Number(process.argv[3] || 1000000);
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

async function visit() {
  await page.goto(server.base + '#/warnings');
  await page.waitForFunction(() => performance.getEntriesByName('kehu-warnings').length > 0, null, { timeout: 300_000 });
  await page.getByTestId('warnings-checked').waitFor();
  return page.evaluate(() => ({
    ms: Math.round(performance.getEntriesByName('kehu-warnings').at(-1).duration),
    shown: document.querySelectorAll('[data-testid=warning]').length,
  }));
}
const first = await visit();
// Let the first visit's commit of the raised warnings finish, then come back fresh.
await page.waitForTimeout(3000);
await page.goto(server.base + '#/dashboard');
await page.reload();
await ready(page);
const again = await visit();
console.log(JSON.stringify({ customers, lines, first_visit_ms: first.ms, again_ms: again.ms, listed: again.shown }));
await browser.close();
await server.close();
