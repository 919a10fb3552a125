#!/usr/bin/env bash
# Performance figures of the after-sales addons (no pass/fail on time).
#
# Builds what it needs (venv, PostgreSQL), installs the OCA peers
# (helpdesk_mgmt, fieldservice, rma, 19.0 from PyPI) into .run/peers, keeps a
# database aftersales_bench with the three addons AND the peers installed
# WITHOUT demo data, then runs every bench/bench_*.py in turn; each prints its
# own tables and rolls back. The key figures of every script end up in one
# summary table (bench/summary.py).
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

# The OCA addons the suite is measured against (bench/bench_peers.py), pinned.
PEERS_DIR="$RUN/peers"
PEER_WHEELS=(odoo-addon-helpdesk_mgmt==19.0.1.3.2 odoo-addon-fieldservice==19.0.1.2.3.6
             odoo-addon-base_territory==19.0.1.0.0.8 odoo-addon-rma==19.0.1.0.4.2)
PEER_MODULES=helpdesk_mgmt,fieldservice,rma

# pip --target keeps them out of the project virtualenv (no dependency on the
# `odoo` distribution is resolved: the source tree is ODOO_SRC).
ensure_peer_addons() {
    local stamp="$PEERS_DIR/.stamp" want="${PEER_WHEELS[*]}"
    [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && return
    log "installing the OCA peers into $PEERS_DIR: ${PEER_WHEELS[*]}"
    rm -rf "$PEERS_DIR"
    "$VENV/bin/pip" install -q --no-deps --target "$PEERS_DIR" "${PEER_WHEELS[@]}"
    echo "$want" > "$stamp"
}

# The shared odoo.conf is left alone: the bench has a file of its own, without demo data.
write_bench_conf() { write_odoo_conf "$PORT" "$BENCH_CONF" True "$PEERS_DIR/odoo/addons"; }

setup_all
ensure_peer_addons
write_bench_conf
MODULES="$MODULES,$PEER_MODULES"  # the bench database holds the suite and its peers
ensure_current_db "$DB" "$BENCH_CONF" "$STAMP" "$FRESH" "bench database (no demo data)"

cd "$ROOT"
SUMMARY="$RUN/bench_summary.jsonl"
rm -f "$SUMMARY"
shopt -s nullglob
for script in bench/bench_*.py; do
    log "running $script"
    "$VENV/bin/python" "$script" --config "$BENCH_CONF" --db "$DB" --summary "$SUMMARY" "${BENCH_ARGS[@]}"
done
"$VENV/bin/python" bench/summary.py "$SUMMARY"
