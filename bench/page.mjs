// What the widget costs a publisher's page: the demo page in headless Chromium
// on loopback, against the optimised server (cargo profile "server") (temp SQLite file, demo articles) with
// the page on its own origin. For each of N runs, a cold load (a fresh browser
// context: empty HTTP cache) and a warm one (the same page navigated to again in
// that context), each measuring the time to the article widget's
// `newscard:ready`, long tasks, layout shift, the JS heap and the bytes of the
// widget's files; then median, p90 and max.
//   node bench/page.mjs [--runs N]    print the tables (default 10 runs)
//   node bench/page.mjs --write       also record them in BENCHMARKS.md
//   node bench/page.mjs --mobile      a phone: 390×844, the CPU throttled 4×
//                                     and a slow 4G network (CDP), recorded
//                                     as "Page load on a phone"
// NEWSCARD_SERVER_BIN=PATH uses that server instead of target/server's.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { constants, cpus, loadavg, tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, startStack } from '../tests/e2e/harness.mjs';
import { writeSection } from './section.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runsAt = process.argv.indexOf('--runs');
const runs = runsAt > 0 ? Number(process.argv[runsAt + 1]) : 10;
const ARTICLE = 'news-card:not([view])'; // the widget in the first viewport
// After ready, late layout shifts and long tasks still count (and the widgets
// further down, which mount when near view, get to start).
const SETTLE_MS = 500;
const TARGET = { coldMs: 150, warmMs: 50, taskMs: 50, mobileScriptMs: 50 };
const mobile = process.argv.includes('--mobile');
// Lighthouse's slow 4G: 150 ms round trips, 1.6 Mbit/s down, 750 kbit/s up.
const SLOW_4G = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 };

// Run however the script ends (done, thrown, Ctrl-C): stop the server, remove
// the temp dir. Playwright closes its browser on exit by itself.
const cleanups = [];
process.on('exit', () => cleanups.reverse().forEach((cleanup) => cleanup()));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(128 + constants.signals[signal]));

/** The server binary: NEWSCARD_SERVER_BIN, else the `server` profile build (cargo rebuilds it when stale). */
function serverBinary() {
  if (process.env.NEWSCARD_SERVER_BIN) return process.env.NEWSCARD_SERVER_BIN;
  execFileSync('cargo', ['build', '--profile', 'server', '-p', 'newscard-server'], { cwd: root, stdio: 'inherit' });
  return join(root, 'target/server/newscard-server');
}

/**
 * Copies the built widget (pkg/) to DIR/pkg for the server to serve, so that
 * a rebuild during the run cannot change what is measured.
 */
function copyBuild(dir) {
  const pkg = join(root, 'pkg');
  if (!existsSync(join(pkg, 'manifest.json'))) {
    execFileSync(join(root, 'scripts/build-widget.sh'), { stdio: 'inherit' });
  }
  cpSync(pkg, join(dir, 'pkg'), { recursive: true });
}

/**
 * In the page, before its own scripts: when the article widget is ready, the
 * widget errors, long tasks, the scripts that ran in long animation frames
 * (long tasks name no script; these do) and layout shifts without input.
 */
function recordInPage(article) {
  const seen = { ready: null, errors: [], longTasks: [], scripts: [], shift: 0 };
  window.pageBench = seen;
  document.addEventListener('newscard:ready', (e) => {
    if (seen.ready === null && e.target.matches(article)) seen.ready = performance.now();
  });
  document.addEventListener('newscard:error', (e) => seen.errors.push(e.detail.code));
  const observe = (type, record) =>
    new PerformanceObserver((list) => list.getEntries().forEach(record)).observe({ type, buffered: true });
  observe('longtask', (e) => seen.longTasks.push({ start: e.startTime, end: e.startTime + e.duration }));
  observe('long-animation-frame', (frame) => seen.scripts.push(...frame.scripts.map((s) => (
    { start: s.startTime, end: s.startTime + s.duration, source: s.sourceURL, invoker: s.invoker }))));
  observe('layout-shift', (e) => {
    if (!e.hadRecentInput) seen.shift += e.value;
  });
  // The widget's own steps, each the first time it happens, from outside the
  // widget: the loader running (it sets window.newscard), the wasm instantiated
  // (the glue's WebAssembly.instantiate), the bootstrap's JSON parsed, the
  // article widget's first render (its status line, before any data) and its
  // parts rendered (the card).
  const phases = {};
  seen.phases = phases;
  const first = (name) => {
    phases[name] ??= performance.now();
  };
  let loader;
  Object.defineProperty(window, 'newscard', {
    configurable: true,
    get: () => loader,
    set: (value) => {
      first('loader ran');
      loader = value;
    },
  });
  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = function (...args) {
    first('wasm instantiate called');
    return instantiate.apply(this, args).then((done) => {
      first('wasm instantiated');
      return done;
    });
  };
  const json = Response.prototype.json;
  Response.prototype.json = function () {
    const parsed = json.call(this);
    if (/\/widget\?/.test(this.url)) parsed.then(() => first('bootstrap JSON parsed'));
    return parsed;
  };
  const attachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const shadow = attachShadow.call(this, init);
    if (this.matches(article)) {
      new MutationObserver(() => {
        if (shadow.querySelector('.newscard')) first('first render (status line)');
        if (shadow.querySelector('.card')) first('parts rendered (card)');
      }).observe(shadow, { childList: true, subtree: true });
    }
    return shadow;
  };
}

