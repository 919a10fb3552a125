from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    aftersales_workshop_labour_cost = fields.Monetary(
        related="company_id.aftersales_workshop_labour_cost", readonly=False, currency_field="currency_id"
    )
    aftersales_promise_warning_hours = fields.Float(
        related="company_id.aftersales_promise_warning_hours", readonly=False
    )
