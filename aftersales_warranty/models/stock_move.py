from odoo import models


class StockMove(models.Model):
    _inherit = "stock.move"

    def _action_done(self, cancel_backorder=False):
        moves = super()._action_done(cancel_backorder=cancel_backorder)
        if not self.env.context.get("aftersales_warranty_skip_card"):
            delivered = moves.filtered(
                lambda m: (
                    m.state == "done"
                    and m.location_dest_id.usage == "customer"
                    and m.location_id.usage == "internal"
                    and m.has_tracking != "none"
                )
            )
            if delivered:
                self.env["aftersales.warranty.card"].sudo()._create_from_move_lines(delivered.move_line_ids)
        return moves
