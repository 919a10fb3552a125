from odoo import fields, models


class HrEmployeePublic(models.Model):
    """Dispatchers and agents without HR rights read technicians through the
    public employee profile: expose the after-sales fields there too."""

    _inherit = "hr.employee.public"

    is_aftersales_technician = fields.Boolean(readonly=True)
    aftersales_county_ids = fields.Many2many(
        related="employee_id.aftersales_county_ids", compute_sudo=True
    )
    aftersales_skill_ids = fields.Many2many(
        related="employee_id.aftersales_skill_ids", compute_sudo=True
    )
