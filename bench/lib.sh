# Shared by the bench scripts: source it after `cd` to the repo root.
# A failure inside $(…) stops the script too (bash turns errexit off there).
shopt -s inherit_errexit
# Installs wrk if missing, builds the optimised server (profile `server`) and gives a temp dir.
command -v wrk >/dev/null || { sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo; $sudo apt-get update; $sudo apt-get install -y wrk; }
cargo build --profile server -p newscard-server
server_bin=target/server/newscard-server
dir=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$dir"' EXIT

# start_server ARGS… : starts the optimised server (profile `server`) on a free loopback port and
# sets $url and $server_pid once it listens.
start_server() {
  local out
  out=$(mktemp "$dir/server.XXXXXX")
  "$server_bin" --listen 127.0.0.1:0 "$@" > "$out" 2>/dev/null &
  server_pid=$!
  for _ in $(seq 600); do grep -q listening "$out" 2>/dev/null && break; sleep 0.1; done
  url=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$out")
  [ -n "$url" ] || { echo "the server did not start" >&2; exit 1; }
}

# run_wrk NAME SCRIPT CONNECTIONS : prints "requests/s p50 p99"; fails on any
# non-2xx answer or socket error, and when a cold run (not HOT=1 or CYCLE=1)
# ran out of distinct articles (bench/wrk/articles.lua). The next run starts
# where this one stopped ($dir/wrk_offset), so no run repeats an earlier one's.
run_wrk() {
  local threads=$(( $3 < 2 ? $3 : 2 ))
  WRK_THREADS=$threads WRK_OFFSET=$(cat "$dir/wrk_offset" 2>/dev/null || echo 0) \
    wrk -t"$threads" -c"$3" -d"${seconds}s" --latency -s "bench/wrk/$2" "$url" > "$dir/$1.txt"
  local rps p50 p99 errors reached
  rps=$(awk '/^Requests\/sec/ { printf "%d", $2 }' "$dir/$1.txt")
  p50=$(awk '$1 == "50%" { print $2 }' "$dir/$1.txt")
  p99=$(awk '$1 == "99%" { print $2 }' "$dir/$1.txt")
  errors=$(awk '/Non-2xx/ { print $NF } /Socket errors/ { print }' "$dir/$1.txt")
  [ -z "$errors" ] && [ -n "$rps" ] || { cat "$dir/$1.txt"; echo "errors in $1 run" >&2; exit 1; }
  reached=$(awk '/^articles reached/ { print $3 }' "$dir/$1.txt")
  if [ "${HOT:-0}" != 1 ] && [ "${CYCLE:-0}" != 1 ]; then
    [ "$reached" -le "${ARTICLES:-1000}" ] ||
      { echo "$1 asked for $reached articles of ${ARTICLES:-1000}: lower SECONDS_PER_RUN or raise ARTICLES" >&2; exit 1; }
    echo "$reached" > "$dir/wrk_offset"
  fi
  echo "$rps $p50 $p99"
}

# wrk_rows LABEL SCRIPT : one table row "| LABEL | connections | requests/s |
# p50 | p99 |" per connection count in $connections.
wrk_rows() {
  local c out rps p50 p99
  for c in $connections; do
    out=$(run_wrk "${2%.lua}-$c" "$2" "$c")
    read -r rps p50 p99 <<< "$out"
    echo "| $1 | $c | $rps | $p50 | $p99 |"
  done
}

# write_section HEADING TEXT : replaces (or appends) "## HEADING" in BENCHMARKS.md.
write_section() {
  python3 - "$1" "$2" <<'PY'
import re, sys, pathlib
heading, body = sys.argv[1], sys.argv[2].rstrip() + "\n"
path = pathlib.Path("BENCHMARKS.md")
old = path.read_text() if path.exists() else "# Benchmarks\n"
section = f"## {heading}\n\n{body}"
pattern = re.compile(r"## " + re.escape(heading) + r"\n.*?(?=\n## |\Z)", re.S)
new = pattern.sub(lambda _: section, old) if pattern.search(old) else old.rstrip() + "\n\n" + section
path.write_text(new)
PY
}

# bench_site N : the site "bench" (origin https://bench.example, articles on
# news.example) in $dir/config.toml and N generated articles in $dir/articles.json.
bench_site() {
  cat > "$dir/config.toml" <<TOML
[[site]]
id = "bench"
allowed_origins = ["https://bench.example"]
hosts = ["news.example"]
TOML
  python3 bench/generate_articles.py "$1" > "$dir/articles.json"
}
