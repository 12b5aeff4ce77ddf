// Sizes of the npm package a plain `wasm-pack build` makes (raw, gzip, brotli
// as bench/size.mjs measures them): its wasm and JS as published, the wasm
// again after binaryen's wasm-opt -Oz (what wasm-pack's wasm-opt step would
// do; Cargo.toml turns it off), and what webpack makes of it for a page.
// Run after scripts/build-npm-example.sh:
//   node bench/npm-size.mjs [PKG_DIR]   (default examples/npm/pkg)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotli, gzip } from '../scripts/precompress.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = process.argv[2] ?? join(root, 'examples/npm/pkg');
const dist = join(root, 'examples/npm/dist');
const kb = (bytes) => (bytes / 1024).toFixed(1);
const row = (name, path, shown = `\`${relative(root, path)}\``) => {
  const data = readFileSync(path);
  return `| ${name} | ${shown} | ${kb(data.length)} | ${kb(gzip(data).length)} | ${kb(brotli(data).length)} |`;
};

// The wasm-pack output has lost the section naming its wasm features (release
// strips symbols), so wasm-opt is told the ones rustc's wasm32 target enables.
const FEATURES = ['bulk-memory', 'bulk-memory-opt', 'nontrapping-float-to-int', 'sign-ext',
  'mutable-globals', 'reference-types', 'multivalue', 'call-indirect-overlong'];
const scratch = mkdtempSync(join(tmpdir(), 'newscard-npm-size-'));
try {
  const optimised = join(scratch, 'newscard_bg.wasm');
  execFileSync(join(root, 'node_modules/.bin/wasm-opt'), [
    '-Oz', ...FEATURES.map((f) => `--enable-${f}`), join(pkg, 'newscard_bg.wasm'), '-o', optimised,
  ]);
  const lines = [
    '| file | path | raw KB | gzip KB | brotli KB |',
    '|---|---|---:|---:|---:|',
    row('wasm', join(pkg, 'newscard_bg.wasm')),
    row('wasm after wasm-opt -Oz', optimised, '(temp file)'),
    row('JS glue', join(pkg, 'newscard_bg.js')),
    row('JS entry', join(pkg, 'newscard.js')),
  ];
  if (existsSync(dist)) {
    for (const file of readdirSync(dist).sort()) {
      lines.push(row(`webpack bundle: ${file.endsWith('.wasm') ? 'wasm' : 'JS'}`, join(dist, file)));
    }
  }
  console.log(lines.join('\n'));
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
