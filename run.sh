#!/usr/bin/env bash
# Runs OpenRouterSaaS locally with a seeded demo tenant.
#
# With no configuration it builds the app, creates (once) and starts a project-local PostgreSQL cluster
# under .data/pg, and serves http://127.0.0.1:${PORT:-5080}. Set ConnectionStrings__Default to use your own
# database instead. The demo credentials are printed and kept in .data/demo.env.
# Ctrl-C stops the app and the cluster this script started (never a database it did not start).
#
#   PORT          the app's port (default 5080)
#   ORS_PG_PORT   the local cluster's port (default 55433)
#   SIM_PORT      the OpenRouter simulator's port (default 5090); set OpenRouter__BaseUrl to use a real
#                 OpenRouter instead, and the simulator is not started
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/local-postgres.sh
source "$ROOT/scripts/local-postgres.sh"
DATA_DIR="$ROOT/.data"
PG_DATA="$DATA_DIR/pg"
PG_PORT="${ORS_PG_PORT:-55433}"
DATABASE_NAME="openroutersaas"
APP_URL="http://127.0.0.1:${PORT:-5080}"
WEB_PROJECT="$ROOT/src/Web/OpenRouterSaaS.Web.csproj"
WEB_DLL="$ROOT/src/Web/bin/Debug/net10.0/OpenRouterSaaS.Web.dll"
SIMULATOR_PROJECT="$ROOT/tools/OpenRouterSimulator/OpenRouterSimulator.csproj"
SIMULATOR_DLL="$ROOT/tools/OpenRouterSimulator/bin/Debug/net10.0/OpenRouterSimulator.dll"
SIMULATOR_URL="http://127.0.0.1:${SIM_PORT:-5090}"
MASTER_KEY_FILE="$DATA_DIR/master.key"
DEMO_ENV="$DATA_DIR/demo.env"
DEMO_OWNER_EMAIL="${Demo__OwnerEmail:-owner@demo.test}"
DEMO_MEMBER_EMAIL="${Demo__MemberEmail:-member@demo.test}"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

PG_BIN=""
STARTED_PG=false   # true only when this run started the cluster, so only then does it stop it
APP_PID=""
SIMULATOR_PID=""
DEMO_PASSWORD=""
DEMO_API_TOKEN=""
DEMO_SHARED_KEY=""   # the simulator's demo key, seeded as the demo tenant's shared key; never printed or written down
DEMO_SLUG="${Demo__TenantSlug:-demo}"
# A model the default allow-list (free models only) lets the demo member use, in the printed curl lines.
DEMO_MODEL="meta-llama/llama-3.3-70b-instruct:free"

log() { printf '==> %s\n' "$*"; }

fail() {
  printf 'run.sh: %s\n' "$*" >&2
  exit 1
}

