#!/usr/bin/env bash
# Regenerates each addon's template (i18n/<addon>.pot) from the installed
# addons, as Odoo's `i18n export` does, and merges it into i18n/zh_CN.po:
# new strings come in untranslated, strings gone from the code are dropped,
# translations kept. Then lists what still needs a Chinese translation.
# The i18n tests of each addon fail until that list is empty.
source "$(dirname "$0")/common.sh"

DB="${AFTERSALES_I18N_DB:-aftersales_i18n}"
setup_all
write_odoo_conf 8069
cd "$ROOT"
# The Chinese demo database, like the test database: demo records have terms too.
if [ "$(cat "$RUN/i18n.stamp" 2>/dev/null)" != "$(source_stamp)" ] || ! modules_installed "$DB"; then
    log "creating the demo database $DB for the export"
    create_demo_db "$DB" || die "the database $DB could not be created"
    source_stamp > "$RUN/i18n.stamp"
fi
for module in ${MODULES//,/ }; do
    log "exporting the template of $module"
    "$VENV/bin/python" "$ODOO_SRC/odoo-bin" i18n export -c "$ODOO_CONF" -d "$DB" "$module" \
        2>&1 | grep -v "addons path is not a directory" || true
done
"$VENV/bin/python" - ${MODULES//,/ } <<'PY'
import sys
from pathlib import Path

import polib

for module in sys.argv[1:]:
    i18n = Path(module) / "i18n"
    template = polib.pofile(str(i18n / f"{module}.pot"))
    catalogue = polib.pofile(str(i18n / "zh_CN.po"))
    catalogue.merge(template)
    for entry in catalogue.obsolete_entries():
        catalogue.remove(entry)
    catalogue.metadata.update({"Language": "zh_CN", "Content-Type": "text/plain; charset=UTF-8"})
    catalogue.save()
    missing = [entry.msgid for entry in catalogue if not entry.msgstr]
    print(f"{module}: {len(catalogue)} entries, {len(missing)} untranslated")
    for msgid in missing:
        print(f"  - {msgid!r}")
PY
