// Gives the wasm's imports and exports one- or two-letter names, in the wasm
// and in its glue alike. wasm-bindgen names every import after its Rust item
// with a hash (`__wbg_appendChild_dbf7ad2f48413560`) and every closure export
// after its full type path; those names are written twice, once in each file,
// and their hashes do not compress: 2-3 KB of brotli for text no one reads.
// binaryen's pass renames them in the wasm and prints what it did; this applies
// that to the glue, then checks the two still agree. Runs after wasm-opt and
// before terser.
//   node scripts/minify-wasm-names.mjs DIR   (DIR: wasm-pack's output)
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = process.argv[2];
const wasmPath = join(dir, 'newscard_bg.wasm');
const gluePath = join(dir, 'newscard.js');

const renamed = JSON.parse(execFileSync(
  join(root, 'node_modules/.bin/wasm-opt'),
  // The last binaryen step, so it also drops the sections no browser reads.
  ['--minify-imports-and-exports-and-modules', '--strip-producers', '--strip-target-features',
    wasmPath, '-o', wasmPath],
  { encoding: 'utf8' },
));
const module = new WebAssembly.Module(readFileSync(wasmPath));
const imports = WebAssembly.Module.imports(module);
const exports = new Set(WebAssembly.Module.exports(module).map(({ name }) => name));
const modules = new Set(imports.map((entry) => entry.module));
if (modules.size !== 1) throw new Error(`expected one import module, got ${[...modules]}`);

const escape = (text) => text.replace(/[$]/g, '\\$&');
let glue = readFileSync(gluePath, 'utf8');
// The import object's module name, its keys (`__wbg_…: function`), and every
// `wasm.export` the glue calls.
const [[oldModule]] = renamed.imports;
glue = glue.replace(`"${oldModule}": import0`, `"${imports[0].module}": import0`);
for (const [, oldName, newName] of renamed.imports) {
  glue = glue.replace(new RegExp(`\\b${escape(oldName)}(?=: function)`, 'g'), () => newName);
}
for (const [oldName, newName] of renamed.exports) {
  glue = glue.replace(new RegExp(`\\bwasm\\.${escape(oldName)}\\b`, 'g'), () => `wasm.${newName}`);
}

const called = [...glue.matchAll(/\bwasm\.([\w$]+)/g)].map((match) => match[1]);
const missing = called.filter((name) => !exports.has(name));
const unanswered = imports.filter(({ name }) => !new RegExp(`[\\s{,]${escape(name)}: function`).test(glue));
if (missing.length || unanswered.length || !glue.includes(`"${imports[0].module}": import0`)) {
  throw new Error(`glue and wasm disagree: calls ${missing}, does not import ${unanswered.map((i) => i.name)}`);
}
writeFileSync(gluePath, glue);
