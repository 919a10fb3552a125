"""Remedies of a three-guarantee card on real stock and accounting: the
refund (return into quarantine + credit note with a depreciation line) and
the exchange (return + replacement delivery + new card)."""

from odoo import Command, fields, models
from odoo.addons.aftersales_service.models.aftersales_write_guard import suite_writes
from odoo.addons.aftersales_service.tools import user_amount
from odoo.exceptions import UserError


class AftersalesWarrantyCard(models.Model):
    _inherit = "aftersales.warranty.card"

    # ------------------------------------------------------------------ helpers

    def _check_remedy_allowed(self):
        if not self.env.user.has_group("aftersales_service.group_aftersales_supervisor"):
            raise UserError(
                self.env._(
                    "Only an after-sales supervisor can refund or exchange a unit (card %(card)s). "
                    "Ask a supervisor to execute the remedy.",
                    card=", ".join(self.mapped("name")),
                )
            )
        for card in self:
            if card.state != "active":
                raise UserError(
                    self.env._(
                        "Card %(card)s is no longer active: its unit was already refunded or exchanged.",
                        card=card.name,
                    )
                )

    def _warehouse(self, request=None):
        self.ensure_one()
        if request and "depot_id" in request._fields and request.depot_id:
            return request.depot_id
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", self.company_id.id)], limit=1)
        if not warehouse:
            raise UserError(
                self.env._(
                    "Company %(company)s has no warehouse to take back the unit of card %(card)s.",
                    company=self.company_id.name,
                    card=self.name,
                )
            )
        return warehouse

    def _customer_location(self):
        self.ensure_one()
        return self.partner_id.property_stock_customer or self.env.ref("stock.stock_location_customers")

    def _move_lot(self, picking_type, source, destination, lot, origin):
        """A picking of one unit of ``lot``, validated at once."""
        self.ensure_one()
        Picking = self.env["stock.picking"].with_context(aftersales_warranty_skip_card=True)
        product = lot.product_id
        picking = Picking.create(
            {
                "picking_type_id": picking_type.id,
                "location_id": source.id,
                "location_dest_id": destination.id,
                "partner_id": self.partner_id.id,
                "origin": origin,
                "company_id": self.company_id.id,
                "move_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom": product.uom_id.id,
                            "product_uom_qty": 1.0,
                            "location_id": source.id,
                            "location_dest_id": destination.id,
                            "company_id": self.company_id.id,
                            "partner_id": self.partner_id.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        move = picking.move_ids
        move.move_line_ids.unlink()
        self.env["stock.move.line"].create(
            {
                "move_id": move.id,
                "picking_id": picking.id,
                "product_id": product.id,
                "product_uom_id": product.uom_id.id,
                "lot_id": lot.id,
                "quantity": 1.0,
                "location_id": source.id,
                "location_dest_id": destination.id,
                "company_id": self.company_id.id,
            }
        )
        move.picked = True
        # The unit changes hands at once: stock_sms's one-time "send SMS?"
        # question (a wizard in place of the validation, outside tests)
        # would leave the transfer half done.
        picking.with_context(skip_sms=True).button_validate()
        if picking.state != "done":
            raise UserError(
                self.env._(
                    "The transfer %(picking)s of serial %(lot)s could not be validated; finish it "
                    "from Inventory.",
                    picking=picking.name,
                    lot=lot.name,
                )
            )
        return picking

    def _return_to_quarantine(self, request=None):
        """Return picking of the card's unit from the customer into quarantine."""
        self.ensure_one()
        warehouse = self._warehouse(request)
        quarantine = self.company_id._aftersales_quarantine_location(warehouse)
        picking = self._move_lot(
            warehouse.in_type_id,
            self._customer_location(),
            quarantine,
            self.lot_id,
            origin=request.name if request else self.name,
        )
        if self.picking_id:
            picking.return_id = self.picking_id
        return picking

    # ------------------------------------------------------------------ refund

    def _execute_refund(self, result, request=None, refund_date=None):
        """Refund per ``result`` (an evaluate_claim result offering 'refund'):
        the unit comes back into quarantine and a draft credit note repays
        ``price - depreciation``; the depreciation is a line of its own."""
        self.ensure_one()
        self._check_remedy_allowed()
        if "refund" not in result["remedies"]:
            raise UserError(
                self.env._(
                    "Card %(card)s: a refund is not among the remedies due (%(rule)s).",
                    card=self.name,
                    rule=self._rule_label(result["rule"]),
                )
            )
        refund_date = refund_date or fields.Date.context_today(self)
        card = self.sudo().with_company(self.company_id)
        picking = card._return_to_quarantine(request)
        credit_note = card._create_credit_note(result["depreciation"], refund_date, request)
        card._move_to("refund", {"return_picking_id": picking.id, "refund_move_id": credit_note.id})
        card.message_post(
            body=self.env._(
                "Refunded: %(amount)s (depreciation %(depreciation)s). Return %(picking)s, credit note "
                "%(move)s.",
                amount=user_amount(self.env, result["refund_amount"], self.currency_id),
                depreciation=user_amount(self.env, result["depreciation"], self.currency_id),
                picking=picking.name,
                move=credit_note.display_name,
            )
        )
        return credit_note

    def _credit_note_line(self, product, price, name):
        return Command.create(
            {
                "product_id": product.id,
                "name": name,
                "quantity": 1.0,
                "price_unit": price,
                "tax_ids": [Command.clear()],
            }
        )

    def _create_credit_note(self, depreciation, refund_date, request=None):
        self.ensure_one()
        label = self.env._(
            "Three-guarantee refund of %(product)s, serial %(lot)s (card %(card)s)",
            product=self.product_id.display_name,
            lot=self.lot_id.name,
            card=self.name,
        )
        invoice = self.invoice_id if self.invoice_id.state == "posted" else None
        if invoice:
            credit_note = self._reverse_invoice_line(invoice, refund_date, label)
        else:
            credit_note = self.env["account.move"].create(
                {
                    "move_type": "out_refund",
                    "partner_id": self.partner_id.id,
                    "company_id": self.company_id.id,
                    "invoice_date": refund_date,
                    "ref": label,
                    "invoice_origin": request.name if request else self.name,
                    "invoice_line_ids": [self._credit_note_line(self.product_id, self.price, label)],
                }
            )
        if depreciation:
            product = self.env.ref("aftersales_warranty.product_depreciation")
            credit_note.write(
                {
                    "invoice_line_ids": [
                        self._credit_note_line(
                            product,
                            -depreciation,
                            self.env._(
                                "Depreciation of %(lot)s for days used (三包 art. 13)", lot=self.lot_id.name
                            ),
                        )
                    ]
                }
            )
        return credit_note

    def _reverse_invoice_line(self, invoice, refund_date, label):
        """Reverse the sale with Odoo's reversal, keeping only one unit of the
        card's invoice line (its taxes are reversed with it)."""
        credit_note = invoice._reverse_moves([{"invoice_date": refund_date, "ref": label}])
        line = self.invoice_line_id
        keep = credit_note.invoice_line_ids.filtered(
            lambda ln: (
                ln.display_type == "product"
                and ln.product_id == line.product_id
                and ln.currency_id.compare_amounts(ln.price_unit, line.price_unit) == 0
            )
        )[:1]
        drop = credit_note.invoice_line_ids.filtered(lambda ln: ln.display_type == "product") - keep
        credit_note.write(
            {
                "invoice_line_ids": [
                    *(Command.unlink(ln.id) for ln in drop),
                    Command.update(keep.id, {"quantity": 1.0}),
                ]
            }
        )
        return credit_note

    # ------------------------------------------------------------------ exchange

    def _check_replacement_lot(self, lot):
        """A replacement must be a new, sound unit of the same product in stock."""
        self.ensure_one()
        if not lot:
            raise UserError(
                self.env._(
                    "Choose the serial number of the replacement %(product)s for card %(card)s.",
                    product=self.product_id.display_name,
                    card=self.name,
                )
            )
        if lot.product_id != self.product_id or lot == self.lot_id:
            raise UserError(
                self.env._(
                    "Card %(card)s: the replacement must be another unit of %(product)s; serial "
                    "%(lot)s is not.",
                    card=self.name,
                    product=self.product_id.display_name,
                    lot=lot.name,
                )
            )
        Card = self.env["aftersales.warranty.card"].sudo()
        repaired = (
            self.env["aftersales.warranty.repair"].sudo().search_count([("lot_id", "=", lot.id)], limit=1)
        )
        returned = Card.search_count(
            [("lot_id", "=", lot.id), ("state", "in", ("exchanged", "refunded"))], limit=1
        ) or self.env["stock.move.line"].sudo().search_count(
            [
                ("lot_id", "=", lot.id),
                ("state", "=", "done"),
                ("location_id.usage", "=", "customer"),
            ],
            limit=1,
        )
        if repaired or returned:
            raise UserError(
                self.env._(
                    "Serial %(lot)s was repaired or returned before: a repaired or returned unit "
                    "cannot be supplied in an exchange. Choose a new unit.",
                    lot=lot.name,
                )
            )
        if Card.search_count([("lot_id", "=", lot.id), ("state", "=", "active")], limit=1):
            raise UserError(
                self.env._(
                    "Serial %(lot)s is already sold (it has an active card); choose a unit in stock.",
                    lot=lot.name,
                )
            )
        quarantine = self.company_id.sudo().aftersales_quarantine_location_id
        quant = (
            self.env["stock.quant"]
            .sudo()
            .search(
                [
                    ("lot_id", "=", lot.id),
                    ("quantity", ">", 0),
                    ("location_id.usage", "=", "internal"),
                    ("location_id", "!=", quarantine.id),
                    ("company_id", "=", self.company_id.id),
                ],
                limit=1,
            )
        )
        if not quant:
            raise UserError(
                self.env._(
                    "Serial %(lot)s is not in stock: receive it before supplying it in an exchange.",
                    lot=lot.name,
                )
            )
        return quant.location_id

    def _execute_exchange(self, new_lot, request=None, exchange_date=None):
        """Exchange: the unit comes back into quarantine, ``new_lot`` is
        delivered, this card is closed as exchanged and a new card starts on
        the exchange date (art. 14)."""
        self.ensure_one()
        self._check_remedy_allowed()
        source = self._check_replacement_lot(new_lot)
        exchange_date = exchange_date or fields.Date.context_today(self)
        card = self.sudo().with_company(self.company_id)
        warehouse = card._warehouse(request)
        returned = card._return_to_quarantine(request)
        delivery = card._move_lot(
            warehouse.out_type_id,
            source,
            card._customer_location(),
            new_lot.sudo(),
            origin=request.name if request else card.name,
        )
        card._move_to("exchange", {"return_picking_id": returned.id, "exchange_picking_id": delivery.id})
        with suite_writes(self.env):
            new_card = card.create(
                {
                    "lot_id": new_lot.id,
                    "product_id": card.product_id.id,
                    "partner_id": card.partner_id.id,
                    "company_id": card.company_id.id,
                    "policy_id": card.policy_id.id,
                    "invoice_date": exchange_date,
                    "price": card.price,
                    "dealer_id": card.dealer_id.id,
                    "manufacturer_id": card.manufacturer_id.id,
                    "previous_card_id": card.id,
                    "picking_id": delivery.id,
                    "invoice_line_id": card.invoice_line_id.id,
                }
            )
        card.message_post(
            body=self.env._(
                "Exchanged for serial %(lot)s: new card %(card)s.",
                lot=new_lot.name,
                card=new_card.name,
            )
        )
        return new_card.with_env(self.env)

    # ------------------------------------------------------------------ automatic cards

    def _create_from_move_lines(self, move_lines):
        """One card per serial delivered to a customer (done move lines),
        for products with a policy. Serials already carded are skipped."""
        move_lines = move_lines.filtered(lambda ml: ml.lot_id and ml.quantity > 0)
        if not move_lines:
            return self.browse()
        Policy = self.env["aftersales.warranty.policy"]
        existing = set(
            self.search([("lot_id", "in", move_lines.lot_id.ids), ("state", "=", "active")]).lot_id.ids
        )
        vals_list, seen = [], set()
        for company in move_lines.company_id:
            lines = move_lines.filtered(lambda ml, company=company: ml.company_id == company)
            policies = Policy._for_products(lines.product_id, company)
            for line in lines:
                lot = line.lot_id
                if lot.id in existing or lot.id in seen or line.product_id.id not in policies:
                    continue
                seen.add(lot.id)
                move = line.move_id
                partner = (move.picking_id.partner_id or move.partner_id).commercial_partner_id
                if not partner:
                    continue
                vals_list.append(
                    {
                        "lot_id": lot.id,
                        "product_id": line.product_id.id,
                        "partner_id": partner.id,
                        "company_id": company.id,
                        "policy_id": policies[line.product_id.id].id,
                        "invoice_date": fields.Date.context_today(self, line.date or move.date),
                        "price": self._delivered_price(move),
                        "dealer_id": company.partner_id.id,
                        "manufacturer_id": (
                            line.product_id.seller_ids[:1].partner_id or company.partner_id
                        ).id,
                        "picking_id": move.picking_id.id,
                    }
                )
        with suite_writes(self.env):
            cards = self.create(vals_list)
            cards._link_customer_invoices()
        return cards

    def _delivered_price(self, move):
        """Unit price paid, taxes included: from the sale line when the
        ``sale`` app links one, else the product's sales price."""
        sale_line = move.sale_line_id if "sale_line_id" in move._fields else False
        if sale_line and sale_line.product_uom_qty:
            return sale_line.price_total / sale_line.product_uom_qty
        return move.product_id.lst_price

    def _link_customer_invoices(self):
        """Link cards without an invoice to posted customer invoice lines of
        the same customer and product (one unit of a line per card): the
        sale date and price become the invoice's."""
        cards = self.filtered(lambda c: c.state == "active" and not c.invoice_line_id)
        if not cards:
            return
        lines = (
            self.env["account.move.line"]
            .sudo()
            .search(
                [
                    ("move_id.move_type", "=", "out_invoice"),
                    ("parent_state", "=", "posted"),
                    ("display_type", "=", "product"),
                    ("product_id", "in", cards.product_id.ids),
                    ("move_id.commercial_partner_id", "in", cards.partner_id.commercial_partner_id.ids),
                    ("company_id", "in", cards.company_id.ids),
                ],
                order="date, id",
            )
        )
        if not lines:
            return
        used = dict(
            self.sudo()._read_group([("invoice_line_id", "in", lines.ids)], ["invoice_line_id"], ["__count"])
        )
        for card in cards.sorted("id"):
            for line in lines:
                free = line.quantity - used.get(line, 0)
                if (
                    free >= 1
                    and line.product_id == card.product_id
                    and line.move_id.commercial_partner_id == card.partner_id.commercial_partner_id
                    and line.company_id == card.company_id
                ):
                    used[line] = used.get(line, 0) + 1
                    price = line.price_total / line.quantity
                    if line.currency_id != card.currency_id:
                        price = line.currency_id._convert(
                            price,
                            card.currency_id,
                            card.company_id,
                            line.move_id.invoice_date,
                        )
                    with suite_writes(self.env):
                        card.write(
                            {
                                "invoice_line_id": line.id,
                                "invoice_date": min(
                                    line.move_id.invoice_date, fields.Date.context_today(self)
                                ),
                                "price": price,
                            }
                        )
                    break
