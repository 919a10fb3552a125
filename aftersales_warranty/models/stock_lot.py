from odoo import fields, models


class StockLot(models.Model):
    _inherit = "stock.lot"

    aftersales_warranty_card_ids = fields.One2many(
        "aftersales.warranty.card", "lot_id", string="Three-Guarantee Cards"
    )
