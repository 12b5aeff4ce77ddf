// Gives the built glue and wasm content-hashed names (newscard-<hash>.js,
// newscard_bg-<hash>.wasm) beside wasm-pack's own, which the npm package keeps,
// and writes DIR/manifest.json naming them. The server sends hashed files as
// immutable, so a browser keeps them until a build changes them.
//   node scripts/hash-names.mjs DIR
import { copyFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

const dir = process.argv[2];
// An earlier build's hashed files (and their .br/.gz) go.
for (const old of readdirSync(dir).filter((f) => /^newscard(_bg)?-[0-9a-f]{16}\./.test(f))) {
  rmSync(join(dir, old));
}
const hashed = (file, ext) => {
  const hash = createHash('sha256').update(readFileSync(join(dir, `${file}.${ext}`))).digest('hex').slice(0, 16);
  const name = `${file}-${hash}.${ext}`;
  copyFileSync(join(dir, `${file}.${ext}`), join(dir, name));
  return name;
};
const manifest = { glue: hashed('newscard', 'js'), wasm: hashed('newscard_bg', 'wasm') };
writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
