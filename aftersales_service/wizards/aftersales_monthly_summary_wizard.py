"""Picks the month of the after-sales summary PDF and gathers its figures:
complaints by class and per customer (when complaints are installed),
requests and returns for repair per customer, repair costs and the
discount slips of the month."""

from datetime import datetime, time

from dateutil.relativedelta import relativedelta

from odoo import fields, models


class AftersalesMonthlySummaryWizard(models.TransientModel):
    _name = "aftersales.monthly.summary.wizard"
    _description = "Monthly After-Sales Summary"

    month = fields.Date(
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1) - relativedelta(months=1),
        help="Any day of the month to summarise.",
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)

    def action_print(self):
        return self.env.ref("aftersales_service.action_report_monthly_summary").report_action(self)

    def _period(self):
        self.ensure_one()
        start = self.month.replace(day=1)
        end = start + relativedelta(months=1)
        return start, end

    def _summary_data(self):
        """Every figure of the summary, as plain values for the template."""
        self.ensure_one()
        start, end = self._period()
        dt_start, dt_end = datetime.combine(start, time.min), datetime.combine(end, time.min)
        company = self.company_id
        Report = self.env["aftersales.request.report"]
        base = [("company_id", "=", company.id), ("date", ">=", dt_start), ("date", "<", dt_end)]
        per_customer = {}

        def row(partner):
            return per_customer.setdefault(
                partner,
                {
                    "partner": partner,
                    "requests": 0,
                    "returns": 0,
                    "complaints": 0,
                    "major": 0,
                    "repair_cost": 0.0,
                },
            )

        for partner, count, returns, cost in Report._read_group(
            base, ["commercial_partner_id"], ["__count", "return_for_repair:sum", "quote_amount:sum"]
        ):
            line = row(partner)
            line.update(requests=count, returns=returns, repair_cost=cost)
        totals = Report._read_group(
            base, [], ["__count", "return_for_repair:sum", "quote_amount:sum", "done_count:sum"]
        )[0]

        complaint_classes = []
        complaints_installed = "aftersales.complaint" in self.env
        complaint_total = major_total = 0
        if complaints_installed:
            Complaint = self.env["aftersales.complaint"]
            cdomain = [
                ("company_id", "=", company.id),
                ("create_date", ">=", dt_start),
                ("create_date", "<", dt_end),
            ]
            for complaint_class, count in Complaint._read_group(cdomain, ["complaint_class_id"], ["__count"]):
                complaint_classes.append(
                    {"name": complaint_class.display_name or self.env._("Unclassified"), "count": count}
                )
                complaint_total += count
            for partner, is_major, count in Complaint._read_group(
                cdomain, ["partner_id", "is_major"], ["__count"]
            ):
                line = row(partner.commercial_partner_id)
                line["complaints"] += count
                if is_major:
                    line["major"] += count
                    major_total += count

        slips = self.env["aftersales.discount.slip"].search(
            [("company_id", "=", company.id), ("month", "=", start), ("state", "!=", "cancelled")],
            order="partner_id, id",
        )
        return {
            "start": start,
            "end": end - relativedelta(days=1),
            "month_label": start.strftime("%Y-%m"),
            "company": company,
            "currency": company.currency_id,
            "request_total": totals[0],
            "return_total": totals[1] or 0,
            "repair_cost_total": totals[2] or 0.0,
            "done_total": totals[3] or 0,
            "complaints_installed": complaints_installed,
            "complaint_classes": complaint_classes,
            "complaint_total": complaint_total,
            "major_total": major_total,
            "customers": sorted(
                per_customer.values(),
                key=lambda r: (-r["complaints"], -r["returns"], r["partner"].display_name or ""),
            ),
            "slips": slips,
            "slip_total": sum(slips.mapped("amount_total")),
            "slip_posted_total": sum(slips.filtered(lambda s: s.state == "posted").mapped("amount_total")),
        }
