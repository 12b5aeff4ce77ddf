// Embedding as a publisher does it, on the demo page: many widgets and one
// wasm fetch, no layout shift, lazy loading, single-page-app churn without
// leaks, attribute changes, and the host API (events and window.newscard).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useStackAndBrowser, openRecorded, root, scrollToWidget, keepOnLoopback } from './harness.mjs';

const articles = JSON.parse(readFileSync(join(root, 'demo/articles.json'), 'utf8'));
const [zh, en] = articles;
const version = readFileSync(join(root, 'Cargo.toml'), 'utf8').match(/^version = "(.+)"/m)[1];
const env = useStackAndBrowser();
const article = 'news-card:not([view])';
const hosts = [article, 'news-card[view=ranking]', 'div[data-newscard]'];
// The build's content-hashed file names.
const manifest = JSON.parse(readFileSync(join(root, 'pkg/manifest.json'), 'utf8'));
const isWasm = (url) => url.endsWith(`/pkg/${manifest.wasm}`);

/**
 * Before the page's own scripts: records every `newscard:*` event, every
 * layout shift, and how many EventSource streams are open.
 */
function recordInPage() {
  window.heard = [];
  for (const name of ['ready', 'reaction', 'share', 'related-click', 'error']) {
    document.addEventListener(`newscard:${name}`, (e) => {
      const host = e.target;
      window.heard.push({ name, detail: e.detail, host: host.id || host.getAttribute('view') || host.localName });
    });
  }
  window.shifts = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const moved = entry.sources.map((s) => s.node && (s.node.className || s.node.nodeName));
      window.shifts.push({ value: entry.value, input: entry.hadRecentInput, moved });
    }
  }).observe({ type: 'layout-shift', buffered: true });
  window.openStreams = 0;
  const Native = window.EventSource;
  window.EventSource = class extends Native {
    constructor(...args) {
      super(...args);
      window.openStreams += 1;
    }
    close() {
      if (this.readyState !== Native.CLOSED) window.openStreams -= 1;
      super.close();
    }
  };
}

/** Opens `url` recording in the page; the wasm answer is held back `delay` ms. */
async function open(url = env.stack.pageUrl, { delay = 0 } = {}) {
  const opened = await openRecorded(env.browser, 'about:blank');
  await opened.context.addInitScript(recordInPage);
  if (delay) {
    await opened.context.route(`**/pkg/${manifest.wasm}`, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, delay));
      await route.continue();
    });
  }
  await opened.page.goto(url);
  return opened;
}

const heard = (page, name) => page.evaluate((name) => window.heard.filter((e) => e.name === name), name);
const waitHeard = (page, name, count) =>
  page.waitForFunction(([name, count]) => window.heard.filter((e) => e.name === name).length >= count, [name, count]);
const height = (page, selector) => page.locator(selector).first().evaluate((el) => el.getBoundingClientRect().height);

test('three widgets on one page: one wasm fetch, each ready, heights reserved, no layout shift', async () => {
  // The wasm is held back so the page is seen with every widget still loading.
  const { context, page, requests, errors } = await open(env.stack.pageUrl, { delay: 800 });
  const reserved = {};
  for (const host of hosts) reserved[host] = await height(page, host);
  for (const host of hosts) await scrollToWidget(page, host);
  await waitHeard(page, 'ready', 3);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(200);

  assert.equal(requests.filter(isWasm).length, 1);
  for (const host of hosts) assert.equal(await height(page, host), reserved[host], `${host} moved`);
  // Final heights from the stylesheet: frame 34, card 230, share 32, reactions 64,
  // related 519, and 25 between parts; a ranking 290.
  assert.equal(reserved[article], 34 + 230 + 32 + 64 + 519 + 3 * 25);
  assert.equal(reserved['news-card[view=ranking]'], 34 + 290);
  assert.deepEqual(await page.evaluate(() => window.shifts), []);
  const ready = await heard(page, 'ready');
  assert.deepEqual(ready.map((e) => e.detail).sort((a, b) => a.article.localeCompare(b.article)), [
    { site: 'demo', article: '', view: 'ranking' },
    { site: 'demo', article: zh.url },
    { site: 'demo', article: en.url },
  ].sort((a, b) => a.article.localeCompare(b.article)));
  assert.deepEqual(errors, []);
  await context.close();
});

