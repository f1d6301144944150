// End-to-end: customer delivered value (顾客让渡价值) — assessments rated on sliders from the
// customer page, value, cost and their difference live, the way a re-assessment raised it
// (seed 001's five ways), offerings compared, all still there after a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
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

/** Sets a 0–10 slider (a range input, found by its label's id). */
async function rate(page, field, value) {
  await page.locator(`#f-${field}`).fill(String(value));
  await page.waitForFunction(([f, v]) => document.querySelector(`[data-testid=out-${f}]`)?.textContent.trim() === String(v), [field, value]);
}

async function totals(page) {
  const text = async (id) => (await page.getByTestId(id).textContent()).trim();
  return [await text('va-total-value'), await text('va-total-cost'), await text('va-total-delivered')];
}

test('assess a customer twice, see value, cost, difference and the way it rose; compare offerings; reload', async () => {
  const { context, page, errors } = await openApp(browser, server.base);
  await go(page, '#/customer/new');
  await fill(page, 'name', '杭州宏达建材有限公司');
  await fill(page, 'phone', '0571-8888 6666');
  await page.getByTestId('save-customer').click();
  await page.getByTestId('customer-title').filter({ hasText: '杭州宏达建材有限公司' }).waitFor();
  const customerUrl = page.url();

  // First assessment, from the customer page: every component starts at 5.
  await page.getByTestId('value-summary').getByText('还没有评估。').waitFor();
  await page.getByTestId('assess-value').click();
  await page.getByTestId('assessment-form').waitFor();
  assert.equal((await page.getByTestId('va_customer-chosen').textContent()).trim(), '杭州宏达建材有限公司');
  assert.deepEqual(await totals(page), ['20', '20', '0']);
  await fill(page, 'offering', '我方 A 型');
  await rate(page, 'product_value', 8);
  assert.deepEqual(await totals(page), ['23', '20', '+3']);
  assert.equal((await page.getByTestId('va-change').textContent()).trim(), '首次评估');
  await page.getByTestId('save-assessment').click();
  await page.getByTestId('assessment').first().waitFor();
  assert.equal(await page.getByTestId('assessment').count(), 1);

  // Re-assessment: value up by one, cost down by one — way 5, shown before saving and after.
  await page.getByTestId('new-assessment').click();
  await page.getByTestId('assessment-form').waitFor();
  await fill(page, 'offering', '我方 A 型');
  await rate(page, 'product_value', 9);
  await rate(page, 'money_cost', 4);
  assert.deepEqual(await totals(page), ['24', '19', '+5']);
  await page.getByTestId('assessment-form').getByTestId('va-change').filter({ hasText: '途径五：总价值提高，总成本降低' }).waitFor();
  await page.getByTestId('save-assessment').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=assessment]').length === 2);
  const newest = page.getByTestId('assessment').first();
  assert.equal((await newest.getByTestId('va-delivered').textContent()).trim(), '+5');
  assert.equal((await newest.getByTestId('va-change').textContent()).trim(), '途径五：总价值提高，总成本降低');
  assert.equal((await page.getByTestId('assessment').nth(1).getByTestId('va-change').textContent()).trim(), '首次评估');

  // A competitor's offering for the same customer: the comparison lists both, best first.
  await page.getByTestId('new-assessment').click();
  await fill(page, 'offering', '竞品 B');
  await rate(page, 'service_value', 3);
  await rate(page, 'time_cost', 7);
  await page.getByTestId('save-assessment').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=offering-line]').length === 2);
  const offerings = await page.getByTestId('offering-line').allTextContents();
  assert.match(offerings[0], /我方 A 型.*\+5\.0/);
  assert.match(offerings[1], /竞品 B.*-4\.0/);

  // A missing subject and date are refused next to their fields.
  await go(page, '#/value?edit=new');
  await fill(page, 'date', '');
  await page.getByTestId('save-assessment').click();
  await page.locator('#f-offering-error').filter({ hasText: '此项必填' }).waitFor();
  await page.locator('#f-date-error').filter({ hasText: '此项必填' }).waitFor();

  // Reload: the customer page shows the latest assessment of each offering.
  await page.goto(customerUrl);
  await page.reload();
  await ready(page);
  const summary = page.getByTestId('value-summary');
  await summary.getByText('途径五：总价值提高，总成本降低').waitFor();
  await summary.getByText('竞品 B').waitFor();

  for (const size of [DESKTOP, TABLET]) {
    await page.setViewportSize(size);
    for (const lang of ['zh', 'en']) {
      await page.getByTestId('lang').selectOption(lang);
      await go(page, '#/value?edit=new');
      await page.getByTestId('assessment-form').waitFor();
      const tag = `value-${lang}-${size.width}x${size.height}`;
      await shot(page, tag);
      assert.equal(await scrollsSideways(page), false, `${tag} scrolls sideways: ${await overflowing(page)}`);
      if (lang === 'en') {
        await page.getByTestId('assessments').getByText('Way 5: value up, cost down').waitFor();
      }
    }
  }
  assert.deepEqual(errors, []);
  await context.close();
});
