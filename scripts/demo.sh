#!/usr/bin/env bash
# Builds everything and serves the three addons with their demo data.
source "$(dirname "$0")/common.sh"

DB="${AFTERSALES_DEMO_DB:-aftersales_demo}"
PORT="${AFTERSALES_HTTP_PORT:-8069}"

setup_all
write_odoo_conf "$PORT"

db_exists() {
    as_pg "$PGBIN/psql" -h "$PGRUN" -p "$PGPORT" -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname='$1'" | grep -q 1
}

if db_exists "$DB"; then
    log "updating the addons in the existing demo database $DB"
    odoo_bin -d "$DB" -u "$MODULES" --stop-after-init --log-level=warn
    if [ "$(psql_db "$DB" "SELECT c.name FROM res_company r JOIN res_currency c ON c.id = r.currency_id
                             WHERE r.id = 1")" != "CNY" ]; then
        log "note: $DB was made before the demo kept its books in CNY on China's chart of accounts;
  drop it (or set AFTERSALES_DEMO_DB=another_name) and run make demo again for the new one."
    fi
else
    log "creating the demo database $DB (a Chinese company in CNY, with demo data; about 5 minutes)"
    create_demo_db "$DB"
fi

cat >&2 <<MSG

  After-sales demo is starting.
    URL:      http://127.0.0.1:$PORT/odoo/action-aftersales_service.action_aftersales_request
    Login:    admin
    Password: admin
  (Ctrl-C stops it; run again to restart, data is kept.)

MSG
exec "$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$ODOO_CONF" -d "$DB" --db-filter="^$DB\$" --log-level=info
