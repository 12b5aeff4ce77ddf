#!/usr/bin/env bash
# Builds the release widget into pkg/ (or --out DIR): wasm-pack,
# binaryen's wasm-opt -Oz (Debian's is too old),
# short names for the wasm's imports and exports,
# terser for the JS glue and the loader, content-hashed copies of glue and wasm
# (pkg/manifest.json), the loader with the crate's version and those names
# (pkg/embed.js, its types pkg/embed.d.ts), then .br and .gz beside every file
# the server ships. Other arguments go to cargo, e.g. to leave a part out:
#   scripts/build-widget.sh --out /tmp/no-qr --no-default-features --features share,reactions
set -euo pipefail
cd "$(dirname "$0")/.."
out=$PWD/pkg
if [ "${1:-}" = --out ]; then
  mkdir -p "$2"
  out=$(cd "$2" && pwd)
  shift 2
fi

# std is rebuilt with panics that abort at once and no source locations: panic
# messages, formatting code and file paths are ~12 KB of brotli wasm for text no
# reader sees. These are unstable flags, which RUSTC_BOOTSTRAP allows on our
# pinned stable toolchain; only this release build uses them, never the tests.
export RUSTC_BOOTSTRAP=1
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none"
# Not release's `strip = "symbols"`: it drops the section from which wasm-opt
# learns the module's wasm features (bulk memory, …); wasm-opt drops the names.
export CARGO_PROFILE_RELEASE_STRIP=debuginfo
wasm-pack build --release --target web --out-dir "$out" ${1:+-- "$@"}
node_modules/.bin/wasm-opt -Oz --converge "$out/newscard_bg.wasm" -o "$out/newscard_bg.wasm"
node scripts/minify-wasm-names.mjs "$out"
node_modules/.bin/terser "$out/newscard.js" --module --compress --mangle -o "$out/newscard.js"
node scripts/hash-names.mjs "$out"
manifest() { node -p "require('$out/manifest.json').$1"; }
glue=$(manifest glue)
wasm=$(manifest wasm)
version=$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)
node_modules/.bin/terser www/embed.js --compress --mangle \
  --define "NEWSCARD_VERSION='$version',NEWSCARD_GLUE='$glue',NEWSCARD_WASM='$wasm'" -o "$out/embed.js"
cp www/embed.d.ts "$out/embed.d.ts"
rm -f "$out"/*.br "$out"/*.gz
node scripts/precompress.mjs "$out/embed.js" "$out/$glue" "$out/$wasm"
