# The two commands of the README (demo, test), and lint, bench, load and i18n.
# Each builds what it needs first and is idempotent. ODOO_SRC (default
# /opt/odoo19) points at the Odoo 19.0 tree.
.PHONY: demo test lint bench load i18n

demo:
	bash scripts/demo.sh

test:
	bash scripts/test.sh

lint:
	bash scripts/lint.sh

bench:
	bash scripts/bench.sh

load:
	bash scripts/load.sh

i18n:
	bash scripts/i18n.sh
