#!/usr/bin/env bash
# Runs every test: formatting and lints, Rust unit and API tests (real server,
# temp SQLite; then the API suite again on a private PostgreSQL cluster), the
# API fuzzed against its OpenAPI document (Schemathesis), the
# release widget build, wasm-bindgen tests in headless Chromium, and the
# end-to-end tests on the demo page, the example Leptos app and the npm
# example. Installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
cargo fmt --all --check
cargo clippy --workspace --all-targets -- -D warnings
# tests/widget.rs too; it reads the test server's address at compile time.
NEWSCARD_TEST_API=http://127.0.0.1:1 cargo clippy --target wasm32-unknown-unknown \
  -p newscard -p newscard-leptos-app --all-targets -- -D warnings
cargo test --workspace
# The API suite again, on PostgreSQL (a private cluster the tests start). The
# same command as above, so nothing is built again (selecting `--test api`
# resolves other features and rebuilds everything); the unit tests and the
# crash test, which read no store setting, run again too, in about half a minute.
NEWSCARD_TEST_STORE=postgres cargo test --workspace
scripts/build-widget.sh
node bench/size.mjs --check
scripts/test-wasm.sh
scripts/build-example.sh
# The npm package (a plain wasm-pack build) in a webpack app, for tests/e2e/npm.test.mjs.
scripts/build-npm-example.sh
cargo build -p newscard-server
# The API against its OpenAPI document: Schemathesis on the debug server (about 2 minutes).
scripts/schemathesis.sh
# The server as deploy/Containerfile builds it (the image itself needs a
# container engine, which test machines do not run).
cargo build --locked --profile server -p newscard-server
node --test --test-concurrency=1 tests/e2e/*.test.mjs
