"""The workshop's figures in the monthly summary, from the request analysis
(models/aftersales_request_report.py) of the month's requests: one grouped read."""

from datetime import datetime, time

from odoo import models

WORKSHOP_SUMS = (
    "workshop_job_count",
    "qc_passed_count",
    "qc_first_time_count",
    "rework_count",
    "estimate_amount",
    "final_amount",
    "addition_count",
    "addition_accepted_count",
    "handover_due",
    "handover_on_time",
)


def rate(part, whole):
    return round(100.0 * part / whole, 1) if whole else None


class AftersalesMonthlySummaryWizard(models.TransientModel):
    _inherit = "aftersales.monthly.summary.wizard"

    def _summary_data(self):
        data = super()._summary_data()
        self.env.flush_all()  # the jobs' stored figures the SQL view reads
        start, end = self._period()
        base = [
            ("company_id", "=", self.company_id.id),
            ("date", ">=", datetime.combine(start, time.min)),
            ("date", "<", datetime.combine(end, time.min)),
            ("workshop_job_count", "=", 1),
        ]
        sums = self.env["aftersales.request.report"]._read_group(
            base, [], [f"{name}:sum" for name in WORKSHOP_SUMS]
        )[0]
        workshop = {name: value or 0 for name, value in zip(WORKSHOP_SUMS, sums, strict=True)}
        workshop["qc_first_time_rate"] = rate(workshop["qc_first_time_count"], workshop["qc_passed_count"])
        workshop["on_time_rate"] = rate(workshop["handover_on_time"], workshop["handover_due"])
        data["workshop"] = workshop
        return data
