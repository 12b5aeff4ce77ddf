#!/usr/bin/env bash
# Reaction throughput on loopback: the release server on a temp SQLite file
# (default store, synchronous=FULL, group commit), loaded by wrk for a bounded
# time. Prints writes/s and reads/s with p50/p99 latency; --write records them
# in BENCHMARKS.md.
#   bench/reactions.sh [--write]   (env: SECONDS_PER_RUN=10 CONNECTIONS="32 48 64")
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${SECONDS_PER_RUN:-10}
connections=${CONNECTIONS:-32 48 64}

source bench/lib.sh
# One load generator on one address: the limiter would rightly stop it, so
# the bench raises the limits; everything else is the default setup.
cat > "$dir/config.toml" <<TOML
[rate_limit]
per_minute = 100000000
burst = 100000000
[[site]]
id = "bench"
allowed_origins = ["https://bench.example"]
hosts = ["news.example"]
TOML
start_server --db "$dir/bench.db" --config "$dir/config.toml"

table="| load | connections | requests/s | p50 | p99 |
|---|---:|---:|---:|---:|
$(wrk_rows "PUT reaction (new reader each, 1,000 articles)" put-reactions.lua)
$(wrk_rows "GET counts (1,000 articles)" get-reactions.lua)"
rows=$(python3 - "$dir/bench.db" <<'PY'
import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("select count(*) from reactions").fetchone()[0])
PY
)

echo "$table"
echo "rows in the database after the write runs: $rows"

if [ "${1:-}" = "--write" ]; then
  write_section "Reactions throughput" "Reproduce: \`bench/reactions.sh --write\` (wrk, 2 threads, ${seconds} s per run, loopback,
release server on a temp SQLite file; measured $(date -u +%F) on $(nproc) cores, client and server sharing them;
targets: ≥ 10,000 writes/s and ≥ 30,000 reads/s, p99 < 10 ms).

$table

Every write was acknowledged only after its batch committed (synchronous=FULL);
$rows reaction rows were in the database after the write runs (each run
adds to the same file). Checkpoints run in the background, never inside a commit."
fi
