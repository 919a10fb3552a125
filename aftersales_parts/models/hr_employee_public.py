from odoo import fields, models


class HrEmployeePublic(models.Model):
    _inherit = "hr.employee.public"

    aftersales_depot_id = fields.Many2one(related="employee_id.aftersales_depot_id", compute_sudo=True)
    aftersales_van_location_id = fields.Many2one(
        related="employee_id.aftersales_van_location_id", compute_sudo=True
    )
