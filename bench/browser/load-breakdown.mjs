// Where the page-load time goes: loads the demo firm (default 100,000 customers / 1,000,000 lines),
// reloads the dashboard with the data stored, and prints every performance mark and measure, the
// long main-thread tasks (> 50 ms, with their start) and the worker's per-stage times.
//   node bench/browser/load-breakdown.mjs [customers] [lines]   (after `trunk build --release`)
import { serve, launch, ready, fill } from '../../tests/e2e/harness.mjs';
const customers = Number(process.argv[2] || 100000);
const lines = Number(process.argv[3] || 1000000);
const server = await serve();
const browser = await launch();
const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
await context.addInitScript(() => {
  window.__long = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__long.push({ start: Math.round(e.startTime), ms: Math.round(e.duration) }); }).observe({ type: 'longtask', buffered: true });
});
const page = await context.newPage();
const logs = [];
page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
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
await page.goto(server.base + '#/dashboard');
logs.length = 0;
await page.reload();
await page.waitForFunction(() => performance.getEntriesByName('kehu-scored').length > 0, null, { timeout: 120_000 });
const r = await page.evaluate(() => ({
  marks: performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)]),
  measures: performance.getEntriesByType('measure').map((m) => [m.name, Math.round(m.startTime), Math.round(m.duration)]),
  long: window.__long,
}));
console.log(JSON.stringify(r));
console.log(logs.filter((l) => l.includes('kehu')).join('\n'));
await browser.close();
await server.close();
