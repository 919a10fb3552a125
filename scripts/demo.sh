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
else
    log "creating the demo database $DB (Chinese, with demo data; about 2 minutes)"
    odoo_bin -d "$DB" -i "$MODULES" --with-demo --load-language=zh_CN \
        --stop-after-init --log-level=warn
    "$VENV/bin/python" "$ODOO_SRC/odoo-bin" shell -c "$ODOO_CONF" -d "$DB" --log-level=warn <<'PY'
env["res.users"].search([("login", "in", ("admin", "demo"))]).write({"lang": "zh_CN", "tz": "Asia/Shanghai"})
env.cr.commit()
PY
fi

cat >&2 <<MSG

  After-sales demo is starting.
    URL:      http://127.0.0.1:$PORT/odoo/action-aftersales_service.action_aftersales_request
    Login:    admin
    Password: admin
  (Ctrl-C stops it; run again to restart, data is kept.)

MSG
exec "$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$ODOO_CONF" -d "$DB" --db-filter="^$DB\$" --log-level=info
