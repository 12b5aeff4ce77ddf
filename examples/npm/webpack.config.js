// wasm-pack's bundler output imports its .wasm as an ES module: webpack 5
// needs asyncWebAssembly for that (the module that imports newscard becomes
// async, which webpack handles).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export default {
  mode: 'production',
  entry: './src/index.js',
  output: {
    path: join(dirname(fileURLToPath(import.meta.url)), 'dist'),
    filename: 'main.js',
    clean: true,
  },
  experiments: { asyncWebAssembly: true },
  // The widget's wasm is past webpack's 244 KB hint by design.
  performance: { hints: false },
};
