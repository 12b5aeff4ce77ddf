// Serves the demo publisher page (index.html), the example Leptos app and the
// npm example (examples/npm, webpack's bundle in its dist/) on their own
// origin, as a real publisher's site would be, with {{WIDGET_ORIGIN}} replaced
// by the widget server's origin. Used by scripts/demo.sh and the end-to-end tests.
//
//   node scripts/demo-host.mjs --listen 127.0.0.1:8081 --widget http://127.0.0.1:8080
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dirname, join, extname } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pages = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8', template: true },
  '/index.html': { file: 'index.html', type: 'text/html; charset=utf-8', template: true },
  '/demo.css': { file: 'demo/demo.css', type: 'text/css; charset=utf-8' },
  // The example Leptos app (scripts/build-example.sh builds its pkg/).
  '/leptos-app/': { file: 'examples/leptos-app/index.html', type: 'text/html; charset=utf-8', template: true },
  '/leptos-app/pkg/newscard_leptos_app.js': {
    file: 'examples/leptos-app/pkg/newscard_leptos_app.js', type: 'text/javascript; charset=utf-8',
  },
  '/leptos-app/pkg/newscard_leptos_app_bg.wasm': {
    file: 'examples/leptos-app/pkg/newscard_leptos_app_bg.wasm', type: 'application/wasm', binary: true,
  },
  // The npm example (scripts/build-npm-example.sh); its bundle's files are below.
  '/npm/': { file: 'examples/npm/index.html', type: 'text/html; charset=utf-8', template: true },
};

// webpack names the wasm by its hash: /npm/NAME serves examples/npm/dist/NAME.
const bundleTypes = { '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm' };
const bundleFile = (path) => {
  const name = path.slice('/npm/'.length);
  const type = bundleTypes[extname(name)];
  if (!path.startsWith('/npm/') || !type || !/^[\w.-]+$/.test(name)) return undefined;
  return { file: `examples/npm/dist/${name}`, type, binary: type === 'application/wasm' };
};

/**
 * Starts the host; resolves to { server, origin, setWidgetOrigin(origin),
 * addVariant(path, { headers, edit }) }. A variant is the demo page at another
 * path with its HTML changed by `edit` and `headers` added to its answer: the
 * tests' hostile hosts (a strict CSP, a hostile stylesheet, more widgets).
 */
export function startDemoHost({ host = '127.0.0.1', port = 0, widgetOrigin = '' } = {}) {
  let widget = widgetOrigin;
  const variants = new Map();
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://host').pathname;
    const variant = variants.get(path);
    const page = variant ? pages['/'] : pages[path] ?? bundleFile(path);
    // A missing file too: an example not built, a bundle name not made.
    let body = page
      && await readFile(join(root, page.file), page.binary ? undefined : 'utf8').catch(() => undefined);
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (page.template) body = body.replaceAll('{{WIDGET_ORIGIN}}', widget);
    const headers = { 'content-type': page.type, 'cache-control': 'no-cache' };
    if (variant) {
      body = variant.edit(body);
      Object.assign(headers, variant.headers);
    }
    res.writeHead(200, headers).end(body);
  });
  return new Promise((resolve) => {
    server.listen(port, host, () => {
      const { port: bound } = server.address();
      resolve({
        server,
        origin: `http://${host}:${bound}`,
        setWidgetOrigin: (origin) => {
          widget = origin;
        },
        addVariant: (path, { headers = {}, edit = (html) => html } = {}) => {
          variants.set(path, { headers, edit });
        },
      });
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : fallback;
  };
  const [host, port] = arg('--listen', '127.0.0.1:8081').split(':');
  const { origin } = await startDemoHost({
    host,
    port: Number(port),
    widgetOrigin: arg('--widget', 'http://127.0.0.1:8080'),
  });
  console.log(`demo page on ${origin}/`);
}
