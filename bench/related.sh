#!/usr/bin/env bash
# Related reading at scale: generates ARTICLES (default 100,000) articles, times
# the import command (articles/s) and the server's start to its first related
# answer (the index is built from the database), then loads GET /related and
# GET /widget with wrk and prints p50/p99 and the server's memory. --write
# records them in BENCHMARKS.md.
#   bench/related.sh [--write]   (env: ARTICLES=100000 SECONDS_PER_RUN=10 CONNECTIONS="1 8")
set -euo pipefail
cd "$(dirname "$0")/.."
export ARTICLES=${ARTICLES:-100000}
seconds=${SECONDS_PER_RUN:-10}
connections=${CONNECTIONS:-1 8}

source bench/lib.sh
bench_site "$ARTICLES"
now() { date +%s.%N; }
elapsed() { python3 -c "import sys; print(round(float(sys.argv[2]) - float(sys.argv[1]), 2))" "$1" "$(now)"; }
started=$(now)
"$server_bin" --db "$dir/bench.db" --config "$dir/config.toml" import --site bench "$dir/articles.json" >/dev/null
import_seconds=$(elapsed "$started")
started=$(now)
start_server --db "$dir/bench.db" --config "$dir/config.toml"
# The server listens at once and indexes in the background; a related query
# waits for the index.
curl -sf -H "Origin: https://bench.example" \
  "$url/api/v1/sites/bench/related?article=https%3A%2F%2Fnews.example%2Fbench%2F0" > /dev/null
start_seconds=$(elapsed "$started")
related_cold=$(wrk_rows "GET related, first page, cold (each article once, uncached)" get-related.lua)
related_hot=$(HOT=1 wrk_rows "GET related, first page, one hot article (cached ranking)" get-related.lua)
widget_cold=$(wrk_rows "GET widget (card, counts, first related page), cold (each article once)" get-widget.lua)
table="| load | connections | requests/s | p50 | p99 |
|---|---:|---:|---:|---:|
$related_cold
$related_hot
$widget_cold"
# The server's own memory. VmRSS would add SQLite's memory-mapped file pages,
# the OS's page cache, counted again for every connection that maps them.
anon_mb=$(awk '$1 == "RssAnon:" { printf "%.0f", $2 / 1024 }' "/proc/$server_pid/status")
rate=$(python3 -c "import sys; print(int(int(sys.argv[1]) / float(sys.argv[2])))" "$ARTICLES" "$import_seconds")
summary="$ARTICLES generated articles (half Chinese, half English): import command
$(printf '%.1f' "$import_seconds") s ($rate articles/s, validated, one transaction); server start to
the first related answer (the index built from the database) $(printf '%.1f' "$start_seconds") s;
server memory after the runs ${anon_mb} MB (anonymous RSS: the index, jieba's dictionary,
SQLite's caches, the rankings kept; SQLite's memory-mapped file pages are the OS's page cache)."
echo "$table"
echo "$summary"

if [ "${1:-}" = "--write" ]; then
  write_section "Related reading at 100,000 articles" "Reproduce: \`bench/related.sh --write\` (wrk, 2 threads, ${seconds} s per run, loopback,
optimised server (cargo profile server) on a temp SQLite file; measured $(date -u +%F) on $(nproc) cores, client and server
sharing them; target: p99 under 20 ms per query).

$table

$summary"
fi
