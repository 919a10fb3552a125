"""Find a missing part in the nearest depots and propose an emergency
transfer (调件) from one of them, or a drop-ship from a supplier."""

from odoo import api, fields, models
from odoo.addons.aftersales_service.models.aftersales_write_guard import suite_writes
from odoo.exceptions import UserError


class AftersalesPartsShortageWizard(models.TransientModel):
    _name = "aftersales.parts.shortage.wizard"
    _description = "Find a Missing Part"

    part_line_id = fields.Many2one("aftersales.part.line")
    request_id = fields.Many2one("aftersales.request")
    dest_depot_id = fields.Many2one("stock.warehouse", string="For Depot", required=True)
    product_id = fields.Many2one("product.product", string="Part", required=True)
    quantity = fields.Float(digits="Product Unit", required=True, default=1.0)
    line_ids = fields.One2many("aftersales.parts.shortage.wizard.line", "wizard_id", string="Depots")
    supplier_id = fields.Many2one(
        "res.partner",
        string="Or Drop-Ship From",
        help="Have the supplier ship the part straight to the requesting depot.",
    )
    reason = fields.Text()

    @api.model
    def _open_for_line(self, line):
        wizard = self.create(
            {
                "part_line_id": line.id,
                "request_id": line.request_id.id,
                "dest_depot_id": (line.source_location_id.warehouse_id or line.request_id.depot_id).id,
                "product_id": line.product_id.id,
                "quantity": line.planned_qty,
                "supplier_id": line.product_id.seller_ids[:1].partner_id.id,
            }
        )
        wizard.action_search()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_search(self):
        self.ensure_one()
        if not self.dest_depot_id:
            raise UserError(self.env._("Choose the depot that needs the part."))
        found = self.dest_depot_id._aftersales_nearest_with_stock(self.product_id, self.quantity)
        self.line_ids = [(5, 0, 0)] + [
            (0, 0, {"depot_id": depot.id, "available_qty": qty, "distance_km": km or 0.0})
            for depot, qty, km in found
        ]
        return True

    def _transfer_vals(self):
        return {
            "request_id": self.request_id.id,
            "part_line_id": self.part_line_id.id,
            "product_id": self.product_id.id,
            "quantity": self.quantity,
            "dest_depot_id": self.dest_depot_id.id,
            "reason": self.reason,
        }

    def action_drop_ship(self):
        self.ensure_one()
        if not self.supplier_id:
            raise UserError(self.env._("Choose the supplier that ships the part."))
        transfer = self.env["aftersales.parts.transfer"].create(
            {**self._transfer_vals(), "source_type": "supplier", "supplier_id": self.supplier_id.id}
        )
        transfer.action_submit()
        return transfer._get_form_action()


class AftersalesPartsShortageWizardLine(models.TransientModel):
    _name = "aftersales.parts.shortage.wizard.line"
    _description = "Depot Holding a Missing Part"
    _order = "distance_km, id"

    wizard_id = fields.Many2one("aftersales.parts.shortage.wizard", required=True, ondelete="cascade")
    depot_id = fields.Many2one("stock.warehouse", string="Depot", readonly=True)
    available_qty = fields.Float(string="Available", digits="Product Unit", readonly=True)
    distance_km = fields.Float(string="Distance (km)", digits=(10, 1), readonly=True)

    def action_request_transfer(self):
        """Ask this depot for the part: a transfer waiting for approval."""
        self.ensure_one()
        wizard = self.wizard_id
        with suite_writes(self.env):
            transfer = self.env["aftersales.parts.transfer"].create(
                {
                    **wizard._transfer_vals(),
                    "source_type": "depot",
                    "source_depot_id": self.depot_id.id,
                    "distance_km": self.distance_km,
                }
            )
        transfer.action_submit()
        return transfer._get_form_action()
