from odoo import api, fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    aftersales_central_depot_id = fields.Many2one(
        "stock.warehouse",
        string="Central Depot",
        help="Depot of requests whose county no depot covers, and default "
        "destination of old parts returned to the centre.",
    )
    aftersales_parts_pricelist_id = fields.Many2one(
        "product.pricelist",
        string="Parts Price List",
        help="Prices of parts and labour charged out of warranty. Empty: the customer's own price list.",
    )
    aftersales_labour_product_id = fields.Many2one(
        "product.product",
        string="Labour Product",
        domain=[("type", "=", "service")],
        help="Service product invoiced per hour of labour out of warranty.",
    )
    aftersales_nearest_depot_limit = fields.Integer(
        string="Depots Proposed on Shortage",
        default=5,
        help="How many of the nearest depots holding a missing part are proposed.",
    )
    aftersales_replenish_history_days = fields.Integer(
        string="Consumption History (days)",
        default=90,
        help="Days of consumption the reorder-rule helper averages.",
    )
    aftersales_replenish_lead_days = fields.Integer(
        string="Replenishment Lead Time (days)",
        default=7,
        help="Days a replenishment takes to reach a depot: the suggested minimum covers them.",
    )
    aftersales_replenish_cover_days = fields.Integer(
        string="Stock Cover (days)",
        default=30,
        help="Days of consumption held above the minimum: the suggested maximum adds them.",
    )

    @api.model
    def _aftersales_parts_defaults(self):
        """Point companies without a labour product at the shipped one."""
        labour = self.env.ref("aftersales_parts.product_labour", raise_if_not_found=False)
        if labour:
            self.search([("aftersales_labour_product_id", "=", False)]).write(
                {"aftersales_labour_product_id": labour.id}
            )
