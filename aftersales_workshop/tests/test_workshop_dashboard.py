"""The workshop dashboard: its counters on real jobs (waiting for consent,
in work, waiting for parts, in quality check, ready, late), and the query
counts of the dashboard read and of the estimate's confirmation, which do
not grow with the number of jobs or lines."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.addons.aftersales_service.tests.common import force_write
from odoo.tests import tagged

from .estimate_common import EstimateCase

DASHBOARD_FIELDS = ["name", "partner_id", "product_id", "lot_id", "advisor_id", "is_late", "waiting_parts"]


def queries(test, call):
    test.env.invalidate_all()
    test.env.flush_all()
    before = test.cr.sql_log_count
    call()
    test.env.flush_all()
    return test.cr.sql_log_count - before


@tagged("post_install", "-at_install")
class TestWorkshopDashboard(EstimateCase):
    def _counts(self, jobs):
        return self.env["aftersales.workshop.job"].workshop_dashboard_counts([("id", "in", jobs.ids)])

    def test_counters_and_waiting_for_parts(self):
        waiting = self._sent()
        stocked = self._in_work()
        short = self._in_work(lines=(("labour", None, 1.0), ("part", "capacitor", 11.0)))
        transfer_job = self._in_work()
        jobs = waiting | stocked | short | transfer_job
        self.assertEqual([job.waiting_parts for job in jobs], [False, False, True, False])
        self.env["aftersales.parts.transfer"].create(
            {
                "request_id": transfer_job.request_id.id,
                "product_id": self.compressor.id,
                "quantity": 1.0,
                "dest_depot_id": self.depot.id,
                "source_depot_id": self.beijing.id,
            }
        )
        jobs.invalidate_recordset(["waiting_parts"])
        self.assertEqual([job.waiting_parts for job in jobs], [False, False, True, True])
        Job = self.env["aftersales.workshop.job"]
        self.assertEqual(
            Job.search([("id", "in", jobs.ids), ("waiting_parts", "=", True)]), short | transfer_job
        )
        self.assertEqual(
            Job.search([("id", "in", jobs.ids), ("waiting_parts", "=", False)]), waiting | stocked
        )
        # Once the depot counts enough of the short part, the job no longer waits.
        self._stock(self.capacitor, self.depot.lot_stock_id, 20.0)
        short.invalidate_recordset(["waiting_parts"])
        self.assertFalse(short.waiting_parts)

        force_write(stocked, {"state": "qc"})
        ready = self._new_job()
        force_write(ready, {"state": "ready"})
        now = fields.Datetime.now().replace(microsecond=0)
        short.with_user(self.advisor).write({"promised_date": now + timedelta(hours=2)})
        self.assertEqual(
            self._counts(jobs | ready),
            {"consent": 1, "in_work": 2, "waiting_parts": 1, "qc": 1, "ready": 1, "late": 0},
        )
        with freeze_time(now + timedelta(hours=3)):
            self.assertEqual(self._counts(jobs | ready)["late"], 1)

    def _dashboard_read(self):
        Job = self.env["aftersales.workshop.job"]
        domain = [("state", "in", ("consent", "in_work", "qc", "ready"))]
        Job.web_read_group(domain, ["state"], ["__count"])
        Job.web_search_read(domain, {name: {} for name in DASHBOARD_FIELDS}, limit=40)
        Job.workshop_dashboard_counts()

    def test_dashboard_queries_do_not_grow_with_jobs(self):
        self._in_work(lines=(("labour", None, 1.0), ("part", "capacitor", 11.0)))
        few = queries(self, self._dashboard_read)
        for _index in range(8):
            job = self._new_job()
            force_write(job, {"state": "in_work"})
        self._sent()
        self.assertEqual(queries(self, self._dashboard_read), few)

    def _confirm_queries(self, n_lines):
        lines = (("labour", None, 1.0),) + (("part", "capacitor", 0.1),) * (n_lines - 1)
        job = self._sent(lines=lines)
        return queries(self, lambda: self._consent(job)), job

    def test_estimate_confirmation_does_not_grow_with_lines(self):
        self._confirm_queries(3)  # warm the caches of what is read once per transaction
        small, job_small = self._confirm_queries(5)
        large, job_large = self._confirm_queries(20)
        self.assertEqual((job_small.state, job_large.state), ("in_work", "in_work"))
        self.assertEqual(len(job_large.request_id.part_line_ids), 19)
        self.assertEqual(large, small, f"{small} queries for 5 lines, {large} for 20")
