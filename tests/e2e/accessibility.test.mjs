// Accessibility on the demo page: axe-core finds nothing in either theme or
// language, every control works from the keyboard alone with a visible focus
// ring, and the theme follows the host page's own toggle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useStackAndBrowser, openRecorded, root, scrollToWidget, keepOnLoopback } from './harness.mjs';

const env = useStackAndBrowser();
const article = 'news-card:not([view])';
const hosts = [article, 'div[data-newscard]', 'news-card[view=ranking]'];

/** Opens the demo page with every widget mounted and loaded. */
async function openLoaded(contextOptions) {
  const opened = await openRecorded(env.browser, env.stack.pageUrl, contextOptions);
  for (const host of hosts) {
    await scrollToWidget(opened.page, host);
    await opened.page.locator(`${host} .newscard h3`).first().waitFor();
  }
  await opened.page.locator(`${article} .related li`).first().waitFor();
  await opened.page.locator('div[data-newscard] .related li').first().waitFor();
  return opened;
}

/** axe-core's violations inside each widget (the demo page around them is not ours). */
async function axeViolations(page) {
  await page.addScriptTag({ path: join(root, 'node_modules/axe-core/axe.min.js') });
  return page.evaluate(async (selectors) => {
    const found = [];
    for (const selector of selectors) {
      const result = await window.axe.run(document.querySelector(selector), { resultTypes: ['violations'] });
      for (const v of result.violations) {
        found.push(`${selector}: ${v.id} (${v.impact}) at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
      }
    }
    return found;
  }, hosts);
}

for (const theme of ['light', 'dark']) {
  test(`axe-core finds no violation in the ${theme} theme, in Chinese and English`, async () => {
    const { context, page, errors } = await openLoaded({ colorScheme: theme });
    assert.equal(
      await page.locator(`${article} .newscard`).evaluate((el) => getComputedStyle(el).backgroundColor),
      theme === 'dark' ? 'rgb(13, 17, 23)' : 'rgb(255, 255, 255)',
    );
    assert.deepEqual(await axeViolations(page), []);

    // With what appears after clicks too: the WeChat dialog and a message.
    await page.locator(`${article} .reaction`, { hasText: '开心' }).click();
    await page.locator(`${article} .reactions .toast`, { hasText: /开心 \d+/ }).waitFor();
    await page.locator(`${article} .share`, { hasText: '微信' }).click();
    await page.locator(`${article} .wechat-popover svg.qr`).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

/** What has keyboard focus: the deepest active element, described. */
const focused = (page) =>
  page.evaluate(() => {
    let el = document.activeElement;
    while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const host = el.getRootNode().host;
    return {
      widget: host ? host.matches('[view]') ? 'ranking' : host.localName : null,
      text: el.textContent.trim().replace(/\s+/g, ' '),
      className: el.className && String(el.className.baseVal ?? el.className),
      ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    };
  });

/** Presses Tab until focus is on a control whose text matches, in `widget`. */
async function tabTo(page, widget, text) {
  for (let i = 0; i < 80; i += 1) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (now && now.widget === widget && now.text.includes(text)) return now;
  }
  throw new Error(`Tab never reached "${text}" in ${widget}`);
}

test('every control works from the keyboard alone, with a visible focus ring', async () => {
  const { context, page, errors } = await openLoaded({ permissions: ['clipboard-read', 'clipboard-write'] });
  await keepOnLoopback(context, env.stack);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.locator('body').focus();

  // Every stop inside the article widget, in order, each with a ring.
  const stops = [];
  for (let i = 0; i < 60; i += 1) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (now && now.widget === 'news-card') stops.push(now);
    else if (stops.length) break;
  }
  const texts = stops.map((s) => s.text);
  const title = '从“引进来”到“授出去”：国产新能源车企开始向海外伙伴输出技术';
  for (const expected of [title, '阅读剩余全文', '微信', '微博', 'QQ空间', '复制链接', '开心', '难过', '点赞', '飘过', '加载更多']) {
    assert.ok(texts.some((t) => t.includes(expected)), `no stop at ${expected}: ${texts.join(' | ')}`);
  }
  assert.ok(stops.filter((s) => s.className === 'share').length >= 5);
  assert.equal(stops.filter((s) => s.className.startsWith('reaction')).length, 4);
  assert.ok(stops.every((s) => s.ring), `no focus ring on ${stops.filter((s) => !s.ring).map((s) => s.text)}`);

  // A reaction by Enter, moved by Space, retracted by Enter.
  await page.locator('body').focus();
  await tabTo(page, 'news-card', '点赞');
  await page.keyboard.press('Enter');
  const pressed = page.locator(`${article} .reaction[aria-pressed=true]`);
  await pressed.filter({ hasText: '点赞' }).waitFor();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Space');
  await pressed.filter({ hasText: '难过' }).waitFor();
  await page.locator(`${article} .reactions .toast`, { hasText: /难过 \d+/ }).waitFor();
  await page.keyboard.press('Enter');
  await page.waitForFunction((sel) => !document.querySelector(sel).shadowRoot.querySelector('.reaction[aria-pressed=true]'), article);

  // WeChat's dialog: focus moves in, stays in, and comes back on Escape.
  await page.locator('body').focus();
  await tabTo(page, 'news-card', '微信');
  await page.keyboard.press('Enter');
  await page.locator(`${article} .wechat-popover svg.qr`).waitFor();
  assert.equal((await focused(page)).className, 'close');
  await page.keyboard.press('Tab');
  assert.equal((await focused(page)).className, 'close');
  await page.keyboard.press('Escape');
  assert.equal(await page.locator(`${article} .wechat-popover`).isHidden(), true);
  assert.match((await focused(page)).text, /微信$/);
  // And the close button closes it too.
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  assert.equal(await page.locator(`${article} .wechat-popover`).isHidden(), true);
  assert.match((await focused(page)).text, /微信$/);

  // Copy, announced.
  await tabTo(page, 'news-card', '复制链接');
  await page.keyboard.press('Enter');
  await page.locator(`${article} .share-bar .toast`, { hasText: '链接已复制' }).waitFor();

  // A share link opens the network's page in a new tab.
  await page.locator('body').focus();
  await tabTo(page, 'news-card', '微博');
  const [popup] = await Promise.all([context.waitForEvent('page'), page.keyboard.press('Enter')]);
  assert.match(popup.url(), /^https:\/\/service\.weibo\.com\/share\/share\.php\?/);
  await popup.close();

  // Load more, then a related link.
  await tabTo(page, 'news-card', '加载更多');
  const before = await page.locator(`${article} .related li`).count();
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    ([sel, n]) => document.querySelector(sel).shadowRoot.querySelectorAll('.related li').length > n,
    [article, before],
  );
  await page.keyboard.press('Shift+Tab');
  const related = await focused(page);
  assert.equal(related.widget, 'news-card');
  const [opened] = await Promise.all([context.waitForEvent('page'), page.keyboard.press('Enter')]);
  assert.match(opened.url(), /^https:\/\/news\.example\//);
  await opened.close();
  assert.deepEqual(errors, []);
  await context.close();
});

const DARK = 'rgb(13, 17, 23)';
const LIGHT = 'rgb(255, 255, 255)';
/** Waits (up to 2 s) for the article widget's background to be `colour`. */
const themed = (page, colour) =>
  page.waitForFunction(
    ([sel, colour]) => getComputedStyle(document.querySelector(sel).shadowRoot.querySelector('.newscard')).backgroundColor === colour,
    [article, colour],
    { timeout: 2000 },
  );

test('theme="auto" follows the host page toggle and the system, live', async () => {
  const { context, page, errors } = await openLoaded({ colorScheme: 'light' });
  const title = page.locator(`${article} .card .title`);
  await title.evaluate((el) => { el.kept = true; });
  await themed(page, LIGHT);

  // The system's preference.
  await page.emulateMedia({ colorScheme: 'dark' });
  await themed(page, DARK);
  await page.emulateMedia({ colorScheme: 'light' });
  await themed(page, LIGHT);

  // <html data-theme>, which beats the system.
  await page.evaluate(() => { document.documentElement.dataset.theme = 'dark'; });
  await themed(page, DARK);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.evaluate(() => { document.documentElement.dataset.theme = 'light'; });
  await themed(page, LIGHT);
  await page.evaluate(() => { delete document.documentElement.dataset.theme; });
  await themed(page, DARK);
  await page.emulateMedia({ colorScheme: 'light' });

  // A class on <html>: `dark` by default, or the element's dark-class.
  await page.evaluate(() => document.documentElement.classList.add('dark'));
  await themed(page, DARK);
  await page.evaluate(() => {
    document.documentElement.classList.remove('dark');
    document.querySelector('news-card:not([view])').setAttribute('dark-class', 'night-mode');
    document.documentElement.classList.add('night-mode');
  });
  await themed(page, DARK);
  await page.evaluate(() => document.documentElement.classList.remove('night-mode'));
  await themed(page, LIGHT);

  // theme="dark" and "light" ignore the page.
  await page.evaluate(() => document.querySelector('news-card:not([view])').setAttribute('theme', 'dark'));
  await themed(page, DARK);
  await page.evaluate(() => {
    document.querySelector('news-card:not([view])').setAttribute('theme', 'light');
    document.documentElement.dataset.theme = 'dark';
  });
  await themed(page, LIGHT);

  // All in place: the same card, never remounted.
  assert.equal(await title.evaluate((el) => el.kept), true);
  assert.deepEqual(errors, []);
  await context.close();
});
