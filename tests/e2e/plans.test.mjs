// End-to-end: monthly sales plans (issue 7, DOMAIN.md §3). A small demo firm ending today (its
// key customers have this month's plan): the month's list shows them with their progress; the
// month chooser moves between months in the URL; a new plan for a customer who bought is
// refused while a row has neither a quantity nor an amount (the message next to the row,
// nothing written, still nothing after a reload), then saved, and its progress (plan, pro rata,
// pace, attainment) and chart by day follow from what was typed; after a reload it is in the
// month's list with the same numbers and on the customer's page; it is copied into next month;
// a key customer's month is copied from last year's sales. English labels; desktop and tablet.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openApp, ready, loadDemo, scrollsSideways, overflowing, shot, DESKTOP, TABLET } from './harness.mjs';

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
const p2 = (n) => String(n).padStart(2, '0');
/** This machine's today (the browser's clock), and months as the URL writes them. */
const now = new Date();
const today = `${now.getFullYear()}-${p2(now.getMonth() + 1)}-${p2(now.getDate())}`;
const monthCode = (offset) => {
  const d = new Date(now.getFullYear(), now.getMonth() + offset, 1);
  return `${d.getFullYear()}-${p2(d.getMonth() + 1)}`;
};
const elapsed = now.getDate();
const monthDays = new Date(now.getFullYear(), now.getMonth() + 1, 0).getDate();

