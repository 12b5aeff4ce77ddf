// The widget on hostile host pages: a strict Content-Security-Policy (without
// and with Trusted Types), and a stylesheet that tries to break it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useStackAndBrowser, openRecorded, scrollToWidget } from './harness.mjs';

const env = useStackAndBrowser();

const widget = 'news-card:not([view])';
const clipboard = { permissions: ['clipboard-read', 'clipboard-write'] };

/** Uses every kind of control once: a reaction, WeChat's QR code, copy, load more. */
async function useEveryControl(page) {
  await page.locator(`${widget} .related li`).first().waitFor();
  const like = page.locator(`${widget} .reaction`, { hasText: '点赞' });
  await like.click();
  await page.waitForFunction(
    (sel) => document.querySelector(sel).shadowRoot.querySelector('.reaction[aria-pressed=true]'),
    widget,
  );
  await page.locator(`${widget} .share`, { hasText: '微信' }).click();
  await page.locator(`${widget} .wechat-popover svg.qr path`).waitFor();
  await page.keyboard.press('Escape');
  await page.locator(`${widget} .share`, { hasText: '复制链接' }).click();
  await page.locator(`${widget} .share-bar .toast`, { hasText: '链接已复制' }).waitFor();
  const items = await page.locator(`${widget} .related li`).count();
  await page.locator(`${widget} .more`).click();
  await page.waitForFunction(
    ([sel, before]) => document.querySelector(sel).shadowRoot.querySelectorAll('.related li').length > before,
    [widget, items],
  );
  await scrollToWidget(page, 'div[data-newscard]');
  await page.locator('div[data-newscard] .card .title').waitFor();
  await scrollToWidget(page, 'news-card[view=ranking]');
  await page.locator('news-card[view=ranking] h3').waitFor();
}

const wechatAgent = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 ' +
  'Mobile/15E148 MicroMessenger/8.0.47 NetType/WIFI Language/zh_CN';

const strictPolicy = (widgetOrigin) =>
  `default-src 'self'; script-src 'self' ${widgetOrigin} 'wasm-unsafe-eval'; ` +
  `connect-src ${widgetOrigin}; style-src 'self'; img-src * data:`;

/** Opens the demo page under `policy`, uses every control, and finds no violation. */
async function worksUnder(policy) {
  const url = env.stack.variant({ headers: { 'content-security-policy': policy } });
  const { context, page, errors } = await openRecorded(env.browser, url, clipboard);
  await useEveryControl(page);
  assert.deepEqual(await page.evaluate(() => window.violations), []);
  assert.deepEqual(errors, []);
  await context.close();
  return url;
}

test('under a strict CSP the widget renders and works with no violation', async () => {
  await worksUnder(strictPolicy(env.stack.widgetOrigin));
});

test('with Trusted Types enforced too, no HTML is ever parsed from a string', async () => {
  const url = await worksUnder(
    `${strictPolicy(env.stack.widgetOrigin)}; require-trusted-types-for 'script'; trusted-types 'none'`,
  );

  // Inside WeChat's browser the WeChat button shows its overlay instead.
  const inWeChat = await openRecorded(env.browser, url, { userAgent: wechatAgent });
  await inWeChat.page.locator(`${widget} .share`, { hasText: '微信' }).click();
  await inWeChat.page.locator(`${widget} .wechat-overlay .wechat-hint`).waitFor();
  assert.deepEqual(await inWeChat.page.evaluate(() => window.violations), []);
  assert.deepEqual(inWeChat.errors, []);
  await inWeChat.context.close();
});

// Both pages pin the widget's box (where it goes and how wide it is are the
// host's to decide) at whole pixels on a white page, so its pixels can be compared.
const pinned = `news-card:not([view]) { display: block !important; position: absolute !important;
  top: 0 !important; left: 0 !important; z-index: 2147483647 !important; width: 640px !important;
  background: #fff !important; }`;
const hostile = `* { all: unset } button { display: none } *::before, *::after { content: "!" }
  body { font: italic small-caps 30px/3 serif; color: red; letter-spacing: 3px; word-spacing: 9px;
    text-transform: uppercase; text-align: right; text-indent: 4em; white-space: pre; cursor: wait; }`;
const withStyle = (css) => (html) => html.replace('</head>', `<style>${css}</style></head>`);

/** A screenshot of the article widget once it has loaded, with no focus or hover. */
async function widgetPixels(url) {
  const { context, page, errors } = await openRecorded(env.browser, url);
  const box = page.locator(`${widget} .newscard`);
  await scrollToWidget(page, widget);
  await page.locator(`${widget} .related li`).first().waitFor();
  await page.evaluate(() => document.fonts.ready);
  const pixels = await box.screenshot({ animations: 'disabled' });
  const height = await box.evaluate((el) => el.getBoundingClientRect().height);
  await context.close();
  return { pixels, height, errors };
}

test('a hostile host stylesheet does not change the widget', async () => {
  const plain = await widgetPixels(env.stack.variant({ edit: withStyle(pinned) }));
  const attacked = await widgetPixels(env.stack.variant({ edit: withStyle(pinned + hostile) }));
  assert.deepEqual(plain.errors, []);
  assert.deepEqual(attacked.errors, []);
  assert.equal(attacked.height, plain.height);


  assert.ok(plain.pixels.equals(attacked.pixels), 'the widget looks different under the hostile stylesheet');
});