/**
 * Bytes on the wire (headers included), status and encoding of each request to
 * the widget server, from CDP: resource timing gives 0 for the sizes of
 * cross-origin files served without Timing-Allow-Origin, as these are. The
 * status is the one on the wire (304 for a revalidated file), from ExtraInfo,
 * or `cache` for a file taken from the cache without asking.
 */
async function recordWire(cdp, origin) {
  const requests = new Map(); // requestId -> what is known of it so far
  const request = (id) => requests.get(id) || requests.set(id, {}).get(id);
  cdp.on('Network.responseReceivedExtraInfo', ({ requestId, statusCode }) => {
    request(requestId).wireStatus = statusCode;
  });
  cdp.on('Network.responseReceived', ({ requestId, response }) => {
    const status = response.fromDiskCache ? 'cache' : response.status;
    Object.assign(request(requestId), { url: response.url, status, encoding: response.headers['content-encoding'] });
  });
  cdp.on('Network.requestServedFromCache', ({ requestId }) => {
    request(requestId).wireStatus = 'cache';
  });
  cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
    request(requestId).bytes = encodedDataLength;
  });
  await cdp.send('Network.enable');
  // The requests finished since the last call (ExtraInfo may come after the finish).
  return () => [...requests].filter(([, r]) => r.bytes !== undefined).flatMap(([id, r]) => {
    requests.delete(id);
    return r.url?.startsWith(origin) ? [{ ...r, status: r.wireStatus ?? r.status }] : [];
  });
}

/**
 * Starts recording V8's wasm events; the returned function stops and gives the
 * time the main thread spent compiling wasm functions on their first call
 * (V8 compiles a module's functions lazily, each on the thread that first
 * calls it: for the widget, the page's main thread) and how many it compiled.
 */
async function traceLazyCompile(cdp) {
  const events = [];
  const collect = ({ value }) => events.push(...value);
  cdp.on('Tracing.dataCollected', collect);
  await cdp.send('Tracing.start', { categories: 'v8.wasm', transferMode: 'ReportEvents' });
  return async () => {
    const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.end');
    await complete;
    cdp.off('Tracing.dataCollected', collect);
    const main = new Set(events.filter((e) => e.name === 'thread_name' && e.args.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`));
    const compiles = events.filter((e) => e.name === 'wasm.CompileLazy' && main.has(`${e.pid}:${e.tid}`));
    return { ms: compiles.reduce((sum, e) => sum + e.dur, 0) / 1000, functions: compiles.length };
  };
}

const isWidgetFile = (path) => path === '/embed.js' || path.startsWith('/pkg/');
const isWasm = (path) => path.startsWith('/pkg/') && path.endsWith('.wasm');
// The requests between the loader's arrival and ready: glue and wasm (whatever
// their names), then the article widget's bootstrap.
const onCriticalPath = (path) => isWidgetFile(path) || /^\/api\/v1\/sites\/[^/]+\/widget$/.test(path);

/**
 * Where the time to ready goes: when each request on the critical path was
 * made and answered, and when the widget was ready, in ms after the loader's
 * start (requests may overlap: the loader can ask for glue and wasm at once).
 */
function timeline(resources, phases, ready, loaderStart) {
  const chain = resources.filter((r) => onCriticalPath(r.path) && r.end <= ready).sort((a, b) => a.start - b.start);
  const steps = Object.entries(phases).filter(([, at]) => at <= ready).sort((a, b) => a[1] - b[1]);
  return [
    ...chain.map((r) => ({ label: `\`${r.path}\``, requested: r.start - loaderStart, answered: r.end - loaderStart })),
    ...steps.map(([label, at]) => ({ label, answered: at - loaderStart })),
    { label: '`newscard:ready` of the article widget', answered: ready - loaderStart },
  ];
}

