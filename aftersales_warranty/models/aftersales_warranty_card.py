"""The three-guarantee card (三包凭证): one per serial number and customer.

Remedies (refund, exchange) live in aftersales_warranty_card_remedy.py; the
rules themselves in engine/entitlement.py."""

import hashlib
import hmac
from datetime import date

from odoo import api, fields, models
from odoo.addons.aftersales_service.tools import user_amount, user_date
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_repr

from ..engine import entitlement as ent
from .aftersales_warranty_policy import ENGINE_FIELDS

CARD_STATES = [
    ("active", "Active"),
    ("exchanged", "Exchanged"),
    ("refunded", "Refunded"),
    ("closed", "Closed"),
]
RULE_SELECTION = [
    ("seven_day", "7-Day Rule: Refund, Exchange or Repair"),
    ("fifteen_day", "15-Day Rule: Exchange or Repair"),
    ("two_repairs", "Repaired Twice: Exchange or Refund"),
    ("parts_delay", "Parts Delay: Exchange"),
    ("repairer_delay", "Repairer Delay: Exchange"),
    ("warranty", "Within Warranty: Free Repair"),
    ("main_part_warranty", "Main Part Warranty: Free Repair"),
    ("accessory_warranty", "Accessory Warranty: Free Repair"),
    ("excluded", "Excluded: Paid Repair"),
    ("expired", "Expired: Paid Repair"),
]
EXCLUSION_SELECTION = [
    ("misuse", "Misuse or Bad Maintenance"),
    ("unauthorized_repair", "Opened by an Unauthorised Repairer"),
    ("no_voucher", "No Warranty Card or Invoice"),
    ("tampered", "Card Altered or Not Matching"),
    ("force_majeure", "Force Majeure"),
]
HASHED_FIELDS = ("lot_id", "partner_id", "product_id", "invoice_date", "price")
# What evaluate_claim reads, fetched in bulk.
EVAL_CARD_FIELDS = [*HASHED_FIELDS, "name", "state", "policy_id", "verification_hash"]
EVAL_POLICY_FIELDS = ["name", *ENGINE_FIELDS]
EVAL_REPAIR_FIELDS = [
    "card_id",
    "date_in",
    "date_out",
    "parts_wait_days",
    "fixed",
    "component",
    "delay_cause",
]


# action -> (states it starts from, state it ends in)
TRANSITIONS = {
    "refund": (("active",), "refunded"),
    "exchange": (("active",), "exchanged"),
    "close": (("active",), "closed"),
}


