// End-to-end: branch exchange between two browser profiles (two branches, each its own
// IndexedDB) — export with a passphrase, import with a preview, re-import changes nothing,
// undo of the import, a write in another tab while the preview is read, refused files, the
// backup reminder.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { serve, launch, openApp, ready, scrollsSideways, overflowing, shot, fill, loadDemo, artifacts, DESKTOP, TABLET } from './harness.mjs';

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

/** How many customers the list shows ("共 M 位客户，匹配 N 位" / "N of M customers"). */
async function customerCount(page, hash = '#/customers') {
  await go(page, hash);
  const text = (await page.getByTestId('match-count').textContent()).replace(/,/g, '');
  return Number((text.match(/匹配 (\d+)/) || text.match(/(\d+) of/))[1]);
}

async function exportFile(page, passphrase, saveAs) {
  await go(page, '#/exchange');
  if (passphrase) {
    await fill(page, 'export_pass', passphrase);
    await fill(page, 'export_pass2', passphrase);
  }
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
  assert.match(download.suggestedFilename(), /^kehu-杭州分公司-\d{8}\.json$/);
  const file = path.join(artifacts, saveAs);
  await download.saveAs(file);
  return file;
}

async function importFile(page, file) {
  await go(page, '#/exchange');
  await page.getByTestId('import-file').setInputFiles(file);
}

test('export from one branch, import into another: preview, one transaction, idempotent, undo', async () => {
  const a = await openApp(browser, server.base);
  await loadDemo(a.page, server.base, 60, 900);
  // Data and never exported: the reminder shows on every page but the exchange page.
  await go(a.page, '#/customers');
  await a.page.getByTestId('backup-banner').waitFor();
  // The branch is named first: the other branch sees the name, and so does the file's.
  await go(a.page, '#/exchange');
  await fill(a.page, 'branch_name', '杭州分公司');
  await a.page.getByTestId('save-branch-name').click();
  await a.page.getByTestId('this-branch').filter({ hasText: '杭州分公司' }).waitFor();
  const sealed = await exportFile(a.page, '分行口令 2026', 'sealed.json');
  assert.equal(fs.readFileSync(sealed).subarray(0, 8).toString(), 'KEHU-ENC', 'the file is sealed');
  await a.page.getByTestId('notice').filter({ hasText: '已导出' }).waitFor();
  assert.match(await a.page.getByTestId('backup-status').textContent(), /今天已导出/);
  await go(a.page, '#/customers');
  assert.equal(await a.page.getByTestId('backup-banner').count(), 0, 'no reminder right after an export');
  const plain = await exportFile(a.page, '', 'plain.json');
  assert.deepEqual([...fs.readFileSync(plain).subarray(0, 2)], [0x1f, 0x8b], 'a plain bundle is gzip');

  const b = await openApp(browser, server.base);
  assert.equal(await customerCount(b.page), 0);
  await importFile(b.page, sealed);
  await fill(b.page, 'import_pass', 'wrong');
  await b.page.getByTestId('import-open').click();
  await b.page.getByText('口令错误，或加密文件已损坏。').waitFor();
  await fill(b.page, 'import_pass', '分行口令 2026');
  await b.page.getByTestId('import-open').click();
  const preview = b.page.getByTestId('import-preview');
  await preview.waitFor({ timeout: 60_000 });
  assert.match(await b.page.getByTestId('import-from').textContent(), /来自 杭州分公司/);
  const customersRow = preview.locator('tr', { has: b.page.locator('th', { hasText: /^客户$/ }) });
  assert.equal((await customersRow.locator('td').first().textContent()).trim(), '60', 'sixty new customers');
  for (const [name, viewport] of [['exchange-preview-desktop', DESKTOP], ['exchange-preview-tablet', TABLET]]) {
    await b.page.setViewportSize(viewport);
    assert.equal(await scrollsSideways(b.page), false, `${name}: ${await overflowing(b.page)}`);
    await shot(b.page, name);
  }
  await b.page.setViewportSize(DESKTOP);
  // Leaving the page dropped the checked file: nothing was written.
  assert.equal(await customerCount(b.page), 0, 'a preview writes nothing');

  await importFile(b.page, plain);
  await b.page.getByTestId('import-preview').waitFor({ timeout: 60_000 });
  await b.page.getByTestId('import-apply').click();
  await b.page.getByTestId('notice').filter({ hasText: '已导入' }).waitFor({ timeout: 60_000 });
  await b.page.reload();
  await ready(b.page);
  assert.equal(await customerCount(b.page), 60, 'the import survives a reload');

  // The same file again changes nothing.
  await importFile(b.page, plain);
  await b.page.getByTestId('import-nothing').waitFor({ timeout: 60_000 });
  assert.equal(await b.page.getByTestId('import-apply').isDisabled(), true);

  // Undo brings back the empty book.
  await go(b.page, '#/exchange');
  await b.page.getByTestId('undo-import').click();
  await b.page.getByTestId('confirm').click();
  await b.page.getByTestId('notice').filter({ hasText: '已撤销上次导入' }).waitFor();
  assert.equal(await customerCount(b.page), 0);
  await go(b.page, '#/exchange');
  assert.equal(await b.page.getByTestId('undo-card').count(), 0, 'an undo is used once');

  assert.deepEqual(a.errors, []);
  assert.deepEqual(b.errors, []);
  await a.context.close();
  await b.context.close();
});

