from odoo import fields, models


class HrEmployeePublic(models.Model):
    """Dispatchers and agents without HR rights read technicians through the
    public employee profile: expose the after-sales fields there too."""

    _inherit = "hr.employee.public"

    is_aftersales_technician = fields.Boolean(readonly=True)
    aftersales_county_ids = fields.Many2many(related="employee_id.aftersales_county_ids", compute_sudo=True)
    aftersales_skill_ids = fields.Many2many(related="employee_id.aftersales_skill_ids", compute_sudo=True)
    aftersales_home_county_id = fields.Many2one(
        related="employee_id.aftersales_home_county_id", compute_sudo=True
    )
    aftersales_daily_capacity = fields.Integer(
        related="employee_id.aftersales_daily_capacity", compute_sudo=True
    )
