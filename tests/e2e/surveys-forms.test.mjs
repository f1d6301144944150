// End-to-end: satisfaction surveys (DOMAIN.md §8). On a small demo firm: the default survey form
// is created; forms are entered from the "due" list by keyboard and by tapping — customers, a
// dealer, our salesperson's self-assessment and a competitor form — with the answers of the
// worked example (25 survey answers → index 76%, rate 84%); the results shown equal the §8
// formulas computed here from those answers (overall = 40% self + 60% survey, the competitor
// kept apart, the "dissatisfied" items counted); a target above the result gives a shortfall,
// an improvement plan is opened from it and shown as answering it; an overdue plan is flagged and
// a plan is closed with its outcome; after a reload everything is still there; the blank form
// renders for print. English labels, tablet width, screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openApp, ready, fill, loadDemo, scrollsSideways, overflowing, shot, TABLET, DESKTOP } from './harness.mjs';

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

const cjk = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;
const SCORE = { 5: 10, 4: 8, 3: 6, 2: 4, 1: 2 };

/** §8: index = Σ scores / (answers × 10), rate = answers ≥ "basically satisfied" / answers. */
function figures(forms) {
  const answers = forms.flatMap((f) => f.filter((v) => v != null));
  const sum = answers.reduce((s, v) => s + SCORE[v], 0);
  return { index: sum / (answers.length * 10), rate: answers.filter((v) => v >= 3).length / answers.length, n: answers.length };
}
const pct = (x) => `${(x * 100).toFixed(1)}%`;

/** A day as the date inputs take it, `days` from today (the browser's clock is this machine's). */
function day(days) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

async function go(page, hash) {
  await page.goto(server.base + hash);
  await ready(page);
}

/** Opens the entry tab for the customer first on the "due" list; returns their name. The row is
 * read in one go: the list may re-sort when the key accounts arrive from the scoring worker. */
