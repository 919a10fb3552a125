"""What every bench script shares: the command line, a rolled-back run and
aligned tables.

`run_bench(doc, default_max_n, run)` parses `--config`, `--db`, `--max-n`
and `--no-explain`, opens the registry, calls `run(env, max_n, explain)` as
the superuser and rolls everything back, so a bench leaves no data."""

import argparse

import odoo
from odoo.modules.registry import Registry
from odoo.tools import config


def run_bench(doc, default_max_n, run, argv=None):
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--config", required=True, help="Odoo configuration file")
    parser.add_argument("--db", required=True, help="database with the addons installed")
    parser.add_argument("--max-n", type=int, default=default_max_n, help="largest batch size")
    parser.add_argument(
        "--no-explain", action="store_true", help="skip the statements whose count changes with N"
    )
    args = parser.parse_args(argv)

    config.parse_config(["-c", args.config, "--log-level=warn"], setup_logging=True)
    registry = Registry(args.db)
    with registry.cursor() as cr:
        try:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            print(f"database {args.db}, Odoo {odoo.release.version}, user {env.user.login}")
            run(env, args.max_n, not args.no_explain)
        finally:
            cr.rollback()
    return 0


def print_table(title, header, lines):
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(header)]

    def fmt(cells):
        return "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    print(f"\n== {title}")
    print(fmt(header))
    print(fmt(["-" * w for w in widths]))
    for line in lines:
        print(fmt(line))
