// End-to-end: privacy on a customer's page (issue 9) — a contact's sensitive fields are not in
// the page until its "show sensitive details" toggle is pressed (hidden again by a second press
// and when the page is left), can be edited there, and the history says which field changed
// without printing it; a customer who is a person (a consumer) is erased behind the typed word,
// shows as erased, and an older bundle that still holds them does not bring them back; a visit
// another branch recorded before the erasure reached it is erased by the import, both ways.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { serve, launch, openApp, ready, scrollsSideways, overflowing, shot, fill, loadDemo, artifacts, DESKTOP, TABLET, storedAnywhere } from './harness.mjs';

const FAMILY = '儿子在杭州读大学';
const FAMILY_NEW = '儿子已经毕业工作';
const HEALTH = '膝盖做过手术';
const CONTACT = '按需显示测试人';
const LATE_VISIT = '还不知道要清除时的回访';

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

/** The first customer's page hash (after the demo is loaded). */
async function firstCustomer(page, n = 0) {
  await go(page, '#/customers');
  const href = await page.getByTestId('customer-row').nth(n).getAttribute('href');
  return new URL(href, server.base).hash;
}

/** Exports everything from the exchange page into `artifacts/name`; returns the path. */
async function exportTo(page, name) {
  await go(page, '#/exchange');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
  const file = path.join(artifacts, name);
  await download.saveAs(file);
  return file;
}

/** Imports `file` on the exchange page and applies it. */
async function importAll(page, file) {
  await go(page, '#/exchange');
  await page.getByTestId('import-file').setInputFiles(file);
  await page.getByTestId('import-preview').waitFor({ timeout: 60_000 });
  await page.getByTestId('import-apply').click();
  await page.getByTestId('notice').filter({ hasText: '已导入' }).waitFor({ timeout: 60_000 });
}

/** Adds a contact with sensitive fields on the open customer page. */
async function addContact(page, name) {
  await page.getByTestId('add-contact').click();
  await fill(page, 'contact_name', name);
  await page.locator('form.card details summary').click();
  await fill(page, 'contact_family', FAMILY);
  await fill(page, 'contact_health', HEALTH);
  await page.getByTestId('save-contact').click();
  await page.getByTestId('contact').filter({ hasText: name }).waitFor();
}


