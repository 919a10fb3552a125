"""Warranty claim back to the manufacturer (谁生产谁负责).

    draft --submit--> submitted --approve--> approved --invoice--> invoiced --settle--> settled
                                --reject---> rejected --reset--> draft (corrected, submitted again)
    draft / rejected --cancel--> cancelled

One claim per manufacturer and company gathers completed warranty jobs: the
parts at their stock cost plus the labour hours at the rate agreed with the
manufacturer. A station (depot keeper) prepares and submits it; only a
supervisor approves, rejects (with a reason), invoices and settles it. Every
step writes a line of history (who, when, from, to, why), so a claim
rejected and corrected keeps the record of each round. A claim settles only
once its invoice is posted and every old part of its jobs has a disposition."""

from datetime import datetime, time, timedelta

from odoo import Command, api, fields, models
from odoo.addons.aftersales_parts.models.aftersales_old_part import DISPOSED_STATES
from odoo.exceptions import UserError

CLAIM_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
    ("invoiced", "Invoiced"),
    ("settled", "Settled"),
    ("cancelled", "Cancelled"),
]
# A request on a claim in any of these states cannot be claimed again.
ACTIVE_STATES = ("draft", "submitted", "approved", "rejected", "invoiced", "settled")
TRANSITIONS = {
    "submit": (("draft",), "submitted"),
    "approve": (("submitted",), "approved"),
    "reject": (("submitted",), "rejected"),
    "reset": (("rejected",), "draft"),
    "invoice": (("approved",), "invoiced"),
    "settle": (("invoiced",), "settled"),
    "cancel": (("draft", "rejected"), "cancelled"),
}
# What only a draft claim lets you change.
DRAFT_FIELDS = {"manufacturer_id", "company_id", "labour_rate", "line_ids"}
SUPERVISOR_GROUP = "aftersales_service.group_aftersales_supervisor"