/** "¥1,234.50" → 123450 (fen). */
function fen(text) {
  const m = text.trim().match(/^(-?)¥([\d,]+)\.(\d\d)$/);
  assert.ok(m, `money: ${text}`);
  return (m[1] ? -1 : 1) * (Number(m[2].replaceAll(',', '')) * 100 + Number(m[3]));
}
/** 123450 → "¥1,234.50". */
function yuan(f) {
  const s = String(Math.abs(f)).padStart(3, '0');
  const int = s.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${f < 0 ? '-' : ''}¥${int}.${s.slice(-2)}`;
}
/** "80.0%" is `ratio` to the tenth of a percent shown. */
function assertPercent(text, ratio, what) {
  const m = text.trim().match(/^(-?[\d.]+)%$/);
  assert.ok(m, `${what}: ${text}`);
  assert.ok(Math.abs(Number(m[1]) - ratio * 100) <= 0.051, `${what}: ${text} shown, ${(ratio * 100).toFixed(3)}% expected`);
}

/** The page's labels without the data in it (names, numbers in cells, product choices, typed text). */
async function labelsText(page) {
  return page.evaluate(() => {
    const main = document.querySelector('main').cloneNode(true);
    for (const e of main.querySelectorAll('select, td, [data-testid=plan-title], a[href^="#/customer/"], .picks')) e.remove();
    return main.innerText;
  });
}

async function noSidewaysScroll(page, tag) {
  assert.equal(await scrollsSideways(page), false, `${tag} scrolls sideways: ${await overflowing(page)}`);
}

test('a month\'s plans with their progress; a plan checked, saved, measured, charted, listed and copied', async () => {
  const { context, page, errors } = await openApp(browser, server.base);
  await loadDemo(page, server.base, 60, 3000, today);

  // This month's list: the demo's key customers, each with a plan amount and its progress.
  await go(page, '#/plans');
  const list = page.getByTestId('plans-list');
  await list.waitFor();
  const demoRows = await list.locator('tbody tr').count();
  assert.ok(demoRows >= 1, 'the demo plans its key customers this month');
  assert.equal((await page.getByTestId('plans-count').textContent()).trim(), String(demoRows));
  const keyName = (await list.locator('tbody tr').first().locator('td').first().textContent()).trim();
  for (const row of await list.locator('tbody tr').all()) {
    const cells = (await row.locator('td').allTextContents()).map((t) => t.trim());
    const [plan, actual] = [fen(cells[1]), fen(cells[2])];
    assert.ok(plan > 0, `a plan amount: ${cells}`);
    assertPercent(cells[4], actual / plan, `attainment of ${cells[0]}`);
  }
  const planned = await list.locator('tbody td:first-child').allTextContents();

  // The month chooser: the previous month has no plan, the next neither; back to this month.
  await page.getByTestId('plans-prev').click();
  await page.waitForURL(new RegExp(`#/plans\\?month=${monthCode(-1)}$`));
  await page.getByTestId('plans-empty').filter({ hasText: '这个月还没有销售计划' }).waitFor();
  await page.getByTestId('plans-month').fill(monthCode(0));
  await page.waitForURL(new RegExp(`#/plans\\?month=${monthCode(0)}$`));
  await list.waitFor();

  // Search by customer; nothing matching says so.
  await page.getByTestId('plans-search').fill(keyName);
  assert.ok((await list.locator('tbody tr').count()) >= 1);
  await page.getByTestId('plans-search').fill('没有这个客户');
  await page.getByTestId('plans-empty').filter({ hasText: '没有符合条件的计划' }).waitFor();
  await page.getByTestId('plans-search').fill('');
  await shot(page, 'plans-list-1280x800');

  // A customer who bought but has no plan: the largest buyer not planned yet.
  await go(page, '#/customers?sort=sales&desc=1');
  const names = (await page.getByTestId('customer-row').locator('.name').allTextContents()).map((t) => t.trim());
  const name = names.find((n) => !planned.map((p) => p.trim()).includes(n));
  assert.ok(name, 'a customer without a plan');

  // New plan: the customer is picked by name.
  await go(page, '#/plans');
  await page.getByTestId('new-plan').click();
  await page.locator('#f-plan_customer').fill(name);
  await page.locator('[data-testid=new-plan-picker] .picks button').filter({ hasText: name }).first().click();
  await page.waitForURL(new RegExp(`#/plans\\?month=${monthCode(0)}&customer=[0-9a-f-]{36}$`));
  const planHash = new URL(page.url()).hash;
  await page.getByTestId('plan-none').waitFor();
  assert.match(await page.getByTestId('plan-title').textContent(), new RegExp(name));

  // Nothing to copy from last month (the demo plans this month only).
  await page.getByTestId('copy-last-month').click();
  await page.getByTestId('plan-copy-status').filter({ hasText: '上个月没有这个客户的计划，无可复制' }).waitFor();

  // A row with a product but neither a quantity nor an amount: refused next to the row.
  await page.locator('#f-item-0-product').selectOption({ index: 1 });
  await page.getByTestId('save-plan').click();
  await page.locator('#f-item-0-error').filter({ hasText: '请填写数量或金额' }).waitFor();
  assert.equal(await page.locator('#f-item-0-quantity').getAttribute('aria-invalid'), 'true');
  await page.getByTestId('notice').filter({ hasText: '请先修正标出的字段' }).waitFor();
  // A number that does not read is named in its box.
  await page.locator('#f-item-0-amount').fill('五千');
  await page.getByTestId('save-plan').click();
  await page.locator('#f-item-0-error').filter({ hasText: /\S/ }).waitFor();
  assert.equal(await page.locator('#f-item-0-amount').getAttribute('aria-invalid'), 'true');
  // Nothing was written.
  await page.reload();
  await ready(page);
  await page.getByTestId('plan-none').waitFor();

  // Two targets: an amount, and a quantity with an amount; schedule and support.
  await page.locator('#f-item-0-product').selectOption({ index: 1 });
  await page.locator('#f-item-0-amount').fill('5,000');
  await page.getByTestId('add-item').click();
  await page.locator('#f-item-1-product').selectOption({ index: 2 });
  await page.locator('#f-item-1-quantity').fill('3');
  await page.locator('#f-item-1-amount').fill('1200.5');
  // A third row added and removed again.
  await page.getByTestId('add-item').click();
  assert.equal(await page.getByTestId('plan-item').count(), 3);
  await page.getByTestId('remove-item').nth(2).click();
  assert.equal(await page.getByTestId('plan-item').count(), 2);
  await page.locator('#f-plan_schedule').fill('上旬到货六成');
  await page.locator('#f-plan_support').fill('门头广告一块');
  await page.getByTestId('save-plan').click();
  await page.getByTestId('notice').filter({ hasText: '已保存' }).waitFor();
  await page.getByTestId('plan-none').waitFor({ state: 'detached' });

  // Its progress follows from the plan typed and today's day of the month.
  const plan = 500_000 + 120_050;
  const progress = page.getByTestId('plan-progress');
  await progress.getByTestId('plan-amount').filter({ hasText: yuan(plan) }).waitFor();
  assert.match(await progress.getByTestId('plan-as-of').textContent(), new RegExp(`第 ${elapsed} 天，共 ${monthDays} 天`));
  const proRata = Math.floor((plan * elapsed) / monthDays);
  assert.equal((await progress.getByTestId('plan-pro-rata').textContent()).trim(), yuan(proRata));
  const actual = fen(await progress.getByTestId('plan-actual').textContent());
  assertPercent(await progress.getByTestId('plan-attainment').textContent(), actual / plan, 'attainment');
  assertPercent(await progress.getByTestId('plan-pace').textContent(), actual / proRata, 'pace');
  assert.equal(await progress.getByTestId('plan-item-progress').count(), 2);
  // The chart: one mark a day so far, the legend with the three lines.
  const chart = page.getByTestId('plan-chart');
  assert.equal(await chart.locator('svg [data-i]').count(), elapsed);
  for (const l of ['累计进货', '计划（按天均摊）', '去年同期（累计）']) await chart.getByText(l, { exact: true }).waitFor();
  await chart.locator('svg [data-i]').last().hover();
  await page.getByTestId('chart-tip').filter({ hasText: yuan(actual) }).waitFor();
  await shot(page, 'plan-1280x800');

  // After a reload it is in the month's list with the same numbers.
  await page.reload();
  await ready(page);
  await go(page, '#/plans');
  const mine = list.locator('tbody tr').filter({ has: page.locator('td:first-child', { hasText: name }) });
  await mine.waitFor();
  const cells = (await mine.locator('td').allTextContents()).map((t) => t.trim());
  assert.deepEqual(cells.slice(1, 3), [yuan(plan), yuan(actual)]);
  assertPercent(cells[3], actual / proRata, 'pace in the list');
  assertPercent(cells[4], actual / plan, 'attainment in the list');
  assert.equal((await page.getByTestId('plans-count').textContent()).trim(), String(demoRows + 1));
  assert.equal(await mine.locator('td.warn').count(), actual < proRata ? 1 : 0, 'a pace below 1 is marked');

  // The customer's page shows this month's plan with the way to it.
  await mine.locator('a').click();
  await page.waitForURL(new RegExp(planHash.replace('?', '\\?') + '$'));
  await page.locator('a[href^="#/customer/"]').first().click();
  const summary = page.getByTestId('plan-summary');
  await summary.getByTestId('plan-summary-amount').filter({ hasText: yuan(plan) }).waitFor();
  assert.equal((await summary.getByTestId('plan-summary-actual').textContent()).trim(), yuan(actual));

  // Next month starts as a copy of this one.
  await go(page, planHash);
  await page.getByTestId('plans-next').click();
  await page.waitForURL(new RegExp(`month=${monthCode(1)}&customer=`));
  await page.getByTestId('plan-none').waitFor();
  await page.getByTestId('copy-last-month').click();
  await page.getByTestId('plan-copy-status').filter({ hasText: '已复制到表格中' }).waitFor();
  assert.equal(await page.locator('#f-item-0-amount').inputValue(), '5000');
  assert.equal(await page.locator('#f-item-1-quantity').inputValue(), '3');
  assert.equal(await page.locator('#f-plan_support').inputValue(), '门头广告一块');
  await page.getByTestId('save-plan').click();
  await page.getByTestId('plan-amount').filter({ hasText: yuan(plan) }).waitFor();
  await page.getByTestId('plan-as-of').filter({ hasText: '这个月还没有开始' }).waitFor();

  // A key customer's month from last year's sales (the demo has three years of them).
  await go(page, '#/plans');
  await list.locator('tbody tr').filter({ hasText: keyName }).locator('a').click();
  await page.getByTestId('plan-form').waitFor();
  await page.getByTestId('copy-last-year').click();
  await page.getByTestId('plan-copy-status').filter({ hasText: '已复制到表格中' }).waitFor();
  assert.ok((await page.getByTestId('plan-item').count()) >= 1);
  assert.match(await page.locator('#f-item-0-amount').inputValue(), /^\d/);

  // English.
  await go(page, planHash);
  await page.getByTestId('lang').selectOption('en');
  await page.getByText('Copy from last month', { exact: true }).waitFor();
  await page.getByTestId('plan-title').filter({ hasText: 'sales plan for' }).waitFor();
  await page.getByText('Bought, cumulative', { exact: true }).waitFor();
  let text = await labelsText(page);
  assert.doesNotMatch(text, cjk, `Chinese left on the English plan: ${text.match(new RegExp(`.{0,20}${cjk.source}.{0,20}`))?.[0]}`);
  await page.locator('#f-item-0-amount').fill('');
  await page.locator('#f-item-0-quantity').fill('');
  await page.getByTestId('save-plan').click();
  await page.locator('#f-item-0-error').filter({ hasText: 'Give a quantity or an amount' }).waitFor();
  await shot(page, 'plan-en-1280x800');
  await go(page, '#/plans');
  await page.getByText('Planned amount').first().waitFor();
  text = await labelsText(page);
  assert.doesNotMatch(text, cjk, `Chinese left on the English list: ${text.match(new RegExp(`.{0,20}${cjk.source}.{0,20}`))?.[0]}`);
  await shot(page, 'plans-list-en-1280x800');
  await page.getByTestId('lang').selectOption('zh');

  // A tablet, portrait: nothing scrolls sideways.
  await page.setViewportSize(TABLET);
  for (const [h, tag] of [['#/plans', 'plans-list'], [planHash, 'plan']]) {
    await go(page, h);
    await page.locator('main section.page h1').first().waitFor();
    await noSidewaysScroll(page, tag);
    await shot(page, `${tag}-800x1280`);
  }
  await page.setViewportSize(DESKTOP);

  assert.deepEqual(errors, []);
  await context.close();
});
