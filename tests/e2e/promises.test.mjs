// What the README promises publishers, each checked on the demo page: the
// canonical link as the default article, the snippet pasted twice, a widget
// removed before it loaded, `sections` changed after mount, the error codes a
// failure sends (article_not_found: embedding.test.mjs),
// and the styling hooks (::part names and --newscard-* properties).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useStackAndBrowser, openRecorded, root } from './harness.mjs';

const env = useStackAndBrowser();
const articles = JSON.parse(readFileSync(join(root, 'demo/articles.json'), 'utf8'));
const [zh, en] = articles;
const manifest = JSON.parse(readFileSync(join(root, 'pkg/manifest.json'), 'utf8'));
const widget = 'news-card:not([view])';
const snippetTag = '<news-card site="demo" article="https://news.example/2025/03/25/tech-abroad">';
const script = (html) => html.match(/<script src="[^"]*\/embed\.js" async><\/script>/)[0];

/** Before the page's scripts: every newscard event heard, and every widget fetch's signal. */
function recordInPage() {
  window.heard = [];
  for (const name of ['ready', 'error']) {
    document.addEventListener(`newscard:${name}`, (e) =>
      window.heard.push({ name, host: e.target.id || e.target.localName, code: e.detail.code }));
  }
  window.widgetFetches = [];
  const native = window.fetch;
  window.fetch = function (input, init) {
    const url = String(input instanceof Request ? input.url : input);
    if (url.includes('/widget?')) window.widgetFetches.push({ url, signal: init && init.signal });
    return native.call(this, input, init);
  };
}

/** Opens a variant of the demo page (`edit` changes its HTML) with the page recorder. */
async function open(edit = (html) => html) {
  const opened = await openRecorded(env.browser, 'about:blank');
  await opened.context.addInitScript(recordInPage);
  return { ...opened, goto: () => opened.page.goto(env.stack.variant({ edit })) };
}

const heard = (page, name) => page.evaluate((name) => window.heard.filter((e) => e.name === name), name);
const waitHeard = (page, name, count = 1) =>
  page.waitForFunction(([name, count]) => window.heard.filter((e) => e.name === name).length >= count, [name, count]);

/** Adds an eagerly loading article widget with `id` at the top of the page. */
const addWidget = (page, id, url) =>
  page.evaluate(([id, url]) => {
    const el = document.createElement('news-card');
    el.id = id;
    el.setAttribute('site', 'demo');
    el.setAttribute('article', url);
    el.setAttribute('loading', 'eager');
    document.querySelector('main').prepend(el);
  }, [id, url]);