class AftersalesWarrantyCard(models.Model):
    """Public data contract: lot_id, partner_id, product_id, policy_id,
    invoice_date, price, repair_ids; evaluate_claim() / evaluate_claims()."""

    _name = "aftersales.warranty.card"
    _description = "Three-Guarantee Card"
    _inherit = ["aftersales.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _transitions = TRANSITIONS
    # The sale date and the price paid start the periods and make the refund:
    # given on create (from the invoice, or typed on a new card), then
    # changed only by the suite or corrected by a supervisor with a reason.
    _create_only_fields = ("invoice_date", "price")
    _correctable_fields = ("invoice_date", "price")
    _order = "invoice_date desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "lot_id", "partner_id"]

    name = fields.Char(
        string="Card Number", required=True, readonly=True, copy=False, default="/", index="trigram"
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        CARD_STATES,
        default="active",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    lot_id = fields.Many2one(
        "stock.lot",
        string="Serial Number",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        ondelete="restrict",
    )
    product_id = fields.Many2one(
        "product.product",
        compute="_compute_product_id",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        index=True,
        check_company=True,
        tracking=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    policy_id = fields.Many2one(
        "aftersales.warranty.policy",
        string="Policy",
        compute="_compute_policy_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        tracking=True,
        help="Three-guarantee terms of the product (from its category unless set by hand).",
    )
    invoice_date = fields.Date(
        string="Sale Date",
        required=True,
        tracking=True,
        default=fields.Date.context_today,
        help="Invoice date (or delivery date without an invoice); the periods start here. "
        "After an exchange: the exchange date.",
    )
    price = fields.Monetary(
        string="Price Paid",
        currency_field="currency_id",
        tracking=True,
        help="What the customer paid for the unit, taxes included: the refund basis.",
    )
    dealer_id = fields.Many2one(
        "res.partner",
        string="Selling Dealer",
        index=True,
        check_company=True,
        help="Who sold the unit: provides the service (谁销售谁服务).",
    )
    manufacturer_id = fields.Many2one(
        "res.partner",
        string="Manufacturer",
        index=True,
        check_company=True,
        help="Who made the unit: bears the warranty cost (谁生产谁负责).",
    )
    repair_ids = fields.One2many("aftersales.warranty.repair", "card_id", string="Repair Log")
    repair_count = fields.Integer(compute="_compute_repair_count")
    request_ids = fields.One2many("aftersales.request", "warranty_card_id", string="Service Requests")
    previous_card_id = fields.Many2one(
        "aftersales.warranty.card",
        string="Replaces Card",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    next_card_ids = fields.One2many(
        "aftersales.warranty.card", "previous_card_id", string="Replacement Cards"
    )
    next_card_id = fields.Many2one(
        "aftersales.warranty.card",
        string="Replaced By",
        compute="_compute_next_card_id",
        store=True,
        index="btree_not_null",
    )
    picking_id = fields.Many2one(
        "stock.picking",
        string="Delivery",
        readonly=True,
        copy=False,
        check_company=True,
        index="btree_not_null",
    )
    invoice_line_id = fields.Many2one(
        "account.move.line",
        string="Invoice Line",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    invoice_id = fields.Many2one(
        related="invoice_line_id.move_id", store=True, string="Invoice", index="btree_not_null"
    )
    return_picking_id = fields.Many2one(
        "stock.picking", string="Return", readonly=True, copy=False, check_company=True
    )
    refund_move_id = fields.Many2one(
        "account.move", string="Credit Note", readonly=True, copy=False, check_company=True
    )
    exchange_picking_id = fields.Many2one(
        "stock.picking",
        string="Replacement Delivery",
        readonly=True,
        copy=False,
        check_company=True,
    )
    verification_hash = fields.Char(
        compute="_compute_verification_hash",
        store=True,
        precompute=True,
        readonly=True,
        copy=False,
        help="Keyed digest of the serial, customer, product, sale date and price.",
    )
    is_tampered = fields.Boolean(
        string="Altered",
        compute="_compute_is_tampered",
        help="The card data no longer matches its digest: it was changed outside the "
        "application. An altered card gets no free remedy.",
    )
    warranty_end = fields.Date(compute="_compute_cover", string="Unit Cover Ends")
    main_part_warranty_end = fields.Date(compute="_compute_cover", string="Main Parts Cover Ends")
    repair_days = fields.Integer(compute="_compute_cover", string="Days in Repair")
    is_expired = fields.Boolean(compute="_compute_cover", string="Expired")
    note = fields.Text()

    _active_lot_unique = models.UniqueIndex(
        "(lot_id) WHERE state = 'active'",
        "A serial number can have only one active three-guarantee card.",
    )

    # ------------------------------------------------------------------ computes

    @api.depends("lot_id")
    def _compute_product_id(self):
        for card in self:
            if card.lot_id:
                card.product_id = card.lot_id.product_id

    @api.depends("product_id", "company_id")
    def _compute_policy_id(self):
        Policy = self.env["aftersales.warranty.policy"]
        for company in self.company_id:
            cards = self.filtered(lambda c, company=company: c.company_id == company)
            policies = Policy._for_products(cards.product_id, company)
            for card in cards:
                card.policy_id = policies.get(card.product_id.id, card.policy_id)

    @api.depends("next_card_ids")
    def _compute_next_card_id(self):
        for card in self:
            card.next_card_id = card.next_card_ids[:1]

    def _compute_repair_count(self):
        counts = dict(
            self.env["aftersales.warranty.repair"]._read_group(
                [("card_id", "in", self.ids)], ["card_id"], ["__count"]
            )
        )
        for card in self:
            card.repair_count = counts.get(card, 0)

    @api.model
    def _hash_key(self):
        return (self.env["ir.config_parameter"].sudo().get_param("database.secret") or "").encode()

    def _digest(self, key):
        self.ensure_one()
        message = "|".join(
            (
                str(self.lot_id.id or ""),
                str(self.partner_id.id or ""),
                str(self.product_id.id or ""),
                str(self.invoice_date or ""),
                float_repr(self.price or 0.0, 2),
            )
        )
        return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()

    @api.depends(*HASHED_FIELDS)
    def _compute_verification_hash(self):
        key = self._hash_key()
        for card in self:
            card.verification_hash = card._digest(key)

    @api.depends(*HASHED_FIELDS, "verification_hash")
    def _compute_is_tampered(self):
        key = self._hash_key()
        for card in self:
            card.is_tampered = bool(card.id) and card.verification_hash != card._digest(key)

    @api.depends("invoice_date", "policy_id", "repair_ids.date_in", "repair_ids.date_out")
    def _compute_cover(self):
        today = fields.Date.context_today(self)
        policies = self.policy_id._engine_policies()
        for card in self:
            if not (card.policy_id and card.invoice_date):
                card.update(
                    {
                        "warranty_end": False,
                        "main_part_warranty_end": False,
                        "repair_days": 0,
                        "is_expired": False,
                    }
                )
                continue
            cover = ent.periods(card._engine_card(policies), today)
            card.update(
                {
                    "warranty_end": cover["warranty_end"],
                    "main_part_warranty_end": cover["main_part_warranty_end"],
                    "repair_days": cover["repair_days"],
                    "is_expired": today > max(cover["warranty_end"], cover["main_part_warranty_end"]),
                }
            )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        self._check_active_lot_conflicts(
            [
                (None, vals.get("lot_id"), vals.get("partner_id"))
                for vals in vals_list
                if vals.get("state", "active") == "active"
            ]
        )
        missing = [vals for vals in vals_list if vals.get("name", "/") == "/"]
        for vals, name in zip(missing, self._reserve_names(len(missing)), strict=True):
            vals["name"] = name
        return super().create(vals_list)

    def write(self, vals):
        if {"lot_id", "state", "partner_id"} & set(vals):
            self._check_active_lot_conflicts(
                [
                    (card, vals.get("lot_id", card.lot_id.id), vals.get("partner_id", card.partner_id.id))
                    for card in self
                    if vals.get("state", card.state) == "active"
                ]
            )
        return super().write(vals)

    @api.model
    def _reserve_names(self, count):
        return self.env["ir.sequence"]._aftersales_next_batch("aftersales.warranty.card", count)

    # ------------------------------------------------------------------ constraints

    def _check_active_lot_conflicts(self, entries):
        """Refuse a second active card on a serial, naming both customers.

        ``entries``: ``(card or None, lot_id, partner_id)`` of the cards that
        will be active. One query for the whole batch.
        """
        entries = [entry for entry in entries if entry[1]]
        if not entries:
            return
        own_ids = [card.id for card, _lot, _partner in entries if card]
        existing = self.sudo().search_fetch(
            [
                ("lot_id", "in", list({lot for _card, lot, _partner in entries})),
                ("state", "=", "active"),
                ("id", "not in", own_ids),
            ],
            ["lot_id", "partner_id", "name"],
        )
        holder = {card.lot_id.id: (card.name, card.partner_id.display_name) for card in existing}
        Partner = self.env["res.partner"].sudo()
        lots = {lot.id: lot.name for lot in self.env["stock.lot"].sudo().browse(list(holder))}
        for card, lot_id, partner_id in entries:
            customer = Partner.browse(partner_id).display_name
            if lot_id in holder:
                other_card, other_customer = holder[lot_id]
                raise ValidationError(
                    self.env._(
                        "Serial number %(lot)s already has an active three-guarantee card "
                        "(%(card)s, customer %(holder)s); it cannot be carded again for %(customer)s. "
                        "Close or exchange card %(card)s first.",
                        lot=lots.get(lot_id) or self.env["stock.lot"].sudo().browse(lot_id).name,
                        card=other_card,
                        holder=other_customer,
                        customer=customer,
                    )
                )
            holder[lot_id] = ((card.name if card else self.env._("New")), customer)

    @api.constrains("lot_id", "product_id")
    def _check_lot_product(self):
        for card in self:
            if card.lot_id.product_id != card.product_id:
                raise ValidationError(
                    self.env._(
                        "Card %(card)s: serial number %(lot)s belongs to %(lot_product)s, not to "
                        "%(product)s. Choose the serial of the unit sold.",
                        card=card.name,
                        lot=card.lot_id.name,
                        lot_product=card.lot_id.product_id.display_name,
                        product=card.product_id.display_name,
                    )
                )

    @api.constrains("price")
    def _check_price(self):
        for card in self:
            if card.price < 0:
                raise ValidationError(
                    self.env._(
                        "Card %(card)s: the price paid cannot be negative (%(price)s).",
                        card=card.name,
                        price=user_amount(self.env, card.price, card.currency_id),
                    )
                )

    @api.constrains("invoice_date")
    def _check_invoice_date(self):
        today = fields.Date.context_today(self)
        for card in self:
            if card.invoice_date > today:
                raise ValidationError(
                    self.env._(
                        "Card %(card)s: the sale date %(date)s is in the future. Enter the invoice "
                        "or delivery date.",
                        card=card.name,
                        date=user_date(self.env, card.invoice_date),
                    )
                )

    # ------------------------------------------------------------------ entitlement

    def _engine_card(self, policies=None, repairs=None):
        """The plain-Python :class:`Card` of this card for the engine."""
        self.ensure_one()
        if policies is None or self.policy_id.id not in policies:
            policies = self.policy_id._engine_policies()
        policy = policies[self.policy_id.id]
        events = repairs.get(self.id, ()) if repairs is not None else self.repair_ids
        return ent.Card(
            invoice_date=self.invoice_date,
            price=self.price,
            policy=policy,
            repairs=tuple(
                ent.RepairEvent(
                    date_in=event.date_in,
                    date_out=event.date_out or None,
                    parts_wait_days=event.parts_wait_days,
                    fixed=event.fixed,
                    component=event.component or ent.UNIT,
                    delay_cause=event.delay_cause or None,
                )
                for event in events
            ),
        )

    def _load_for_evaluation(self):
        """Fetch the cards, their policies and repair logs in a fixed number of
        queries; returns ``(cards, engine policies by id, repairs by card id)``."""
        cards = self.search_fetch([("id", "in", self.ids)], EVAL_CARD_FIELDS)
        policies = (
            self.env["aftersales.warranty.policy"]
            .with_context(active_test=False)
            .search_fetch(
                [("id", "in", list({card.policy_id.id for card in cards if card.policy_id}))],
                EVAL_POLICY_FIELDS,
            )
        )
        engine_policies = policies._engine_policies()
        repairs = {}
        for event in self.env["aftersales.warranty.repair"].search_fetch(
            [("card_id", "in", cards.ids)], EVAL_REPAIR_FIELDS, order="date_in, id"
        ):
            repairs.setdefault(event.card_id.id, []).append(event)
        return cards, engine_policies, repairs

    @api.model
    def _check_claim_arguments(self, fault_date, component, exclusion, same_model_available):
        fault_date = fields.Date.to_date(fault_date) if fault_date else None
        if not isinstance(fault_date, date):
            raise ValidationError(self.env._("Give the fault date of the three-guarantee evaluation."))
        if not isinstance(component, str) or not component:
            raise ValidationError(
                self.env._("The component must be 'unit', 'main_part' or an accessory code of the policy.")
            )
        if exclusion and exclusion not in ent.EXCLUSIONS:
            raise ValidationError(
                self.env._(
                    "Unknown exclusion %(exclusion)s: expected one of %(known)s.",
                    exclusion=exclusion,
                    known=", ".join(ent.EXCLUSIONS),
                )
            )
        if not isinstance(same_model_available, bool):
            raise ValidationError(self.env._("same_model_available must be True or False."))
        return fault_date

    def evaluate_claim(self, fault_date, component="unit", exclusion=False, same_model_available=True):
        """Three-guarantee entitlement of this card for a fault on ``fault_date``.

        Returns ``{'remedies', 'free', 'rule', 'refund_amount', 'depreciation',
        'warranty_end', 'main_part_warranty_end'}`` plus ``article``,
        ``component_warranty_end``, ``days_used``, ``repair_days``, ``card_id``
        and ``tampered``. An altered card is evaluated with the ``tampered``
        exclusion. Raises ValidationError on invalid input.
        """
        self.ensure_one()
        return self.evaluate_claims(fault_date, component, exclusion, same_model_available)[0]

    def evaluate_claims(self, fault_date, component="unit", exclusion=False, same_model_available=True):
        """Batch form of :meth:`evaluate_claim`: one result per card, in the
        order of the recordset, with a fixed number of queries."""
        fault_date = self._check_claim_arguments(fault_date, component, exclusion, same_model_available)
        if not self:
            return []
        today = fields.Date.context_today(self)
        cards, policies, repairs = self._load_for_evaluation()
        by_id = {card.id: card for card in cards}
        key = self._hash_key()
        results = []
        for record in self:
            card = by_id.get(record.id)
            if card is None:
                raise ValidationError(
                    self.env._("A three-guarantee card to evaluate no longer exists: reload the page.")
                )
            card._check_can_evaluate()
            tampered = card.verification_hash != card._digest(key)
            try:
                result = ent.evaluate(
                    card._engine_card(policies, repairs),
                    fault_date,
                    today,
                    component=component,
                    exclusion=exclusion or ("tampered" if tampered else False),
                    same_model_available=same_model_available,
                )
            except ent.EntitlementError as error:
                raise ValidationError(
                    self.env._(
                        "Card %(card)s (serial %(lot)s): %(error)s",
                        card=card.name,
                        lot=card.lot_id.name,
                        error=card._entitlement_error_text(error),
                    )
                ) from error
            result.update(card_id=card.id, tampered=tampered)
            results.append(result)
        return results

    def _entitlement_error_text(self, error):
        """The reader's sentence for an :class:`~..engine.entitlement.EntitlementError`
        on this card: dates in their format, components, exclusions and policy
        terms by their labels."""
        self.ensure_one()
        _, env, params = self.env._, self.env, error.params
        dates = {key: user_date(env, value) for key, value in params.items() if isinstance(value, date)}
        if error.code == ent.FAULT_BEFORE_SALE:
            return _(
                "the fault date %(fault)s is before the sale date %(sale)s.",
                fault=dates["fault_date"],
                sale=dates["sale_date"],
            )
        if error.code == ent.FAULT_IN_FUTURE:
            return _(
                "the fault date %(fault)s is in the future: enter the day the fault appeared.",
                fault=dates["fault_date"],
            )
        if error.code == ent.UNKNOWN_EXCLUSION:
            labels = dict(
                self.env["aftersales.request"]._fields["warranty_exclusion"]._description_selection(env)
            )
            return _(
                "%(exclusion)s is not a three-guarantee exclusion; choose one of: %(known)s.",
                exclusion=params["exclusion"],
                known=[labels.get(code, code) for code in params["known"]],
            )
        if error.code == ent.UNKNOWN_COMPONENT:
            return _(
                "policy %(policy)s covers no component %(component)s; choose one of: %(known)s.",
                policy=self.policy_id.name,
                component=params["component"],
                known=[self._portal_component_label(code) for code in params["known"]],
            )
        if error.code == ent.NEGATIVE_POLICY:
            Policy = self.env["aftersales.warranty.policy"]
            return _(
                "policy %(policy)s has a negative period or rate: %(terms)s.",
                policy=self.policy_id.name,
                terms=[
                    Policy._fields[name]._description_string(env)
                    if name in Policy._fields
                    else _("accessory periods")
                    for name in params["fields"]
                ],
            )
        if error.code == ent.NEGATIVE_PRICE:
            return _(
                "the price paid cannot be negative (%(price)s).",
                price=user_amount(env, params["price"], self.currency_id),
            )
        return self._repair_error_text(error.code, params, dates)

    def _repair_error_text(self, code, params, dates):
        """Errors of the card's repair log (see :meth:`_entitlement_error_text`)."""
        _ = self.env._
        if code == ent.REPAIR_BEFORE_SALE:
            return _(
                "its repair received on %(date_in)s comes before the sale date %(sale)s.",
                date_in=dates["date_in"],
                sale=dates["sale_date"],
            )
        if code == ent.REPAIR_OUT_BEFORE_IN:
            return _(
                "its repair received on %(date_in)s is finished on %(date_out)s, before it began.",
                date_in=dates["date_in"],
                date_out=dates["date_out"],
            )
        if code == ent.WAIT_EXCEEDS_SPAN:
            return _(
                "its repair received on %(date_in)s waited %(wait)s days for parts, which does "
                "not fit in its %(span)s days in repair.",
                date_in=dates["date_in"],
                wait=params["wait_days"],
                span=params["span_days"],
            )
        return _("its repair log has an unknown delay cause %(cause)s.", cause=params.get("cause"))

    def _check_can_evaluate(self):
        self.ensure_one()
        if self.state != "active":
            states = dict(self._fields["state"]._description_selection(self.env))
            raise ValidationError(
                self.env._(
                    "Card %(card)s is %(state)s: it gives no more cover. %(hint)s",
                    card=self.name,
                    state=states[self.state],
                    hint=self.env._("Evaluate its replacement card %(next)s.", next=self.next_card_id.name)
                    if self.next_card_id
                    else "",
                )
            )
        if not self.policy_id:
            raise ValidationError(
                self.env._(
                    "Card %(card)s has no three-guarantee policy: set one on the card or on the "
                    "category of %(product)s.",
                    card=self.name,
                    product=self.product_id.display_name,
                )
            )

    # ------------------------------------------------------------------ actions

    def action_view_repairs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_warranty.action_aftersales_warranty_repair"
        )
        action["domain"] = [("card_id", "=", self.id)]
        action["context"] = {"default_card_id": self.id}
        return action

    def action_evaluate(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Three-Guarantee Evaluation"),
            "res_model": "aftersales.warranty.remedy.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_card_id": self.id},
        }

    @api.model
    def _transition_labels(self):
        return {
            "refund": self.env._("refund"),
            "exchange": self.env._("exchange"),
            "close": self.env._("close"),
        }

    def _workflow_record_names(self):
        return self.env._("card %(names)s", names=", ".join(self.mapped("name")))

    def action_close(self):
        return self._move_to("close")

    def _check_correctable(self, name):
        """A card's figures are corrected while it is active: once refunded
        or exchanged they made the remedy."""
        closed = self.filtered(lambda c: c.state != "active")[:1]
        if closed:
            raise UserError(
                self.env._(
                    "Card %(card)s is %(state)s: its sale date and price made the remedy and can no "
                    "longer be corrected.",
                    card=closed.name,
                    state=closed._state_labels()[closed.state],
                )
            )
        return super()._check_correctable(name)

    def action_print(self):
        return self.env.ref("aftersales_warranty.action_report_warranty_card").report_action(self)

    def _get_report_base_filename(self):
        """File name of the card PDF downloaded from the portal."""
        self.ensure_one()
        return self.env._("Warranty Card %(name)s", name=self.name)

    # ------------------------------------------------------------------ portal

    def _portal_cover_lines(self):
        """The periods of the card as the customer reads them on the portal:
        dicts of ``label``, ``length`` and ``end`` (last covered day) and
        ``over`` (the period has ended)."""
        self.ensure_one()
        policy = self.policy_id
        if not (policy and self.invoice_date):
            return []
        today = fields.Date.context_today(self)
        start, count_sale_day = self.invoice_date, policy.count_sale_day
        lines = [
            (
                self.env._("Refund"),
                self.env._("%(count)s days", count=policy.refund_days),
                ent._window_end(start, policy.refund_days, count_sale_day),
            ),
            (
                self.env._("Exchange"),
                self.env._("%(count)s days", count=policy.exchange_days),
                ent._window_end(start, policy.exchange_days, count_sale_day),
            ),
            (
                self.env._("Free repair of the unit"),
                self.env._("%(count)s months", count=policy.warranty_months),
                self.warranty_end,
            ),
            (
                self.env._("Free repair of the main parts"),
                self.env._("%(count)s months", count=policy.main_part_months or policy.warranty_months),
                self.main_part_warranty_end,
            ),
        ]
        if policy.accessory_ids:
            engine_card = self._engine_card()
            for accessory in policy.accessory_ids:
                end = ent.periods(engine_card, today, component=accessory.code)["component_warranty_end"]
                lines.append((accessory.name, self.env._("%(count)s months", count=accessory.months), end))
        return [
            {"label": label, "length": length, "end": end, "over": bool(end) and end < today}
            for label, length, end in lines
        ]

    @api.model
    def _rule_label(self, rule):
        """The reader's label of an entitlement rule code."""
        field = self.env["aftersales.request"]._fields["warranty_rule"]
        return dict(field._description_selection(self.env)).get(rule, rule)

    def _portal_component_label(self, code):
        self.ensure_one()
        if code == ent.UNIT:
            return self.env._("Whole unit")
        if code == ent.MAIN_PART:
            return self.env._("Main part")
        accessory = self.policy_id.accessory_ids.filtered(lambda a: a.code == code)[:1]
        return accessory.name or code
