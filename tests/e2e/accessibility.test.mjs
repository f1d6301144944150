// End-to-end: accessibility and touch. axe-core (from npm) audits every page in headless
// Chromium, in both languages; at tablet sizes (portrait and landscape) no page scrolls sideways
// and every control is at least 44 px tall and wide enough to tap; the keyboard reaches every
// page's controls with a visible focus.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, openApp, ready, fill, root, shot, scrollsSideways, overflowing } from './harness.mjs';

const axeSource = fs.readFileSync(path.join(root, 'tools/node_modules/axe-core/axe.min.js'), 'utf8');

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

/** Every page of the app, with something to wait for once it has its content. */
function pages(customerHash) {
  return [
    ['dashboard', '#/dashboard', '[data-testid=kpis]'],
    ['analyses-abc', '#/analyses?tab=abc', '[data-testid=analysis-row]'],
    ['analyses-share', '#/analyses?tab=share', '[data-testid=analysis-row]'],
    ['analyses-composition', '#/analyses?tab=composition', null],
    ['analyses-products', '#/analyses?tab=products', '[data-testid=product-mix-row]'],
    ['analyses-rfm', '#/analyses?tab=rfm', '[data-testid=analysis-row]'],
    ['settings', '#/settings', null],
    ['customers', '#/customers', '[data-testid=customer-row]'],
    ['customer', customerHash, '[data-testid=why]'],
    ['new-customer', '#/customer/new', null],
    ['products', '#/products', '[data-testid=product-row]'],
    ['staff', '#/staff', null],
    ['segments', '#/segments', '[data-testid=builtin-segment]'],
    ['segment-editor', '#/segments?edit=new', '[data-testid=segment-editor]'],
    ['value', '#/value', null],
    ['data', '#/data', null],
    ['privacy', '#/privacy', '[data-testid=privacy-counts]'],
    ['exchange', '#/exchange', '[data-testid=export]'],
    ['sheet-import', '#/import', '[data-testid=csv-drop]'],
    ['warnings', '#/warnings', '[data-testid=warnings-checked]'],
    ['warnings-history', '#/warnings?show=history', '[data-testid=warnings-checked]'],
    ['complaints', '#/complaints', '[data-testid=complaint-row]'],
    ['complaint-new', '#/complaint/new', '[data-testid=complaint-form]'],
    ['surveys', '#/surveys', null],
    ['surveys-entry', '#/surveys?tab=entry', null],
    ['surveys-due', '#/surveys?tab=due', '[data-testid=su-due-row]'],
    ['surveys-targets', '#/surveys?tab=targets', null],
    ['surveys-plans', '#/surveys?tab=plans', null],
    ['surveys-templates', '#/surveys?tab=templates', null],
    ['surveys-print', '#/surveys?tab=print', null],
    ['todo', '#/todo', '[data-testid=todo-list]'],
    ['service-settings', '#/service-settings', '[data-testid=settings-save]'],
    ['risk-settings', '#/risk-settings', '[data-testid=settings-save]'],
    ['contracts', '#/contracts', null],
    ['contract-new', '#/contract/new', '[data-testid=contract-form]'],
    ['key-accounts', '#/key-accounts', '[data-testid=key-account]'],
    ['receivables', '#/receivables', '[data-testid=receivable-row]'],
    ['appraisal', '#/appraisal', '[data-testid=ap-owners-row]'],
    ['plans', '#/plans', '[data-testid=plans-totals]'],
  ];
}

async function open(page, hash, waitFor) {
  await page.goto(server.base + hash);
  await ready(page);
  if (waitFor) await page.locator(waitFor).first().waitFor({ timeout: 60_000 });
}

async function audit(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
}

