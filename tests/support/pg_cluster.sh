#!/bin/bash
# Starts or stops a throw-away PostgreSQL 15 cluster for tests, on 127.0.0.1 only.
#   pg_cluster.sh start DIR   — initdb into DIR/data, start on a free port, create database
#                               "klang_test"; writes the connection URL to DIR/url
#   pg_cluster.sh stop DIR    — stop the cluster and delete DIR
# PG_CLUSTER_OPTS adds server settings at start, e.g. "-c synchronous_standby_names=ghost".
# initdb refuses to run as root, so as root the cluster runs as the "postgres" system user.
set -euo pipefail
action=${1:?start|stop}
dir=${2:?directory}
bin=/usr/lib/postgresql/15/bin
[ -x "$bin/initdb" ] || { echo "pg_cluster: PostgreSQL 15 is not installed ($bin/initdb)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$action" in
  start)
    if [ -f "$dir/url" ] && as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      cat "$dir/url"; exit 0
    fi
    rm -rf "$dir"; mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    as_owner "$bin/initdb" -D "$dir/data" -U klang --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    # Loopback only, no Unix socket outside the folder; fsync stays on (durability is tested).
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c max_connections=200 -c shared_buffers=256MB ${PG_CLUSTER_OPTS:-}" start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U klang klang_test
    echo "postgresql://klang@127.0.0.1:$port/klang_test" > "$dir/url"
    cat "$dir/url"
    ;;
  createdb)
    # pg_cluster.sh createdb DIR NAME — a fresh database in the running cluster; prints its URL
    name=${3:?name}
    url=$(cat "$dir/url"); port=${url##*:}; port=${port%%/*}
    as_owner "$bin/dropdb" --if-exists -h 127.0.0.1 -p "$port" -U klang "$name"
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U klang "$name"
    echo "postgresql://klang@127.0.0.1:$port/$name"
    ;;
  stop)
    if [ -d "$dir/data" ]; then as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true; fi
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|stop|createdb DIR [NAME]" >&2; exit 2 ;;
esac
