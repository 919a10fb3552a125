#!/usr/bin/env bash
# The project's lint, one implementation for `make lint` and `make test`:
#   1. ruff check            (rules in ruff.toml)
#   2. ruff format --check   (the formatter of ruff.toml; run `ruff format` to fix)
#   3. pylint-odoo           (the OCA mandatory checks of .pylintrc)
#   4. the documentation check (scripts/check_docs.py: every relative link of
#      the README, the addons' readme/ and docs/ points to a file inside the
#      repository, and the README's layout names every engine module)
# Every step runs even when an earlier one fails, so one run lists every
# finding; the script fails if any step failed. It needs the virtualenv only
# (built on first use), no database.
source "$(dirname "$0")/common.sh"

check_odoo_src
ensure_venv
cd "$ROOT"

failed=()
step() {
    local name="$1"; shift
    log "lint: $name"
    "$@" || failed+=("$name")
}

step "ruff check" "$VENV/bin/ruff" check .
# One line per file (the diffs would flood the log): `ruff format FILE` fixes it.
step "ruff format --check" "$VENV/bin/ruff" format --check --output-format concise .
step "pylint-odoo" "$VENV/bin/pylint" --rcfile="$ROOT/.pylintrc" \
    aftersales_service aftersales_parts aftersales_warranty aftersales_workshop
step "documentation links" "$VENV/bin/python" scripts/check_docs.py

if [ "${#failed[@]}" -gt 0 ]; then
    die "lint failed: $(IFS=,; echo "${failed[*]}" | sed 's/,/, /g')"
fi
log "lint: all clean"
