// End-to-end: the key-account page (issue 7). On a small demo firm, once scored, the page lists
// the class-A customers (the default rule) with their owner, sales and what they owe; a
// customer's page opens from it; it reads in English; nothing scrolls sideways on a tablet.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openApp, ready, loadDemo, scrollsSideways, overflowing, shot, TABLET } from './harness.mjs';

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

test('the key accounts are the class-A customers, with their figures', async () => {
  const { context, page, errors } = await openApp(browser, server.base);
  await loadDemo(page, server.base, 300, 6000);
  await page.goto(server.base + '#/warnings');
  await ready(page);
  await page.locator('.risk-tabs a[href="#/key-accounts"]').click();
  await page.waitForURL(/#\/key-accounts$/);
  const rows = page.getByTestId('key-account');
  await rows.first().waitFor({ timeout: 120_000 });
  const n = await rows.count();
  assert.match((await page.getByTestId('key-accounts-count').textContent()).trim(), new RegExp(`^共 ${n} 个大客户$`));
  // The default rule is ABC class A: every row is an A (the demo marks none by hand).
  const classes = await page.locator('[data-testid=key-account] td:nth-child(3)').allTextContents();
  assert.ok(classes.length === n && classes.every((c) => c.trim() === 'A'), `classes: ${classes}`);
  // Sorted by net sales, the largest first.
  const sales = (await page.locator('[data-testid=key-account] td:nth-child(4)').allTextContents()).map((t) => Number(t.replace(/[¥,]/g, '')));
  assert.deepEqual(sales, [...sales].sort((a, b) => b - a));
  assert.ok(sales[0] > 0);
  await shot(page, 'key-accounts-1280x800');

  const first = rows.first().locator('td a');
  const name = (await first.textContent()).trim();
  await first.click();
  await page.getByTestId('customer-title').filter({ hasText: name }).waitFor();

  await page.goto(server.base + '#/key-accounts');
  await ready(page);
  await page.getByTestId('lang').selectOption('en');
  await page.getByRole('heading', { name: 'Key accounts' }).waitFor();
  await page.getByText(`${n} key accounts`).waitFor({ timeout: 60_000 });
  await page.setViewportSize(TABLET);
  assert.equal(await scrollsSideways(page), false, `scrolls sideways: ${await overflowing(page)}`);
  await shot(page, 'key-accounts-800x1280');
  assert.deepEqual(errors, []);
  await context.close();
});