test('a contact\'s sensitive fields are shown on demand, edited there, and hidden in the history', async () => {
  const { context, page, errors } = await openApp(browser, server.base);
  await loadDemo(page, server.base, 20, 300);
  const hash = await firstCustomer(page);
  await go(page, hash);
  await addContact(page, CONTACT);
  const card = page.getByTestId('contact').filter({ hasText: CONTACT });
  const toggle = card.getByTestId('show-sensitive');

  // Not in the page (not even hidden in the markup) until asked for.
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  let html = await page.content();
  assert.equal(html.includes(FAMILY) || html.includes(HEALTH), false, 'no sensitive text in the page');
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  const details = card.getByTestId('sensitive-details');
  await details.getByText(FAMILY).waitFor();
  assert.match(await details.textContent(), new RegExp(HEALTH));
  assert.match(await details.textContent(), /未填写/, 'empty fields say so');
  for (const [name, viewport] of [['privacy-on-demand-desktop', DESKTOP], ['privacy-on-demand-tablet', TABLET]]) {
    await page.setViewportSize(viewport);
    await card.scrollIntoViewIfNeeded();
    assert.equal(await scrollsSideways(page), false, `${name}: ${await overflowing(page)}`);
    await shot(page, name);
  }
  await page.setViewportSize(DESKTOP);
  // A second press hides them again.
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.equal((await page.content()).includes(FAMILY), false);

  // Edit the family text there; the card shows the new text, the history does not.
  await toggle.click();
  await card.getByTestId('edit-sensitive').click();
  await fill(page, 'edit_family', FAMILY_NEW);
  await card.getByTestId('save-sensitive').click();
  await card.getByTestId('sensitive-details').getByText(FAMILY_NEW).waitFor();
  const entry = page.getByTestId('history-entry').filter({ hasText: CONTACT }).filter({ hasText: '家庭' });
  await entry.first().waitFor();
  assert.match(await entry.first().textContent(), /家庭：（已隐藏） → （已隐藏）/);
  await toggle.click();
  html = await page.content();
  assert.equal(html.includes(FAMILY_NEW) || html.includes(FAMILY), false, 'nothing printed in the history');
  assert.equal(await storedAnywhere(page, FAMILY_NEW), true, 'saved');

  // Leaving the page hides them; after a reload the saved text is still there on demand.
  await toggle.click();
  await go(page, '#/customers');
  await go(page, hash);
  const again = page.getByTestId('contact').filter({ hasText: CONTACT });
  assert.equal(await again.getByTestId('show-sensitive').getAttribute('aria-expanded'), 'false');
  assert.equal((await page.content()).includes(FAMILY_NEW), false);
  await page.reload();
  await ready(page);
  await again.getByTestId('show-sensitive').click();
  await again.getByTestId('sensitive-details').getByText(FAMILY_NEW).waitFor();
  // English: the toggle and the hidden marker.
  await page.getByTestId('lang').selectOption('en');
  assert.equal((await again.getByTestId('show-sensitive').textContent()).trim(), 'Hide sensitive details');
  assert.match(await page.getByTestId('history-entry').filter({ hasText: CONTACT }).filter({ hasText: 'Family' }).first().textContent(), /Family: \(hidden\) → \(hidden\)/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a consumer erased stays erased when an older bundle that still holds them is imported', async () => {
  const { context, page, errors } = await openApp(browser, server.base);
  await loadDemo(page, server.base, 20, 300);
  const hash = await firstCustomer(page, 1);
  await go(page, hash);
  const name = (await page.getByTestId('customer-title').textContent()).trim();
  assert.equal(await page.getByTestId('erase-person').count(), 0, 'only for a consumer');
  // Make the customer a consumer, with a contact holding sensitive text.
  await page.locator('#f-customer_type').selectOption('consumer');
  await page.getByTestId('save-customer').click();
  await page.getByTestId('erase-person').waitFor();
  await addContact(page, CONTACT);

  // The older bundle: everything, sensitive fields included.
  await go(page, '#/exchange');
  await page.locator('#f-export_sensitive').check();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
  const older = path.join(artifacts, 'privacy-person-older.json');
  await download.saveAs(older);
  const olderText = zlib.gunzipSync(fs.readFileSync(older)).toString('utf8');
  assert.equal(olderText.includes(FAMILY) && olderText.includes(name), true, 'the older file holds the person');

  // Branch B gets that file and, before the erasure reaches it, records a visit to the person.
  const b = await openApp(browser, server.base);
  await importAll(b.page, older);
  await go(b.page, hash);
  const service = b.page.getByTestId('service');
  await service.getByTestId('cs-record').click();
  await fill(b.page, 'cs_summary', LATE_VISIT);
  await service.getByTestId('cs-save').click();
  await service.getByTestId('cs-form').waitFor({ state: 'detached' });
  const fromB = await exportTo(b.page, 'privacy-person-from-b.json');
  assert.equal(zlib.gunzipSync(fs.readFileSync(fromB)).toString('utf8').includes(LATE_VISIT), true);

  // Erase: the typed word first.
  await go(page, hash);
  await page.getByTestId('erase-person').click();
  const confirm = page.getByTestId('confirm');
  assert.equal(await confirm.isDisabled(), true);
  await page.getByTestId('confirm-word').fill('抹除');
  await confirm.click();
  await page.getByTestId('notice').filter({ hasText: '已清除此人的全部个人信息' }).waitFor();
  await page.getByTestId('erased-customer').waitFor();
  assert.equal((await page.getByTestId('customer-title').textContent()).trim(), '已清除的客户');
  let body = await page.locator('main').textContent();
  assert.equal(body.includes(name) || body.includes(CONTACT) || body.includes(FAMILY), false, 'nothing about them on the page');
  assert.equal(await storedAnywhere(page, FAMILY), false, 'the sensitive text is gone from IndexedDB');
  assert.equal(await storedAnywhere(page, CONTACT), false, 'the contact too');
  for (const [shotName, viewport] of [['privacy-erased-customer-desktop', DESKTOP], ['privacy-erased-customer-tablet', TABLET]]) {
    await page.setViewportSize(viewport);
    assert.equal(await scrollsSideways(page), false, `${shotName}: ${await overflowing(page)}`);
    await shot(page, shotName);
  }
  await page.setViewportSize(DESKTOP);

  // The older bundle does not bring them back, not even after a reload.
  await go(page, '#/exchange');
  await page.getByTestId('import-file').setInputFiles(older);
  const outcome = await Promise.race([
    page.getByTestId('import-nothing').waitFor({ timeout: 60_000 }).then(() => 'nothing'),
    page.getByTestId('import-preview').waitFor({ timeout: 60_000 }).then(() => 'preview'),
  ]);
  if (outcome === 'preview' && !(await page.getByTestId('import-apply').isDisabled())) {
    await page.getByTestId('import-apply').click();
    await page.getByTestId('notice').filter({ hasText: '已导入' }).waitFor({ timeout: 60_000 });
  }
  await page.reload();
  await ready(page);
  await go(page, hash);
  await page.getByTestId('erased-customer').waitFor();
  assert.equal((await page.getByTestId('customer-title').textContent()).trim(), '已清除的客户');
  body = await page.locator('main').textContent();
  assert.equal(body.includes(name) || body.includes(FAMILY), false, 'still erased');
  assert.equal(await storedAnywhere(page, FAMILY), false);
  await go(page, '#/customers');
  assert.equal((await page.locator('main').textContent()).includes(name), false, 'not in the list');

  // The erasure log: one line for the person, without content.
  await go(page, '#/privacy');
  await page.getByTestId('erasure-log').waitFor();
  assert.equal(await page.getByTestId('erasure-line').count(), 1);
  const line = await page.getByTestId('erasure-line').textContent();
  assert.match(line, /客户/);
  assert.equal(line.includes(name), false);
  // B's file arrives: the visit B wrote before it knew is erased by the import, and the erased
  // page has nothing left to offer (no leftovers, no new sale or payment).
  await importAll(page, fromB);
  assert.equal(await storedAnywhere(page, LATE_VISIT), false, "B's visit is erased on arrival");
  await go(page, hash);
  await page.getByTestId('erased-customer').waitFor();
  assert.equal(await page.getByTestId('erased-leftovers').count(), 0);
  assert.equal(await page.getByTestId('add-sale').count() + await page.getByTestId('add-payment').count(), 0, 'read-only figures');
  assert.equal((await page.locator('main').textContent()).includes(LATE_VISIT), false);
  await go(page, '#/privacy');
  assert.equal(await page.getByTestId('erasure-line').count(), 2, 'the import erased as its own action');
  assert.equal((await page.getByTestId('erasure-log').textContent()).includes(LATE_VISIT), false);
  // And A's erasure reaching B erases B's own copy of the visit.
  const fromA = await exportTo(page, 'privacy-person-from-a.json');
  await importAll(b.page, fromA);
  assert.equal(await storedAnywhere(b.page, LATE_VISIT), false, "B's copy is erased too");
  assert.equal(await storedAnywhere(b.page, FAMILY), false);
  assert.deepEqual(b.errors, []);
  await b.context.close();

  await page.getByTestId('lang').selectOption('en');
  await go(page, hash);
  assert.equal((await page.getByTestId('customer-title').textContent()).trim(), 'Erased customer');
  assert.deepEqual(errors, []);
  await context.close();
});
