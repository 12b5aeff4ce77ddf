// The example Leptos app (examples/leptos-app, built by scripts/build-example.sh):
// newscard's components in an app's own view, against the real server. A
// reaction in the app's lone mood bar reaches the server and the widget's bar;
// a route change swaps the article in place, and the lone bar shows the
// reader's own reaction when it comes back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useStackAndBrowser, openRecorded, root } from './harness.mjs';

const articles = JSON.parse(readFileSync(join(root, 'demo/articles.json'), 'utf8'));
const [zh, en] = articles;
const env = useStackAndBrowser();

test('the example app shows NewsCard and a lone ReactionBar, reacts and follows its route', async () => {
  const app = `${env.stack.pageOrigin}/leptos-app/`;
  const { context, page, errors } = await openRecorded(env.browser, app);
  // The whole widget, rendered by the app itself (no loader, no shadow root).
  const title = page.locator('main .card .title');
  await title.waitFor();
  assert.equal(await title.textContent(), zh.title);
  assert.equal(await page.locator('main .reactions .reaction').count(), 4);

  // The lone bar: a click is stored, and the widget's bar hears it live.
  const lone = page.locator('aside .reaction', { hasText: 'Happy' });
  await lone.click();
  await page.locator('aside .reaction[aria-pressed="true"]', { hasText: 'Happy' }).waitFor();
  await page.locator('main .reaction', { hasText: '开心1' }).waitFor();
  const stored = await page.evaluate(async ({ api, url }) => {
    const reader = localStorage.getItem('newscard-reader');
    const query = new URLSearchParams({ article: url, reader });
    const answer = await fetch(`${api}/api/v1/sites/demo/reactions?${query}`);
    return answer.json();
  }, { api: env.stack.widgetOrigin, url: zh.url });
  assert.equal(stored.mine, 'happy');
  assert.equal(stored.counts.happy, 1);

  // A route change: the same widget loads the other article.
  await page.evaluate(() => { document.querySelector('main .newscard').dataset.first = '1'; });
  await page.locator('nav a', { hasText: 'drones' }).click();
  await page.locator('main .card .title', { hasText: en.title }).waitFor();
  assert.equal(await page.locator('main .newscard[data-first]').count(), 1);
  await page.locator('aside .reaction', { hasText: 'Happy0' }).waitFor();
  assert.equal(await page.locator('aside .reaction[aria-pressed="true"]').count(), 0);

  // Back: the lone bar loads the reader's own reaction with the counts.
  await page.locator('nav a', { hasText: '新能源' }).click();
  await page.locator('aside .reaction[aria-pressed="true"]', { hasText: 'Happy1' }).waitFor();
  assert.equal(await page.locator('aside .reaction[aria-pressed="true"]').count(), 1);
  assert.deepEqual(errors, []);
  await context.close();
});
