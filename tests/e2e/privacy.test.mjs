// End-to-end: privacy (issue 9) — an export leaves a contact's sensitive fields out unless the
// box is ticked (read back from the downloaded file), a contact's data is erased behind a typed
// word (gone from the page, from memory and from IndexedDB), an older bundle that still holds it
// does not bring it back, and the privacy page's erasure log lists the erasure without content.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { serve, launch, openApp, ready, scrollsSideways, overflowing, shot, fill, loadDemo, artifacts, DESKTOP, TABLET, storedAnywhere } from './harness.mjs';

const FAMILY = '女儿在读高三';
const NAME = '隐私测试联系人';

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

/** Exports a plain bundle (sensitive fields included or not); returns the file and its JSON. */
async function exportBundle(page, includeSensitive, saveAs) {
  await go(page, '#/data'); // a fresh export card each time
  await go(page, '#/exchange');
  const box = page.locator('#f-export_sensitive');
  assert.equal(await box.isChecked(), false, 'the box is off by default');
  if (includeSensitive) await box.check();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
  const file = path.join(artifacts, saveAs);
  await download.saveAs(file);
  const text = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8');
  return { file, text, json: JSON.parse(text) };
}


test('exports leave sensitive fields out unless chosen; an erased contact stays erased; the erasure log', async () => {
  const { context, page, errors } = await openApp(browser, server.base);
  await loadDemo(page, server.base, 40, 800);

  // A contact with a sensitive field, on the first customer's page.
  await go(page, '#/customers');
  const customerHash = new URL(await page.getByTestId('customer-row').first().getAttribute('href'), server.base).hash;
  await go(page, customerHash);
  await page.getByTestId('add-contact').click();
  await fill(page, 'contact_name', NAME);
  await page.locator('form.card details summary').click();
  await fill(page, 'contact_family', FAMILY);
  await page.getByTestId('save-contact').click();
  const card = page.getByTestId('contact').filter({ hasText: NAME });
  await card.waitFor();
  assert.equal(await storedAnywhere(page, FAMILY), true, 'the text is stored (so the checks below mean something)');

  // Without the box: the text is not in the file, the rest is, and the header says so.
  const without = await exportBundle(page, false, 'privacy-without.json');
  assert.equal(without.text.includes(FAMILY), false, 'no sensitive text in the file');
  assert.equal(without.text.includes(NAME), true, 'the contact itself is exported');
  assert.equal(without.json.header.sensitive, false);
  const contacts = without.json.content.contact;
  assert.ok(contacts.length > 0);
  assert.ok(contacts.every((c) => !c.d.family && !c.d.health && !c.d.character && !c.d.personal_notes), 'every contact');
  for (const [name, viewport] of [['privacy-export-desktop', DESKTOP], ['privacy-export-tablet', TABLET]]) {
    await page.setViewportSize(viewport);
    assert.equal(await scrollsSideways(page), false, `${name}: ${await overflowing(page)}`);
    await shot(page, name);
  }
  await page.setViewportSize(DESKTOP);
  // With the box ticked: a full bundle, the text included (the "older bundle" below).
  const full = await exportBundle(page, true, 'privacy-full.json');
  assert.equal(full.text.includes(FAMILY), true, 'the text is there when chosen');
  assert.equal(full.json.header.sensitive, undefined, 'absent means included');

  // Erase the contact: a typed word, then it is gone from the page and the store.
  await go(page, customerHash);
  await page.getByTestId('contact').filter({ hasText: NAME }).getByTestId('erase-contact').click();
  const confirm = page.getByTestId('confirm');
  assert.equal(await confirm.isDisabled(), true, 'nothing happens before the word is typed');
  for (const [name, viewport] of [['privacy-erase-desktop', DESKTOP], ['privacy-erase-tablet', TABLET]]) {
    await page.setViewportSize(viewport);
    assert.equal(await scrollsSideways(page), false, `${name}: ${await overflowing(page)}`);
    await shot(page, name);
  }
  await page.setViewportSize(DESKTOP);
  await page.getByTestId('confirm-word').fill('抹除');
  await confirm.click();
  await page.getByTestId('notice').filter({ hasText: '已抹除一位联系人的数据' }).waitFor();
  assert.equal(await page.getByTestId('contact').filter({ hasText: NAME }).count(), 0);
  let body = await page.locator('body').textContent();
  assert.equal(body.includes(FAMILY) || body.includes(NAME), false, 'neither text nor name on the page (history included)');
  assert.equal(await storedAnywhere(page, FAMILY), false, 'the text is gone from IndexedDB');
  assert.equal(await storedAnywhere(page, NAME), false, 'the name too');

  // The older bundle, which still holds the contact, does not bring it back.
  await go(page, '#/exchange');
  await page.getByTestId('import-file').setInputFiles(full.file);
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
  await go(page, customerHash);
  await page.getByTestId('add-contact').waitFor();
  body = await page.locator('body').textContent();
  assert.equal(body.includes(FAMILY) || body.includes(NAME), false, 'still erased after the older bundle and a reload');
  assert.equal(await storedAnywhere(page, FAMILY), false);

  // The erasure log: one line, kind, not recorded who, no content; both languages.
  await go(page, '#/data');
  await page.getByTestId('open-privacy').click();
  await page.getByTestId('erasure-log').waitFor();
  assert.equal(await page.getByTestId('erasure-line').count(), 1);
  const line = await page.getByTestId('erasure-line').textContent();
  assert.match(line, /联系人/);
  assert.match(line, /未记录/);
  const privacyText = await page.locator('main').textContent();
  assert.equal(privacyText.includes(FAMILY) || privacyText.includes(NAME), false);
  assert.match(await page.getByTestId('privacy-intro').textContent(), /IndexedDB/);
  assert.match(await page.getByTestId('privacy-sensitive').textContent(), /\d+ 个联系人/);
  for (const [name, viewport] of [['privacy-page-desktop', DESKTOP], ['privacy-page-tablet', TABLET]]) {
    await page.setViewportSize(viewport);
    assert.equal(await scrollsSideways(page), false, `${name}: ${await overflowing(page)}`);
    await shot(page, name);
  }
  await page.setViewportSize(DESKTOP);
  await page.getByTestId('lang').selectOption('en');
  await page.getByRole('heading', { name: 'Erasure log' }).waitFor();
  const enLine = await page.getByTestId('erasure-line').textContent();
  assert.match(enLine, /not recorded/);
  assert.match(await page.getByTestId('privacy-intro').textContent(), /this browser on this device only/);
  const headings = await page.locator('main h1, main h2, main th, main .button').allTextContents();
  assert.ok(headings.every((t) => !/[\u4e00-\u9fff]/.test(t)), `English labels: ${headings}`);
  await shot(page, 'privacy-page-en-desktop');
  await page.setViewportSize(TABLET);
  assert.equal(await scrollsSideways(page), false, `privacy-page-en-tablet: ${await overflowing(page)}`);
  await shot(page, 'privacy-page-en-tablet');
  await page.setViewportSize(DESKTOP);
  // The export screen's box, in English.
  await go(page, '#/exchange');
  assert.match(await page.locator('label[for=f-export_sensitive]').textContent(), /Include sensitive personal information \(PIPL\)/);

  assert.deepEqual(errors, []);
  await context.close();
});
