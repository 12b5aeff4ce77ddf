// Reactions on the demo page: two readers in separate browser contexts, live
// counts without reload, and the ranking view.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useStackAndBrowser, openRecorded, root, scrollToWidget } from './harness.mjs';

const articles = JSON.parse(readFileSync(join(root, 'demo/articles.json'), 'utf8'));
const env = useStackAndBrowser();

const bar = (page) => page.locator('news-card:not([view]) .reactions');
const button = (page, label) => bar(page).locator('button.reaction', { hasText: label });
const count = (page, label) => button(page, label).locator('.count');

test('one reader reacts; another sees the count change without reload', async () => {
  const alice = await openRecorded(env.browser, env.stack.pageUrl);
  const bob = await openRecorded(env.browser, env.stack.pageUrl);
  await count(alice.page, '点赞').waitFor();
  await count(bob.page, '点赞').waitFor();
  const start = Number(await count(bob.page, '点赞').textContent());

  await button(alice.page, '点赞').click();
  assert.equal(await button(alice.page, '点赞').getAttribute('aria-pressed'), 'true');
  // Within 2 seconds on the other reader's open widget.
  await bob.page.waitForFunction(
    (expected) => {
      const card = document.querySelector('news-card:not([view])');
      const buttons = [...card.shadowRoot.querySelectorAll('button.reaction')];
      const like = buttons.find((b) => b.textContent.includes('点赞'));
      return like.querySelector('.count').textContent === String(expected);
    },
    start + 1,
    { timeout: 2000 },
  );
  assert.equal(await button(bob.page, '点赞').getAttribute('aria-pressed'), 'false');

  // Alice changes her mind: Bob sees the vote move.
  await button(alice.page, '开心').click();
  await bob.page.waitForFunction(
    (expected) => {
      const card = document.querySelector('news-card:not([view])');
      const text = card.shadowRoot.querySelector('.reactions').textContent;
      return text.includes(`点赞${expected}`);
    },
    start,
    { timeout: 2000 },
  );
  // Alice's choice survives a reload; no cookie was set.
  await alice.page.reload();
  await button(alice.page, '开心').waitFor();
  await alice.page.waitForFunction(() => {
    const card = document.querySelector('news-card:not([view])');
    const pressed = card.shadowRoot?.querySelector('button[aria-pressed="true"]');
    return pressed && pressed.textContent.includes('开心');
  });
  assert.deepEqual(await alice.context.cookies(), []);
  assert.deepEqual(alice.errors, []);
  assert.deepEqual(bob.errors, []);
  await alice.context.close();
  await bob.context.close();
});

test('a plain view stores nothing in the browser', async () => {
  const { context, page } = await openRecorded(env.browser, env.stack.pageUrl);
  await count(page, '开心').waitFor();
  const stored = await page.evaluate(() => Object.keys(localStorage));
  assert.deepEqual(stored, []);
  assert.deepEqual(await context.cookies(), []);
  await context.close();
});

test('the ranking view lists the happiest stories', async () => {
  // Three readers make the English article the happiest of the week.
  const en = articles[1];
  for (const n of [1, 2, 3]) {
    const response = await fetch(`${env.stack.widgetOrigin}/api/v1/sites/demo/reactions`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', origin: env.stack.pageOrigin },
      body: JSON.stringify({ article: en.url, reader: `ranking-reader-${n}-xxxxxxxx`, reaction: 'happy' }),
    });
    assert.equal(response.status, 200);
  }
  const { context, page, errors } = await openRecorded(env.browser, env.stack.pageUrl);
  await scrollToWidget(page, 'news-card[view=ranking]');
  const first = page.locator('news-card[view=ranking] ol li').first();
  await first.waitFor();
  assert.match(await first.textContent(), new RegExp(`${en.title}\\s*3`));
  assert.match(await page.locator('news-card[view=ranking] h3').textContent(), /新闻表情排行 · 开心/);
  assert.deepEqual(errors, []);
  await context.close();
});
