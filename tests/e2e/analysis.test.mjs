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
  // The map colours the provinces by sales, or by customers at a tap: every mapped customer counts once.
  const map = page.getByTestId('province-map');
  assert.match(await map.locator('[data-i]').first().getAttribute('aria-label'), /¥|—/);
  await map.getByRole('button', { name: '客户数', exact: true }).click();
  await map.getByRole('heading', { name: '各省客户数' }).waitFor();
  const provinceLabels = await map.locator('[data-i]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
  const mapped = provinceLabels.map((l) => l.split(': ')[1]).filter((v) => /^[\d,]+$/.test(v)).map(num);
  assert.ok(mapped.length > 5, `provinces with customers: ${provinceLabels}`);
  const onMap = mapped.reduce((a, b) => a + b, 0);
  assert.equal(onMap, 1200, 'every demo address names its province');
  await map.getByRole('button', { name: '销售额', exact: true }).click();
  await map.getByRole('heading', { name: '各省销售额' }).waitFor();

  // The RFM grid's 25 cells: each names its R, F and count ("R 分 5 · F 分 4; 客户数: 12").
  const cells = page.locator('[data-testid=rfm-grid] [data-i]');
  assert.equal(await cells.count(), 25);
  const labels = await cells.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
  const parsed = labels.map((l) => {
    const m = l.match(/(\d) · [^\d]*(\d);[^\d]*([\d,]+)/);
    return { rf: m[1] + m[2], n: Number(m[3].replace(/,/g, '')) };
  });
  const counts = parsed.map((p) => p.n);
  const best = counts.indexOf(Math.max(...counts));
  const rf = parsed[best].rf;
  await cells.nth(best).click();
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

  // Analyses: the ABC table ranks every customer; class A only; CSV export; the product mix.
  await page.goto(server.base + '#/analyses?tab=abc');
  await page.getByTestId('analysis-row').first().waitFor({ timeout: 60_000 });
  assert.equal(await page.getByTestId('analysis-count').textContent(), '1,200 行');
  assert.match(await page.getByTestId('top20').textContent(), /%$/);
  await page.locator('.filters select').first().selectOption('1');
  await page.waitForFunction(() => !/^1,200 /.test(document.querySelector('[data-testid=analysis-count]').textContent));
  assert.match(page.url(), /class=1/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  const bytes = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks));
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM for Excel');
  const csv = bytes.subarray(3).toString('utf8').trim().split(/\r?\n/);
  assert.equal(csv[0], '排名,名称,类型,本期销售额,占比,累计占比,ABC 类');
  const aRows = num(await page.getByTestId('analysis-count').textContent());
  assert.equal(csv.length - 1, aRows);
  assert.ok(csv.slice(1).every((line) => line.endsWith(',A')));
  await page.getByTestId('tab-rfm').click();
  await page.getByTestId('sort-clv').waitFor();
  await page.getByTestId('tab-products').click();
  await page.getByTestId('product-mix-row').first().waitFor();

  // A customer's scores explain themselves, with the sales history and the lifecycle strip.
  await page.goto(server.base + '#/analyses?tab=abc');
  await page.getByTestId('analysis-row').first().click();
  await page.getByTestId('why').first().waitFor({ timeout: 60_000 });
  const why = (await page.getByTestId('why').allInnerTexts()).join('\n');
  assert.match(why, /RFM 细分：/);
  assert.match(why, /R \d（/);
  assert.match(why, /ABC：A 类/, 'the top customer is class A');
  assert.match(why, /存活概率/);
  await page.locator('[data-testid=sales-history] svg').waitFor();
  await page.locator('[data-testid=stage-strip] svg').waitFor();
  const customerHash = new URL(page.url()).hash;

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
      for (const [name, hash] of [['dashboard', '#/dashboard'], ['settings', '#/settings'], ['abc', '#/analyses?tab=abc'], ['rfm', '#/analyses?tab=rfm'], ['products', '#/analyses?tab=products'], ['customer-scores', customerHash]]) {
        await page.goto(server.base + hash);
        await ready(page);
        if (name === 'dashboard') await page.getByTestId('kpis').waitFor({ timeout: 60_000 });
        if (name === 'abc' || name === 'rfm') await page.getByTestId('analysis-row').first().waitFor({ timeout: 60_000 });
        if (name === 'customer-scores') await page.getByTestId('why').first().waitFor({ timeout: 60_000 });
        const tag = `${name}-${lang}-${size.width}x${size.height}`;
        await shot(page, tag);
        assert.equal(await scrollsSideways(page), false, `${tag} scrolls sideways: ${await overflowing(page)}`);
      }
    }
  }
  assert.deepEqual(errors, []);
  await context.close();
});
