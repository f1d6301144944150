// End-to-end: who is working and the lock (issue 9). A staff member is chosen in the header;
// a change to a customer records them in its history; a PIN is set on the staff page (a bad one
// is refused next to its field); "lock now" covers the app and the PIN opens it again (a wrong
// one is refused, nothing behind the lock can be used); a reload starts locked; the idle lock
// closes the app after its minutes (the browser's clock is moved on, not waited for); a passphrase
// can replace the PIN and opens the lock. English labels, no sideways scroll on a tablet,
// screenshots at both sizes.
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

/** Opens the lock with `pin` and waits until it is gone. */
async function unlock(page, pin) {
  const lock = page.getByTestId('lock-screen');
  await lock.getByTestId('who-pin').fill(pin);
  await lock.getByTestId('who-submit').click();
  await lock.waitFor({ state: 'detached' });
}

test('a staff member signs in, sets a PIN, locks and unlocks; a reload and the idle time lock again', async () => {
  const { context, page, errors } = await openApp(browser, server.base);
  await loadDemo(page, server.base, 30, 300);

  // Nobody chosen yet: the chip asks who is working.
  await go(page, '#/customers');
  const chip = page.getByTestId('who-chip');
  assert.equal((await chip.textContent()).trim(), '谁在使用？');
  await chip.click();
  const dialog = page.getByTestId('who-dialog');
  await dialog.getByTestId('who-submit').click();
  await dialog.getByTestId('who-error').filter({ hasText: '请选择员工' }).waitFor();
  await dialog.getByTestId('who-staff').selectOption({ index: 1 });
  const staffName = (await dialog.getByTestId('who-staff').locator('option:checked').textContent()).trim();
  await dialog.getByTestId('who-submit').click();
  await dialog.waitFor({ state: 'detached' });
  assert.equal((await chip.textContent()).trim(), staffName);

  // A change is recorded as theirs.
  await page.getByTestId('customer-row').first().click();
  await page.waitForURL(/#\/customer\/[0-9a-f-]{36}/);
  await fill(page, 'notes', '周五上午拜访，带新样品');
  await page.getByTestId('save-customer').click();
  await page.getByTestId('history-entry').filter({ hasText: `操作人：${staffName}` }).first().waitFor();

  // Their PIN, on the staff page: a bad one is refused next to the field, then one is set.
  await go(page, '#/staff');
  const row = page.getByTestId('staff-row').filter({ hasText: staffName });
  await row.getByTestId('staff-pin').click();
  const form = page.getByTestId('pin-form');
  await fill(page, 'new_pin', '12');
  await form.getByTestId('save-pin').click();
  await page.locator('#f-new_pin-error').filter({ hasText: '应为 4–12 位数字的 PIN，或至少 8 个字符的口令' }).waitFor();
  await fill(page, 'new_pin', '2468');
  await form.getByTestId('save-pin').click();
  await form.waitFor({ state: 'detached' });

  // Lock now: the app is covered and cannot be used; a wrong PIN is refused; the right one opens it.
  await chip.click();
  await page.getByTestId('lock-now').click();
  const lock = page.getByTestId('lock-screen');
  await lock.waitFor();
  assert.equal(await page.locator('main').getAttribute('inert'), '', 'the page behind the lock is inert');
  await shot(page, 'lock-1280x800');
  await lock.getByTestId('who-pin').fill('1111');
  await lock.getByTestId('who-submit').click();
  await lock.getByTestId('who-error').filter({ hasText: 'PIN 或口令不正确' }).waitFor();
  await unlock(page, '2468');
  assert.equal(await page.locator('main').getAttribute('inert'), null);

  // A reload starts locked for a user with a PIN.
  await page.reload();
  await lock.waitFor({ timeout: 60_000 });
  await page.setViewportSize(TABLET);
  assert.equal(await scrollsSideways(page), false, `the lock scrolls sideways: ${await overflowing(page)}`);
  await shot(page, 'lock-800x1280');
  await page.setViewportSize(DESKTOP);
  await unlock(page, '2468');

  // The idle lock: one minute without a tap or key.
  await chip.click();
  await fill(page, 'lock_minutes', '1');
  await page.getByTestId('who-dialog').getByRole('button', { name: '关闭' }).click();
  await page.clock.install();
  // The idle check runs every 10 s; once it has run under the installed clock, move time on.
  await page.waitForTimeout(11_000);
  await page.clock.fastForward('01:30');
  await lock.waitFor({ timeout: 15_000 });
  await unlock(page, '2468');

  // English.
  await page.getByTestId('lang').selectOption('en');
  await chip.click();
  await page.getByTestId('who-dialog').getByText('Who is using this device').waitFor();
  await page.getByTestId('lock-now').click();
  await lock.getByText('The app is locked').waitFor();
  await lock.getByText('Unlock').waitFor();
  await shot(page, 'lock-en-1280x800');
  await unlock(page, '2468');

  // A passphrase instead of the PIN (the current PIN is asked for): it opens the lock, the old PIN no longer does.
  await page.getByTestId('lang').selectOption('zh');
  await go(page, '#/staff');
  await page.getByTestId('staff-row').filter({ hasText: staffName }).getByTestId('staff-pin').click();
  await fill(page, 'old_pin', '2468');
  await fill(page, 'new_pin', '春眠不觉晓');
  await form.getByTestId('save-pin').click();
  await page.locator('#f-new_pin-error').filter({ hasText: '至少 8 个字符的口令' }).waitFor();
  await fill(page, 'new_pin', '春眠不觉晓 处处闻啼鸟');
  await form.getByTestId('save-pin').click();
  await form.waitFor({ state: 'detached' });
  await chip.click();
  await page.getByTestId('lock-now').click();
  await lock.waitFor();
  await lock.getByTestId('who-pin').fill('2468');
  await lock.getByTestId('who-submit').click();
  await lock.getByTestId('who-error').filter({ hasText: 'PIN 或口令不正确' }).waitFor();
  await unlock(page, '春眠不觉晓 处处闻啼鸟');

  assert.deepEqual(errors, []);
  await context.close();
});
