// Sizes of every file the widget loads (raw, gzip, brotli at the levels the
// server's precompressed files use) and their total; with --features, also what
// each part of the widget adds, measured by building it without that part.
// Run after scripts/build-widget.sh:
//   node bench/size.mjs              print the table
//   node bench/size.mjs --features   also build without each part (a few minutes)
//   node bench/size.mjs --write      also record the tables in BENCHMARKS.md
//   node bench/size.mjs --check      fail if over the budget (used by the tests)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotli, gzip } from '../scripts/precompress.mjs';
import { writeSection } from './section.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// The budget, which the test command enforces: the whole widget as idiomatic
// Leptos, every part in, at most 96 KB (issue 14), and the loader at most 2 KB.
const BUDGET = { total: 96 * 1024, loader: 2 * 1024 };
// The crate's features (Cargo.toml), and what leaving one out also leaves out.
const FEATURES = ['share', 'qr', 'reactions', 'related', 'ranking', 'page-meta'];
const NEEDS = { qr: 'share' };

const measure = (path) => {
  const data = readFileSync(path);
  return { raw: data.length, gzip: gzip(data).length, brotli: brotli(data).length };
};
const kb = (bytes) => (bytes / 1024).toFixed(1);

/** The files a page loads from a build in `dir`, by the names its manifest gives. */
function shipped(dir) {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  return [
    ['loader', 'embed.js'],
    ['JS glue', manifest.glue],
    ['wasm', manifest.wasm],
  ].map(([name, file]) => ({ name, path: join(dir, file), ...measure(join(dir, file)) }));
}
const sum = (rows) => rows.reduce(
  (total, r) => ({ raw: total.raw + r.raw, gzip: total.gzip + r.gzip, brotli: total.brotli + r.brotli }),
  { raw: 0, gzip: 0, brotli: 0 },
);

/** The stylesheet as compiled into the wasm: build.rs's newest minified copy. */
function compiledCss() {
  const builds = join(root, 'target/wasm32-unknown-unknown/release/build');
  const copies = readdirSync(builds)
    .filter((name) => name.startsWith('newscard-'))
    .map((name) => join(builds, name, 'out/style.min.css'))
    .filter((path) => { try { return statSync(path).isFile(); } catch { return false; } });
  return copies.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
}

const rows = shipped(join(root, 'pkg'));
const total = sum(rows);
const css = compiledCss();
const cssRow = css && { name: 'CSS (inside the wasm, minified)', path: 'src/style.css', ...measure(css) };
const relative = (path) => path.replace(`${root}/`, '');
const table = [
  '| file | path | raw KB | gzip KB | brotli KB |',
  '|---|---|---:|---:|---:|',
  ...[...rows, ...(cssRow ? [cssRow] : [])].map(
    (r) => `| ${r.name} | \`${relative(r.path)}\` | ${kb(r.raw)} | ${kb(r.gzip)} | ${kb(r.brotli)} |`,
  ),
  `| **total on the wire** | | ${kb(total.raw)} | ${kb(total.gzip)} | **${kb(total.brotli)}** |`,
].join('\n');
console.log(table);

/** Builds without each feature (and once with none) and tabulates what each adds. */
function featureTable() {
  const scratch = mkdtempSync(join(tmpdir(), 'newscard-size-'));
  const without = (left) => {
    const kept = FEATURES.filter((f) => !left.includes(f) && !left.includes(NEEDS[f]));
    const out = join(scratch, left.join('+') || 'all');
    const features = kept.length ? ['--features', kept.join(',')] : [];
    execFileSync(join(root, 'scripts/build-widget.sh'), ['--out', out, '--no-default-features', ...features], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    return sum(shipped(out)).brotli;
  };
  try {
    const lines = FEATURES.map((feature) => {
      const added = total.brotli - without([feature]);
      const also = Object.keys(NEEDS).filter((f) => NEEDS[f] === feature);
      return `| \`${feature}\`${also.length ? ` (with ${also.map((f) => `\`${f}\``).join(', ')})` : ''} | ${kb(added)} |`;
    });
    const bare = without(FEATURES);
    return [
      '| part (cargo feature) | brotli KB it adds |',
      '|---|---:|',
      ...lines,
      `| the card alone, everything above left out (loader, glue, wasm) | ${kb(bare)} total |`,
    ].join('\n');
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
const features = process.argv.includes('--features') && featureTable();
if (features) console.log(`\n${features}`);

if (process.argv.includes('--write')) {
  const date = new Date().toISOString().slice(0, 10);
  writeSection('Widget size', [
    'Reproduce: `scripts/build-widget.sh && node bench/size.mjs --features --write`',
    `(measured ${date}; budget, enforced by the test command: total ≤ ${BUDGET.total / 1024} KB brotli,`,
    `loader ≤ ${BUDGET.loader / 1024} KB).`,
    '',
    table,
    ...(features ? [
      '',
      'What each part adds: the full build minus a build without it',
      '(`scripts/build-widget.sh --no-default-features --features …`).',
      '',
      features,
    ] : []),
  ].join('\n'));
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
