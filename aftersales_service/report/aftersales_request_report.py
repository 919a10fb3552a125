"""Request KPIs as an SQL view: one row per service request, with 0/1 flags
for each rate's numerator and denominator, and a 0/100 percentage that is
NULL when the row does not count for that rate (so `avg` ignores it)."""

from odoo import fields, models
from odoo.tools import SQL


class AftersalesRequestReport(models.Model):
    _name = "aftersales.request.report"
    _description = "Service Request KPIs"
    _auto = False
    _rec_name = "request_id"
    _order = "date desc"

    request_id = fields.Many2one("aftersales.request", string="Request", readonly=True)
    date = fields.Datetime(string="Received On", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    commercial_partner_id = fields.Many2one("res.partner", string="Customer Company", readonly=True)
    county_id = fields.Many2one("aftersales.county", readonly=True)
    state_id = fields.Many2one("res.country.state", string="Province", readonly=True)
    team_id = fields.Many2one("aftersales.team", readonly=True)
    technician_id = fields.Many2one("hr.employee", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    lot_id = fields.Many2one("stock.lot", string="Production Batch / Serial", readonly=True)
    request_type = fields.Selection(
        selection=lambda self: self.env["aftersales.request"]._fields["request_type"].selection,
        string="Type",
        readonly=True,
    )
    state = fields.Selection(
        selection=lambda self: self.env["aftersales.request"]._fields["state"].selection,
        readonly=True,
    )
    partner_grade = fields.Char(
        string="Customer Grade",
        readonly=True,
        help="The customer's star grade, when callbacks by grade are installed.",
    )
    request_count = fields.Integer(string="Requests", readonly=True, aggregator="sum")
    onsite_due = fields.Integer(string="On-site Due", readonly=True, aggregator="sum")
    onsite_in_time = fields.Integer(string="On Site in Time", readonly=True, aggregator="sum")
    onsite_in_time_pct = fields.Float(
        string="On-site Compliance (%)",
        readonly=True,
        aggregator="avg",
    )
    reply_due = fields.Integer(string="Reply Due", readonly=True, aggregator="sum")
    reply_in_time = fields.Integer(string="Replied in Time", readonly=True, aggregator="sum")
    reply_in_time_pct = fields.Float(string="Reply Compliance (%)", readonly=True, aggregator="avg")
    done_count = fields.Integer(string="Done", readonly=True, aggregator="sum")
    first_visit_fix = fields.Integer(string="Fixed at First Visit", readonly=True, aggregator="sum")
    first_visit_fix_pct = fields.Float(string="First-Visit Fix Rate (%)", readonly=True, aggregator="avg")
    return_for_repair = fields.Integer(string="Returns for Repair", readonly=True, aggregator="sum")
    return_for_repair_pct = fields.Float(string="Return-for-Repair Rate (%)", readonly=True, aggregator="avg")
    currency_id = fields.Many2one("res.currency", readonly=True)
    quote_amount = fields.Monetary(string="Repair Cost", readonly=True, aggregator="sum")

    def _grade_sql(self):
        if (
            "aftersales_star_grade" in self.env["res.partner"]._fields
            and self.env["res.partner"]._fields["aftersales_star_grade"].store
        ):
            return SQL("cp.aftersales_star_grade::varchar")
        return SQL("NULL::varchar")

    def _query(self):
        live = SQL("r.state NOT IN ('cancelled', 'rejected')")
        onsite_due = SQL(
            "(%s AND r.onsite_deadline IS NOT NULL"
            " AND (r.check_in_date IS NOT NULL OR r.onsite_deadline < now() at time zone 'UTC'))",
            live,
        )
        onsite_ok = SQL("(r.check_in_date IS NOT NULL AND r.check_in_date <= r.onsite_deadline)")
        reply_due = SQL(
            "(%s AND r.reply_deadline IS NOT NULL"
            " AND (r.replied_date IS NOT NULL OR r.reply_deadline < now() at time zone 'UTC'))",
            live,
        )
        reply_ok = SQL("(r.replied_date IS NOT NULL AND r.replied_date <= r.reply_deadline)")
        done = SQL("(r.state IN ('done', 'closed'))")
        first_fix = SQL("(%s AND COALESCE(r.revisit_count, 0) = 0)", done)
        repeat = SQL(
            """(r.parent_id IS NOT NULL OR (r.lot_id IS NOT NULL AND EXISTS (
                SELECT 1 FROM aftersales_request prev
                 WHERE prev.lot_id = r.lot_id AND prev.id != r.id
                   AND prev.state NOT IN ('cancelled', 'rejected')
                   AND (prev.notified_date < r.notified_date
                        OR (prev.notified_date = r.notified_date AND prev.id < r.id))
                   AND prev.notified_date >= r.notified_date
                       - make_interval(days => COALESCE(c.aftersales_repeat_repair_days, 90))
            )))"""
        )
        return SQL(
            """
            SELECT r.id AS id,
                   r.id AS request_id,
                   r.notified_date AS date,
                   r.company_id,
                   r.partner_id,
                   COALESCE(p.commercial_partner_id, r.partner_id) AS commercial_partner_id,
                   r.county_id,
                   r.state_id,
                   r.team_id,
                   r.technician_id,
                   r.product_id,
                   pt.categ_id,
                   r.lot_id,
                   r.request_type,
                   r.state,
                   %(grade)s AS partner_grade,
                   1 AS request_count,
                   CASE WHEN %(onsite_due)s THEN 1 ELSE 0 END AS onsite_due,
                   CASE WHEN %(onsite_due)s AND %(onsite_ok)s THEN 1 ELSE 0 END AS onsite_in_time,
                   CASE WHEN %(onsite_due)s THEN (CASE WHEN %(onsite_ok)s THEN 100.0 ELSE 0.0 END)
                   END AS onsite_in_time_pct,
                   CASE WHEN %(reply_due)s THEN 1 ELSE 0 END AS reply_due,
                   CASE WHEN %(reply_due)s AND %(reply_ok)s THEN 1 ELSE 0 END AS reply_in_time,
                   CASE WHEN %(reply_due)s THEN (CASE WHEN %(reply_ok)s THEN 100.0 ELSE 0.0 END)
                   END AS reply_in_time_pct,
                   CASE WHEN %(done)s THEN 1 ELSE 0 END AS done_count,
                   CASE WHEN %(first_fix)s THEN 1 ELSE 0 END AS first_visit_fix,
                   CASE WHEN %(done)s THEN (CASE WHEN %(first_fix)s THEN 100.0 ELSE 0.0 END)
                   END AS first_visit_fix_pct,
                   CASE WHEN %(live)s AND %(repeat)s THEN 1 ELSE 0 END AS return_for_repair,
                   CASE WHEN %(live)s THEN (CASE WHEN %(repeat)s THEN 100.0 ELSE 0.0 END)
                   END AS return_for_repair_pct,
                   c.currency_id,
                   COALESCE(r.quote_amount, 0) AS quote_amount
              FROM aftersales_request r
              JOIN res_company c ON c.id = r.company_id
         LEFT JOIN res_partner p ON p.id = r.partner_id
         LEFT JOIN res_partner cp ON cp.id = COALESCE(p.commercial_partner_id, r.partner_id)
         LEFT JOIN product_product pp ON pp.id = r.product_id
         LEFT JOIN product_template pt ON pt.id = pp.product_tmpl_id
            """,
            grade=self._grade_sql(),
            live=live,
            onsite_due=onsite_due,
            onsite_ok=onsite_ok,
            reply_due=reply_due,
            reply_ok=reply_ok,
            done=done,
            first_fix=first_fix,
            repeat=repeat,
        )

    @property
    def _table_query(self):
        return self._query()
