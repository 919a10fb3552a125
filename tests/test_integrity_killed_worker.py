"""A worker killed in the middle of a dispatch confirmation or of a refund
leaves no half-written record: PostgreSQL rolls its transaction back.

The parent test commits the setup data with its own cursors. A child Python
process opens the registry, runs the real operation (dispatch wizard
``action_confirm`` booking several requests; remedy wizard ``action_apply``
refunding a card: return picking + credit note) and, at the moment the
server would commit, flushes every pending write to PostgreSQL, writes a
marker file and hangs. The parent checks that the child's backend holds an
open transaction that wrote rows, kills the child with SIGKILL, waits for
PostgreSQL to end the orphaned backend, then checks that nothing of the
operation is visible and that a fresh run of the operation succeeds."""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

from odoo import fields
from odoo.addons.aftersales_service.tests.common import ROUND_THE_CLOCK, CommittedWork, make_calendar
from odoo.tests import TransactionCase
from odoo.tools import config

from ._base import SuiteCase

CHILD_TIMEOUT = 60  # seconds for the child to reach the commit point
BACKEND_TIMEOUT = 30  # seconds for PostgreSQL to end the killed worker's backend

# The child: a worker running one operation, killed before its commit.
CHILD = r'''
import json, os, sys, time
from pathlib import Path

conf, dbname, operation, args, marker = sys.argv[1:6]
import odoo
from odoo.tools import config
config.parse_config(["-c", conf, "-d", dbname, "--log-level=warn", "--no-http"])
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry

args = json.loads(args)
registry = Registry(dbname)
cr = registry.cursor()
env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})


def dispatch(env):
    Request = env["aftersales.request"]
    lines = [
        (0, 0, {"request_id": rid, "technician_id": args["technician_id"], "selected": True,
                "planned_start": start, "planned_end": end})
        for rid, start, end in args["plan"]
    ]
    wizard = env["aftersales.dispatch.wizard"].create(
        {"request_ids": [(6, 0, [p[0] for p in args["plan"]])], "line_ids": lines})
    wizard.action_confirm()
    requests = Request.browse([p[0] for p in args["plan"]])
    return {"scheduled": len(requests.filtered(lambda r: r.state == "scheduled")),
            "wizard_id": wizard.id}


def refund(env):
    wizard = env["aftersales.warranty.remedy.wizard"].create(
        {"card_id": args["card_id"], "fault_date": args["fault_date"], "remedy": "refund"})
    wizard.action_apply()
    card = env["aftersales.warranty.card"].browse(args["card_id"])
    return {"state": card.state, "picking_id": card.return_picking_id.id,
            "picking_state": card.return_picking_id.state, "move_id": card.refund_move_id.id,
            "wizard_id": wizard.id}


def hang_instead_of_commit():
    """What the server does at commit, up to the COMMIT itself: every pending
    ORM write goes to PostgreSQL. Then report and wait for the kill."""
    cr.flush()
    cr.execute("SELECT pg_backend_pid()")
    seen = {"operation": operation, "backend_pid": cr.fetchone()[0], "pid": os.getpid(),
            **RESULT}
    tmp = Path(marker + ".tmp")
    tmp.write_text(json.dumps(seen))
    tmp.rename(marker)
    time.sleep(300)
    os._exit(3)  # never reached: the parent kills us first


RESULT = {"dispatch": dispatch, "refund": refund}[operation](env)
cr.commit = hang_instead_of_commit
cr.commit()
'''