/** Loads the page in `page` (recording from its start) and measures that load. */
async function measureLoad(page, cdp, takeWire, { pageUrl, widgetOrigin }) {
  takeWire(); // late requests of the previous load
  const stopTrace = await traceLazyCompile(cdp);
  await page.goto(pageUrl);
  await page.waitForFunction(() => window.pageBench.ready !== null || window.pageBench.errors.length > 0);
  await page.waitForTimeout(SETTLE_MS);
  const seen = await page.evaluate((origin) => ({
    ...window.pageBench,
    resources: performance.getEntriesByType('resource').filter((e) => e.name.startsWith(origin))
      .map((e) => ({ path: new URL(e.name).pathname, start: e.startTime, end: e.responseEnd })),
  }), widgetOrigin);
  if (seen.errors.length) throw new Error(`the widget failed: ${seen.errors.join(', ')}`);
  // The page runs no script of its own: all of it is the widget's (loader,
  // glue and the wasm they call), main thread, from the navigation (CDP counts
  // ScriptDuration per document) to SETTLE_MS after ready.
  const { metrics } = await cdp.send('Performance.getMetrics');
  const scriptMs = metrics.find((m) => m.name === 'ScriptDuration').value * 1000;
  const lazyCompile = await stopTrace();
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const loader = seen.resources.find((r) => r.path === '/embed.js');
  const widgetScripts = seen.scripts.filter((s) => s.source.startsWith(widgetOrigin));
  const widgetTasks = seen.longTasks.filter((t) => widgetScripts.some((s) => s.start < t.end && s.end > t.start));
  const longestWidgetScript = widgetScripts.reduce((a, b) => (b.end - b.start > a.end - a.start ? b : a), { start: 0, end: 0 });
  const files = takeWire().map((f) => ({ ...f, path: new URL(f.url).pathname })).filter((f) => isWidgetFile(f.path));
  return {
    navToReady: seen.ready,
    loaderToReady: seen.ready - loader.end,
    scriptMs,
    lazyCompileMs: lazyCompile.ms,
    lazyCompiled: lazyCompile.functions,
    longTasks: seen.longTasks.length,
    longestTask: Math.max(0, ...seen.longTasks.map((t) => t.end - t.start)),
    widgetTasks: widgetTasks.length,
    longestWidgetScript: longestWidgetScript.end - longestWidgetScript.start,
    longestWidgetInvoker: longestWidgetScript.invoker?.replace(widgetOrigin, ''), // a script's invoker is its URL, random port and all
    cls: seen.shift,
    heapMb: usedSize / 2 ** 20,
    wasmRequests: seen.resources.filter((r) => isWasm(r.path)).length,
    kb: files.reduce((sum, f) => sum + f.bytes, 0) / 1024,
    files,
    timeline: timeline(seen.resources, seen.phases, seen.ready, loader.end),
  };
}

/**
 * One run: a cold load in a fresh context, then a warm one in the same page:
 * its third load, a reader's return visit. V8 keeps a script's compiled code
 * in the HTTP cache from its second load on, the wasm's once it has been
 * optimized, and uses it from the next.
 */
async function measureRun(browser, stack) {
  const context = await browser.newContext(mobile
    ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 }
    : {});
  try {
    await context.addInitScript(recordInPage, ARTICLE);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    if (mobile) {
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
    }
    const takeWire = await recordWire(cdp, stack.widgetOrigin);
    const cold = await measureLoad(page, cdp, takeWire, stack);
    await measureLoad(page, cdp, takeWire, stack);
    const warm = await measureLoad(page, cdp, takeWire, stack);
    return { cold, warm };
  } finally {
    await context.close();
  }
}

/** Linear-interpolated quantile q (0..1) of `values`. */
function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  return sorted[low] + (sorted[Math.ceil(at)] - sorted[low]) * (at - low);
}
const median = (values) => quantile(values, 0.5);
const fixed = (digits) => (value) => value.toFixed(digits);
const ms = fixed(0);

/** Median, p90 and max of `pick(load)`, cold then warm. */
const spread = (results, pick, format) =>
  ['cold', 'warm'].flatMap((kind) => {
    const values = results.map((run) => pick(run[kind]));
    return [median(values), quantile(values, 0.9), Math.max(...values)].map(format);
  });

