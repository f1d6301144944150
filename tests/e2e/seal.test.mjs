// End-to-end: encryption at rest (issue 9) — turned on from the privacy page after the checks
// (length, repetition, the "I have a backup" box), no customer name or phone left readable in
// IndexedDB, the passphrase asked at reload (a wrong one refused, nothing read or changed), the
// scoring worker reading the encrypted store, the passphrase changed, and encryption turned off.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openApp, ready, shot, fill, loadDemo, storedAnywhere, scrollsSideways, TABLET } from './harness.mjs';

const PASS = '分店口令 2026';
const NEW_PASS = '新的口令 new one';

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

/** Reloads and waits for the passphrase screen (nothing of the app is shown before it). */
async function reloadToUnlock(page) {
  await page.reload();
  await page.getByTestId('unlock-store').waitFor({ timeout: 60_000 });
  assert.equal(await page.locator('main section.page').count(), 0, 'no page is shown while locked');
}

async function unlock(page, passphrase) {
  await fill(page, 'unlock_passphrase', passphrase);
  await page.getByTestId('unlock-submit').click();
}

test('encryption at rest: on, nothing readable in IndexedDB, passphrase at reload, change, off', async () => {
  const { context, page, errors } = await openApp(browser, server.base);
  await loadDemo(page, server.base, 40, 800);
  await go(page, '#/customers');
  const row = page.getByTestId('customer-row').first();
  const name = (await row.locator('.name').textContent()).trim();
  const phone = (await row.locator('.c-phone').textContent()).trim();
  assert.ok(name.length > 1 && phone.length > 5, `${name} ${phone}`);
  assert.ok(await storedAnywhere(page, name), 'before: the name is stored in plain text');
  assert.ok(await storedAnywhere(page, phone), 'before: the phone too');

  await go(page, '#/privacy');
  assert.match(await page.getByTestId('seal-state').textContent(), /未开启/);
  assert.match(await page.getByTestId('seal-last-export').textContent(), /还没有导出过/);
  const turnOn = async (a, b, tick) => {
    await fill(page, 'seal_pass', a);
    await fill(page, 'seal_repeat', b);
    if (tick) await page.locator('#f-seal_understood').check();
    await page.getByTestId('seal-on').click();
  };
  await turnOn('短口令', '短口令', false);
  await page.getByTestId('seal-error').getByText('口令至少需要 8 个字符').waitFor();
  await turnOn(PASS, PASS + 'x', false);
  await page.getByTestId('seal-error').getByText('两次输入的口令不一致').waitFor();
  await turnOn(PASS, PASS, false);
  await page.getByTestId('seal-error').getByText('请先勾选确认').waitFor();
  assert.ok(await storedAnywhere(page, name), 'refused attempts changed nothing');
  await turnOn(PASS, PASS, true);
  await page.getByTestId('seal-state').getByText('已开启').waitFor({ timeout: 60_000 });
  await page.getByText(/已开启加密：\d+ 个存储块已加密/).waitFor();
  assert.equal(await storedAnywhere(page, name), false, 'after: the name is nowhere in IndexedDB');
  assert.equal(await storedAnywhere(page, phone), false, 'nor the phone');
  await shot(page, 'seal-on-desktop');

  // The app goes on working, and what it writes now is sealed too.
  await go(page, '#/customer/new');
  await fill(page, 'name', '加密后新建的客户');
  await fill(page, 'phone', '0571-2468 1357');
  await page.getByTestId('save-customer').click();
  await page.getByTestId('customer-title').filter({ hasText: '加密后新建的客户' }).waitFor();
  assert.equal(await storedAnywhere(page, '加密后新建的客户'), false);

  // Reload: the passphrase first. A wrong one is refused and reads nothing.
  await reloadToUnlock(page);
  await shot(page, 'seal-unlock-desktop');
  await unlock(page, '错误的口令 wrong');
  await page.getByText('口令不正确。数据没有任何改变。').waitFor({ timeout: 30_000 });
  assert.equal(await page.locator('main section.page').count(), 0);
  await unlock(page, PASS);
  await ready(page);
  // The worker reads the encrypted store too: the dashboard is scored.
  await go(page, '#/');
  await page.getByTestId('kpis').waitFor({ timeout: 60_000 });
  assert.match(await page.getByTestId('kpi-customers').textContent(), /\/ 41$/, 'the 40 demo customers and the one added while encrypted');
  await go(page, '#/customers');
  await page.getByText(name).first().waitFor();

  // A new passphrase replaces the old one.
  await go(page, '#/privacy');
  await fill(page, 'seal_current', '不是当前口令');
  await fill(page, 'seal_pass', NEW_PASS);
  await fill(page, 'seal_repeat', NEW_PASS);
  await page.getByTestId('seal-change').click();
  await page.getByTestId('seal-error').getByText('口令不正确').waitFor({ timeout: 30_000 });
  await fill(page, 'seal_current', PASS);
  await page.getByTestId('seal-change').click();
  await page.getByText('口令已更换。以后请用新口令打开。').waitFor({ timeout: 30_000 });
  await reloadToUnlock(page);
  await unlock(page, PASS);
  await page.getByText('口令不正确。数据没有任何改变。').waitFor({ timeout: 30_000 });
  await unlock(page, NEW_PASS);
  await ready(page);

  // Off: needs the current passphrase; the data is plain again and no passphrase is asked.
  await go(page, '#/privacy');
  await fill(page, 'seal_current', NEW_PASS);
  await page.getByTestId('seal-off').click();
  await page.getByTestId('seal-state').getByText('未开启').waitFor({ timeout: 60_000 });
  assert.ok(await storedAnywhere(page, name), 'plain again');
  await page.reload();
  await ready(page);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the passphrase screen on a tablet', async () => {
  const { context, page, errors } = await openApp(browser, server.base, TABLET);
  await loadDemo(page, server.base, 5, 20);
  await go(page, '#/privacy');
  await fill(page, 'seal_pass', PASS);
  await fill(page, 'seal_repeat', PASS);
  await page.locator('#f-seal_understood').check();
  await shot(page, 'seal-form-tablet');
  await page.getByTestId('seal-on').click();
  await page.getByTestId('seal-state').getByText('已开启').waitFor({ timeout: 60_000 });
  await reloadToUnlock(page);
  assert.equal(await scrollsSideways(page), false);
  await shot(page, 'seal-unlock-tablet');
  await unlock(page, PASS);
  await ready(page);
  assert.deepEqual(errors, []);
  await context.close();
});
