from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    aftersales_calendar_id = fields.Many2one(
        related="company_id.aftersales_calendar_id", readonly=False
    )
    aftersales_dispatcher_id = fields.Many2one(
        related="company_id.aftersales_dispatcher_id", readonly=False
    )
    aftersales_escalation_batch = fields.Integer(
        related="company_id.aftersales_escalation_batch", readonly=False
    )
