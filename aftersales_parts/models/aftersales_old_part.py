"""An old part taken out of a customer's product (旧件).

    pending --recover--> recovered --write_off--------> written_off
                                   --return_central---> returned_central
                                   --return_supplier--> returned_supplier

Recovery and each disposition are real stock moves: into the depot's
old-parts location, then to scrap, to the central depot or to the supplier."""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

OLD_PART_STATES = [
    ("pending", "To Recover"),
    ("recovered", "Recovered"),
    ("written_off", "Written Off"),
    ("returned_central", "Returned to Centre"),
    ("returned_supplier", "Returned to Supplier"),
]
DISPOSED_STATES = ("written_off", "returned_central", "returned_supplier")
TRANSITIONS = {
    "recover": (("pending",), "recovered"),
    "write_off": (("recovered",), "written_off"),
    "return_central": (("recovered",), "returned_central"),
    "return_supplier": (("recovered",), "returned_supplier"),
}
MOVE_KIND = {
    "recover": "old_in",
    "write_off": "old_scrap",
    "return_central": "old_central",
    "return_supplier": "old_supplier",
}


class AftersalesOldPart(models.Model):
    _name = "aftersales.old.part"
    _description = "Old Part"
    _inherit = ["aftersales.workflow.mixin", "mail.thread"]
    _transitions = TRANSITIONS
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(related="product_id.display_name", string="Name")
    request_id = fields.Many2one("aftersales.request", required=True, index=True, ondelete="restrict")
    part_line_id = fields.Many2one("aftersales.part.line", index="btree_not_null", ondelete="set null")
    company_id = fields.Many2one(related="request_id.company_id", store=True, index=True)
    depot_id = fields.Many2one(
        "stock.warehouse", string="Depot", required=True, index=True, check_company=True
    )
    product_id = fields.Many2one("product.product", string="Part", required=True, index=True)
    quantity = fields.Float(digits="Product Unit", required=True, default=1.0, tracking=True)
    serial = fields.Char(string="Old Serial Number")
    state = fields.Selection(
        OLD_PART_STATES, default="pending", required=True, index=True, readonly=True, tracking=True
    )
    supplier_id = fields.Many2one(
        "res.partner",
        string="Return To",
        help="Supplier or manufacturer the old part goes back to.",
    )
    disposed_date = fields.Datetime(readonly=True, copy=False)
    disposed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    move_ids = fields.One2many("stock.move", "aftersales_old_part_id", readonly=True)

    @api.constrains("quantity")
    def _check_quantity(self):
        if any(part.quantity <= 0 for part in self):
            raise ValidationError(self.env._("The quantity of an old part must be positive."))

    @api.model
    def _create_for_lines(self, lines):
        """One old part awaited per used parts line whose part is recovered."""
        return self.create(
            [
                {
                    "request_id": line.request_id.id,
                    "part_line_id": line.id,
                    "depot_id": (line.source_location_id.warehouse_id or line.request_id.depot_id).id,
                    "product_id": line.product_id.id,
                    "quantity": line.used_qty,
                    "supplier_id": line.owner_id.id or line.product_id.seller_ids[:1].partner_id.id,
                }
                for line in lines
                if line.product_id.aftersales_recover_old_part
                and (line.source_location_id.warehouse_id or line.request_id.depot_id)
            ]
        )

    @api.model
    def _transition_labels(self):
        return {
            "recover": self.env._("recover"),
            "write_off": self.env._("write off"),
            "return_central": self.env._("return to the centre"),
            "return_supplier": self.env._("return to the supplier"),
        }

    def _workflow_record_names(self):
        return ", ".join(
            self.env._(
                "old part %(part)s from %(request)s",
                part=part.product_id.display_name,
                request=part.request_id.name,
            )
            for part in self
        )

    def _dispose(self, action, destination_of):
        """Move each old part to `destination_of(part)` and set its state."""
        self._check_transition(action)
        self.check_access("write")
        self.env["stock.move"].sudo()._aftersales_execute(
            [part._move_vals(action, part._source_location(action), destination_of(part)) for part in self]
        )
        values = {}
        if action != "recover":
            values.update(disposed_date=fields.Datetime.now(), disposed_by_id=self.env.uid)
        return self._move_to(action, values)

    def action_recover(self):
        return self._dispose("recover", lambda p: p.depot_id.aftersales_old_parts_location_id)

    def action_write_off(self):
        scrap = self.env["stock.location"].search(
            [
                ("usage", "=", "inventory"),
                ("company_id", "=", self.env.company.id),
                ("id", "not in", self.depot_id.aftersales_old_parts_location_id.ids),
            ],
            order="id",
            limit=1,
        )
        return self._dispose("write_off", lambda p: scrap)

    def action_return_central(self):
        for part in self:
            central = part.depot_id._aftersales_central()
            if central == part.depot_id:
                raise UserError(
                    self.env._(
                        "%(depot)s is the central depot: write the old part off or return it "
                        "to the supplier instead.",
                        depot=part.depot_id.name,
                    )
                )
            central._aftersales_ensure_locations()
        return self._dispose(
            "return_central", lambda p: p.depot_id._aftersales_central().aftersales_old_parts_location_id
        )

    def action_return_supplier(self):
        missing = self.filtered(lambda p: not p.supplier_id)
        if missing:
            raise UserError(
                self.env._(
                    "Choose the supplier that old part %(part)s goes back to.",
                    part=missing[0].product_id.display_name,
                )
            )
        return self._dispose(
            "return_supplier",
            lambda p: p.supplier_id.property_stock_supplier or self.env.ref("stock.stock_location_suppliers"),
        )

    def _source_location(self, action):
        if action == "recover":
            return self.request_id.partner_id.property_stock_customer or self.env.ref(
                "stock.stock_location_customers"
            )
        return self.depot_id.aftersales_old_parts_location_id

    def _move_vals(self, action, source, destination):
        self.ensure_one()
        return {
            "product_id": self.product_id.id,
            "product_uom": self.product_id.uom_id.id,
            "product_uom_qty": self.quantity,
            "location_id": source.id,
            "location_dest_id": destination.id,
            "company_id": self.company_id.id,
            "partner_id": (
                self.supplier_id if action == "return_supplier" else self.request_id.partner_id
            ).id,
            "origin": self.request_id.name,
            "aftersales_kind": MOVE_KIND[action],
            "aftersales_request_id": self.request_id.id,
            "aftersales_old_part_id": self.id,
            "aftersales_depot_id": self.depot_id.id,
        }
