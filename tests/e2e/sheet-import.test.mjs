// End-to-end: spreadsheet (CSV) import and export as a user drives them — customers from a GBK
// file, products from UTF-8 with BOM, sales lines from UTF-8; the guessed column matching, a row
// fixed in place and rows skipped, the import, a reload, and the customer list exported as CSV
// (BOM, formula cell escaped). Screenshots of the matching step at desktop and tablet size.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, openApp, ready, scrollsSideways, overflowing, root, artifacts, DESKTOP, TABLET } from './harness.mjs';

const axeSource = fs.readFileSync(path.join(root, 'tools/node_modules/axe-core/axe.min.js'), 'utf8');

/** axe-core's violations on the page as it is (the matching step shown). */
async function audit(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
}

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

const fixture = (name) => path.join(root, 'tests/fixtures/csv', name);

async function go(page, hash) {
  await page.goto(server.base + hash);
  await ready(page);
}

async function summary(page) {
  return (await page.getByTestId('csv-summary').textContent()).trim();
}

async function waitSummary(page, text) {
  await page.getByTestId('csv-summary').filter({ hasText: text }).waitFor();
}

/** The field chosen for each column of the matching step. */
async function mapping(page) {
  return page.locator('[data-testid=csv-map] select').evaluateAll((s) => s.map((e) => e.value));
}

async function pick(page, target, file) {
  await page.getByTestId(`csv-target-${target}`).click();
  await page.getByTestId('csv-file').setInputFiles(fixture(file));
  await page.getByTestId('csv-mapping-step').waitFor();
}

async function download(page, testid) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  return { name: d.suggestedFilename(), bytes: fs.readFileSync(await d.path()) };
}

/** Controls smaller than a finger (44 px) inside `selector`, visible ones only. */
async function smallTargets(page, selector) {
  return page.locator(selector).evaluate((root) => [...root.querySelectorAll('button, select, input, a.button')]
    .filter((e) => !e.closest('.visually-hidden') && !e.classList.contains('visually-hidden') && e.getClientRects().length)
    .map((e) => ({ e: `${e.tagName.toLowerCase()}[${e.dataset.testid || e.id || e.textContent.trim().slice(0, 12)}]`, h: e.getBoundingClientRect().height }))
    .filter((x) => x.h < 44));
}

async function screenshots(page, lang) {
  await page.getByTestId('lang').selectOption(lang);
  for (const [size, viewport] of [['desktop', DESKTOP], ['tablet', TABLET]]) {
    await page.setViewportSize(viewport);
    await page.getByTestId('csv-map').scrollIntoViewIfNeeded();
    assert.equal(await scrollsSideways(page), false, `${lang} ${size}: ${JSON.stringify(await overflowing(page))}`);
    if (size === 'tablet') {
      assert.deepEqual(await smallTargets(page, 'section.page'), [], `${lang} tablet: touch targets under 44 px`);
    }
    await page.screenshot({ path: path.join(artifacts, `sheet-import-mapping-${lang}-${size}.png`), fullPage: true });
  }
  await page.setViewportSize(DESKTOP);
}

