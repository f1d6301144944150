// End-to-end: complaints (DOMAIN.md §9). A small demo firm; a complaint is recorded for a
// customer with a photo compressed in the browser (a wrong file is refused with the core's
// message), then taken through the seven steps to closed; closing without feedback to the
// customer is refused with the core's message next to the field and nothing is written (also
// after a reload); after a reload it is closed with its steps; the statistics count it; a
// complaint that does not stand closes at the decision, with the feedback recorded. English
// labels, no sideways scroll on a tablet, screenshots at both sizes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openApp, ready, fill, loadDemo, scrollsSideways, overflowing, shot, DESKTOP, TABLET } from './harness.mjs';

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

/** The statistics' figures shown on the list page. */
async function figures(page) {
  const stats = page.getByTestId('complaint-stats');
  await stats.waitFor();
  const n = async (id) => Number((await stats.getByTestId(id).locator('.kpi-value').textContent()).replace(/,/g, ''));
  return { total: await n('stat-total'), closed: await n('stat-closed'), notStanding: await n('stat-not-standing') };
}

/** The count in the row of `name` in one of the statistics' tables. */
async function statRow(page, table, name) {
  const row = page.getByTestId(table).getByTestId('stat-row').filter({ has: page.locator('th', { hasText: name }) });
  if (await row.count() === 0) return 0;
  return Number((await row.locator('td').first().textContent()).replace(/,/g, ''));
}

/** Fills the step form's field and saves it; waits for the form of the next step. */
async function saveStep(page, next) {
  await page.getByTestId('save-step').click();
  if (next) await page.locator(`[data-testid=step-form][data-kind=${next}]`).waitFor();
  else await page.getByTestId('complaint-closed').waitFor();
}

