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
    aftersales_travel_speed_kmh = fields.Float(related="company_id.aftersales_travel_speed_kmh", readonly=False)
    aftersales_road_factor = fields.Float(related="company_id.aftersales_road_factor", readonly=False)
    aftersales_default_job_hours = fields.Float(related="company_id.aftersales_default_job_hours", readonly=False)
    aftersales_default_daily_capacity = fields.Integer(related="company_id.aftersales_default_daily_capacity", readonly=False)
    aftersales_dispatch_horizon_days = fields.Integer(related="company_id.aftersales_dispatch_horizon_days", readonly=False)
    aftersales_load_penalty_minutes = fields.Float(related="company_id.aftersales_load_penalty_minutes", readonly=False)