test('refused files say why, in the user\'s language, and write nothing', async () => {
  const { context, page, errors } = await openApp(browser, server.base);
  await importFile(page, { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('客户名单：张三') });
  assert.equal((await page.getByTestId('import-error').textContent()).trim(),
    '这不是客户管理的数据文件（既不是压缩文件、加密文件，也不是 JSON）。');
  // A file given while the import card is out of sight (scrolled past, as when dropped low on
  // a short window): the message is brought into view.
  await page.setViewportSize({ width: 1280, height: 420 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.getByTestId('import-file').setInputFiles({ name: 'other.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"other","version":1}') });
  await page.getByTestId('import-error').filter({ hasText: '这不是客户管理的数据文件。' }).waitFor();
  assert.equal((await page.getByTestId('import-error').textContent()).trim(), '这不是客户管理的数据文件。');
  await page.waitForFunction(() => {
    const r = document.querySelector('[data-testid=import-error]').getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight + 1; // a pixel for rounding
  }, null, { timeout: 5_000 });
  await page.setViewportSize(DESKTOP);
  await importFile(page, { name: 'cut.json', mimeType: 'application/json', buffer: Buffer.from([0x1f, 0x8b, 0x08, 0x00]) });
  assert.match(await page.getByTestId('import-error').textContent(), /文件不完整|压缩数据已损坏/);
  await page.getByTestId('lang').selectOption('en');
  await importFile(page, { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  assert.match(await page.getByTestId('import-error').textContent(), /not a Kehu data file/);
  assert.equal(await customerCount(page), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

async function addCustomer(page, name, phone) {
  await go(page, '#/customer/new');
  await fill(page, 'name', name);
  await fill(page, 'phone', phone);
  await page.getByTestId('save-customer').click();
  await page.getByTestId('customer-title').filter({ hasText: name }).waitFor();
}

test('a customer added in another tab while the preview is read survives the import', async () => {
  const a = await openApp(browser, server.base);
  await loadDemo(a.page, server.base, 20, 200);
  await go(a.page, '#/exchange');
  await fill(a.page, 'branch_name', '杭州分公司');
  await a.page.getByTestId('save-branch-name').click();
  await a.page.getByTestId('this-branch').filter({ hasText: '杭州分公司' }).waitFor();
  const file = await exportFile(a.page, '', 'two-tabs.json');

  const b = await openApp(browser, server.base);
  await addCustomer(b.page, '温州永安五金', '0577-6666 1234');
  await importFile(b.page, file);
  await b.page.getByTestId('import-preview').waitFor({ timeout: 60_000 });
  // While the preview is on screen, a second tab of the same branch adds a customer: the
  // import planned for the preview must not write over it.
  const other = await b.context.newPage();
  const otherErrors = [];
  other.on('pageerror', (e) => otherErrors.push(String(e)));
  await other.goto(server.base + '#/customers');
  await ready(other);
  await addCustomer(other, '台州新港机电', '0576-8888 2345');
  await b.page.getByTestId('import-apply').click();
  await b.page.getByTestId('notice').filter({ hasText: '已导入' }).waitFor({ timeout: 60_000 });
  assert.equal(await customerCount(b.page), 22, 'twenty imported beside the two added here');
  assert.equal(await customerCount(b.page, '#/customers?q=台州新港机电'), 1, 'the other tab\'s customer is kept');
  await b.page.reload();
  await ready(b.page);
  assert.equal(await customerCount(b.page), 22, 'after a reload too');
  assert.equal(await customerCount(other), 22, 'the other tab sees the import');
  assert.deepEqual(a.errors, []);
  assert.deepEqual(b.errors, []);
  assert.deepEqual(otherErrors, []);
  await a.context.close();
  await b.context.close();
});

test('likely duplicates are found, merged into the one kept, and the merge undone', async () => {
  const { context, page, errors } = await openApp(browser, server.base);
  await addCustomer(page, '杭州宏达建材有限公司', '0571-8888 6666');
  await addCustomer(page, '宏达建材（杭州分部）', '057188886666');
  await addCustomer(page, '宁波顺发贸易', '0574-1234 5678');
  assert.equal(await customerCount(page), 3);
  await go(page, '#/exchange');
  await page.getByTestId('find-duplicates').click();
  const pair = page.getByTestId('duplicate');
  await pair.first().waitFor();
  assert.equal(await pair.count(), 1);
  assert.match(await pair.textContent(), /杭州宏达建材有限公司.*宏达建材（杭州分部）|宏达建材（杭州分部）.*杭州宏达建材有限公司/);
  assert.match(await pair.textContent(), /电话相同/);
  await pair.getByRole('button', { name: '保留“杭州宏达建材有限公司”' }).click();
  await page.getByTestId('notice').filter({ hasText: '已把“宏达建材（杭州分部）”合并到“杭州宏达建材有限公司”' }).waitFor();
  await page.getByTestId('merged').waitFor();
  assert.equal(await customerCount(page), 2, 'the merged-away customer has no row of its own');
  // Searching by the merged customer's name finds nothing of its own; its phone finds the survivor.
  assert.equal(await customerCount(page, '#/customers?q=057188886666'), 1);
  await go(page, '#/exchange');
  await page.getByTestId('unmerge').click();
  await page.getByTestId('notice').filter({ hasText: '已撤销合并' }).waitFor();
  assert.equal(await customerCount(page), 3, 'undoing the merge brings the customer back');
  assert.deepEqual(errors, []);
  await context.close();
});

/** A gzip bundle whose JSON repeats `item` until it is about `bytes` long: within the size
 * limits, but more customers than a browser's wasm memory (4 GB) holds once parsed. */
async function hugeBundle(doc, item, bytes) {
  const gz = zlib.createGzip({ level: 1 });
  const out = [];
  gz.on('data', (c) => out.push(c));
  const done = new Promise((ok, fail) => { gz.on('end', ok); gz.on('error', fail); });
  const write = async (text) => { if (!gz.write(text)) await new Promise((ok) => gz.once('drain', ok)); };
  await write(`{"format":"kehu-bundle","version":2,"header":${JSON.stringify(doc.header)},"content":{"customer":[${item}`);
  const block = (',' + item).repeat(10_000);
  for (let written = 0; written < bytes; written += Buffer.byteLength(block)) await write(block);
  await write(`]},"checksum":"${doc.checksum}"}`);
  gz.end();
  await done;
  return Buffer.concat(out);
}

test('a file too big for the browser\'s memory stops the reading worker: the page says so, nothing is written, the next import works', async () => {
  const { context, page } = await openApp(browser, server.base);
  await addCustomer(page, '温州瓯海电器', '0577-8765 4321');
  await go(page, '#/exchange');
  await fill(page, 'branch_name', '杭州分公司');
  await page.getByTestId('save-branch-name').click();
  await page.getByTestId('this-branch').filter({ hasText: '杭州分公司' }).waitFor();
  const small = await exportFile(page, '', 'one-customer.json');
  const doc = JSON.parse(zlib.gunzipSync(fs.readFileSync(small)).toString());
  const item = JSON.stringify(doc.content.customer[0]);
  // 1.45 GB of JSON, under the 1.5 GiB limit: millions of customers, each far bigger parsed.
  const huge = await hugeBundle(doc, item, 1_450_000_000);
  await importFile(page, { name: 'huge.json', mimeType: 'application/json', buffer: huge });
  const error = page.getByTestId('import-error');
  await error.waitFor({ timeout: 120_000 });
  assert.equal((await error.textContent()).trim(),
    '浏览器在读取文件时中止（多半是内存不足：文件对这台设备太大）。什么也没有写入。可以在电脑上用 kehu check 检查这个文件。');
  for (const [size, name] of [[DESKTOP, 'desktop'], [TABLET, 'tablet']]) {
    await page.setViewportSize(size);
    await error.scrollIntoViewIfNeeded();
    await shot(page, `import-stopped-${name}`);
    assert.ok(!(await scrollsSideways(page)), `nothing sticks out at ${name} size: ${await overflowing(page)}`);
  }
  assert.equal(await customerCount(page), 1, 'nothing was written');
  // The failed worker ended itself; a new one reads the next file.
  await importFile(page, small);
  await page.getByTestId('import-preview').waitFor({ timeout: 60_000 });
  await context.close();
});
