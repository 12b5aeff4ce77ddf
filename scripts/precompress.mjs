// Writes FILE.br and FILE.gz (best compression) beside each FILE given, so the
// server can answer Accept-Encoding without compressing per request.
import { readFileSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

export const brotli = (data) =>
  brotliCompressSync(data, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  });
export const gzip = (data) => gzipSync(data, { level: 9 });

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const file of process.argv.slice(2)) {
    const data = readFileSync(file);
    writeFileSync(`${file}.br`, brotli(data));
    writeFileSync(`${file}.gz`, gzip(data));
  }
}
