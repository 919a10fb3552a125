"""Module upgrade (-u) and uninstall keep or clean data as they should.

scripts/test.sh copies the freshly installed test database (with demo data)
to the database named by $AFTERSALES_LIFECYCLE_DB before pytest starts. The
tests here run Odoo in subprocesses on that copy (`odoo-bin -u`, and
`odoo-bin shell` fed tests/_lifecycle_probe.py), never on the test database,
and run in this order on the same copy:

1. the admin's and the users' work, then `-u aftersales_service` (which
   upgrades the three addons that depend on it): nothing lost, nothing doubled,
   no edit of shipped data undone, no sequence reset;
2. uninstall aftersales_workshop: its jobs gone, the service requests kept;
3. uninstall aftersales_warranty: everything of its own gone, the data of the
   addons still installed and of stock and accounting untouched;
4. uninstall aftersales_parts, then aftersales_service: nothing of the suite
   left, the records of the other apps kept.

What uninstalling keeps, by decision:

- Stock locations the addons create at run time (a depot's Old Parts and
  Parts Out on Jobs, the technicians' vans, the warranty Quarantine) are
  stock data with quants and moves: they stay, active, with their stock. Once
  the addon is gone they are ordinary locations of their warehouse, which a
  stock user can empty and archive (Odoo refuses to archive a location that
  still holds stock, and moving stock is not an uninstaller's business).
- The business records the demo data created in other apps' models
  (customers, products, serial numbers, stock quants, the demo depots, ...)
  stay too: each addon's uninstall hook drops their external ids first
  (aftersales_service/hooks.py). Without it Odoo deletes what it can of them,
  and deleting the demo quants left the stock moves of their inventory
  adjustment without the stock they brought in. The demo users and employees
  (logins with known passwords) go with the addon, as Odoo does it, when
  nothing refers to them.
- The products an addon ships as its own data (labour, depreciation, claim
  lines, discount) are its configuration: Odoo deletes them when nothing uses
  them and keeps them, with their external id, when an invoice or a stock
  move does. No other record of another app may disappear.
- Odoo also tries to delete the addon's demo records of its own models one
  by one before dropping their tables; the refused DELETEs are logged as
  ERROR by odoo.sql_db ("bad query") and are the only ERROR lines allowed in
  an uninstall log.
"""

import json
import os
import re
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import psycopg2
import pytest

import odoo
from odoo.sql_db import connection_info_for
from odoo.tools import config

PROBE = Path(__file__).with_name("_lifecycle_probe.py")
DB_VARIABLE = "AFTERSALES_LIFECYCLE_DB"
SUITE = ("aftersales_service", "aftersales_parts", "aftersales_warranty", "aftersales_workshop")
LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d [\d:,]+ \d+ (\w+) \S+ (\S+): (.*)$")
# Configuration an addon must take with it when it ships some (checked non-empty).
MUST_OWN = {
    "aftersales_workshop": (
        "ir.model.access",
        "ir.rule",
        "ir.ui.menu",
        "ir.ui.view",
        "ir.actions.act_window",
        "ir.sequence",
        "res.groups",
    ),
    "aftersales_warranty": (
        "ir.model.access",
        "ir.rule",
        "ir.ui.menu",
        "ir.ui.view",
        "ir.actions.act_window",
        "ir.actions.report",
        "ir.sequence",
    ),
    "aftersales_parts": (
        "ir.model.access",
        "ir.rule",
        "ir.ui.menu",
        "ir.ui.view",
        "ir.actions.act_window",
        "ir.sequence",
        "res.groups",
    ),
    "aftersales_service": (
        "ir.model.access",
        "ir.rule",
        "ir.ui.menu",
        "ir.ui.view",
        "ir.actions.act_window",
        "ir.cron",
        "base.automation",
        "mail.template",
        "mail.activity.type",
        "ir.sequence",
        "res.groups",
        "res.groups.privilege",
        "mail.message",
    ),
}


