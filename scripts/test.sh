#!/usr/bin/env bash
# Runs every test: formatting and lints, Rust unit and API tests (real server,
# temp SQLite; then the API suite again on a private PostgreSQL cluster), the
# release widget build, wasm-bindgen tests in headless Chromium, and the
# end-to-end tests on the demo page. Installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
cargo fmt --all --check
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy --target wasm32-unknown-unknown -- -D warnings
cargo test --workspace
# The API suite again, on PostgreSQL (a private cluster the tests start).
NEWSCARD_TEST_STORE=postgres cargo test -p newscard-server --test api
scripts/build-widget.sh
node bench/size.mjs --check
scripts/test-wasm.sh
cargo build -p newscard-server
node --test --test-concurrency=1 tests/e2e/*.test.mjs
