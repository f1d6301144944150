// End-to-end: the customer book as a user drives it, in headless Chromium against the built app.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openApp, ready, scrollsSideways, overflowing, shot, fill, DESKTOP, TABLET } from './harness.mjs';

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

async function addProduct(page, name, price, cost) {
  await go(page, '#/products');
  await page.getByTestId('new-product').click();
  await fill(page, 'product_name', name);
  await fill(page, 'product_list_price', price);
  await fill(page, 'product_unit_cost', cost);
  await page.getByTestId('save-product').click();
  await page.getByTestId('product-row').filter({ hasText: name }).waitFor();
}

async function addCustomer(page, name, phone) {
  await go(page, '#/customer/new');
  await fill(page, 'name', name);
  await fill(page, 'phone', phone);
  await page.getByTestId('save-customer').click();
  await page.getByTestId('customer-title').filter({ hasText: name }).waitFor();
}

async function countText(page) {
  return (await page.getByTestId('match-count').textContent()).trim();
}

test('add a customer and a sales line, reload, find both again', async () => {
  const { context, page, errors } = await openApp(browser, server.base);
  await addProduct(page, '普通硅酸盐水泥', '35.50', '28');
  await addCustomer(page, '杭州宏达建材有限公司', '0571-8888 6666');
  const customerUrl = page.url();

  await page.getByTestId('add-sale').click();
  await page.locator('#f-sale_product').selectOption({ label: '普通硅酸盐水泥' });
  await fill(page, 'sale_quantity', '10');
  await fill(page, 'sale_paid', '100');
  await page.getByTestId('save-sale').click();
  await page.getByTestId('sale-line').first().waitFor();
  assert.match(await page.getByTestId('sales-totals').textContent(), /¥355\.00.*¥100\.00.*¥255\.00/);

  await page.reload();
  await ready(page);
  assert.equal(page.url(), customerUrl, 'the customer page is bookmarkable');
  await page.getByTestId('customer-title').filter({ hasText: '杭州宏达建材有限公司' }).waitFor();
  assert.equal(await page.getByTestId('sale-line').count(), 1);
  assert.match(await page.getByTestId('sale-line').first().textContent(), /普通硅酸盐水泥.*10.*¥355\.00.*部分付款.*¥255\.00/);
  assert.ok((await page.getByTestId('history-entry').count()) >= 1, 'the creation is in the history');

  // Found again in the list by pinyin initials (typed key by key, as a user types: the box keeps
  // its focus) and by phone digits.
  await go(page, '#/customers');
  await page.locator('#search').pressSequentially('hzhd', { delay: 30 });
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'search');
  await page.getByTestId('customer-row').filter({ hasText: '杭州宏达建材有限公司' }).waitFor();
  assert.equal(await countText(page), '共 1 位客户，匹配 1 位');
  await page.locator('#search').fill('05718888');
  await page.getByTestId('customer-row').filter({ hasText: '杭州宏达建材有限公司' }).waitFor();
  await page.locator('#search').fill('lisi');
  await page.getByText('没有匹配的客户').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('invalid fields are refused next to the field, in the user language, and nothing is saved', async () => {
  const { context, page } = await openApp(browser, server.base + '#/customer/new');
  await fill(page, 'phone', 'call me');
  await fill(page, 'tax_number', '91330100MA27XL0Q2U');
  await page.getByTestId('save-customer').click();
  await page.locator('.field.invalid #f-name').waitFor();
  assert.equal((await page.locator('#f-name-error').textContent()).trim(), '此项必填');
  assert.match(await page.locator('#f-phone-error').textContent(), /电话号码格式不对/);
  assert.match(await page.locator('#f-tax_number-error').textContent(), /校验位/);
  await page.getByTestId('lang').selectOption('en');
  assert.equal((await page.locator('#f-name-error').textContent()).trim(), 'This field is required');
  await go(page, '#/customers');
  assert.equal(await countText(page), '0 of 0 customers');
  await context.close();
});

test('the language switches at once and is remembered', async () => {
  const { context, page } = await openApp(browser, server.base);
  await page.getByRole('link', { name: '客户' }).first().waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
  await page.getByTestId('lang').selectOption('en');
  await page.getByRole('link', { name: 'Customers' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await page.reload();
  await ready(page);
  await page.getByRole('link', { name: 'Admin', exact: true }).waitFor();
  await page.getByTestId('lang').selectOption('zh');
  await page.getByRole('link', { name: '管理', exact: true }).waitFor();
  await context.close();
});

test('two tabs editing different customers both keep their changes', async () => {
  const { context, page: a } = await openApp(browser, server.base);
  await addCustomer(a, '甲公司', '13800000001');
  const urlX = a.url();
  await addCustomer(a, '乙公司', '13800000002');
  const urlY = a.url();

  const b = await context.newPage();
  await b.goto(urlY);
  await ready(b);
  await b.getByTestId('customer-title').filter({ hasText: '乙公司' }).waitFor();
  await go(a, urlX.slice(urlX.indexOf('#')));
  await a.getByTestId('customer-title').filter({ hasText: '甲公司' }).waitFor();

  // Both edit at the same time, each its own customer, without reloading.
  await fill(a, 'address', '杭州市西湖区');
  await fill(b, 'address', '宁波市鄞州区');
  await a.getByTestId('save-customer').click();
  await b.getByTestId('save-customer').click();
  await a.getByText('已保存').first().waitFor();
  await b.getByText('已保存').first().waitFor();

  // Tab B hears about tab A's change without a reload.
  await b.goto(urlX);
  await b.locator('#f-address').waitFor();
  assert.equal(await b.locator('#f-address').inputValue(), '杭州市西湖区');

  for (const p of [a, b]) {
    await p.reload();
    await ready(p);
  }
  await go(a, urlX.slice(urlX.indexOf('#')));
  assert.equal(await a.locator('#f-address').inputValue(), '杭州市西湖区');
  await go(a, urlY.slice(urlY.indexOf('#')));
  assert.equal(await a.locator('#f-address').inputValue(), '宁波市鄞州区');
  await context.close();
});

test('a second "saved" notice stays its full time, not cut short by the first one\'s timer', async () => {
  const { context, page } = await openApp(browser, server.base);
  await addCustomer(page, '丙公司', '13800000003');
  const notice = page.getByTestId('notice').filter({ hasText: '已保存' });
  await notice.waitFor();
  const first = Date.now();
  await page.waitForTimeout(2_000);
  await fill(page, 'address', '温州市鹿城区');
  await page.getByTestId('save-customer').click();
  // The first notice's timer ends about 4 s after it; the second's at least 2 s later.
  await page.waitForTimeout(Math.max(0, first + 4_800 - Date.now()));
  assert.ok(await notice.isVisible(), 'the notice of the second save is still shown');
  await context.close();
});

test('staff and departments: a new staff member becomes a customer owner and a list filter', async () => {
  const { context, page } = await openApp(browser, server.base + '#/staff');
  await page.getByTestId('new-department').click();
  await fill(page, 'department_name', '华东销售部');
  await page.getByTestId('save-department').click();
  await page.getByTestId('department-row').filter({ hasText: '华东销售部' }).waitFor();
  await page.getByTestId('new-staff').click();
  await page.getByTestId('save-staff').click();
  assert.equal((await page.locator('#f-staff_name-error').textContent()).trim(), '此项必填');
  await fill(page, 'staff_name', '王芳');
  await page.locator('#f-staff_department').selectOption({ label: '华东销售部' });
  await fill(page, 'staff_phone', '13912345678');
  await page.getByTestId('save-staff').click();
  await page.getByTestId('staff-row').filter({ hasText: '王芳' }).waitFor();

  await go(page, '#/customer/new');
  await fill(page, 'name', '丁记五金商行');
  await page.locator('#f-owner').selectOption({ label: '王芳' });
  await page.getByTestId('save-customer').click();
  await page.getByTestId('customer-title').filter({ hasText: '丁记五金商行' }).waitFor();
  await go(page, '#/staff');
  assert.match(await page.getByTestId('staff-row').filter({ hasText: '王芳' }).textContent(), /华东销售部.*13912345678.*1/);
  await go(page, '#/customers');
  await page.locator('.filters select').nth(1).selectOption({ label: '王芳' });
  await page.getByTestId('customer-row').filter({ hasText: '丁记五金商行' }).waitFor();
  assert.match(page.url(), /owner=/, 'the filter is in the URL');
  await context.close();
});

test('archive hides a customer from the list and restore brings it back', async () => {
  const { context, page } = await openApp(browser, server.base);
  await addCustomer(page, '丙商行', '13900000003');
  await page.getByTestId('archive').click();
  await page.getByTestId('confirm').click();
  await page.getByTestId('restore').waitFor();
  await go(page, '#/customers');
  assert.equal(await countText(page), '共 0 位客户，匹配 0 位');
  await go(page, '#/customers?archived=1');
  await page.getByTestId('customer-row').filter({ hasText: '丙商行' }).click();
  await page.getByTestId('restore').click();
  await page.getByTestId('archive').waitFor();
  assert.ok((await page.getByTestId('history-entry').count()) >= 3, 'created, archived, restored');
  await context.close();
});

test('demo data: virtualised list, search, layout at desktop and tablet in both languages, clear all', async () => {
  const { context, page, errors } = await openApp(browser, server.base + '#/data');
  await fill(page, 'demo_customers', '1500');
  await fill(page, 'demo_lines', '30000');
  await fill(page, 'demo_end', '2026-11-25');
  await page.getByTestId('load-demo').click();
  await page.getByText(/已加载演示数据：1,500 位客户，30,000 行销售记录/).waitFor({ timeout: 120_000 });

  await go(page, '#/customers');
  assert.equal(await countText(page), '共 1,500 位客户，匹配 1,500 位');
  const rendered = await page.getByTestId('customer-row').count();
  assert.ok(rendered > 5 && rendered < 80, `only visible rows are in the DOM (${rendered})`);
  await page.locator('.vlist').evaluate((el) => { el.scrollTop = 40_000; });
  await page.waitForTimeout(200);
  assert.ok((await page.getByTestId('customer-row').count()) < 80);

  await page.locator('#search').fill('有限公司');
  await page.waitForFunction(() => !/匹配 1,500 位/.test(document.querySelector('[data-testid=match-count]').textContent));
  const found = Number((await countText(page)).match(/匹配 ([\d,]+) 位/)[1].replace(/,/g, ''));
  assert.ok(found > 0 && found < 1500, `search narrows the list (${found})`);
  await page.locator('#search').fill('');

  await page.getByTestId('customer-row').first().click();
  await page.getByTestId('sale-line').first().waitFor();
  const customerHash = new URL(page.url()).hash;

  for (const size of [DESKTOP, TABLET]) {
    await page.setViewportSize(size);
    for (const lang of ['zh', 'en']) {
      await page.getByTestId('lang').selectOption(lang);
      for (const [name, hash] of [['customers', '#/customers'], ['customer', customerHash], ['products', '#/products'], ['staff', '#/staff'], ['data', '#/data'], ['new', '#/customer/new']]) {
        await go(page, hash);
        await page.waitForTimeout(150);
        const tag = `${name}-${lang}-${size.width}x${size.height}`;
        await shot(page, tag);
        assert.equal(await scrollsSideways(page), false, `${tag} scrolls sideways: ${await overflowing(page)}`);
        if (lang === 'en') {
          // The app's own texts (not the firm's data, which is Chinese) must all be English.
          const chrome = await page.evaluate((selector) => [...document.querySelectorAll(selector)].map((e) => {
            const copy = e.cloneNode(true);
            copy.querySelectorAll('select, option, input, textarea').forEach((x) => x.remove());
            return copy.textContent;
          }), [
            'header nav a', 'main label:not(.lang)', 'main button', 'main h2', 'main th', 'main legend', 'main summary',
            '.list-head', '[data-testid=match-count]', 'main .empty', 'main h1:not([data-testid=customer-title])',
          ].join(', '));
          const untranslated = chrome.filter((t) => /[\u4e00-\u9fff]/.test(t));
          assert.deepEqual(untranslated, [], `${tag} has untranslated text`);
        }
      }
    }
  }
  await page.getByTestId('lang').selectOption('zh');

  await go(page, '#/data');
  await page.getByTestId('clear-all').click();
  assert.equal(await page.getByTestId('confirm').isDisabled(), true, 'clearing needs the typed word');
  await page.getByTestId('confirm-word').fill('清除');
  await page.getByTestId('confirm').click();
  await page.getByText('已清除所有数据。').waitFor();
  await go(page, '#/customers');
  assert.equal(await countText(page), '共 0 位客户，匹配 0 位');
  assert.deepEqual(errors, []);
  await context.close();
});