class Lifecycle:
    """Runs Odoo on the copy database in subprocesses."""

    def __init__(self, db, tmp_dir):
        self.db = db
        self.tmp_dir = tmp_dir
        self.conf = config["config"]
        odoo_src = os.environ.get("ODOO_SRC") or str(Path(odoo.release.__file__).resolve().parents[1])
        self.odoo_bin = str(Path(odoo_src) / "odoo-bin")
        self.runs = 0

    def odoo(self, *args, command=(), stdin=None, label="odoo"):
        """Runs odoo-bin (`command`: ("shell",) for the shell); returns (exit
        code, stdout, log lines)."""
        self.runs += 1
        logfile = self.tmp_dir / f"{self.runs:02d}-{label}.log"
        cmd = [
            sys.executable,
            self.odoo_bin,
            *command,
            "-c",
            self.conf,
            "-d",
            self.db,
            "--no-http",
            "--log-level=info",
            f"--logfile={logfile}",
            *args,
        ]
        started = time.monotonic()
        done = subprocess.run(cmd, input=stdin, capture_output=True, text=True, timeout=900, check=False)
        log = logfile.read_text(encoding="utf-8").splitlines() if logfile.exists() else []
        print(f"{label}: {time.monotonic() - started:.1f}s (log {logfile})")
        return done.returncode, done.stdout, log + done.stderr.splitlines()

    def shell(self, call, label="shell"):
        """Runs the probe and `call` (an expression of it) in `odoo-bin shell`;
        returns what the call gave back."""
        script = PROBE.read_text(encoding="utf-8") + f"\nemit({call})\n"
        rc, out, log = self.odoo(command=("shell",), stdin=script, label=label)
        lines = [line for line in out.splitlines() if line.startswith("AFTERSALES-LIFECYCLE ")]
        assert rc == 0 and lines, f"odoo shell on {self.db} failed (exit {rc}) running {call}:\n" + "\n".join(
            log[-40:]
        )
        return json.loads(lines[-1].split(" ", 1)[1])


@pytest.fixture(scope="module")
def lifecycle(tmp_path_factory):
    db = os.environ.get(DB_VARIABLE)
    if not db:
        pytest.fail(
            f"{DB_VARIABLE} is not set: scripts/test.sh copies the test database for "
            "these tests and names the copy there (run them through make test)"
        )
    if not config.get("config"):
        pytest.fail("no Odoo configuration file: run pytest with --odoo-config")
    try:
        with closing(psycopg2.connect(**connection_info_for(db)[1])):
            pass
    except psycopg2.OperationalError as error:
        pytest.fail(f"the lifecycle database {db} ({DB_VARIABLE}) cannot be opened: {error}")
    return Lifecycle(db, tmp_path_factory.mktemp("lifecycle"))


def errors(log, allowed=()):
    """ERROR and CRITICAL lines of an Odoo log, but for the allowed loggers."""

    def bad(line):
        match = LOG_LINE.match(line)
        if match:
            return match.group(1) in ("ERROR", "CRITICAL") and match.group(2) not in allowed
        return line.startswith("Traceback")

    return [line for line in log if bad(line)]


def diff_ids(before, after):
    lost, new = sorted(set(before) - set(after)), sorted(set(after) - set(before))
    return f"lost {lost[:20]}{'...' if len(lost) > 20 else ''}, new {new[:20]}"


def assert_same_records(before, after, what):
    for model, ids in before.items():
        assert model in after, f"{what}: {model} is gone"
        assert after[model] == ids, f"{what}: the records of {model} changed: {diff_ids(ids, after[model])}"


def shipped_records(snapshot, modules):
    """{model: ids} of the records `modules` ship as data (not demo)."""
    shipped = {}
    for module, name, model, res_id in snapshot["xmlid_rows"]:
        if module in modules and not name.startswith("demo_"):
            shipped.setdefault(model, set()).add(res_id)
    return shipped


