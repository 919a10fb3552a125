from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    aftersales_calendar_id = fields.Many2one(related="company_id.aftersales_calendar_id", readonly=False)
    aftersales_dispatcher_id = fields.Many2one(related="company_id.aftersales_dispatcher_id", readonly=False)
    aftersales_escalation_batch = fields.Integer(
        related="company_id.aftersales_escalation_batch", readonly=False
    )
    aftersales_travel_speed_kmh = fields.Float(
        related="company_id.aftersales_travel_speed_kmh", readonly=False
    )
    aftersales_road_factor = fields.Float(related="company_id.aftersales_road_factor", readonly=False)
    aftersales_default_job_hours = fields.Float(
        related="company_id.aftersales_default_job_hours", readonly=False
    )
    aftersales_default_daily_capacity = fields.Integer(
        related="company_id.aftersales_default_daily_capacity", readonly=False
    )
    aftersales_dispatch_horizon_days = fields.Integer(
        related="company_id.aftersales_dispatch_horizon_days", readonly=False
    )
    aftersales_load_penalty_minutes = fields.Float(
        related="company_id.aftersales_load_penalty_minutes", readonly=False
    )
    aftersales_repeat_repair_days = fields.Integer(
        related="company_id.aftersales_repeat_repair_days", readonly=False
    )
    aftersales_discount_product_id = fields.Many2one(
        related="company_id.aftersales_discount_product_id", readonly=False
    )
    # --- customer care ----------------------------------------------------------
    aftersales_complaint_supervisor_id = fields.Many2one(
        related="company_id.aftersales_complaint_supervisor_id", readonly=False
    )
    aftersales_complaint_manager_id = fields.Many2one(
        related="company_id.aftersales_complaint_manager_id", readonly=False
    )
    aftersales_complaint_escalation_hours = fields.Float(
        related="company_id.aftersales_complaint_escalation_hours", readonly=False
    )
    aftersales_complaint_manager_hours = fields.Float(
        related="company_id.aftersales_complaint_manager_hours", readonly=False
    )
    aftersales_penalty_amount = fields.Float(related="company_id.aftersales_penalty_amount", readonly=False)
    aftersales_major_complaint_target = fields.Float(
        related="company_id.aftersales_major_complaint_target", readonly=False
    )
    aftersales_callback_after_done_days = fields.Integer(
        related="company_id.aftersales_callback_after_done_days", readonly=False
    )
    aftersales_callback_cadence = fields.Char(
        related="company_id.aftersales_callback_cadence", readonly=False
    )
    aftersales_callback_grace_days = fields.Integer(
        related="company_id.aftersales_callback_grace_days", readonly=False
    )
    aftersales_followup_max_hours = fields.Float(
        related="company_id.aftersales_followup_max_hours", readonly=False
    )
    aftersales_callback_coverage_5 = fields.Float(
        related="company_id.aftersales_callback_coverage_5", readonly=False
    )
    aftersales_callback_coverage_4 = fields.Float(
        related="company_id.aftersales_callback_coverage_4", readonly=False
    )
    aftersales_callback_new_customer_days = fields.Integer(
        related="company_id.aftersales_callback_new_customer_days", readonly=False
    )
    aftersales_callback_daily_target = fields.Integer(
        related="company_id.aftersales_callback_daily_target", readonly=False
    )
