#!/usr/bin/env bash
# Private database servers for the SQL engine's tests (README "Running on a database", "Testing against servers"):
# PostgreSQL 15 and a two-shard ClickHouse cluster, each on free local ports with its data in a temporary folder,
# so they never touch a server of the machine.
#
#   scripts/test-servers.sh run -- <command…>   start them, run the command with their URLs in the environment,
#                                                stop them (also when the command fails or is interrupted)
#   scripts/test-servers.sh start <dir>          start them with their data in <dir>; prints `export …` lines
#   scripts/test-servers.sh stop <dir>           stop the servers started in <dir>
#
# Exports KPI_TEST_POSTGRES_URL (postgres://kpi:…@127.0.0.1:<port>/kpi), KPI_TEST_CLICKHOUSE_URL (shard 1, http)
# and KPI_TEST_CLICKHOUSE_CLUSTER_URL (the same server, with ?cluster=kpi_two_shards: tests create a Distributed
# table over a MergeTree table on each shard). Under CI=true a server that does not start is a failure with the
# reason; elsewhere a missing package is one line naming it, and that server's variable is left unset.
set -euo pipefail

PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
CH_SERVER="${CH_SERVER:-$(command -v clickhouse-server || echo /usr/sbin/clickhouse-server)}"
PG_PASSWORD=kpi-test-secret
CH_PASSWORD=kpi-test-secret

say() { echo "test-servers: $*" >&2; }
fail_or_skip() {
  if [ "${CI:-}" = "true" ]; then say "ERROR: $*"; return 1; fi
  say "$* (its tests skip)"
  return 0
}

# A port nothing listens on, from `start` upwards.
free_port() {
  local p=$1
  while (echo >"/dev/tcp/127.0.0.1/$p") 2>/dev/null || grep -qx "$p" "$DIR/.ports" 2>/dev/null; do p=$((p + 1)); done
  echo "$p" >>"$DIR/.ports"
  echo "$p"
}

wait_for() { # what, tries of 0.1 s, command…
  local what=$1 tries=$2
  shift 2
  for _ in $(seq "$tries"); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  say "$what did not answer"
  return 1
}

as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

start_postgres() {
  if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then fail_or_skip "PostgreSQL is not installed (apt-get install postgresql-15)"; return; fi
  local data="$DIR/pg" port
  port=$(free_port 55432)
  mkdir -p "$data"
  printf '%s\n' "$PG_PASSWORD" >"$DIR/pg.pw"
  [ "$(id -u)" = 0 ] && chown -R postgres "$DIR/pg" "$DIR/pg.pw" && chmod 755 "$DIR"
  if ! as_postgres "$PG_BIN/initdb" -D "$data/db" -U kpi --pwfile="$DIR/pg.pw" --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$DIR/pg-initdb.log" 2>&1; then
    fail_or_skip "PostgreSQL initdb failed: $(tail -n 1 "$DIR/pg-initdb.log")"
    return
  fi
  if ! as_postgres "$PG_BIN/pg_ctl" -D "$data/db" -l "$data/server.log" -w -t 30 \
    -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off" start >"$DIR/pg-start.log" 2>&1; then
    fail_or_skip "PostgreSQL did not start: $(tail -n 2 "$data/server.log" | tr '\n' ' ')"
    return
  fi
  echo "$data/db" >"$DIR/pg.data"
  PGPASSWORD=$PG_PASSWORD "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U kpi kpi
  echo "export KPI_TEST_POSTGRES_URL=postgres://kpi:$PG_PASSWORD@127.0.0.1:$port/kpi" >>"$DIR/env"
  say "PostgreSQL on 127.0.0.1:$port"
}

# One ClickHouse server: its config (ports, paths, UTC, the two-shard cluster) and its data under $DIR/ch<n>.
# (log_queries: test/engine/sql/shards.test.ts reads a shard's system.query_log to see what kpi's query made it do.)
clickhouse_config() { # n http tcp interserver tcp1 tcp2
  local n=$1 dir="$DIR/ch$1"
  mkdir -p "$dir/data" "$dir/tmp" "$dir/user_files" "$dir/format_schemas"
  cat >"$dir/config.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>$dir/server.log</log><errorlog>$dir/error.log</errorlog><size>10M</size><count>1</count></logger>
  <http_port>$2</http_port>
  <tcp_port>$3</tcp_port>
  <interserver_http_port>$4</interserver_http_port>
  <listen_host>127.0.0.1</listen_host>
  <max_connections>256</max_connections>
  <keep_alive_timeout>3</keep_alive_timeout>
  <max_concurrent_queries>100</max_concurrent_queries>
  <uncompressed_cache_size>104857600</uncompressed_cache_size>
  <mark_cache_size>104857600</mark_cache_size>
  <path>$dir/data/</path>
  <tmp_path>$dir/tmp/</tmp_path>
  <user_files_path>$dir/user_files/</user_files_path>
  <format_schema_path>$dir/format_schemas/</format_schema_path>
  <users_config>$dir/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <remote_servers>
    <kpi_two_shards>
      <shard><replica><host>127.0.0.1</host><port>$5</port></replica></shard>
      <shard><replica><host>127.0.0.1</host><port>$6</port></replica></shard>
    </kpi_two_shards>
  </remote_servers>
</yandex>
XML
  cat >"$dir/users.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>2000000000</max_memory_usage><log_queries>1</log_queries>$CH_THREADS</default></profiles>
  <users>
    <default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks><profile>default</profile><quota>default</quota></default>
    <kpi><password>$CH_PASSWORD</password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks><profile>default</profile><quota>default</quota></kpi>
  </users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
XML
}

