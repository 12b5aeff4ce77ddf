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

command -v wrk >/dev/null || { sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo; $sudo apt-get install -y wrk; }
cargo build --release -p newscard-server
dir=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$dir"' EXIT
# One load generator on one address: the limiter would rightly stop it, so
# the bench raises the limits; everything else is the default setup.
cat > "$dir/config.toml" <<TOML
[rate_limit]
per_minute = 100000000
burst = 100000000
[[site]]
id = "bench"
allowed_origins = ["https://bench.example"]
TOML
target/release/newscard-server --listen 127.0.0.1:0 --db "$dir/bench.db" --config "$dir/config.toml" \
  > "$dir/server.out" 2>/dev/null &
for _ in $(seq 100); do grep -q listening "$dir/server.out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$dir/server.out")

run() { # name script connections -> "rps p50 p99"
  wrk -t2 -c"$3" -d"${seconds}s" --latency -s "bench/wrk/$2" "$url" > "$dir/$1.txt"
  local rps p50 p99 errors
  rps=$(awk '/^Requests\/sec/ { printf "%d", $2 }' "$dir/$1.txt")
  p50=$(awk '$1 == "50%" { print $2 }' "$dir/$1.txt")
  p99=$(awk '$1 == "99%" { print $2 }' "$dir/$1.txt")
  errors=$(awk '/Non-2xx/ { print $NF } /Socket errors/ { print }' "$dir/$1.txt")
  [ -z "$errors" ] || { cat "$dir/$1.txt"; echo "errors in $1 run" >&2; exit 1; }
  echo "$rps $p50 $p99"
}
table="| load | connections | requests/s | p50 | p99 |
|---|---:|---:|---:|---:|"
for c in $connections; do
  read -r rps p50 p99 <<< "$(run writes put-reactions.lua "$c")"
  table+=$'\n'"| PUT reaction (new reader each, 1,000 articles) | $c | $rps | $p50 | $p99 |"
done
for c in $connections; do
  read -r rps p50 p99 <<< "$(run reads get-reactions.lua "$c")"
  table+=$'\n'"| GET counts (1,000 articles) | $c | $rps | $p50 | $p99 |"
done
rows=$(python3 - "$dir/bench.db" <<'PY'
import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("select count(*) from reactions").fetchone()[0])
PY
)

echo "$table"
echo "rows in the database after the write runs: $rows"

if [ "${1:-}" = "--write" ]; then
  section="## Reactions throughput

Reproduce: \`bench/reactions.sh --write\` (wrk, 2 threads, ${seconds} s per run, loopback,
release server on a temp SQLite file; measured $(date -u +%F) on $(nproc) cores, client and server sharing them;
targets: ≥ 10,000 writes/s and ≥ 30,000 reads/s, p99 < 10 ms).

$table

Every write was acknowledged only after its batch committed (synchronous=FULL);
$rows reaction rows were in the database after the write runs (each run
adds to the same file). Checkpoints run in the background, never inside a commit."
  python3 - "$section" <<'PY'
import re, sys, pathlib
path = pathlib.Path("BENCHMARKS.md")
old = path.read_text() if path.exists() else "# Benchmarks\n"
section = sys.argv[1].rstrip() + "\n"
pattern = re.compile(r"## Reactions throughput\n.*?(?=\n## |\Z)", re.S)
new = pattern.sub(lambda _: section, old) if pattern.search(old) else old.rstrip() + "\n\n" + section
path.write_text(new)
PY
fi
