// Starts what an end-to-end test needs: the real newscard-server (temp SQLite
// file, demo articles imported, random port) and the demo publisher page on a
// second origin, plus Debian's Chromium driven by playwright-core.
import { spawn, execFileSync } from 'node:child_process';
import { before, after } from 'node:test';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startDemoHost } from '../../scripts/demo-host.mjs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const debugServer = process.env.NEWSCARD_SERVER_BIN || join(root, 'target/debug/newscard-server');

/**
 * Demo page + widget server (`serverBin`, serving the widget from `assets`/pkg).
 * `stop()` ends both and removes the temp dir.
 */
export async function startStack({ serverBin = debugServer, assets = root } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'newscard-e2e-'));
  const host = await startDemoHost();
  const config = join(dir, 'sites.toml');
  writeFileSync(config, `[[site]]\nid = "demo"\nallowed_origins = ["${host.origin}"]\nhosts = ["news.example"]\n`);
  const args = ['--db', join(dir, 'newscard.db'), '--config', config, '--assets', assets];
  execFileSync(serverBin, [...args, 'import', '--site', 'demo', join(root, 'demo/articles.json')]);
  const server = spawn(serverBin, [...args, '--listen', '127.0.0.1:0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const widgetOrigin = await new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const match = out.match(/listening on (http:\/\/\S+)/);
      if (match) resolve(match[1]);
    });
    server.on('exit', (code) => reject(new Error(`newscard-server exited with ${code}`)));
  });
  host.setWidgetOrigin(widgetOrigin);
  let variants = 0;
  return {
    pageUrl: `${host.origin}/`,
    pageOrigin: host.origin,
    widgetOrigin,
    /** The URL of the demo page changed by `edit` and answered with `headers`. */
    variant: ({ headers, edit } = {}) => {
      const path = `/variant-${(variants += 1)}`;
      host.addVariant(path, { headers, edit });
      return `${host.origin}${path}`;
    },
    stop: async () => {
      server.kill();
      await new Promise((resolve) => host.server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * For a test file: starts the stack and Chromium before its tests and stops
 * both after. Returns an object whose `stack` and `browser` are set by then.
 */
export function useStackAndBrowser() {
  const env = {};
  before(async () => {
    env.stack = await startStack();
    env.browser = await launchChromium();
  });
  after(async () => {
    await env.browser?.close();
    await env.stack?.stop();
  });
  return env;
}

/**
 * The machine's Chromium: $CHROMIUM, else the first of the usual names on PATH
 * (Debian's `chromium`, Ubuntu's `chromium-browser`, Google's build). Never a
 * downloaded browser.
 */
export function chromiumPath() {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome']) {
    try {
      return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
    } catch {
      // not this one
    }
  }
  throw new Error('no Chromium on PATH: install it (scripts/setup.sh does) or set CHROMIUM');
}

export function launchChromium() {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/**
 * Opens a page (in a new context with `contextOptions`) that records every
 * request URL, every console error and, in `window.violations`, every
 * Content-Security-Policy violation from the start.
 */
export async function openRecorded(browser, url, contextOptions = {}) {
  const context = await browser.newContext(contextOptions);
  await context.addInitScript(() => {
    window.violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
  });
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
  page.on('pageerror', (err) => errors.push(String(err)));
  await page.goto(url);
  return { context, page, requests, errors };
}

/**
 * Keeps `context` on loopback: requests to any host but the demo page's and
 * the widget server's get an empty page, so a test can follow share and
 * article links without reaching the internet. `onRequest(url)` sees every one.
 */
export function keepOnLoopback(context, stack, onRequest = () => {}) {
  return context.route('**/*', (route) => {
    const url = route.request().url();
    onRequest(url);
    const { origin } = new URL(url);
    if (origin === stack.pageOrigin || origin === stack.widgetOrigin) {
      return route.continue();
    }
    return route.fulfill({ status: 200, contentType: 'text/html', body: '' });
  });
}

/**
 * Widgets mount when they come within a viewport of view: scrolls the element
 * matching `selector` (the widget's host) into view, as a reader would.
 */
export async function scrollToWidget(page, selector) {
  await page.locator(selector).first().scrollIntoViewIfNeeded();
}
