# The two commands of the README. Both build what they need first and are
# idempotent. ODOO_SRC (default /opt/odoo19) points at the Odoo 19.0 tree.
.PHONY: demo test lint bench load i18n

demo:
	bash scripts/demo.sh

test:
	bash scripts/test.sh

bench:
	bash scripts/bench.sh

load:
	bash scripts/load.sh

i18n:
	bash scripts/i18n.sh
