// End-to-end: the receivables page, the staff and department appraisal and a major incident
// reported from the warning centre (issue 7, DOMAIN.md §6, §7, seed 002). Receivables: without
// total assets the line says so; on a small demo firm the total equals the table's owed column
// and the ageing buckets add up to it, the line is 20% of the assets, sorting, search and CSV.
// Appraisal: rows per owner and department with scores 0–100, the period in the URL changes the
// figures. Incident: bad input refused next to its field, nothing written; then the warning
// shows in the centre and survives a reload. Both languages, desktop and tablet screenshots,
// no sideways scroll.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openApp, ready, loadDemo, fill, scrollsSideways, overflowing, shot, DESKTOP, TABLET } from './harness.mjs';

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

const cjk = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;

/** "¥1,234.50" (or "-¥…") as integer fen. */
function fen(text) {
  const t = text.trim();
  const m = t.match(/^(-?)¥([\d,]+)\.(\d\d)$/);
  assert.ok(m, `not an amount: ${JSON.stringify(t)}`);
  return (m[1] ? -1 : 1) * (Number(m[2].replace(/,/g, '')) * 100 + Number(m[3]));
}

/** The main part's text without the data in it (elements matched by `dataSelector`). */
async function labelsOf(page, dataSelector) {
  return page.evaluate((sel) => {
    const main = document.querySelector('main').cloneNode(true);
    for (const e of main.querySelectorAll(sel)) e.remove();
    return main.innerText;
  }, dataSelector);
}

function assertNoChinese(text, where) {
  assert.doesNotMatch(text, cjk, `Chinese left on ${where}: ${text.match(new RegExp(`.{0,30}${cjk.source}.{0,30}`))?.[0]}`);
}

async function csvOf(page, button) {
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const bytes = await (await download.createReadStream()).toArray().then((c) => Buffer.concat(c));
  return bytes.subarray(3).toString('utf8').trim().split(/\r?\n/).map((l) => l.split(','));
}

async function noSidewaysScroll(page, tag) {
  assert.equal(await scrollsSideways(page), false, `${tag} scrolls sideways: ${await overflowing(page)}`);
}