test('import customers (GBK), products (BOM) and sales (UTF-8) from CSV, fix and skip rows, reload, export', async () => {
  const { context, page, errors } = await openApp(browser, server.base + '#/data', DESKTOP, { acceptDownloads: true });
  await page.getByTestId('open-import').click();
  await page.getByTestId('csv-file').waitFor({ state: 'attached' });
  assert.match(page.url(), /#\/import$/);

  // Customers from a GBK file: the encoding is found, the columns are guessed.
  await pick(page, 'customers', 'customers-gbk.csv');
  const info = await page.getByTestId('csv-file-info').textContent();
  assert.match(info, /customers-gbk\.csv：4 行数据，9 列，编码 GBK \/ GB18030/);
  assert.deepEqual(await mapping(page),
    ['name', 'customer_type', 'phone', 'address', 'region', 'tax_number', 'since', 'notes', 'tags']);
  assert.match(await page.getByTestId('csv-preview').textContent(), /杭州宏达建材有限公司/);
  await screenshots(page, 'zh');
  await screenshots(page, 'en');
  assert.deepEqual(await audit(page), [], 'the matching step passes axe');
  await page.getByTestId('lang').selectOption('zh');

  // Unmapping the name lists it as missing, and checking waits for it.
  await page.getByTestId('csv-map-0').selectOption('');
  assert.match(await page.getByTestId('csv-missing').textContent(), /客户名称/);
  assert.equal(await page.getByTestId('csv-check').isDisabled(), true);
  await page.getByTestId('csv-map-0').selectOption('name');
  assert.equal(await page.getByTestId('csv-missing').count(), 0);

  await page.getByTestId('csv-check').click();
  await waitSummary(page, '2 行可以导入，2 行有问题');
  // The failed rows at tablet size: fixable, tappable, nothing sideways.
  await page.setViewportSize(TABLET);
  await page.getByTestId('csv-review-step').scrollIntoViewIfNeeded();
  assert.equal(await scrollsSideways(page), false, JSON.stringify(await overflowing(page)));
  assert.deepEqual(await smallTargets(page, '[data-testid=csv-review-step]'), []);
  await page.screenshot({ path: path.join(artifacts, 'sheet-import-review-zh-tablet.png'), fullPage: true });
  await page.setViewportSize(DESKTOP);
  const line4 = page.locator('[data-testid=csv-failed-row][data-line="4"]');
  const line5 = page.locator('[data-testid=csv-failed-row][data-line="5"]');
  assert.match(await line4.textContent(), /第 4 行.*客户名称：此项必填/);
  const five = await line5.textContent();
  for (const reason of ['客户类型：未知的客户类型', '联系电话（电话）：电话号码格式不对', '税号：税号应为',
    '合作起始（开始交易日期）：日期不能晚于今天']) {
    assert.ok(five.includes(reason), `line 5 names ${reason}: ${five}`);
  }
  assert.deepEqual(await line5.getByTestId('csv-fix').evaluateAll((i) => i.map((x) => x.value)),
    ['外星人', '2099-01-01', '12', 'BADTAX'], 'each failed cell is offered for fixing');
  // Line 4 is fixed in place (a name that a spreadsheet would run as a formula), line 5 skipped.
  await line4.getByTestId('csv-fix').fill('=HYPERLINK("http://x.example","无名建材")');
  await page.getByTestId('csv-stale').waitFor();
  assert.equal(await page.getByTestId('csv-import').isDisabled(), true, 'no import of unchecked rows');
  await page.getByTestId('csv-check-again').click();
  await waitSummary(page, '3 行可以导入，1 行有问题');
  await line5.getByTestId('csv-skip-row').click();
  await waitSummary(page, '3 行可以导入，0 行有问题。已跳过 1 行。');
  await page.getByTestId('csv-import').click();
  await page.getByTestId('csv-done').filter({ hasText: '已导入 3 行客户资料' }).waitFor();

  // Products, first dropped on the page and discarded (nothing written), then picked for real.
  await page.getByTestId('csv-target-products').click();
  const bytes = [...fs.readFileSync(fixture('products-utf8-bom.csv'))];
  const dt = await page.evaluateHandle((b) => {
    const d = new DataTransfer();
    d.items.add(new File([new Uint8Array(b)], 'dropped.csv', { type: 'text/csv' }));
    return d;
  }, bytes);
  await page.dispatchEvent('[data-testid=csv-drop]', 'drop', { dataTransfer: dt });
  await page.getByTestId('csv-file-info').filter({ hasText: 'dropped.csv：3 行数据，6 列，编码 UTF-8' }).waitFor();
  await page.getByTestId('csv-check').click();
  await waitSummary(page, '2 行可以导入，1 行有问题');
  await page.getByTestId('csv-discard-review').click();
  assert.equal(await page.getByTestId('csv-mapping-step').count(), 0);

  await pick(page, 'products', 'products-utf8-bom.csv');
  assert.deepEqual(await mapping(page), ['name', 'spec', 'unit', 'category', 'list_price', 'unit_cost']);
  await page.getByTestId('csv-check').click();
  await waitSummary(page, '2 行可以导入，1 行有问题');
  assert.match(await page.locator('[data-testid=csv-failed-row][data-line="4"]').textContent(), /单价（标价）：不能为负数.*成本价（单位成本）：不是有效的数字/);
  await page.getByTestId('csv-skip-all').click();
  await waitSummary(page, '2 行可以导入，0 行有问题。已跳过 1 行。');
  await page.getByTestId('csv-import').click();
  await page.getByTestId('csv-done').filter({ hasText: '已导入 2 行产品目录' }).waitFor();

  // Sales lines: the note column set to "ignore" is remembered for the next file with the same headers.
  await pick(page, 'sales_lines', 'sales-utf8.csv');
  assert.deepEqual(await mapping(page), ['date', 'customer', 'product', 'spec', 'quantity', 'amount', 'unit_price', 'note']);
  await page.getByTestId('csv-map-7').selectOption('');
  await page.getByTestId('csv-check').click();
  await waitSummary(page, '2 行可以导入，3 行有问题');
  await page.getByTestId('csv-discard-review').click();
  await pick(page, 'sales_lines', 'sales-utf8.csv');
  await page.getByTestId('csv-reapplied').waitFor();
  assert.deepEqual(await mapping(page), ['date', 'customer', 'product', 'spec', 'quantity', 'amount', 'unit_price', '']);
  await page.getByTestId('csv-map-7').selectOption('note');
  await page.getByTestId('csv-check').click();
  await waitSummary(page, '2 行可以导入，3 行有问题');
  const bad = page.locator('[data-testid=csv-failed-row][data-line="5"]');
  assert.match(await bad.textContent(), /qty（数量）：不是有效的数字/);
  await bad.getByTestId('csv-fix').fill('2');
  await page.getByTestId('csv-check-again').click();
  await waitSummary(page, '3 行可以导入，2 行有问题');
  assert.match(await page.locator('[data-testid=csv-failed-row][data-line="4"]').textContent(), /customer（客户（名称、电话或编号））：找不到/);
  await page.getByTestId('csv-skip-all').click();
  await waitSummary(page, '3 行可以导入，0 行有问题。已跳过 2 行。');
  await page.getByTestId('csv-import').click();
  await page.getByTestId('csv-done').filter({ hasText: '已导入 3 行销售明细' }).waitFor();

  // All sales lines export from the import page.
  const sales = await download(page, 'export-sales');
  assert.match(sales.name, /^kehu-sales-lines-\d{4}-\d{2}-\d{2}\.csv$/);
  assert.equal(sales.bytes.subarray(0, 3).toString('hex'), 'efbbbf');
  assert.equal(sales.bytes.toString('utf8').trim().split('\r\n').length, 4, 'header and 3 lines');

  // After a reload: the customers, their sales line, the products.
  await page.reload();
  await ready(page);
  await go(page, '#/customers');
  assert.equal((await page.getByTestId('match-count').textContent()).trim(), '共 3 位客户，匹配 3 位');
  await page.getByTestId('customer-row').filter({ hasText: '杭州宏达建材有限公司' }).click();
  await page.getByTestId('customer-title').filter({ hasText: '杭州宏达建材有限公司' }).waitFor();
  await page.getByTestId('sale-line').first().waitFor();
  assert.equal(await page.getByTestId('sale-line').count(), 1);
  assert.match(await page.getByTestId('sale-line').first().textContent(), /水泥.*¥12,345\.60/);

  // The customer list exports what its filters match: CSV with BOM, the formula cell escaped.
  await go(page, '#/customers?q=hzhd');
  await page.getByTestId('match-count').filter({ hasText: '共 3 位客户，匹配 1 位' }).waitFor();
  const one = await download(page, 'export-customers');
  assert.match(one.name, /^kehu-customers-\d{4}-\d{2}-\d{2}\.csv$/);
  const oneText = one.bytes.toString('utf8');
  assert.equal(oneText.trim().split('\r\n').length, 2, oneText);
  assert.match(oneText, /杭州宏达建材有限公司,dealer,0571-8888 1234/);
  await go(page, '#/customers');
  await page.getByTestId('match-count').filter({ hasText: '共 3 位客户，匹配 3 位' }).waitFor();
  const all = await download(page, 'export-customers');
  assert.equal(all.bytes.subarray(0, 3).toString('hex'), 'efbbbf', 'UTF-8 with BOM for Excel');
  const allText = all.bytes.toString('utf8');
  assert.ok(allText.includes('"\'=HYPERLINK(""http://x.example"",""无名建材"")"'), allText);
  assert.ok(allText.endsWith('\r\n'));

  await go(page, '#/products');
  assert.equal(await page.getByTestId('product-row').count(), 2, 'the discarded file wrote nothing');
  const products = await download(page, 'export-products');
  assert.match(products.bytes.toString('utf8'), /水泥,P\.O 42\.5,吨,胶凝材料,1234\.5/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a file in no known encoding is refused with the reason, and another encoding can be forced', async () => {
  const { context, page, errors } = await openApp(browser, server.base + '#/import');
  // GBK bytes read as UTF-8 by force: refused, not shown as garbage; back to GB18030 it reads.
  await pick(page, 'customers', 'customers-gbk.csv');
  await page.getByTestId('csv-encoding').selectOption('utf-8');
  await page.getByTestId('csv-problem').filter({ hasText: '无法识别文件的文字编码' }).waitFor();
  await page.getByTestId('csv-encoding').selectOption('gb18030');
  await page.getByTestId('csv-file-info').filter({ hasText: 'GBK / GB18030' }).waitFor();
  assert.equal(await page.getByTestId('csv-problem').count(), 0);
  await page.getByTestId('csv-file').setInputFiles({ name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.alloc(0) });
  await page.getByTestId('csv-problem').filter({ hasText: '文件是空的' }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});
