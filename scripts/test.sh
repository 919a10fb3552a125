#!/usr/bin/env bash
# Builds everything, lints, then runs the tests with both runners:
#  1. Odoo's own runner, the way Odoo and OCA CI run addon tests: a fresh
#     database, `odoo-bin -i <the three addons> --with-demo --test-enable`,
#     which runs each addon's at_install tests right after it is installed and
#     the post_install tests once all three are, browser tours included;
#  2. pytest-odoo on that same database: the addons' test folders again, and
#     the top-level tests/ folder, which is pytest-only (cross-module
#     scenarios, upgrade and uninstall, killed workers; Odoo's runner only
#     collects tests inside an addon).
# The database is reused because every test leaves it as it found it: test
# cursors roll back, and the tests that commit in transactions of their own
# (CommittedWork) delete or archive what they made.
# Fails on a lint finding, on an ERROR in Odoo's log, on a failed or skipped
# test, on no test at all, when a runner hangs (each runs under `timeout`;
# Python dumps the threads' stacks into its log first), and when the two
# runners did not run the same tests of each addon.
source "$(dirname "$0")/common.sh"

DB="${AFTERSALES_TEST_DB:-aftersales_test}"
PORT="${AFTERSALES_TEST_HTTP_PORT:-8169}"
export ODOO_BROWSER_BIN="${ODOO_BROWSER_BIN:-/usr/bin/chromium}"

setup_all
write_odoo_conf "$PORT"
mkdir -p "$RUN"
cd "$ROOT"

phase_start() { PHASE_T0=$SECONDS; }
phase_end() { log "$1 took $(( (SECONDS - PHASE_T0) / 60 )) min $(( (SECONDS - PHASE_T0) % 60 )) s"; }

phase_start
bash "$ROOT/scripts/lint.sh"  # the same lint as `make lint`
phase_end "lint"

# Odoo's runner selects the tests of these addons only (not those of the
# Odoo modules installed with them).
TEST_TAGS="/${MODULES//,/,/}"
ODOO_TIMEOUT="${AFTERSALES_ODOO_TEST_TIMEOUT:-1800}"
PYTEST_TIMEOUT="${AFTERSALES_PYTEST_TIMEOUT:-1800}"

log "Odoo's runner: installing $MODULES into a fresh database $DB and running their tests"
drop_db "$DB"
# A copy for tests/test_module_lifecycle.py (upgrade, then uninstall): one run's.
LIFECYCLE_DB="${DB}_lifecycle"
drop_db "$LIFECYCLE_DB"
BASE_LOG="$RUN/install-base.log"
rm -f "$BASE_LOG"  # Odoo appends to --logfile: an old run's errors must not count
# The demo database of make demo: a Chinese company in CNY on China's chart;
# the addons are installed on it by Odoo's runner, with their tests.
phase_start
create_demo_db_base "$DB" "$BASE_LOG" || { tail -50 "$BASE_LOG"; die "the base database failed"; }
if grep -E " (ERROR|CRITICAL) " "$BASE_LOG"; then
    die "the base install log shows errors (see $BASE_LOG)"
fi
phase_end "Chinese base database"
ODOO_LOG="$RUN/odoo-tests.log"
phase_start
set +e
PYTHONFAULTHANDLER=1 timeout --signal=ABRT --kill-after=60 "$ODOO_TIMEOUT" \
    "$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$ODOO_CONF" -d "$DB" -i "$MODULES" --with-demo \
    --test-enable --test-tags "$TEST_TAGS" --stop-after-init --log-level=info >"$ODOO_LOG" 2>&1
rc=$?
set -e
phase_end "Odoo's runner (install and tests)"
if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
    tail -80 "$ODOO_LOG"
    die "Odoo's runner did not finish within $ODOO_TIMEOUT s (stacks at the end of $ODOO_LOG)"
fi
"$VENV/bin/python" "$ROOT/scripts/runner_parity.py" odoo-log "$ODOO_LOG" "$MODULES" \
    || die "Odoo's runner: errors, failed or skipped tests (see $ODOO_LOG)"
[ "$rc" -eq 0 ] || { tail -50 "$ODOO_LOG"; die "Odoo's runner failed (exit $rc, see $ODOO_LOG)"; }
grep -E "[0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests when loading database" "$ODOO_LOG" | sed 's/^/    /' >&2

# The last step of the demo database: Odoo's online services switched off.
"$VENV/bin/python" "$ROOT/scripts/demo_db.py" "$ODOO_CONF" "$DB" offline \
    || die "the offline step of the demo database failed"

# Copied now, while nothing is connected to $DB.
as_pg "$PGBIN/createdb" -h "$PGRUN" -p "$PGPORT" -O "$PGUSER_APP" -T "$DB" "$LIFECYCLE_DB"
if [ -d "$RUN/data/filestore/$DB" ]; then
    cp -a "$RUN/data/filestore/$DB" "$RUN/data/filestore/$LIFECYCLE_DB"
fi
export AFTERSALES_LIFECYCLE_DB="$LIFECYCLE_DB"

log "pytest-odoo: the addons' tests, then the suite's own tests/ (pytest only)"
PYTEST_LOG="$RUN/pytest.log"
PYTEST_XML="$RUN/pytest.xml"
rm -f "$PYTEST_XML"
phase_start
set +e
timeout --signal=ABRT --kill-after=60 "$PYTEST_TIMEOUT" \
    "$VENV/bin/pytest" --odoo-database="$DB" --odoo-config="$ODOO_CONF" --odoo-http \
    -p no:cacheprovider -rsfE --junitxml="$PYTEST_XML" "$@" $(ls -d aftersales_*/tests) tests 2>&1 | tee "$PYTEST_LOG"
rc=${PIPESTATUS[0]}
set -e
phase_end "pytest-odoo"
[ "$rc" -eq 124 ] || [ "$rc" -eq 137 ] && die "pytest did not finish within $PYTEST_TIMEOUT s (stacks in $PYTEST_LOG)"
[ "$rc" -eq 5 ] && die "no test ran"
[ "$rc" -ne 0 ] && die "tests failed (pytest exit $rc)"
if grep -qE "^SKIPPED|[0-9]+ skipped" "$PYTEST_LOG"; then
    die "some tests were skipped (a browser tour without Chromium counts as a failure)"
fi
if [ "$#" -eq 0 ]; then
    log "both runners ran the same tests of each addon?"
    "$VENV/bin/python" "$ROOT/scripts/runner_parity.py" compare "$ODOO_LOG" "$PYTEST_XML" "$MODULES" \
        || die "the two runners did not run the same tests"
fi
log "all tests passed under both runners"
