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

setup_all
write_bench_conf
ensure_current_db "$DB" "$BENCH_CONF" "$STAMP" "$FRESH" "bench database (no demo data)"

cd "$ROOT"
shopt -s nullglob
for script in bench/bench_*.py; do
    log "running $script"
    "$VENV/bin/python" "$script" --config "$BENCH_CONF" --db "$DB" "${BENCH_ARGS[@]}"
done
