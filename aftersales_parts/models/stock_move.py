"""Every parts movement of the suite is a real stock.move, tagged with what
it was for so the depot ledger can tell issues, returns and old parts apart."""

from odoo import api, fields, models
from odoo.exceptions import UserError

MOVE_KINDS = [
    ("issue", "Issued to a Job"),
    ("consume", "Used on a Request"),
    ("return", "Unused Part Returned"),
    ("old_in", "Old Part Recovered"),
    ("old_central", "Old Part Returned to the Centre"),
    ("old_supplier", "Old Part Returned to the Supplier"),
    ("old_scrap", "Old Part Written Off"),
    ("transfer", "Emergency Transfer"),
]

LOCK_QUANTS_SQL = """
    SELECT q.id
      FROM stock_quant q
      JOIN stock_location l ON l.id = q.location_id
     WHERE q.product_id = ANY(%s)
       AND l.parent_path LIKE ANY(%s)
     ORDER BY q.id
       FOR NO KEY UPDATE OF q
"""


class StockMove(models.Model):
    _inherit = "stock.move"

    aftersales_kind = fields.Selection(MOVE_KINDS, string="After-Sales Movement", index=True)
    aftersales_request_id = fields.Many2one(
        "aftersales.request", string="Service Request", index="btree_not_null", readonly=True
    )
    aftersales_depot_id = fields.Many2one(
        "stock.warehouse", string="Depot", index="btree_not_null", readonly=True
    )
    aftersales_part_line_id = fields.Many2one(
        "aftersales.part.line", string="Parts Line", index="btree_not_null", readonly=True
    )
    aftersales_old_part_id = fields.Many2one(
        "aftersales.old.part", string="Old Part", index="btree_not_null", readonly=True
    )

    @api.model
    def _aftersales_execute(self, vals_list):
        """Create, reserve and validate moves at once. Stock must cover each
        move in full: the quants are locked first so two technicians taking
        the last unit cannot both get it."""
        moves = self.create(vals_list)
        moves._action_confirm(merge=False)
        stocked = moves.filtered(lambda m: not m.location_id.should_bypass_reservation())
        stocked._aftersales_lock_quants()
        moves._action_assign()
        stocked._aftersales_check_fully_reserved()
        for move in moves:
            if move.location_id.should_bypass_reservation():
                move.quantity = move.product_uom_qty
        moves.picked = True
        moves._action_done()
        return moves

    def _aftersales_lock_quants(self):
        if not self:
            return
        self.env["stock.location"].flush_model(["parent_path"])
        self.env.cr.execute(
            LOCK_QUANTS_SQL,
            [
                list(set(self.product_id.ids)),
                list({loc.parent_path + "%" for loc in self.location_id}),
            ],
        )
        self.env["stock.quant"].invalidate_model()

    def _aftersales_check_fully_reserved(self):
        short = self.filtered(lambda m: m.product_uom.compare(m.quantity, m.product_uom_qty) < 0)
        if short:
            move = short[0]
            raise UserError(
                self.env._(
                    "Not enough %(part)s in %(location)s: %(needed)s needed, %(available)s "
                    "available. Find the part in a nearby depot (Find Part) or return it first.",
                    part=move.product_id.display_name,
                    location=move.location_id.display_name,
                    needed=move.product_uom_qty,
                    available=move.quantity,
                )
            )
