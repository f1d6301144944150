// End-to-end: the settings screens of the service desk (#/service-settings) and of warnings and
// credit (#/risk-settings). A complaint received three days ago is not on the to-do list while
// its decision has ten days; after the limit is set to one day it is, two days overdue. Bad
// input (not a number, out of range, weights not adding up to 100) is shown next to its field
// in the user's language and nothing is written (also after a reload); saved values survive a
// reload; "back to the defaults" asks first and fills the defaults. English labels, no sideways
// scroll on a tablet, screenshots at both sizes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openApp, ready, fill, valueIs, loadDemo, scrollsSideways, overflowing, shot, DESKTOP, TABLET } from './harness.mjs';

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

/** The day `n` days before today in the browser's time zone, as yyyy-mm-dd. */
async function daysAgo(page, n) {
  return page.evaluate((n) => {
    const d = new Date();
    d.setDate(d.getDate() - n);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  }, n);
}

/** Saves the settings form and waits for the notice. */
async function save(page) {
  await page.getByTestId('settings-save').click();
  await page.getByText(/^(已保存|Saved)$/).first().waitFor();
}

/** The to-do rows of complaint steps for one customer. */
function complaintRows(page, customer) {
  return page.locator('[data-testid=todo-list] tr[data-kind=complaint_step]').filter({ hasText: customer });
}

