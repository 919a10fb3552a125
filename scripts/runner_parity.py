"""The two test runners of scripts/test.sh, checked.

usage: runner_parity.py odoo-log ODOO_LOG ADDON[,ADDON...]
       runner_parity.py compare ODOO_LOG PYTEST_JUNIT_XML ADDON[,ADDON...]

`odoo-log` fails (exit 1) when the log of Odoo's own runner (`odoo-bin
--test-enable`) shows an ERROR or CRITICAL line, a failed, erroneous or
skipped test, no final summary, no test at all, or an addon none of whose
tests ran. `compare` fails when the two runners did not run the same tests
(module.Class.method) of each addon. Both print the counts per addon."""

import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter

# 2026-12-03 14:54:36,379 23176 INFO db odoo.addons.x.tests.test_y: Starting TestZ.test_w ...
LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) \S+ (?P<logger>[\w.]+): (?P<msg>.*)$"
)
STARTING = re.compile(r"^Starting (?P<test>[\w.]+) \.\.\.")
SKIPPED = re.compile(
    r"^skipped (?P<test>.+?) : (?P<reason>.*)"
)  # a test, or a class whose setUpClass skipped
SUMMARY = re.compile(
    r"^(?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) of (?P<run>\d+) tests when loading database"
)
TEST_LOGGER = re.compile(r"^odoo\.addons\.(?P<addon>\w+)\.tests\.(?P<module>\w+)$")


def read_odoo_log(path, addons):
    """(tests run by addon, problems) from the log of `odoo-bin --test-enable`."""
    ran, problems, summaries = set(), [], []
    with open(path, encoding="utf-8", errors="replace") as log:
        for raw in log:
            line = LINE.match(raw.rstrip("\n"))
            if not line:
                continue
            level, logger, msg = line["level"], line["logger"], line["msg"]
            if level in ("ERROR", "CRITICAL"):
                problems.append(raw.rstrip())
            where = TEST_LOGGER.match(logger)
            if (start := STARTING.match(msg)) and where and where["addon"] in addons:
                ran.add((where["addon"], f"{where['module']}.{start['test']}"))
            elif skip := SKIPPED.match(msg):
                problems.append(f"skipped: {skip['test']} ({skip['reason']})")
            elif summary := SUMMARY.match(msg):
                summaries.append(summary)
    if not summaries:
        problems.append("no test summary: Odoo's runner did not finish")
    for summary in summaries:
        if int(summary["failed"]) or int(summary["errors"]):
            problems.append(f"Odoo's runner: {summary.group(0)}")
        if not int(summary["run"]):
            problems.append("Odoo's runner ran no test")
    return ran, problems


def read_junit(path, addons):
    """Tests pytest ran in the addons' folders, as (addon, module.Class.method)."""
    ran = set()
    for case in ET.parse(path).iter("testcase"):
        parts = case.get("classname", "").split(".")
        if parts and parts[0] == "odoo":
            parts = parts[2:]  # odoo.addons.<addon>...
        if len(parts) == 4 and parts[0] in addons and parts[1] == "tests":
            ran.add((parts[0], f"{parts[2]}.{parts[3]}.{case.get('name')}"))
    return ran


def check_odoo_log(odoo_log, addons):
    addons = set(addons.split(","))
    ran, problems = read_odoo_log(odoo_log, addons)
    count = Counter(addon for addon, _ in ran)
    for addon in sorted(addons):
        print(f"{addon}: {count[addon]} tests run by Odoo's runner")
        if not count[addon]:
            problems.append(f"{addon}: Odoo's runner ran none of its tests")
    return problems


def compare(odoo_log, junit, addons):
    addons = set(addons.split(","))
    odoo_ran, _problems = read_odoo_log(odoo_log, addons)
    pytest_ran = read_junit(junit, addons)
    odoo_count, pytest_count = Counter(a for a, _ in odoo_ran), Counter(a for a, _ in pytest_ran)
    for addon in sorted(addons):
        print(
            f"{addon}: {odoo_count[addon]} tests under Odoo's runner, {pytest_count[addon]} under pytest-odoo"
        )
    return [
        f"{label}: {addon} {test}"
        for label, only in (
            ("Odoo's runner only", odoo_ran - pytest_ran),
            ("pytest-odoo only", pytest_ran - odoo_ran),
        )
        for addon, test in sorted(only)
    ]


if __name__ == "__main__":
    command = {"odoo-log": check_odoo_log, "compare": compare}[sys.argv[1]]
    found = command(*sys.argv[2:])
    for problem in found:
        print(problem)
    sys.exit(1 if found else 0)
