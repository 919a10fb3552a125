"""Emergency transfer of a missing part (调件单).

    draft --submit--> to_approve --approve--> approved --receive--> done
                                 --reject---> rejected --reset--> draft
    draft / to_approve --cancel--> cancelled

Approval (a supervisor's) creates the real transfer: an internal transfer
from another depot, or a receipt shipped by the supplier straight to the
requesting depot (drop-ship)."""

from odoo import api, fields, models
from odoo.addons.aftersales_service.models.aftersales_write_guard import suite_writes
from odoo.exceptions import UserError, ValidationError

TRANSFER_STATES = [
    ("draft", "Draft"),
    ("to_approve", "To Approve"),
    ("approved", "Approved"),
    ("done", "Received"),
    ("rejected", "Rejected"),
    ("cancelled", "Cancelled"),
]
TRANSITIONS = {
    "submit": (("draft",), "to_approve"),
    "approve": (("to_approve",), "approved"),
    "reject": (("to_approve",), "rejected"),
    "receive": (("approved",), "done"),
    "reset": (("rejected",), "draft"),
    "cancel": (("draft", "to_approve"), "cancelled"),
}
SOURCE_TYPES = [("depot", "Another Depot"), ("supplier", "Supplier (Drop-Ship)")]


class AftersalesPartsTransfer(models.Model):
    _name = "aftersales.parts.transfer"
    _description = "Emergency Parts Transfer"
    _inherit = ["aftersales.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _transitions = TRANSITIONS
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(default="/", readonly=True, copy=False, index="trigram")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    state = fields.Selection(
        TRANSFER_STATES, default="draft", required=True, readonly=True, tracking=True, index=True
    )
    request_id = fields.Many2one("aftersales.request", index="btree_not_null", check_company=True)
    part_line_id = fields.Many2one("aftersales.part.line", index="btree_not_null")
    product_id = fields.Many2one(
        "product.product",
        string="Part",
        required=True,
        domain=[("aftersales_is_spare_part", "=", True)],
    )
    quantity = fields.Float(digits="Product Unit", required=True, default=1.0, tracking=True)
    dest_depot_id = fields.Many2one(
        "stock.warehouse",
        string="For Depot",
        required=True,
        check_company=True,
        domain=[("aftersales_is_depot", "=", True)],
    )
    source_type = fields.Selection(SOURCE_TYPES, default="depot", required=True)
    source_depot_id = fields.Many2one(
        "stock.warehouse",
        string="From Depot",
        check_company=True,
        domain=[("aftersales_is_depot", "=", True)],
    )
    supplier_id = fields.Many2one("res.partner", string="Supplier")
    distance_km = fields.Float(string="Distance (km)", digits=(10, 1), readonly=True)
    reason = fields.Text()
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    approved_date = fields.Datetime(readonly=True, copy=False)
    reject_reason = fields.Text(copy=False, tracking=True)
    picking_id = fields.Many2one("stock.picking", readonly=True, copy=False)

    @api.constrains("source_type", "source_depot_id", "dest_depot_id", "supplier_id", "quantity")
    def _check_source(self):
        for transfer in self:
            if transfer.quantity <= 0:
                raise ValidationError(
                    self.env._(
                        "The quantity of %(part)s to transfer must be positive.",
                        part=transfer.product_id.display_name,
                    )
                )
            if transfer.source_type == "depot" and not transfer.source_depot_id:
                raise ValidationError(self.env._("Choose the depot the part is taken from."))
            if transfer.source_type == "depot" and transfer.source_depot_id == transfer.dest_depot_id:
                raise ValidationError(self.env._("A depot cannot send a part to itself."))
            if transfer.source_type == "supplier" and not transfer.supplier_id:
                raise ValidationError(self.env._("Choose the supplier that ships the part."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("aftersales.parts.transfer") or "/"
        return super().create(vals_list)

    @api.model
    def _transition_labels(self):
        return {
            "submit": self.env._("submit"),
            "approve": self.env._("approve"),
            "reject": self.env._("reject"),
            "receive": self.env._("receive"),
            "reset": self.env._("reset"),
            "cancel": self.env._("cancel"),
        }

    def _workflow_record_names(self):
        return self.env._("transfer %(names)s", names=", ".join(self.mapped("name")))

    def action_submit(self):
        return self._move_to("submit")

    def action_approve(self):
        if not self.env.user.has_group("aftersales_service.group_aftersales_supervisor"):
            raise UserError(self.env._("Only a supervisor can approve an emergency transfer."))
        self._lock_rows()
        self._check_transition("approve")
        with suite_writes(self.env):
            for transfer in self:
                transfer.picking_id = transfer._create_picking()
        return self._move_to(
            "approve", {"approved_by_id": self.env.uid, "approved_date": fields.Datetime.now()}, locked=True
        )

    def action_reject(self):
        """Reject with the reason written on the transfer (mandatory)."""
        self._check_transition("reject")
        missing = self.filtered(lambda t: not (t.reject_reason or "").strip())
        if missing:
            raise UserError(
                self.env._(
                    "Write why transfer %(name)s is rejected before rejecting it.", name=missing[0].name
                )
            )
        return self._move_to("reject")

    def action_reset(self):
        return self._move_to("reset")

    def action_cancel(self):
        return self._move_to("cancel")

    def action_receive(self):
        """The requesting depot receives the part: the transfer is validated."""
        self._check_transition("receive")
        for transfer in self:
            picking = transfer.picking_id.sudo()
            if picking.state != "done":
                picking.action_assign()
                transfer._check_picking_available(picking)
                picking.move_ids.picked = True
                picking._action_done()
        return self._move_to("receive")

    def _check_picking_available(self, picking):
        for move in picking.move_ids:
            if move.product_uom.compare(move.quantity, move.product_uom_qty) < 0:
                raise UserError(
                    self.env._(
                        "%(depot)s no longer holds %(qty)s %(part)s for transfer %(name)s.",
                        depot=self.source_depot_id.name,
                        qty=move.product_uom_qty,
                        part=move.product_id.display_name,
                        name=self.name,
                    )
                )

    def _create_picking(self):
        self.ensure_one()
        dest = self.dest_depot_id
        if self.source_type == "depot":
            picking_type, source = self.source_depot_id.int_type_id, self.source_depot_id.lot_stock_id
            partner = self.dest_depot_id.partner_id
        else:
            picking_type = dest.in_type_id
            source = self.supplier_id.property_stock_supplier or self.env.ref(
                "stock.stock_location_suppliers"
            )
            partner = self.supplier_id
        picking = (
            self.env["stock.picking"]
            .sudo()
            .create(
                {
                    "picking_type_id": picking_type.id,
                    "location_id": source.id,
                    "location_dest_id": dest.lot_stock_id.id,
                    "partner_id": partner.id,
                    "origin": self.name,
                    "company_id": self.company_id.id,
                    "move_ids": [
                        (
                            0,
                            0,
                            {
                                "product_id": self.product_id.id,
                                "product_uom": self.product_id.uom_id.id,
                                "product_uom_qty": self.quantity,
                                "location_id": source.id,
                                "location_dest_id": dest.lot_stock_id.id,
                                "company_id": self.company_id.id,
                                "aftersales_kind": "transfer",
                                "aftersales_request_id": self.request_id.id,
                                "aftersales_depot_id": dest.id,
                            },
                        )
                    ],
                }
            )
        )
        picking.action_confirm()
        return picking

    def _get_form_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
        }
