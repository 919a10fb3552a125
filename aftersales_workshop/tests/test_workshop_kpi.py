"""The workshop's KPIs in the request analysis and the monthly summary, on
jobs driven through their real steps: one passes its final check first time,
one fails once and is reworked (and has an added item the customer refused),
one handed over after its first promise, one on time."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.addons.aftersales_service.tests.common import force_write
from odoo.tests import tagged

from .common_quality import QualityCase, force_passed_final_check
from .estimate_common import SIGNATURE, EstimateCase


class KpiCase(EstimateCase, QualityCase):
    def _checked(self, job, fail_first=False):
        """The job's technician self-checks, the inspector checks (failing
        once first when asked): the job ends ready for handover."""
        for result in ("fail", "pass") if fail_first else ("pass",):
            self._self_check(job)
            job.with_user(self.tech_user).action_submit_qc()
            self._final_check(job, result)
        return job

    def _report(self, jobs):
        Report = self.env["aftersales.request.report"]
        self.env.flush_all()  # the jobs' figures the view reads
        return {row.request_id: row for row in Report.search([("request_id", "in", jobs.request_id.ids)])}

    def _summary(self):
        wizard = self.env["aftersales.monthly.summary.wizard"].create(
            {"month": fields.Date.context_today(self.env.user), "company_id": self.company.id}
        )
        return wizard._summary_data()

    def _summary_added(self, before):
        """The month's workshop figures less those of `before` (the demo's
        jobs of the month are counted too), and the rates of the whole month."""
        after = self._summary()["workshop"]
        added = {name: after[name] - before[name] for name in before if not name.endswith("_rate")}
        return added, after

    @staticmethod
    def _rate(part, whole):
        return round(100.0 * part / whole, 1) if whole else 0.0


@tagged("post_install", "-at_install")
class TestWorkshopKpi(KpiCase):
    def test_qc_rework_and_added_items(self):
        before = self._summary()["workshop"]
        first_time = self._checked(EstimateCase._in_work(self))
        reworked = EstimateCase._in_work(self)
        declined = self._add_line(reworked, "labour", None, 0.5, user=self.tech_user, name="清洗冷凝器")
        Wizard = self.env["aftersales.workshop.refusal.wizard"].with_user(self.advisor)
        Wizard.create(
            {"job_id": reworked.id, "line_ids": [(6, 0, declined.ids)], "refused_by": "陈先生"}
        ).action_confirm()
        accepted = self._add_line(reworked, "part", "capacitor", 1.0, user=self.tech_user)
        reworked.with_user(self.advisor).action_send_amendment()
        self._consent(reworked, channel="phone")
        self._checked(reworked, fail_first=True)
        self.assertEqual((declined.consent_state, accepted.consent_state), ("refused", "accepted"))

        rows = self._report(first_time | reworked)
        row, again = rows[first_time.request_id], rows[reworked.request_id]
        self.assertEqual(
            (row.workshop_job_count, row.qc_passed_count, row.qc_first_time_count, row.qc_first_time_pct),
            (1, 1, 1, 100.0),
        )
        self.assertEqual(
            (again.qc_passed_count, again.qc_first_time_count, again.qc_first_time_pct, again.rework_count),
            (1, 0, 0.0, 1),
        )
        self.assertEqual((again.addition_count, again.addition_accepted_count), (2, 1))
        self.assertTrue(first_time.estimate_amount)
        self.assertEqual(row.estimate_amount, first_time.estimate_amount)

        workshop, month = self._summary_added(before)
        self.assertEqual(workshop["workshop_job_count"], 2)
        self.assertEqual((workshop["qc_passed_count"], workshop["qc_first_time_count"]), (2, 1))
        self.assertEqual(
            month["qc_first_time_rate"], self._rate(month["qc_first_time_count"], month["qc_passed_count"])
        )
        self.assertEqual(workshop["rework_count"], 1)
        self.assertEqual((workshop["addition_count"], workshop["addition_accepted_count"]), (2, 1))
        self.assertAlmostEqual(
            workshop["estimate_amount"], first_time.estimate_amount + reworked.estimate_amount, places=2
        )
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "aftersales_service.report_monthly_summary",
                self.env["aftersales.monthly.summary.wizard"]
                .create({"month": fields.Date.context_today(self.env.user), "company_id": self.company.id})
                .ids,
            )[0]
            .decode()
        )
        self.assertRegex(html, "First-Time QC Pass Rate|首次质检通过率")
        self.assertIn(str(month["qc_first_time_rate"]), html)

    def test_on_time_handover_against_the_first_promise(self):
        before = self._summary()["workshop"]
        now = fields.Datetime.now().replace(microsecond=0)
        late, on_time = self._job_for(), self._job_for()
        for job in late | on_time:
            job.with_user(self.advisor).write({"promised_date": now + timedelta(hours=6)})
            force_write(job, {"state": "ready"})
            force_passed_final_check(job, self.inspector)
            job.with_user(self.advisor).write(
                {"settlement_signed_by": "陈先生", "settlement_signature": SIGNATURE}
            )
        with freeze_time(now + timedelta(days=1)):
            late.with_user(self.advisor).action_deliver()
        on_time.with_user(self.advisor).action_deliver()
        rows = self._report(late | on_time)
        self.assertEqual((rows[late.request_id].handover_due, rows[late.request_id].handover_on_time), (1, 0))
        self.assertEqual(
            (rows[on_time.request_id].handover_on_time, rows[on_time.request_id].handover_on_time_pct),
            (1, 100.0),
        )
        workshop, month = self._summary_added(before)
        self.assertEqual((workshop["handover_due"], workshop["handover_on_time"]), (2, 1))
        self.assertEqual(month["on_time_rate"], self._rate(month["handover_on_time"], month["handover_due"]))
