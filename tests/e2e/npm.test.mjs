// The npm example (examples/npm, built by scripts/build-npm-example.sh): the
// package a plain `wasm-pack build` makes, imported and bundled by webpack,
// mounts a widget against the real server. A reaction reaches the server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useStackAndBrowser, openRecorded, root } from './harness.mjs';

const articles = JSON.parse(readFileSync(join(root, 'demo/articles.json'), 'utf8'));
const article = articles.find((a) => a.url === 'https://news.example/2025/04/02/ocean-drones');
const env = useStackAndBrowser();

test('the npm package, bundled by webpack, mounts a widget that reacts', async () => {
  const { context, page, requests, errors } = await openRecorded(env.browser, `${env.stack.pageOrigin}/npm/`);
  // Inside #story's open shadow root, which locators pierce.
  const title = page.locator('#story .card .title');
  await title.waitFor();
  assert.equal(await title.textContent(), article.title);
  // The wasm came from the bundle on the page's origin, not the widget server.
  assert.ok(requests.some((url) => url.startsWith(`${env.stack.pageOrigin}/npm/`) && url.endsWith('.wasm')));

  const happy = page.locator('#story button.reaction', { hasText: 'Happy' });
  await happy.locator('.count').waitFor();
  assert.equal(await happy.locator('.count').textContent(), '0');
  // The host element hears when the reaction is stored.
  await page.evaluate(() => {
    const story = document.getElementById('story');
    window.stored = new Promise((resolve) => {
      story.addEventListener('newscard:reaction', (event) => resolve(event.detail), { once: true });
    });
  });
  await happy.click();
  await page.locator('#story button.reaction[aria-pressed="true"]', { hasText: 'Happy1' }).waitFor();
  const detail = await page.evaluate(() => window.stored);
  assert.equal(detail.reaction, 'happy');
  assert.equal(detail.counts.happy, 1);
  const stored = await page.evaluate(async ({ api, url }) => {
    const reader = localStorage.getItem('newscard-reader');
    const query = new URLSearchParams({ article: url, reader });
    const answer = await fetch(`${api}/api/v1/sites/demo/reactions?${query}`);
    return answer.json();
  }, { api: env.stack.widgetOrigin, url: article.url });
  assert.equal(stored.mine, 'happy');
  assert.equal(stored.counts.happy, 1);

  // MountedWidget's methods work from the bundle too: the page's dark switch.
  await page.locator('#dark').check();
  await page.waitForFunction(() => document.querySelector('#story').shadowRoot.firstElementChild.className === 'dark');
  assert.deepEqual(errors, []);
  await context.close();
});
