// Related reading on the demo page: the first page comes with the widget, "load
// more" appends the rest by cursor, and the button goes when there is no more.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useStackAndBrowser, openRecorded, root } from './harness.mjs';

const articles = JSON.parse(readFileSync(join(root, 'demo/articles.json'), 'utf8'));
const zh = articles[0];
const env = useStackAndBrowser();

test('the related list shows and "load more" appends until the end', async () => {
  const { context, page, errors } = await openRecorded(env.browser, env.stack.pageUrl);
  const items = page.locator('news-card .related li');
  await items.first().waitFor();
  assert.equal(await page.locator('news-card .related h3').textContent(), '相关阅读');
  const first = await items.count();
  assert.equal(first, 5, 'the first page comes with the widget');

  // The demo has a dozen articles related to this one: "load more" until the end.
  const button = page.locator('news-card .related button.more');
  let count = first;
  for (let pages = 0; await button.isVisible(); pages += 1) {
    assert.ok(pages < 10, 'the button never went');
    assert.equal(await button.textContent(), '加载更多');
    await button.click();
    await page.waitForFunction(
      ([selector, before]) => {
        const list = document.querySelector(selector).shadowRoot.querySelectorAll('.related li');
        return list.length > before;
      },
      ['news-card', count],
    );
    count = await items.count();
  }
  assert.ok(count > first, `load more added nothing: ${count}`);

  const hrefs = await page.locator('news-card .related h4 a').evaluateAll((links) =>
    links.map((a) => a.getAttribute('href')),
  );
  assert.equal(new Set(hrefs).size, hrefs.length, 'no article twice');
  assert.ok(!hrefs.includes(zh.url), 'never the article itself');
  const known = new Set(articles.map((a) => a.url));
  assert.ok(hrefs.every((href) => known.has(href)), hrefs.join(' '));
  assert.deepEqual(errors, []);
  await context.close();
});
