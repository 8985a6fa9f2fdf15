# Helpers that ./run.sh, ./test.sh and bench/run.sh share to find PostgreSQL's binaries and free loopback ports.
# Sourced, not run.

# The folder holding initdb, pg_ctl, postgres and psql: $ORS_PG_BINDIR, PostgreSQL 15, pg_config's, or the newest installed.
find_pg_bindir() {
  local candidate
  for candidate in "${ORS_PG_BINDIR:-}" /usr/lib/postgresql/15/bin "$(pg_config --bindir 2>/dev/null || true)" \
    $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -Vr); do
    if [[ -n $candidate && -x $candidate/initdb && -x $candidate/pg_ctl && -x $candidate/postgres && -x $candidate/psql ]]; then
      printf '%s\n' "$candidate"
      return 0
    fi
  done
  return 1
}

# Whether something listens on 127.0.0.1:$1.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A loopback port nothing listens on.
pick_free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 40000))
    if ! port_in_use "$port"; then
      printf '%s\n' "$port"
      return 0
    fi
  done
  return 1
}

# initdb and pg_ctl refuse to run as root: as root, the cluster belongs to a postgres system user, created if missing.
ensure_postgres_user() {
  if [[ $EUID -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin postgres
  fi
}