function summaryTable(results) {
  const readyMedian = (kind) => median(results.map((run) => run[kind].loaderToReady));
  const worstWidgetTasks = Math.max(...results.flatMap((run) => [run.cold.widgetTasks, run.warm.widgetTasks]));
  const worstCls = Math.max(...results.flatMap((run) => [run.cold.cls, run.warm.cls]));
  const verdict = (ok) => (ok ? 'met' : '**missed**');
  const rows = [
    ['navigation start → article widget ready, ms', (l) => l.navToReady, ms, ''],
    ['loader start (embed.js arrived) → ready, ms', (l) => l.loaderToReady, ms,
      `median < ${TARGET.coldMs} cold, < ${TARGET.warmMs} warm: `
        + verdict(readyMedian('cold') < TARGET.coldMs && readyMedian('warm') < TARGET.warmMs)],
    ['main-thread script time (all the widget\'s), ms', (l) => l.scriptMs, ms,
      mobile ? `< ${TARGET.mobileScriptMs}: ${verdict(median(results.map((run) => run.cold.scriptMs)) < TARGET.mobileScriptMs)} (cold median)` : ''],
    ['… of it compiling wasm functions on their first call, ms', (l) => l.lazyCompileMs, ms, ''],
    ['wasm functions compiled on their first call, count', (l) => l.lazyCompiled, fixed(0), ''],
    ['long tasks > 50 ms (all on the page), count', (l) => l.longTasks, fixed(1), ''],
    ['longest long task, ms', (l) => l.longestTask, ms, ''],
    ['long tasks with widget script in them, count', (l) => l.widgetTasks, fixed(1), `0: ${verdict(worstWidgetTasks === 0)}`],
    ['longest widget script in a long frame, ms', (l) => l.longestWidgetScript, ms, `< ${TARGET.taskMs}`],
    [`CLS (until ${SETTLE_MS} ms after ready)`, (l) => l.cls, fixed(4), `0: ${verdict(worstCls === 0)}`],
    ['JS heap used after GC, MB', (l) => l.heapMb, fixed(2), ''],
    ['widget files on the wire, KB', (l) => l.kb, fixed(1), ''],
    ['.wasm requests', (l) => l.wasmRequests, fixed(0), '1'],
  ];
  return [
    '| measure | cold median | cold p90 | cold max | warm median | warm p90 | warm max | target |',
    '|---|---:|---:|---:|---:|---:|---:|---|',
    ...rows.map(([name, pick, format, target]) => `| ${name} | ${spread(results, pick, format).join(' | ')} | ${target} |`),
  ].join('\n');
}

/** How often each invoker (e.g. `Response.json.then`) ran a load's longest widget script. */
function invokerTally(results) {
  return ['cold', 'warm'].map((kind) => {
    const counts = {};
    for (const run of results) {
      const invoker = run[kind].longestWidgetInvoker;
      if (invoker) counts[invoker] = (counts[invoker] || 0) + 1;
    }
    const tally = Object.entries(counts).sort((a, b) => b[1] - a[1]).map(([name, n]) => `\`${name}\` ×${n}`);
    return `${kind} ${tally.join(', ') || 'none (no long frame ran widget script)'}`;
  }).join('; ');
}

function timelineTable(results) {
  const labels = [...new Set(results.flatMap((run) => [...run.cold.timeline, ...run.warm.timeline].map((e) => e.label)))];
  const cell = (kind, label, key) => {
    const values = results.flatMap((run) => run[kind].timeline.filter((e) => e.label === label && key in e).map((e) => e[key]));
    return values.length ? ms(median(values)) : '–';
  };
  return [
    '| request | cold requested | cold answered | warm requested | warm answered |',
    '|---|---:|---:|---:|---:|',
    ...labels.map((label) => `| ${label} | ${['cold', 'warm'].flatMap((kind) =>
      ['requested', 'answered'].map((key) => cell(kind, label, key))).join(' | ')} |`),
  ].join('\n');
}

function filesTable(results) {
  const paths = [...new Set(results.flatMap((run) => run.cold.files.map((f) => f.path)))];
  const cell = (kind, path) => {
    const files = results.flatMap((run) => run[kind].files.filter((f) => f.path === path));
    if (!files.length) return 'no request';
    const how = [...new Set(files.map((f) => [f.status, f.encoding].filter(Boolean).join(' ')))].join(', ');
    return `${(median(files.map((f) => f.bytes)) / 1024).toFixed(1)} (${how})`;
  };
  return [
    '| file | cold KB (status, encoding) | warm KB (status, encoding) |',
    '|---|---:|---:|',
    ...paths.map((path) => `| \`${path}\` | ${cell('cold', path)} | ${cell('warm', path)} |`),
  ].join('\n');
}

