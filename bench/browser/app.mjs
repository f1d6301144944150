// Page-level browser figures for BENCHMARKS.md, measured in headless Chromium on the built app
// (dist/) with the 100,000-customer / 1,000,000-line demo firm:
//   - page load with data already stored → page up (first load step), → all data read (second
//     step: sales, payments, contacts…), and → dashboard fully scored
//     (worker start, its own store read and all scoring included);
//   - a settings change → every view updated (re-score);
//   - long main-thread tasks (> 200 ms, Long Tasks API) while scoring runs.
// Run: node bench/browser/app.mjs [customers] [lines]   (after `trunk build --release`)
import { serve, launch, ready, fill } from '../../tests/e2e/harness.mjs';

const customers = Number(process.argv[2] || 100000);
const lines = Number(process.argv[3] || 1000000);
const server = await serve();
const browser = await launch();
const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
await context.addInitScript(() => {
  window.__long = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__long.push({ start: e.startTime, ms: e.duration });
  }).observe({ type: 'longtask', buffered: true });
});
const page = await context.newPage();
page.on('pageerror', (e) => console.error('page error', e));

// 1. Load the demo firm through the app, as a user would.
await page.goto(server.base + '#/data');
await ready(page);
await fill(page, 'demo_customers', String(customers));
await fill(page, 'demo_lines', String(lines));
await fill(page, 'demo_end', '2026-11-25');
const t0 = Date.now();
await page.getByTestId('load-demo').click();
await page.getByText(/已加载演示数据/).waitFor({ timeout: 600_000 });
const demoMs = Date.now() - t0;
const measures = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('measure').map((m) => [m.name, Math.round(m.duration)])));

// 2. Reload on the dashboard with the data stored: time to scored.
await page.goto(server.base + '#/settings');
await ready(page);
await fill(page, 'as_of', '2026-11-25');
await page.getByTestId('apply-settings').click();
await page.goto(server.base + '#/dashboard');
await page.reload();
await page.waitForFunction(() => performance.getEntriesByName('kehu-scored').length > 0 && performance.getEntriesByName('kehu-complete').length > 0, null, { timeout: 120_000 });
const load = await page.evaluate(() => {
  const at = (n) => performance.getEntriesByName(n)[0]?.startTime;
  return {
    page_up_ms: Math.round(at('kehu-loaded')),
    all_data_loaded_ms: Math.round(at('kehu-complete')),
    dashboard_scored_ms: Math.round(at('kehu-scored')),
    // Tasks over 200 ms until the dashboard is scored (while scoring runs), and after it (the
    // second load step reading sales, payments and contacts), as [start, duration].
    long_tasks_while_scoring: window.__long.filter((t) => t.ms > 200 && t.start < at('kehu-scored')).map((t) => [Math.round(t.start), Math.round(t.ms)]),
    long_tasks_after: window.__long.filter((t) => t.ms > 200 && t.start >= at('kehu-scored')).map((t) => [Math.round(t.start), Math.round(t.ms)]),
    longest_task_while_scoring_ms: Math.round(Math.max(0, ...window.__long.filter((t) => t.start < at('kehu-scored')).map((t) => t.ms))),
  };
});
await page.getByTestId('kpis').waitFor();

// 3. A settings change re-scores (the models refit): time from apply to the new result.
await page.goto(server.base + '#/settings');
await ready(page);
const before = await page.evaluate(() => { window.__long = []; return performance.getEntriesByName('kehu-scored').length; });
await fill(page, 'abc_a', '70');
await page.getByTestId('apply-settings').click();
await page.waitForFunction((n) => performance.getEntriesByName('kehu-scored').length > n, before, { timeout: 60_000 });
const change = await page.evaluate(() => {
  const starts = performance.getEntriesByName('kehu-score-start');
  const ends = performance.getEntriesByName('kehu-scored');
  return {
    settings_change_ms: Math.round(ends[ends.length - 1].startTime - starts[starts.length - 1].startTime),
    long_tasks: window.__long.filter((t) => t.ms > 200).map((t) => Math.round(t.ms)),
  };
});

console.log(JSON.stringify({ customers, lines, demo_generate_and_store_ms: demoMs, measures, load, change }, null, 1));
await browser.close();
await server.close();
