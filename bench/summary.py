"""One table of the key figures of every bench script.

Each `bench/bench_*.py`, given `--summary FILE`, appends its key figures to
FILE (JSON lines, see `benchlib.summarize`); `scripts/bench.sh` runs them all
and then this script, which prints the figures in one table:

    python bench/summary.py .run/bench_summary.jsonl
"""

import json
import sys

from benchlib import print_table  # bench/ is the script's folder


def load(path):
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def table_lines(rows):
    return [
        [
            row["bench"],
            row["measure"],
            f"{row['n']:,}",
            f"{row['queries']:,}",
            f"{row['ms']:,.1f}",
            f"{row['ms'] / row['n']:.3f}" if row["n"] else "",
            row["note"],
        ]
        for row in rows
    ]


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        sys.exit("usage: summary.py SUMMARY.jsonl")
    rows = load(argv[0])
    if not rows:
        sys.exit(f"{argv[0]} holds no figures: did the bench scripts run with --summary?")
    print_table(
        "summary of every bench script (ms: wall time of the step; notes: ratios and peers)",
        ["bench", "measure", "N", "queries", "ms", "ms/N", "note"],
        table_lines(rows),
        left=(0, 1, 6),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
