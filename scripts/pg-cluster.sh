#!/usr/bin/env bash
# A private PostgreSQL cluster for tests and benchmarks: in DIR, on a free
# loopback port, trusting local connections; nothing shared with a server the
# machine may run. As root, the cluster runs as the `postgres` user (initdb
# refuses root).
#   scripts/pg-cluster.sh run        make DIR under /tmp (which the postgres
#                                    user can reach), init and start, print the
#                                    URL of database `postgres` and then DIR,
#                                    wait for standard input to close, then stop
#                                    and remove DIR. A test that holds the pipe
#                                    gets the cluster stopped when it ends,
#                                    however it ends.
#   scripts/pg-cluster.sh stop DIR   stop at once (as a crash would; the next
#                                    start recovers)
#   scripts/pg-cluster.sh start DIR  start again, on the same port
set -euo pipefail
command=${1:?run, stop or start}
if [ "$command" = run ]; then
  dir=$(mktemp -d /tmp/newscard-pg.XXXXXX)
else
  dir=${2:?the cluster directory}
fi

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bin" ] && command -v pg_config >/dev/null; then bin=$(pg_config --bindir); fi
[ -x "$bin/initdb" ] || { echo "pg-cluster: PostgreSQL's initdb not found (install Debian's postgresql)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 30 \
    -o "-p $(cat "$dir/port") -k $dir -c listen_addresses=127.0.0.1 -c fsync=on" start >/dev/null
}

stop() {
  as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
}

case $command in
  run)
    trap 'rm -rf "$dir"' EXIT
    if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
    as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    echo "$port" > "$dir/port"
    start
    trap 'stop; rm -rf "$dir"' EXIT
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    echo "$dir"
    cat > /dev/null
    ;;
  stop) stop ;;
  start) start ;;
  *) echo "pg-cluster: unknown command $command" >&2; exit 2 ;;
esac