function perRunTable(results) {
  return [
    '| run | cold nav → ready | cold loader → ready | cold KB | warm nav → ready | warm loader → ready | warm KB |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    ...results.map(({ cold, warm }, i) => `| ${i + 1} | ${[cold, warm].map((l) =>
      `${ms(l.navToReady)} | ${ms(l.loaderToReady)} | ${l.kb.toFixed(1)}`).join(' | ')} |`),
  ].join('\n');
}

async function main() {
  if (!(runs >= 1)) throw new Error('--runs wants a number of at least 1');
  const dir = mkdtempSync(join(tmpdir(), 'newscard-page-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  copyBuild(dir);
  const stack = await startStack({ serverBin: serverBinary(), assets: dir });
  cleanups.push(() => stack.stop());
  const browser = await launchChromium();
  const loadBefore = loadavg()[0];
  const results = [];
  try {
    // Not counted: the browser's and the server's first load (process start-up,
    // the related-reading index still being built).
    await measureRun(browser, stack);
    for (let i = 0; i < runs; i += 1) results.push(await measureRun(browser, stack));
  } finally {
    await browser.close();
  }
  const text = [
    `Reproduce: \`node bench/page.mjs --runs ${runs}${mobile ? ' --mobile' : ''} --write\` (measured `
      + `${new Date().toISOString().slice(0, 10)}, ${runs} runs after one not counted, on ${cpus().length} cores, `
      + `loopback, headless Chromium ${browser.version()} `
      + (mobile ? 'at 390×844 (mobile, 3× pixels), CPU throttled 4× and slow 4G (150 ms, 1.6 Mbit/s down) by CDP, '
        : 'at 1280×720, ')
      + 'via playwright-core; optimised server (cargo profile "server") on a temp '
      + 'SQLite file with `demo/articles.json`, the demo page on its own origin; 1-minute load average '
      + `${loadBefore.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end).`,
    `Targets: loader start → ready median < ${TARGET.coldMs} ms cold and < ${TARGET.warmMs} ms warm; `
      + `no widget long task over ${TARGET.taskMs} ms; CLS 0.`,
    '',
    'Cold: a fresh browser context (empty HTTP cache). Warm: the third load of the page in that context,',
    'a reader\'s return visit: the HTTP cache is filled (the last table shows which files were',
    'revalidated, 304, and which taken from the cache unasked) and V8 takes the compiled glue and wasm',
    'from its cache instead of compiling each function on its first call again. Ready: the article',
    'widget\'s `newscard:ready`;',
    'loader start: the `responseEnd` of `/embed.js` (resource timing). Long tasks: every `longtask` entry',
    'of the page, which runs no script but the widget\'s; one is the widget\'s when a `long-animation-frame`',
    `script from the widget server ran in it. CLS: the sum of layout shifts without input up to ${SETTLE_MS} ms`,
    'after ready. Heap: `Runtime.getHeapUsage` after `HeapProfiler.collectGarbage`. Bytes: on the wire,',
    'headers included (CDP\'s `encodedDataLength`: resource timing gives no sizes for these cross-origin',
    'files, served without `Timing-Allow-Origin`). Script time: CDP\'s `ScriptDuration`; compiling on',
    'first call: the `wasm.CompileLazy` trace events (category `v8.wasm`) of the page\'s main thread.',
    '',
    summaryTable(results),
    '',
    `What ran the longest widget script in a long animation frame (in how many loads): ${invokerTally(results)}.`,
    '',
    'Where the time goes: ms after the loader\'s start (resource timing `startTime` and `responseEnd`, medians;',
    'the loader itself arrives at "navigation → ready" minus "loader start → ready"), then the widget\'s steps,',
    'seen from the page (the loader setting `window.newscard`, the glue\'s `WebAssembly.instantiate`, the',
    'bootstrap\'s `Response.json`, the article widget\'s shadow root getting its status line and its card):',
    '',
    timelineTable(results),
    '',
    'The widget\'s files on the wire (median per load):',
    '',
    filesTable(results),
  ].join('\n');
  console.log(`${perRunTable(results)}\n\n${text}`);
  if (process.argv.includes('--write')) writeSection(mobile ? 'Page load on a phone' : 'Page load', text);
}

try {
  await main();
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  process.exit(); // also ends the demo host's server; the exit handler cleans up
}
