#!/usr/bin/env bash
# Shared set-up for `make demo` and `make test`: checks the Odoo source tree,
# installs the system packages and the project virtualenv, and runs a
# project-local PostgreSQL cluster. Every step is idempotent.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ODOO_SRC="${ODOO_SRC:-/opt/odoo19}"
VENV="$ROOT/.venv"
PGDATA="$ROOT/.pgdata"
PGRUN="$ROOT/.pgrun"
# As root the cluster runs as the postgres user, who may not be able to enter
# the checkout (a clone in a private 0700 folder, say): then the cluster lives
# in a folder of its own, one per checkout.
if [ "$(id -u)" -eq 0 ] && id postgres >/dev/null 2>&1 \
    && ! runuser -u postgres -- test -x "$ROOT" 2>/dev/null; then
    PG_HOME="/var/lib/aftersales-pg/$(printf '%s' "$ROOT" | sha1sum | cut -c1-12)"
    PGDATA="$PG_HOME/data"
    PGRUN="$PG_HOME/run"
    mkdir -p "$PG_HOME"
fi
RUN="$ROOT/.run"
PGPORT="${AFTERSALES_PGPORT:-54329}"
PGUSER_APP=odoo
PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
ODOO_CONF="$RUN/odoo.conf"
PYTHON="${PYTHON:-python3.11}"

log() { printf '\033[1;34m[aftersales]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[aftersales] %s\033[0m\n' "$*" >&2; exit 1; }

check_odoo_src() {
    if [ ! -f "$ODOO_SRC/odoo-bin" ] || [ ! -d "$ODOO_SRC/addons" ] || [ ! -f "$ODOO_SRC/odoo/release.py" ]; then
        die "No Odoo 19.0 Community source tree at ODOO_SRC=$ODOO_SRC.
Provide one, then run this again:
  git clone --depth 1 --branch 19.0 https://github.com/odoo/odoo.git /opt/odoo19
or point ODOO_SRC at an existing tree:  ODOO_SRC=/path/to/odoo make test"
    fi
    if ! grep -q "^version_info = (19, 0" "$ODOO_SRC/odoo/release.py"; then
        die "$ODOO_SRC is not an Odoo 19.0 tree (odoo/release.py has another version)."
    fi
    if [ -d "$ODOO_SRC/odoo/enterprise" ] || [ -d "$ODOO_SRC/enterprise" ]; then
        log "warning: $ODOO_SRC holds an enterprise folder; it is not put on the addons path."
    fi
}

APT_PACKAGES=(postgresql-15 postgresql-contrib libpq-dev libldap2-dev libsasl2-dev
              chromium fonts-noto-cjk wkhtmltopdf)

