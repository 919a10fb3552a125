"""Three-guarantee evaluation of a request or card, and the remedy chosen."""

from odoo import api, fields, models
from odoo.addons.aftersales_service.models.aftersales_write_guard import suite_writes
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_list

from ..models.aftersales_request import REMEDY_SELECTION
from ..models.aftersales_warranty_card import EXCLUSION_SELECTION, RULE_SELECTION

COMPONENT_TYPES = [("unit", "Whole Unit"), ("main_part", "Main Part"), ("accessory", "Accessory")]


class AftersalesWarrantyRemedyWizard(models.TransientModel):
    _name = "aftersales.warranty.remedy.wizard"
    _description = "Three-Guarantee Evaluation and Remedy"

    request_id = fields.Many2one("aftersales.request", string="Service Request")
    card_id = fields.Many2one(
        "aftersales.warranty.card",
        string="Card",
        compute="_compute_card_id",
        store=True,
        readonly=False,
        domain="[('state', '=', 'active')]",
    )
    product_id = fields.Many2one(related="card_id.product_id")
    policy_id = fields.Many2one(related="card_id.policy_id")
    currency_id = fields.Many2one(related="card_id.currency_id")
    fault_date = fields.Date(required=True, default=lambda self: self._default_fault_date())
    component_type = fields.Selection(
        COMPONENT_TYPES, string="Faulty Component", default="unit", required=True
    )
    accessory_id = fields.Many2one(
        "aftersales.warranty.policy.accessory",
        string="Accessory",
        domain="[('policy_id', '=', policy_id)]",
    )
    exclusion = fields.Selection(EXCLUSION_SELECTION)
    same_model_available = fields.Boolean(
        string="Same Model in Stock",
        compute="_compute_same_model_available",
        store=True,
        readonly=False,
        help="Without the same model an exchange turns into a refund (art. 13).",
    )
    # --- result ---------------------------------------------------------------
    error = fields.Char(compute="_compute_result")
    rule = fields.Selection(RULE_SELECTION, compute="_compute_result")
    article = fields.Char(compute="_compute_result")
    free = fields.Boolean(string="Free Remedy Due", compute="_compute_result")
    remedies = fields.Char(string="Free Remedies", compute="_compute_result")
    can_refund = fields.Boolean(compute="_compute_result")
    can_exchange = fields.Boolean(compute="_compute_result")
    can_repair = fields.Boolean(compute="_compute_result")
    refund_amount = fields.Monetary(compute="_compute_result")
    depreciation = fields.Monetary(compute="_compute_result")
    warranty_end = fields.Date(string="Unit Cover Ends", compute="_compute_result")
    main_part_warranty_end = fields.Date(string="Main Parts Cover Ends", compute="_compute_result")
    days_used = fields.Integer(compute="_compute_result")
    repair_days = fields.Integer(string="Days in Repair", compute="_compute_result")
    tampered = fields.Boolean(string="Card Altered", compute="_compute_result")
    # --- execution -------------------------------------------------------------
    remedy = fields.Selection(REMEDY_SELECTION)
    new_lot_id = fields.Many2one(
        "stock.lot",
        string="Replacement Serial",
        domain="[('product_id', '=', product_id)]",
        help="A new unit in stock; a repaired or returned unit is refused.",
    )

    @api.model
    def _default_fault_date(self):
        request = self.env["aftersales.request"].browse(self.env.context.get("default_request_id"))
        return request.fault_date or fields.Date.context_today(self)

    @api.depends("request_id")
    def _compute_card_id(self):
        for wizard in self:
            if wizard.request_id:
                wizard.card_id = wizard.request_id.warranty_card_id

    @api.depends("card_id")
    def _compute_same_model_available(self):
        for wizard in self:
            product = wizard.card_id.product_id
            wizard.same_model_available = (
                bool(product) and product.with_company(wizard.card_id.company_id).sudo().qty_available > 0
            )

    def _component(self):
        self.ensure_one()
        if self.component_type == "accessory":
            return self.accessory_id.code or ""
        return self.component_type

    def _evaluate(self):
        self.ensure_one()
        if not self.card_id:
            raise UserError(
                self.env._(
                    "No active three-guarantee card for this request: set the serial number and "
                    "the customer, or choose the card."
                )
            )
        return self.card_id.evaluate_claim(
            self.fault_date,
            component=self._component(),
            exclusion=self.exclusion or False,
            same_model_available=self.same_model_available,
        )

    @api.depends(
        "card_id", "fault_date", "component_type", "accessory_id", "exclusion", "same_model_available"
    )
    def _compute_result(self):
        empty = {
            "rule": False,
            "article": False,
            "free": False,
            "remedies": False,
            "can_refund": False,
            "can_exchange": False,
            "can_repair": False,
            "refund_amount": 0.0,
            "depreciation": 0.0,
            "warranty_end": False,
            "main_part_warranty_end": False,
            "days_used": 0,
            "repair_days": 0,
            "tampered": False,
            "error": False,
        }
        for wizard in self:
            wizard.update(empty)
            if not (wizard.card_id and wizard.fault_date) or (
                wizard.component_type == "accessory" and not wizard.accessory_id
            ):
                continue
            try:
                result = wizard._evaluate()
            except (UserError, ValidationError) as error:
                wizard.error = str(error.args[0] if error.args else error)
                continue
            wizard.update(
                {
                    "rule": result["rule"],
                    "article": result["article"],
                    "free": result["free"],
                    "remedies": format_list(self.env, [self._remedy_label(r) for r in result["remedies"]])
                    or self.env._("None: paid repair"),
                    "can_refund": "refund" in result["remedies"],
                    "can_exchange": "exchange" in result["remedies"],
                    "can_repair": "repair" in result["remedies"],
                    "refund_amount": result["refund_amount"],
                    "depreciation": result["depreciation"],
                    "warranty_end": result["warranty_end"],
                    "main_part_warranty_end": result["main_part_warranty_end"],
                    "days_used": result["days_used"],
                    "repair_days": result["repair_days"],
                    "tampered": result["tampered"],
                }
            )

    def _remedy_label(self, code):
        return dict(self._fields["remedy"]._description_selection(self.env))[code]

    def action_record(self):
        """Store the evaluation on the request (cover in or out) and close."""
        self.ensure_one()
        result = self._evaluate()
        if self.request_id:
            self.request_id._warranty_store_evaluation(result, self._component(), self.exclusion)
        return {"type": "ir.actions.act_window_close"}

    def action_apply(self):
        """Execute the chosen remedy."""
        self.ensure_one()
        if not self.remedy:
            raise UserError(self.env._("Choose the remedy to execute."))
        result = self._evaluate()
        free_code = {"refund": "refund", "exchange": "exchange", "repair": "repair"}.get(self.remedy)
        if free_code and free_code not in result["remedies"]:
            raise UserError(
                self.env._(
                    "Card %(card)s: %(remedy)s is not a remedy due under the three guarantees "
                    "(rule: %(rule)s). Offer a paid repair or one of: %(remedies)s.",
                    card=self.card_id.name,
                    remedy=self._remedy_label(self.remedy),
                    rule=self.card_id._rule_label(result["rule"]),
                    remedies=[self._remedy_label(r) for r in result["remedies"]] or "-",
                )
            )
        request = self.request_id
        if request:
            request._warranty_store_evaluation(result, self._component(), self.exclusion)
            with suite_writes(self.env):
                request.write(
                    {
                        "warranty_state": "out" if self.remedy == "paid" else "in",
                        "warranty_remedy": self.remedy,
                    }
                )
        if self.remedy == "refund":
            credit_note = self.card_id._execute_refund(result, request or None)
            return self._open(credit_note)
        if self.remedy == "exchange":
            new_card = self.card_id._execute_exchange(self.new_lot_id, request or None)
            return self._open(new_card)
        if request and self.remedy == "repair":
            request._warranty_sync_repair_log()
        return {"type": "ir.actions.act_window_close"}

    def _open(self, record):
        return {
            "type": "ir.actions.act_window",
            "res_model": record._name,
            "res_id": record.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
