"""Parts on a service request: its depot, its parts lines and old parts,
emergency transfers, and the invoice of parts and labour out of warranty."""

from odoo import api, fields, models
from odoo.addons.aftersales_service.models.aftersales_write_guard import suite_writes
from odoo.exceptions import UserError, ValidationError


class AftersalesRequest(models.Model):
    _inherit = "aftersales.request"
    _field_roles = {
        "labour_hours": ("technician", "supervisor"),
        "depot_id": ("dispatcher", "keeper"),
    }

    depot_id = fields.Many2one(
        "stock.warehouse",
        string="Depot",
        compute="_compute_depot_id",
        store=True,
        readonly=False,
        index=True,
        check_company=True,
        domain=[("aftersales_is_depot", "=", True)],
        help="The depot that issues the parts: the one covering the request's county.",
    )
    part_line_ids = fields.One2many("aftersales.part.line", "request_id", string="Parts")
    old_part_ids = fields.One2many("aftersales.old.part", "request_id", string="Old Parts")
    parts_transfer_ids = fields.One2many(
        "aftersales.parts.transfer", "request_id", string="Emergency Transfers"
    )
    parts_move_count = fields.Integer(compute="_compute_parts_counts")
    old_part_count = fields.Integer(compute="_compute_parts_counts")
    parts_transfer_count = fields.Integer(compute="_compute_parts_counts")
    labour_hours = fields.Float(string="Labour Hours", copy=False, tracking=True)
    parts_amount = fields.Monetary(compute="_compute_parts_amounts", store=True, tracking=True)
    parts_cost = fields.Monetary(
        compute="_compute_parts_amounts",
        store=True,
        help="Stock value of the parts used: what a manufacturer claim recovers.",
        tracking=True,
    )
    invoice_id = fields.Many2one("account.move", string="Invoice", readonly=True, copy=False)
    invoice_payment_state = fields.Selection(related="invoice_id.payment_state", string="Payment")

    @api.constrains("labour_hours")
    def _check_labour_hours(self):
        negative = self.filtered(lambda r: r.labour_hours < 0)
        if negative:
            raise ValidationError(
                self.env._(
                    "%(request)s: labour hours cannot be negative (%(hours)s).",
                    request=negative[0].name,
                    hours=negative[0].labour_hours,
                )
            )

    @api.depends("county_id")
    def _compute_depot_id(self):
        depots = self.env["stock.warehouse"]._aftersales_depots_for_counties(self.county_id)
        for request in self:
            request.depot_id = depots.get(request.county_id.id) or request.depot_id

    @api.depends("part_line_ids.price_subtotal", "part_line_ids.cost_amount", "part_line_ids.state")
    def _compute_parts_amounts(self):
        for request in self:
            lines = request.part_line_ids.filtered(lambda ln: ln.state != "cancelled")
            request.parts_amount = sum(lines.mapped("price_subtotal"))
            request.parts_cost = sum(lines.mapped("cost_amount"))

    def _compute_parts_counts(self):
        # Agents without stock rights see the request, not its stock moves.
        moves = (
            dict(
                self.env["stock.move"]._read_group(
                    [("aftersales_request_id", "in", self.ids)], ["aftersales_request_id"], ["__count"]
                )
            )
            if self.env["stock.move"].has_access("read")
            else {}
        )
        old = dict(
            self.env["aftersales.old.part"]._read_group(
                [("request_id", "in", self.ids)], ["request_id"], ["__count"]
            )
        )
        transfers = dict(
            self.env["aftersales.parts.transfer"]._read_group(
                [("request_id", "in", self.ids)], ["request_id"], ["__count"]
            )
        )
        for request in self:
            request.parts_move_count = moves.get(request, 0)
            request.old_part_count = old.get(request, 0)
            request.parts_transfer_count = transfers.get(request, 0)

    # ------------------------------------------------------------------ workflow

    def action_done(self):
        pending = self.part_line_ids.filtered(lambda ln: ln.state == "issued")
        if pending:
            raise UserError(
                self.env._(
                    "%(request)s: confirm which issued parts were used (%(parts)s) before finishing.",
                    request=pending[0].request_id.name,
                    parts=", ".join(pending.mapped("product_id.display_name")),
                )
            )
        return super().action_done()

    def action_issue_parts(self):
        self.part_line_ids.filtered(lambda ln: ln.state == "planned").action_issue()
        return True

    def action_confirm_parts_used(self):
        self.part_line_ids.filtered(lambda ln: ln.state == "issued").action_confirm_use()
        return True

    def action_return_parts(self):
        self.part_line_ids.filtered(lambda ln: ln.state == "to_return").action_return()
        return True

    # ------------------------------------------------------------------ pricing

    def _aftersales_pricelist(self):
        self.ensure_one()
        return self.company_id.aftersales_parts_pricelist_id or self.partner_id.property_product_pricelist

    def _aftersales_price(self, product, quantity):
        """Unit price of a part or of labour for this request's customer."""
        if not product:
            return 0.0
        pricelist = self._aftersales_pricelist() if self else False
        if pricelist:
            return pricelist._get_product_price(product, quantity or 1.0)
        return product.lst_price

    # ------------------------------------------------------------------ invoice

    def action_create_invoice(self):
        """Invoice the parts used and the labour of an out-of-warranty request."""
        self.ensure_one()
        self._check_invoiceable()
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.partner_id.id,
                "company_id": self.company_id.id,
                "invoice_origin": self.name,
                "invoice_line_ids": [(0, 0, vals) for vals in self._invoice_line_vals()],
            }
        )
        with suite_writes(self.env):
            self.invoice_id = invoice
        self.message_post(body=self.env._("Invoice %(name)s created.", name=invoice.display_name))
        return self.action_view_invoice()

    def _check_invoiceable(self):
        if self.warranty_state == "in":
            raise UserError(
                self.env._(
                    "%(request)s is under warranty: its parts and labour are not invoiced to the "
                    "customer; they are costed for the manufacturer's claim.",
                    request=self.name,
                )
            )
        if self.warranty_state != "out":
            raise UserError(
                self.env._(
                    "Decide whether %(request)s is under warranty before invoicing it.", request=self.name
                )
            )
        if self.invoice_id and self.invoice_id.state != "cancel":
            raise UserError(
                self.env._(
                    "%(request)s is already invoiced (%(invoice)s).",
                    request=self.name,
                    invoice=self.invoice_id.display_name,
                )
            )
        if self.part_line_ids.filtered(lambda ln: ln.state in ("planned", "issued")):
            raise UserError(
                self.env._(
                    "%(request)s still has parts not confirmed as used: confirm or cancel them first.",
                    request=self.name,
                )
            )
        if not self._invoice_line_vals():
            raise UserError(
                self.env._("%(request)s has no parts used and no labour to invoice.", request=self.name)
            )

    def _invoice_line_vals(self):
        vals = [
            {
                "product_id": line.product_id.id,
                "quantity": line.used_qty,
                "price_unit": line.price_unit,
                "tax_ids": [(6, 0, line.product_id.taxes_id.ids)],
            }
            for line in self.part_line_ids.filtered(
                lambda ln: ln.state in ("to_return", "done") and ln.used_qty
            )
        ]
        labour = self.company_id.aftersales_labour_product_id
        if self.labour_hours > 0:
            if not labour:
                raise UserError(
                    self.env._("Set the labour product in the After-Sales settings to invoice labour hours.")
                )
            vals.append(
                {
                    "product_id": labour.id,
                    "quantity": self.labour_hours,
                    "price_unit": self._aftersales_price(labour, self.labour_hours),
                    "tax_ids": [(6, 0, labour.taxes_id.ids)],
                }
            )
        return vals

    # ------------------------------------------------------------------ smart buttons

    def action_view_invoice(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.invoice_id.id,
            "view_mode": "form",
        }

    def action_view_parts_moves(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Parts Movements"),
            "res_model": "stock.move",
            "view_mode": "list,form",
            "domain": [("aftersales_request_id", "=", self.id)],
        }

    def action_view_old_parts(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Old Parts"),
            "res_model": "aftersales.old.part",
            "view_mode": "list,form",
            "domain": [("request_id", "=", self.id)],
            "context": {"default_request_id": self.id, "default_depot_id": self.depot_id.id},
        }

    def action_view_parts_transfers(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Emergency Transfers"),
            "res_model": "aftersales.parts.transfer",
            "view_mode": "list,form",
            "domain": [("request_id", "=", self.id)],
            "context": {"default_request_id": self.id, "default_dest_depot_id": self.depot_id.id},
        }
