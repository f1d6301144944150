// End-to-end: the analysis workspace — dashboard scored by the worker, RFM cell to customer
// list, settings change re-scores, views bookmarkable from a sub-folder.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openApp, ready, fill, scrollsSideways, overflowing, shot, DESKTOP, TABLET } from './harness.mjs';

let server;
let browser;
before(async () => {
  // Served from a sub-folder, as on a shared web server.
  server = await serve(undefined, '/kehu/');
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function loadDemo(page, customers, lines) {
  await page.goto(server.base + '#/data');
  await ready(page);
  await fill(page, 'demo_customers', String(customers));
  await fill(page, 'demo_lines', String(lines));
  await fill(page, 'demo_end', '2026-11-25');
  await page.getByTestId('load-demo').click();
  await page.getByText(/已加载演示数据/).waitFor({ timeout: 120_000 });
}

const num = (t) => Number(String(t).replace(/[^\d.]/g, ''));

test('dashboard, RFM cell to its customers, settings re-score, bookmarked view from a sub-folder', async () => {
  const { context, page, errors } = await openApp(browser, server.base);
  await loadDemo(page, 1200, 24000);
  await page.goto(server.base + '#/settings');
  await ready(page);
  await fill(page, 'as_of', '2026-11-25');
  await page.getByTestId('apply-settings').click();

  await page.goto(server.base + '#/dashboard');
  await page.getByTestId('kpis').waitFor({ timeout: 60_000 });
  const customers = await page.getByTestId('kpi-customers').textContent();
  assert.match(customers, /\/ 1,200$/);
  assert.match(await page.getByTestId('kpi-top20').textContent(), /%$/);
  assert.match(await page.getByTestId('kpi-clv').textContent(), /¥/);
  const cells = await page.getByTestId('rfm-cell').allTextContents();
  assert.equal(cells.length, 25);

  // The busiest cell lists exactly its customers.
  const counts = cells.map(num);
  const best = counts.indexOf(Math.max(...counts));
  const cell = page.getByTestId('rfm-cell').nth(best);
  const rf = await cell.getAttribute('data-rf');
  await cell.click();
  await page.getByTestId('score-filter').waitFor();
  assert.match(page.url(), new RegExp(`score=rf-${rf}`));
  await page.waitForFunction((n) => document.querySelector('[data-testid=match-count]')?.textContent.includes(`匹配 ${n.toLocaleString('en')} 位`), counts[best]);

  // A settings change re-scores: class A shrinks when its threshold drops.
  await page.goto(server.base + '#/dashboard');
  await page.getByTestId('kpis').waitFor();
  const aBefore = num((await page.locator('.kpi').nth(2).locator('.kpi-value a').first().textContent()));
  await page.goto(server.base + '#/settings');
  await fill(page, 'abc_a', '50');
  await page.getByTestId('apply-settings').click();
  await page.goto(server.base + '#/dashboard');
  await page.waitForFunction((before) => {
    const a = document.querySelectorAll('.kpi')[2]?.querySelector('.kpi-value a');
    return a && Number(a.textContent.replace(/\D/g, '')) < before;
  }, aBefore, { timeout: 30_000 });

  // The bookmarked, filtered view reloads from the sub-folder.
  const bookmark = `${server.base}#/customers?score=rf-${rf}`;
  await page.goto(bookmark);
  await page.reload();
  await ready(page);
  await page.getByTestId('score-filter').waitFor({ timeout: 60_000 });
  assert.ok(page.url().startsWith(server.base), 'still under the sub-folder');

  for (const size of [DESKTOP, TABLET]) {
    await page.setViewportSize(size);
    for (const lang of ['zh', 'en']) {
      await page.getByTestId('lang').selectOption(lang);
      for (const [name, hash] of [['dashboard', '#/dashboard'], ['settings', '#/settings']]) {
        await page.goto(server.base + hash);
        await ready(page);
        if (name === 'dashboard') await page.getByTestId('kpis').waitFor({ timeout: 60_000 });
        const tag = `${name}-${lang}-${size.width}x${size.height}`;
        await shot(page, tag);
        assert.equal(await scrollsSideways(page), false, `${tag} scrolls sideways: ${await overflowing(page)}`);
      }
    }
  }
  assert.deepEqual(errors, []);
  await context.close();
});
