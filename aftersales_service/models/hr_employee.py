from collections import defaultdict

import pytz

from odoo import api, fields, models


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    is_aftersales_technician = fields.Boolean(string="After-Sales Technician", index=True)
    aftersales_county_ids = fields.Many2many("aftersales.county", string="Counties Covered")
    aftersales_skill_ids = fields.Many2many(
        "product.category", string="Skills (Product Categories)"
    )
    aftersales_home_county_id = fields.Many2one(
        "aftersales.county", string="Home Base",
        help="Where the technician starts the day: the first job's travel is counted from here.",
    )
    aftersales_daily_capacity = fields.Integer(
        string="Daily Capacity",
        default=lambda self: self.env.company.aftersales_default_daily_capacity,
        help="Jobs per day at most. 0 means no limit.",
    )

    @api.model
    def _aftersales_work_intervals(self, employees, start, end):
        """Working intervals (naive UTC pairs) of each employee between two
        naive UTC datetimes: calendar attendances minus leave and public
        holidays. One batch call per calendar, whatever the number of
        employees."""
        by_calendar = defaultdict(lambda: self.browse())
        for employee in employees:
            by_calendar[employee.resource_calendar_id] |= employee
        start_utc, end_utc = pytz.utc.localize(start), pytz.utc.localize(end)
        result = {employee.id: [] for employee in employees}
        for calendar, members in by_calendar.items():
            if not calendar:
                continue
            intervals = calendar._work_intervals_batch(
                start_utc, end_utc, resources=members.resource_id
            )
            for employee in members:
                result[employee.id] = [
                    (s.astimezone(pytz.utc).replace(tzinfo=None), e.astimezone(pytz.utc).replace(tzinfo=None))
                    for s, e, _rec in intervals[employee.resource_id.id]
                ]
        return result