async function enterForFirstDue(page) {
  await page.getByTestId('su-tab-due').click();
  await page.getByTestId('su-due-row').first().waitFor();
  const { name, href } = await page.evaluate(() => {
    const r = document.querySelector('[data-testid=su-due-row]');
    return { name: r.querySelector('td a').textContent.trim(), href: r.querySelector('[data-testid=su-enter-survey]').getAttribute('href') };
  });
  assert.match(href, /^#\/surveys\?tab=entry&customer=/);
  await go(page, href);
  await page.getByTestId('su_customer-chosen').filter({ hasText: name }).waitFor();
  await page.getByTestId('su-answer').first().waitFor();
  return name;
}

/** Answers by keyboard: focus the first item, one digit per item; the last moves to "save". */
async function typeAnswers(page, levels) {
  await page.locator('#su-row-0').focus();
  for (const v of levels) await page.keyboard.press(v == null ? 'ArrowDown' : String(v));
}

/** Answers by tapping the level buttons. */
async function tapAnswers(page, levels) {
  const rows = page.getByTestId('su-answer');
  for (let i = 0; i < levels.length; i++) {
    if (levels[i] != null) await rows.nth(i).locator(`[data-level="${levels[i]}"]`).click();
  }
}

async function savedNumber(page, n) {
  await page.getByTestId('su-saved').filter({ hasText: `第 ${n} 份` }).waitFor();
}

test('surveys: default form, quick entry by keyboard and tap, §8 figures, targets, plans, reload, print', async () => {
  const { context, page, errors } = await openApp(browser, server.base);
  await loadDemo(page, server.base, 40, 800);

  // No form yet: the default one in one tap, with its seven items.
  await go(page, '#/surveys?tab=templates');
  await page.getByTestId('su-no-template').waitFor();
  await page.getByTestId('su-create-default').click();
  await page.getByTestId('su-template-row').first().waitFor();
  await page.getByTestId('su-template-row').getByRole('button', { name: '编辑' }).click();
  assert.equal(await page.getByTestId('su-item').count(), 7);
  assert.equal(await page.locator('#su-item-zh-0').inputValue(), '产品功能（主要性能）');
  assert.equal(await page.locator('#su-item-en-6').inputValue(), 'After-sales service level');
  // The editor refuses a form without a name, in Chinese, next to the field.
  await fill(page, 'su_template_name', '');
  await page.getByTestId('su-save-template').click();
  await page.locator('#f-su_template_name-error').filter({ hasText: cjk }).waitFor();
  await page.getByRole('button', { name: '取消' }).click();

  // The answers: four survey forms (customers and a dealer) make the worked example's 25
  // answers; a self-assessment and a competitor form come on top.
  const survey = [
    [5, 5, 5, 5, 5, 5, 5],
    [5, 5, 5, 4, 4, 4, 4],
    [4, 3, 3, 3, 3, 3, 3],
    [2, 2, 2, 1, null, null, null],
  ];
  const self = [4, 4, 4, 4, 3, 3, 2];
  const rival = [3, 3, 3, 3, 3, 3, 3];
  const s = figures(survey);
  assert.equal(s.n, 25);
  assert.equal(pct(s.index), '76.0%');
  assert.equal(pct(s.rate), '84.0%');
  const own = figures([self]);
  const overallIndex = 0.4 * own.index + 0.6 * s.index;
  const overallRate = 0.4 * own.rate + 0.6 * s.rate;

  // Form 1: a customer from the due list, by keyboard; Enter on "save" saves. Nothing answered
  // first: refused, in Chinese.
  const first = await enterForFirstDue(page);
  await page.getByTestId('su-save').click();
  await page.getByTestId('su-answers-error').filter({ hasText: cjk }).waitFor();
  await typeAnswers(page, survey[0]);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'su-save');
  assert.equal(await page.getByTestId('su-answered').textContent(), '已答 7 / 7 项');
  await page.keyboard.press('Enter');
  await savedNumber(page, 1);
  assert.equal(await page.locator('[data-testid=su-answer] [aria-checked=true]').count(), 0, 'the form is cleared');

  // Form 2: the same customer rates a competitor, by tapping.
  await page.getByTestId('su-same-customer-competitor').click();
  await page.getByTestId('su_customer-chosen').filter({ hasText: first }).waitFor();
  await fill(page, 'su_competitor', '竞品甲');
  await tapAnswers(page, rival);
  await page.getByTestId('su-save').click();
  await savedNumber(page, 2);

  // Form 3: a dealer, by keyboard.
  await enterForFirstDue(page);
  await page.locator('#f-su_respondent').selectOption('dealer');
  await typeAnswers(page, survey[1]);
  await page.keyboard.press('Enter');
  await savedNumber(page, 1);

  // Forms 4 and 5: customers, by tapping (the last one answers four items only).
  for (const levels of [survey[2], survey[3]]) {
    await enterForFirstDue(page);
    await tapAnswers(page, levels);
    await page.getByTestId('su-save').click();
    await savedNumber(page, 1);
  }

  // Form 6: our salesperson's self-assessment (about no one customer in particular), by keyboard.
  await page.locator('#f-su_respondent').selectOption('self');
  await typeAnswers(page, self);
  await page.keyboard.press('Enter');
  await savedNumber(page, 2);
  await shot(page, 'surveys-entry-desktop');
  // Form 7 is a mistake: entered, then deleted from the latest forms (after a confirmation).
  await tapAnswers(page, [1, 1, 1, 1, 1, 1, 1]);
  await page.getByTestId('su-save').click();
  await savedNumber(page, 3);
  await page.getByTestId('su-tab-results').click();
  const newest = page.getByTestId('su-form-row').first();
  await newest.waitFor();
  assert.equal(await page.getByTestId('su-form-row').count(), 7);
  await newest.getByTestId('su-delete-form').click();
  await page.getByTestId('confirm').click();
  await page.getByTestId('su-form-row').nth(5).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=su-form-row]').length === 6);

  // Results: the §8 formulas over those answers.
  const checkResults = async () => {
    await page.getByTestId('su-tab-results').click();
    await page.getByTestId('su-overall-index').waitFor();
    assert.equal(await page.getByTestId('su-survey-index').textContent(), pct(s.index));
    assert.equal(await page.getByTestId('su-survey-rate').textContent(), pct(s.rate));
    assert.equal(await page.getByTestId('su-self-index').textContent(), pct(own.index));
    assert.equal(await page.getByTestId('su-self-rate').textContent(), pct(own.rate));
    assert.equal(await page.getByTestId('su-overall-index').textContent(), pct(overallIndex));
    assert.equal(await page.getByTestId('su-overall-rate').textContent(), pct(overallRate));
  };
  await checkResults();
  assert.equal(pct(overallIndex), '73.0%');
  // The competitor is compared, not counted.
  const them = page.getByTestId('su-competitor-row').filter({ hasText: '竞品甲' });
  await them.waitFor();
  assert.match(await them.textContent(), new RegExp(pct(figures([rival]).index).replace('.', '\\.')));
  // Dissatisfied items of the survey part: function, reliability, appearance (dissatisfied) and
  // packaging (very dissatisfied), once each; of the self-assessment: after-sales service.
  const dis = page.getByTestId('su-dissatisfied-survey').getByTestId('su-dissatisfied-row');
  assert.equal(await dis.count(), 4);
  for (let i = 0; i < 4; i++) assert.equal(await dis.nth(i).getByTestId('su-frequency').textContent(), '1');
  assert.equal(await page.getByTestId('su-dissatisfied-self').getByTestId('su-dissatisfied-row').count(), 1);
  await shot(page, 'surveys-results-desktop');

  // Targets: invalid input is refused next to the field; an index target above the result
  // gives a shortfall (the rate target below it does not).
  await page.getByTestId('su-tab-targets').click();
  await fill(page, 'su_target_index', '120');
  await page.getByTestId('su-save-target').click();
  await page.locator('#f-su_target_index-error').filter({ hasText: cjk }).waitFor();
  await fill(page, 'su_target_index', '80');
  await fill(page, 'su_target_rate', '80');
  await page.getByTestId('su-save-target').click();
  await page.getByTestId('su-target-list').waitFor();
  const shortfall = page.getByTestId('su-shortfall');
  await shortfall.first().waitFor();
  assert.equal(await shortfall.count(), 1);
  assert.equal(await shortfall.first().getAttribute('data-measure'), 'index');
  assert.match(await shortfall.first().textContent(), /73\.0%/);

  // An improvement plan from it: the topic is prefilled; responsible person, actions and due date added.
  await shortfall.first().getByTestId('su-open-plan').click();
  await page.getByTestId('su-plan-form').waitFor();
  const topic = await page.locator('#f-su_plan_topic').inputValue();
  assert.match(topic, /73\.0%/);
  assert.match(topic, /80\.0%/);
  await page.getByTestId('su-save-plan').click();
  await page.locator('#f-su_plan_responsible-error').filter({ hasText: cjk }).waitFor();
  await page.locator('#f-su_plan_responsible').selectOption({ index: 1 });
  await fill(page, 'su_plan_actions', '交货期与包装整改，每周检查');
  await fill(page, 'su_plan_due', day(30));
  await page.getByTestId('su-save-plan').click();
  await page.getByTestId('su-plan').filter({ hasText: '交货期与包装整改' }).waitFor();
  // Back on the targets, the shortfall shows its plan.
  await page.getByTestId('su-tab-targets').click();
  await page.getByTestId('su-shortfall-plan').waitFor();
  assert.equal(await page.getByTestId('su-open-plan').count(), 0);

  // A plan past its due date is flagged; one is closed with its outcome.
  await page.getByTestId('su-tab-plans').click();
  await page.getByTestId('su-new-plan').click();
  await fill(page, 'su_plan_topic', '售后响应慢');
  await page.locator('#f-su_plan_responsible').selectOption({ index: 1 });
  await fill(page, 'su_plan_actions', '增加售后人员值班');
  await fill(page, 'su_plan_opened', day(-40));
  await fill(page, 'su_plan_due', day(-10));
  await page.getByTestId('su-save-plan').click();
  const late = page.getByTestId('su-plan').filter({ hasText: '售后响应慢' });
  await late.waitFor();
  assert.equal(await late.getAttribute('data-state'), 'overdue');
  assert.match(await late.getByTestId('su-plan-state').textContent(), /逾期 10 天/);
  await page.getByTestId('su-plans-overdue').waitFor();
  await late.getByTestId('su-close-plan').click();
  await page.getByTestId('su-confirm-close').click();
  await page.locator('#f-su_plan_outcome-error').filter({ hasText: cjk }).waitFor();
  await fill(page, 'su_plan_outcome', '响应时间降到 4 小时内');
  await page.getByTestId('su-confirm-close').click();
  await page.getByTestId('su-plan').filter({ hasText: '售后响应慢' }).waitFor({ state: 'detached' });
  await page.getByTestId('su-plans-closed').click();
  await page.getByTestId('su-plan').filter({ hasText: '响应时间降到 4 小时内' }).waitFor();
  await shot(page, 'surveys-plans-desktop');

  // Reload: the forms, the target and the plans are still there.
  await page.reload();
  await ready(page);
  await checkResults();
  await page.getByTestId('su-tab-targets').click();
  await page.getByTestId('su-shortfall-plan').waitFor();
  assert.equal(await page.locator('#f-su_target_index').inputValue(), '80');
  await page.getByTestId('su-tab-plans').click();
  await page.getByTestId('su-plan').filter({ hasText: '交货期与包装整改' }).waitFor();

  // English: the labels of the results and entry tabs have no Chinese left.
  await page.getByTestId('lang').selectOption('en');
  for (const tab of ['results', 'entry', 'targets', 'due']) {
    await page.getByTestId(`su-tab-${tab}`).click();
    await page.waitForTimeout(200);
    const text = await page.evaluate(() => {
      const main = document.querySelector('main').cloneNode(true);
      for (const e of main.querySelectorAll('td, option, [data-testid=su_customer-chosen], .su-causes, .su-open-q, input, textarea')) e.remove();
      return main.innerText;
    });
    const rest = text.replace(/竞品甲/g, '');
    assert.doesNotMatch(rest, cjk, `Chinese left on the English ${tab} tab: ${rest.match(new RegExp(`.{0,20}${cjk.source}.{0,20}`))?.[0]}`);
  }
  await page.getByTestId('su-tab-results').click();
  await shot(page, 'surveys-results-en');
  await page.getByTestId('lang').selectOption('zh');

  // Print: the blank form, boxes for each item and level, only the form on paper.
  await page.getByTestId('su-tab-print').click();
  const sheet = page.getByTestId('su-sheet');
  await sheet.waitFor();
  assert.equal(await sheet.locator('.su-grid tbody tr').count(), 7);
  assert.equal(await sheet.locator('.su-grid tbody .su-box').count(), 35);
  await page.evaluate(() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; });
  await page.getByTestId('su-print').click();
  assert.equal(await page.evaluate(() => window.__printed), 1);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('header.top').isVisible(), false, 'the header is not printed');
  assert.equal(await page.locator('.survey-tabs').isVisible(), false, 'the tabs are not printed');
  assert.equal(await sheet.isVisible(), true);
  await page.screenshot({ path: new URL('./artifacts/surveys-print.png', import.meta.url).pathname, fullPage: true });
  await page.emulateMedia({ media: 'screen' });

  // A tablet: no sideways scrolling on the entry and results tabs; level buttons ≥ 44 px.
  await page.setViewportSize(TABLET);
  for (const tab of ['entry', 'results', 'templates', 'plans', 'targets']) {
    await go(page, `#/surveys?tab=${tab}`);
    await page.waitForTimeout(300);
    assert.equal(await scrollsSideways(page), false, `${tab} scrolls sideways: ${JSON.stringify(await overflowing(page))}`);
    await shot(page, `surveys-${tab}-tablet`);
  }
  await go(page, '#/surveys?tab=entry');
  const box = await page.locator('.su-level').first().boundingBox();
  assert.ok(box.height >= 44 && box.width >= 44, `level button ${box.width}×${box.height}`);
  await page.setViewportSize(DESKTOP);

  assert.deepEqual(errors, []);
  await context.close();
});
