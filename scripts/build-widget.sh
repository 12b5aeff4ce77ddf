#!/usr/bin/env bash
# Builds the release widget into pkg/: wasm-pack, then binaryen's wasm-opt -Oz
# (Debian's is too old), terser for the JS glue and the loader (pkg/embed.js,
# with the crate's version, and its types pkg/embed.d.ts), then .br and .gz
# beside every file the server ships.
set -euo pipefail
cd "$(dirname "$0")/.."

# std is rebuilt with panics that abort at once and no source locations: panic
# messages, formatting code and file paths are ~12 KB of brotli wasm for text no
# reader sees. These are unstable flags, which RUSTC_BOOTSTRAP allows on our
# pinned stable toolchain; only this release build uses them, never the tests.
export RUSTC_BOOTSTRAP=1
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none"
wasm-pack build --release --target web --out-dir pkg
node_modules/.bin/wasm-opt -Oz pkg/newscard_bg.wasm -o pkg/newscard_bg.wasm
node_modules/.bin/terser pkg/newscard.js --module --compress --mangle -o pkg/newscard.js
version=$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)
node_modules/.bin/terser www/embed.js --compress --mangle --define "NEWSCARD_VERSION='$version'" -o pkg/embed.js
cp www/embed.d.ts pkg/embed.d.ts
node scripts/precompress.mjs pkg/embed.js pkg/newscard.js pkg/newscard_bg.wasm
