#!/usr/bin/env bash
# Builds the solution once, installs the openai npm package for the client test, and runs every test project against
# a throwaway PostgreSQL cluster.
# Everything this script starts is stopped and removed when it ends, pass or fail.
# The last line it prints is "N passed, N failed[, N skipped]"; the exit status is the tests' status.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/local-postgres.sh
source "$ROOT/scripts/local-postgres.sh"
SOLUTION="$ROOT/OpenRouterSaaS.sln"
RESULTS_DIR="$ROOT/TestResults"
CLIENT_DIR="$ROOT/tests/ClientTests"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

PG_BIN=""       # folder of initdb/pg_ctl
PG_TMP=""       # the throwaway cluster's folder (data, log)
PG_PORT=""
CHILD_PID=""    # the build or test run in progress, stopped if we are interrupted
APT_PID=""      # an apt-get install in progress; waited for, never killed (dpkg must not be cut off)
APT_LOG=""

log() { printf '==> %s\n' "$*"; }

fail() {
  printf 'test.sh: %s\n' "$*" >&2
  exit 1
}

# initdb and pg_ctl refuse to run as root; the cluster belongs to the postgres user then.
as_postgres() {
  if [[ $EUID -eq 0 ]]; then
    (cd "$PG_TMP" && runuser -u postgres -- "$@")
  else
    (cd "$PG_TMP" && "$@")
  fi
}

