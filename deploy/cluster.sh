#!/bin/bash
# Klang's national store on one machine: three etcd members, three PostgreSQL 15 nodes under
# Patroni (strict synchronous replication, remote_apply, pg_rewind, data checksums), HAProxy
# routing writes to the leader, and pgBackRest archiving every WAL segment. All on 127.0.0.1.
#
#   deploy/cluster.sh up DIR            bring it all up (idempotent), take the first full backup,
#                                       write DIR/env (KLANG_DB_URL, PGPASSFILE) and print it
#   deploy/cluster.sh down DIR          stop every process started here and delete DIR
#   deploy/cluster.sh status DIR        patronictl list
#   deploy/cluster.sh leader DIR        the leader's node number (1-3)
#   deploy/cluster.sh kill DIR N [patroni]   kill -9 node N: Patroni and PostgreSQL, or only Patroni
#                                       (a "zombie" primary); for failover drills and the tests
#   deploy/cluster.sh start DIR N       start node N's Patroni again (it rejoins, rewinding if need be)
#   deploy/cluster.sh wait DIR          until a leader and a synchronous standby stream (or fail)
#   deploy/cluster.sh backup DIR full|diff   a backup from the current leader
#   deploy/cluster.sh verify DIR        pgbackrest verify: every backup and WAL file readable
#   deploy/cluster.sh restore DIR TIME TARGET PORT
#                                       point-in-time restore of the state at TIME (e.g.
#                                       "2026-12-05 10:00:00.123+00") into folder TARGET, started
#                                       as a stand-alone server on 127.0.0.1:PORT; prints its URL
#
# Ports: KLANG_CLUSTER_PORT (default 25400) and up: etcd clients +0..2, peers +3..5, PostgreSQL
# +10..12, Patroni REST +20..22, HAProxy writes +30, reads +31, statistics +32.
# Timing (Patroni): KLANG_CLUSTER_TTL / _LOOP_WAIT / _RETRY_TIMEOUT, default 10 / 2 / 3 s on one
# machine (a leader lost is replaced in about 10 s); production uses 30 / 10 / 10
# (docs/deployment.md). As root, everything runs as the postgres user. DIR must not contain
# spaces. `down` stops a restored copy only when its folder is inside DIR.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
action=${1:?"usage: $0 up|down|status|leader|kill|start|wait|backup|verify|restore DIR …"}
dir=${2:?directory}
base=${KLANG_CLUSTER_PORT:-25400}
scope=klang
host=127.0.0.1
nodes=(1 2 3)
pg_bin=/usr/lib/postgresql/15/bin
ready_wait_s=120

owner() { if [ "$(id -u)" = 0 ]; then echo postgres; else id -un; fi; }
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
etcd_client_port() { echo $((base + $1 - 1)); }
etcd_peer_port() { echo $((base + 2 + $1)); }
pg_port() { echo $((base + 9 + $1)); }
rest_port() { echo $((base + 19 + $1)); }
write_port=$((base + 30)); read_port=$((base + 31)); stats_port=$((base + 32))

fail() { echo "cluster: $*" >&2; exit 1; }

need_tools() {
  local tool
  for tool in etcd patroni patronictl pgbackrest haproxy "$pg_bin/postgres"; do
    command -v "$tool" >/dev/null 2>&1 || fail "$tool is not installed (scripts/setup.sh installs it)"
  done
}

# Starts "$@" detached (its own session), as the owner, output to DIR/log/NAME.log, pid in
# DIR/run/NAME.pid. Does nothing when NAME is already running.
launch() {
  local name=$1; shift
  if running "$name"; then return 0; fi
  rm -f "$dir/run/$name.pid"
  as_owner setsid bash -c 'echo $$ > "$1"; shift; exec "$@"' _ "$dir/run/$name.pid" "$@" \
    >>"$dir/log/$name.log" 2>&1 < /dev/null &
  local waited=0
  until [ -s "$dir/run/$name.pid" ] || [ $waited -ge 50 ]; do sleep 0.1; waited=$((waited + 1)); done
}