test('a shorter complaint-step limit puts a complaint on the to-do list, overdue; bad input writes nothing', async () => {
  const { context, page, errors } = await openApp(browser, server.base);
  await loadDemo(page, server.base, 40, 600);

  // The service settings start at the documented defaults.
  await go(page, '#/service-settings');
  assert.equal(await page.locator('#f-step_days_decide').inputValue(), '2');
  assert.equal(await page.locator('#f-self_weight_pct').inputValue(), '40');
  assert.equal(await page.locator('#f-max_photo_bytes').inputValue(), '512');

  // Ten days to decide.
  await fill(page, 'step_days_decide', '10');
  await save(page);

  // A complaint received three days ago, for the first customer.
  await go(page, '#/customers');
  await page.getByTestId('customer-row').first().click();
  await page.waitForURL(/#\/customer\/[0-9a-f-]{36}/);
  const customerId = new URL(page.url()).hash.split('/')[2].split('?')[0];
  const customer = (await page.getByTestId('customer-title').textContent()).trim();
  await go(page, `#/complaint/new?customer=${customerId}`);
  await page.getByTestId('complaint-form').waitFor();
  await fill(page, 'complainant', '王主任');
  await fill(page, 'against', '送货晚了三天');
  await fill(page, 'wants', '说明原因');
  await fill(page, 'received_on', await daysAgo(page, 3));
  await page.locator('#f-category').selectOption({ index: 1 });
  if (await page.locator('#f-staff').inputValue() === '') await page.locator('#f-staff').selectOption({ index: 1 });
  await fill(page, 'content', '送货晚了三天，要求说明原因');
  await page.getByTestId('save-complaint').click();
  await page.waitForURL(/#\/complaint\/[0-9a-f-]{36}$/);

  // Seven days left: not on the to-do list.
  await go(page, '#/todo');
  await page.locator('[data-testid=todo-list], [data-testid=todo-empty]').first().waitFor();
  assert.equal(await complaintRows(page, customer).count(), 0, 'not due yet with ten days');

  // Bad input: not a number, and out of range; the messages next to the fields, nothing saved.
  await go(page, '#/service-settings');
  assert.equal(await page.locator('#f-step_days_decide').inputValue(), '10', 'the saved value is shown');
  await fill(page, 'step_days_decide', '一天');
  await fill(page, 'contract_notice_days', '400');
  await page.getByTestId('settings-save').click();
  for (const f of ['step_days_decide', 'contract_notice_days']) {
    await page.locator(`#f-${f}-error`).filter({ hasText: /\S/ }).waitFor();
    assert.match(await page.locator(`#f-${f}-error`).textContent(), cjk);
    assert.equal(await page.locator(`#f-${f}`).getAttribute('aria-invalid'), 'true');
  }
  await page.reload();
  await ready(page);
  assert.equal(await page.locator('#f-step_days_decide').inputValue(), '10', 'nothing was written');
  assert.equal(await page.locator('#f-contract_notice_days').inputValue(), '30');

  // One day to decide: the complaint is two days overdue.
  await fill(page, 'step_days_decide', '1');
  await save(page);
  await shot(page, 'service-settings-desktop');
  await go(page, '#/todo');
  const row = complaintRows(page, customer);
  await row.first().waitFor();
  assert.equal(await row.count(), 1);
  assert.match(await row.locator('.pill').textContent(), /逾期 ?2 ?天/);

  // Back to the defaults: asked first, filled, saved.
  await go(page, '#/service-settings');
  await page.getByTestId('settings-defaults').click();
  await page.getByTestId('confirm').click();
  await valueIs(page.locator('#f-step_days_decide'), '2', 'the defaults are filled in');
  await save(page);
  await page.reload();
  await ready(page);
  assert.equal(await page.locator('#f-step_days_decide').inputValue(), '2');

  // English labels; a tablet: nothing scrolls sideways.
  await page.getByTestId('lang').selectOption('en');
  await page.getByText('Service desk settings').first().waitFor();
  const text = await page.locator('main').innerText();
  assert.doesNotMatch(text, cjk, 'no Chinese in the English screen');
  await page.setViewportSize(TABLET);
  assert.equal(await scrollsSideways(page), false, `sideways at tablet width: ${await overflowing(page)}`);
  await shot(page, 'service-settings-tablet-en');
  await page.setViewportSize(DESKTOP);
  assert.deepEqual(errors, []);
  await context.close();
});

test('warning and credit settings: weights must add up to 100, saved values drive the pages', async () => {
  const { context, page, errors } = await openApp(browser, server.base);
  await go(page, '#/risk-settings');
  assert.equal(await page.locator('#f-credit_limit_a').inputValue(), '', 'class A: not limited');
  assert.equal(await page.locator('#f-credit_limit_b').inputValue(), '500000');
  assert.equal(await page.locator('#f-ageing_days').inputValue(), '30, 60, 90');
  assert.equal(await page.locator('#f-appraisal_revenue').inputValue(), '30');

  // Weights adding up to 110 and an ageing list that does not increase: the core's messages.
  await fill(page, 'appraisal_revenue', '40');
  await fill(page, 'ageing_days', '30, 20, 90');
  await page.getByTestId('settings-save').click();
  await page.getByTestId('error-appraisal').filter({ hasText: '110' }).waitFor();
  assert.match(await page.getByTestId('error-appraisal').textContent(), cjk);
  await page.locator('#f-ageing_days-error').filter({ hasText: /\S/ }).waitFor();
  await page.reload();
  await ready(page);
  assert.equal(await page.locator('#f-appraisal_revenue').inputValue(), '30', 'nothing was written');

  // Total assets, a limit for class A, the top-share rule: saved, and kept after a reload.
  await fill(page, 'total_assets', '8,000,000');
  await fill(page, 'credit_limit_a', '2000000');
  await fill(page, 'receivables_line_pct', '25');
  await page.locator('#f-key_rule').selectOption('top_share');
  await save(page);
  await page.reload();
  await ready(page);
  assert.equal(await page.locator('#f-total_assets').inputValue(), '8000000');
  assert.equal(await page.locator('#f-credit_limit_a').inputValue(), '2000000');
  assert.equal(await page.locator('#f-receivables_line_pct').inputValue(), '25');
  assert.equal(await page.locator('#f-key_rule').inputValue(), 'top_share');
  await shot(page, 'risk-settings-desktop');

  await page.getByTestId('lang').selectOption('en');
  await page.getByText('Warning and credit settings').first().waitFor();
  await page.setViewportSize(TABLET);
  assert.equal(await scrollsSideways(page), false, `sideways at tablet width: ${await overflowing(page)}`);
  await shot(page, 'risk-settings-tablet-en');
  assert.deepEqual(errors, []);
  await context.close();
});
