// The share bar on the demo page: every control opened, with every request the
// browser makes recorded; WeChat's in-app browser; the clipboard; share counts
// and the privacy signals that turn them off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useStackAndBrowser, root, scrollToWidget, keepOnLoopback } from './harness.mjs';

const articles = JSON.parse(readFileSync(join(root, 'demo/articles.json'), 'utf8'));
const zh = articles[0];
const en = articles[1];
const env = useStackAndBrowser();

const zhBar = (page) => page.locator('news-card:not([view]) .share-bar');
const enBar = (page) => page.locator('div[data-newscard] .share-bar');
const control = (bar, label) => bar.locator('.share', { hasText: label });

/**
 * A context in which every request is recorded and nothing reaches the
 * internet: requests to any other host get an empty page, so the test can
 * follow share links without leaving loopback.
 */
async function recordedContext(options = {}) {
  const context = await env.browser.newContext(options);
  const requests = [];
  const errors = [];
  await keepOnLoopback(context, env.stack, (url) => requests.push({ url }));
  context.on('page', (page) => {
    page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
    page.on('pageerror', (err) => errors.push(String(err)));
  });
  return { context, requests, errors };
}

async function shareCounts(article) {
  const url = `${env.stack.widgetOrigin}/api/v1/sites/demo/shares?article=${encodeURIComponent(article)}`;
  return (await (await fetch(url)).json()).counts;
}

test('opening every share control requests nothing beyond the page and the widget server', async () => {
  const { context, requests, errors } = await recordedContext();
  const page = await context.newPage();
  await page.goto(env.stack.pageUrl);
  await zhBar(page).waitFor();
  await scrollToWidget(page, 'div[data-newscard]');
  await enBar(page).waitFor();

  // In-page controls first: WeChat's QR popover, copy, and the hint that
  // stands in for a share sheet this browser does not have.
  await control(zhBar(page), '微信').click();
  await zhBar(page).locator('.wechat-popover svg.qr').waitFor();
  await zhBar(page).locator('.wechat-popover .close').click();
  await control(zhBar(page), '复制链接').click();
  await control(enBar(page), 'Copy link').click();
  assert.equal(await zhBar(page).locator('.hint').textContent(), '请使用浏览器分享功能进行分享');
  assert.equal(await enBar(page).locator('.hint').textContent(), "Use your browser's share function to share this article");

  // Nothing so far went anywhere but the page's and the widget's origins.
  const ours = [env.stack.pageOrigin, env.stack.widgetOrigin];
  for (const { url } of requests) assert.ok(ours.includes(new URL(url).origin), url);

  // Link services: each opens its network's share page in a new tab, built
  // from the article; that click is the only way anything reaches the network.
  const links = await page.locator('news-card:not([view]) a.share[href^="https:"], div[data-newscard] a.share[href^="https:"]').all();
  const opened = [];
  for (const link of links) {
    const [popup] = await Promise.all([context.waitForEvent('page'), link.click()]);
    await popup.waitForLoadState();
    opened.push(popup.url());
    await popup.close();
  }
  const foreign = requests.map((r) => r.url).filter((url) => !ours.includes(new URL(url).origin));
  assert.deepEqual(foreign, opened);
  assert.deepEqual(opened.map((url) => new URL(url).host), [
    'service.weibo.com', 'connect.qq.com', 'sns.qzone.qq.com',
    'x.com', 'www.facebook.com', 'www.linkedin.com', 'wa.me', 't.me',
  ]);
  assert.equal(new URL(opened[0]).searchParams.get('url'), zh.url);
  assert.equal(new URL(opened[0]).searchParams.get('title'), zh.title);
  assert.equal(new URL(opened[3]).searchParams.get('url'), en.url);
  // The email link is a mailto: no request at all, only its address.
  const mail = await control(enBar(page), 'Email').getAttribute('href');
  assert.ok(mail.startsWith('mailto:?subject='), mail);
  assert.ok(decodeURIComponent(mail).includes(en.url));

  // Clicks were counted on our own server, per service, with no reader id.
  const counts = await shareCounts(zh.url);
  assert.deepEqual(counts, { wechat: 1, copy: 1, weibo: 1, qq: 1, qzone: 1 });
  assert.deepEqual(await context.cookies(), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the copy button puts the article URL on the clipboard and says so', async () => {
  const { context, errors } = await recordedContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.stack.pageOrigin });
  const page = await context.newPage();
  await page.goto(env.stack.pageUrl);
  await control(zhBar(page), '复制链接').click();
  const status = zhBar(page).locator('[role=status][aria-live=polite]');
  await page.waitForFunction(
    () => document.querySelector('news-card').shadowRoot.querySelector('.share-bar [role=status]').textContent !== '',
  );
  assert.equal(await status.textContent(), '链接已复制');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), zh.url);
  assert.deepEqual(errors, []);
  await context.close();
});

test("inside WeChat's browser the button shows an overlay pointing at the menu", async () => {
  const { context, errors } = await recordedContext({
    userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 MicroMessenger/8.0.47 NetType/WIFI Language/zh_CN',
  });
  const page = await context.newPage();
  await page.goto(env.stack.pageUrl);
  await control(zhBar(page), '微信').click();
  const overlay = zhBar(page).locator('.wechat-overlay');
  await overlay.waitFor();
  assert.equal(await zhBar(page).locator('.wechat-popover').count(), 0);
  assert.match(await overlay.textContent(), /右上角.*朋友圈/);
  // It covers the viewport, as an overlay over the page.
  const box = await overlay.boundingBox();
  const viewport = page.viewportSize();
  assert.deepEqual([box.width, box.height], [viewport.width, viewport.height]);
  await page.keyboard.press('Escape');
  await overlay.waitFor({ state: 'hidden' });
  assert.deepEqual(errors, []);
  await context.close();
});

test('Global Privacy Control and Do Not Track turn share counting off', async () => {
  for (const signal of ['globalPrivacyControl', 'doNotTrack']) {
    const { context, requests } = await recordedContext();
    await context.addInitScript((name) => {
      Object.defineProperty(Navigator.prototype, name, { get: () => (name === 'doNotTrack' ? '1' : true) });
    }, signal);
    const page = await context.newPage();
    await page.goto(env.stack.pageUrl);
    const before = await shareCounts(zh.url);
    await control(zhBar(page), '微信').click();
    await zhBar(page).locator('.wechat-popover .close').click();
    await control(zhBar(page), '复制链接').click();
    // A request made after the clicks: once it is seen, a share count sent
    // by the clicks would have been seen before it.
    await page.evaluate((api) => fetch(`${api}/healthz`, { mode: 'no-cors' }), env.stack.widgetOrigin);
    await page.waitForFunction(() => document.querySelector('news-card').shadowRoot
      .querySelector('.share-bar [role=status]').textContent !== '');
    // The QR code (`/shares/qr`) is fetched still: it counts nothing.
    const counted = requests.filter((r) => new URL(r.url).pathname.endsWith('/shares'));
    assert.deepEqual(counted, [], signal);
    assert.deepEqual(await shareCounts(zh.url), before, signal);
    await context.close();
  }
});
