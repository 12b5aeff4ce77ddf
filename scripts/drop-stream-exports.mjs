// Removes the wasm exports of the classes wasm-streams defines: leptos always
// links server_fn, which links wasm-streams, whose #[wasm_bindgen] classes
// (IntoUnderlyingSink, …) have exports the linker must keep, though a
// client-side widget never streams a server function. vendor/wasm-streams
// makes them private, so the glue no longer exports them, but their methods
// stay wasm exports and the glue keeps their classes. 1.4 KB of brotli wasm.
// Runs before wasm-opt and terser, which then drop what only those exports used.
//   node scripts/drop-stream-exports.mjs DIR   (DIR: wasm-pack's output)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import binaryen from 'binaryen';

const CLASSES = ['IntoUnderlyingByteSource', 'IntoUnderlyingSink', 'IntoUnderlyingSource'];
const dir = process.argv[2];
const wasmPath = join(dir, 'newscard_bg.wasm');
const gluePath = join(dir, 'newscard.js');

// Their exports are `intounderlyingsink_write`, `__wbg_intounderlyingsink_free`, ….
const prefixes = CLASSES.map((name) => name.toLowerCase());
const owned = (exportName) => prefixes.some((p) => exportName.replace(/^__wbg_/, '').startsWith(`${p}_`));

const module = binaryen.readBinary(readFileSync(wasmPath));
const names = [];
for (let i = 0; i < module.getNumExports(); i += 1) {
  names.push(binaryen.getExportInfo(module.getExportByIndex(i)).name);
}
const dropped = names.filter(owned);
if (dropped.length === 0) throw new Error('no wasm-streams exports found: is this step still needed?');
dropped.forEach((name) => module.removeExport(name));
writeFileSync(wasmPath, module.emitBinary());
module.dispose();

// The glue's classes go too: each is the class, the line giving it
// `Symbol.dispose`, and its FinalizationRegistry, which terser keeps (side
// effects) unless they are cut here.
let glue = readFileSync(gluePath, 'utf8');
for (const name of CLASSES) {
  for (const code of [
    new RegExp(`^class ${name} \\{[\\s\\S]*?^if \\(Symbol\\.dispose\\) ${name}\\.prototype.*\\n`, 'm'),
    new RegExp(`^const ${name}Finalization = [\\s\\S]*?\\);\\n`, 'm'),
  ]) {
    if (!code.test(glue)) throw new Error(`glue without ${code}: has wasm-bindgen changed its output?`);
    glue = glue.replace(code, '');
  }
}
writeFileSync(gluePath, glue);
