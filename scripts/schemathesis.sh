#!/usr/bin/env bash
# Fuzzes the API with Schemathesis (from PyPI, in a venv this script creates)
# against the real server: a debug build on 127.0.0.1, a temporary SQLite file,
# the test site `demo` with an API key, and the document the server serves at
# /api/v1/openapi.json. Bounded: SCHEMATHESIS_EXAMPLES per operation (20) and
# SCHEMATHESIS_MAX_TIME seconds in all (120).
#
#   scripts/schemathesis.sh [extra `st run` arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

target="${CARGO_TARGET_DIR:-target}"
venv="${SCHEMATHESIS_VENV:-$target/schemathesis-venv}"
if [ ! -x "$venv/bin/st" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --upgrade pip
  "$venv/bin/pip" install --quiet schemathesis
fi
cargo build --quiet -p newscard-server
server="$target/debug/newscard-server"

work="$(mktemp -d)"
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

key="schemathesis-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
key_hash="$(printf %s "$key" | sha256sum | cut -d' ' -f1)"
origin="https://publisher.example"
cat >"$work/sites.toml" <<TOML
# Writes are not what is under test: no client runs out of them.
[rate_limit]
per_minute = 1000000
burst = 1000000

[[site]]
id = "demo"
allowed_origins = ["$origin"]
hosts = ["news.example"]
api_key_sha256 = "$key_hash"
TOML

# The server prints its address once it listens (port 0: a free one).
"$server" --listen 127.0.0.1:0 --db "$work/newscard.db" --config "$work/sites.toml" \
  >"$work/server.out" 2>"$work/server.err" &
pid=$!
base=""
for _ in $(seq 100); do
  base="$(sed -n 's/^newscard-server listening on \(http:[^ ]*\)$/\1/p' "$work/server.out")"
  [ -n "$base" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/server.err" >&2; exit 1; }
  sleep 0.1
done
[ -n "$base" ] || { echo "the server did not start" >&2; exit 1; }

# Every operation on the one registered site; an article to find, so that
# reads get past `article_not_found` too.
cat >"$work/schemathesis.toml" <<TOML
request-timeout = 5.0
max-stream-events = 2

[parameters]
"path.site" = "demo"

# Schemathesis' own list of refusals, and 413: a body over the limit (4 KB on the
# widget's routes) is refused as too large before it is read as JSON, which is
# what the document says of it.
[checks.negative_data_rejection]
expected-statuses = [400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 428, 429, "5xx"]
TOML
curl --silent --fail --show-error -X PUT "$base/api/v1/sites/demo/articles" \
  -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
  -d '{"url":"https://news.example/2025/03/25/tech-abroad","title":"A","published_at":"2025-03-25T09:09:00+08:00"}' \
  >/dev/null

# From the temporary directory, where Schemathesis leaves its cache.
st="$(realpath "$venv/bin/st")"
status=0
(cd "$work" && "$st" --config-file "$work/schemathesis.toml" run "$base/api/v1/openapi.json" \
  --checks not_a_server_error,status_code_conformance,response_schema_conformance,negative_data_rejection \
  --max-examples "${SCHEMATHESIS_EXAMPLES:-20}" \
  --max-time "${SCHEMATHESIS_MAX_TIME:-120}" \
  --header "Origin: $origin" \
  --header "Authorization: Bearer $key" \
  --no-color \
  "$@") || status=$?
if [ "$status" -ne 0 ] && grep -q . "$work/server.err"; then
  echo "--- the server's standard error:" >&2
  tail -n 50 "$work/server.err" >&2
fi
exit "$status"
