#!/usr/bin/env bash
# The widget bootstrap of one hot article on loopback: ARTICLES (default 300)
# generated articles imported by the command, a few readers' reactions on the
# hot one, then wrk loads GET /widget of it for a bounded time, as full answers
# (200) and as a browser's revalidations (If-None-Match with the current ETag,
# answered 304). Prints requests/s with p50/p99; --write records them in
# BENCHMARKS.md.
#   bench/widget.sh [--write]   (env: ARTICLES=300 SECONDS_PER_RUN=5 CONNECTIONS="1 8")
set -euo pipefail
cd "$(dirname "$0")/.."
articles=${ARTICLES:-300}
seconds=${SECONDS_PER_RUN:-5}
connections=${CONNECTIONS:-1 8}

source bench/lib.sh
bench_site "$articles"
"$server_bin" --db "$dir/bench.db" --config "$dir/config.toml" import --site bench "$dir/articles.json" >/dev/null
start_server --db "$dir/bench.db" --config "$dir/config.toml"

origin="Origin: https://bench.example"
kinds=(happy sad like meh)
for n in $(seq 12); do
  curl -sf -X PUT -H "$origin" -H "Content-Type: application/json" "$url/api/v1/sites/bench/reactions" \
    -d "{\"article\":\"https://news.example/bench/0\",\"reader\":\"bench-reader-$(printf %08d "$n")\",\"reaction\":\"${kinds[n % 4]}\"}" >/dev/null
done
widget="$url/api/v1/sites/bench/widget?article=https%3A%2F%2Fnews.example%2Fbench%2F0"
curl -sf -H "$origin" -D "$dir/headers.txt" -o "$dir/widget.json" "$widget"
etag=$(awk 'tolower($1) == "etag:" { print $2 }' "$dir/headers.txt" | tr -d '\r')
# The revalidation runs count only if every answer is a 304: nothing writes
# during the runs, so one before and one after stand for all.
not_modified() {
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H "$origin" -H "If-None-Match: $etag" "$widget")" = 304 ] ||
    { echo "If-None-Match $etag was not answered 304" >&2; exit 1; }
}
not_modified
load_start=$(cut -d' ' -f1 /proc/loadavg)
full_rows=$(HOT=1 wrk_rows "GET widget of the hot article, full answer (200)" get-widget-hot.lua)
export IF_NONE_MATCH=$etag
revalidated_rows=$(HOT=1 wrk_rows "GET widget of the hot article, revalidated (If-None-Match, 304)" get-widget-hot.lua)
not_modified
load_end=$(cut -d' ' -f1 /proc/loadavg)
table="| load | connections | requests/s | p50 | p99 |
|---|---:|---:|---:|---:|
$full_rows
$revalidated_rows"
shape=$(python3 - "$dir/widget.json" <<'PY'
import json, os, sys
body = json.load(open(sys.argv[1]))
counts = sum(body["reactions"]["counts"].values())
print(f"{os.path.getsize(sys.argv[1])} bytes of JSON (the card, {counts} reactions, "
      f"{len(body['related']['items'])} related articles and a cursor)")
PY
)
summary="$articles generated articles imported by the command; the hot article's bootstrap is
$shape, a 304 no body. Requests carry no reader id (a reader's
own reaction is one more read). Each answer asks SQLite for the newest article write number, so
imports by the command in another process are seen; the card, counts and related page come from
memory. 1-minute load average $load_start at the start, $load_end at the end."
echo "$table"
echo "$summary"

if [ "${1:-}" = "--write" ]; then
  write_section "Widget bootstrap" "Reproduce: \`bench/widget.sh --write\` (wrk, 1-2 threads, ${seconds} s per run, loopback,
optimised server (cargo profile server) on a temp SQLite file; measured $(date -u +%F) on $(nproc) cores, client and server
sharing them).

$table

$summary"
fi
