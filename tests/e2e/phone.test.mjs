// The widget on a phone: at 320 to 414 px wide every default mood is visible
// without scrolling, the share row shows its first services and "more", and
// the height the loader reserved is still the widget's height.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useStackAndBrowser, openRecorded, scrollToWidget } from './harness.mjs';

const env = useStackAndBrowser();
const zhWidget = 'news-card:not([view])';
const enWidget = 'div[data-newscard]';

/** How a row fits: its own scroll overflow, and each shown item's box inside it. */
function fit(row) {
  const box = row.getBoundingClientRect();
  const shown = [...row.children].filter((item) => item.getClientRects().length > 0);
  return {
    overflow: row.scrollWidth - row.clientWidth,
    outside: shown.filter((item) => {
      const r = item.getBoundingClientRect();
      return r.left < box.left - 0.5 || r.right > box.right + 0.5;
    }).length,
    shown: shown.map((item) => item.className),
  };
}

for (const width of [320, 390, 414]) {
  test(`at ${width} px every mood and the first services fit, in the reserved height`, async () => {
    const { context, page, errors } = await openRecorded(env.browser, env.stack.pageUrl, {
      viewport: { width, height: 800 },
    });
    for (const widget of [zhWidget, enWidget]) {
      await scrollToWidget(page, widget);
      await page.locator(`${widget} .reactions .reaction`).first().waitFor();
      const moods = await page.locator(`${widget} .reactions .row`).evaluate(fit);
      assert.equal(moods.overflow, 0, `${widget}: the mood row scrolls`);
      assert.equal(moods.outside, 0, `${widget}: a mood is cut off`);
      assert.equal(moods.shown.length, 4);

      const share = page.locator(`${widget} .share-bar .row`);
      const before = await share.evaluate(fit);
      assert.equal(before.overflow, 0, `${widget}: the share row scrolls`);
      assert.equal(before.outside, 0, `${widget}: a share control is cut off`);
      assert.ok(before.shown.includes('more-services'), `${widget}: no "more" control`);
      const services = before.shown.filter((name) => name === 'service').length;
      assert.ok(services >= 2, `${widget}: only ${services} services shown`);
      const total = await share.locator('.service').count();
      assert.ok(services < total, `${widget}: every service shown, nothing behind "more"`);

      const more = page.locator(`${widget} .more-services button`);
      assert.equal(await more.getAttribute('aria-expanded'), 'false');
      await more.click();
      await page.waitForFunction((sel) => {
        const el = document.querySelector(sel);
        return el.shadowRoot.querySelector('.more-services button').getAttribute('aria-expanded') === 'true';
      }, widget);
      const after = await share.evaluate(fit);
      assert.equal(after.shown.filter((name) => name === 'service').length, total);

      // The loader reserved the widget's height before the wasm came: it holds.
      const heights = await page.locator(widget).evaluate((el) => ({
        element: el.getBoundingClientRect().height,
        widget: el.shadowRoot.querySelector('.newscard').getBoundingClientRect().height,
      }));
      assert.equal(heights.widget, heights.element, `${widget}: ${JSON.stringify(heights)}`);
    }
    if (width === 390) await page.screenshot({ path: '/tmp/newscard-phone-390.png', fullPage: true });
    assert.deepEqual(errors, []);
    await context.close();
  });
}
