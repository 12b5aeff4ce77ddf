#!/usr/bin/env bash
# Builds everything and starts the demo: the widget server (SQLite under data/)
# and the demo publisher page on a second port, a different origin.
# Ports: NEWSCARD_PORT (default 8080) and DEMO_PORT (default 8081).
set -euo pipefail
cd "$(dirname "$0")/.."
server_port=${NEWSCARD_PORT:-8080}
demo_port=${DEMO_PORT:-8081}

scripts/setup.sh
scripts/build-widget.sh
cargo build --profile server -p newscard-server

mkdir -p data
# The demo site's registry: only the demo page's origin may embed it.
cat > data/demo-sites.toml <<TOML
[[site]]
id = "demo"
name = "Demo News"
allowed_origins = ["http://127.0.0.1:$demo_port", "http://localhost:$demo_port"]
hosts = ["news.example"]
TOML
server=(target/server/newscard-server --db data/newscard.db --config data/demo-sites.toml)
"${server[@]}" import --site demo demo/articles.json

trap 'kill $(jobs -p) 2>/dev/null' EXIT
"${server[@]}" --listen "127.0.0.1:$server_port" &
node scripts/demo-host.mjs --listen "127.0.0.1:$demo_port" --widget "http://127.0.0.1:$server_port" &
sleep 1
echo
echo "widget server: http://127.0.0.1:$server_port/  (health: /healthz)"
echo "demo page:     http://127.0.0.1:$demo_port/"
echo "Ctrl-C stops both."
wait
