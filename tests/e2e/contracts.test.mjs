// End-to-end: contracts and the to-do list (issue 6). On a small demo firm a contract is
// refused while its fields are wrong (messages next to the fields, nothing written), saved for
// a customer with the customer's details filled in, shows as expiring, appears in the to-do
// list as a renewal, is renewed by a copy that starts the day after it ends, and then leaves the
// to-do list. The printed copy, the owner filter, English, a reload, and a tablet.
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

/** A day as the date input wants it, `days` from today (the browser's clock is this machine's). */
function isoDay(days) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

const cjk = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;

test('a contract is checked, saved, expires, is renewed from the to-do list, and prints', async () => {
  const { context, page, errors } = await openApp(browser, server.base);
  await loadDemo(page, server.base, 200, 3000);
  await go(page, '#/customers');
  const name = (await page.getByTestId('customer-row').first().locator('.name').textContent()).trim();

  await go(page, '#/contracts');
  await page.getByTestId('contracts-empty').waitFor();
  await page.getByTestId('new-contract').click();
  await page.getByTestId('contract-form').waitFor();

  // Nothing filled in but our firm's name: every required field says why, nothing is written.
  await fill(page, 'number', ' ');
  await page.getByTestId('save-contract').click();
  for (const field of ['number', 'subject', 'signed_on', 'valid_from', 'their_party']) {
    await page.locator(`#f-${field}-error`).filter({ hasText: /\S/ }).waitFor();
    assert.match(await page.locator(`#f-${field}-error`).textContent(), cjk, field);
  }
  await page.getByTestId('notice').filter({ hasText: '请先修正标出的字段' }).waitFor();
  await page.locator('.customer-picker .field-error').filter({ hasText: '客户不存在' }).waitFor();

  // The customer, found by name: their name becomes the other party.
  await fill(page, 'contract_customer', name);
  await page.locator('.customer-picker .picks button').filter({ hasText: name }).first().click();
  assert.equal((await page.getByTestId('contract_customer-chosen').textContent()).trim(), name);
  assert.equal(await page.locator('#f-their_party').inputValue(), name);
  await fill(page, 'number', 'HT-2026-001');
  await fill(page, 'subject', '水泥 P.O 42.5，每月 200 吨，单价 355 元/吨');
  await fill(page, 'signed_on', isoDay(-350));
  await fill(page, 'valid_from', isoDay(-345));
  // The end before the start is refused next to the end.
  await fill(page, 'valid_to', isoDay(-400));
  await page.getByTestId('save-contract').click();
  await page.locator('#f-valid_to-error').filter({ hasText: '不能早于' }).waitFor();
  await fill(page, 'valid_to', isoDay(10));
  await fill(page, 'their_tax_number', '12345');
  await page.getByTestId('save-contract').click();
  await page.locator('#f-their_tax_number-error').filter({ hasText: /\S/ }).waitFor();
  // Still nothing stored.
  assert.equal(await page.evaluate(() => location.hash), '#/contract/new');
  await fill(page, 'their_tax_number', '');
  await page.getByTestId('save-contract').click();
  await page.waitForURL(/#\/contract\/[0-9a-f-]{36}$/);
  await page.getByTestId('contract-validity').filter({ hasText: '即将到期 · 还剩 10 天' }).waitFor();
  const first = await page.evaluate(() => location.hash);
  await shot(page, 'contract-1280x800');

  // A second contract may not take the same number.
  await go(page, '#/contract/new');
  await fill(page, 'number', 'ht-2026-001');
  await page.getByTestId('save-contract').click();
  await page.locator('#f-number-error').filter({ hasText: '已有相同的值' }).waitFor();

  // The list: searchable by customer and number, with the state.
  await go(page, '#/contracts');
  const list = page.getByTestId('contracts-list');
  await list.locator('tbody tr').filter({ hasText: 'HT-2026-001' }).getByText('即将到期').waitFor();
  await page.getByTestId('contracts-search').fill('ht-2026');
  assert.equal(await list.locator('tbody tr').count(), 1);
  await page.getByTestId('contracts-search').fill('没有这个合同');
  await page.getByTestId('contracts-empty').filter({ hasText: '没有符合条件的合同' }).waitFor();

  // The to-do list asks for the renewal; the owner filter is in the URL.
  await go(page, '#/todo');
  const renewal = page.locator('[data-testid=todo-list] tr[data-kind=contract_renewal]').filter({ hasText: name });
  await renewal.waitFor({ timeout: 60_000 });
  assert.match(await renewal.textContent(), /还剩 10 天/);
  await page.getByTestId('todo-summary').waitFor();
  await shot(page, 'todo-1280x800');
  const owner = (await renewal.locator('td').nth(4).textContent()).trim();
  if (owner) {
    await page.getByTestId('todo-owner').selectOption({ label: owner });
    await page.waitForURL(/#\/todo\?owner=/);
    const owners = await page.locator('[data-testid=todo-list] tbody tr td:nth-child(5)').allTextContents();
    assert.ok(owners.length > 0 && owners.every((o) => o.trim() === owner), `only ${owner}'s items: ${owners}`);
  }

  // Renewing copies the contract, starting the day after it ends, for as long.
  await renewal.getByRole('link', { name: '处理' }).click();
  await page.waitForURL(new RegExp(first.replace('#', '#') + '$'));
  await page.getByTestId('renew-contract').click();
  await page.getByTestId('contract-form').waitFor();
  assert.equal(await page.locator('#f-valid_from').inputValue(), isoDay(11));
  assert.equal(await page.locator('#f-number').inputValue(), '');
  assert.equal(await page.locator('#f-their_party').inputValue(), name);
  await fill(page, 'number', 'HT-2027-001');
  await fill(page, 'signed_on', isoDay(0));
  await page.getByTestId('save-contract').click();
  await page.waitForURL(/#\/contract\/[0-9a-f-]{36}$/);
  await go(page, '#/todo');
  await page.getByTestId('todo-list').or(page.getByTestId('todo-empty')).first().waitFor();
  assert.equal(await page.locator('[data-testid=todo-list] tr[data-kind=contract_renewal]').filter({ hasText: name }).count(), 0);

  // After a reload both contracts are there; the old one shows as renewed.
  await page.reload();
  await go(page, '#/contracts');
  await list.locator('tbody tr').filter({ hasText: 'HT-2026-001' }).getByText('已续签').waitFor({ timeout: 60_000 });
  assert.equal(await list.locator('tbody tr').count(), 2);

  // The printed copy: the document, not the form.
  await go(page, first);
  await page.emulateMedia({ media: 'print' });
  assert.ok(await page.getByTestId('contract-doc').isVisible());
  assert.ok(!(await page.getByTestId('contract-form').isVisible()));
  assert.ok((await page.getByTestId('contract-doc').textContent()).includes('HT-2026-001'));
  await shot(page, 'contract-print');
  await page.emulateMedia({ media: 'screen' });

  // English labels.
  await page.getByTestId('lang').selectOption('en');
  await page.getByText('Contract number').first().waitFor();
  await go(page, '#/todo');
  await page.getByRole('heading', { name: 'To-do' }).waitFor();

  // A tablet, portrait: nothing scrolls sideways.
  await page.setViewportSize(TABLET);
  for (const hash of ['#/todo', '#/contracts', first]) {
    await go(page, hash);
    assert.equal(await scrollsSideways(page), false, `${hash} scrolls sideways: ${await overflowing(page)}`);
  }
  await shot(page, 'contract-800x1280');
  await go(page, '#/todo');
  await shot(page, 'todo-800x1280');

  assert.deepEqual(errors, []);
  await context.close();
});
