#!/usr/bin/env bash
# Builds the release widget into pkg/: wasm-pack, then binaryen's wasm-opt -Oz
# (Debian's is too old), then .br and .gz beside every file the server ships.
set -euo pipefail
cd "$(dirname "$0")/.."

wasm-pack build --release --target web --out-dir pkg
node_modules/.bin/wasm-opt -Oz pkg/newscard_bg.wasm -o pkg/newscard_bg.wasm
node scripts/precompress.mjs www/embed.js pkg/newscard.js pkg/newscard_bg.wasm
