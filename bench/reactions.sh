#!/usr/bin/env bash
# Reaction throughput on loopback, side by side: the optimised server (cargo
# profile server) on a temp SQLite file, on a private PostgreSQL cluster, and
# two servers on that one PostgreSQL database. Writes come from examples/load.rs: every write a new
# reader (a row inserted, never an upsert no-op), spread over 1,000 articles
# or all on one hot article; the run fails unless the rows counted in the
# database afterwards equal the writes acknowledged. Reads (GET counts of
# 1,000 articles) come from wrk. --write records the table in BENCHMARKS.md.
#   bench/reactions.sh [--write]   (env: SECONDS_PER_RUN=10 CONNECTIONS="32 64"
#                                   STORES="sqlite postgres postgres-2")
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${SECONDS_PER_RUN:-10}
connections=${CONNECTIONS:-32 64}
stores=${STORES:-sqlite postgres postgres-2}

source bench/lib.sh
cargo build --profile server -p newscard-server --example load
load_bin=target/server/examples/load

# One load generator on one address: the limiter would rightly stop it, so the
# bench raises the limits; everything else is the default setup.
cat > "$dir/config.toml" <<TOML
[rate_limit]
per_minute = 100000000
burst = 100000000
[[site]]
id = "bench"
allowed_origins = ["https://bench.example"]
hosts = ["news.example"]
TOML

# The private cluster, stopped when this script ends (its pipe closes).
postgres_url=""
start_postgres() {
  mkfifo "$dir/pg.in"
  scripts/pg-cluster.sh run < "$dir/pg.in" > "$dir/pg.out" &
  exec 3> "$dir/pg.in"
  for _ in $(seq 100); do [ -s "$dir/pg.out" ] && break; sleep 0.1; done
  postgres_url=$(head -1 "$dir/pg.out")
  [ -n "$postgres_url" ] || { echo "the PostgreSQL cluster did not start" >&2; exit 1; }
}

# rows STORE : reaction rows in the database under test.
rows() {
  case $1 in
    sqlite) python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from reactions").fetchone()[0])' "$dir/bench.db" ;;
    *) psql -qtA "$bench_db" -c "select count(*) from reactions" ;;
  esac
}

# write_row STORE LABEL CONNECTIONS LOAD-FLAGS… : runs the load, checks the
# rows, prints a table row.
write_row() {
  local store=$1 label=$2 c=$3
  shift 3
  local before after result acknowledged
  before=$(rows "$store")
  result=$("$load_bin" --url "$urls" --connections "$c" --seconds "$seconds" \
    --run "r$RANDOM$RANDOM" "$@")
  after=$(rows "$store")
  acknowledged=$(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["acknowledged"])' "$result")
  if [ "$(( after - before ))" != "$acknowledged" ]; then
    echo "$store $label: $acknowledged writes acknowledged, $(( after - before )) rows added" >&2
    exit 1
  fi
  python3 -c '
import json, sys
r = json.loads(sys.argv[1])
row = [sys.argv[2], sys.argv[3], sys.argv[4], "%.0f" % r["per_second"],
       "%.2f ms" % r["p50_ms"], "%.2f ms" % r["p99_ms"], "%d = %s" % (r["acknowledged"], sys.argv[5])]
print("| " + " | ".join(row) + " |")
' "$result" "$store_label" "$label" "$c" "$(( after - before ))"
}

load_start=$(cut -d' ' -f1 /proc/loadavg)
servers=()
table="| store | load | connections | requests/s | p50 | p99 | writes acknowledged = rows added |
|---|---|---:|---:|---:|---:|---:|"
for store in $stores; do
  case $store in
    sqlite)
      store_label="SQLite"
      start_server --db "$dir/bench.db" --config "$dir/config.toml"
      servers+=("$server_pid")
      urls=$url
      ;;
    postgres | postgres-2)
      [ -n "$postgres_url" ] || start_postgres
      bench_db="${postgres_url%/postgres}/bench_${store//-/_}"
      psql -qtA "$postgres_url" -c "create database bench_${store//-/_}" >/dev/null
      start_server --db "$bench_db" --config "$dir/config.toml"
      servers+=("$server_pid")
      urls=$url
      store_label="PostgreSQL, 1 server"
      if [ "$store" = postgres-2 ]; then
        first=$url
        start_server --db "$bench_db" --config "$dir/config.toml"
        servers+=("$server_pid")
        urls="$first,$url"
        url=$first
        store_label="PostgreSQL, 2 servers"
      fi
      ;;
    *) echo "unknown store $store" >&2; exit 2 ;;
  esac
  for c in $connections; do
    table+=$'\n'$(write_row "$store" "PUT reaction, new reader each, 1,000 articles" "$c" --articles 1000)
  done
  for c in $connections; do
    table+=$'\n'$(write_row "$store" "PUT reaction, new reader each, one hot article" "$c" --hot)
  done
  reads=$(CYCLE=1 wrk_rows "$store_label | GET counts, 1,000 articles in turn" get-reactions.lua)
  table+=$'\n'"${reads//$'\n'/ |$'\n'} |"
  kill "${servers[@]}"
  wait "${servers[@]}" 2>/dev/null || true
  servers=()
done

load_end=$(cut -d' ' -f1 /proc/loadavg)
echo "$table"
echo "1-minute load average $load_start at the start, $load_end at the end"

if [ "${1:-}" = "--write" ]; then
  write_section "Reactions throughput" "Reproduce: \`bench/reactions.sh --write\` (examples/load.rs for writes and wrk for reads,
${seconds} s per run, loopback; the optimised server (cargo profile server) on a temp SQLite file, then on a private
PostgreSQL $(psql -qtA "$postgres_url" -c 'show server_version' 2>/dev/null || echo '') cluster, then two servers on that database with the
connections split between them; measured $(date -u +%F) on $(nproc) cores, load generator, servers
and database sharing them; targets: ≥ 10,000 writes/s with p99 < 10 ms, ≥ 30,000 reads/s).

$table

Every write is a new reader, so it inserts a row; each load connection stops at
the deadline and waits for its last answer, and the script counted the rows
before and after each run (last column; the run fails if they differ). Writes
are acknowledged only after their batch committed (SQLite: WAL with
synchronous=FULL; PostgreSQL: synchronous_commit=on, fsync=on). 1-minute load
average $load_start at the start, $load_end at the end."
fi
