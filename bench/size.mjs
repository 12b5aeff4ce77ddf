// Sizes of every file the widget loads (raw, gzip, brotli at the levels the
// server's precompressed files use) and their total. Run after
// scripts/build-widget.sh:
//   node bench/size.mjs            print the table
//   node bench/size.mjs --write    also record it in BENCHMARKS.md
//   node bench/size.mjs --check    fail if over the budget (used by the tests)
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotli, gzip } from '../scripts/precompress.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Ceilings that stop regressions; the target for the whole widget is 64 KB brotli.
const BUDGET = { total: 96 * 1024, loader: 2 * 1024 };
const files = [
  ['loader', 'pkg/embed.js'],
  ['JS glue', 'pkg/newscard.js'],
  ['wasm', 'pkg/newscard_bg.wasm'],
];
const css = 'src/style.css'; // compiled into the wasm; listed for its own weight

const measure = (path) => {
  const data = readFileSync(join(root, path));
  return { raw: data.length, gzip: gzip(data).length, brotli: brotli(data).length };
};
const kb = (bytes) => (bytes / 1024).toFixed(1);

const rows = files.map(([name, path]) => ({ name, path, ...measure(path) }));
const total = rows.reduce(
  (sum, r) => ({ raw: sum.raw + r.raw, gzip: sum.gzip + r.gzip, brotli: sum.brotli + r.brotli }),
  { raw: 0, gzip: 0, brotli: 0 },
);
const cssRow = { name: 'CSS (inside the wasm)', path: css, ...measure(css) };

const table = [
  '| file | path | raw KB | gzip KB | brotli KB |',
  '|---|---|---:|---:|---:|',
  ...[...rows, cssRow].map(
    (r) => `| ${r.name} | \`${r.path}\` | ${kb(r.raw)} | ${kb(r.gzip)} | ${kb(r.brotli)} |`,
  ),
  `| **total on the wire** | | ${kb(total.raw)} | ${kb(total.gzip)} | **${kb(total.brotli)}** |`,
].join('\n');
console.log(table);

if (process.argv.includes('--write')) {
  const section = [
    '## Widget size',
    '',
    'Reproduce: `scripts/build-widget.sh && node bench/size.mjs --write`',
    `(measured ${new Date().toISOString().slice(0, 10)}; target: total ≤ 64 KB brotli, loader ≤ 2 KB).`,
    '',
    table,
    '',
  ].join('\n');
  const path = join(root, 'BENCHMARKS.md');
  const old = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n\n';
  const next = /## Widget size\n[\s\S]*?(?=\n## |$)/.test(old)
    ? old.replace(/## Widget size\n[\s\S]*?(?=\n## |$)/, section)
    : `${old.trimEnd()}\n\n${section}`;
  writeFileSync(path, next);
}

if (process.argv.includes('--check')) {
  const loader = rows.find((r) => r.name === 'loader').brotli;
  const over = [];
  if (total.brotli > BUDGET.total) over.push(`total ${total.brotli} B > ${BUDGET.total} B`);
  if (loader > BUDGET.loader) over.push(`loader ${loader} B > ${BUDGET.loader} B`);
  if (over.length) {
    console.error(`size budget exceeded: ${over.join('; ')}`);
    process.exit(1);
  }
  console.log(`size budget ok: total ${total.brotli} B ≤ ${BUDGET.total} B, loader ${loader} B ≤ ${BUDGET.loader} B`);
}
