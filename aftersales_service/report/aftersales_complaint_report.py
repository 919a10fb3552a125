"""Complaints against requests as an SQL view, for the monthly complaint
table by class and the major-complaint rate.

One row per complaint (`complaint_count`, `major_count`, ...) and one row
per service request received (`request_count`), so that on any period,
county or grade the pivot shows the numerator (major complaints) and the
denominator (requests) of the major-complaint rate side by side. Request
rows have negative ids."""

from odoo import api, fields, models
from odoo.tools import SQL


class AftersalesComplaintReport(models.Model):
    _name = "aftersales.complaint.report"
    _description = "Complaint Analysis"
    _auto = False
    _order = "date desc"

    row_type = fields.Selection([("complaint", "Complaint"), ("request", "Request")], readonly=True)
    complaint_id = fields.Many2one("aftersales.complaint", readonly=True)
    request_id = fields.Many2one("aftersales.request", readonly=True)
    date = fields.Datetime(string="Received On", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    county_id = fields.Many2one("aftersales.county", readonly=True)
    partner_grade = fields.Selection(
        selection=lambda self: self.env["res.partner"]._fields["aftersales_star_grade"].selection,
        string="Customer Grade",
        readonly=True,
    )
    complaint_class_id = fields.Many2one("aftersales.complaint.class", string="Class", readonly=True)
    employee_id = fields.Many2one("hr.employee", readonly=True)
    legitimacy = fields.Selection(
        selection=lambda self: self.env["aftersales.complaint"]._fields["legitimacy"].selection,
        readonly=True,
    )
    state = fields.Selection(
        selection=lambda self: self.env["aftersales.complaint"]._fields["state"].selection,
        readonly=True,
    )
    complaint_count = fields.Integer(string="Complaints", readonly=True, aggregator="sum")
    major_count = fields.Integer(string="Major Complaints", readonly=True, aggregator="sum")
    justified_count = fields.Integer(string="Justified", readonly=True, aggregator="sum")
    closed_count = fields.Integer(string="Closed", readonly=True, aggregator="sum")
    request_count = fields.Integer(string="Requests", readonly=True, aggregator="sum")
    major_target = fields.Float(
        string="Major Complaint Target (%)",
        readonly=True,
        aggregator="max",
        help="Target rate of major complaints per 100 requests (company setting).",
    )

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT cmp.id AS id, 'complaint' AS row_type, cmp.id AS complaint_id,
                   cmp.request_id, cmp.create_date AS date, cmp.company_id, cmp.partner_id,
                   COALESCE(r.county_id, p.aftersales_county_id, cp.aftersales_county_id) AS county_id,
                   COALESCE(cp.aftersales_star_grade, p.aftersales_star_grade) AS partner_grade,
                   cmp.complaint_class_id, cmp.employee_id, cmp.legitimacy, cmp.state,
                   CASE WHEN cmp.state != 'cancelled' THEN 1 ELSE 0 END AS complaint_count,
                   CASE WHEN cmp.state != 'cancelled' AND cmp.is_major THEN 1 ELSE 0 END AS major_count,
                   CASE WHEN cmp.legitimacy = 'justified' THEN 1 ELSE 0 END AS justified_count,
                   CASE WHEN cmp.state = 'closed' THEN 1 ELSE 0 END AS closed_count,
                   0 AS request_count,
                   c.aftersales_major_complaint_target AS major_target
              FROM aftersales_complaint cmp
              JOIN res_company c ON c.id = cmp.company_id
              JOIN res_partner p ON p.id = cmp.partner_id
         LEFT JOIN res_partner cp ON cp.id = p.commercial_partner_id
         LEFT JOIN aftersales_request r ON r.id = cmp.request_id
         UNION ALL
            SELECT -r.id, 'request', NULL, r.id, r.notified_date, r.company_id, r.partner_id,
                   COALESCE(r.county_id, p.aftersales_county_id),
                   COALESCE(cp.aftersales_star_grade, p.aftersales_star_grade),
                   NULL, NULL, NULL, NULL,
                   0, 0, 0, 0, 1,
                   c.aftersales_major_complaint_target
              FROM aftersales_request r
              JOIN res_company c ON c.id = r.company_id
         LEFT JOIN res_partner p ON p.id = r.partner_id
         LEFT JOIN res_partner cp ON cp.id = p.commercial_partner_id
             WHERE r.state != 'cancelled'
            """
        )

    @api.model
    def _major_complaint_rate(self, domain=()):
        """(major complaints, requests, rate in %, target in %) over `domain`."""
        [(major, requests, target)] = self._read_group(
            list(domain), [], ["major_count:sum", "request_count:sum", "major_target:max"]
        )
        major, requests = major or 0, requests or 0
        rate = round(100.0 * major / requests, 2) if requests else 0.0
        return major, requests, rate, target or self.env.company.aftersales_major_complaint_target
