from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    aftersales_central_depot_id = fields.Many2one(
        related="company_id.aftersales_central_depot_id", readonly=False
    )
    aftersales_parts_pricelist_id = fields.Many2one(
        related="company_id.aftersales_parts_pricelist_id", readonly=False
    )
    aftersales_labour_product_id = fields.Many2one(
        related="company_id.aftersales_labour_product_id", readonly=False
    )
    aftersales_nearest_depot_limit = fields.Integer(
        related="company_id.aftersales_nearest_depot_limit", readonly=False
    )
    aftersales_replenish_history_days = fields.Integer(
        related="company_id.aftersales_replenish_history_days", readonly=False
    )
    aftersales_replenish_lead_days = fields.Integer(
        related="company_id.aftersales_replenish_lead_days", readonly=False
    )
    aftersales_replenish_cover_days = fields.Integer(
        related="company_id.aftersales_replenish_cover_days", readonly=False
    )
