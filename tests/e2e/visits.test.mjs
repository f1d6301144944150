// End-to-end: the customer page's service section (DOMAIN.md §10, after-sales of §3). On a
// small demo firm, the customer with the most sales (a key account): a call and a promotion
// (budget and cost) are recorded and shown in the timeline; a missing date and a negative cost
// are refused next to their field and write nothing; a delivery put into use 14 months ago
// shows the twelfth (last monthly) return visit overdue and the next one a quarter after the
// year; the return visit recorded from the delivery is matched to it and moves the key
// account's visit plan; a repair goes from being repaired to closed with the customer's
// feedback; after a reload everything is still there. English shows no Chinese label; a tablet
// does not scroll sideways; screenshots at both sizes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openApp, ready, fill, valueIs, loadDemo, scrollsSideways, overflowing, shot, TABLET } from './harness.mjs';

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

/** A day as the form takes it (the browser's local day, like the app's "today"). */
function iso(d) {
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}
/** 2026年3月5日, as the Chinese page writes a day. */
function zh(d) {
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`;
}
/** The first of the month `months` after (or before) `d`'s month. */
function firstOf(d, months) {
  return new Date(d.getFullYear(), d.getMonth() + months, 1);
}
function daysBetween(a, b) {
  return Math.round((Date.UTC(b.getFullYear(), b.getMonth(), b.getDate()) - Date.UTC(a.getFullYear(), a.getMonth(), a.getDate())) / 86_400_000);
}

async function entries(service) {
  return service.getByTestId('timeline-entry').count();
}

test('the service section: timeline, refused input, deliveries and their return visits, a repair to closed, kept after a reload', async () => {
  const { context, page, errors } = await openApp(browser, server.base);
  await loadDemo(page, server.base, 200, 3000);
  // The customer with the most sales: ABC class A, so a key account once the scores are in.
  await page.goto(server.base + '#/customers?sort=sales&desc=1');
  await ready(page);
  await page.getByTestId('customer-row').first().click();
  const service = page.getByTestId('service');
  await service.waitFor();
  const customerHash = new URL(page.url()).hash;
  const id = customerHash.split('/')[2];

  // The links start a complaint, a survey and a contract for this customer.
  assert.equal(await service.getByTestId('cs-start-complaint').getAttribute('href'), `#/complaint/new?customer=${id}`);
  assert.equal(await service.getByTestId('cs-start-survey').getAttribute('href'), `#/surveys?tab=entry&customer=${id}`);
  assert.equal(await service.getByTestId('cs-start-contract').getAttribute('href'), `#/contract/new?customer=${id}`);

  const today = new Date();
  const before = await entries(service);

  // A call: without a date it is refused next to the date field, and nothing is written.
  await service.getByTestId('cs-record').click();
  await page.locator('#f-cs_kind').selectOption('2');
  assert.equal(await page.locator('#f-cs_date').inputValue(), iso(today), 'today by default');
  assert.notEqual(await page.locator('#f-cs_staff').inputValue(), '', "done by the customer's owner by default");
  await fill(page, 'cs_date', '');
  await fill(page, 'cs_summary', 'E2E 电话确认交货时间');
  await service.getByTestId('cs-save').click();
  await page.locator('#f-cs_date-error').filter({ hasText: '此项必填' }).waitFor();
  assert.equal(await entries(service), before, 'nothing written');
  await fill(page, 'cs_date', iso(today));
  await service.getByTestId('cs-save').click();
  await service.getByTestId('cs-form').waitFor({ state: 'detached' });
  const call = service.locator('[data-testid=timeline-entry][data-kind=call]').filter({ hasText: 'E2E 电话确认交货时间' });
  await call.waitFor();
  assert.match(await call.textContent(), new RegExp(zh(today)));
  assert.equal(await entries(service), before + 1);

  // A promotion: a negative cost is refused next to the cost; then recorded with its money.
  await service.getByTestId('cs-record').click();
  await page.locator('#f-cs_kind').selectOption('4');
  await fill(page, 'cs_summary', 'E2E 双十二门店促销');
  await fill(page, 'cs_plan', '满 2000 送赠品，现场讲解');
  await fill(page, 'cs_budget', '3000');
  await fill(page, 'cs_cost', '-5');
  await fill(page, 'cs_evaluation', '活动期间销量上升');
  await service.getByTestId('cs-save').click();
  await page.locator('#f-cs_cost-error').filter({ hasText: '不能为负数' }).waitFor();
  assert.equal(await page.locator('#f-cs_cost').getAttribute('aria-invalid'), 'true');
  assert.equal(await entries(service), before + 1, 'nothing written');
  await fill(page, 'cs_cost', '2450');
  await service.getByTestId('cs-save').click();
  const promo = service.locator('[data-testid=timeline-entry][data-kind=promotion]').filter({ hasText: 'E2E 双十二门店促销' });
  await promo.waitFor();
  const promoText = await promo.textContent();
  assert.match(promoText, /预算 ¥3,000\.00 · 实际费用 ¥2,450\.00 · 结余 ¥550\.00/);
  assert.match(promoText, /满 2000 送赠品/);
  assert.match(promoText, /效果评估：活动期间销量上升/);
  // The timeline is newest first and can be narrowed to one kind.
  await page.locator('#f-cs_filter').selectOption('promotion');
  assert.equal(await service.locator('[data-testid=timeline-entry]:not([data-kind=promotion])').count(), 0);
  await promo.waitFor();
  await page.locator('#f-cs_filter').selectOption('');

  // A delivery put into use on the first of the month 14 months ago: monthly visits for a year
  // (the 12th on the first of the month two months ago), then quarterly (the 13th 15 months in).
  const inUse = firstOf(today, -14);
  const twelfth = firstOf(today, -2);
  const thirteenth = firstOf(today, 1);
  await service.getByTestId('cs-add-delivery').click();
  await fill(page, 'dl_description', 'E2E 三号生产线');
  await fill(page, 'dl_delivered_on', iso(new Date(inUse.getFullYear(), inUse.getMonth(), inUse.getDate() - 10)));
  await fill(page, 'dl_in_use_since', iso(inUse));
  await fill(page, 'dl_visits_until', iso(new Date(inUse.getFullYear(), inUse.getMonth() - 1, 1)));
  await service.getByTestId('cs-save-delivery').click();
  await page.locator('#f-dl_visits_until-error').filter({ hasText: /不能早于/ }).waitFor();
  assert.equal(await service.getByTestId('delivery').count(), 0, 'nothing written');
  await fill(page, 'dl_visits_until', '');
  await service.getByTestId('cs-save-delivery').click();
  const delivery = service.getByTestId('delivery').filter({ hasText: 'E2E 三号生产线' });
  await delivery.waitFor();
  assert.equal((await delivery.getByTestId('rv-current').textContent()).trim(), `第 12 次回访 · ${zh(twelfth)}`);
  assert.equal((await delivery.getByTestId('rv-state').textContent()).trim(), `逾期 ${daysBetween(twelfth, today)} 天`);
  assert.equal((await delivery.getByTestId('rv-next').textContent()).trim(), `下次回访 ${zh(thirteenth)}`);
  assert.equal((await delivery.getByTestId('rv-last').textContent()).trim(), '尚未回访');
  assert.match(await delivery.getByTestId('rv-missed').textContent(), /漏访 11 次/);
  assert.match(await delivery.getAttribute('class'), /\bdue\b/, 'flagged');

  // "Record the return visit" opens the form for the delivery; the visit settles the 12th.
  await delivery.getByTestId('rv-record').click();
  await valueIs(page.locator('#f-cs_kind'), '1', 'a return visit');
  await valueIs(page.locator('#f-cs_delivery'), await delivery.getAttribute('data-id'), 'for this delivery');
  await page.waitForFunction(() => document.activeElement?.id === 'f-cs_summary');
  await fill(page, 'cs_summary', 'E2E 回访：设备运行正常');
  await service.getByTestId('cs-save').click();
  await delivery.getByTestId('rv-state').filter({ hasText: '已回访' }).waitFor();
  assert.equal((await delivery.getByTestId('rv-last').textContent()).trim(), `上次回访 ${zh(today)}`);
  assert.equal((await delivery.getByTestId('rv-next').textContent()).trim(), `下次回访 ${zh(thirteenth)}`);
  assert.doesNotMatch(await delivery.getAttribute('class'), /\bdue\b/);
  const visit = service.locator('[data-testid=timeline-entry][data-kind=return_visit]').filter({ hasText: 'E2E 回访：设备运行正常' });
  await visit.waitFor();
  assert.match(await visit.textContent(), /回访：E2E 三号生产线/);

  // The key account's visit plan: a visit or meeting (the return visit counts) every month.
  const plan = service.getByTestId('cs-key-plan');
  await plan.waitFor({ timeout: 120_000 });
  await plan.getByTestId('cs-key-last').filter({ hasText: zh(today) }).waitFor();
  const nextMonth = new Date(today.getFullYear(), today.getMonth() + 1, Math.min(today.getDate(), new Date(today.getFullYear(), today.getMonth() + 2, 0).getDate()));
  assert.equal((await plan.getByTestId('cs-key-next').textContent()).trim(), `下次拜访应在 ${zh(nextMonth)} 之前`);

  // A repair: the problem is required; then being repaired → awaiting feedback → closed.
  await service.getByTestId('cs-add-repair').click();
  await valueIs(page.locator('#f-rp_received_on'), iso(today), 'received today by default');
  await service.getByTestId('cs-save-repair').click();
  await page.locator('#f-rp_problem-error').filter({ hasText: '此项必填' }).waitFor();
  assert.equal(await service.getByTestId('repair').count(), 0, 'nothing written');
  await fill(page, 'rp_problem', 'E2E 电机异响');
  await service.getByTestId('cs-save-repair').click();
  const repair = service.getByTestId('repair').filter({ hasText: 'E2E 电机异响' });
  await service.locator('[data-testid=repair][data-state=open]').filter({ hasText: 'E2E 电机异响' }).waitFor();
  assert.equal((await repair.getByTestId('repair-state').textContent()).trim(), '维修中');
  await repair.getByTestId('repair-done').click();
  await valueIs(page.locator('#f-rp_done_on'), iso(today), 'done today by default');
  await service.getByTestId('cs-save-repair').click();
  await service.locator('[data-testid=repair][data-state=awaiting_feedback]').filter({ hasText: 'E2E 电机异响' }).waitFor();
  assert.equal((await repair.getByTestId('repair-state').textContent()).trim(), '待客户反馈');
  await repair.getByTestId('repair-feedback-action').click();
  await fill(page, 'rp_feedback', 'E2E 客户确认已修好');
  await service.getByTestId('cs-save-repair').click();
  await service.locator('[data-testid=repair][data-state=closed]').filter({ hasText: 'E2E 电机异响' }).waitFor();
  assert.equal((await repair.getByTestId('repair-state').textContent()).trim(), '已修复并反馈');
  assert.equal((await repair.getByTestId('repair-feedback').textContent()).trim(), 'E2E 客户确认已修好');
  await service.locator('[data-testid=timeline-entry][data-kind=repair]').filter({ hasText: 'E2E 电机异响' }).waitFor();
  await service.getByTestId('cs-timeline').scrollIntoViewIfNeeded();
  await shot(page, 'visits-1280x800');

  // After a reload everything is still there.
  await page.reload();
  await ready(page);
  await service.waitFor();
  for (const [kind, text] of [['call', 'E2E 电话确认交货时间'], ['promotion', 'E2E 双十二门店促销'], ['return_visit', 'E2E 回访：设备运行正常'], ['repair', 'E2E 电机异响']]) {
    await service.locator(`[data-testid=timeline-entry][data-kind=${kind}]`).filter({ hasText: text }).waitFor();
  }
  await delivery.getByTestId('rv-state').filter({ hasText: '已回访' }).waitFor();
  await service.locator('[data-testid=repair][data-state=closed]').filter({ hasText: 'E2E 电机异响' }).waitFor();

  // The timeline is searchable and exports what it shows.
  await service.getByTestId('timeline-search').fill('双十二');
  await service.getByTestId('timeline-count').filter({ hasText: /^共 1 条$/ }).waitFor();
  assert.equal(await service.getByTestId('timeline-entry').count(), 1);
  const [download] = await Promise.all([page.waitForEvent('download'), service.getByTestId('timeline-csv').click()]);
  const csv = (await (await download.createReadStream()).toArray().then((c) => Buffer.concat(c))).subarray(3).toString('utf8').trim().split(/\r?\n/);
  assert.equal(csv.length, 2, csv.join('\n'));
  assert.match(csv[1], /E2E 双十二门店促销/);
  assert.match(csv[1], /¥3,000\.00/);
  await service.getByTestId('timeline-search').fill('');

  // English: the section's labels are all English (names and typed texts are data).
  await page.getByTestId('lang').selectOption('en');
  await service.getByText('Service timeline').waitFor();
  await delivery.getByTestId('rv-state').filter({ hasText: 'Visited' }).waitFor();
  const labels = await service.evaluate((s) => {
    const c = s.cloneNode(true);
    for (const e of c.querySelectorAll('.cs-data')) e.remove();
    return c.innerText;
  });
  assert.doesNotMatch(labels, cjk, `Chinese left on the English service section: ${labels.match(new RegExp(`.{0,30}${cjk.source}.{0,30}`))?.[0]}`);
  await service.getByTestId('cs-timeline').scrollIntoViewIfNeeded();
  await shot(page, 'visits-en-1280x800');
  await page.getByTestId('lang').selectOption('zh');

  // A tablet: nothing scrolls sideways, with the forms open too.
  await page.setViewportSize(TABLET);
  await service.getByTestId('cs-record').click();
  await page.locator('#f-cs_kind').selectOption('5');
  await page.locator('#f-cs_handed_to').waitFor();
  assert.equal(await scrollsSideways(page), false, `sideways scroll on a tablet: ${await overflowing(page)}`);
  await shot(page, 'visits-form-800x1280');
  await service.getByTestId('cs-deliveries').scrollIntoViewIfNeeded();
  assert.equal(await scrollsSideways(page), false, `sideways scroll on a tablet: ${await overflowing(page)}`);
  await shot(page, 'visits-800x1280');

  assert.deepEqual(errors, []);
  await context.close();
});