# PostgreSQL refuses to run as root; the project-local cluster belongs to the postgres user then.
as_postgres() {
  if [[ $EUID -eq 0 ]]; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

http_ok() {
  if command -v curl >/dev/null 2>&1; then
    curl -fs -o /dev/null --max-time 2 "$1"
  else
    local rest="${1#http://}"
    local hostport="${rest%%/*}" path="/${rest#*/}"
    (
      exec 3<>"/dev/tcp/${hostport%:*}/${hostport##*:}"
      printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$path" "$hostport" >&3
      IFS= read -r -t 5 status_line <&3
      [[ $status_line == *" 200 "* ]]
    ) 2>/dev/null
  fi
}

# Prints the body of a GET (without curl: the whole response, headers included, which is enough to pick a field from).
http_get() {
  if command -v curl >/dev/null 2>&1; then
    curl -fs --max-time 5 "$1"
  else
    local rest="${1#http://}"
    local hostport="${rest%%/*}" path="/${rest#*/}"
    (
      exec 3<>"/dev/tcp/${hostport%:*}/${hostport##*:}"
      printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$path" "$hostport" >&3
      timeout 5 cat <&3
    ) 2>/dev/null
  fi
}

build_app() {
  log "Building the app"
  dotnet build "$WEB_PROJECT" -nologo -v:quiet -clp:NoSummary
  if uses_simulator; then
    dotnet build "$SIMULATOR_PROJECT" -nologo -v:quiet -clp:NoSummary
  fi
}

# Without a real OpenRouter configured, the app talks to the simulator on loopback.
uses_simulator() { [[ -z ${OpenRouter__BaseUrl:-} ]]; }

start_simulator() {
  if ! uses_simulator; then
    log "Using OpenRouter at $OpenRouter__BaseUrl"
    return 0
  fi
  if port_in_use "${SIMULATOR_URL##*:}"; then
    fail "port ${SIMULATOR_URL##*:} is taken by another program; choose another with SIM_PORT"
  fi
  log "Starting the OpenRouter simulator on $SIMULATOR_URL"
  dotnet "$SIMULATOR_DLL" --urls "$SIMULATOR_URL" >"$DATA_DIR/simulator.log" 2>&1 &
  SIMULATOR_PID=$!
  local deadline=$((SECONDS + 60))
  until http_ok "$SIMULATOR_URL/_sim/health"; do
    kill -0 "$SIMULATOR_PID" 2>/dev/null || fail "the simulator stopped while starting; see .data/simulator.log"
    ((SECONDS < deadline)) || fail "the simulator did not answer within 60 s; see .data/simulator.log"
    sleep 0.5
  done
  export OpenRouter__BaseUrl="$SIMULATOR_URL/api/v1"
  use_simulator_demo_key
}

# The simulator's demo user key becomes the demo tenant's shared key, so the demo member's calls are paid for at once.
use_simulator_demo_key() {
  DEMO_SHARED_KEY="$(http_get "$SIMULATOR_URL/_sim/demo-keys" | sed -n 's/.*"user_key" *: *"\(sk-or-[^"]*\)".*/\1/p')"
  if [[ -z $DEMO_SHARED_KEY ]]; then
    echo "run.sh: the simulator did not tell its demo key (GET /_sim/demo-keys); the demo tenant gets no shared key" >&2
  fi
}

init_local_cluster() {
  log "Creating a local PostgreSQL cluster in $PG_DATA (kept between runs)"
  mkdir -p "$PG_DATA"
  chmod 700 "$PG_DATA"
  if [[ $EUID -eq 0 ]]; then
    chown postgres: "$PG_DATA"
    as_postgres test -w "$PG_DATA" \
      || fail "the postgres user cannot reach $PG_DATA (a parent folder is closed to it); move the clone or set ConnectionStrings__Default"
  fi
  as_postgres "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  # Trust, but only over TCP on the loopback address; the cluster has no Unix socket.
  printf 'host all all 127.0.0.1/32 trust\n' >"$PG_DATA/pg_hba.conf"
}

start_local_cluster() {
  PG_BIN="$(find_pg_bindir)" || fail "PostgreSQL server binaries not found: install postgresql-15, or set ConnectionStrings__Default"
  if [[ ! -f $PG_DATA/PG_VERSION ]]; then
    init_local_cluster
  fi

  if as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
    PG_PORT="$(sed -n 4p "$PG_DATA/postmaster.pid")"
    log "Using the local PostgreSQL cluster that is already running on port $PG_PORT (it will be left running)"
    return 0
  fi

  if port_in_use "$PG_PORT"; then
    fail "port $PG_PORT is taken by another program; choose another with ORS_PG_PORT"
  fi
  log "Starting the local PostgreSQL cluster on 127.0.0.1:$PG_PORT"
  as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w -t 60 \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" start >/dev/null \
    || { tail -n 20 "$PG_DATA/server.log" >&2; fail "PostgreSQL did not start"; }
  STARTED_PG=true
}

ensure_database() {
  local psql=("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -Atq)
  if [[ "$("${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname = '$DATABASE_NAME'")" != 1 ]]; then
    log "Creating the database $DATABASE_NAME"
    "${psql[@]}" -c "CREATE DATABASE $DATABASE_NAME"
  fi
}

use_database() {
  if [[ -n ${ConnectionStrings__Default:-} ]]; then
    log "Using the database from ConnectionStrings__Default"
    return 0
  fi
  start_local_cluster
  ensure_database
  export ConnectionStrings__Default="Host=127.0.0.1;Port=$PG_PORT;Database=$DATABASE_NAME;Username=postgres"
}

# The development master key encrypts stored OpenRouter keys; made once, readable by us only, never printed.
use_master_key() {
  if [[ ! -s $MASTER_KEY_FILE ]]; then
    log "Generating a development master key in $MASTER_KEY_FILE"
    (umask 077 && head -c 32 /dev/urandom | base64 >"$MASTER_KEY_FILE")
  fi
  chmod 600 "$MASTER_KEY_FILE"
  export Secrets__ActiveKeyId=dev
  Secrets__MasterKeys__dev="$(tr -d '\n' <"$MASTER_KEY_FILE")"
  export Secrets__MasterKeys__dev
}

# The demo password is made once and kept in .data/demo.env, so it matches the demo users already seeded.
use_demo_password() {
  if [[ -n ${Demo__Password:-} ]]; then
    DEMO_PASSWORD="$Demo__Password"
  elif [[ -f $DEMO_ENV ]] && grep -q '^DEMO_PASSWORD=' "$DEMO_ENV"; then
    DEMO_PASSWORD="$(sed -n 's/^DEMO_PASSWORD=//p' "$DEMO_ENV")"
  else
    local random
    random="$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
    # A capital, small letters and a digit, as the password policy asks.
    DEMO_PASSWORD="Demo${random:0:16}7"
  fi
}

# The demo member's API token is made here, once, and kept in .data/demo.env; the app stores only its hash.
use_demo_api_token() {
  if [[ -n ${Demo__ApiToken:-} ]]; then
    DEMO_API_TOKEN="$Demo__ApiToken"
  elif [[ -f $DEMO_ENV ]] && grep -q '^DEMO_API_TOKEN=' "$DEMO_ENV"; then
    DEMO_API_TOKEN="$(sed -n 's/^DEMO_API_TOKEN=//p' "$DEMO_ENV")"
  else
    # ors_ and the base64url form of 32 random bytes, as the app makes them.
    DEMO_API_TOKEN="ors_$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
  fi
}

start_app() {
  if port_in_use "${APP_URL##*:}"; then
    fail "port ${APP_URL##*:} is taken by another program; choose another with PORT"
  fi
  log "Starting the app on $APP_URL"
  (
    cd "$ROOT/src/Web"
    exec env ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="$APP_URL" \
      Demo__Seed=true Demo__Password="$DEMO_PASSWORD" Demo__ApiToken="$DEMO_API_TOKEN" Demo__SharedKey="$DEMO_SHARED_KEY" \
      Demo__OwnerEmail="$DEMO_OWNER_EMAIL" Demo__MemberEmail="$DEMO_MEMBER_EMAIL" \
      dotnet "$WEB_DLL"
  ) &
  APP_PID=$!
}

wait_until_healthy() {
  local deadline=$((SECONDS + 180))
  until http_ok "$APP_URL/healthz"; do
    kill -0 "$APP_PID" 2>/dev/null || fail "the app stopped while starting; see its log above"
    ((SECONDS < deadline)) || fail "the app did not answer $APP_URL/healthz within 180 s"
    sleep 1
  done
}

write_demo_env() {
  (
    umask 077
    cat >"$DEMO_ENV" <<EOF
APP_URL=$APP_URL
OPENROUTER_BASE_URL=$OpenRouter__BaseUrl
DEMO_OWNER_EMAIL=$DEMO_OWNER_EMAIL
DEMO_MEMBER_EMAIL=$DEMO_MEMBER_EMAIL
DEMO_PASSWORD=$DEMO_PASSWORD
DEMO_API_TOKEN=$DEMO_API_TOKEN
EOF
  )
}

print_welcome() {
  local auth="-H \"Authorization: Bearer \$DEMO_API_TOKEN\" -H 'Content-Type: application/json'"
  local message='"messages":[{"role":"user","content":"Say hello"}]'
  cat <<EOF

  OpenRouterSaaS is ready at $APP_URL
  OpenRouter API:  ${OpenRouter__BaseUrl}

  Demo owner:   $DEMO_OWNER_EMAIL
  Demo member:  $DEMO_MEMBER_EMAIL
  Password:     $DEMO_PASSWORD
  (also in .data/demo.env, with the demo member's API token as DEMO_API_TOKEN)

  The OpenAI-compatible API (any OpenAI client works with base URL $APP_URL/api/v1), as the demo member:
  a streamed answer, the same without streaming, and the models the member may use:

    source '$DEMO_ENV' && curl -sN "\$APP_URL/api/v1/chat/completions" $auth -d '{"model":"$DEMO_MODEL","stream":true,$message}'
    source '$DEMO_ENV' && curl -s "\$APP_URL/api/v1/chat/completions" $auth -d '{"model":"$DEMO_MODEL",$message}'
    source '$DEMO_ENV' && curl -s "\$APP_URL/api/v1/models" -H "Authorization: Bearer \$DEMO_API_TOKEN"

EOF
  if [[ -z $DEMO_SHARED_KEY ]]; then
    cat <<EOF
  No key was seeded (only the simulator's demo key is): unless you saved one before, save an OpenRouter key as the demo
  tenant's shared key at $APP_URL/t/$DEMO_SLUG/admin/shared-key (signed in as the demo owner), or as the demo
  member's own key at $APP_URL/t/$DEMO_SLUG/keys, before calling.

EOF
  fi
  cat <<EOF
  Press Ctrl-C to stop.

EOF
}

stop_app() {
  if [[ -n $APP_PID ]] && kill -0 "$APP_PID" 2>/dev/null; then
    log "Stopping the app"
    kill -TERM "$APP_PID" 2>/dev/null || true
    local waited=0
    while kill -0 "$APP_PID" 2>/dev/null && ((waited < 20)); do
      sleep 0.5
      waited=$((waited + 1))
    done
    kill -KILL "$APP_PID" 2>/dev/null || true
  fi
  if [[ -n $APP_PID ]]; then
    wait "$APP_PID" 2>/dev/null || true
  fi
  APP_PID=""
}

stop_simulator() {
  if [[ -n $SIMULATOR_PID ]] && kill -0 "$SIMULATOR_PID" 2>/dev/null; then
    log "Stopping the OpenRouter simulator"
    kill -TERM "$SIMULATOR_PID" 2>/dev/null || true
    wait "$SIMULATOR_PID" 2>/dev/null || true
  fi
  SIMULATOR_PID=""
}

stop_local_cluster() {
  if [[ $STARTED_PG == true ]]; then
    log "Stopping the local PostgreSQL cluster"
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null || true
    STARTED_PG=false
  fi
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  stop_app
  stop_simulator
  stop_local_cluster
  exit "$status"
}

main() {
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  mkdir -p "$DATA_DIR"

  build_app
  use_database
  use_master_key
  use_demo_password
  use_demo_api_token
  start_simulator
  start_app
  wait_until_healthy
  write_demo_env
  print_welcome

  local status=0
  wait "$APP_PID" || status=$?
  APP_PID=""
  log "The app stopped (exit status $status)"
  return "$status"
}

main "$@"
