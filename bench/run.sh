#!/usr/bin/env bash
# The benchmark, in one run (see bench/README.md): builds Release, starts a throwaway PostgreSQL, the OpenRouter
# simulator (no added latency), the app (Production settings, JSON logs at Warning) and Portkey's gateway as a peer,
# fills the ledger with 1,000,000 rows, measures, and prints one markdown table, also written to
# bench/results/latest.md with the machine it ran on. Everything it started is stopped at the end, pass or fail.
#
#   BENCH_DURATION   seconds per wrk measurement (default 10; warm-ups are a third of it)
#   BENCH_ROWS       ledger rows generated for the admin views (default 1000000)
#   BENCH_STREAMS    streams held open for the memory measurement (default 1000)
#   BENCH_DURABLE    1 (default): PostgreSQL with fsync and synchronous commit, as in production; 0 turns both off
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH")"
# shellcheck source=../scripts/local-postgres.sh
source "$ROOT/scripts/local-postgres.sh"
RESULTS="$BENCH/results"
RAW="$RESULTS/raw"
DURATION="${BENCH_DURATION:-10}"
WARMUP=$(((DURATION + 2) / 3))
ROWS="${BENCH_ROWS:-1000000}"
STREAMS="${BENCH_STREAMS:-1000}"
DURABLE="${BENCH_DURABLE:-1}"
MODEL="openai/gpt-4o-mini"
SLUG="bench"
OWNER_EMAIL="owner@bench.test"
MEMBER_EMAIL="member@bench.test"
PEER_PORT=8787   # Portkey's gateway listens here whatever it is told

WEB_DLL="$ROOT/src/Web/bin/Release/net10.0/OpenRouterSaaS.Web.dll"
SIMULATOR_DLL="$ROOT/tools/OpenRouterSimulator/bin/Release/net10.0/OpenRouterSimulator.dll"
PROBE_DLL="$BENCH/Probe/bin/Release/net10.0/OpenRouterSaaS.Bench.Probe.dll"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

WORK=""          # the run's temporary folder: the cluster, the logs
PG_BIN=""
PG_PORT=""
SIM_PID=""
APP_PID=""
PEER_PID=""
SIM_URL=""
APP_URL=""
SHARED_KEY=""    # the simulator's demo key; never printed
PASSWORD=""
TOKEN=""

log() { printf '==> %s\n' "$*"; }

fail() {
  printf 'bench/run.sh: %s\n' "$*" >&2
  exit 1
}

as_postgres() {
  if [[ $EUID -eq 0 ]]; then
    (cd "$WORK" && runuser -u postgres -- "$@")
  else
    (cd "$WORK" && "$@")
  fi
}

wait_for() {
  local url=$1 pid=$2 name=$3 deadline=$((SECONDS + 120))
  until curl -fs -o /dev/null --max-time 2 "$url"; do
    kill -0 "$pid" 2>/dev/null || fail "$name stopped while starting; see $WORK/$name.log"
    ((SECONDS < deadline)) || fail "$name did not answer $url within 120 s; see $WORK/$name.log"
    sleep 0.5
  done
}

check_tools() {
  command -v wrk >/dev/null || fail "wrk is needed: apt-get install wrk"
  command -v node >/dev/null && command -v npm >/dev/null || fail "Node.js and npm are needed for the peer gateway: apt-get install nodejs npm"
  command -v curl >/dev/null || fail "curl is needed: apt-get install curl"
  PG_BIN="$(find_pg_bindir)" || fail "PostgreSQL server binaries not found: apt-get install postgresql-15"
}

build() {
  log "Building Release (app, simulator, probe)"
  local project
  for project in src/Web/OpenRouterSaaS.Web.csproj tools/OpenRouterSimulator/OpenRouterSimulator.csproj bench/Probe/Probe.csproj; do
    dotnet build "$ROOT/$project" -c Release -nologo -v:quiet -clp:NoSummary >/dev/null || dotnet build "$ROOT/$project" -c Release -nologo -v:quiet
  done
  if [[ ! $BENCH/peer/node_modules/.package-lock.json -nt $BENCH/peer/package-lock.json ]]; then
    log "Installing the peer gateway (npm ci in bench/peer)"
    npm ci --prefix "$BENCH/peer" --no-audit --no-fund --loglevel=error >/dev/null
  fi
}

