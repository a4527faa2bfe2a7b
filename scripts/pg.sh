# Sourced by test scripts: a throwaway PostgreSQL cluster for the central store's tests.
#
#   source scripts/pg.sh
#   pg_start || exit 1        # exports RECON_PG_PORT, RECON_PG_DIR, RECON_PG_URL,
#                             #         RECON_PG_PASSWORD_FILE, RECON_PG_SUPERUSER_PASSWORD_FILE
#   trap pg_stop EXIT
#   PGPASSWORD="$(cat "$RECON_PG_PASSWORD_FILE")" psql "$RECON_PG_URL" -c 'SELECT 1'
#
# The cluster lives in a fresh `mktemp -d` folder (data, socket, log, password files), listens
# on 127.0.0.1 only, on a free port, and asks every connection for a password (scram-sha-256,
# local socket included). It holds the database `recon`, owned by `recon_owner` (LOGIN,
# CREATEROLE and CREATEDB — the tests make a database each —, not superuser): the role
# `recon-central migrate` and `county add` run as.
# RECON_PG_URL carries no password; the passwords are random, each in a 0600 file.
#
# Needs the PostgreSQL server binaries (Debian: `apt-get install postgresql`), 15 or newer;
# RECON_PG_BINDIR overrides where they are looked for. As root, the server runs as the
# `postgres` system user (initdb refuses root); as anyone else, as that user.
# The functions never change the caller's shell options and never exit: they return non-zero.