test('without an article attribute the widget shows the page\'s canonical article', async () => {
  const { context, page, errors, goto } = await open((html) => html
    .replace(snippetTag, '<news-card site="demo">')
    .replace(/<link rel="canonical" href="[^"]*">/, `<link rel="canonical" href="${en.url}">`));
  await goto();
  await page.locator(`${widget} .card .title`, { hasText: en.title }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('the snippet pasted twice mounts each widget once, with one wasm fetch', async () => {
  const { context, page, requests, errors, goto } = await open((html) => html.replace(script(html), script(html).repeat(2)));
  await goto();
  await page.locator(`${widget} .card .title`, { hasText: zh.title }).waitFor();
  await page.waitForTimeout(500); // a second loader would mount again by now
  assert.equal(await page.locator(`${widget} .newscard`).count(), 1);
  assert.equal((await heard(page, 'ready')).filter((e) => e.host === 'news-card').length, 1);
  assert.equal(requests.filter((url) => url.endsWith(`/pkg/${manifest.wasm}`)).length, 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a widget removed before it loaded aborts its bootstrap request and never mounts', async () => {
  const { context, page, errors, goto } = await open();
  // The wasm and the bootstrap both held back: the element goes while both are on the way.
  const hold = (route) => new Promise((resolve) => setTimeout(resolve, 1500)).then(() => route.continue()).catch(() => {});
  await context.route(`**/pkg/${manifest.wasm}`, hold);
  await context.route('**/api/v1/sites/demo/widget?**', hold);
  await goto();
  await addWidget(page, 'gone', en.url);
  await page.waitForFunction((url) => window.widgetFetches.some((f) => f.url.includes(encodeURIComponent(url))), en.url);
  await page.evaluate(() => {
    window.gone = document.getElementById('gone');
    window.gone.remove();
  });
  const aborted = await page.evaluate((url) =>
    window.widgetFetches.filter((f) => f.url.includes(encodeURIComponent(url))).map((f) => f.signal?.aborted), en.url);
  assert.deepEqual(aborted, [true]);
  await waitHeard(page, 'ready'); // the page's own widget, after the held wasm
  await page.waitForTimeout(300);
  // The removed element got nothing mounted into it (its events would not
  // bubble to the page any more, so its shadow root is what tells).
  assert.equal(await page.evaluate(() => window.gone.shadowRoot.querySelector('.newscard')), null);
  assert.deepEqual(errors, []);
  await context.close();
});

test('sections changed after mount show only those parts, in the height reserved for them', async () => {
  const { context, page, errors, goto } = await open();
  await goto();
  // A widget of its own: the demo page's CSS pins its first widget's height.
  await addWidget(page, 'changed', en.url);
  const changed = '#changed';
  await page.locator(`${changed} .related li`).first().waitFor();
  await page.evaluate(() => document.getElementById('changed').setAttribute('sections', 'share,card'));
  await page.waitForFunction(() => !document.getElementById('changed').shadowRoot.querySelector('.related'));
  await page.locator(`${changed} .card .title`, { hasText: en.title }).waitFor();
  await page.locator(`${changed} .share-bar`).waitFor();
  assert.equal(await page.locator(`${changed} .reactions`).count(), 0);
  // Card before share, whatever the attribute's order.
  const order = await page.locator(`${changed} .part`).evaluateAll((parts) => parts.map((p) => p.getAttribute('part')));
  assert.deepEqual(order, ['card', 'share']);
  const height = await page.locator(changed).evaluate((el) => el.getBoundingClientRect().height);
  assert.equal(height, 34 + 230 + 25 + 32);
  assert.deepEqual(errors, []);
  await context.close();
});

test('each error code reaches the host: load_failed, reaction_failed, related_failed', async () => {
  const { context, page, goto } = await open();
  await goto();
  await page.locator(`${widget} .related li`).first().waitFor();

  await context.route('**/api/v1/sites/demo/reactions', (route) =>
    route.request().method() === 'GET' ? route.continue() : route.fulfill({
      status: 500, contentType: 'application/json', body: '{"error":{"code":"internal","message":"test"}}',
    }));
  await page.locator(`${widget} .reaction`, { hasText: '点赞' }).click();
  await waitHeard(page, 'error', 1);

  await context.route('**/api/v1/sites/demo/related?**', (route) => route.abort());
  await page.locator(`${widget} .more`).click();
  await waitHeard(page, 'error', 2);

  await context.route('**/api/v1/sites/demo/widget?**', (route) => route.abort());
  await addWidget(page, 'unreachable', en.url);
  await waitHeard(page, 'error', 3);

  assert.deepEqual(await heard(page, 'error'), [
    { name: 'error', host: 'news-card', code: 'reaction_failed' },
    { name: 'error', host: 'news-card', code: 'related_failed' },
    { name: 'error', host: 'unreachable', code: 'load_failed' },
  ]);
  await context.close();
});

test('the host styles the widget through its ::part names and --newscard-* properties', async () => {
  const parts = ['widget', 'card', 'title', 'share', 'share-button', 'reactions', 'reaction', 'related', 'more'];
  const hostCss = `<style>
    ${widget} { --newscard-bg: rgb(1, 2, 3); --newscard-accent: rgb(200, 0, 100);
      --newscard-radius: 3px; --newscard-font: monospace; }
    ${parts.map((p) => `${widget}::part(${p})`).join(', ')} { outline: 1px dotted rgb(11, 22, 33); }
  </style></head>`;
  const { context, page, errors, goto } = await open((html) => html.replace('</head>', hostCss));
  await goto();
  await page.locator(`${widget} .related li`).first().waitFor();
  const styled = await page.locator(widget).evaluate((el, parts) => {
    const outline = (name) => {
      const node = el.shadowRoot.querySelector(`[part~="${name}"]`);
      return node && getComputedStyle(node).outlineColor;
    };
    const box = getComputedStyle(el.shadowRoot.querySelector('.newscard'));
    return {
      parts: Object.fromEntries(parts.map((p) => [p, outline(p)])),
      background: box.backgroundColor,
      radius: box.borderTopLeftRadius,
      font: box.fontFamily,
      accent: getComputedStyle(el.shadowRoot.querySelector('.read-more')).color,
    };
  }, parts);
  assert.deepEqual(styled, {
    parts: Object.fromEntries(parts.map((p) => [p, 'rgb(11, 22, 33)'])),
    background: 'rgb(1, 2, 3)',
    radius: '3px',
    font: 'monospace',
    accent: 'rgb(200, 0, 100)',
  });
  assert.deepEqual(errors, []);
  await context.close();
});
