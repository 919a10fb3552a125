"""What every bench script shares: the command line, a rolled-back run and
aligned tables.

`run_bench(doc, default_max_n, run)` parses `--config`, `--db`, `--max-n`,
`--no-explain` and `--summary`, opens the registry, calls
`run(env, max_n, explain)` as the superuser and rolls everything back, so a
bench leaves no data.

`summarize(...)` keeps a script's key figures; with `--summary FILE` they
are appended to FILE (one JSON object a line) for `bench/summary.py`, which
prints every script's figures in one table."""

import argparse
import json
import os
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass

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
    parser.add_argument("--summary", help="append the key figures to this JSON-lines file")
    args = parser.parse_args(argv)
    SUMMARY.clear()

    config.parse_config(["-c", args.config, "--log-level=warn"], setup_logging=True)
    registry = Registry(args.db)
    with registry.cursor() as cr:
        try:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            print(f"database {args.db}, Odoo {odoo.release.version}, user {env.user.login}")
            run(env, args.max_n, not args.no_explain)
        finally:
            cr.rollback()
    if args.summary:
        with open(args.summary, "a", encoding="utf-8") as out:
            for row in SUMMARY:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 0


# ---------------------------------------------------------------- measuring
@dataclass
class Counted:
    queries: int = 0
    ms: float = 0.0


@contextmanager
def counted(env):
    """Queries and wall time of the block, from empty ORM caches, pending
    writes flushed at the end."""
    result = Counted()
    env.invalidate_all()
    before, start = env.cr.sql_log_count, time.perf_counter()
    yield result
    env.flush_all()
    result.queries = env.cr.sql_log_count - before
    result.ms = (time.perf_counter() - start) * 1000


# ---------------------------------------------------------------- summary
SUMMARY = []


def summarize(measure, n, queries, ms, note="", bench=None):
    """Keeps one key figure of this script for the one-table summary."""
    bench = bench or os.path.splitext(os.path.basename(sys.argv[0]))[0]
    SUMMARY.append(
        {
            "bench": bench.removeprefix("bench_"),
            "measure": measure,
            "n": n,
            "queries": queries,
            "ms": round(ms, 1),
            "note": note,
        }
    )


def print_table(title, header, lines, left=(0,)):
    """Aligned columns: the ones at the indexes `left` to the left, the others
    (figures) to the right."""
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(header)]

    def fmt(cells):
        return "  ".join(
            c.ljust(w) if i in left else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    print(f"\n== {title}")
    print(fmt(header))
    print(fmt(["-" * w for w in widths]))
    for line in lines:
        print(fmt(line))