/** A photo as a phone takes it: a large picture (noise, so it compresses badly). */
async function bigPicture(page) {
  const b64 = await page.evaluate(async () => {
    const c = document.createElement('canvas');
    c.width = 2400; c.height = 1800;
    const ctx = c.getContext('2d');
    const img = ctx.createImageData(c.width, c.height);
    for (let i = 0; i < img.data.length; i += 4) {
      img.data[i] = Math.random() * 255; img.data[i + 1] = Math.random() * 255; img.data[i + 2] = (i / 4) % 255; img.data[i + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
    const blob = await new Promise((ok) => c.toBlob(ok, 'image/png'));
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(s);
  });
  return Buffer.from(b64, 'base64');
}

/** Records a complaint for the customer; returns its page's hash. */
async function recordComplaint(page, customerId, { against, wants, category, photo }) {
  await go(page, `#/complaint/new?customer=${customerId}`);
  await page.getByTestId('complaint-form').waitFor();
  await fill(page, 'complainant', '李经理');
  await fill(page, 'against', against);
  await fill(page, 'wants', wants);
  await page.locator('#f-category').selectOption(category);
  if (await page.locator('#f-staff').inputValue() === '') await page.locator('#f-staff').selectOption({ index: 1 });
  await fill(page, 'content', `${against}：${wants}`);
  if (photo) {
    await page.getByTestId('photo-input').setInputFiles({ name: '现场照片.png', mimeType: 'image/png', buffer: photo });
    await page.getByTestId('photo-pending').waitFor({ timeout: 30_000 });
  }
  await page.getByTestId('save-complaint').click();
  await page.waitForURL(/#\/complaint\/[0-9a-f-]{36}$/);
  await page.getByTestId('timeline-step').first().waitFor();
  return new URL(page.url()).hash;
}

test('a complaint is recorded, taken through every step to closed, counted; one that does not stand closes with feedback', async () => {
  const { context, page, errors } = await openApp(browser, server.base);
  await loadDemo(page, server.base, 300, 6000);

  // The statistics before.
  await go(page, '#/complaints');
  const before = await figures(page);
  const productionBefore = await statRow(page, 'stats-cause', '生产制造');
  assert.ok(before.total > 0, 'the demo firm has complaints');

  // A customer, and a new complaint for them from the list's button (the customer prefilled
  // from the customer's id in the address).
  await go(page, '#/customers');
  await page.getByTestId('customer-row').first().click();
  await page.waitForURL(/#\/customer\/[0-9a-f-]{36}/);
  const customerId = new URL(page.url()).hash.split('/')[2].split('?')[0];
  const customer = (await page.getByTestId('customer-title').textContent()).trim();
  await go(page, '#/complaints');
  assert.equal(await page.getByTestId('new-complaint').getAttribute('href'), '#/complaint/new');
  await go(page, `#/complaint/new?customer=${customerId}`);
  assert.equal((await page.getByTestId('cp_customer-chosen').textContent()).trim(), customer);

  // Empty fields: the core's messages next to them, in Chinese, nothing written.
  await page.getByTestId('save-complaint').click();
  for (const f of ['complainant', 'against', 'wants', 'content']) {
    await page.locator(`#f-${f}-error`).filter({ hasText: /\S/ }).waitFor();
    assert.match(await page.locator(`#f-${f}-error`).textContent(), cjk);
  }
  assert.match(page.url(), /#\/complaint\/new/);

  // A file that is no picture is refused with the core's message; a large photo is
  // compressed under the core's limit and shown as a thumbnail.
  await page.getByTestId('photo-input').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a picture') });
  await page.getByTestId('photo-error').filter({ hasText: '只能附加 JPEG、PNG 或 WebP 图片' }).waitFor();
  const photo = await bigPicture(page);
  assert.ok(photo.length > 1024 * 1024, `the picture is big before compression: ${photo.length}`);
  const hash = await recordComplaint(page, customerId, { against: '水泥 42.5级 批号 KH-2612', wants: '换货并赔偿运费', category: 'ProductQuality', photo });
  assert.equal((await page.getByTestId('complaint-stage').textContent()).trim(), '待判定');
  const record = page.locator('[data-testid=timeline-step][data-kind=record]');
  await record.getByTestId('step-photo').waitFor();
  const src = await record.locator('img').getAttribute('src');
  assert.match(src, /^data:image\/jpeg;base64,\/9j\//);
  const stored = Buffer.from(src.split(',')[1], 'base64').length;
  assert.ok(stored <= 512 * 1024, `compressed to at most 512 KB: ${stored}`);

  // Only the next step can be recorded: the decision.
  assert.equal(await page.getByTestId('step-form').count(), 1);
  assert.equal(await page.getByTestId('step-form').getAttribute('data-kind'), 'decide');
  await page.getByTestId('stands-yes').check();
  await fill(page, 'told_customer', '已电话告知客户投诉成立，三日内答复处理方案');
  await saveStep(page, 'assign');
  await page.locator('#f-department').selectOption({ index: 1 });
  await fill(page, 'content', '请质量部核查该批次');
  await saveStep(page, 'cause');
  await page.locator('#f-cause_code').selectOption('production');
  await fill(page, 'content', '第 3 批包装封口不严，受潮结块');
  await saveStep(page, 'propose');
  await fill(page, 'content', '更换 20 袋并承担运费');
  await page.locator('#f-accepted').selectOption('yes');
  await fill(page, 'told_customer', '方案已告知客户，客户同意');
  await saveStep(page, 'implement');
  await fill(page, 'content', '11 月 30 日已送货更换');
  await saveStep(page, 'evaluate');

  // Closing without feedback to the customer: refused, the core's message next to the field,
  // nothing written.
  await fill(page, 'content', '客户满意，问题已解决');
  await fill(page, 'prevention', '封口工序增加抽检');
  await page.getByTestId('save-step').click();
  const feedback = page.locator('#f-told_customer-error');
  await feedback.filter({ hasText: '投诉不能在没有反馈客户的情况下结束' }).waitFor();
  assert.equal(await page.getByTestId('timeline-step').count(), 6);
  assert.equal((await page.getByTestId('complaint-stage').textContent()).trim(), '待评估');
  await shot(page, 'complaint-feedback-refused-1280x800');
  await page.reload();
  await ready(page);
  await page.getByTestId('timeline').waitFor();
  assert.equal(await page.getByTestId('timeline-step').count(), 6, 'nothing was written');
  assert.equal(await page.getByTestId('step-form').getAttribute('data-kind'), 'evaluate');

  // With the feedback it closes.
  await fill(page, 'content', '客户满意，问题已解决');
  await fill(page, 'prevention', '封口工序增加抽检');
  await fill(page, 'accountability', '包装班组通报批评');
  await fill(page, 'told_customer', '已回访客户，告知处理结果和改进措施');
  await saveStep(page, null);
  assert.equal((await page.getByTestId('complaint-stage').textContent()).trim(), '已结案');

  // After a reload: closed, with its seven steps, who did them and what the customer was told.
  await page.reload();
  await ready(page);
  await page.getByTestId('complaint-closed').waitFor();
  assert.equal((await page.getByTestId('complaint-stage').textContent()).trim(), '已结案');
  const kinds = await page.getByTestId('timeline-step').evaluateAll((els) => els.map((e) => e.dataset.kind));
  assert.deepEqual(kinds, ['record', 'decide', 'assign', 'cause', 'propose', 'implement', 'evaluate']);
  for (const s of await page.getByTestId('step-staff').allTextContents()) assert.ok(s.trim().length > 0, 'each step says who');
  const timeline = await page.getByTestId('timeline').textContent();
  for (const t of ['已电话告知客户投诉成立', '方案已告知客户，客户同意', '已回访客户，告知处理结果和改进措施', '封口工序增加抽检', '生产制造', '客户已接受']) {
    assert.ok(timeline.includes(t), `the timeline shows ${t}`);
  }
  await page.locator('[data-testid=timeline-step][data-kind=record]').getByTestId('step-photo').waitFor();
  assert.equal(await page.getByTestId('step-form').count(), 0, 'nothing follows a closed complaint');
  await shot(page, 'complaint-closed-1280x800');

  // The list finds it, closed; the statistics count it.
  await go(page, '#/complaints');
  await page.getByTestId('complaint-search').fill('kh-2612');
  const row = page.locator(`[data-testid=complaint-row][data-id="${hash.split('/')[2]}"]`);
  await row.waitFor();
  assert.equal(await page.getByTestId('complaint-row').count(), 1);
  assert.equal((await row.getByTestId('complaint-customer').textContent()).trim(), customer);
  assert.match(await row.getByTestId('complaint-stage').textContent(), /已结案/);
  await page.getByTestId('filter-stage').selectOption('open');
  await page.getByText('没有符合条件的投诉。').waitFor();
  await page.getByTestId('filter-stage').selectOption('closed');
  await row.waitFor();
  await page.getByTestId('complaint-search').fill('');
  const after1 = await figures(page);
  assert.equal(after1.total, before.total + 1);
  assert.equal(after1.closed, before.closed + 1);
  assert.equal(await statRow(page, 'stats-cause', '生产制造'), productionBefore + 1);
  await shot(page, 'complaints-list-1280x800');

  // A complaint that does not stand: refused without feedback, closed with it.
  const hash2 = await recordComplaint(page, customerId, { against: '11 月订单送货时间', wants: '要求赔偿', category: 'LateDelivery' });
  await page.getByTestId('stands-no').check();
  await page.getByTestId('closes-hint').waitFor();
  await page.getByTestId('save-step').click();
  await feedback.filter({ hasText: '投诉不能在没有反馈客户的情况下结束' }).waitFor();
  assert.equal(await page.getByTestId('timeline-step').count(), 1);
  await fill(page, 'told_customer', '经核实按合同约定日期送达，已向客户说明');
  await saveStep(page, null);
  assert.equal((await page.getByTestId('complaint-stage').textContent()).trim(), '投诉不成立，已结案');
  await page.reload();
  await ready(page);
  await page.getByTestId('complaint-closed').waitFor();
  assert.ok((await page.getByTestId('timeline').textContent()).includes('已向客户说明'));
  await go(page, '#/complaints');
  const after2 = await figures(page);
  assert.equal(after2.total, before.total + 2);
  assert.equal(after2.notStanding, before.notStanding + 1);

  // English: labels in English (names and typed texts are data).
  await page.getByTestId('lang').selectOption('en');
  await page.getByText('Complaint statistics').waitFor();
  const listText = await page.evaluate(() => {
    const main = document.querySelector('main').cloneNode(true);
    for (const e of main.querySelectorAll('[data-testid=complaint-customer], .cp-list td:nth-child(5), [data-testid=stats-department] th[scope=row], [data-testid=filter-department]')) e.remove();
    return main.innerText;
  });
  assert.doesNotMatch(listText, cjk, `Chinese left on the English list: ${listText.match(new RegExp(`.{0,20}${cjk.source}.{0,20}`))?.[0]}`);
  await shot(page, 'complaints-list-en-1280x800');
  await go(page, hash2);
  await page.getByText('Closed: the complaint does not stand').first().waitFor();
  await shot(page, 'complaint-en-1280x800');

  // A tablet, portrait: nothing scrolls sideways.
  await page.getByTestId('lang').selectOption('zh');
  await page.setViewportSize(TABLET);
  for (const [h, tag] of [['#/complaints', 'complaints-list'], [hash, 'complaint-closed'], [`#/complaint/new?customer=${customerId}`, 'complaint-new']]) {
    await go(page, h);
    await page.locator('main section.page h1').first().waitFor();
    assert.equal(await scrollsSideways(page), false, `${tag} scrolls sideways: ${await overflowing(page)}`);
    await shot(page, `${tag}-800x1280`);
  }
  await page.setViewportSize(DESKTOP);

  assert.deepEqual(errors, []);
  await context.close();
});
