// Serves the demo publisher page (index.html) on its own origin, as a real
// publisher's site would be, with {{WIDGET_ORIGIN}} replaced by the widget
// server's origin. Used by scripts/demo.sh and the end-to-end tests.
//
//   node scripts/demo-host.mjs --listen 127.0.0.1:8081 --widget http://127.0.0.1:8080
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pages = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8', template: true },
  '/index.html': { file: 'index.html', type: 'text/html; charset=utf-8', template: true },
  '/demo.css': { file: 'demo/demo.css', type: 'text/css; charset=utf-8' },
};

/** Starts the host; resolves to { server, origin, setWidgetOrigin(origin) }. */
export function startDemoHost({ host = '127.0.0.1', port = 0, widgetOrigin = '' } = {}) {
  let widget = widgetOrigin;
  const server = createServer(async (req, res) => {
    const page = pages[new URL(req.url, 'http://host').pathname];
    if (!page) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    let body = await readFile(join(root, page.file), 'utf8');
    if (page.template) body = body.replaceAll('{{WIDGET_ORIGIN}}', widget);
    res.writeHead(200, { 'content-type': page.type, 'cache-control': 'no-cache' }).end(body);
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