start_clickhouse() {
  if [ ! -x "$CH_SERVER" ]; then fail_or_skip "ClickHouse is not installed (apt-get install clickhouse-server clickhouse-client)"; return; fi
  local h1 h2 t1 t2 i1 i2
  CH_THREADS=''
  [ "${KPI_CH_ONE_CORE_EACH:-}" = 1 ] && CH_THREADS='<max_threads>1</max_threads>' && say "ClickHouse: each server on a core of its own (KPI_CH_ONE_CORE_EACH=1)"
  h1=$(free_port 18123) h2=$(free_port 18124) t1=$(free_port 19000) t2=$(free_port 19001) i1=$(free_port 19009) i2=$(free_port 19010)
  clickhouse_config 1 "$h1" "$t1" "$i1" "$t1" "$t2"
  clickhouse_config 2 "$h2" "$t2" "$i2" "$t1" "$t2"
  for n in 1 2; do
    # KPI_CH_ONE_CORE_EACH=1 (README "Scaling out"): server n runs on core n-1 alone, with one query thread, so on
    # one machine the single server is a one-core machine and the two-shard cluster two of them.
    local pin=()
    [ "${KPI_CH_ONE_CORE_EACH:-}" = 1 ] && pin=(taskset -c $((n - 1)))
    (cd "$DIR/ch$n" && exec "${pin[@]}" "$CH_SERVER" --config-file="$DIR/ch$n/config.xml" >"$DIR/ch$n/stdout.log" 2>&1) &
    echo $! >"$DIR/ch$n.pid"
  done
  for port in "$h1" "$h2"; do
    if ! wait_for "ClickHouse on port $port" 300 curl -sf "http://127.0.0.1:$port/ping"; then
      fail_or_skip "ClickHouse did not start: $(tail -n 3 "$DIR"/ch*/error.log 2>/dev/null | tr '\n' ' ')"
      return
    fi
  done
  echo "export KPI_TEST_CLICKHOUSE_URL=http://kpi:$CH_PASSWORD@127.0.0.1:$h1/default" >>"$DIR/env"
  echo "export KPI_TEST_CLICKHOUSE_CLUSTER_URL=http://kpi:$CH_PASSWORD@127.0.0.1:$h1/default?cluster=kpi_two_shards" >>"$DIR/env"
  echo "export KPI_TEST_CLICKHOUSE_SHARD2_URL=http://kpi:$CH_PASSWORD@127.0.0.1:$h2/default" >>"$DIR/env"
  say "ClickHouse shards on 127.0.0.1:$h1 and :$h2 (http)"
}

start() {
  mkdir -p "$DIR"
  : >"$DIR/env"
  start_postgres
  start_clickhouse
  cat "$DIR/env"
}

stop() {
  [ -d "$DIR" ] || return 0
  if [ -f "$DIR/pg.data" ]; then as_postgres "$PG_BIN/pg_ctl" -D "$(cat "$DIR/pg.data")" -m immediate stop >/dev/null 2>&1 || true; fi
  for n in 1 2; do
    if [ -f "$DIR/ch$n.pid" ]; then
      local pid
      pid=$(cat "$DIR/ch$n.pid")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
  done
  rm -f "$DIR"/ch*.pid "$DIR/pg.data"
}

case "${1:-}" in
  start) DIR=${2:?usage: test-servers.sh start <dir>}; start ;;
  stop) DIR=${2:?usage: test-servers.sh stop <dir>}; stop ;;
  run)
    shift
    [ "${1:-}" = "--" ] && shift
    DIR=$(mktemp -d /tmp/kpi-servers.XXXXXX)
    trap 'stop; rm -rf "$DIR"' EXIT
    trap 'exit 130' INT TERM
    start >/dev/null
    # shellcheck disable=SC1091
    . "$DIR/env"
    set +e
    "$@"
    status=$?
    exit $status
    ;;
  *) echo "usage: $0 run -- <command…> | start <dir> | stop <dir>" >&2; exit 2 ;;
esac
