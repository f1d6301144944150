// End-to-end: segments (客户细分) — built-in counts, a segment built with the form and counted
// live while editing, saved, used as the customer list's filter, still there after a reload,
// exported as CSV; English and tablet layouts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { serve, launch, openApp, ready, fill, scrollsSideways, overflowing, shot, DESKTOP, TABLET } from './harness.mjs';

let server;
let browser;
before(async () => {
  server = await serve();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function go(page, hash) {
  await page.goto(server.base + hash);
  await ready(page);
}

async function loadDemo(page, customers, lines) {
  await go(page, '#/data');
  await fill(page, 'demo_customers', String(customers));
  await fill(page, 'demo_lines', String(lines));
  await fill(page, 'demo_end', '2026-11-25');
  await page.getByTestId('load-demo').click();
  await page.getByText(/已加载演示数据/).waitFor({ timeout: 120_000 });
  await go(page, '#/settings');
  await fill(page, 'as_of', '2026-11-25');
  await page.getByTestId('apply-settings').click();
}

const num = (t) => Number(String(t).replace(/[^\d]/g, ''));

/** The live count once it shows a number (it says "waiting" until the scores arrive). */
async function liveCount(page) {
  await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid=live-count]')?.textContent ?? ''));
  return num(await page.getByTestId('live-count').textContent());
}

/** Waits until the live count differs from `before`, and returns it. */
async function countChanged(page, before) {
  await page.waitForFunction((b) => {
    const t = document.querySelector('[data-testid=live-count]')?.textContent ?? '';
    return /\d/.test(t) && Number(t.replace(/[^\d]/g, '')) !== b;
  }, before);
  return liveCount(page);
}

test('build a segment with the form, count it live, save it, filter the list with it, reload, export', async () => {
  const { context, page, errors } = await openApp(browser, server.base);
  await loadDemo(page, 1200, 24000);

  // Built-in segments count from the analysis.
  await go(page, '#/segments');
  const classA = page.locator('[data-testid=builtin-segment][data-filter="abc-1"] [data-testid=segment-count]');
  await page.waitForFunction(() => /\d/.test(document.querySelector('[data-filter="abc-1"] [data-testid=segment-count]')?.textContent ?? ''), null, { timeout: 60_000 });
  const aCount = num(await classA.textContent());
  assert.ok(aCount > 0 && aCount < 1200, `class A: ${aCount}`);
  const all = await page.locator('[data-testid=builtin-segment][data-filter^="abc-"] [data-testid=segment-count]').allTextContents();
  assert.equal(all.map(num).reduce((a, b) => a + b, 0), 1200, 'every customer is in one class');

  // A new segment: "class A and P(alive) < 0.99", counted live as it is built. (The demo firm's
  // class A customers all bought this year, so none is below the 0.5; 0.99 splits them.)
  await page.getByTestId('new-segment').click();
  await page.getByTestId('segment-editor').waitFor();
  assert.match(page.url(), /#\/segments\?edit=new$/);
  await page.locator('#f-segment_name').fill('A 类待挽回');
  const everyone = await liveCount(page);
  assert.equal(everyone, 1200, 'no condition yet: everyone');
  await page.getByTestId('add-condition').click();
  const onlyA = await countChanged(page, everyone);
  assert.equal(onlyA, aCount, 'the first condition (class = A) counts like the built-in');

  await page.getByTestId('add-condition').click();
  const row = page.getByTestId('condition').nth(1);
  await row.getByTestId('condition-field').selectOption('p_alive');
  await page.getByTestId('condition').nth(1).getByTestId('condition-op').selectOption('lt');
  // Out of range: the problem shows next to the value at once, and the row is not counted.
  await page.getByTestId('condition').nth(1).getByTestId('condition-value').fill('2');
  await page.getByText('应在 0 到 1 之间').waitFor();
  await page.getByTestId('condition').nth(1).getByTestId('condition-value').fill('0.99');
  const segment = await countChanged(page, onlyA);
  assert.ok(segment > 0 && segment < onlyA, `class A and P(alive) < 0.99: ${segment} of ${onlyA}`);
  const measured = await page.evaluate(() => performance.getEntriesByName('kehu-segment-count').map((e) => e.duration));
  assert.ok(measured.length > 0, 'each edit is measured');

  await page.getByTestId('save-segment').click();
  await page.waitForURL(/#\/segments\?edit=[0-9a-f-]{36}$/);
  const id = page.url().split('edit=')[1];
  await page.getByTestId('saved-segment').filter({ hasText: 'A 类待挽回' }).waitFor();
  assert.equal(num(await page.getByTestId('saved-segment').filter({ hasText: 'A 类待挽回' }).getByTestId('segment-count').textContent()), segment);

  // As the customer list's filter.
  await page.getByTestId('show-in-list').click();
  await page.waitForURL(new RegExp(`score=saved-${id}$`));
  await page.getByTestId('score-filter').filter({ hasText: 'A 类待挽回' }).waitFor({ timeout: 60_000 });
  const listCount = `匹配 ${segment.toLocaleString('en')} 位`;
  await page.waitForFunction((t) => document.querySelector('[data-testid=match-count]')?.textContent.includes(t), listCount);

  // Still there after a reload: the filtered list, and the segment with its rules.
  await page.reload();
  await ready(page);
  await page.waitForFunction((t) => document.querySelector('[data-testid=match-count]')?.textContent.includes(t), listCount, { timeout: 60_000 });
  await go(page, `#/segments?edit=${id}`);
  await page.getByTestId('segment-editor').waitFor();
  assert.equal(await page.locator('#f-segment_name').inputValue(), 'A 类待挽回');
  assert.equal(await page.getByTestId('condition').count(), 2);
  assert.equal(await page.getByTestId('condition').nth(1).getByTestId('condition-value').inputValue(), '0.99');
  assert.equal(await liveCount(page), segment);

  // Exported as CSV: UTF-8 with BOM, the header in Chinese, one line per customer.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-segment').click()]);
  assert.match(download.suggestedFilename(), /^A 类待挽回-\d{4}-\d{2}-\d{2}\.csv$/);
  const bytes = fs.readFileSync(await download.path());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'BOM');
  const lines = bytes.toString('utf8').slice(1).split('\r\n').filter((l) => l !== '');
  assert.equal(lines[0], '名称,客户类型,市场区域,负责人,电话,本期净销售额（元）,ABC 类,细分,生命周期,存活概率,终身价值（元）');
  assert.equal(lines.length, segment + 1);
  assert.ok(lines.slice(1).every((l) => l.includes(',A,')), 'every exported customer is class A');

  // A name already used is refused next to the name field.
  await go(page, '#/segments?edit=new');
  await page.locator('#f-segment_name').fill('A 类待挽回');
  await page.getByTestId('add-condition').click();
  await page.getByTestId('save-segment').click();
  await page.getByText('已有同名的细分').waitFor();

  // Screens: desktop and tablet, both languages, nothing wider than the window.
  for (const size of [DESKTOP, TABLET]) {
    await page.setViewportSize(size);
    for (const lang of ['zh', 'en']) {
      await page.getByTestId('lang').selectOption(lang);
      await go(page, `#/segments?edit=${id}`);
      await page.getByTestId('segment-editor').waitFor();
      await liveCount(page);
      const tag = `segments-${lang}-${size.width}x${size.height}`;
      await shot(page, tag);
      assert.equal(await scrollsSideways(page), false, `${tag} scrolls sideways: ${await overflowing(page)}`);
      if (lang === 'en') {
        assert.match(await page.getByTestId('live-count').textContent(), /^Matching customers: \d/);
      }
    }
  }
  await page.getByTestId('lang').selectOption('zh');

  // Deleted after a confirmation; the list's filter then selects no one.
  await go(page, `#/segments?edit=${id}`);
  await page.getByTestId('delete-segment').click();
  await page.getByTestId('confirm').click();
  await page.waitForURL(/#\/segments$/);
  await page.getByText('还没有自定义细分。').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});
