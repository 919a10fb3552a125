from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    aftersales_promise_warning_hours = fields.Float(
        related="company_id.aftersales_promise_warning_hours", readonly=False
    )