running() {
  local pid
  pid=$(cat "$dir/run/$1.pid" 2>/dev/null) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

secret() { python3 -c 'import secrets; print(secrets.token_urlsafe(24))'; }

# render TEMPLATE OUT KEY=VALUE… — replaces each @KEY@; fails on any placeholder left.
render() {
  local template=$1 out=$2; shift 2
  python3 - "$template" "$out" "$@" <<'PY'
import re, sys
template, out, pairs = sys.argv[1], sys.argv[2], sys.argv[3:]
text = open(template, encoding="utf-8").read()
for pair in pairs:
    key, value = pair.split("=", 1)
    text = text.replace(f"@{key}@", value)
left = sorted(set(re.findall(r"@[A-Z_0-9]+@", text)))
if left:
    sys.exit(f"cluster: {template}: no value for {' '.join(left)}")
open(out, "w", encoding="utf-8").write(text)
PY
}

write_configs() {
  mkdir -p "$dir"/{run,log,etc,backup,spool,lock}
  [ -f "$dir/etc/secrets" ] || {
    umask 077
    printf 'SUPERUSER_PASSWORD=%s\nREPLICATION_PASSWORD=%s\nREWIND_PASSWORD=%s\nKLANG_PASSWORD=%s\nREST_PASSWORD=%s\n' \
      "$(secret)" "$(secret)" "$(secret)" "$(secret)" "$(secret)" > "$dir/etc/secrets"
    umask 022
  }
  # shellcheck disable=SC1091
  source "$dir/etc/secrets"
  local etcd_hosts="" initial_cluster="" n
  for n in "${nodes[@]}"; do
    etcd_hosts+="${etcd_hosts:+,}$host:$(etcd_client_port "$n")"
    initial_cluster+="${initial_cluster:+,}etcd$n=http://$host:$(etcd_peer_port "$n")"
  done
  render "$here/templates/pgbackrest.conf.in" "$dir/etc/pgbackrest.conf" SCOPE=$scope \
    REPO_DIR="$dir/backup" LOG_DIR="$dir/log" LOCK_DIR="$dir/lock" SPOOL_DIR="$dir/spool" \
    SOCKET_DIR="$dir/run"
  local write_servers="" read_servers=""
  for n in "${nodes[@]}"; do
    mkdir -p "$dir/etcd$n" "$dir/pg$n"
    render "$here/templates/etcd.yml.in" "$dir/etc/etcd$n.yml" NAME="etcd$n" DATA_DIR="$dir/etcd$n/data" \
      HOST=$host CLIENT_PORT="$(etcd_client_port "$n")" PEER_PORT="$(etcd_peer_port "$n")" \
      INITIAL_CLUSTER="$initial_cluster" SCOPE=$scope
    render "$here/templates/patroni.yml.in" "$dir/etc/pg$n.yml" SCOPE=$scope NAME="pg$n" HOST=$host \
      REST_PORT="$(rest_port "$n")" PG_PORT="$(pg_port "$n")" ETCD_HOSTS="$etcd_hosts" \
      TTL="${KLANG_CLUSTER_TTL:-10}" LOOP_WAIT="${KLANG_CLUSTER_LOOP_WAIT:-2}" \
      RETRY_TIMEOUT="${KLANG_CLUSTER_RETRY_TIMEOUT:-3}" DATA_DIR="$dir/pg$n/data" NODE_DIR="$dir/pg$n" \
      SUPERUSER_PASSWORD="$SUPERUSER_PASSWORD" REPLICATION_PASSWORD="$REPLICATION_PASSWORD" \
      REWIND_PASSWORD="$REWIND_PASSWORD" REST_PASSWORD="$REST_PASSWORD" SOCKET_DIR="$dir/run" SHARED_BUFFERS=128MB \
      PGBACKREST_CONF="$dir/etc/pgbackrest.conf" CLIENT_NETWORK=$host/32 CLUSTER_NETWORK=$host/32 \
      WATCHDOG_MODE=off
    write_servers+="    server pg$n $host:$(pg_port "$n") check port $(rest_port "$n")"$'\n'
    read_servers+="    server pg$n $host:$(pg_port "$n") check port $(rest_port "$n")"$'\n'
  done
  render "$here/templates/haproxy.cfg.in" "$dir/etc/haproxy.cfg" RUN_DIR="$dir/run" HOST=$host \
    WRITE_PORT=$write_port READ_PORT=$read_port STATS_PORT=$stats_port CHECK_INTERVAL=1s \
    WRITE_SERVERS="$write_servers" READ_SERVERS="$read_servers"
  # The superuser's and Klang's passwords, for psql, pgBackRest and Klang (libpq's PGPASSFILE).
  umask 077
  printf '*:*:*:postgres:%s\n*:*:*:klang:%s\n' "$SUPERUSER_PASSWORD" "$KLANG_PASSWORD" > "$dir/etc/pgpass"
  umask 022
  chmod 600 "$dir"/etc/pg*.yml
  if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$dir"; fi
}

# The cluster as Patroni sees it: "name role state lag" per member, from any node's REST API.
members() {
  python3 - "$host" "$(rest_port 1)" "$(rest_port 2)" "$(rest_port 3)" <<'PY'
import json, sys, urllib.request
host, ports = sys.argv[1], sys.argv[2:]
for port in ports:
    try:
        with urllib.request.urlopen(f"http://{host}:{port}/cluster", timeout=2) as r:
            cluster = json.load(r)
        break
    except Exception:
        continue
else:
    sys.exit(1)
for m in cluster.get("members", []):
    print(m["name"], m.get("role", "?"), m.get("state", "?"), m.get("lag", 0))
PY
}

leader() {
  local line
  line=$(members 2>/dev/null | awk '$2 == "leader" && $3 == "running" {print $1}') || true
  [ -n "$line" ] && echo "${line#pg}"
}

# Until the leader runs, a synchronous standby streams, and every node that runs is a member.
wait_ready() {
  local deadline=$((SECONDS + ready_wait_s)) want=${1:-3}
  while [ $SECONDS -lt $deadline ]; do
    local state
    state=$(members 2>/dev/null || true)
    if echo "$state" | grep -q " leader running" && echo "$state" | grep -qE " sync_standby (running|streaming)" \
       && [ "$(echo "$state" | grep -cE " (running|streaming) ")" -ge "$want" ]; then
      return 0
    fi
    sleep 0.5
  done
  members >&2 || true
  fail "the cluster is not ready after ${ready_wait_s} s (logs in $dir/log)"
}

psql_leader() {
  PGPASSFILE="$dir/etc/pgpass" psql "postgresql://postgres@$host:$write_port/postgres" -qAtX "$@"
}

start_node() {
  launch "patroni$1" env PGPASSFILE="$dir/etc/pgpass" patroni "$dir/etc/pg$1.yml"
}

pgbackrest_leader() {
  local n
  n=$(leader) || fail "no leader"
  as_owner env PGPASSFILE="$dir/etc/pgpass" pgbackrest --config="$dir/etc/pgbackrest.conf" --stanza=$scope \
    --pg1-path="$dir/pg$n/data" --pg1-port="$(pg_port "$n")" "$@"
}

up() {
  need_tools
  write_configs
  local n
  for n in "${nodes[@]}"; do
    launch "etcd$n" etcd --config-file "$dir/etc/etcd$n.yml"
  done
  for n in "${nodes[@]}"; do start_node "$n"; done
  launch haproxy haproxy -W -db -f "$dir/etc/haproxy.cfg"
  wait_ready 3
  # HAProxy needs two good checks of the leader before it routes to it.
  local deadline=$((SECONDS + 30))
  until psql_leader -c "SELECT 1" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || fail "HAProxy routes no connection to the leader"
    sleep 0.5
  done
  # shellcheck disable=SC1091
  source "$dir/etc/secrets"
  if [ "$(psql_leader -c "SELECT 1 FROM pg_roles WHERE rolname = 'klang'")" != 1 ]; then
    psql_leader -c "CREATE ROLE klang LOGIN PASSWORD '$KLANG_PASSWORD'"
    psql_leader -c "CREATE DATABASE klang OWNER klang"
    # Klang's /metrics reads each standby's lag from pg_stat_replication.
    psql_leader -c "GRANT pg_monitor TO klang"
  fi
  if [ ! -f "$dir/backup/backup/$scope/backup.info" ]; then
    pgbackrest_leader stanza-create
    pgbackrest_leader check
    pgbackrest_leader --type=full backup
  fi
  cat > "$dir/env" <<EOF
KLANG_DB_URL=postgresql://klang@$host:$write_port/klang?connect_timeout=5
KLANG_DB_READ_URL=postgresql://klang@$host:$read_port/klang?connect_timeout=5
PGPASSFILE=$dir/etc/pgpass
KLANG_CLUSTER_STATS=http://$host:$stats_port/
EOF
  cat "$dir/env"
}

# kill -9 the process group led by pid $1, if that process is still what pid file $2 started
# (`patroni`, `etcd`, `haproxy` in its command line): a pid reused since is left alone.
kill_tree() {
  local pid=$1 what=$2
  [ -n "$pid" ] && grep -qa -- "$what" "/proc/$pid/cmdline" 2>/dev/null || return 0
  kill -9 -- "-$pid" 2>/dev/null || kill -9 "$pid" 2>/dev/null || true
}

# kill -9 node N: Patroni (its own session), then, unless only Patroni is to die, its PostgreSQL,
# found by postmaster.pid and checked to be this node's: every child first (each backend is its
# own process group), then the postmaster, so that it can be started again at once.
kill_node() {
  local n=$1 only_patroni=${2:-}
  kill_tree "$(cat "$dir/run/patroni$n.pid" 2>/dev/null || true)" patroni
  rm -f "$dir/run/patroni$n.pid"
  [ "$only_patroni" = patroni ] && return 0
  local postmaster
  postmaster=$(head -1 "$dir/pg$n/data/postmaster.pid" 2>/dev/null || true)
  if [ -n "$postmaster" ] && grep -qa -- "$dir/pg$n/data" "/proc/$postmaster/cmdline" 2>/dev/null; then
    kill -STOP "$postmaster" 2>/dev/null || true  # no new child while its children die
    pkill -9 -P "$postmaster" 2>/dev/null || true
    kill -9 "$postmaster" 2>/dev/null || true
  fi
}

down() {
  [ -d "$dir" ] || return 0
  local name
  for name in haproxy patroni1 patroni2 patroni3; do
    running "$name" && kill -TERM "$(cat "$dir/run/$name.pid")" 2>/dev/null || true
  done
  sleep 2
  local n
  for n in "${nodes[@]}"; do kill_node "$n"; done
  kill_tree "$(cat "$dir/run/haproxy.pid" 2>/dev/null || true)" haproxy
  for n in "${nodes[@]}"; do kill_tree "$(cat "$dir/run/etcd$n.pid" 2>/dev/null || true)" etcd; done
  local restored
  for restored in "$dir"/restore*/postmaster.pid; do
    [ -f "$restored" ] && as_owner "$pg_bin/pg_ctl" -D "$(dirname "$restored")" -m immediate stop >/dev/null 2>&1 || true
  done
  rm -rf "$dir"
}

restore() {
  local time=${1:?time} target=${2:?target folder} port=${3:?port}
  mkdir -p "$target"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$target"
  chmod 700 "$target"
  as_owner pgbackrest --config="$dir/etc/pgbackrest.conf" --stanza=$scope --pg1-path="$target" \
    --type=time --target="$time" --target-action=promote restore
  # The restored files carry the node's settings (port, archiving into the live repository,
  # Patroni's recovery settings, the synchronous standby it would wait for): the stand-alone copy
  # overrides them.
  as_owner "$pg_bin/pg_ctl" -D "$target" -l "$target/server.log" -w -t 120 \
    -o "-c listen_addresses=$host -p $port -c unix_socket_directories=$target -c archive_mode=off \
        -c hba_file=$target/pg_hba.conf -c ident_file=$target/pg_ident.conf -c primary_conninfo= \
        -c primary_slot_name= -c synchronous_standby_names= -c hot_standby=on" start >/dev/null \
    || { cat "$target/server.log" >&2; fail "the restored server did not start"; }
  # pg_ctl returns once read-only connections are accepted, while WAL is still being replayed:
  # the copy is ready when recovery reached the target and it was promoted.
  local deadline=$((SECONDS + ready_wait_s))
  until [ "$(PGPASSFILE="$dir/etc/pgpass" psql "postgresql://postgres@$host:$port/postgres" -qAtXc \
            "SELECT pg_is_in_recovery()" 2>/dev/null)" = f ]; do
    [ $SECONDS -lt $deadline ] || { tail -20 "$target/server.log" >&2; fail "the restored copy was not promoted"; }
    sleep 0.2
  done
  echo "postgresql://klang@$host:$port/klang"
}

case "$action" in
  up) up ;;
  down) down ;;
  status) as_owner patronictl -c "$dir/etc/pg1.yml" list ;;
  leader) leader || fail "no leader" ;;
  members) members ;;
  kill) kill_node "${3:?node}" "${4:-}" ;;
  start) start_node "${3:?node}" ;;
  wait) wait_ready "${3:-3}" ;;
  backup) pgbackrest_leader --type="${3:?full|diff}" backup ;;
  verify) as_owner pgbackrest --config="$dir/etc/pgbackrest.conf" --stanza=$scope verify ;;
  restore) shift 2; restore "$@" ;;
  *) fail "unknown action $action" ;;
esac
