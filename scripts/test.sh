#!/usr/bin/env bash
# Builds everything, lints, installs the addons into a fresh test database and
# runs the whole test suite with pytest-odoo. Fails on a failed or skipped
# test, on no test at all, on lint findings and on an ERROR in the install log.
source "$(dirname "$0")/common.sh"

DB="${AFTERSALES_TEST_DB:-aftersales_test}"
PORT="${AFTERSALES_TEST_HTTP_PORT:-8169}"
export ODOO_BROWSER_BIN="${ODOO_BROWSER_BIN:-/usr/bin/chromium}"

setup_all
write_odoo_conf "$PORT"
mkdir -p "$RUN"
cd "$ROOT"

bash "$ROOT/scripts/lint.sh"  # the same lint as `make lint`

log "installing $MODULES into a fresh database $DB"
drop_db "$DB"
# A copy for tests/test_module_lifecycle.py (upgrade, then uninstall): one run's.
LIFECYCLE_DB="${DB}_lifecycle"
drop_db "$LIFECYCLE_DB"
INSTALL_LOG="$RUN/install.log"
rm -f "$INSTALL_LOG"  # Odoo appends to --logfile: an old run's errors must not count
# The demo database of make demo: a Chinese company in CNY on China's chart.
create_demo_db "$DB" "$INSTALL_LOG" || { tail -50 "$INSTALL_LOG"; die "module install failed"; }
if grep -E " (ERROR|CRITICAL) " "$INSTALL_LOG"; then
    die "the install log shows errors (see $INSTALL_LOG)"
fi
# Copied now, while nothing is connected to $DB.
as_pg "$PGBIN/createdb" -h "$PGRUN" -p "$PGPORT" -O "$PGUSER_APP" -T "$DB" "$LIFECYCLE_DB"
if [ -d "$RUN/data/filestore/$DB" ]; then
    cp -a "$RUN/data/filestore/$DB" "$RUN/data/filestore/$LIFECYCLE_DB"
fi
export AFTERSALES_LIFECYCLE_DB="$LIFECYCLE_DB"

log "running the tests"
PYTEST_LOG="$RUN/pytest.log"
set +e
"$VENV/bin/pytest" --odoo-database="$DB" --odoo-config="$ODOO_CONF" --odoo-http \
    -p no:cacheprovider -rsfE "$@" $(ls -d aftersales_*/tests) tests 2>&1 | tee "$PYTEST_LOG"
rc=${PIPESTATUS[0]}
set -e
[ "$rc" -eq 5 ] && die "no test ran"
[ "$rc" -ne 0 ] && die "tests failed (pytest exit $rc)"
if grep -qE "^SKIPPED|[0-9]+ skipped" "$PYTEST_LOG"; then
    die "some tests were skipped (a browser tour without Chromium counts as a failure)"
fi
log "all tests passed"
