// End-to-end: satisfaction surveys (issue 6, DOMAIN.md §8). On a small demo firm the default
// survey form is created; the worked example's 25 answers are entered as four returned forms,
// by keys and by taps, and the page shows index 76.0% and rate 84.0%; a self-assessment gives
// the overall 40/60 figures; a competitor form is kept apart; a target above the result shows a
// shortfall that opens an improvement plan; a reload keeps it all; the blank form prints.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openApp, ready, fill, loadDemo, scrollsSideways, overflowing, shot, TABLET } from './harness.mjs';

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

/** The §8 index and rate of a list of levels (5 = very satisfied … 1, scored 10/8/6/4/2). */
function expected(levels) {
  const score = levels.reduce((s, l) => s + 2 * l, 0);
  return { index: score / (10 * levels.length), rate: levels.filter((l) => l >= 3).length / levels.length };
}
const pct = (f) => `${(f * 100).toFixed(1)}%`;

/** Enters one returned form: the levels by keyboard (`keys`) or by tapping the level buttons. */
async function enter(page, levels, { keys = true, customer = null } = {}) {
  // The form clears the customer after each save: the next returned form is someone else's.
  if (customer) await pick(page, customer);
  const rows = page.getByTestId('su-answer');
  if (keys) {
    await rows.first().focus();
    for (const l of levels) await page.keyboard.press(String(l));
  } else {
    for (const [i, l] of levels.entries()) await rows.nth(i).locator(`button[data-level="${l}"]`).click();
  }
  await page.getByTestId('su-answered').filter({ hasText: String(levels.length) }).waitFor();
  await page.getByTestId('su-save').click();
  await page.getByTestId('su-saved').waitFor();
  // The form clears for the next one.
  await page.getByTestId('su-answered').filter({ hasText: /^\D*0\D/ }).waitFor();
}

async function pick(page, name) {
  await page.locator('#f-su_customer').fill(name);
  await page.locator('.customer-picker .picks').getByRole('button', { name }).first().click();
  await page.getByTestId('su_customer-chosen').filter({ hasText: name }).waitFor();
}

