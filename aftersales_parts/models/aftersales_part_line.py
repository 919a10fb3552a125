"""A part planned, issued, used and returned on a service request.

    planned --issue--> issued --use--> to_return --return--> done
                                  \\----------(nothing to return)--> done
    planned --cancel--> cancelled

Issue moves the part from the depot (or the van it is already in) to what
the technician carries; use moves what was fitted to the customer and
raises the old part; return brings the rest back where it came from."""

from odoo import api, fields, models
from odoo.addons.aftersales_service.models.aftersales_request import OPEN_STATES
from odoo.addons.aftersales_service.models.aftersales_write_guard import suite_writes
from odoo.addons.aftersales_service.tools import user_number
from odoo.exceptions import UserError, ValidationError

PART_LINE_STATES = [
    ("planned", "Planned"),
    ("issued", "Issued"),
    ("to_return", "To Return"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]
# action -> (states it starts from, state or states it ends in)
TRANSITIONS = {
    "issue": (("planned",), "issued"),
    "use": (("issued",), ("to_return", "done")),
    "return": (("to_return",), "done"),
    "cancel": (("planned",), "cancelled"),
}
# Figures that feed the request's amounts and costs: every change is written
# in the request's chatter with the user and the old value.
AUDITED_FIELDS = (
    "planned_qty",
    "issued_qty",
    "used_qty",
    "returned_qty",
    "price_unit",
    "cost_amount",
    "owner_id",
)
# Fields a technician or keeper may still change once the line is issued.
LIVE_FIELDS = {
    "sequence",
    "used_qty",
    "state",
    "issued_qty",
    "returned_qty",
    "owner_id",
    "cost_amount",
    "carry_location_id",
    "price_unit",
}


class AftersalesPartLine(models.Model):
    _name = "aftersales.part.line"
    _description = "Service Request Part"
    _inherit = ["aftersales.workflow.mixin"]
    _transitions = TRANSITIONS
    _order = "request_id, sequence, id"
    # The price comes from the price list (_compute_price_unit); quantities
    # issued and returned, costs and owners from the stock moves.
    _system_fields = ("price_unit",)
    _field_roles = {
        **dict.fromkeys(
            ("request_id", "product_id", "planned_qty", "sequence"), ("technician", "keeper", "dispatcher")
        ),
        "used_qty": ("technician", "keeper"),
        "source_location_id": ("keeper",),
    }
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    request_id = fields.Many2one(
        "aftersales.request", required=True, ondelete="cascade", index=True, check_company=True
    )
    company_id = fields.Many2one(related="request_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="request_id.currency_id")
    state = fields.Selection(PART_LINE_STATES, default="planned", required=True, index=True, readonly=True)
    product_id = fields.Many2one(
        "product.product",
        string="Part",
        required=True,
        index=True,
        domain=[("aftersales_is_spare_part", "=", True)],
    )
    uom_id = fields.Many2one(related="product_id.uom_id")
    planned_qty = fields.Float(string="Planned", default=1.0, digits="Product Unit", required=True)
    issued_qty = fields.Float(string="Issued", digits="Product Unit", readonly=True, copy=False)
    used_qty = fields.Float(string="Used", digits="Product Unit", copy=False)
    returned_qty = fields.Float(string="Returned", digits="Product Unit", readonly=True, copy=False)
    source_location_id = fields.Many2one(
        "stock.location",
        string="Taken From",
        compute="_compute_source_location_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        domain=[("usage", "=", "internal")],
    )
    carry_location_id = fields.Many2one("stock.location", string="Carried In", readonly=True, copy=False)
    owner_id = fields.Many2one(
        "res.partner",
        string="Stock Owner",
        readonly=True,
        copy=False,
        help="Set when the part used came from consignment stock owned by a manufacturer.",
    )
    price_unit = fields.Float(
        string="Unit Price",
        digits="Product Price",
        compute="_compute_price_unit",
        store=True,
        precompute=True,
    )
    price_subtotal = fields.Monetary(compute="_compute_price_subtotal", store=True)
    cost_amount = fields.Monetary(
        string="Cost",
        readonly=True,
        copy=False,
        help="Stock value of the parts used, as booked by the stock valuation.",
    )
    warranty_state = fields.Selection(related="request_id.warranty_state")
    move_ids = fields.One2many("stock.move", "aftersales_part_line_id", readonly=True)

    def _new_record_label(self, record):
        return self.env._(
            "the new part %(part)s of %(request)s",
            part=record.product_id.display_name,
            request=record.request_id.name,
        )

    # ------------------------------------------------------------------ computes

    @api.depends("request_id.technician_id", "request_id.depot_id")
    def _compute_source_location_id(self):
        for line in self:
            if line.state not in ("planned", False):
                line.source_location_id = line.source_location_id  # taken from there already
                continue
            van = line.request_id.technician_id.sudo().aftersales_van_location_id
            line.source_location_id = van or line.request_id.depot_id.lot_stock_id

    @api.depends("product_id", "planned_qty", "request_id.partner_id")
    def _compute_price_unit(self):
        for line in self:
            line.price_unit = line.request_id._aftersales_price(line.product_id, line.planned_qty or 1.0)

    @api.depends("price_unit", "planned_qty", "used_qty", "state")
    def _compute_price_subtotal(self):
        for line in self:
            qty = line.used_qty if line.state in ("to_return", "done") else line.planned_qty
            line.price_subtotal = line.price_unit * qty if line.state != "cancelled" else 0.0

    # ------------------------------------------------------------------ checks

    @api.constrains("planned_qty", "used_qty")
    def _check_quantities(self):
        for line in self:
            if line.planned_qty <= 0 or line.used_qty < 0:
                raise ValidationError(
                    self.env._(
                        "%(request)s: the quantity of %(part)s must be positive (planned %(planned)s, "
                        "used %(used)s).",
                        request=line.request_id.name,
                        part=line.product_id.display_name,
                        planned=line.planned_qty,
                        used=line.used_qty,
                    )
                )

    @api.constrains("used_qty", "issued_qty")
    def _check_used_within_issued(self):
        for line in self:
            if line.state != "planned" and line.used_qty > line.issued_qty:
                raise ValidationError(
                    self.env._(
                        "%(request)s: %(used)s %(part)s used but only %(issued)s issued.",
                        request=line.request_id.name,
                        used=line.used_qty,
                        part=line.product_id.display_name,
                        issued=line.issued_qty,
                    )
                )

    @api.constrains("product_id", "request_id")
    def _check_part_fits(self):
        for line in self:
            template = line.product_id.product_tmpl_id
            if not template.aftersales_is_spare_part:
                raise ValidationError(
                    self.env._(
                        "%(product)s is not a spare part: flag it as one before using it on a request.",
                        product=line.product_id.display_name,
                    )
                )
            appliance = line.request_id.product_id.product_tmpl_id
            if appliance and not template._aftersales_fits(appliance):
                raise ValidationError(
                    self.env._(
                        "Part %(part)s does not fit %(product)s (%(request)s). It fits: %(fits)s.",
                        part=line.product_id.display_name,
                        product=appliance.display_name,
                        request=line.request_id.name,
                        fits=", ".join(template.aftersales_fits_ids.mapped("display_name")),
                    )
                )

    def _check_request_open(self):
        closed = self.request_id.filtered(lambda r: r.state not in OPEN_STATES)
        if closed:
            states = dict(closed._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "%(request)s is %(state)s: parts can only be planned, issued or used on an open request.",
                    request=closed[0].name,
                    state=states[closed[0].state],
                )
            )

    @api.model
    def _transition_labels(self):
        return {
            "issue": self.env._("issue"),
            "use": self.env._("confirm as used"),
            "return": self.env._("return"),
            "cancel": self.env._("cancel"),
        }

    def _workflow_record_names(self):
        return ", ".join(
            self.env._(
                "part %(part)s on %(request)s",
                part=line.product_id.display_name,
                request=line.request_id.name,
            )
            for line in self
        )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._check_request_open()
        return lines

    def write(self, vals):
        if set(vals) - LIVE_FIELDS:
            self._check_request_open()
            if any(line.state != "planned" for line in self):
                raise UserError(
                    self.env._("Only planned parts can be changed; cancel the issue by returning the part.")
                )
        before = self._audited_values(vals)
        result = super().write(vals)
        if before:
            self._post_figure_changes(before)
        return result

    def _audited_values(self, vals):
        """{line id: {field: value}} of the audited figures `vals` touches."""
        audited = [fname for fname in AUDITED_FIELDS if fname in vals]
        if not audited or self.env.context.get("tracking_disable"):
            return {}
        return {line.id: {fname: line[fname] for fname in audited} for line in self}

    def _post_figure_changes(self, before):
        """The line has no chatter of its own: each change of a figure that
        feeds an amount is written in its request's, with the user (the
        message's author) and the old value."""
        for line in self:
            changes = [
                self.env._(
                    "%(field)s %(old)s → %(new)s",
                    field=self._fields[fname]._description_string(self.env),
                    old=line._audit_text(fname, old),
                    new=line._audit_text(fname, line[fname]),
                )
                for fname, old in before[line.id].items()
                if old != line[fname]
            ]
            if changes:
                line.request_id.sudo().message_post(
                    body=self.env._(
                        "Part %(part)s: %(changes)s",
                        part=line.product_id.display_name,
                        changes="; ".join(changes),
                    )
                )

    def _audit_text(self, fname, value):
        if isinstance(value, models.BaseModel):
            return value.display_name or "-"
        return user_number(self.env, value)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_issued(self):
        if any(line.state not in ("planned", "cancelled") for line in self):
            raise UserError(self.env._("Issued parts cannot be deleted; return them instead."))

    # ------------------------------------------------------------------ actions

    def action_issue(self):
        """Hand the parts to the technician: depot -> van or on-job location."""
        self._check_transition("issue")
        self._check_request_open()
        self.check_access("write")
        with suite_writes(self.env):
            for line in self:
                line.carry_location_id = line._carry_location()
        moving = self.filtered(lambda ln: ln.carry_location_id != ln.source_location_id)
        self.env["stock.move"].sudo()._aftersales_execute(
            [
                line._move_vals("issue", line.source_location_id, line.carry_location_id, line.planned_qty)
                for line in moving
            ]
        )
        return self._move_to(
            "issue",
            each={line.id: {"issued_qty": line.planned_qty, "used_qty": line.planned_qty} for line in self},
        )

    @api.private
    def action_confirm_use(self):
        """The technician confirms what was fitted: it leaves the stock for the
        customer, the owner and cost are recorded, the old part is expected."""
        self._check_transition("use")
        self._check_request_open()
        self.check_access("write")
        used = self.filtered(lambda ln: ln.used_qty > 0)
        moves = (
            self.env["stock.move"]
            .sudo()
            ._aftersales_execute(
                [
                    line._move_vals(
                        "consume", line.carry_location_id, line._customer_location(), line.used_qty
                    )
                    for line in used
                ]
            )
        )
        with suite_writes(self.env):
            for line, move in zip(used, moves, strict=True):
                line.write({"owner_id": move.move_line_ids.owner_id[:1].id, "cost_amount": move.value})
        self._move_to(
            "use",
            each={line.id: {"state": "to_return" if line._qty_to_return() else "done"} for line in self},
        )
        self.env["aftersales.old.part"].sudo()._create_for_lines(used)
        return True

    def action_return(self):
        """Bring back what was issued and not used."""
        self._check_transition("return")
        self.env["stock.move"].sudo()._aftersales_execute(
            [
                line._move_vals(
                    "return", line.carry_location_id, line.source_location_id, line._qty_to_return()
                )
                for line in self
            ]
        )
        return self._move_to(
            "return", each={line.id: {"returned_qty": line._qty_to_return()} for line in self}
        )

    def action_cancel(self):
        return self._move_to("cancel")

    def action_find_part(self):
        """Open the shortage wizard: nearest depots holding this part."""
        self.ensure_one()
        return self.env["aftersales.parts.shortage.wizard"]._open_for_line(self)

    # ------------------------------------------------------------------ helpers

    def _qty_to_return(self):
        self.ensure_one()
        if self.carry_location_id == self.source_location_id:
            return 0.0
        return self.issued_qty - self.used_qty - self.returned_qty

    def _carry_location(self):
        self.ensure_one()
        van = self.request_id.technician_id.sudo().aftersales_van_location_id
        if not self.source_location_id:
            raise UserError(
                self.env._(
                    "%(request)s has no depot and its technician no van: choose where %(part)s "
                    "is taken from.",
                    request=self.request_id.name,
                    part=self.product_id.display_name,
                )
            )
        if van:
            return van
        depot = self.source_location_id.warehouse_id
        if not depot:
            raise UserError(
                self.env._(
                    "%(location)s belongs to no warehouse: parts are issued from a depot or a van.",
                    location=self.source_location_id.display_name,
                )
            )
        depot._aftersales_ensure_locations()
        return depot.aftersales_field_location_id

    def _customer_location(self):
        partner = self.request_id.partner_id
        return partner.property_stock_customer or self.env.ref("stock.stock_location_customers")

    def _move_vals(self, kind, source, destination, quantity):
        self.ensure_one()
        return {
            "product_id": self.product_id.id,
            "product_uom": self.product_id.uom_id.id,
            "product_uom_qty": quantity,
            "location_id": source.id,
            "location_dest_id": destination.id,
            "company_id": self.company_id.id,
            "partner_id": self.request_id.partner_id.id,
            "origin": self.request_id.name,
            "aftersales_kind": kind,
            "aftersales_request_id": self.request_id.id,
            "aftersales_part_line_id": self.id,
            "aftersales_depot_id": (source.warehouse_id or destination.warehouse_id).id,
        }
