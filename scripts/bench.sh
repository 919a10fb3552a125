#!/usr/bin/env bash
# Performance figures of the after-sales addons (no pass/fail on time).
#
# Builds what it needs (venv, PostgreSQL), keeps a database aftersales_bench
# with the three addons installed WITHOUT demo data, then runs every
# bench/bench_*.py in turn; each prints its own tables and rolls back.
#
#   bash scripts/bench.sh            # reuse the bench database when it is current
#   bash scripts/bench.sh --fresh    # drop and re-create it first
#   bash scripts/bench.sh -- ARGS    # ARGS go to every bench script (e.g. --max-n 1000)
source "$(dirname "$0")/common.sh"

DB="${AFTERSALES_BENCH_DB:-aftersales_bench}"
PORT="${AFTERSALES_BENCH_HTTP_PORT:-8369}"
BENCH_CONF="$RUN/bench.conf"
STAMP="$RUN/bench.stamp"

FRESH=0
BENCH_ARGS=()
while [ "$#" -gt 0 ]; do
    case "$1" in
        --fresh) FRESH=1 ;;
        --) shift; BENCH_ARGS=("$@"); break ;;
        *) die "unknown option $1 (use --fresh, or -- ARGS for the bench scripts)" ;;
    esac
    shift
done

# The shared odoo.conf is left alone: the bench has a file of its own, without demo data.
write_bench_conf() { write_odoo_conf "$PORT" "$BENCH_CONF" True; }

bench_odoo() { "$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$BENCH_CONF" "$@"; }

psql_db() { as_pg "$PGBIN/psql" -h "$PGRUN" -p "$PGPORT" -d "$1" -tAc "$2"; }

modules_installed() {
    psql_db postgres "SELECT 1 FROM pg_database WHERE datname='$DB'" | grep -q 1 || return 1
    local want; want="$(tr ',' '\n' <<< "$MODULES" | wc -l)"
    local names; names="'${MODULES//,/\',\'}'"
    [ "$(psql_db "$DB" "SELECT count(*) FROM ir_module_module
                          WHERE name IN ($names) AND state = 'installed'" 2>/dev/null)" = "$want" ]
}

# Fingerprint of the addons' code and data: a change means an update is due.
source_stamp() {
    (cd "$ROOT" && find aftersales_* -type f \( -name '*.py' -o -name '*.xml' -o -name '*.csv' \) \
        -not -path '*/tests/*' | LC_ALL=C sort | xargs sha1sum | sha1sum | cut -d' ' -f1)
}

ensure_bench_db() {
    local stamp; stamp="$(source_stamp)"
    if [ "$FRESH" -eq 0 ] && modules_installed; then
        if [ "$(cat "$STAMP" 2>/dev/null)" != "$stamp" ]; then
            log "updating $MODULES in the bench database $DB"
            bench_odoo -d "$DB" -u "$MODULES" --stop-after-init --log-level=warn
            echo "$stamp" > "$STAMP"
        fi
        return
    fi
    log "creating the bench database $DB ($MODULES, no demo data)"
    drop_db "$DB"
    bench_odoo -d "$DB" -i "$MODULES" --stop-after-init --log-level=warn
    echo "$stamp" > "$STAMP"
}

setup_all
write_bench_conf
ensure_bench_db

cd "$ROOT"
shopt -s nullglob
for script in bench/bench_*.py; do
    log "running $script"
    "$VENV/bin/python" "$script" --config "$BENCH_CONF" --db "$DB" "${BENCH_ARGS[@]}"
done