class KilledWorkerCase(SuiteCase, CommittedWork, TransactionCase):
    def _cleanup(self, work):
        """Cleanup that must not hide the test's own failure."""
        self.addCleanup(self._committed, work)

    # ------------------------------------------------------------------ worker
    def _run_and_kill(self, operation, args):
        """Starts the worker, waits until it is about to commit, checks that
        its transaction wrote rows, kills it and waits for its backend to end.
        Returns what the worker saw inside its own transaction."""
        workdir = tempfile.mkdtemp(prefix="as_killed_")
        self.addCleanup(shutil.rmtree, workdir, ignore_errors=True)
        marker = os.path.join(workdir, "marker.json")
        conf = config["config"]
        self.assertTrue(conf and os.path.isfile(conf), f"no config file to hand to the worker: {conf!r}")
        with open(os.path.join(workdir, "child.log"), "wb") as log:
            child = subprocess.Popen(
                [sys.executable, "-c", CHILD, conf, self.env.cr.dbname, operation, json.dumps(args), marker],
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=workdir,
            )

        def reap():
            if child.poll() is None:
                child.kill()
            child.wait(timeout=10)

        self.addCleanup(reap)
        deadline = time.monotonic() + CHILD_TIMEOUT
        while not os.path.exists(marker):
            if child.poll() is not None:
                self.fail(
                    f"the worker ended ({child.returncode}) before its commit:\n"
                    + Path(workdir, "child.log").read_text(errors="replace")[-3000:]
                )
            if time.monotonic() > deadline:
                self.fail("the worker did not reach its commit in time")
            time.sleep(0.1)
        seen = json.loads(Path(marker).read_text())
        backend = seen["backend_pid"]

        def activity(env):
            env.cr.execute(
                """SELECT state, backend_xid IS NOT NULL FROM pg_stat_activity WHERE pid = %s""",
                [backend],
            )
            row = env.cr.fetchone()
            env.cr.execute(
                "SELECT count(*) FROM pg_locks WHERE pid = %s AND mode = 'RowExclusiveLock'", [backend]
            )
            return row, env.cr.fetchone()[0]

        (state, wrote), write_locks = self._committed(activity)
        self.assertEqual(state, "idle in transaction", "the worker hangs inside its open transaction")
        self.assertTrue(wrote and write_locks, "the worker's transaction has written rows")

        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
        self.assertEqual(child.returncode, -signal.SIGKILL)
        self._wait_backend_gone(backend)
        return seen

    def _wait_backend_gone(self, backend):
        def alive(env):
            env.cr.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [backend])
            return env.cr.fetchone()[0]

        deadline = time.monotonic() + BACKEND_TIMEOUT
        while alive_count := self._committed(alive):
            if time.monotonic() > deadline:
                self.fail(f"PostgreSQL kept the killed worker's backend {backend} ({alive_count})")
            time.sleep(0.1)

    @staticmethod
    def _bounded_cursor(env):
        """A fresh run must not wait on a lock the dead worker would still hold."""
        env.cr.execute("SET LOCAL lock_timeout = '10s'")


class TestKilledDispatchConfirmation(KilledWorkerCase):
    REQUESTS = 6

    def _setup_data(self, env):
        tag = uuid.uuid4().hex[:8]
        nanshan = env.ref("aftersales_service.county_440305")
        calendar = make_calendar(env, f"终止测试 24h {tag}", ROUND_THE_CLOCK)
        technician = env["hr.employee"].create(
            {
                "name": f"终止测试技师 {tag}",
                "is_aftersales_technician": True,
                "resource_calendar_id": calendar.id,
                "aftersales_county_ids": [(6, 0, nanshan.ids)],
            }
        )
        partner = env["res.partner"].create({"name": f"终止测试客户 {tag}", "phone": "13800000000"})
        requests = env["aftersales.request"].create(
            [
                {
                    "partner_id": partner.id,
                    "fault_description": f"派工中断 {i}",
                    "county_id": nanshan.id,
                    "request_type": "repair",
                }
                for i in range(self.REQUESTS)
            ]
        )
        return requests.ids, technician.id, partner.id, calendar.id

    def _remove(self, ids):
        return lambda env: self._remove_scheduling_fixture(env, *ids)

    def _plan(self, request_ids):
        # Far ahead, two hours each: a slot nobody else books.
        first = datetime(2031, 1, 6, 1, 0) + timedelta(days=uuid.uuid4().int % 300)
        return [
            (rid, str(first + timedelta(hours=3 * i)), str(first + timedelta(hours=3 * i + 2)))
            for i, rid in enumerate(request_ids)
        ]

    def test_killed_dispatch_confirmation_books_nothing(self):
        ids = self._committed(self._setup_data)
        self._cleanup(self._remove(ids))
        request_ids, technician_id = ids[0], ids[1]
        plan = self._plan(request_ids)

        seen = self._run_and_kill("dispatch", {"technician_id": technician_id, "plan": plan})
        self.assertEqual(
            seen["scheduled"], self.REQUESTS, "inside its transaction the worker booked them all"
        )

        def state(env):
            requests = env["aftersales.request"].browse(request_ids)
            wizard = env["aftersales.dispatch.wizard"].browse(seen["wizard_id"]).exists()
            return (
                sorted(set(requests.mapped("state"))),
                requests.filtered("planned_start").ids,
                requests.filtered("technician_id").ids,
                bool(wizard),
            )

        self.assertEqual(
            self._committed(state),
            (["new"], [], [], False),
            "no request booked, no wizard left by the killed worker",
        )

        def confirm_again(env):
            self._bounded_cursor(env)
            wizard = env["aftersales.dispatch.wizard"].create(
                {
                    "request_ids": [(6, 0, request_ids)],
                    "line_ids": [
                        (
                            0,
                            0,
                            {
                                "request_id": rid,
                                "technician_id": technician_id,
                                "selected": True,
                                "planned_start": start,
                                "planned_end": end,
                            },
                        )
                        for rid, start, end in plan
                    ],
                }
            )
            wizard.action_confirm()
            env.flush_all()

        self._committed(confirm_again)

        def booked(env):
            requests = env["aftersales.request"].browse(request_ids)
            return sorted(set(requests.mapped("state"))), len(requests.filtered("planned_start"))

        self.assertEqual(self._committed(booked), (["scheduled"], self.REQUESTS))