test('every set of sections reserves exactly its final height', async () => {
  const { context, page, errors } = await open(env.stack.pageUrl, { delay: 500 });
  // '' is all four; 'ranking' the ranking view.
  const variants = ['', 'card', 'share', 'reactions', 'related', 'card,share', 'share,reactions',
    'reactions,related', 'card,related', 'ranking'];
  const before = await page.evaluate(([variants, url]) => variants.map((sections, i) => {
    const el = document.createElement('news-card');
    el.id = `s${i}`;
    el.setAttribute('site', 'demo');
    if (sections === 'ranking') el.setAttribute('view', 'ranking');
    else el.setAttribute('article', url);
    if (sections) el.setAttribute('sections', sections);
    el.setAttribute('loading', 'eager');
    document.querySelector('main').prepend(el);
    return el.getBoundingClientRect().height;
  }), [variants, zh.url]);
  await waitHeard(page, 'ready', variants.length);
  const after = await page.evaluate((n) => Array.from({ length: n }, (_, i) => document.getElementById(`s${i}`).getBoundingClientRect().height), variants.length);
  assert.deepEqual(after, before);
  assert.deepEqual(before.slice(0, 2), [34 + 230 + 32 + 64 + 519 + 3 * 25, 34 + 230]);
  // And each shows just its parts.
  assert.equal(await page.locator('#s5 .card').count(), 1);
  assert.equal(await page.locator('#s5 .share-bar').count(), 1);
  assert.equal(await page.locator('#s5 .reactions, #s5 .related').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the wasm is fetched only when a widget comes near view, or at once with loading="eager"', async () => {
  const far = (html) => html.replace('<main class="column">', '<main class="column"><div class="spacer" style="height: 6000px"></div>');
  const lazyUrl = env.stack.variant({ edit: far });
  const lazy = await open(lazyUrl);
  await lazy.page.waitForTimeout(500);
  assert.equal(lazy.requests.filter(isWasm).length, 0);
  // Half a viewport more than a viewport above it: within the margin.
  await lazy.page.evaluate((sel) => {
    const top = document.querySelector(sel).getBoundingClientRect().top;
    window.scrollTo(0, top - 1.5 * window.innerHeight);
  }, article);
  await waitHeard(lazy.page, 'ready', 1);
  assert.equal(lazy.requests.filter(isWasm).length, 1);
  await lazy.context.close();

  const eagerUrl = env.stack.variant({
    edit: (html) => far(html).replace('<news-card site="demo"', '<news-card loading="eager" site="demo"'),
  });
  const eager = await open(eagerUrl);
  await waitHeard(eager.page, 'ready', 1);
  assert.equal((await heard(eager.page, 'ready'))[0].detail.article, zh.url);
  assert.equal(await eager.page.evaluate(() => window.scrollY), 0);
  await eager.context.close();
});

test('the host hears reactions, shares, related clicks and errors', async () => {
  const { context, page, errors } = await open();
  await keepOnLoopback(context, env.stack);
  await page.locator(`${article} .related li`).first().waitFor();

  await page.locator(`${article} .reaction`, { hasText: '点赞' }).click();
  await waitHeard(page, 'reaction', 1);
  const [reaction] = await heard(page, 'reaction');
  assert.equal(reaction.host, 'news-card');
  assert.equal(reaction.detail.site, 'demo');
  assert.equal(reaction.detail.article, zh.url);
  assert.equal(reaction.detail.reaction, 'like');
  assert.ok(reaction.detail.counts.like >= 1);
  await page.locator(`${article} .reaction`, { hasText: '点赞' }).click();
  await waitHeard(page, 'reaction', 2);
  assert.equal((await heard(page, 'reaction'))[1].detail.reaction, null);

  await page.locator(`${article} .share`, { hasText: '复制链接' }).click();
  await waitHeard(page, 'share', 1);
  assert.deepEqual((await heard(page, 'share'))[0].detail, { site: 'demo', article: zh.url, service: 'copy' });

  const link = page.locator(`${article} .related li a`).first();
  const href = await link.getAttribute('href');
  const [tab] = await Promise.all([context.waitForEvent('page'), link.click()]);
  await tab.close();
  await waitHeard(page, 'related-click', 1);
  assert.deepEqual((await heard(page, 'related-click'))[0].detail, { site: 'demo', article: zh.url, url: href });

  await page.evaluate(() => {
    const el = document.createElement('news-card');
    el.id = 'missing';
    el.setAttribute('site', 'demo');
    el.setAttribute('article', 'https://news.example/never-written');
    el.setAttribute('loading', 'eager');
    document.querySelector('main').prepend(el);
  });
  await waitHeard(page, 'error', 1);
  assert.deepEqual((await heard(page, 'error'))[0], {
    name: 'error',
    host: 'missing',
    detail: { site: 'demo', article: 'https://news.example/never-written', code: 'article_not_found' },
  });
  assert.deepEqual(errors.filter((e) => !e.includes('404')), []);
  await context.close();
});

test('window.newscard mounts, unmounts and tells its version', async () => {
  const { context, page, errors } = await open();
  await waitHeard(page, 'ready', 1);
  assert.equal(await page.evaluate(() => window.newscard.version), version);
  const shown = await page.evaluate(async (url) => {
    const el = document.createElement('div');
    el.dataset.newscard = '';
    el.dataset.site = 'demo';
    el.dataset.article = url;
    document.body.append(el); // far below: lazy, not mounted yet
    await new Promise((resolve) => setTimeout(resolve, 300));
    const before = el.shadowRoot.querySelector('.newscard') !== null;
    const ready = new Promise((resolve) => el.addEventListener('newscard:ready', resolve, { once: true }));
    window.newscard.mount(el);
    await ready;
    const title = el.shadowRoot.querySelector('.card .title').textContent;
    window.newscard.unmount(el);
    return { before, title, after: el.shadowRoot.querySelector('.newscard') !== null, connected: el.isConnected };
  }, en.url);
  assert.deepEqual(shown, { before: false, title: en.title, after: false, connected: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test('changing article or lang updates the mounted widget in place', async () => {
  const { context, page, errors } = await open();
  await waitHeard(page, 'ready', 1);
  // Marks the widget's root: a remount would build a new one.
  await page.evaluate(() => { document.querySelector('news-card:not([view])').shadowRoot.querySelector('.newscard').dataset.first = '1'; });
  await page.evaluate((url) => document.querySelector('news-card:not([view])').setAttribute('article', url), en.url);
  await page.locator(`${article} .card .title`, { hasText: en.title }).waitFor();
  assert.equal(await page.locator(`${article} .related h3`).textContent(), '相关阅读');
  await page.evaluate(() => document.querySelector('news-card:not([view])').setAttribute('lang', 'en'));
  await page.locator(`${article} .related h3`, { hasText: 'Related reading' }).waitFor();
  await page.evaluate(() => document.querySelector('news-card:not([view])').setAttribute('lang', 'zh-TW'));
  await page.locator(`${article} .related h3`, { hasText: '相關閱讀' }).waitFor();
  assert.equal(await page.locator(`${article} .reaction`).first().textContent(), '開心0');
  assert.equal(await page.locator(`${article} .reaction svg.mood path`).count(), 4);
  assert.equal(await page.locator(`${article} .newscard[data-first]`).count(), 1);
  // Only the new article was loaded again: a new language re-renders, it does not reload.
  const readies = (await heard(page, 'ready')).filter((e) => e.host === 'news-card');
  assert.deepEqual(readies.map((e) => e.detail.article), [zh.url, en.url]);
  assert.equal(await page.locator('news-card').count(), 2);
  assert.deepEqual(errors, []);
  await context.close();
});

/** Garbage-collects, then the JS heap in use and the wasm memory, in bytes. */
async function memory(page, cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  // The same module instance as the loader's: the same URL. The build gives
  // exports short names, so the memory is found by its type.
  const wasm = await page.evaluate(async (glueUrl) => {
    const exports = await (await import(glueUrl)).default();
    const memory = Object.values(exports).find((value) => value instanceof WebAssembly.Memory);
    return memory.buffer.byteLength;
  }, `${env.stack.widgetOrigin}/pkg/${manifest.glue}`);
  return { heap: usedSize, wasm };
}

/** Adds a widget (article, div or ranking by turn), waits until it is ready, removes it. */
const churn = (page, times) =>
  page.evaluate(async ([times, zhUrl, enUrl]) => {
    for (let i = 0; i < times; i += 1) {
      const kind = i % 3;
      const el = document.createElement(kind === 1 ? 'div' : 'news-card');
      const set = (name, value) => el.setAttribute(kind === 1 ? `data-${name}` : name, value);
      if (kind === 1) el.setAttribute('data-newscard', '');
      set('site', 'demo');
      set('loading', 'eager');
      if (kind === 2) set('view', 'ranking');
      else set('article', kind === 0 ? zhUrl : enUrl);
      const ready = new Promise((resolve) => el.addEventListener('newscard:ready', resolve, { once: true }));
      document.querySelector('main').prepend(el);
      await ready;
      el.remove();
    }
  }, [times, zh.url, en.url]);

test('adding and removing widgets 100 times leaks nothing', async () => {
  const { context, page, errors } = await open();
  for (const host of hosts) await scrollToWidget(page, host);
  await waitHeard(page, 'ready', 3);
  const cdp = await context.newCDPSession(page);
  await churn(page, 10); // warms up caches that are filled once
  const baseline = await memory(page, cdp);
  const streams = await page.evaluate(() => window.openStreams);
  await churn(page, 100);
  const after = await memory(page, cdp);
  console.log(`heap ${baseline.heap} -> ${after.heap} B; wasm memory ${baseline.wasm} -> ${after.wasm} B`);
  assert.ok(after.heap <= baseline.heap * 1.1, `JS heap grew from ${baseline.heap} to ${after.heap} B`);
  assert.ok(after.wasm <= baseline.wasm * 1.1, `wasm memory grew from ${baseline.wasm} to ${after.wasm} B`);
  // Every removed widget closed its live stream: only the page's two remain.
  assert.equal(streams, 2);
  assert.equal(await page.evaluate(() => window.openStreams), 2);
  assert.equal((await heard(page, 'ready')).length, 3 + 110);
  assert.deepEqual(errors, []);
  await context.close();
});
