from odoo import api, fields, models


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    is_aftersales_technician = fields.Boolean(string="After-Sales Technician", index=True)
    aftersales_county_ids = fields.Many2many("aftersales.county", string="Counties Covered")
    aftersales_skill_ids = fields.Many2many("product.category", string="Skills (Product Categories)")
    aftersales_home_county_id = fields.Many2one(
        "aftersales.county",
        string="Home Base",
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
        naive UTC datetimes: their calendar's working time minus their leave
        and public holidays (`resource.calendar._aftersales_work_intervals`,
        the same source as the SLA clocks). One batch call per calendar,
        whatever the number of employees."""
        result = {employee.id: [] for employee in employees}
        for calendar, members in employees.grouped("resource_calendar_id").items():
            if not calendar:
                continue
            intervals = calendar._aftersales_work_intervals(start, end, resources=members.resource_id)
            for employee in members:
                result[employee.id] = intervals[employee.resource_id.id]
        return result