as_root() {
  if [[ $EUID -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    return 1
  fi
}

install_postgres_server() {
  log "PostgreSQL server binaries not found; installing postgresql-15 with apt-get"
  # Debian would otherwise create and start a system-wide cluster that this script did not ask for.
  as_root mkdir -p /etc/postgresql-common
  grep -qs '^create_main_cluster' /etc/postgresql-common/createcluster.conf \
    || echo 'create_main_cluster = false' | as_root tee -a /etc/postgresql-common/createcluster.conf >/dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o Dpkg::Options::=--force-confold postgresql-15 >/dev/null
}

start_postgres() {
  PG_BIN="$(find_pg_bindir)" || { install_postgres_server && PG_BIN="$(find_pg_bindir)"; } || fail "no PostgreSQL server binaries (initdb, pg_ctl) found"
  ensure_postgres_user

  PG_TMP="$(mktemp -d "${TMPDIR:-/tmp}/ors-test-pg.XXXXXX")"
  if [[ $EUID -eq 0 ]]; then chown postgres: "$PG_TMP"; fi
  as_postgres "$PG_BIN/initdb" -D "$PG_TMP/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$PG_TMP/initdb.log" 2>&1 \
    || { cat "$PG_TMP/initdb.log" >&2; fail "initdb failed"; }
  # Trust, but only over TCP on the loopback address; no Unix socket at all.
  printf 'host all all 127.0.0.1/32 trust\n' >"$PG_TMP/data/pg_hba.conf"

  local attempt
  for attempt in 1 2 3 4 5; do
    PG_PORT="$(pick_free_port)" || fail "no free TCP port found"
    if as_postgres "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/postgres.log" -w -t 60 \
      -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null; then
      log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT (throwaway, in $PG_TMP)"
      return 0
    fi
    echo "PostgreSQL did not start on port $PG_PORT (attempt $attempt); retrying on another port" >&2
  done
  tail -n 20 "$PG_TMP/postgres.log" >&2 || true
  fail "PostgreSQL did not start"
}

stop_postgres() {
  if [[ -n $PG_TMP && -d $PG_TMP ]]; then
    if [[ -f $PG_TMP/data/postmaster.pid ]]; then
      as_postgres "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$PG_TMP"
  fi
}

# The browser tests drive Debian's Chromium; the openai client test runs in Node. Whichever is missing is installed
# with apt-get beside the build, and awaited before the tests.
start_apt_install() {
  local packages=()
  [[ -x /usr/bin/chromium ]] || packages+=(chromium)
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    packages+=(nodejs npm)
  fi
  if [[ ${#packages[@]} -eq 0 ]]; then
    return 0
  fi
  log "Installing Debian's ${packages[*]} for the browser and client tests (in the background)"
  APT_LOG="$(mktemp "${TMPDIR:-/tmp}/ors-test-apt.XXXXXX")"
  (
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
      && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}"
  ) >"$APT_LOG" 2>&1 &
  APT_PID=$!
}

finish_apt_install() {
  if [[ -z $APT_PID ]]; then
    return 0
  fi
  local status=0
  wait "$APT_PID" || status=$?
  APT_PID=""
  if [[ $status -ne 0 ]]; then
    tail -n 20 "$APT_LOG" >&2 || true
  fi
  if [[ ! -x /usr/bin/chromium ]]; then
    echo "warning: chromium could not be installed; browser tests that need it will fail" >&2
  fi
  rm -f "$APT_LOG"
}

# The client test (tests/FunctionalTests/Client) runs tests/ClientTests/client.mjs with the openai package pinned there.
install_client_packages() {
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 \
    || fail "Node.js and npm are needed for the openai client test (tests/ClientTests) and could not be installed; install Node.js 20 or later"
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')"
  if ((major < 20)); then
    echo "warning: Node.js $(node --version) is older than the 20 the openai package supports; the client test may fail" >&2
  fi
  # npm writes node_modules/.package-lock.json on every install: newer than the lock file means nothing changed since.
  if [[ $CLIENT_DIR/node_modules/.package-lock.json -nt $CLIENT_DIR/package-lock.json \
    && $CLIENT_DIR/node_modules/.package-lock.json -nt $CLIENT_DIR/package.json ]]; then
    return 0
  fi
  log "Installing the openai npm package for the client test (npm ci in tests/ClientTests)"
  run_child npm ci --prefix "$CLIENT_DIR" --no-audit --no-fund --loglevel=error || fail "npm ci failed in tests/ClientTests"
}

# Runs a command in the background and waits, so that INT/TERM reach our trap at once and the trap can stop it.
run_child() {
  local status=0
  "$@" &
  CHILD_PID=$!
  wait "$CHILD_PID" || status=$?
  CHILD_PID=""
  return "$status"
}

build() {
  log "Building $(basename "$SOLUTION")"
  run_child dotnet build "$SOLUTION" -nologo -v:minimal -clp:NoSummary
}

run_tests() {
  log "Running the tests"
  rm -rf "$RESULTS_DIR"
  export ORS_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres"
  # Each test project names its own TRX file (tests/Directory.Build.props); a --logger here would replace that.
  run_child dotnet test "$SOLUTION" --no-build -nologo --results-directory "$RESULTS_DIR"
}

# Reads one counter of a TRX file's <Counters .../> element.
trx_counter() {
  grep -o '<Counters [^>]*' "$2" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]\+' || echo 0
}

# Prints one line per test project, then the totals alone on the last line.
summarise() {
  local status=$1 passed=0 failed=0 skipped=0 trx name p f s
  shopt -s nullglob
  echo
  for trx in "$RESULTS_DIR"/*.trx; do
    name="$(basename "$trx" .trx)"
    p=$(trx_counter passed "$trx")
    f=$(($(trx_counter failed "$trx") + $(trx_counter error "$trx") + $(trx_counter timeout "$trx") + $(trx_counter aborted "$trx")))
    s=$(($(trx_counter total "$trx") - $(trx_counter executed "$trx")))  # xUnit's skipped tests are "not executed"
    printf '  %-36s %4d passed, %d failed, %d skipped\n' "$name" "$p" "$f" "$s"
    passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
  done
  shopt -u nullglob
  printf 'Took %ds.\n' "$SECONDS"
  if [[ $status -ne 0 ]]; then
    printf 'The test run failed (exit status %d).\n' "$status"
  fi
  if [[ $skipped -gt 0 ]]; then
    printf '%d passed, %d failed, %d skipped\n' "$passed" "$failed" "$skipped"
  else
    printf '%d passed, %d failed\n' "$passed" "$failed"
  fi
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [[ -n $CHILD_PID ]]; then
    kill "$CHILD_PID" 2>/dev/null || true
    wait "$CHILD_PID" 2>/dev/null || true
  fi
  if [[ -n $APT_PID ]]; then
    wait "$APT_PID" 2>/dev/null || true
    rm -f "$APT_LOG"
  fi
  stop_postgres
  exit "$status"
}

main() {
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  cd "$ROOT"

  start_apt_install
  start_postgres
  build
  finish_apt_install
  install_client_packages

  local status=0
  run_tests || status=$?
  summarise "$status"
  return "$status"
}

main "$@"