start_postgres() {
  ensure_postgres_user
  if [[ $EUID -eq 0 ]]; then chown postgres: "$WORK"; fi
  as_postgres "$PG_BIN/initdb" -D "$WORK/pg" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$WORK/initdb.log" 2>&1 \
    || { cat "$WORK/initdb.log" >&2; fail "initdb failed"; }
  printf 'host all all 127.0.0.1/32 trust\n' >"$WORK/pg/pg_hba.conf"
  local durability="-c fsync=on -c synchronous_commit=on"
  [[ $DURABLE == 1 ]] || durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  PG_PORT="$(pick_free_port)"
  as_postgres "$PG_BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/postgres.log" -w -t 60 \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=300 -c shared_buffers=512MB -c work_mem=16MB $durability" \
    start >/dev/null || { tail -n 20 "$WORK/postgres.log" >&2; fail "PostgreSQL did not start"; }
  psql_postgres -c "CREATE DATABASE bench" >/dev/null
  log "PostgreSQL on 127.0.0.1:$PG_PORT (throwaway; fsync and synchronous commit $([[ $DURABLE == 1 ]] && echo on || echo off))"
}

psql_postgres() { "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -Atq "$@"; }

psql_bench() { "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d bench -v ON_ERROR_STOP=1 -Atq "$@"; }

start_simulator() {
  SIM_URL="http://127.0.0.1:$(pick_free_port)"
  env Simulator__DefaultCredits=1000000000 Simulator__RequestLogCapacity=1000 Logging__LogLevel__Default=Warning \
    dotnet "$SIMULATOR_DLL" --urls "$SIM_URL" >"$WORK/simulator.log" 2>&1 &
  SIM_PID=$!
  wait_for "$SIM_URL/_sim/health" "$SIM_PID" simulator
  SHARED_KEY="$(curl -fs "$SIM_URL/_sim/demo-keys" | sed -n 's/.*"user_key" *: *"\(sk-or-[^"]*\)".*/\1/p')"
  [[ -n $SHARED_KEY ]] || fail "the simulator did not tell its demo key"
  log "Simulator on $SIM_URL (no added latency)"
}

start_app() {
  APP_URL="http://127.0.0.1:$(pick_free_port)"
  PASSWORD="Bench$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 16)7"
  TOKEN="ors_$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
  (
    cd "$ROOT/src/Web"
    exec env ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$APP_URL" \
      ConnectionStrings__Default="Host=127.0.0.1;Port=$PG_PORT;Database=bench;Username=postgres" \
      Database__MigrateAtStartup=true \
      Logging__Format=json Logging__LogLevel__Default=Warning Logging__LogLevel__Microsoft.AspNetCore=Warning \
      Secrets__ActiveKeyId=bench Secrets__MasterKeys__bench="$(head -c 32 /dev/urandom | base64)" \
      OpenRouter__BaseUrl="$SIM_URL/api/v1" \
      App__PublicBaseUrl="$APP_URL" Security__RequireHttps=false \
      RateLimits__ApiPerToken=100000000 RateLimits__ApiPerTenant=100000000 \
      UsageRollup__Interval=00:00:05 \
      Demo__Seed=true Demo__TenantSlug="$SLUG" Demo__TenantName="Bench Company" \
      Demo__OwnerEmail="$OWNER_EMAIL" Demo__MemberEmail="$MEMBER_EMAIL" \
      Demo__Password="$PASSWORD" Demo__ApiToken="$TOKEN" Demo__SharedKey="$SHARED_KEY" \
      ${BENCH_APP_SETTINGS:-} \
      dotnet "$WEB_DLL"
  ) >"$WORK/app.log" 2>&1 &
  APP_PID=$!
  wait_for "$APP_URL/healthz" "$APP_PID" app
  log "App on $APP_URL (Production, Release; log in $WORK/app.log)"
}

# The bench tenant may call $MODEL through its shared key, under a tenant limit no run can reach.
configure_tenant() {
  psql_bench <<SQL
UPDATE model_allow_lists SET allow_patterns = array_append(allow_patterns, '$MODEL')
  WHERE tenant_id = (SELECT id FROM tenants WHERE slug = '$SLUG') AND NOT '$MODEL' = ANY(allow_patterns);
UPDATE tenants SET monthly_limit_usd = 1000000 WHERE slug = '$SLUG';
SQL
}

start_peer() {
  port_in_use "$PEER_PORT" && fail "port $PEER_PORT (Portkey's gateway) is taken by another program"
  (cd "$BENCH/peer" && exec node node_modules/@portkey-ai/gateway/build/start-server.js) >"$WORK/peer.log" 2>&1 &
  PEER_PID=$!
  local deadline=$((SECONDS + 60))
  until port_in_use "$PEER_PORT"; do
    kill -0 "$PEER_PID" 2>/dev/null || fail "the peer gateway stopped while starting; see $WORK/peer.log"
    ((SECONDS < deadline)) || fail "the peer gateway did not listen on $PEER_PORT within 60 s"
    sleep 0.5
  done
  log "Peer gateway (Portkey 1.15.2) on 127.0.0.1:$PEER_PORT"
}

# CPU time used so far, in clock ticks, by a process ($1 = pid) or, for "postgres", the cluster's postmaster and backends.
cpu_ticks() {
  local pids=("$1")
  if [[ $1 == postgres ]]; then
    local postmaster
    postmaster="$(head -n 1 "$WORK/pg/postmaster.pid")"
    mapfile -t pids < <(echo "$postmaster"; pgrep -P "$postmaster")
  fi
  local pid
  for pid in "${pids[@]}"; do cat "/proc/$pid/stat" 2>/dev/null; done | awk '{sub(/^.*\) /, ""); ticks += $12 + $13} END {print ticks + 0}'
}

# One wrk measurement of non-streaming calls: $1 the result's name, $2 concurrency, $3 URL, then extra wrk arguments.
# Beside the figures, the CPU time the app, the simulator and PostgreSQL used meanwhile ($RAW/<name>.cpu.json, in ms).
measure() {
  local name=$1 connections=$2 url=$3
  shift 3
  local threads=$((connections < 2 ? 1 : 2)) app sim pg
  app=$(cpu_ticks "$APP_PID") sim=$(cpu_ticks "$SIM_PID") pg=$(cpu_ticks postgres)
  BENCH_MODEL="$MODEL" BENCH_OUT="$RAW/$name.json" wrk -t "$threads" -c "$connections" -d "${DURATION}s" --timeout 10s \
    -s "$BENCH/wrk/chat.lua" "$@" "$url" >/dev/null
  local hz
  hz=$(getconf CLK_TCK)
  printf '{"app_ms":%d,"simulator_ms":%d,"postgres_ms":%d}\n' $((($(cpu_ticks "$APP_PID") - app) * 1000 / hz)) \
    $((($(cpu_ticks "$SIM_PID") - sim) * 1000 / hz)) $((($(cpu_ticks postgres) - pg) * 1000 / hz)) >"$RAW/$name.cpu.json"
  printf '    %s: %s %s\n' "$name" "$(cat "$RAW/$name.json")" "$(cat "$RAW/$name.cpu.json")"
}

warm_up() {
  local url=$1
  shift
  BENCH_OUT=/dev/null BENCH_MODEL="$MODEL" wrk -t 2 -c 16 -d "${WARMUP}s" --timeout 10s -s "$BENCH/wrk/chat.lua" "$@" "$url" >/dev/null
}

measure_non_streaming() {
  local concurrency
  log "(a) Direct to the simulator"
  warm_up "$SIM_URL/api/v1/chat/completions" -H "Authorization: Bearer $SHARED_KEY"
  for concurrency in 1 16 64; do
    measure "direct-c$concurrency" "$concurrency" "$SIM_URL/api/v1/chat/completions" -H "Authorization: Bearer $SHARED_KEY"
  done

  log "(b) Through the gateway (allow-list, key choice, budget reservation, ledger)"
  warm_up "$APP_URL/api/v1/chat/completions" -H "Authorization: Bearer $TOKEN"
  for concurrency in 1 16 64; do
    measure "gateway-c$concurrency" "$concurrency" "$APP_URL/api/v1/chat/completions" -H "Authorization: Bearer $TOKEN"
  done

  log "(f) Through the peer gateway"
  local peer=(-H "Authorization: Bearer $SHARED_KEY" -H "x-portkey-provider: openai" -H "x-portkey-custom-host: $SIM_URL/api/v1")
  warm_up "http://127.0.0.1:$PEER_PORT/v1/chat/completions" "${peer[@]}"
  for concurrency in 1 16 64; do
    measure "peer-c$concurrency" "$concurrency" "http://127.0.0.1:$PEER_PORT/v1/chat/completions" "${peer[@]}"
  done
}

probe() { dotnet "$PROBE_DLL" "$@"; }

measure_streaming() {
  log "(c) Streaming: time to first data event and gaps between chunks"
  probe stream --url "$SIM_URL/api/v1/chat/completions" --token "$SHARED_KEY" --model "$MODEL" --out "$RAW/stream-direct.json"
  probe stream --url "$APP_URL/api/v1/chat/completions" --token "$TOKEN" --model "$MODEL" --out "$RAW/stream-gateway.json"
}

# (d) The ledger: $ROWS rows over 20 tenants (the bench tenant the biggest), 25 members each, 15 models, 90 days,
# both key kinds and every final status; members are real users with memberships, as the pages join them.
generate_ledger() {
  log "(d) Generating a ledger of $ROWS rows"
  psql_bench -f "$BENCH/sql/ledger.sql" -v rows="$ROWS" -v slug="$SLUG" >/dev/null
  psql_bench -c "SELECT json_build_object('rows', count(*), 'tenants', count(DISTINCT tenant_id), 'members', count(DISTINCT user_id),
      'models', count(DISTINCT requested_model),
      'biggest_tenant_rows', count(*) FILTER (WHERE tenant_id = (SELECT id FROM tenants WHERE slug = '$SLUG'))) FROM usage_records" \
    >"$RAW/ledger.json"
  printf '    ledger: %s\n' "$(cat "$RAW/ledger.json")"
}

# The ledger's rows were written after the app started, so the usage roll-up of their past days is made now, by the
# app's own worker (every 5 s here): the pages are measured once it has caught up. Its time is kept in the raw results.
wait_for_rollup() {
  log "(d) Waiting for the app to roll up the ledger's past days"
  local started=$SECONDS deadline=$((SECONDS + 900)) caught_up
  until caught_up="$(psql_bench -c "SELECT coalesce(ready_before >= (usage_rollup_open_since() AT TIME ZONE 'UTC')::date, false)
        AND NOT EXISTS (SELECT 1 FROM usage_rollup_days WHERE stale_since IS NOT NULL AND day < ready_before)
      FROM usage_rollup_horizon")" && [[ $caught_up == t ]]; do
    kill -0 "$APP_PID" 2>/dev/null || fail "the app stopped while rolling up the ledger; see $WORK/app.log"
    ((SECONDS < deadline)) || fail "the usage roll-up had not caught up after 900 s ($(psql_bench -c \
      "SELECT count(*) FROM usage_rollup_days WHERE stale_since IS NOT NULL") tenant days left); see $WORK/app.log"
    sleep 1
  done
  psql_bench -c "SELECT json_build_object('caught_up_seconds', $((SECONDS - started)),
      'tenant_days', (SELECT count(*) FROM usage_rollup_days), 'rollup_rows', (SELECT count(*) FROM usage_rollups))" >"$RAW/rollup.json"
  printf '    roll-up: %s\n' "$(cat "$RAW/rollup.json")"
}

measure_admin() {
  log "(d) The admin usage page and the CSV export"
  probe admin --base "$APP_URL" --slug "$SLUG" --email "$OWNER_EMAIL" --password "$PASSWORD" --pid "$APP_PID" --out "$RAW/admin.json"
}

measure_open_streams() {
  log "(e) Memory with $STREAMS streams open at once"
  # Streams that fail are counted in the result (and the table), not a reason to lose the run's other figures.
  probe open-streams --url "$APP_URL/api/v1/chat/completions" --token "$TOKEN" --model "$MODEL" --pid "$APP_PID" \
    --count "$STREAMS" --out "$RAW/open-streams.json" || echo "    some streams failed; see the app's log" >&2
}

describe_machine() {
  local cpu os dotnet_version
  cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
  os="$(. /etc/os-release && echo "$PRETTY_NAME") (kernel $(uname -r))"
  dotnet_version="$(dotnet --version)"
  cat >"$WORK/machine.md" <<EOF
Machine: $(nproc) CPUs ($cpu), $(awk '/MemTotal/ {printf "%.1f GB", $2 / 1048576}' /proc/meminfo) memory, $os,
.NET SDK $dotnet_version, PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') (fsync $([[ $DURABLE == 1 ]] && echo on || echo off)),
Node.js $(node --version), wrk $(wrk -v 2>&1 | head -n 1 | awk '{print $2}'). Load generator, simulator, app, peer and
database all share this machine. Run $(date -u '+%Y-%m-%d %H:%M UTC'), ${DURATION} s per wrk measurement.
EOF
}

stop_pid() {
  local pid=$1
  if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    local waited=0
    while kill -0 "$pid" 2>/dev/null && ((waited < 20)); do
      sleep 0.5
      waited=$((waited + 1))
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  stop_pid "$PEER_PID"
  stop_pid "$APP_PID"
  stop_pid "$SIM_PID"
  if [[ -n $WORK && -d $WORK ]]; then
    if [[ -f $WORK/pg/postmaster.pid ]]; then
      as_postgres "$PG_BIN/pg_ctl" -D "$WORK/pg" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    if [[ $status -ne 0 && -f $WORK/app.log ]]; then
      echo "--- last lines of the app's log ---" >&2
      tail -n 20 "$WORK/app.log" | cut -c 1-400 >&2 || true
    fi
    rm -rf "$WORK"
  fi
  exit "$status"
}

main() {
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  check_tools
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/ors-bench.XXXXXX")"
  chmod 755 "$WORK"
  rm -rf "$RAW"
  mkdir -p "$RAW"

  build
  start_postgres
  start_simulator
  start_app
  configure_tenant
  start_peer

  generate_ledger
  wait_for_rollup
  measure_admin
  measure_non_streaming
  measure_streaming
  measure_open_streams

  describe_machine
  log "Results (also in bench/results/latest.md)"
  echo
  probe report --raw "$RAW" --machine "$WORK/machine.md" --out "$RESULTS/latest.md"
  log "Took ${SECONDS} s"
}

main "$@"