# _pg_bindir: prints the directory of initdb/pg_ctl/postgres, newest version first.
_pg_bindir() {
    local d v best="" bestv=0
    if [ -n "${RECON_PG_BINDIR:-}" ]; then
        [ -x "$RECON_PG_BINDIR/pg_ctl" ] && { echo "$RECON_PG_BINDIR"; return 0; }
        return 1
    fi
    for d in /usr/lib/postgresql/*/bin; do
        [ -x "$d/pg_ctl" ] && [ -x "$d/initdb" ] || continue
        v=$(basename "$(dirname "$d")")
        case "$v" in *[!0-9]*) continue ;; esac
        if [ "$v" -ge 15 ] && [ "$v" -gt "$bestv" ]; then best=$d; bestv=$v; fi
    done
    if [ -z "$best" ] && command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
        best=$(dirname "$(command -v pg_ctl)")
    fi
    [ -n "$best" ] && echo "$best"
}

# _pg_as_server CMD...: runs CMD as the server's user (postgres when we are root), in the
# cluster folder (postgres may not be allowed into the caller's working directory).
_pg_as_server() {
    if [ "$(id -u)" -eq 0 ]; then
        (cd "$RECON_PG_DIR" && runuser -u postgres -- "$@")
    else
        (cd "$RECON_PG_DIR" && "$@")
    fi
}

# _pg_free_port: prints a TCP port on 127.0.0.1 that nothing listens on right now.
_pg_free_port() {
    if command -v python3 >/dev/null 2>&1; then
        python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
        return
    fi
    local p i
    for i in $(seq 1 50); do
        p=$(( 20000 + RANDOM % 40000 ))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
    done
    return 1
}

# _pg_password: prints a random password (32 characters of [A-Za-z0-9]).
_pg_password() {
    local pw
    pw=$(head -c 96 /dev/urandom | base64 -w0 | tr -dc 'A-Za-z0-9' | head -c 32)
    [ ${#pw} -eq 32 ] && echo "$pw"
}

# _pg_superuser_psql ARGS...: psql as the superuser `postgres` over TCP (password from its file).
_pg_superuser_psql() {
    PGPASSWORD="$(cat "$RECON_PG_SUPERUSER_PASSWORD_FILE")" PGCONNECT_TIMEOUT=10 \
        psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$RECON_PG_PORT" -U postgres "$@"
}

pg_start() {
    # Already started by this shell and still running: nothing to do.
    if [ -n "${RECON_PG_DIR:-}" ] && [ -n "${_RECON_PG_OWNED_DIR:-}" ] && [ "$RECON_PG_DIR" = "$_RECON_PG_OWNED_DIR" ] \
        && [ -f "$RECON_PG_DIR/data/postmaster.pid" ]; then
        if _pg_as_server "$_RECON_PG_BINDIR/pg_ctl" -D "$RECON_PG_DIR/data" status >/dev/null 2>&1; then
            echo "pg_start: already running on 127.0.0.1:$RECON_PG_PORT ($RECON_PG_DIR)" >&2
            return 0
        fi
    fi

    local bindir
    if ! bindir=$(_pg_bindir) || [ -z "$bindir" ]; then
        echo "pg_start: PostgreSQL server binaries (15 or newer: initdb, pg_ctl, postgres) not found;" \
             "install the Debian package 'postgresql' (apt-get install postgresql) or set RECON_PG_BINDIR" >&2
        return 1
    fi
    if ! command -v psql >/dev/null 2>&1; then
        echo "pg_start: psql not found; install the Debian package 'postgresql-client'" >&2
        return 1
    fi
    if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
        echo "pg_start: running as root but there is no 'postgres' system user to run the server as" \
             "(the Debian package 'postgresql' creates it)" >&2
        return 1
    fi

    local dir
    dir=$(mktemp -d "${TMPDIR:-/tmp}/recon-pg.XXXXXXXX") || return 1
    chmod 0700 "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir" || { rm -rf "$dir"; return 1; }; fi
    export RECON_PG_DIR=$dir
    _RECON_PG_OWNED_DIR=$dir
    _RECON_PG_BINDIR=$bindir

    local su_pw owner_pw
    su_pw=$(_pg_password) && owner_pw=$(_pg_password) || { echo "pg_start: no random password" >&2; pg_stop; return 1; }
    export RECON_PG_SUPERUSER_PASSWORD_FILE=$dir/superuser.pass
    export RECON_PG_PASSWORD_FILE=$dir/recon_owner.pass
    (umask 077; printf '%s\n' "$su_pw" >"$RECON_PG_SUPERUSER_PASSWORD_FILE"; printf '%s\n' "$owner_pw" >"$RECON_PG_PASSWORD_FILE")
    # initdb reads the superuser's password file as the server's user.
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$RECON_PG_SUPERUSER_PASSWORD_FILE"; fi

    if ! _pg_as_server "$bindir/initdb" -D "$dir/data" -U postgres --pwfile="$RECON_PG_SUPERUSER_PASSWORD_FILE" \
            --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 --no-sync \
            >"$dir/initdb.log" 2>&1; then
        echo "pg_start: initdb failed:" >&2; cat "$dir/initdb.log" >&2
        pg_stop; return 1
    fi
    # Password everywhere; TCP on the loopback address only; no replication connections.
    cat >"$dir/data/pg_hba.conf" <<'EOF'
# TYPE  DATABASE  USER  ADDRESS        METHOD
local   all       all                  scram-sha-256
host    all       all   127.0.0.1/32   scram-sha-256
EOF
    mkdir -p "$dir/sock"
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir/sock" "$dir/data/pg_hba.conf"; fi

    local attempt port started=0
    for attempt in 1 2 3; do
        port=$(_pg_free_port) || break
        cat >>"$dir/data/postgresql.conf" <<EOF

# pg.sh, attempt $attempt
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir/sock'
password_encryption = 'scram-sha-256'
EOF
        if _pg_as_server "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >"$dir/pg_ctl.log" 2>&1; then
            started=1; break
        fi
        # Another process may have taken the port in between: try another one, else give up.
        grep -q 'could not bind\|Address already in use' "$dir/server.log" 2>/dev/null || break
    done
    if [ "$started" -ne 1 ]; then
        echo "pg_start: the server did not start; its log ($dir/server.log):" >&2
        cat "$dir/pg_ctl.log" "$dir/server.log" >&2 2>/dev/null
        pg_stop; return 1
    fi
    export RECON_PG_PORT=$port
    export RECON_PG_URL="postgresql://recon_owner@127.0.0.1:$port/recon"

    # The owner's password reaches psql through its file (\set from a backquoted cat), never a
    # command line; the server stores its SCRAM verifier.
    if ! _pg_superuser_psql -d postgres -v pwfile="$RECON_PG_PASSWORD_FILE" >"$dir/setup.log" 2>&1 <<'SQL'
\set owner_pw `cat :'pwfile'`
CREATE ROLE recon_owner LOGIN CREATEROLE NOSUPERUSER CREATEDB NOREPLICATION NOBYPASSRLS PASSWORD :'owner_pw';
CREATE DATABASE recon OWNER recon_owner ENCODING 'UTF8' TEMPLATE template0;
SQL
    then
        echo "pg_start: could not create recon_owner and the database recon:" >&2; cat "$dir/setup.log" >&2
        pg_stop; return 1
    fi
    return 0
}

pg_stop() {
    local dir=${_RECON_PG_OWNED_DIR:-}
    [ -n "$dir" ] || return 0
    # Only ever the folder pg_start made.
    case "$dir" in "${TMPDIR:-/tmp}"/recon-pg.*) ;; *) echo "pg_stop: refusing to remove $dir" >&2; return 1 ;; esac
    if [ -f "$dir/data/postmaster.pid" ] && [ -n "${_RECON_PG_BINDIR:-}" ]; then
        RECON_PG_DIR=$dir _pg_as_server "$_RECON_PG_BINDIR/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 \
            || echo "pg_stop: pg_ctl stop failed (removing $dir anyway)" >&2
    fi
    rm -rf -- "$dir"
    unset RECON_PG_DIR RECON_PG_PORT RECON_PG_URL RECON_PG_PASSWORD_FILE RECON_PG_SUPERUSER_PASSWORD_FILE
    unset _RECON_PG_OWNED_DIR _RECON_PG_BINDIR
    return 0
}
