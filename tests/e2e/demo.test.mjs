// The demo publisher page, on its own origin, with the widget dropped in by the
// snippet: real server, real SQLite file, Debian's Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useStackAndBrowser, openRecorded, root, scrollToWidget } from './harness.mjs';

const articles = JSON.parse(readFileSync(join(root, 'demo/articles.json'), 'utf8'));
const zh = articles[0];
const en = articles[1];
const env = useStackAndBrowser();

test('the card renders inside the shadow root of <news-card>', async () => {
  const { context, page, errors } = await openRecorded(env.browser, env.stack.pageUrl);
  // Playwright's CSS selectors pierce open shadow roots.
  const title = page.locator('news-card .card .title');
  await title.waitFor();
  assert.equal(await title.textContent(), zh.title);
  assert.equal(await page.locator('news-card .title a').getAttribute('href'), zh.url);
  const inShadow = await page.evaluate(() => {
    const el = document.querySelector('news-card');
    return {
      open: el.shadowRoot !== null,
      card: el.shadowRoot.querySelector('.card') !== null,
      lightDom: document.querySelector('.card') !== null,
    };
  });
  assert.deepEqual(inShadow, { open: true, card: true, lightDom: false });
  assert.deepEqual(errors, []);
  await context.close();
});

test('div[data-newscard] works too, in English, with one wasm fetch for both', async () => {
  const { context, page, requests, errors } = await openRecorded(env.browser, env.stack.pageUrl);
  const title = page.locator('div[data-newscard] .card .title');
  await page.locator('news-card .card').waitFor();
  await scrollToWidget(page, 'div[data-newscard]');
  await title.waitFor();
  assert.equal(await title.textContent(), en.title);
  assert.match(await page.locator('div[data-newscard] .meta').textContent(), /Source: /);
  await page.locator('news-card .card').waitFor();
  const wasmFetches = requests.filter((url) => /\/pkg\/newscard_bg-[0-9a-f]{16}\.wasm$/.test(url));
  assert.equal(wasmFetches.length, 1);
  const hosts = new Set(requests.map((url) => new URL(url).origin));
  assert.deepEqual([...hosts].sort(), [env.stack.pageOrigin, env.stack.widgetOrigin].sort());
  assert.deepEqual(errors, []);
  await context.close();
});

test('removing an element unmounts its widget; a new one mounts', async () => {
  const { context, page, errors } = await openRecorded(env.browser, env.stack.pageUrl);
  await page.locator('news-card .card').waitFor();
  const afterRemove = await page.evaluate(() => {
    const el = document.querySelector('news-card');
    el.remove();
    return el.shadowRoot.querySelector('.newscard') === null;
  });
  assert.ok(afterRemove, 'the removed widget was unmounted');
  await page.evaluate((url) => {
    const el = document.createElement('news-card');
    el.setAttribute('site', 'demo');
    el.setAttribute('article', url);
    el.id = 'late';
    document.body.append(el);
  }, en.url);
  await scrollToWidget(page, '#late');
  assert.equal(await page.locator('#late .card .title').textContent(), en.title);
  assert.deepEqual(errors, []);
  await context.close();
});

test('an unknown article shows a polite message, not a broken box', async () => {
  const { context, page } = await openRecorded(env.browser, env.stack.pageUrl);
  await page.evaluate(() => {
    const el = document.createElement('news-card');
    el.setAttribute('site', 'demo');
    el.setAttribute('article', 'https://news.example/never-written');
    el.setAttribute('lang', 'en');
    el.id = 'missing';
    document.body.append(el);
  });
  await scrollToWidget(page, '#missing');
  const status = page.locator('#missing .status', { hasText: 'No details about this article yet.' });
  await status.waitFor();
  assert.equal(await page.locator('#missing .card').count(), 0);
  await context.close();
});
