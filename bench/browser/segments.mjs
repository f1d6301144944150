// Benchmark (not a test): a segment rule edit → live count on the 100,000-customer demo firm,
// in headless Chromium against the release build in dist/. Prints one BENCH line.
//   node bench/browser/segments.mjs            (KEHU_BENCH_CUSTOMERS / KEHU_BENCH_LINES to change the size)
// Two figures per edit: the app's own performance measure "kehu-segment-count" (from the input
// handler to the count's effect), and the page's round trip from dispatching the input event
// until the count on screen changed (a MutationObserver), plus the next painted frame.
import { serve, launch, openApp, ready, fill } from '../../tests/e2e/harness.mjs';

const customers = Number(process.env.KEHU_BENCH_CUSTOMERS ?? 100_000);
const lines = Number(process.env.KEHU_BENCH_LINES ?? 1_000_000);
const server = await serve();
const browser = await launch();
const { context, page, errors } = await openApp(browser, server.base);
const go = async (hash) => { await page.goto(server.base + hash); await ready(page); };

const t0 = Date.now();
await go('#/data');
await fill(page, 'demo_customers', String(customers));
await fill(page, 'demo_lines', String(lines));
await fill(page, 'demo_end', '2026-11-25');
await page.getByTestId('load-demo').click();
await page.getByText(/已加载演示数据/).waitFor({ timeout: 600_000 });
await go('#/settings');
await fill(page, 'as_of', '2026-11-25');
await page.getByTestId('apply-settings').click();
console.error(`demo loaded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

// The example, built in the form: class A, P(alive) < x, region = 华东.
await go('#/segments?edit=new');
await page.getByTestId('segment-editor').waitFor();
await page.waitForFunction(() => /\d/.test(document.querySelector('[data-filter="abc-1"] [data-testid=segment-count]')?.textContent ?? ''), null, { timeout: 600_000 });
console.error(`scored in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
for (let k = 0; k < 3; k++) await page.getByTestId('add-condition').click();
await page.getByTestId('condition').nth(1).getByTestId('condition-field').selectOption('p_alive');
await page.getByTestId('condition').nth(2).getByTestId('condition-field').selectOption('region');
await page.getByTestId('condition').nth(2).getByTestId('condition-value').fill('华东');
await page.getByTestId('condition').nth(1).getByTestId('condition-value').fill('0.5');
await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid=live-count]')?.textContent ?? ''));

const values = ['0.4', '0.5', '0.3', '0.6', '0.2', '0.7', '0.35', '0.55', '0.25', '0.65', '0.45', '0.5'];
const rounds = [];
for (const v of values) {
  rounds.push(await page.evaluate(async (value) => {
    const input = document.querySelectorAll('[data-testid=condition]')[1].querySelector('[data-testid=condition-value]');
    const out = document.querySelector('[data-testid=live-count]');
    const before = out.textContent;
    const changed = new Promise((resolve) => {
      const obs = new MutationObserver(() => { if (out.textContent !== before) { obs.disconnect(); resolve(performance.now()); } });
      obs.observe(out, { childList: true, subtree: true, characterData: true });
      setTimeout(() => { obs.disconnect(); resolve(null); }, 5000);
    });
    const start = performance.now();
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    const shown = await changed;
    await new Promise((r) => requestAnimationFrame(() => r()));
    const painted = performance.now();
    const m = performance.getEntriesByName('kehu-segment-count');
    return { app: m[m.length - 1]?.duration ?? null, shown: shown && shown - start, painted: painted - start, text: out.textContent };
  }, v));
}
const med = (xs) => { const s = xs.filter((x) => x != null).sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const max = (xs) => Math.max(...xs.filter((x) => x != null));
const changedRounds = rounds.filter((r) => r.shown != null);
if (!changedRounds.length) { console.error('the live count never changed:', JSON.stringify(rounds)); process.exit(1); }
console.log(`BENCH segment-live-count customers=${customers} lines=${lines} edits=${rounds.length} counted=${changedRounds.length} `
  + `app_median_ms=${med(rounds.map((r) => r.app)).toFixed(1)} app_max_ms=${max(rounds.map((r) => r.app)).toFixed(1)} `
  + `shown_median_ms=${med(changedRounds.map((r) => r.shown)).toFixed(1)} shown_max_ms=${max(changedRounds.map((r) => r.shown)).toFixed(1)} `
  + `painted_median_ms=${med(rounds.map((r) => r.painted)).toFixed(1)} painted_max_ms=${max(rounds.map((r) => r.painted)).toFixed(1)} `
  + `last="${rounds[rounds.length - 1].text}"`);
if (errors.length) console.error('page errors:', errors);
await context.close();
await browser.close();
await server.close();
