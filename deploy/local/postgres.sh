# shellcheck shell=bash
# PostgreSQL: Debian's server on its own data dir, loopback only.
# Sourced by ./hearth, which sets the paths, ports and versions used here; defines functions only.

pg_bindir() {
  local d best=
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && best=$d; done
  [ -z "$best" ] && command -v initdb >/dev/null && best=$(dirname "$(command -v initdb)")
  [ -z "$best" ] && command -v pg_config >/dev/null && [ -x "$(pg_config --bindir)/initdb" ] && best=$(pg_config --bindir)
  echo "$best"
}

# Root runs the server as the postgres service user (it refuses to run as root); others as themselves.
as_pg() {
  if is_root; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

pg_running() { as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; }
psql_super() {
  as_pg "$PG_BIN/psql" -h "$PGSOCK_DIR" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"
}

PG_BIN=
ensure_postgres() {
  PG_BIN=$(pg_bindir)
  [ -n "$PG_BIN" ] || { apt_install postgresql; PG_BIN=$(pg_bindir); }
  [ -n "$PG_BIN" ] || die "PostgreSQL installed but initdb not found"
  if is_root && ! id postgres >/dev/null 2>&1; then
    say "installing: system user postgres"
    useradd --system --home-dir "$HEARTH_STATE/postgres" --shell /usr/sbin/nologin postgres
  fi

  if [ ! -s "$PGDATA_DIR/PG_VERSION" ]; then
    say "PostgreSQL: creating data dir $PGDATA_DIR"
    mkdir -p "$PGDATA_DIR" "$PGSOCK_DIR"
    is_root && chown postgres:postgres "$HEARTH_STATE/postgres" "$PGDATA_DIR" "$PGSOCK_DIR"
    chmod 700 "$PGDATA_DIR"
    as_pg "$PG_BIN/initdb" -D "$PGDATA_DIR" -U postgres -E UTF8 --no-locale \
      --auth-local=trust --auth-host=scram-sha-256 >>"$LOGS/postgres-initdb.log" 2>&1 \
      || { log_tail "$LOGS/postgres-initdb.log"; die "initdb failed"; }
    # The socket dir is the server's own (mode 0700), so "trust" on it only trusts that user.
    cat >>"$PGDATA_DIR/postgresql.conf" <<EOF

# --- Hearth: loopback only; 5433 never collides with a system cluster on 5432 ---
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PGSOCK_DIR'
unix_socket_permissions = 0700
max_connections = 200
EOF
  fi
  local have want; have=$(cat "$PGDATA_DIR/PG_VERSION"); want=$("$PG_BIN/postgres" -V | sed 's/[^0-9]*\([0-9]*\).*/\1/')
  [ "$have" = "$want" ] || die "$PGDATA_DIR was made by PostgreSQL $have but this machine has $want; remove it or install $have"

  if pg_running; then
    say "PostgreSQL: already running on 127.0.0.1:$PG_PORT (data $PGDATA_DIR)"
  else
    port_open "$PG_PORT" && die "port $PG_PORT is taken by something other than $PGDATA_DIR's server"
    mkdir -p "$PGSOCK_DIR"; touch "$LOGS/postgres.log"
    is_root && chown postgres:postgres "$PGSOCK_DIR" "$LOGS/postgres.log"
    as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -l "$LOGS/postgres.log" -w -t 60 start >/dev/null 9>&- \
      || { log_tail "$LOGS/postgres.log"; die "PostgreSQL did not start"; }
    say "PostgreSQL: started on 127.0.0.1:$PG_PORT (data $PGDATA_DIR, log $LOGS/postgres.log)"
  fi

  [ "$(psql_super -c "select 1 from pg_roles where rolname = 'hearth'")" = 1 ] \
    || psql_super -c "create role hearth login createdb password 'hearth'"
  local db
  for db in hearth hearth_test; do
    [ "$(psql_super -c "select 1 from pg_database where datname = '$db'")" = 1 ] \
      || { psql_super -c "create database $db owner hearth"; say "PostgreSQL: created database $db"; }
  done
}

stop_postgres() {
  PG_BIN=$(pg_bindir)
  if [ -n "$PG_BIN" ] && [ -s "$PGDATA_DIR/PG_VERSION" ] && pg_running; then
    say "PostgreSQL: stopping"
    as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w -t 60 stop >/dev/null
  else
    say "PostgreSQL: not running (nothing of ours to stop)"
  fi
}
