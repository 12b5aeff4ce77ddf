// Where the widget's wasm bytes go, by crate: twiggy's per-function sizes of the
// release build (before wasm-bindgen and wasm-opt, so names are still there),
// each function counted under the first crate its name mentions. Generic code
// instantiated for our types counts under the crate that defines it
// (reactive_graph for RwSignal<Reactions>), which is what a view! costs.
//   cargo install twiggy   (once)
//   scripts/build-widget.sh && node bench/wasm-crates.mjs [--top N] [WASM]
import { execFileSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const topAt = process.argv.indexOf('--top');
const top = topAt > 0 ? Number(process.argv[topAt + 1]) : 15;
const wasm = process.argv.slice(2).find((arg, i, all) => arg.endsWith('.wasm') && all[i - 1] !== '--top')
  || join(root, 'target/wasm32-unknown-unknown/release/newscard.wasm');

const csv = execFileSync('twiggy', ['top', '-n', '10000000', '--format', 'csv', wasm], {
  encoding: 'utf8', maxBuffer: 1 << 30,
});
const byCrate = new Map();
let total = 0;
for (const line of csv.split('\n').slice(1)) {
  // Name,ShallowSize,ShallowSizePercent,RetainedSize,RetainedSizePercent: the
  // name may hold commas, so the numbers are taken from the end.
  const fields = line.split(',');
  if (fields.length < 5) continue;
  const size = Number(fields[fields.length - 4]);
  const name = fields.slice(0, fields.length - 4).join(',');
  // Names and bindings that wasm-bindgen and wasm-opt remove.
  if (/subsection|custom section|describe|^"?import /.test(name)) continue;
  const crate = (name.match(/([a-z_][a-z0-9_]*)\[[0-9a-f]+\]/) || [null, 'other (data, tables)'])[1];
  byCrate.set(crate, (byCrate.get(crate) || 0) + size);
  total += size;
}
const rows = [...byCrate].sort((a, b) => b[1] - a[1]).slice(0, top);
console.log(`| crate | KB (before wasm-opt) | share |\n|---|---:|---:|`);
for (const [crate, size] of rows) {
  console.log(`| ${crate} | ${(size / 1024).toFixed(1)} | ${((100 * size) / total).toFixed(0)}% |`);
}
console.log(`| **all** | **${(total / 1024).toFixed(1)}** | |`);