/** Visible controls smaller than a finger (44 × 44 px; inline links in running text excepted). */
async function smallTargets(page) {
  return page.evaluate(() => {
    const sel = 'button, label.button, select, input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=range]), a.button, a.nav-link, [role=button], textarea, summary';
    return [...document.querySelectorAll(sel)]
      .filter((e) => { const s = getComputedStyle(e); return s.visibility !== 'hidden' && s.display !== 'none'; })
      // A visually hidden input (a file picker) is tapped through its label, which is measured instead.
      .filter((e) => !e.classList.contains('visually-hidden'))
      .map((e) => ({ e, r: e.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && r.height > 0 && (r.height < 43.5 || r.width < 43.5))
      .filter(({ e }) => !e.closest('svg'))
      .slice(0, 8)
      .map(({ e, r }) => `${e.tagName.toLowerCase()}${e.dataset.testid ? `[${e.dataset.testid}]` : ''} "${(e.textContent || e.getAttribute('aria-label') || '').trim().slice(0, 20)}" ${Math.round(r.width)}×${Math.round(r.height)}`);
  });
}

test('every page passes the axe audit in both languages, works by touch at tablet sizes and by keyboard', async () => {
  const { context, page, errors } = await openApp(browser, server.base);
  await page.goto(server.base + '#/data');
  await ready(page);
  await fill(page, 'demo_customers', '300');
  await fill(page, 'demo_lines', '6000');
  await fill(page, 'demo_end', '2026-11-25');
  await page.getByTestId('load-demo').click();
  await page.getByText(/已加载演示数据/).waitFor({ timeout: 120_000 });
  await open(page, '#/analyses?tab=abc', '[data-testid=analysis-row]');
  await page.getByTestId('analysis-row').first().click();
  await page.getByTestId('why').first().waitFor({ timeout: 60_000 });
  const customerHash = new URL(page.url()).hash;

  const problems = [];
  for (const lang of ['zh', 'en']) {
    await page.setViewportSize({ width: 1280, height: 800 });
    await open(page, '#/dashboard', null);
    await page.getByTestId('lang').selectOption(lang);
    for (const [name, hash, waitFor] of pages(customerHash)) {
      await open(page, hash, waitFor);
      for (const v of await audit(page)) problems.push(`${lang} ${name}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.join(', ')}`);
    }
  }
  assert.deepEqual(problems, [], `axe found:\n${problems.join('\n')}`);

  // Tablet, portrait and landscape: nothing scrolls sideways, every control is big enough to tap.
  const touch = [];
  for (const size of [{ width: 768, height: 1024 }, { width: 1024, height: 768 }]) {
    await page.setViewportSize(size);
    for (const [name, hash, waitFor] of pages(customerHash)) {
      await open(page, hash, waitFor);
      const tag = `${name}-${size.width}x${size.height}`;
      if (await scrollsSideways(page)) touch.push(`${tag} scrolls sideways: ${await overflowing(page)}`);
      const small = await smallTargets(page);
      if (small.length) touch.push(`${tag} small targets: ${small.join('; ')}`);
      await shot(page, `tablet-${tag}`);
    }
  }
  assert.deepEqual(touch, [], touch.join('\n'));

  // Keyboard: Tab moves through the page's controls, each one visibly focused.
  await page.setViewportSize({ width: 1280, height: 800 });
  for (const [name, hash, waitFor] of pages(customerHash)) {
    await open(page, hash, waitFor);
    await page.locator('body').click({ position: { x: 2, y: 2 } });
    const seen = new Set();
    for (let k = 0; k < 12; k++) {
      await page.keyboard.press('Tab');
      const f = await page.evaluate(() => {
        const e = document.activeElement;
        if (!e || e === document.body) return null;
        const s = getComputedStyle(e);
        const visible = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
        return { key: `${e.tagName}#${e.id}.${e.className}:${(e.textContent || '').slice(0, 15)}`, visible };
      });
      assert.ok(f, `${name}: Tab left the page's controls`);
      assert.ok(f.visible, `${name}: ${f.key} has no visible focus`);
      seen.add(f.key);
    }
    assert.ok(seen.size >= 5, `${name}: Tab reached only ${seen.size} controls`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('on a 1280-pixel screen the header is one row in both languages', async () => {
  const { context, page, errors } = await openApp(browser, server.base);
  for (const lang of ['zh', 'en']) {
    await page.getByTestId('lang').selectOption(lang);
    await page.waitForFunction((l) => document.documentElement.lang.startsWith(l), lang);
    const rows = await page.evaluate(() => {
      const tops = [...document.querySelectorAll('header.top nav a, header.top .brand, header.top [data-testid=lang]')]
        .map((e) => Math.round(e.getBoundingClientRect().top + e.getBoundingClientRect().height / 2));
      return { spread: Math.max(...tops) - Math.min(...tops), height: document.querySelector('header.top').getBoundingClientRect().height };
    });
    assert.ok(rows.spread <= 4, `${lang}: header items on one row (centres spread ${rows.spread} px)`);
    assert.ok(rows.height < 80, `${lang}: header ${rows.height} px high`);
    await shot(page, `header-${lang}-desktop`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});