def uninstall_and_check(lifecycle, module, removed):
    """Uninstalls `module` (`removed`: it and the addons that go with it) and
    checks what must be gone and what must stay; returns (before, after)."""
    before = lifecycle.shell(f"snapshot(env, {list(removed)!r})", label=f"before-{module}")
    installed = [m for m, state in before["modules"].items() if state == "installed"]
    assert set(removed) <= set(installed), (
        f"{lifecycle.db} is not as the earlier tests left it (installed: {installed}); "
        "the copy serves one run: make test makes a new one"
    )
    owned = before["owned"]
    for model in MUST_OWN[module]:
        assert owned["config"][model], f"{module} owns no {model}: the check would prove nothing"
    assert owned["tables"] and owned["models"]

    rc, _out, log = lifecycle.odoo(
        command=("shell",),
        stdin=PROBE.read_text(encoding="utf-8") + f"\nemit(uninstall(env, {module!r}))\n",
        label=f"uninstall-{module}",
    )
    assert rc == 0, f"uninstalling {module} failed (exit {rc}):\n" + "\n".join(log[-40:])
    bad = errors(log, allowed=("odoo.sql_db",))
    assert not bad, f"uninstalling {module} logged errors:\n" + "\n".join(bad[:20])

    after_all = lifecycle.shell(
        f"dict(snapshot=snapshot(env), left=left(env, json.loads({json.dumps(json.dumps(owned))})))",
        label=f"after-{module}",
    )
    after, left = after_all["snapshot"], after_all["left"]
    for name in removed:
        assert after["modules"][name] == "uninstalled", f"{name}: {after['modules'][name]}"
    for name in set(installed) - set(removed):
        assert after["modules"][name] == "installed", f"{name} went with {module}"

    # Everything the addon owned is gone.
    assert not left["models"], f"models of {module} left: {left['models']}"
    assert not left["tables"], f"tables of {module} left: {left['tables']}"
    assert not left["columns"], f"columns of {module} left on other tables: {left['columns']}"
    assert not left["config"], f"configuration of {module} left: {left['config']}"
    assert not left["sequence_codes"], f"sequences of {module} left: {left['sequence_codes']}"
    assert not left["pg_sequences"], f"PostgreSQL sequences of {module} left: {left['pg_sequences']}"
    shipped = shipped_records(before, removed)
    for xmlid_module, xmlid, model, _res_id in after["xmlid_rows"]:
        assert xmlid_module not in removed or (
            model in ("product.product", "product.template") and not xmlid.startswith("demo_")
        ), f"external id {xmlid_module}.{xmlid} ({model}) left after the uninstall"

    # The data of the addons still installed is untouched.
    kept_suite = {model: ids for model, ids in before["suite_ids"].items() if model in after["suite_ids"]}
    assert_same_records(kept_suite, after["suite_ids"], f"after uninstalling {module}")
    # Records of other apps: only the addon's own unused shipped products may go.
    for model, ids in before["core_ids"].items():
        gone = set(ids) - set(after["core_ids"][model])
        assert gone <= shipped.get(model, set()), (
            f"uninstalling {module} deleted {model} records it does not own: {sorted(gone)}"
        )
        assert set(after["core_ids"][model]) <= set(ids), f"uninstalling {module} created {model}"
    assert after["quants"] == before["quants"], f"uninstalling {module} changed the stock on hand"
    assert after["locations"] == before["locations"], f"uninstalling {module} changed stock locations"
    return before, after


def test_1_upgrade_keeps_user_data(lifecycle):
    start = lifecycle.shell("start(env)", label="prepare")
    prepared = start["prepared"]
    assert "not_fresh" not in prepared, (
        f"{lifecycle.db} is not a fresh copy of the test database ({prepared.get('not_fresh')}): "
        "the copy serves one run, make test makes a new one"
    )
    before, watched_before = start["snapshot"], start["watched"]
    # The edits took (else comparing before and after would prove nothing).
    assert watched_before["aftersales_service.sla_policy_standard"]["onsite_hours"] == 36
    assert watched_before["aftersales_service.stage_in_progress"]["name"] == "On Site (our wording)"
    assert watched_before["aftersales_service.ir_cron_generate_callbacks"]["active"] is False
    assert watched_before["aftersales_service.seq_aftersales_request"]["padding"] == 6
    assert watched_before["aftersales_warranty.policy_colour_tv"]["warranty_months"] == 18
    assert watched_before["base.main_company"]["aftersales_penalty_amount"] == 88.0
    translated = {key: names for key, names in watched_before["zh_CN"].items() if names[0] != names[1]}
    assert len(translated) >= 20, f"the zh_CN catalogues did not load: {watched_before['zh_CN']}"
    assert ["On Site (our wording)", "上门服务中（本公司用语）"] in translated.values()

    rc, _out, log = lifecycle.odoo("-u", "aftersales_service", "--stop-after-init", label="upgrade")
    assert rc == 0, "odoo-bin -u aftersales_service failed:\n" + "\n".join(log[-40:])
    bad = errors(log)
    assert not bad, "the upgrade logged errors:\n" + "\n".join(bad[:20])
    for module in SUITE:
        assert any(f"Loading module {module} " in line for line in log), f"{module} was not upgraded"

    request_id = prepared["request"][0]
    end = lifecycle.shell(
        "dict(snapshot=snapshot(env), watched=watched(env), request=env['aftersales.request']"
        f".browse({request_id}).read(['name', 'county_id', 'partner_id', 'lot_id'])[0])",
        label="after-upgrade",
    )
    after, watched_after = end["snapshot"], end["watched"]
    assert set(after["modules"].values()) == {"installed"}
    # Same records, none lost, none doubled (demo data loaded again in update mode).
    assert_same_records(before["suite_ids"], after["suite_ids"], "after the upgrade")
    assert_same_records(before["core_ids"], after["core_ids"], "after the upgrade")
    changed = {
        key: (before["xmlids"].get(key), after["xmlids"].get(key))
        for key in set(before["xmlids"]) | set(after["xmlids"])
        if before["xmlids"].get(key) != after["xmlids"].get(key)
    }
    assert not changed, f"external ids (module/model: before, after) changed by the upgrade: {changed}"
    assert after["quants"] == before["quants"]
    assert after["locations"] == before["locations"]
    # The admin's edits of shipped data, the demo records, sequences, translations.
    for key, values in watched_before.items():
        assert watched_after.get(key) == values, f"the upgrade changed {key}"
    # The security rules and access rights are all still there, as they were.
    assert after["security"] == before["security"]
    assert len(before["security"]) > 100
    assert "zh_CN" in after["langs"]
    # The user's request, with its county and its number.
    request = end["request"]
    assert request["name"] == prepared["request"][1]
    assert request["county_id"][0] == prepared["request"][2]
    assert request["lot_id"][0] == prepared["lot"]


