// The consumer page (examples/web) in Debian's headless Chromium through playwright-core:
// served on 127.0.0.1, driven like a consumer would, screenshotted to
// <target>/web-test/screenshot.png. No browser is downloaded; nothing leaves the machine.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../chromium.mjs';
import { serve } from '../serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const pageDir = path.resolve(here, '../../../../examples/web');
const target = process.env.WEIQUAN_TARGET ?? path.resolve(here, '../../../../target');
const artifacts = path.join(target, 'web-test');
const TODAY = '2026-03-02';

let server;
let context;
let closeBrowser;
let page;
const problems = [];
/** The WebAssembly modules the page fetched, in order. */
const modules = [];

before(async () => {
  server = await serve(pageDir);
  ({ context, close: closeBrowser } = await launchChromium({
    viewport: { width: 1100, height: 900 },
    locale: 'zh-CN',
  }));
  page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('request', (r) => {
    if (!r.url().startsWith(server.url)) problems.push(`request outside the page's server: ${r.url()}`);
    if (r.url().endsWith('.wasm')) modules.push(path.basename(new URL(r.url()).pathname));
  });
  await page.goto(`${server.url}/index.html?today=${TODAY}`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
});

after(async () => {
  await closeBrowser?.();
  await server?.close();
});

const field = (name) => page.locator(`[name="${name}"]`);
const errorOf = (name) => page.locator(`label:has([name="${name}"]) .field-error`);

test('the page loads the form module only', () => {
  assert.deepStrictEqual(modules, ['weiquan_form_bg.wasm']);
});

test('a bad resident ID shows its message as it is typed', async () => {
  await field('consumer.residentId').fill('110105194912310021');
  await assert.doesNotReject(errorOf('consumer.residentId').waitFor());
  const text = await errorOf('consumer.residentId').textContent();
  assert.match(text, /校验码错误（应为X）/);
  await field('consumer.residentId').fill('11010519491231002x');
  assert.equal(await errorOf('consumer.residentId').count(), 0);
});

test('a valid complaint shows the handling body and the deadlines', async () => {
  await field('consumer.name').fill('张伟');
  await field('consumer.mobile').fill('138 0013 8000');
  await field('consumer.division').selectOption('130102');
  await field('consumer.address').fill('石家庄市长安区中山东路12号');
  await field('business.name').fill('某某电器商店');
  await field('business.division').selectOption('130102');
  await field('purchase.item').fill('电冰箱');
  await field('purchase.category').selectOption('household_appliances');
  await field('purchase.amountPaid').fill('2,999');
  await field('purchase.purchaseDate').fill('2026-02-20');
  await field('problemNature').selectOption('quality');
  await field('claim.kind').selectOption('refund');
  await field('description').fill('冰箱买回一周不制冷，商家拒绝退货。');
  await page.locator('#form-status.ok').waitFor();
  assert.equal(await page.locator('#body-name').textContent(), '石家庄市长安区市场监督管理局');
  const deadlines = await page.locator('#deadlines-now').textContent();
  assert.match(deadlines, /作出受理决定并告知/);
  // Received on Monday 2 March 2026: 7 working days → Wednesday 11 March.
  assert.match(deadlines, /2026-03-11/);
  assert.match(await page.locator('#deadlines').textContent(), /若于 2026-03-11 受理/);
});

test('a fraud claim shows the amount with its computation', async () => {
  // The form's work above needed the follow module for the deadlines, nothing more.
  assert.deepStrictEqual(modules, ['weiquan_form_bg.wasm', 'weiquan_follow_bg.wasm']);
  await page.locator('#calc [name="pricePaid"]').fill('899');
  await page.locator('#calc [name="fraud"]').check();
  await page.locator('#total').waitFor();
  assert.deepStrictEqual(modules, [
    'weiquan_form_bg.wasm',
    'weiquan_follow_bg.wasm',
    'weiquan_tools_bg.wasm',
  ]);
  assert.equal(await page.locator('#total').textContent(), '3596.00');
  const text = await page.locator('#assessment').textContent();
  assert.match(text, /3 × 899\.00 = 2,697\.00/);
  assert.match(text, /《中华人民共和国消费者权益保护法》（2013年修正）第五十五条第一款/);
  await page.locator('#calc [name="pricePaid"]').fill('-1');
  await page.locator('#calc .field-error').waitFor();
  await page.locator('#calc [name="pricePaid"]').fill('899');
  await page.locator('#total').waitFor();
});

test('English is one click away, and the page saved its screenshot', async () => {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: path.join(artifacts, 'screenshot.png'), fullPage: true });
  await page.locator('#lang').click();
  assert.equal(await page.locator('h1').textContent(), 'Consumer complaint helper');
  assert.match(await page.locator('#body-name').textContent(), /Chang'an District Administration for Market Regulation/);
  await page.screenshot({ path: path.join(artifacts, 'screenshot-en.png'), fullPage: true });
  assert.deepStrictEqual(problems, []);
});
