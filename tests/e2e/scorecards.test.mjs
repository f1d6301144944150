// End-to-end: evaluation scorecards and credit investigations on the customer page (issue 7,
// DOMAIN.md §5, §6). On a small demo firm a score of 120 is refused next to its field and
// nothing is saved; the worked example of docs/risk.md (enthusiasm 80, capability's five
// sub-criteria 100/50/50/50/50, reputation 90, relations 60) scores 72.5, shown as the latest
// total and in the history after a reload. An investigation with a current ratio of 2.0, a quick
// ratio of 0.8 and a profitability of 8.5% shows the rating the table of docs/risk.md gives
// (25 + 15 + 15 + our own record's part, scaled to 100) live, is saved and becomes the
// customer's rating. Both languages, a tablet without sideways scroll, screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, openApp, ready, fill, valueIs, loadDemo, scrollsSideways, overflowing, shot, root, TABLET, DESKTOP } from './harness.mjs';

const axeSource = fs.readFileSync(path.join(root, 'tools/node_modules/axe-core/axe.min.js'), 'utf8');

/** axe's findings on the two sections only (the rest of the page is audited elsewhere). */
async function audit(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const r = await window.axe.run({ include: [['[data-testid=scorecards]'], ['[data-testid=investigations]']] }, { resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id} (${v.impact}) ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
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

async function go(page, hash) {
  await page.goto(server.base + hash);
  await ready(page);
}

const cjk = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;

/** docs/risk.md: points ≥ 85 AAA, ≥ 70 AA, ≥ 55 A, ≥ 40 B, else C. */
function ratingOf(points) {
  return points >= 85 ? 'AAA' : points >= 70 ? 'AA' : points >= 55 ? 'A' : points >= 40 ? 'B' : 'C';
}

test('a customer is scored (72.5, kept after a reload) and investigated (the suggested rating, confirmed); bad scores are refused', async () => {
  const { context, page, errors } = await openApp(browser, server.base);
  await loadDemo(page, server.base, 40, 1500);
  await go(page, '#/customers');
  await page.getByTestId('customer-row').first().click();
  const cards = page.getByTestId('scorecards');
  await cards.waitFor();
  const customerHash = new URL(page.url()).hash;
  await cards.getByTestId('scorecard-none').waitFor();
  await cards.getByText('客户评价').first().waitFor();

  // A score of 120: refused next to its field, in Chinese; nothing is written.
  await fill(page, 'score-enthusiasm', '120');
  await cards.getByTestId('save-scorecard').click();
  const err = page.locator('#f-score-enthusiasm-error');
  await err.filter({ hasText: /\S/ }).waitFor();
  assert.match(await err.textContent(), /数值超出范围/);
  assert.equal(await page.locator('#f-score-enthusiasm').getAttribute('aria-invalid'), 'true');
  await page.reload();
  await ready(page);
  await page.getByTestId('scorecards').getByTestId('scorecard-none').waitFor();

  // The worked example of docs/risk.md: 72.5.
  const scores = { enthusiasm: 80, flexibility: 100, reach: 50, capital: 50, brands: 50, facilities: 50, reputation: 90, relations: 60 };
  for (const [key, v] of Object.entries(scores)) await fill(page, `score-${key}`, String(v));
  assert.equal(await page.locator('#f-score-enthusiasm').getAttribute('inputmode'), 'numeric');
  await cards.getByTestId('scorecard-preview').filter({ hasText: '72.5' }).waitFor();
  await fill(page, 'scorecard_note', '年终走访评分');
  await cards.getByTestId('save-scorecard').click();
  await cards.getByTestId('scorecard-total').filter({ hasText: '72.5' }).waitFor();
  assert.match(await cards.getByTestId('scorecard-complete').textContent(), /各项指标均已评分/);
  assert.equal(await page.locator('#f-score-enthusiasm').inputValue(), '', 'the form is cleared after saving');

  // After a reload: the latest total and one line of history.
  await page.reload();
  await ready(page);
  await cards.getByTestId('scorecard-total').filter({ hasText: '72.5' }).waitFor();
  const rows = cards.getByTestId('scorecard-row');
  assert.equal(await rows.count(), 1);
  assert.equal((await rows.first().getByTestId('scorecard-row-total').textContent()).trim(), '72.5');
  assert.ok((await rows.first().textContent()).includes('年终走访评分'));

  // A credit investigation: the suggestion follows the ratios as they are typed.
  const inv = page.getByTestId('investigations');
  await inv.scrollIntoViewIfNeeded();
  await inv.getByTestId('investigations-none').waitFor();
  await fill(page, 'current_ratio_bp', '2.0');
  await fill(page, 'quick_ratio_bp', '0.8');
  await fill(page, 'profitability_bp', '8.5%');
  const suggested = inv.getByTestId('suggested-rating');
  await suggested.waitFor();
  const part = async (tag) => Number(await inv.getByTestId(`ci-part-${tag}`).getAttribute('data-points'));
  assert.deepEqual([await part('current'), await part('quick'), await part('profit')], [25, 15, 15]);
  const record = await part('record');
  assert.ok([0, 5, 15, 25].includes(record), `our record's part: ${record}`);
  const points = (25 + 15 + 15 + record) * 100 / 100;
  const expected = ratingOf(points);
  assert.equal(await suggested.getAttribute('data-code'), expected);
  assert.ok((await suggested.textContent()).includes(`${points.toFixed(1)} 分`), await suggested.textContent());
  // Confirmed as suggested (the rating select left on "use the suggested rating").
  await page.locator('#f-source').selectOption('agency');
  await fill(page, 'ability_to_pay', '按期付款，无拖欠');
  await inv.getByTestId('save-investigation').click();
  const row = inv.getByTestId('investigation-row');
  await row.first().waitFor();
  assert.equal(await row.count(), 1);
  const rowText = await row.first().textContent();
  assert.ok(rowText.includes('信用调查机构') && rowText.includes('2') && rowText.includes('0.8') && rowText.includes('8.5%'), rowText);
  assert.equal((await row.first().getByTestId('investigation-rating').textContent()).trim(), expected);
  assert.equal(await inv.getByTestId('credit-rating').getAttribute('data-code'), expected);
  await shot(page, 'investigations-1280x800');

  // A second one overriding the suggestion: a loss and weak ratios, recorded as B.
  await fill(page, 'current_ratio_bp', '0.9');
  await fill(page, 'quick_ratio_bp', '0.4');
  await fill(page, 'profitability_bp', '-3');
  await suggested.waitFor();
  await page.locator('#f-rating').selectOption('B');
  await inv.getByTestId('save-investigation').click();
  await inv.getByTestId('credit-rating').filter({ hasText: /^B$/ }).waitFor();
  await page.reload();
  await ready(page);
  await inv.getByTestId('credit-rating').filter({ hasText: /^B$/ }).waitFor();
  assert.equal(await inv.getByTestId('investigation-row').count(), 2);
  assert.match(await inv.getByTestId('investigation-rating').first().textContent(), /^B（建议 [A-C]+）$/);

  await cards.scrollIntoViewIfNeeded();
  await shot(page, 'scorecards-1280x800');
  assert.deepEqual(await audit(page), [], 'axe, Chinese');

  // English: both sections without Chinese labels (the typed note and source are data).
  await page.getByTestId('lang').selectOption('en');
  await cards.getByText('Customer evaluation').first().waitFor();
  const data = ['年终走访评分', '按期付款，无拖欠', '信用调查机构', '开户银行'];
  for (const id of ['scorecards', 'investigations']) {
    let text = await page.getByTestId(id).innerText();
    for (const d of data) text = text.split(d).join('');
    assert.doesNotMatch(text, cjk, `Chinese left in ${id}: ${text.match(new RegExp(`.{0,20}${cjk.source}.{0,20}`))?.[0]}`);
  }
  assert.match(await cards.getByTestId('scorecard-complete').textContent(), /Every criterion scored/);
  assert.match(await inv.getByTestId('credit-rating-label').textContent(), /B: watch closely/);
  await fill(page, 'score-reputation', '101');
  await cards.getByTestId('save-scorecard').click();
  await page.locator('#f-score-reputation-error').filter({ hasText: 'Number out of range' }).waitFor();
  assert.equal(await cards.getByTestId('scorecard-row').count(), 1, 'nothing saved');
  await fill(page, 'score-reputation', '');
  assert.deepEqual(await audit(page), [], 'axe, English');
  await cards.scrollIntoViewIfNeeded();
  await shot(page, 'scorecards-en-1280x800');

  // A tablet, portrait: nothing scrolls sideways; the score inputs are big enough to tap.
  await page.setViewportSize(TABLET);
  for (const lang of ['en', 'zh']) {
    await page.getByTestId('lang').selectOption(lang);
    await go(page, customerHash);
    await page.getByTestId('scorecards').scrollIntoViewIfNeeded();
    await page.getByTestId('scorecard-total').waitFor();
    assert.equal(await scrollsSideways(page), false, `the customer page scrolls sideways: ${await overflowing(page)}`);
    const box = await page.locator('#f-score-enthusiasm').boundingBox();
    assert.ok(box.height >= 44, `score input height ${box.height}`);
    await shot(page, `scorecards-${lang}-800x1280`);
    await page.getByTestId('investigations').scrollIntoViewIfNeeded();
    await shot(page, `investigations-${lang}-800x1280`);
  }
  await page.setViewportSize(DESKTOP);

  assert.deepEqual(errors, []);
  await context.close();
});

test('the firm edits its criteria and weights: sums per level, refused unless 100%, sub-criteria, defaults', async () => {
  const { context, page, errors } = await openApp(browser, server.base);
  await go(page, '#/risk-settings');
  const editor = page.getByTestId('criteria-editor');
  await editor.waitFor();
  const row = (key) => editor.locator(`[data-testid=criterion][data-key=${key}]`);
  const weight = (key) => row(key).locator('.cr-weight input').first();
  const sum = editor.getByTestId('criteria-sum');
  assert.equal(await sum.getAttribute('data-sum'), '100');
  assert.match(await sum.textContent(), /合计 100%/);
  assert.equal(await editor.getByTestId('criteria-sub-sum').getAttribute('data-sum'), '100');
  assert.equal(await weight('enthusiasm').inputValue(), '25');

  // 30 + 35 + 25 + 15 = 105: the running sum says so and saving is refused.
  await weight('enthusiasm').fill('30');
  await sum.filter({ hasText: '105%' }).waitFor();
  assert.match(await sum.getAttribute('class'), /off/);
  await editor.getByTestId('save-criteria').click();
  await editor.getByTestId('criteria-error').filter({ hasText: /105/ }).waitFor();
  await page.reload();
  await ready(page);
  await editor.waitFor();
  assert.equal(await weight('enthusiasm').inputValue(), '25', 'nothing was written');

  // 30 + 35 + 25 + 10 = 100, and reputation split into two sub-criteria of 60 and 40.
  await weight('enthusiasm').fill('30');
  await weight('relations').fill('10');
  await sum.filter({ hasText: '100%' }).waitFor();
  await row('reputation').getByTestId('add-sub').click();
  await row('reputation').getByTestId('add-sub').click();
  const subs = row('reputation').locator('[data-testid=criterion]');
  assert.equal(await subs.count(), 2);
  await subs.nth(0).locator('input').nth(0).fill('按期付款');
  await subs.nth(0).locator('input').nth(1).fill('Pays on time');
  await subs.nth(0).locator('input').nth(2).fill('60');
  await subs.nth(1).locator('input').nth(0).fill('合同履约');
  await subs.nth(1).locator('input').nth(1).fill('Keeps contracts');
  await subs.nth(1).locator('input').nth(2).fill('30');
  await row('reputation').getByTestId('criteria-sub-sum').filter({ hasText: '90%' }).waitFor();
  await editor.getByTestId('save-criteria').click();
  await editor.getByTestId('criteria-sub-error').filter({ hasText: /90/ }).waitFor();
  await subs.nth(1).locator('input').nth(2).fill('40');
  await row('reputation').getByTestId('criteria-sub-sum').filter({ hasText: '100%' }).waitFor();
  await editor.getByTestId('save-criteria').click();
  await page.getByText('已保存').first().waitFor();
  await page.reload();
  await ready(page);
  await editor.waitFor();
  assert.equal(await weight('enthusiasm').inputValue(), '30');
  assert.equal(await weight('relations').inputValue(), '10');
  assert.equal(await row('reputation').locator('[data-testid=criterion]').count(), 2);
  assert.equal(await row('reputation').locator('[data-testid=criterion]').nth(0).locator('input').nth(1).inputValue(), 'Pays on time');
  await shot(page, 'criteria-1280x800');

  // English, then a tablet: no Chinese label, nothing sideways.
  await page.getByTestId('lang').selectOption('en');
  await editor.getByText('Evaluation criteria and weights').waitFor();
  await sum.filter({ hasText: 'They add up to 100%' }).waitFor();
  let text = await editor.innerText();
  const typed = await editor.locator('input').evaluateAll((es) => es.map((e) => e.value));
  for (const d of ['经营灵活性', '分销能力(下游网点与覆盖)', '资金实力', '畅销品牌数量', '仓库、车辆与人员', '按期付款', '合同履约']) text = text.split(d).join('');
  assert.doesNotMatch(text, cjk, `Chinese left in the criteria editor: ${text.match(new RegExp(`.{0,20}${cjk.source}.{0,20}`))?.[0]}`);
  assert.ok(typed.includes('Keeps contracts'));
  await page.setViewportSize(TABLET);
  await editor.scrollIntoViewIfNeeded();
  assert.equal(await scrollsSideways(page), false, `the criteria editor scrolls sideways: ${await overflowing(page)}`);
  await shot(page, 'criteria-en-800x1280');

  // Back to the defaults (not written until saved).
  await editor.getByTestId('reset-criteria').click();
  await valueIs(weight('enthusiasm'), '25', 'the default weight is filled in');
  assert.equal(await row('reputation').locator('[data-testid=criterion]').count(), 0);
  await editor.getByTestId('save-criteria').click();
  await page.getByText('Saved').first().waitFor();
  await page.reload();
  await ready(page);
  await editor.waitFor();
  assert.equal(await weight('enthusiasm').inputValue(), '25');
  assert.equal(await weight('relations').inputValue(), '15');
  await page.setViewportSize(DESKTOP);

  assert.deepEqual(errors, []);
  await context.close();
});
