#!/usr/bin/env bash
# Builds the npm example (examples/npm) for the browser test: the npm package
# as a JavaScript developer makes it, a plain `wasm-pack build` (bundler
# target, release), but into examples/npm/pkg rather than pkg/, where
# scripts/build-widget.sh puts the widget the server ships; then the example's
# own npm dependencies (its lockfile), a type check against the package's
# .d.ts, and webpack's bundle in examples/npm/dist.
set -euo pipefail
cd "$(dirname "$0")/.."
wasm-pack build --out-dir examples/npm/pkg
cd examples/npm
npm ci --no-audit --no-fund
npm run build