ensure_system_packages() {
    local missing=()
    for p in "${APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if [ "${#missing[@]}" -gt 0 ]; then
        log "installing Debian packages: ${missing[*]}"
        local SUDO=""
        [ "$(id -u)" -ne 0 ] && SUDO="sudo"
        $SUDO apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
}

ensure_venv() {
    local stamp="$VENV/.aftersales-stamp"
    local want
    want="$(cat "$ODOO_SRC/requirements.txt" "$ROOT/requirements-dev.txt" | sha1sum | cut -d' ' -f1)"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        return
    fi
    log "building the virtualenv in $VENV"
    [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
    "$VENV/bin/pip" install -q --upgrade pip wheel "setuptools<81"
    # Some of Odoo's pinned sdists (cbor2 5.4) still import pkg_resources in
    # their build: keep the isolated build environments on setuptools < 81.
    local cons="$VENV/build-constraints.txt"
    echo "setuptools<81" > "$cons"
    export PIP_CONSTRAINT="$cons" PIP_BUILD_CONSTRAINT="$cons"
    "$VENV/bin/pip" install -q -r "$ODOO_SRC/requirements.txt"
    "$VENV/bin/pip" install -q -r "$ROOT/requirements-dev.txt"
    # Odoo as an installed distribution (editable, points at ODOO_SRC).
    env -u PIP_BUILD_CONSTRAINT "$VENV/bin/pip" install -q --no-deps --no-build-isolation -e "$ODOO_SRC"
    echo "$want" > "$stamp"
}

# PostgreSQL refuses to run as root: the cluster belongs to an unprivileged
# user (postgres when we are root, else ourselves).
pg_owner() { if [ "$(id -u)" -eq 0 ]; then echo postgres; else id -un; fi; }
as_pg() {
    local owner; owner="$(pg_owner)"
    if [ "$(id -un)" = "$owner" ]; then "$@"; else runuser -u "$owner" -- "$@"; fi
}

ensure_postgres() {
    mkdir -p "$PGRUN"
    local owner; owner="$(pg_owner)"
    [ -n "${PG_HOME:-}" ] && chown "$owner" "$PG_HOME"
    if [ ! -f "$PGDATA/PG_VERSION" ]; then
        log "creating the project PostgreSQL cluster in $PGDATA"
        mkdir -p "$PGDATA"
        chown "$owner" "$PGDATA" "$PGRUN"
        chmod 700 "$PGDATA"
        as_pg "$PGBIN/initdb" -D "$PGDATA" -U "$owner" --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
        cat >> "$PGDATA/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$PGRUN'
port = $PGPORT
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 512MB
max_locks_per_transaction = 256
CONF
    fi
    chown "$owner" "$PGRUN"
    if ! as_pg "$PGBIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
        log "starting PostgreSQL (socket $PGRUN, port $PGPORT)"
        as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 60 start >/dev/null
    fi
    if ! as_pg "$PGBIN/psql" -h "$PGRUN" -p "$PGPORT" -d postgres -tAc \
        "SELECT 1 FROM pg_roles WHERE rolname='$PGUSER_APP'" | grep -q 1; then
        as_pg "$PGBIN/psql" -h "$PGRUN" -p "$PGPORT" -d postgres -qc \
            "CREATE ROLE $PGUSER_APP LOGIN SUPERUSER"
    fi
}

# write_odoo_conf [HTTP_PORT] [FILE] [WITHOUT_DEMO] [EXTRA_ADDONS]: the Odoo
# configuration of this project (default file: the shared $ODOO_CONF, demo data
# allowed); EXTRA_ADDONS is appended to the addons path.
write_odoo_conf() {
    local http_port="${1:-8069}" conf="${2:-$ODOO_CONF}" without_demo="${3:-False}" extra="${4:-}"
    mkdir -p "$RUN/data"
    cat > "$conf" <<CONF
[options]
addons_path = $ODOO_SRC/addons,$ODOO_SRC/odoo/addons,$ROOT${extra:+,$extra}
data_dir = $RUN/data
db_host = $PGRUN
db_port = $PGPORT
db_user = $PGUSER_APP
admin_passwd = admin
http_interface = 127.0.0.1
http_port = $http_port
list_db = True
without_demo = $without_demo
CONF
}

odoo_bin() { "$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$ODOO_CONF" "$@"; }

drop_db() {
    as_pg "$PGBIN/dropdb" -h "$PGRUN" -p "$PGPORT" --if-exists --force "$1"
    rm -rf "$RUN/data/filestore/$1"
}

psql_db() { as_pg "$PGBIN/psql" -h "$PGRUN" -p "$PGPORT" -d "$1" -tAc "$2"; }

# modules_installed DB: the database exists with every addon of $MODULES installed.
modules_installed() {
    local db="$1"
    psql_db postgres "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1 || return 1
    local want; want="$(tr ',' '\n' <<< "$MODULES" | wc -l)"
    local names; names="'${MODULES//,/\',\'}'"
    [ "$(psql_db "$db" "SELECT count(*) FROM ir_module_module
                          WHERE name IN ($names) AND state = 'installed'" 2>/dev/null)" = "$want" ]
}

# Fingerprint of the addons' code and data: a change means an update is due.
source_stamp() {
    (cd "$ROOT" && find aftersales_* -type f \( -name '*.py' -o -name '*.xml' -o -name '*.csv' \) \
        -not -path '*/tests/*' | LC_ALL=C sort | xargs sha1sum | sha1sum | cut -d' ' -f1)
}

# ensure_current_db DB CONF STAMP_FILE FRESH LABEL: keep a database with
# $MODULES installed and current. It is reused while the code is unchanged,
# updated (-u) when the code changed, and created anew when missing or when
# FRESH is 1. LABEL names it in the messages.
ensure_current_db() {
    local db="$1" conf="$2" stamp_file="$3" fresh="$4" label="$5"
    local stamp; stamp="$(source_stamp)"
    local odoo=("$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$conf")
    if [ "$fresh" -eq 0 ] && modules_installed "$db"; then
        if [ "$(cat "$stamp_file" 2>/dev/null)" != "$stamp" ]; then
            log "updating $MODULES in the $label $db"
            "${odoo[@]}" -d "$db" -u "$MODULES" --stop-after-init --log-level=warn
            echo "$stamp" > "$stamp_file"
        fi
        return
    fi
    log "creating the $label $db ($MODULES)"
    drop_db "$db"
    "${odoo[@]}" -d "$db" -i "$MODULES" --stop-after-init --log-level=warn
    echo "$stamp" > "$stamp_file"
}

# create_demo_db DB [LOGFILE]: a new database DB with the addons and their
# demo data, for a Chinese company: made as Odoo's database manager makes it
# for China (main company in China, CNY, zh_CN), with China's chart of
# accounts, China time, and none of Odoo's online services (see
# scripts/demo_db.py). Odoo's output goes to LOGFILE when given.
create_demo_db() {
    local db="$1" logfile="${2:-/dev/null}" steplog="${2:-/dev/stderr}"
    local log=(--log-level=warn)
    [ "$logfile" != /dev/null ] && log=(--log-level=info "--logfile=$logfile")
    create_demo_db_base "$db" "$logfile" || return 1
    "$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$ODOO_CONF" -d "$db" -i "$MODULES" \
        --stop-after-init "${log[@]}" || return 1
    "$VENV/bin/python" "$ROOT/scripts/demo_db.py" "$ODOO_CONF" "$db" offline >>"$steplog" 2>&1 || return 1
}

# create_demo_db_base DB [LOGFILE]: the Chinese company's database before the
# addons come: Odoo's own, then account on China's chart. `make test`
# installs the addons on it with their tests (Odoo's runner), then runs the
# `offline` step.
create_demo_db_base() {
    local db="$1" logfile="${2:-/dev/null}" steplog="${2:-/dev/stderr}"
    local odoo=("$VENV/bin/python" "$ODOO_SRC/odoo-bin")
    local log=(--log-level=warn)
    [ "$logfile" != /dev/null ] && log=(--log-level=info "--logfile=$logfile")
    drop_db "$db"
    "${odoo[@]}" db -c "$ODOO_CONF" init "$db" --with-demo --language zh_CN --country cn \
        >>"$logfile" 2>&1 || return 1
    # account; Odoo adds l10n_cn, the chart of a company in China.
    "${odoo[@]}" -c "$ODOO_CONF" -d "$db" -i account --stop-after-init "${log[@]}" || return 1
    "$VENV/bin/python" "$ROOT/scripts/demo_db.py" "$ODOO_CONF" "$db" books >>"$steplog" 2>&1 || return 1
}

setup_all() {
    check_odoo_src
    ensure_system_packages
    ensure_venv
    ensure_postgres
}

MODULES=aftersales_service,aftersales_parts,aftersales_warranty,aftersales_workshop
