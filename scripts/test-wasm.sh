#!/usr/bin/env bash
# Runs the wasm-bindgen tests (tests/widget.rs) in headless Chromium against a
# real newscard-server with a temp SQLite file, on fixed loopback ports picked
# free at start: the test runner's origin must be registered for the test site.
set -euo pipefail
cd "$(dirname "$0")/.."

free_port() {
  node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}
# The machine's chromedriver ($CHROMEDRIVER, else on PATH); it finds the
# machine's Chromium itself, so webdriver.json names no binary.
chromedriver=${CHROMEDRIVER:-$(command -v chromedriver)} \
  || { echo "no chromedriver on PATH: run scripts/setup.sh or set CHROMEDRIVER" >&2; exit 1; }
runner_port=$(free_port)
dir=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$dir"' EXIT

cargo build -p newscard-server
server=(target/debug/newscard-server --db "$dir/newscard.db" --config "$dir/sites.toml")
printf '[[site]]\nid = "test"\nallowed_origins = ["http://127.0.0.1:%s"]\nhosts = ["news.example"]\n' "$runner_port" > "$dir/sites.toml"
"${server[@]}" import --site test tests/fixtures/articles.json
"${server[@]}" --listen 127.0.0.1:0 > "$dir/server.out" &
for _ in $(seq 100); do
  grep -q listening "$dir/server.out" 2>/dev/null && break
  sleep 0.1
done
api=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$dir/server.out")
[ -n "$api" ] || { echo "newscard-server did not start" >&2; exit 1; }

NEWSCARD_TEST_API=$api \
WASM_BINDGEN_TEST_ADDRESS=127.0.0.1:$runner_port \
WASM_BINDGEN_TEST_NO_ORIGIN_ISOLATION=1 \
  wasm-pack test --headless --chrome --chromedriver "$chromedriver"
