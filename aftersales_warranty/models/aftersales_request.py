"""Three-guarantee cover on a service request: its card, the last
evaluation, and the repair log written as the job moves on."""

from odoo import api, fields, models
from odoo.addons.aftersales_service.models.aftersales_write_guard import suite_writes
from odoo.tools import format_list

from .aftersales_warranty_card import EXCLUSION_SELECTION, RULE_SELECTION

REMEDY_SELECTION = [
    ("refund", "Refund"),
    ("exchange", "Exchange"),
    ("repair", "Free Repair"),
    ("paid", "Paid Repair"),
]


class AftersalesRequest(models.Model):
    _inherit = "aftersales.request"
    # The 三包 state is the evaluation's outcome only (who pays).
    _system_fields = ("warranty_state",)
    _field_roles = dict.fromkeys(
        ("warranty_card_id", "warranty_exclusion", "warranty_component"), ("agent", "technician")
    )

    warranty_card_id = fields.Many2one(
        "aftersales.warranty.card",
        string="Three-Guarantee Card",
        compute="_compute_warranty_card_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        check_company=True,
        domain="[('lot_id', '=?', lot_id)]",
        help="The customer's active card for the serial number.",
    )
    warranty_policy_id = fields.Many2one(related="warranty_card_id.policy_id", string="Warranty Policy")
    warranty_dealer_id = fields.Many2one(
        related="warranty_card_id.dealer_id", store=True, string="Selling Dealer"
    )
    warranty_manufacturer_id = fields.Many2one(
        related="warranty_card_id.manufacturer_id", store=True, string="Manufacturer", index=True
    )
    warranty_component = fields.Char(
        string="Faulty Component",
        default="unit",
        copy=False,
        help="unit, main_part or an accessory code of the policy.",
    )
    warranty_exclusion = fields.Selection(EXCLUSION_SELECTION, string="Exclusion", copy=False)
    warranty_rule = fields.Selection(
        RULE_SELECTION, string="Deciding Rule", readonly=True, copy=False, tracking=True
    )
    warranty_article = fields.Char(string="Article", readonly=True, copy=False)
    warranty_remedies = fields.Char(
        string="Free Remedy Codes",
        readonly=True,
        copy=False,
        help="The free remedies of the last evaluation as codes (refund, exchange, repair).",
    )
    warranty_remedies_text = fields.Char(string="Free Remedies", compute="_compute_warranty_remedies_text")
    warranty_refund_amount = fields.Monetary(
        string="Refund Amount", currency_field="currency_id", readonly=True, copy=False, tracking=True
    )
    warranty_depreciation = fields.Monetary(
        string="Depreciation", currency_field="currency_id", readonly=True, copy=False, tracking=True
    )
    warranty_evaluated_on = fields.Date(string="Evaluated On", readonly=True, copy=False)
    warranty_remedy = fields.Selection(
        REMEDY_SELECTION, string="Remedy", readonly=True, copy=False, tracking=True
    )
    warranty_repair_ids = fields.One2many(
        "aftersales.warranty.repair", "request_id", string="Repair Log Entries"
    )
    warranty_claim_line_ids = fields.One2many(
        "aftersales.warranty.claim.line",
        "request_id",
        string="Claim Lines",
        groups="aftersales_service.group_aftersales_agent",
    )
    warranty_claim_id = fields.Many2one(
        "aftersales.warranty.claim",
        string="Manufacturer Claim",
        compute="_compute_warranty_claim_id",
        groups="aftersales_service.group_aftersales_agent",
        help="The active claim that charges this job to the manufacturer.",
    )

    @api.depends(
        "lot_id",
        "partner_id",
        "lot_id.aftersales_warranty_card_ids.state",
        "lot_id.aftersales_warranty_card_ids.partner_id",
    )
    def _compute_warranty_card_id(self):
        for request in self:
            if not request.lot_id:
                request.warranty_card_id = False
                continue
            if request.warranty_card_id.lot_id == request.lot_id:
                continue
            customer = request.partner_id.commercial_partner_id
            request.warranty_card_id = request.lot_id.aftersales_warranty_card_ids.filtered(
                lambda c, customer=customer: (
                    c.state == "active" and c.partner_id.commercial_partner_id == customer
                )
            )[:1]

    @api.depends("warranty_claim_line_ids.claim_state")
    def _compute_warranty_claim_id(self):
        for request in self:
            request.warranty_claim_id = request.warranty_claim_line_ids.filtered(
                lambda ln: ln.claim_state != "cancelled"
            )[:1].claim_id

    @api.depends("warranty_remedies", "warranty_evaluated_on")
    @api.depends_context("lang")
    def _compute_warranty_remedies_text(self):
        labels = dict(self._fields["warranty_remedy"]._description_selection(self.env))
        for request in self:
            codes = [code.strip() for code in (request.warranty_remedies or "").split(",") if code.strip()]
            if codes:
                request.warranty_remedies_text = format_list(self.env, [labels.get(c, c) for c in codes])
            else:
                request.warranty_remedies_text = (
                    self.env._("None: paid repair") if request.warranty_evaluated_on else False
                )

    def _on_transition(self, action, previous):
        result = super()._on_transition(action, previous)
        self._warranty_sync_repair_log(revisit=action == "revisit")
        return result

    def _warranty_received_date(self):
        self.ensure_one()
        received = fields.Date.context_today(self, self.notified_date) if self.notified_date else None
        today = fields.Date.context_today(self)
        return max(min(received or today, today), self.warranty_card_id.invoice_date)

    def _warranty_sync_repair_log(self, revisit=False):
        """Write the card's repair log: a warranty job in progress opens an
        event, a finished one closes it (fixed), a revisit marks it unfixed."""
        Repair = self.env["aftersales.warranty.repair"].sudo()
        today = fields.Date.context_today(self)
        to_create = []
        for request in self.filtered(
            lambda r: r.warranty_state == "in" and r.warranty_card_id.state == "active"
        ):
            events = request.sudo().warranty_repair_ids
            opened = events.filtered(lambda e: not e.date_out)
            if request.state == "in_progress" and not opened:
                to_create.append(request._warranty_event_vals())
            elif request.state in ("done", "closed"):
                done_on = fields.Date.context_today(self, request.done_date) if request.done_date else today
                if opened:
                    opened.write({"date_out": max(done_on, max(opened.mapped("date_in"))), "fixed": True})
                elif not events:
                    to_create.append({**request._warranty_event_vals(), "date_out": done_on, "fixed": True})
            elif revisit and events:
                events.sorted(lambda e: (e.date_in, e.id))[-1:].fixed = False
        if to_create:
            Repair.create(to_create)

    def _warranty_event_vals(self):
        self.ensure_one()
        return {
            "card_id": self.warranty_card_id.id,
            "request_id": self.id,
            "date_in": self._warranty_received_date(),
            "component": self.warranty_component or "unit",
        }

    def _warranty_store_evaluation(self, result, component, exclusion):
        self.ensure_one()
        with suite_writes(self.env):
            self._warranty_write_evaluation(result, component, exclusion)

    def _warranty_write_evaluation(self, result, component, exclusion):
        self.write(
            {
                "warranty_rule": result["rule"],
                "warranty_article": result["article"],
                "warranty_remedies": ", ".join(result["remedies"]),
                "warranty_refund_amount": result["refund_amount"],
                "warranty_depreciation": result["depreciation"],
                "warranty_evaluated_on": fields.Date.context_today(self),
                "warranty_component": component,
                "warranty_exclusion": exclusion or False,
                "warranty_state": "in" if result["free"] else "out",
            }
        )

    def action_warranty_evaluate(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Three-Guarantee Evaluation"),
            "res_model": "aftersales.warranty.remedy.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_request_id": self.id},
        }

    def action_view_warranty_card(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "aftersales.warranty.card",
            "res_id": self.warranty_card_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