test('surveys are entered by key and tap, and the index and rate follow §8', async () => {
  const { context, page, errors } = await openApp(browser, server.base);
  await loadDemo(page, server.base, 200, 3000);
  await go(page, '#/customers');
  const name = (await page.getByTestId('customer-row').first().locator('.name').textContent()).trim();

  await go(page, '#/surveys?tab=entry');
  await page.getByTestId('su-create-default').click();
  await page.getByTestId('su-answer').nth(6).waitFor();
  assert.equal(await page.getByTestId('su-answer').count(), 7, 'the default form has seven items');

  // Nothing answered: refused with the message, nothing written.
  await pick(page, name);
  await page.getByTestId('su-save').click();
  await page.getByTestId('su-answers-error').filter({ hasText: '请至少回答一项' }).waitFor();

  // The worked example: 10 × 5, 5 × 4, 6 × 3, 3 × 2, 1 × 1 = 25 answers in four forms.
  const forms = [[5, 5, 5, 5, 5, 5, 5], [5, 5, 5, 4, 4, 4, 4], [4, 3, 3, 3, 3, 3, 3], [2, 2, 2, 1]];
  await enter(page, forms[0]);
  await enter(page, forms[1], { keys: false, customer: name });
  await enter(page, forms[2], { customer: name });
  await enter(page, forms[3], { keys: false, customer: name });
  const survey = expected(forms.flat());
  assert.equal(pct(survey.index), '76.0%');
  assert.equal(pct(survey.rate), '84.0%');

  // The same customer about a competitor: kept apart from our figures.
  await page.getByTestId('su-same-customer-competitor').click();
  await fill(page, 'su_competitor', '华新水泥');
  await enter(page, [3, 3, 3, 3, 3, 3, 3]);
  // Our salesperson's self-assessment.
  await page.locator('#f-su_rates_competitor').uncheck();
  await page.locator('#f-su_respondent').selectOption('self');
  const selfLevels = [4, 4, 4, 4, 4, 4, 4];
  await enter(page, selfLevels, { customer: name });
  const self = expected(selfLevels);

  await go(page, '#/surveys?tab=results');
  await page.getByTestId('su-survey-index').filter({ hasText: '76.0%' }).waitFor();
  assert.equal((await page.getByTestId('su-survey-rate').textContent()).trim(), '84.0%');
  assert.equal((await page.getByTestId('su-self-index').textContent()).trim(), pct(self.index));
  // Overall = 40% self-assessment + 60% survey.
  assert.equal((await page.getByTestId('su-overall-index').textContent()).trim(), pct(0.4 * self.index + 0.6 * survey.index));
  assert.equal((await page.getByTestId('su-overall-rate').textContent()).trim(), pct(0.4 * self.rate + 0.6 * survey.rate));
  const rival = page.getByTestId('su-competitor-row').filter({ hasText: '华新水泥' });
  await rival.waitFor();
  assert.ok((await rival.textContent()).includes('60.0%'), await rival.textContent());
  // The returned forms are searchable and export to CSV with every item's level.
  await page.getByTestId('su-forms-search').fill('华新水泥');
  await page.getByTestId('su-form-row').first().filter({ hasText: '华新水泥' }).waitFor();
  assert.equal(await page.getByTestId('su-form-row').count(), 1);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('su-forms-csv').click()]);
  const csv = (await (await download.createReadStream()).toArray().then((c) => Buffer.concat(c))).subarray(3).toString('utf8').trim().split(/\r?\n/);
  assert.equal(csv.length, 2, csv.join('\n'));
  assert.match(csv[1], /华新水泥/);
  assert.match(csv[1], /产品功能（主要性能）=3/);
  await page.getByTestId('su-forms-search').fill('');
  // The dissatisfied items, with their frequency: the last form's four answers of 1–2.
  assert.ok((await page.getByTestId('su-dissatisfied-row').count()) > 0);
  await shot(page, 'surveys-results-1280x800');

  // A target above the result: a shortfall, which opens an improvement plan.
  await go(page, '#/surveys?tab=targets');
  await fill(page, 'su_target_index', '90');
  await fill(page, 'su_target_rate', '95');
  await page.getByTestId('su-save-target').click();
  const shortfall = page.getByTestId('su-shortfall').first();
  await shortfall.waitFor({ timeout: 30_000 });
  await shortfall.getByTestId('su-open-plan').click();
  await page.getByTestId('su-plan-form').waitFor();
  assert.notEqual(await page.locator('#f-su_plan_topic').inputValue(), '');
  await fill(page, 'su_plan_actions', '交货期改为每周两次配送');
  await page.locator('#f-su_plan_responsible').selectOption({ index: 1 });
  const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  await fill(page, 'su_plan_due', due);
  await page.getByTestId('su-save-plan').click();
  await page.getByTestId('su-plan').filter({ hasText: '交货期改为每周两次配送' }).waitFor();
  await go(page, '#/surveys?tab=targets');
  await page.getByTestId('su-shortfall-plan').first().waitFor();

  // After a reload everything is still there.
  await page.reload();
  await go(page, '#/surveys?tab=results');
  await page.getByTestId('su-survey-index').filter({ hasText: '76.0%' }).waitFor({ timeout: 60_000 });
  await go(page, '#/surveys?tab=plans');
  await page.getByTestId('su-plan').filter({ hasText: '交货期改为每周两次配送' }).waitFor();

  // The blank form, printed: the sheet alone.
  await go(page, '#/surveys?tab=print');
  await page.getByTestId('su-sheet').waitFor();
  await page.emulateMedia({ media: 'print' });
  assert.ok(await page.getByTestId('su-sheet').isVisible());
  assert.ok(!(await page.locator('header.top').isVisible()));
  await shot(page, 'surveys-print');
  await page.emulateMedia({ media: 'screen' });

  // English, and a tablet.
  await page.getByTestId('lang').selectOption('en');
  await go(page, '#/surveys?tab=results');
  await page.getByText('Satisfaction index').first().waitFor();
  await page.setViewportSize(TABLET);
  for (const hash of ['#/surveys?tab=results', '#/surveys?tab=entry', '#/surveys?tab=targets', '#/surveys?tab=plans']) {
    await go(page, hash);
    assert.equal(await scrollsSideways(page), false, `${hash} scrolls sideways: ${await overflowing(page)}`);
  }
  await shot(page, 'surveys-entry-800x1280');

  assert.deepEqual(errors, []);
  await context.close();
});
