"""Callbacks against their quotas as an SQL view.

Three kinds of rows, told apart by `row_type`:
* `callback`: one per callback (due, done, satisfied, and a 0/100
  satisfaction percentage that is NULL unless the call is done, so `avg`
  gives satisfied done / done);
* `agent_target`: one per agent and day with callbacks due, carrying the
  agent's daily target;
* `grade_quota`: one per company, star grade and month with callbacks,
  carrying the monthly coverage quota of that grade (customers of the grade,
  excluding those flagged by finance, x coverage %, rounded up).
"""

from odoo import fields, models
from odoo.tools import SQL

GRADE_QUOTA_ID_OFFSET = 1_000_000_000  # keeps quota rows' ids apart from target rows'


class AftersalesCallbackReport(models.Model):
    _name = "aftersales.callback.report"
    _description = "Callback Analysis"
    _auto = False
    _order = "date desc"

    row_type = fields.Selection(
        [("callback", "Callback"), ("agent_target", "Agent Target"), ("grade_quota", "Grade Quota")],
        readonly=True,
    )
    callback_id = fields.Many2one("aftersales.callback", readonly=True)
    date = fields.Date(string="Due", readonly=True)
    date_done = fields.Datetime(string="Done On", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    user_id = fields.Many2one("res.users", string="Agent", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    county_id = fields.Many2one("aftersales.county", readonly=True)
    partner_grade = fields.Selection(
        selection=lambda self: self.env["res.partner"]._fields["aftersales_star_grade"].selection,
        string="Customer Grade",
        readonly=True,
    )
    purpose = fields.Selection(
        selection=lambda self: self.env["aftersales.callback"]._fields["purpose"].selection,
        readonly=True,
    )
    state = fields.Selection(
        selection=lambda self: self.env["aftersales.callback"]._fields["state"].selection,
        readonly=True,
    )
    callback_count = fields.Integer(string="Callbacks Due", readonly=True, aggregator="sum")
    done_count = fields.Integer(string="Callbacks Done", readonly=True, aggregator="sum")
    satisfied_count = fields.Integer(string="Satisfied", readonly=True, aggregator="sum")
    satisfaction_rate = fields.Float(string="Satisfaction Rate (%)", readonly=True, aggregator="avg")
    satisfaction_score = fields.Float(string="Average Score (1-5)", readonly=True, aggregator="avg")
    target_count = fields.Integer(string="Agent Target", readonly=True, aggregator="sum")
    quota_count = fields.Integer(string="Grade Quota", readonly=True, aggregator="sum")

    def _callback_rows(self):
        return SQL(
            """
            SELECT cb.id AS id, 'callback' AS row_type, cb.id AS callback_id,
                   cb.date_due AS date, cb.date_done, cb.company_id, cb.user_id, cb.partner_id,
                   COALESCE(p.aftersales_county_id, cp.aftersales_county_id) AS county_id,
                   COALESCE(cp.aftersales_star_grade, p.aftersales_star_grade) AS partner_grade,
                   cb.purpose, cb.state,
                   CASE WHEN cb.state != 'cancelled' THEN 1 ELSE 0 END AS callback_count,
                   CASE WHEN cb.state = 'done' THEN 1 ELSE 0 END AS done_count,
                   CASE WHEN cb.state = 'done' AND cb.satisfied THEN 1 ELSE 0 END AS satisfied_count,
                   CASE WHEN cb.state = 'done' THEN (CASE WHEN cb.satisfied THEN 100.0 ELSE 0.0 END)
                   END AS satisfaction_rate,
                   CASE WHEN cb.state = 'done' AND cb.satisfaction > 0 THEN cb.satisfaction::float
                   END AS satisfaction_score,
                   0 AS target_count, 0 AS quota_count
              FROM aftersales_callback cb
              JOIN res_partner p ON p.id = cb.partner_id
         LEFT JOIN res_partner cp ON cp.id = p.commercial_partner_id
            """
        )

    def _agent_target_rows(self):
        return SQL(
            """
            SELECT -ROW_NUMBER() OVER (ORDER BY t.company_id, t.user_id, t.date) AS id,
                   'agent_target' AS row_type, NULL::integer AS callback_id,
                   t.date, NULL::timestamp AS date_done, t.company_id, t.user_id,
                   NULL::integer AS partner_id, NULL::integer AS county_id,
                   NULL::varchar AS partner_grade, NULL::varchar AS purpose, NULL::varchar AS state,
                   0, 0, 0, NULL::float, NULL::float,
                   c.aftersales_callback_daily_target AS target_count, 0
              FROM (SELECT DISTINCT company_id, user_id, date_due AS date
                      FROM aftersales_callback
                     WHERE user_id IS NOT NULL AND state != 'cancelled') t
              JOIN res_company c ON c.id = t.company_id
            """
        )

    def _grade_quota_rows(self):
        return SQL(
            """
            SELECT -%(offset)s - ROW_NUMBER() OVER (ORDER BY m.company_id, g.grade, m.month) AS id,
                   'grade_quota' AS row_type, NULL::integer AS callback_id,
                   m.month AS date, NULL::timestamp AS date_done, m.company_id, NULL::integer AS user_id,
                   NULL::integer AS partner_id, NULL::integer AS county_id,
                   g.grade AS partner_grade, 'grade_coverage' AS purpose, NULL::varchar AS state,
                   0, 0, 0, NULL::float, NULL::float, 0,
                   CEIL(ROUND((g.customers * (CASE g.grade WHEN '5' THEN c.aftersales_callback_coverage_5
                                                       ELSE c.aftersales_callback_coverage_4 END)
                               / 100.0)::numeric, 6))::integer AS quota_count
              FROM (SELECT DISTINCT company_id, date_trunc('month', date_due)::date AS month
                      FROM aftersales_callback) m
              JOIN res_company c ON c.id = m.company_id
              JOIN LATERAL (
                    SELECT rp.aftersales_star_grade AS grade, COUNT(*) AS customers
                      FROM res_partner rp
                     WHERE rp.active AND rp.aftersales_star_grade IN ('4', '5')
                       AND NOT COALESCE(rp.aftersales_finance_excluded, FALSE)
                       AND (rp.company_id IS NULL OR rp.company_id = m.company_id)
                  GROUP BY rp.aftersales_star_grade) g ON TRUE
            """,
            offset=GRADE_QUOTA_ID_OFFSET,
        )

    @property
    def _table_query(self):
        return SQL(
            "%s UNION ALL %s UNION ALL %s",
            self._callback_rows(),
            self._agent_target_rows(),
            self._grade_quota_rows(),
        )
