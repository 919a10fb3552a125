"""The monthly discount slip (售后折价单): the after-sales discounts granted to
one dealer or customer in a month. The supervisor submits it, a manager
approves it, and posting books a customer credit note in the sale journal.

    draft --submit--> to_approve --approve--> approved --post--> posted
      ^                  |--reject--/                 (credit note)
      \\----------------- reset (not once posted) ----/
"""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

SLIP_STATES = [
    ("draft", "Draft"),
    ("to_approve", "To Approve"),
    ("approved", "Approved"),
    ("posted", "Posted"),
    ("cancelled", "Cancelled"),
]
APPROVER_GROUP = "aftersales_service.group_aftersales_manager"
# action -> (states it starts from, state it ends in)
TRANSITIONS = {
    "submit": (("draft",), "to_approve"),
    "approve": (("to_approve",), "approved"),
    "reject": (("to_approve",), "draft"),
    "reset": (("to_approve", "approved", "cancelled"), "draft"),
    "cancel": (("draft", "to_approve", "approved"), "cancelled"),
    "post": (("approved",), "posted"),
}


class AftersalesDiscountSlip(models.Model):
    _name = "aftersales.discount.slip"
    _description = "Monthly After-Sales Discount Slip"
    _inherit = ["aftersales.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _transitions = TRANSITIONS
    _order = "month desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index="trigram"
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    month = fields.Date(
        required=True,
        index=True,
        tracking=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
        help="Any day of the month the slip covers; stored as its first day.",
    )
    month_end = fields.Date(compute="_compute_month_end")
    partner_id = fields.Many2one(
        "res.partner",
        string="Dealer / Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    line_ids = fields.One2many("aftersales.discount.slip.line", "slip_id", string="Lines", copy=True)
    amount_total = fields.Monetary(compute="_compute_amount_total", store=True, string="Total", tracking=True)
    state = fields.Selection(
        SLIP_STATES,
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    note = fields.Text()
    submitted_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    approved_by_id = fields.Many2one("res.users", string="Approved By", readonly=True, copy=False)
    approved_date = fields.Datetime(readonly=True, copy=False)
    move_id = fields.Many2one("account.move", string="Credit Note", readonly=True, copy=False)

    _month_partner_unique = models.Constraint(
        "UNIQUE(company_id, partner_id, month)",
        "There is already a discount slip for this customer and month.",
    )

    @api.depends("month")
    def _compute_month_end(self):
        for slip in self:
            slip.month_end = slip.month and slip.month + relativedelta(day=31)

    @api.depends("line_ids.amount")
    def _compute_amount_total(self):
        for slip in self:
            slip.amount_total = sum(slip.line_ids.mapped("amount"))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("month"):
                vals["month"] = fields.Date.to_date(vals["month"]).replace(day=1)
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("aftersales.discount.slip") or self.env._(
                    "New"
                )
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("month"):
            vals["month"] = fields.Date.to_date(vals["month"]).replace(day=1)
        if set(vals) & {"partner_id", "month", "line_ids", "company_id"}:
            locked = self.filtered(lambda s: s.state != "draft")
            if locked:
                raise UserError(
                    self.env._(
                        "Discount slip %(slips)s is no longer a draft: reset it to draft "
                        "before changing its customer, month or lines.",
                        slips=", ".join(locked.mapped("name")),
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if self.filtered(lambda s: s.state not in ("draft", "cancelled")):
            raise UserError(self.env._("Only draft or cancelled discount slips can be deleted."))

    # ------------------------------------------------------------------ workflow
    @api.model
    def _transition_labels(self):
        return {
            "submit": self.env._("submit"),
            "approve": self.env._("approve"),
            "reject": self.env._("reject"),
            "reset": self.env._("reset"),
            "cancel": self.env._("cancel"),
            "post": self.env._("post"),
        }

    def _workflow_record_names(self):
        return self.env._("discount slip %(slips)s", slips=", ".join(self.mapped("name")))

    def action_submit(self):
        self._check_transition("submit")
        empty = self.filtered(lambda s: s.amount_total <= 0)
        if empty:
            raise UserError(
                self.env._(
                    "Discount slip %(slip)s has no amount: add the discounted requests first.",
                    slip=empty[0].name,
                )
            )
        return self._move_to("submit", {"submitted_by_id": self.env.user.id})

    def _check_approver(self):
        if not self.env.user.has_group(APPROVER_GROUP):
            raise UserError(
                self.env._(
                    "Discount slip %(slip)s needs the approval of an after-sales manager.",
                    slip=self[:1].name,
                )
            )

    def action_approve(self):
        self._check_transition("approve")
        self._check_approver()
        return self._move_to(
            "approve", {"approved_by_id": self.env.user.id, "approved_date": fields.Datetime.now()}
        )

    def action_reject(self):
        self._check_transition("reject")
        self._check_approver()
        return self._move_to("reject", {"submitted_by_id": False})

    def action_reset_to_draft(self):
        return self._move_to("reset", {"approved_by_id": False, "approved_date": False})

    def action_cancel(self):
        return self._move_to("cancel")

    def action_post(self):
        self._check_transition("post")
        unapproved = self.filtered(lambda s: not s.approved_by_id)
        if unapproved:
            raise UserError(
                self.env._("Discount slip %(slip)s has not been approved.", slip=unapproved[0].name)
            )
        for slip in self:
            move = self.env["account.move"].sudo().create(slip._credit_note_vals())
            move.action_post()
            slip._move_to("post", {"move_id": move.id})
            slip.message_post(body=self.env._("Credit note %(move)s posted.", move=move.name))
        return True

    def _discount_product(self):
        self.ensure_one()
        product = self.company_id.aftersales_discount_product_id or self.env.ref(
            "aftersales_service.product_aftersales_discount", raise_if_not_found=False
        )
        if not product:
            raise UserError(
                self.env._(
                    "Set the after-sales discount product in the After-Sales settings "
                    "before posting %(slip)s.",
                    slip=self.name,
                )
            )
        return product

    def _sale_journal(self):
        self.ensure_one()
        journal = (
            self.env["account.journal"]
            .sudo()
            .search(
                [("type", "=", "sale"), ("company_id", "=", self.company_id.id)],
                order="sequence, id",
                limit=1,
            )
        )
        if not journal:
            raise UserError(
                self.env._(
                    "Company %(company)s has no sales journal to post %(slip)s in.",
                    company=self.company_id.name,
                    slip=self.name,
                )
            )
        return journal

    def _credit_note_vals(self):
        self.ensure_one()
        product = self._discount_product()
        month_label = self.month.strftime("%Y-%m")
        return {
            "move_type": "out_refund",
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "journal_id": self._sale_journal().id,
            "invoice_date": min(self.month_end, fields.Date.context_today(self)),
            "invoice_origin": self.name,
            "ref": self.env._("After-sales discount %(month)s", month=month_label),
            "invoice_line_ids": [
                (
                    0,
                    0,
                    {
                        "product_id": product.id,
                        "name": self.env._(
                            "%(slip)s %(request)s: %(reason)s",
                            slip=self.name,
                            request=line.request_id.name or "",
                            reason=line.reason,
                        ),
                        "quantity": 1.0,
                        "price_unit": line.amount,
                        "tax_ids": [(6, 0, [])],
                    },
                )
                for line in self.line_ids
            ],
        }

    def action_view_credit_note(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.move_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    @api.constrains("line_ids", "partner_id")
    def _check_lines_partner(self):
        for slip in self:
            requests = slip.line_ids.request_id
            wrong = requests - requests.filtered_domain(
                [("partner_id", "child_of", slip.partner_id.commercial_partner_id.id)]
            )
            if wrong:
                raise ValidationError(
                    self.env._(
                        "Discount slip %(slip)s: request %(request)s belongs to %(other)s, "
                        "not to %(partner)s.",
                        slip=slip.name,
                        request=wrong[0].name,
                        other=wrong[0].partner_id.display_name,
                        partner=slip.partner_id.display_name,
                    )
                )