class TestKilledRefund(KilledWorkerCase):
    def _setup_data(self, env):
        tag = uuid.uuid4().hex[:8]
        category = env["product.category"].create({"name": f"终止测试彩电 {tag}"})
        policy = env["aftersales.warranty.policy"].create(
            {
                "name": f"终止测试三包 {tag}",
                "warranty_months": 12,
                "main_part_months": 36,
                "daily_depreciation_rate": 0.1,
                "product_categ_ids": [(6, 0, category.ids)],
            }
        )
        product = env["product.product"].create(
            {
                "name": f"终止测试彩电 {tag}",
                "categ_id": category.id,
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
                "list_price": 3000.0,
                "taxes_id": [(5, 0, 0)],
            }
        )
        partner = env["res.partner"].create({"name": f"终止测试退货客户 {tag}", "phone": "13800000000"})
        lot = env["stock.lot"].create({"name": f"KILL-{tag}", "product_id": product.id})
        card = env["aftersales.warranty.card"].create(
            {
                "lot_id": lot.id,
                "partner_id": partner.id,
                "invoice_date": fields.Date.context_today(self.env.user) - timedelta(days=3),
                "price": 3000.0,
            }
        )
        return card.id, lot.id, product.id, policy.id, category.id, partner.id

    def _remove(self, ids):
        card_id, lot_id, product_id, policy_id, category_id, partner_id = ids

        def work(env):
            env["aftersales.warranty.card"].browse(card_id).unlink()
            env["stock.lot"].browse(lot_id).unlink()
            product = env["product.product"].browse(product_id)
            template = product.product_tmpl_id
            product.unlink()
            template.unlink()
            env["aftersales.warranty.policy"].browse(policy_id).unlink()
            env["product.category"].browse(category_id).unlink()
            env["res.partner"].browse(partner_id).unlink()

        return work

    def _footprint(self, env, ids, seen=None):
        """Everything a refund of the card writes, as the database has it."""
        card_id, lot_id, _product_id, _policy_id, _category_id, partner_id = ids
        card = env["aftersales.warranty.card"].browse(card_id)
        seen = seen or {}
        return {
            "card": (card.state, card.return_picking_id.id, card.refund_move_id.id),
            "credit_notes": env["account.move"].search_count([("partner_id", "=", partner_id)]),
            "pickings": env["stock.picking"].search_count([("partner_id", "=", partner_id)]),
            "move_lines": env["stock.move.line"].search_count([("lot_id", "=", lot_id)]),
            "quants": env["stock.quant"].search_count([("lot_id", "=", lot_id)]),
            "worker_records": bool(
                env["stock.picking"].browse(seen.get("picking_id") or []).exists()
                or env["account.move"].browse(seen.get("move_id") or []).exists()
                or env["aftersales.warranty.remedy.wizard"].browse(seen.get("wizard_id") or []).exists()
            ),
        }

    def test_killed_refund_writes_no_return_and_no_credit_note(self):
        ids = self._committed(self._setup_data)
        self._cleanup(self._remove(ids))
        card_id = ids[0]
        fault_date = str(fields.Date.context_today(self.env.user) - timedelta(days=1))
        before = self._committed(lambda env: self._footprint(env, ids))
        self.assertEqual(before["card"], ("active", False, False))

        seen = self._run_and_kill("refund", {"card_id": card_id, "fault_date": fault_date})
        self.assertEqual(
            (seen["state"], seen["picking_state"], bool(seen["move_id"])),
            ("refunded", "done", True),
            "inside its transaction the worker validated the return and wrote the credit note",
        )

        after = self._committed(lambda env: self._footprint(env, ids, seen))
        self.assertEqual(
            after,
            {**before, "worker_records": False},
            "card still active, no return picking, no stock move, no credit note",
        )

        def refund_again(env):
            """The same refund in a fresh transaction goes through; it is rolled
            back afterwards (a done transfer cannot be deleted by cleanup)."""
            self._bounded_cursor(env)
            wizard = env["aftersales.warranty.remedy.wizard"].create(
                {"card_id": card_id, "fault_date": fault_date, "remedy": "refund"}
            )
            credit_note = env["account.move"].browse(wizard.action_apply()["res_id"])
            env.flush_all()
            env.cr.execute("SET CONSTRAINTS ALL IMMEDIATE")  # what COMMIT would check
            card = env["aftersales.warranty.card"].browse(card_id)
            result = (
                card.state,
                card.return_picking_id.state,
                credit_note.move_type,
                credit_note.amount_total,
            )
            env.cr.rollback()
            return result

        self.assertEqual(self._committed(refund_again), ("refunded", "done", "out_refund", 3000.0))
        self.assertEqual(
            self._committed(lambda env: self._footprint(env, ids))["card"], ("active", False, False)
        )