test('receivables: no line without total assets; on a demo firm the table, the ageing and the line agree', async () => {
  const { context, page, errors } = await openApp(browser, server.base);
  // An empty firm has not entered its total assets: the line says so and links to the settings.
  await go(page, '#/receivables');
  const line = page.getByTestId('rv-line');
  await line.waitFor();
  assert.equal((await line.getByTestId('rv-assets').textContent()).trim(), '总资产未填写');
  assert.equal(await line.getByTestId('rv-enter-assets').getAttribute('href'), '#/risk-settings');
  assert.equal((await line.getByTestId('rv-line-value').textContent()).trim(), '—');
  assert.match(await line.getByTestId('rv-standing').textContent(), /填写总资产后才有赊销警戒线/);
  assert.equal(await line.getByTestId('rv-gauge').count(), 0);
  await page.getByTestId('receivables-empty').filter({ hasText: '没有客户欠款' }).waitFor();
  await page.getByTestId('lang').selectOption('en');
  await line.getByTestId('rv-assets').filter({ hasText: 'Total assets not entered' }).waitFor();
  assert.match(await line.getByTestId('rv-standing').textContent(), /No receivables line until the total assets are entered/);
  await page.getByTestId('lang').selectOption('zh');

  // A small demo firm (it enters its total assets).
  await loadDemo(page, server.base, 60, 3000);
  await go(page, '#/warnings');
  await page.locator('.risk-tabs a[href="#/receivables"]').click();
  await page.waitForURL(/#\/receivables$/);
  const rows = page.getByTestId('receivable-row');
  await rows.first().waitFor({ timeout: 120_000 });
  const n = await rows.count();
  assert.ok(n > 0 && n <= 60, `${n} customers owe`);
  const total = fen(await page.getByTestId('rv-total').textContent());
  const owed = (await page.getByTestId('receivable-owed').allTextContents()).map(fen);
  assert.equal(owed.reduce((a, b) => a + b, 0), total, 'the total is the table\'s owed column');
  const buckets = await Promise.all([0, 1, 2, 3].map(async (i) => fen(await page.getByTestId(`rv-age-${i}`).textContent())));
  assert.equal(buckets.reduce((a, b) => a + b, 0), total, `the ageing buckets ${buckets} add up to the total`);
  assert.equal(fen(await page.getByTestId('rv-age-total').textContent()), total);
  // Each customer's buckets add up to what they owe.
  for (let i = 0; i < n; i++) {
    const row = rows.nth(i);
    const parts = await Promise.all([0, 1, 2, 3].map(async (b) => fen(await row.getByTestId(`receivable-b${b}`).textContent())));
    assert.equal(parts.reduce((a, b) => a + b, 0), owed[i], `row ${i}`);
  }
  // Largest debt first.
  assert.deepEqual(owed, [...owed].sort((a, b) => b - a));
  assert.match((await page.getByTestId('receivables-count').textContent()).trim(), new RegExp(`^欠款客户 ${n} 位，符合条件 ${n} 位，合计欠款 ¥`));

  // The line is 20% of the total assets; over or under it as the numbers say.
  const assets = fen(await line.getByTestId('rv-assets').textContent());
  assert.ok(assets > 0);
  const lineFen = fen(await line.getByTestId('rv-line-value').textContent());
  assert.equal(lineFen, Math.floor(assets * 20 / 100));
  const over = total > lineFen;
  assert.equal(await line.getAttribute('data-over'), String(over));
  assert.match(await line.getByTestId('rv-standing').textContent(), over ? /超过赊销警戒线/ : /低于赊销警戒线/);
  await line.getByTestId('rv-gauge').waitFor();
  assert.match(await line.getByTestId('rv-gauge').getAttribute('aria-label'), /应收账款为赊销警戒线的 \d+\.\d%/);
  await shot(page, 'receivables-1280x800');

  // Sorted by the 90+ bucket, largest first; the header says so.
  await page.getByTestId('sort-over90').click();
  await page.locator('th[aria-sort=descending] [data-testid=sort-over90]').waitFor();
  const old = (await page.locator('[data-testid=receivable-row] [data-testid=receivable-b3]').allTextContents()).map(fen);
  assert.deepEqual(old, [...old].sort((a, b) => b - a));
  await page.getByTestId('sort-over90').click();
  await page.locator('th[aria-sort=ascending] [data-testid=sort-over90]').waitFor();
  const up = (await page.locator('[data-testid=receivable-row] [data-testid=receivable-b3]').allTextContents()).map(fen);
  assert.deepEqual(up, [...up].sort((a, b) => a - b));
  await page.getByTestId('sort-owed').click();

  // The search finds a customer by name; the name opens the customer's page.
  const first = rows.first().getByTestId('receivable-customer');
  const name = (await first.textContent()).trim();
  await page.getByTestId('receivables-search').fill(name);
  await page.getByTestId('receivables-count').filter({ hasText: new RegExp(`欠款客户 ${n} 位，符合条件 [1-9]\\d* 位`) }).waitFor();
  const found = await page.getByTestId('receivable-customer').allTextContents();
  assert.ok(found.length >= 1 && found.length < n && found.every((t) => t.includes(name)), `found ${found}`);
  await page.getByTestId('receivables-search').fill('不存在的客户名称xyz');
  await page.getByTestId('receivables-empty').filter({ hasText: '没有符合条件的欠款客户' }).waitFor();
  await page.getByTestId('receivables-search').fill('');
  await rows.nth(n - 1).waitFor();

  // CSV: one line per customer who owes, plain amounts adding up to the total.
  const csv = await csvOf(page, page.getByTestId('receivables-csv'));
  assert.equal(csv.length, n + 1, csv.slice(0, 3).join('\n'));
  assert.deepEqual(csv[0].slice(0, 3), ['客户', '负责人', '欠款']);
  const csvTotal = csv.slice(1).reduce((a, l) => a + Math.round(Number(l[2]) * 100), 0);
  assert.equal(csvTotal, total);

  await first.click();
  await page.getByTestId('customer-title').filter({ hasText: name }).waitFor();

  // English: the page's labels (names are data).
  await go(page, '#/receivables');
  await page.getByTestId('lang').selectOption('en');
  await page.getByRole('heading', { name: 'Receivables and the receivables line' }).waitFor();
  await page.getByText('Ageing across the firm').waitFor();
  assertNoChinese(await labelsOf(page, '[data-testid=receivable-customer], [data-testid=receivable-owner]'), 'the English receivables page');
  await shot(page, 'receivables-en-1280x800');
  await page.setViewportSize(TABLET);
  await noSidewaysScroll(page, 'receivables');
  await shot(page, 'receivables-en-800x1280');
  await page.getByTestId('lang').selectOption('zh');
  await page.getByRole('heading', { name: '应收账款与赊销警戒线' }).waitFor();
  await noSidewaysScroll(page, 'receivables');
  await shot(page, 'receivables-800x1280');
  assert.deepEqual(errors, []);
  await context.close();
});

/** The sales column of a table, in fen, added up. */
async function salesSum(page, testid) {
  const cells = await page.locator(`[data-testid=${testid}-row] [data-testid=ap-sales]`).allTextContents();
  return cells.map(fen).reduce((a, b) => a + b, 0);
}

test('appraisal: rows per owner and department scored 0–100; the period in the URL changes the figures', async () => {
  const { context, page, errors } = await openApp(browser, server.base);
  await loadDemo(page, server.base, 60, 3000);
  await go(page, '#/appraisal');
  const owners = page.getByTestId('ap-owners-row');
  const depts = page.getByTestId('ap-departments-row');
  await owners.first().waitFor({ timeout: 60_000 });
  // This year to today by default.
  assert.match(await page.locator('#f-from').inputValue(), /^\d{4}-01-01$/);
  assert.match(await page.locator('#f-to').inputValue(), /^\d{4}-\d\d-\d\d$/);
  assert.ok((await owners.count()) >= 2, 'several owners');
  // The demo's owners are its salespeople, all in the sales department: one row of theirs.
  assert.ok((await depts.count()) >= 1, 'the owners\' departments');
  const scores = (await page.locator('[data-testid=ap-owners-row] [data-testid=ap-score], [data-testid=ap-departments-row] [data-testid=ap-score]').allTextContents()).map((t) => t.trim());
  const numbers = scores.filter((t) => t !== '—').map(Number);
  assert.ok(numbers.length >= 2, `scores: ${scores}`);
  assert.ok(numbers.every((x) => x >= 0 && x <= 100), `scores within 0–100: ${scores}`);
  // Sorted by score, the best first (rows without one last).
  const ownerScores = (await page.locator('[data-testid=ap-owners-row] [data-testid=ap-score]').allTextContents()).map((t) => t.trim()).filter((t) => t !== '—').map(Number);
  assert.deepEqual(ownerScores, [...ownerScores].sort((a, b) => b - a));
  // The departments add up their owners.
  const yearSales = await salesSum(page, 'ap-owners');
  assert.ok(yearSales > 0);
  assert.equal(await salesSum(page, 'ap-departments'), yearSales);
  // The weights in use, and where to change them.
  const weights = (await page.getByTestId('ap-weight').allTextContents()).map((t) => t.trim());
  assert.deepEqual(weights, ['营业收入 30%', '成本控制 20%', '利润增长率 20%', '资产收益率 15%', '客户满意度 15%']);
  assert.equal(await page.getByTestId('ap-weights-link').getAttribute('href'), '#/risk-settings');
  await shot(page, 'appraisal-1280x800');

  // A shorter period in the URL: the fields follow and the figures are smaller.
  const year = (await page.locator('#f-from').inputValue()).slice(0, 4);
  await go(page, `#/appraisal?from=${year}-01-01&to=${year}-03-31`);
  await page.waitForFunction((y) => document.querySelector('#f-to').value === `${y}-03-31`, year);
  const quarter = await salesSum(page, 'ap-owners');
  assert.ok(quarter < yearSales, `a quarter's sales ${quarter} below the year's ${yearSales}`);
  assert.equal(await salesSum(page, 'ap-departments'), quarter);

  // Typing a period puts it in the URL; an end before the start is refused next to the field.
  await fill(page, 'from', `${year}-02-01`);
  await page.waitForFunction((y) => location.hash === `#/appraisal?from=${y}-02-01&to=${y}-03-31`, year);
  assert.ok((await salesSum(page, 'ap-owners')) <= quarter);
  await fill(page, 'to', `${year}-01-15`);
  await page.locator('#f-to-error').filter({ hasText: /\S/ }).waitFor();
  assert.match(await page.locator('#f-to-error').textContent(), cjk);
  assert.equal(await page.evaluate(() => location.hash), `#/appraisal?from=${year}-02-01&to=${year}-03-31`, 'the URL keeps the last good period');
  await fill(page, 'to', `${year}-03-31`);
  await page.waitForFunction(() => document.querySelector('#f-to-error').textContent === '');

  // Sorting by sales, the largest first.
  await page.getByTestId('ap-owners-sort-2').click();
  await page.locator('[data-testid=ap-owners] th[aria-sort=descending] [data-testid=ap-owners-sort-2]').waitFor();
  const sales = (await page.locator('[data-testid=ap-owners-row] [data-testid=ap-sales]').allTextContents()).map(fen);
  assert.deepEqual(sales, [...sales].sort((a, b) => b - a));

  // Both tables to CSV, one line per row.
  const ownersCsv = await csvOf(page, page.getByTestId('ap-owners-csv'));
  assert.equal(ownersCsv.length, (await owners.count()) + 1);
  assert.equal(ownersCsv[0][0], '负责人');
  assert.equal(ownersCsv[0].at(-1), '考核得分');
  const deptCsv = await csvOf(page, page.getByTestId('ap-departments-csv'));
  assert.equal(deptCsv.length, (await depts.count()) + 1);
  assert.equal(deptCsv[0][0], '部门');

  // English labels (staff and department names are data).
  await page.getByTestId('lang').selectOption('en');
  await page.getByRole('heading', { name: 'Staff and department appraisal' }).waitFor();
  await page.getByText('By owner (staff)').waitFor();
  assertNoChinese(await labelsOf(page, '[data-testid=ap-name]'), 'the English appraisal page');
  await shot(page, 'appraisal-en-1280x800');
  await page.setViewportSize(TABLET);
  await noSidewaysScroll(page, 'appraisal');
  await shot(page, 'appraisal-en-800x1280');
  await page.getByTestId('lang').selectOption('zh');
  await page.getByRole('heading', { name: '员工与部门绩效考核' }).waitFor();
  await shot(page, 'appraisal-800x1280');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a major incident is reported for a customer: refused without a description, then raised and kept after a reload', async () => {
  const { context, page, errors } = await openApp(browser, server.base);
  await loadDemo(page, server.base, 60, 3000);
  // A customer with an owner.
  await go(page, '#/customers');
  const withOwner = page.locator('[data-testid=customer-row]').filter({ has: page.locator('.c-owner:not(:empty)') }).first();
  await withOwner.waitFor({ timeout: 60_000 });
  const name = (await withOwner.locator('.name').textContent()).trim();
  const ownerName = (await withOwner.locator('.c-owner').textContent()).trim();

  await go(page, '#/warnings');
  const incidents = page.locator('[data-testid=warning][data-kind=major_incident]');
  // Cancel closes the form without writing anything.
  await page.getByTestId('incident-open').click();
  const form = page.getByTestId('incident-form');
  await form.waitFor();
  await page.getByTestId('incident-cancel').click();
  await form.waitFor({ state: 'detached' });

  await page.getByTestId('incident-open').click();
  assert.match(await page.locator('#f-in_date').inputValue(), /^\d{4}-\d\d-\d\d$/, 'today by default');
  // Nothing chosen, nothing described: both refused next to their fields, in Chinese.
  await page.getByTestId('incident-save').click();
  await page.locator('#f-in_description-error').filter({ hasText: /\S/ }).waitFor();
  assert.match(await page.locator('#f-in_description-error').textContent(), cjk);
  assert.match(await page.locator('#f-in_customer-error').textContent(), cjk);
  await page.locator('#f-in_customer').fill(name);
  await form.locator('.picks button').filter({ hasText: name }).first().click();
  await page.getByTestId('in_customer-chosen').filter({ hasText: name }).waitFor();
  // The customer's owner follows it up unless another is chosen.
  assert.equal((await page.locator('#f-in_owner option:checked').textContent()).trim(), ownerName);
  await page.locator('#f-in_kind').selectOption({ label: '重病' });
  await page.getByTestId('incident-save').click();
  await page.locator('#f-in_description-error').filter({ hasText: /\S/ }).waitFor();
  assert.equal((await page.locator('#f-in_customer-error').textContent()).trim(), '');
  assert.equal(await incidents.count(), 0, 'nothing written');
  await shot(page, 'incident-form-1280x800');

  await fill(page, 'in_description', '法人代表重病住院，暂停进货');
  await page.getByTestId('incident-save').click();
  await form.waitFor({ state: 'detached' });
  const warning = incidents.filter({ hasText: '法人代表重病住院' });
  await warning.waitFor();
  assert.equal(await warning.count(), 1);
  assert.equal((await warning.locator('h2').textContent()).trim(), '重大变故预警');
  assert.equal((await warning.getByTestId('warning-why').textContent()).trim(), '重病：法人代表重病住院，暂停进货');
  assert.equal((await warning.getByTestId('warning-customer').textContent()).trim(), name);
  // The owner is the select that hands the warning on; the one chosen is shown.
  assert.equal((await warning.getByTestId('warning-owner').locator('option:checked').textContent()).trim(), ownerName);
  assert.equal((await warning.getByTestId('warning-state').textContent()).trim(), '已发出');
  await warning.scrollIntoViewIfNeeded();
  await shot(page, 'incident-raised-1280x800');

  // After a reload it is still there (and the rules leave it alone).
  await page.reload();
  await ready(page);
  await page.getByTestId('warnings-checked').filter({ hasText: '已按' }).waitFor({ timeout: 120_000 });
  await warning.waitFor({ timeout: 60_000 });
  assert.equal(await warning.count(), 1);
  assert.equal((await warning.getByTestId('warning-state').textContent()).trim(), '已发出');

  // English: the warning and the form read in English.
  await page.getByTestId('lang').selectOption('en');
  await warning.locator('h2').filter({ hasText: 'Major incident' }).waitFor();
  assert.equal((await warning.getByTestId('warning-why').textContent()).trim(), 'Serious illness: 法人代表重病住院，暂停进货');
  await page.getByTestId('incident-open').filter({ hasText: 'Report a major incident' }).click();
  await form.waitFor();
  // Its labels, the kinds offered and its buttons (the staff offered are data).
  const formText = await form.evaluate((f) => [...f.querySelectorAll('h2, p, label, button, #f-in_kind option, #f-in_owner option:checked')].map((e) => e.innerText).join('\n'));
  assert.match(formText, /Kind of incident/);
  assertNoChinese(formText, 'the English incident form');
  await shot(page, 'incident-form-en-1280x800');
  await page.setViewportSize(TABLET);
  await noSidewaysScroll(page, 'incident form');
  await shot(page, 'incident-form-en-800x1280');
  await page.getByTestId('lang').selectOption('zh');
  await form.getByText('报告客户的重大变故').waitFor();
  await noSidewaysScroll(page, 'incident form');
  await shot(page, 'incident-form-800x1280');
  await page.getByTestId('incident-cancel').click();
  assert.equal(await incidents.count(), 1, 'cancel wrote nothing more');
  await page.setViewportSize(DESKTOP);
  assert.deepEqual(errors, []);
  await context.close();
});
