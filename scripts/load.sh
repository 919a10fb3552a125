#!/usr/bin/env bash
# Load test of the after-sales addons over HTTP (issue 7, "Load").
#
# Builds what it needs (venv, PostgreSQL), keeps a database aftersales_load
# with the three addons installed WITH demo data, gives the demo users fresh
# API keys (valid one day) and tops up the spare-part stock of the depots,
# starts a real Odoo server on 127.0.0.1 with 2 workers, waits for
# /web/health, runs bench/load_rpc.py against it (JSON-2 API) and always
# stops the server at the end.
#
#   bash scripts/load.sh                     # 30 clients, 60 s, at most 20,000 requests
#   bash scripts/load.sh --fresh             # drop and re-create the load database first
#   bash scripts/load.sh -- --clients 5 --duration 15    # ARGS go to bench/load_rpc.py
source "$(dirname "$0")/common.sh"

DB="${AFTERSALES_LOAD_DB:-aftersales_load}"
PORT="${AFTERSALES_LOAD_HTTP_PORT:-8469}"
GEVENT_PORT="$((PORT + 1))"
LOAD_CONF="$RUN/load.conf"
STAMP="$RUN/load.stamp"
KEYS="$RUN/load_keys.json"
SERVER_LOG="$RUN/load_server.log"

FRESH=0
LOAD_ARGS=()
while [ "$#" -gt 0 ]; do
    case "$1" in
        --fresh) FRESH=1 ;;
        --) shift; LOAD_ARGS=("$@"); break ;;
        *) die "unknown option $1 (use --fresh, or -- ARGS for bench/load_rpc.py)" ;;
    esac
    shift
done

# The shared odoo.conf is left alone: the load test has a file of its own, with demo data.
write_load_conf() { write_odoo_conf "$PORT" "$LOAD_CONF" False; }

# Fresh API keys for the demo users (the previous run's are removed), enough
# stock of every spare part in every depot for the parts issues, and the
# previous runs' requests cancelled: their bookings would fill the
# technicians' dispatch horizon and leave nothing to dispatch.
prepare_db() {
    log "preparing $DB: API keys for the demo users, spare-part stock"
    rm -f "$KEYS"
    (umask 077; LOAD_KEYS="$KEYS" "$VENV/bin/python" "$ODOO_SRC/odoo-bin" shell -c "$LOAD_CONF" \
        -d "$DB" --no-http --log-level=warn >/dev/null) <<'PY'
import json
import os
from datetime import timedelta

from odoo import fields

LOGINS = ["agent1", "agent2", "dispatcher", "supervisor", "keeper",
          "tech_zhang", "tech_li", "tech_wang", "tech_liu", "tech_chen", "tech_huang"]
NAME = "aftersales load test"
env["res.users.apikeys"].sudo().search([("name", "=", NAME)]).unlink()
expires = fields.Datetime.now() + timedelta(days=1)
keys = {}
for user in env["res.users"].search([("login", "in", LOGINS)]):
    keys[user.login] = {
        "uid": user.id,
        "key": env["res.users.apikeys"].with_user(user).sudo()._generate(None, NAME, expires),
    }
env["aftersales.request"].sudo().search([
    ("fault_description", "=like", "Load test:%"),
    ("state", "not in", ("done", "closed", "cancelled", "rejected")),
]).write({"state": "cancelled", "cancel_reason": "load test reset"})
Quant = env["stock.quant"].sudo()
parts = env["product.product"].search([("aftersales_is_spare_part", "=", True), ("is_storable", "=", True)])
depots = env["stock.warehouse"].search([("aftersales_is_depot", "=", True)])
for depot in depots:
    for part in parts:
        have = Quant._get_available_quantity(part, depot.lot_stock_id)
        if have < 1000:
            Quant._update_available_quantity(part, depot.lot_stock_id, 1000 - have)
env.cr.commit()
with open(os.environ["LOAD_KEYS"], "w") as out:
    json.dump(keys, out)
PY
    [ -s "$KEYS" ] || die "could not create the API keys of the demo users ($KEYS is missing)"
}

SERVER_PID=""
stop_server() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        log "stopping the Odoo server (pid $SERVER_PID)"
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 1 30); do
            kill -0 "$SERVER_PID" 2>/dev/null || break
            sleep 0.5
        done
        kill -0 "$SERVER_PID" 2>/dev/null && kill -KILL "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}

start_server() {
    if curl -s -o /dev/null "http://127.0.0.1:$PORT/web/health" 2>/dev/null; then
        die "port $PORT already answers: another server is running there (set AFTERSALES_LOAD_HTTP_PORT)"
    fi
    log "starting Odoo on 127.0.0.1:$PORT (2 workers, log in $SERVER_LOG)"
    # Called directly (not through a shell function) so that $! is Odoo's own pid.
    "$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$LOAD_CONF" -d "$DB" --db-filter="^${DB}\$" \
        --workers=2 --max-cron-threads=0 --http-interface=127.0.0.1 --http-port="$PORT" \
        --gevent-port="$GEVENT_PORT" --limit-time-real=120 \
        --log-level=warn --logfile="$SERVER_LOG" >/dev/null 2>&1 &
    SERVER_PID=$!
    trap stop_server EXIT
    trap 'exit 130' INT TERM
    for _ in $(seq 1 120); do
        kill -0 "$SERVER_PID" 2>/dev/null || die "the Odoo server stopped at start-up; see $SERVER_LOG"
        if curl -sf -o /dev/null "http://127.0.0.1:$PORT/web/health"; then
            return
        fi
        sleep 0.5
    done
    die "the Odoo server did not answer /web/health within 60 s; see $SERVER_LOG"
}

setup_all
write_load_conf
ensure_current_db "$DB" "$LOAD_CONF" "$STAMP" "$FRESH" "load database (with demo data)"
prepare_db
start_server

cd "$ROOT"
log "running bench/load_rpc.py"
"$VENV/bin/python" bench/load_rpc.py --port "$PORT" --db "$DB" --keys "$KEYS" "${LOAD_ARGS[@]}"
