from odoo import fields, models


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    is_aftersales_technician = fields.Boolean(string="After-Sales Technician", index=True)
    aftersales_county_ids = fields.Many2many("aftersales.county", string="Counties Covered")
    aftersales_skill_ids = fields.Many2many(
        "product.category", string="Skills (Product Categories)"
    )
