"""The workshop's KPIs in the request analysis: the request's workshop job
(one at most, not cancelled) joined to each row of the service's view.
Numerators and denominators are 0/1 counts; a percentage is NULL when the
row does not count for it, so `avg` ignores it."""

from odoo import fields, models
from odoo.tools import SQL


class AftersalesRequestReport(models.Model):
    _inherit = "aftersales.request.report"

    workshop_job_count = fields.Integer(string="Workshop Jobs", readonly=True, aggregator="sum")
    qc_passed_count = fields.Integer(string="Final Checks Passed", readonly=True, aggregator="sum")
    qc_first_time_count = fields.Integer(string="Passed QC First Time", readonly=True, aggregator="sum")
    qc_first_time_pct = fields.Float(string="First-Time QC Pass Rate (%)", readonly=True, aggregator="avg")
    rework_count = fields.Integer(string="Reworks", readonly=True, aggregator="sum")
    estimate_amount = fields.Monetary(string="Consented Estimate", readonly=True, aggregator="sum")
    final_amount = fields.Monetary(string="Invoiced Amount", readonly=True, aggregator="sum")
    addition_count = fields.Integer(string="Added Items Proposed", readonly=True, aggregator="sum")
    addition_accepted_count = fields.Integer(string="Added Items Accepted", readonly=True, aggregator="sum")
    handover_due = fields.Integer(string="Handovers with a Promise", readonly=True, aggregator="sum")
    handover_on_time = fields.Integer(
        string="Handed Over on Time", readonly=True, aggregator="sum", help="Against the first promise."
    )
    handover_on_time_pct = fields.Float(
        string="On-Time Handover (%)", readonly=True, aggregator="avg", help="Against the first promise."
    )

    def _query(self):
        delivered = SQL("(j.state = 'delivered' AND j.first_promised_date IS NOT NULL)")
        return SQL(
            """
            SELECT base.*,
                   CASE WHEN j.id IS NOT NULL THEN 1 ELSE 0 END AS workshop_job_count,
                   CASE WHEN j.qc_passed THEN 1 ELSE 0 END AS qc_passed_count,
                   CASE WHEN j.qc_first_time THEN 1 ELSE 0 END AS qc_first_time_count,
                   CASE WHEN j.qc_passed THEN (CASE WHEN j.qc_first_time THEN 100.0 ELSE 0.0 END)
                   END AS qc_first_time_pct,
                   COALESCE(j.rework_count, 0) AS rework_count,
                   COALESCE(j.estimate_amount, 0) AS estimate_amount,
                   COALESCE(j.final_amount, 0) AS final_amount,
                   COALESCE(j.addition_count, 0) AS addition_count,
                   COALESCE(j.addition_accepted_count, 0) AS addition_accepted_count,
                   CASE WHEN %(delivered)s THEN 1 ELSE 0 END AS handover_due,
                   CASE WHEN %(delivered)s AND j.delivered_on_time THEN 1 ELSE 0 END AS handover_on_time,
                   CASE WHEN %(delivered)s THEN (CASE WHEN j.delivered_on_time THEN 100.0 ELSE 0.0 END)
                   END AS handover_on_time_pct
              FROM (%(base)s) base
         LEFT JOIN aftersales_workshop_job j ON j.request_id = base.request_id AND j.state != 'cancelled'
            """,
            base=super()._query(),
            delivered=delivered,
        )