def test_2_uninstall_workshop(lifecycle):
    removed = ("aftersales_workshop",)
    before, after = uninstall_and_check(lifecycle, "aftersales_workshop", removed)
    assert {"aftersales_workshop", "aftersales_workshop_job"} <= set(before["owned"]["tables"])
    # The service requests of the workshop jobs stay.
    assert after["suite_ids"]["aftersales.request"] == before["suite_ids"]["aftersales.request"]


def test_3_uninstall_warranty(lifecycle):
    removed = ("aftersales_warranty",)
    before, after = uninstall_and_check(lifecycle, "aftersales_warranty", removed)
    owned = before["owned"]
    for table in (
        "aftersales_warranty_card",
        "aftersales_warranty_policy",
        "aftersales_warranty_claim",
        "aftersales_warranty_repair",
    ):
        assert table in owned["tables"]
    assert "aftersales.warranty.card" in owned["sequence_codes"]
    assert "res_company.aftersales_quarantine_location_id" in owned["columns"]
    # The quarantine location stays, active, with the unit in it; the serials
    # of the cards stay.
    assert before["quarantine"] and all(after["locations"][str(i)][0] for i in before["quarantine"])
    assert any(key.split("/")[0] == str(before["quarantine"][0]) for key in after["quants"])
    lots = {
        res_id
        for module, _n, model, res_id in before["xmlid_rows"]
        if module == "aftersales_warranty" and model == "stock.lot"
    }
    assert lots and lots <= set(after["core_ids"]["stock.lot"]), "the demo serials went with the addon"
    for model in ("aftersales.request", "aftersales.part.line", "aftersales.old.part"):
        assert after["suite_ids"][model] == before["suite_ids"][model]


def test_4_uninstall_parts_then_service(lifecycle):
    parts_before, parts_after = uninstall_and_check(lifecycle, "aftersales_parts", ("aftersales_parts",))
    owned = parts_before["owned"]
    assert {"aftersales_part_line", "aftersales_old_part", "aftersales_parts_transfer"} <= set(
        owned["tables"]
    )
    assert "stock_warehouse.aftersales_is_depot" in owned["columns"]
    assert "stock_move.aftersales_part_line_id" in owned["columns"]
    # Old Parts, Out on Jobs and the vans stay, active, with their stock.
    runtime = parts_before["runtime_locations"]
    assert runtime and all(parts_after["locations"][str(i)][0] for i in runtime)
    assert any(key.split("/")[0] in {str(i) for i in runtime} for key in parts_after["quants"])
    assert parts_after["suite_ids"]["aftersales.request"] == parts_before["suite_ids"]["aftersales.request"]

    before, after = uninstall_and_check(lifecycle, "aftersales_service", ("aftersales_service",))
    assert "aftersales_request" in before["owned"]["tables"]
    assert "aftersales.request" in before["owned"]["sequence_codes"]
    # Nothing of the suite is left anywhere.
    assert after["suite_ids"] == {}
    for key in (
        "suite_tables",
        "suite_columns",
        "suite_indexes",
        "suite_sequences",
        "config_parameters",
        "suite_views",
        "suite_fields",
    ):
        assert after[key] == [], f"{key} left after the suite is uninstalled: {after[key]}"
    # The other apps' records of the whole run are all kept, but the suite's
    # own shipped products nothing used.
    shipped = shipped_records(parts_before, SUITE)
    for model, ids in parts_before["core_ids"].items():
        gone = set(ids) - set(after["core_ids"][model])
        assert gone <= shipped.get(model, set()), f"{model} records lost: {sorted(gone)}"
    assert after["quants"] == parts_before["quants"]
    assert after["locations"] == parts_before["locations"]