class AftersalesWarrantyClaim(models.Model):
    _name = "aftersales.warranty.claim"
    _description = "Manufacturer Claim"
    _inherit = ["aftersales.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _transitions = TRANSITIONS
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Claim Number", default="/", required=True, readonly=True, copy=False, index="trigram"
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    manufacturer_id = fields.Many2one(
        "res.partner",
        string="Manufacturer",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
        help="Who made the units and bears the warranty cost (谁生产谁负责).",
    )
    state = fields.Selection(
        CLAIM_STATES,
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    date = fields.Date(string="Claim Date", required=True, default=fields.Date.context_today)
    date_to = fields.Date(string="Jobs Done Until", help="The last completion date of the jobs gathered.")
    labour_rate = fields.Float(
        string="Labour Rate",
        digits="Product Price",
        compute="_compute_labour_rate",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="Per hour, as agreed with the manufacturer (from the manufacturer's contact card).",
    )
    line_ids = fields.One2many("aftersales.warranty.claim.line", "claim_id", string="Jobs", copy=False)
    history_ids = fields.One2many(
        "aftersales.warranty.claim.history", "claim_id", string="History", readonly=True, copy=False
    )
    request_count = fields.Integer(string="Jobs Claimed", compute="_compute_amounts", store=True)
    parts_cost = fields.Monetary(
        string="Parts at Cost", compute="_compute_amounts", store=True, tracking=True
    )
    labour_hours = fields.Float(compute="_compute_amounts", store=True, tracking=True)
    labour_amount = fields.Monetary(string="Labour", compute="_compute_amounts", store=True, tracking=True)
    amount_total = fields.Monetary(
        string="Total Claimed", compute="_compute_amounts", store=True, tracking=True
    )
    reject_reason = fields.Text(
        string="Rejection Reason",
        copy=False,
        tracking=True,
        help="Why the manufacturer's auditor refuses the claim; required to reject it.",
    )
    submitted_date = fields.Datetime(readonly=True, copy=False)
    approved_by_id = fields.Many2one("res.users", string="Approved By", readonly=True, copy=False)
    approved_date = fields.Datetime(readonly=True, copy=False)
    settled_date = fields.Datetime(readonly=True, copy=False)
    invoice_id = fields.Many2one(
        "account.move", string="Invoice", readonly=True, copy=False, index="btree_not_null"
    )
    invoice_state = fields.Selection(related="invoice_id.state", string="Invoice Status")
    invoice_payment_state = fields.Selection(related="invoice_id.payment_state", string="Payment")
    note = fields.Text()

    # ------------------------------------------------------------------ computes

    @api.depends("manufacturer_id", "company_id")
    def _compute_labour_rate(self):
        for claim in self:
            if claim.state in (False, "draft"):
                partner = claim.manufacturer_id.with_company(claim.company_id or self.env.company)
                claim.labour_rate = partner.aftersales_claim_labour_rate
            else:
                claim.labour_rate = claim.labour_rate

    @api.depends("line_ids.parts_cost", "line_ids.labour_hours", "labour_rate", "currency_id")
    def _compute_amounts(self):
        for claim in self:
            lines = claim.line_ids
            claim.request_count = len(lines)
            claim.parts_cost = sum(lines.mapped("parts_cost"))
            claim.labour_hours = sum(lines.mapped("labour_hours"))
            # One rounding on the total, as the invoice's labour line does (hours × rate).
            claim.labour_amount = claim.currency_id.round(claim.labour_hours * claim.labour_rate)
            claim.amount_total = claim.parts_cost + claim.labour_amount

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("aftersales.warranty.claim") or "/"
        return super().create(vals_list)

    def write(self, vals):
        if DRAFT_FIELDS & set(vals):
            self._check_draft()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        kept = self.filtered(lambda c: c.state not in ("draft", "cancelled"))
        if kept:
            raise UserError(
                self.env._(
                    "Claim %(claim)s is %(state)s: only draft or cancelled claims can be deleted.",
                    claim=kept[0].name,
                    state=kept[0]._state_label(),
                )
            )

    # ------------------------------------------------------------------ checks

    def _state_label(self, state=None):
        return dict(self._fields["state"]._description_selection(self.env))[state or self.state]

    def _check_draft(self):
        locked = self.filtered(lambda c: c.state != "draft")
        if locked:
            raise UserError(
                self.env._(
                    "Claim %(claim)s is %(state)s: its jobs and rates can only be changed in draft "
                    "(a rejected claim goes back to draft with Correct).",
                    claim=locked[0].name,
                    state=locked[0]._state_label(),
                )
            )

    def _check_supervisor(self):
        if not self.env.user.has_group(SUPERVISOR_GROUP):
            raise UserError(
                self.env._(
                    "Only a supervisor can approve, reject, invoice or settle a manufacturer claim (%(claim)s).",
                    claim=", ".join(self.mapped("name")),
                )
            )

    @api.model
    def _transition_labels(self):
        return {
            "submit": self.env._("submit"),
            "approve": self.env._("approve"),
            "reject": self.env._("reject"),
            "reset": self.env._("correct"),
            "invoice": self.env._("invoice"),
            "settle": self.env._("settle"),
            "cancel": self.env._("cancel"),
        }

    def _workflow_record_names(self):
        return self.env._("claim %(names)s", names=", ".join(self.mapped("name")))

    def _on_transition(self, action, previous):
        """Every step writes a line of history: who, when, from, to, why."""
        result = super()._on_transition(action, previous)
        self.env["aftersales.warranty.claim.history"].sudo().create(
            [
                {
                    "claim_id": claim.id,
                    "from_state": previous[claim.id],
                    "to_state": claim.state,
                    "user_id": self.env.uid,
                    "reason": claim.reject_reason if action == "reject" else False,
                }
                for claim in self
            ]
        )
        return result

    def action_submit(self):
        self._check_transition("submit")
        for claim in self:
            if not claim.line_ids or claim.currency_id.is_zero(claim.amount_total):
                raise UserError(
                    self.env._(
                        "Claim %(claim)s has nothing to claim: add completed warranty jobs with parts "
                        "or labour first.",
                        claim=claim.name,
                    )
                )
        return self._move_to("submit", {"submitted_date": fields.Datetime.now(), "reject_reason": False})

    def action_approve(self):
        self._check_supervisor()
        return self._move_to(
            "approve", {"approved_by_id": self.env.uid, "approved_date": fields.Datetime.now()}
        )

    def action_reject(self):
        """Reject with the reason written on the claim (mandatory)."""
        self._check_supervisor()
        self._lock_rows()
        self._check_transition("reject")
        missing = self.filtered(lambda c: not (c.reject_reason or "").strip())
        if missing:
            raise UserError(
                self.env._(
                    "Write why claim %(claim)s is rejected before rejecting it.", claim=missing[0].name
                )
            )
        return self._move_to("reject", locked=True)

    def action_reset(self):
        """Back to draft to correct a rejected claim; the rejection stays in the history."""
        return self._move_to("reset")

    def action_cancel(self):
        """Give the claim up: its jobs may be claimed again."""
        return self._move_to("cancel")

    def action_create_invoice(self):
        """Invoice the approved claim to the manufacturer: one line for the
        parts at cost, one for the labour hours at the agreed rate."""
        self._check_supervisor()
        self._lock_rows()
        self._check_transition("invoice")
        for claim in self:
            invoice = claim._create_invoice()
            claim._move_to("invoice", {"invoice_id": invoice.id}, locked=True)
            claim.message_post(body=self.env._("Invoice %(invoice)s created.", invoice=invoice.display_name))
        return self.action_view_invoice() if len(self) == 1 else True

    def action_settle(self):
        """Close the claim: its invoice is posted and every old part of its
        jobs is written off or returned."""
        self._check_supervisor()
        self._lock_rows()
        self._check_transition("settle")
        for claim in self:
            invoice = claim.invoice_id.sudo()
            if invoice.state != "posted":
                raise UserError(
                    self.env._(
                        "Post invoice %(invoice)s of claim %(claim)s before settling the claim.",
                        invoice=invoice.display_name,
                        claim=claim.name,
                    )
                )
            pending = claim.line_ids.request_id.old_part_ids.filtered(
                lambda p: p.state not in DISPOSED_STATES
            ).sorted(lambda p: (p.request_id.name, p.id))
            if pending:
                part = pending[0]
                raise UserError(
                    self.env._(
                        "Claim %(claim)s cannot be settled: old part %(part)s of %(request)s is still "
                        "%(state)s. Write it off or return it (to the centre or the supplier) first.",
                        claim=claim.name,
                        part=part.product_id.display_name,
                        request=part.request_id.name,
                        state=dict(part._fields["state"]._description_selection(self.env))[part.state],
                    )
                )
        return self._move_to("settle", {"settled_date": fields.Datetime.now()}, locked=True)

    # ------------------------------------------------------------------ invoice

    def _create_invoice(self):
        self.ensure_one()
        commands = self._invoice_line_commands()
        if not commands:
            raise UserError(self.env._("Claim %(claim)s has no amount to invoice.", claim=self.name))
        return (
            self.env["account.move"]
            .sudo()
            .with_company(self.company_id)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.manufacturer_id.id,
                    "company_id": self.company_id.id,
                    "currency_id": self.currency_id.id,
                    "invoice_origin": self.name,
                    "ref": self.name,
                    "invoice_line_ids": commands,
                }
            )
        )

    def _invoice_line_commands(self):
        """Products carry the taxes: none unless the admin sets them."""
        self.ensure_one()
        commands = []
        if not self.currency_id.is_zero(self.parts_cost):
            product = self.env.ref("aftersales_warranty.product_claim_parts")
            commands.append(
                Command.create(
                    {
                        "product_id": product.id,
                        "name": self.env._(
                            "Warranty parts at cost, claim %(claim)s (%(count)s jobs)",
                            claim=self.name,
                            count=self.request_count,
                        ),
                        "quantity": 1.0,
                        "price_unit": self.parts_cost,
                    }
                )
            )
        if self.labour_hours and self.labour_rate:
            product = self.env.ref("aftersales_warranty.product_claim_labour")
            commands.append(
                Command.create(
                    {
                        "product_id": product.id,
                        "name": self.env._(
                            "Warranty labour, claim %(claim)s: %(hours)s h at the agreed rate",
                            claim=self.name,
                            hours=self.labour_hours,
                        ),
                        "quantity": self.labour_hours,
                        "product_uom_id": product.uom_id.id,
                        "price_unit": self.labour_rate,
                    }
                )
            )
        return commands

    # ------------------------------------------------------------------ generation

    @api.model
    def _generate_claims(self, date_to=None):
        """Gather the completed warranty jobs not yet on an active claim into
        one draft claim per manufacturer and company (an existing draft claim
        of that manufacturer takes them). One search for the jobs, one for the
        drafts, then batch creates. Returns the claims that received jobs."""
        date_to = fields.Date.to_date(date_to)
        domain = [
            ("state", "in", ("done", "closed")),
            ("warranty_state", "=", "in"),
            ("warranty_manufacturer_id", "!=", False),
            ("company_id", "in", self.env.companies.ids),
            ("warranty_claim_line_ids", "not any", [("claim_state", "in", ACTIVE_STATES)]),
        ]
        if date_to:
            domain.append(("done_date", "<", datetime.combine(date_to + timedelta(days=1), time.min)))
        requests = self.env["aftersales.request"].search(domain, order="done_date, id")
        if not requests:
            return self.browse()
        groups = requests.grouped(lambda r: (r.company_id, r.warranty_manufacturer_id))
        drafts = {}
        for claim in self.search(
            [
                ("state", "=", "draft"),
                ("company_id", "in", requests.company_id.ids),
                ("manufacturer_id", "in", requests.warranty_manufacturer_id.ids),
            ],
            order="id",
        ):
            drafts.setdefault((claim.company_id, claim.manufacturer_id), claim)
        claims = self.browse()
        new_lines, new_claims = [], []
        for (company, manufacturer), jobs in groups.items():
            claim = drafts.get((company, manufacturer))
            if claim:
                claims |= claim
                new_lines += [{"claim_id": claim.id, "request_id": job.id} for job in jobs]
                if date_to and (not claim.date_to or claim.date_to < date_to):
                    claim.date_to = date_to
            else:
                new_claims.append(
                    {
                        "company_id": company.id,
                        "manufacturer_id": manufacturer.id,
                        "date_to": date_to or False,
                        "line_ids": [Command.create({"request_id": job.id}) for job in jobs],
                    }
                )
        if new_lines:
            self.env["aftersales.warranty.claim.line"].create(new_lines)
        return claims | self.create(new_claims)

    # ------------------------------------------------------------------ buttons

    def action_view_invoice(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.invoice_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_view_requests(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "aftersales.request",
            "view_mode": "list,form",
            "domain": [("id", "in", self.line_ids.request_id.ids)],
            "name": self.env._("Claimed Jobs"),
        }
