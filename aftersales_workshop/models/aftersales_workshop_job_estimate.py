"""The estimate side of a workshop job: its lines, the quotations that carry
them to the customer (the estimate in versions, then the amendments of the
added items), the consent, the old parts choice and the settlement."""

from odoo import Command, api, fields, models
from odoo.addons.aftersales_service.models.aftersales_write_guard import suite_writes, user_roles
from odoo.exceptions import UserError

CONSENT_CHANNELS = [
    ("counter", "Signed at the Counter"),
    ("portal", "Signed Online"),
    ("phone", "Phone Consent"),
]
OLD_PARTS_CHOICES = [("take", "The Customer Takes Them"), ("leave", "Left to the Workshop")]
PAYMENT_STATES = [("not_paid", "Not Paid"), ("partial", "Partially Paid"), ("paid", "Paid")]
HISTORY_LIMIT = 10


class AftersalesWorkshopJob(models.Model):
    _inherit = "aftersales.workshop.job"
    # The advisor records the customer's choices and the handover signature;
    # the rest of the estimate is lines (aftersales_workshop_line.py) and
    # figures the steps set.
    _field_roles = dict.fromkeys(
        ("old_parts_choice", "settlement_signature", "settlement_signed_by"), ("advisor",)
    )

    line_ids = fields.One2many("aftersales.workshop.line", "job_id", string="Estimate Lines")
    old_parts_choice = fields.Selection(
        OLD_PARTS_CHOICES,
        string="Old Parts",
        tracking=True,
        copy=False,
        help="Recorded with the estimate and honoured at handover. Old parts of free three-guarantee "
        "repairs go back to the manufacturer whatever the choice.",
    )
    sale_order_ids = fields.One2many(
        "sale.order",
        "aftersales_workshop_job_id",
        string="Quotations",
        groups="sales_team.group_sale_salesman",
    )
    estimate_order_id = fields.Many2one(
        "sale.order",
        string="Current Estimate",
        readonly=True,
        copy=False,
        groups="sales_team.group_sale_salesman",
        help="The last version of the estimate sent to the customer.",
    )
    estimate_version = fields.Integer(readonly=True, copy=False, help="How many versions were sent.")
    consent_date = fields.Datetime(string="Consent Given On", readonly=True, copy=False, tracking=True)
    consent_channel = fields.Selection(CONSENT_CHANNELS, string="Consent", readonly=True, copy=False)
    estimate_amount = fields.Monetary(
        string="Consented Estimate",
        readonly=True,
        copy=False,
        help="Total of the estimate the customer consented to, taxes included.",
    )
    amount_labour = fields.Monetary(string="Labour", compute="_compute_amounts", store=True)
    amount_parts = fields.Monetary(string="Parts", compute="_compute_amounts", store=True)
    amount_free = fields.Monetary(
        string="Free (三包)",
        compute="_compute_amounts",
        store=True,
        help="Value of the free three-guarantee items: zero for the customer, claimed from the maker.",
    )
    amount_total = fields.Monetary(
        string="Customer Pays",
        compute="_compute_amounts",
        store=True,
        help="Labour and parts the customer pays, before taxes, over the items not refused.",
    )
    cost_total = fields.Monetary(string="Cost", compute="_compute_amounts", store=True)
    addition_count = fields.Integer(string="Added Items", compute="_compute_additions", store=True)
    addition_accepted_count = fields.Integer(
        string="Added Items Accepted", compute="_compute_additions", store=True
    )
    pending_quotation_count = fields.Integer(
        string="Waiting for the Customer", compute="_compute_pending_quotation_count"
    )
    recommended_line_ids = fields.One2many(
        "aftersales.workshop.line",
        compute="_compute_recommended_line_ids",
        string="Recommended Repairs",
        help="Safety-related items the customer declined, with their signature.",
    )
    history_request_ids = fields.Many2many(
        "aftersales.request",
        compute="_compute_history_request_ids",
        string="Service History",
        groups="aftersales_service.group_aftersales_agent,aftersales_service.group_aftersales_technician",
        help="Earlier service requests of the same unit (its serial number, else the customer's product).",
    )
    warranty_card_id = fields.Many2one(related="request_id.warranty_card_id")
    warranty_rule = fields.Selection(related="request_id.warranty_rule")
    warranty_remedies_text = fields.Char(related="request_id.warranty_remedies_text")
    warranty_evaluated_on = fields.Date(related="request_id.warranty_evaluated_on")
    settlement_signature = fields.Image(
        string="Customer's Signature at Handover",
        max_width=1024,
        max_height=1024,
        copy=False,
        attachment=True,
    )
    settlement_signed_by = fields.Char(string="Settlement Signed By", copy=False)
    settlement_signed_on = fields.Datetime(string="Settlement Signed On", readonly=True, copy=False)
    delivered_date = fields.Datetime(string="Handed Over On", readonly=True, copy=False, tracking=True)
    invoice_ids = fields.Many2many(
        "account.move",
        string="Invoices",
        readonly=True,
        copy=False,
        groups="sales_team.group_sale_salesman",
    )
    final_amount = fields.Monetary(
        string="Invoiced Amount",
        readonly=True,
        copy=False,
        help="Total invoiced at handover, taxes included.",
    )
    invoice_payment_state = fields.Selection(
        PAYMENT_STATES, string="Payment", compute="_compute_invoice_payment_state", store=True, index=True
    )

    # ------------------------------------------------------------------ computes

    @api.depends(
        "line_ids.kind",
        "line_ids.amount_customer",
        "line_ids.price_subtotal",
        "line_ids.free",
        "line_ids.consent_state",
        "line_ids.cost_amount",
    )
    def _compute_amounts(self):
        for job in self:
            lines = job.line_ids.filtered(lambda ln: ln.consent_state != "refused")
            job.amount_labour = sum(lines.filtered(lambda ln: ln.kind == "labour").mapped("amount_customer"))
            job.amount_parts = sum(lines.filtered(lambda ln: ln.kind == "part").mapped("amount_customer"))
            job.amount_free = sum(lines.filtered("free").mapped("price_subtotal"))
            job.amount_total = job.amount_labour + job.amount_parts
            job.cost_total = sum(lines.mapped("cost_amount"))

    @api.depends("line_ids.is_addition", "line_ids.consent_state")
    def _compute_additions(self):
        for job in self:
            additions = job.line_ids.filtered("is_addition")
            job.addition_count = len(additions)
            job.addition_accepted_count = len(additions.filtered(lambda ln: ln.consent_state == "accepted"))

    def _compute_pending_quotation_count(self):
        counts = dict(
            self.env["sale.order"]
            .sudo()
            ._read_group(
                [("aftersales_workshop_job_id", "in", self.ids), ("state", "in", ("draft", "sent"))],
                ["aftersales_workshop_job_id"],
                ["__count"],
            )
        )
        for job in self:
            job.pending_quotation_count = counts.get(job, 0)

    @api.depends("line_ids.safety", "line_ids.consent_state")
    def _compute_recommended_line_ids(self):
        for job in self:
            job.recommended_line_ids = job.line_ids.filtered(
                lambda ln: ln.safety and ln.consent_state == "refused"
            )

    @api.depends("request_id", "lot_id", "partner_id", "product_id")
    def _compute_history_request_ids(self):
        Request = self.env["aftersales.request"]
        for job in self:
            if job.lot_id:
                domain = [("lot_id", "=", job.lot_id.id)]
            elif job.product_id:
                domain = [("partner_id", "=", job.partner_id.id), ("product_id", "=", job.product_id.id)]
            else:
                job.history_request_ids = False
                continue
            job.history_request_ids = Request.search(
                [*domain, ("id", "!=", job.request_id.id)], order="id desc", limit=HISTORY_LIMIT
            )

    @api.depends("invoice_ids.payment_state")
    def _compute_invoice_payment_state(self):
        for job in self:
            states = set(
                job.sudo().invoice_ids.filtered(lambda m: m.state == "posted").mapped("payment_state")
            )
            if not states:
                job.invoice_payment_state = False
            elif states <= {"paid", "in_payment", "reversed"}:
                job.invoice_payment_state = "paid"
            elif states & {"paid", "in_payment", "partial"}:
                job.invoice_payment_state = "partial"
            else:
                job.invoice_payment_state = "not_paid"

    # ------------------------------------------------------------------ helpers of the steps

    def _check_advisor(self):
        """Estimates, consents and handovers are the service advisor's."""
        if self.env.su or "advisor" in user_roles(self.env):
            return
        raise UserError(
            self.env._(
                "%(user)s cannot do this on %(jobs)s: estimates, the customer's consent and the "
                "handover are the service advisor's.",
                user=self.env.user.name,
                jobs=", ".join(self.mapped("name")),
            )
        )

    def _lines_to_send(self, additions):
        """The proposed items a new quotation carries: the estimate's own
        lines, or the added items that no quotation carries yet."""
        self.ensure_one()
        return self.line_ids.filtered(
            lambda ln: (
                ln.consent_state == "proposed"
                and ln.is_addition == additions
                and not ln._waiting_in_quotation()
            )
        )

    def _check_estimate_ready(self):
        self.ensure_one()
        if not self._lines_to_send(additions=False):
            raise UserError(
                self.env._(
                    "%(job)s has nothing to estimate: add the labour and the parts of the repair first.",
                    job=self.name,
                )
            )
        if not self.old_parts_choice:
            raise UserError(
                self.env._(
                    "Record whether the customer takes the old parts of %(job)s before sending the estimate.",
                    job=self.name,
                )
            )

    def _make_quotation(self, kind, lines):
        """A quotation of `lines` for the customer, to be signed (portal or
        counter). Free lines keep their price with a 100 % discount, so the
        customer sees what the three guarantees cover."""
        self.ensure_one()
        version = self.estimate_version + 1 if kind == "estimate" else 0
        vals = {
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "user_id": self.advisor_id.id or self.env.uid,
            "origin": f"{self.name} / {self.request_id.name}",
            "client_order_ref": self.request_id.name,
            "warehouse_id": self.workshop_id.depot_id.id,
            "require_signature": True,
            "require_payment": False,
            "aftersales_workshop_job_id": self.id,
            "aftersales_estimate_kind": kind,
            "aftersales_version": version,
            "order_line": [Command.create(line._sale_line_vals()) for line in lines],
        }
        with suite_writes(self.env):
            order = self.env["sale.order"].sudo().create(vals)
            for sale_line in order.order_line:
                sale_line.aftersales_workshop_line_id.sale_line_id = sale_line
        return order

    def _plan_parts(self, lines):
        """The request's part lines of the accepted parts: parts move once in
        stock, through them, from the workshop's depot."""
        self.ensure_one()
        depot = self.workshop_id.depot_id
        with suite_writes(self.env):
            parts = (
                self.env["aftersales.part.line"]
                .sudo()
                .create(
                    [
                        {
                            "request_id": self.request_id.id,
                            "product_id": line.product_id.id,
                            "planned_qty": line.quantity,
                            "source_location_id": depot.lot_stock_id.id,
                            "workshop_line_id": line.id,
                            "sale_line_id": line.sale_line_id.id,
                        }
                        for line in lines
                    ]
                )
            )
            for line, part in zip(lines, parts, strict=True):
                line.part_line_id = part
        return parts

    def _check_handover(self):
        self.ensure_one()
        if not self.settlement_signature or not (self.settlement_signed_by or "").strip():
            raise UserError(
                self.env._(
                    "%(job)s: the customer signs the settlement at handover (signature and name).",
                    job=self.name,
                )
            )
        open_items = self.line_ids.filtered(lambda ln: ln.consent_state == "proposed")
        if open_items:
            raise UserError(
                self.env._(
                    "%(job)s: %(items)s still wait for the customer's answer; record the consent or "
                    "the refusal before handover.",
                    job=self.name,
                    items=", ".join(f"«{name}»" for name in open_items.mapped("name")),
                )
            )
        unsettled = self.request_id.part_line_ids.filtered(lambda ln: ln.state in ("planned", "issued"))
        if unsettled:
            raise UserError(
                self.env._(
                    "%(job)s: confirm which parts were used, and cancel the ones not needed, before "
                    "handover (%(parts)s).",
                    job=self.name,
                    parts=", ".join(unsettled.mapped("product_id.display_name")),
                )
            )

    def _invoice_orders(self):
        """The invoice of the confirmed quotations (estimate and amendments),
        by delivered quantities: parts as used, labour as charged, free
        lines at zero. Posted, and followed on the job."""
        self.ensure_one()
        orders = self.sudo().sale_order_ids.filtered(lambda o: o.state == "sale")
        if not orders.order_line.filtered(lambda ln: ln.qty_to_invoice > 0):
            return self.env["account.move"]
        invoices = orders._create_invoices(final=True)
        invoices.action_post()
        with suite_writes(self.env):
            self.sudo().write(
                {
                    "invoice_ids": [Command.link(invoice.id) for invoice in invoices],
                    "final_amount": sum(invoices.mapped("amount_total_signed")),
                }
            )
        return invoices

    def _settle_request(self):
        """The request's own flow: its labour hours (those a claim may
        recover), the work done and the customer's signature; then it is
        finished and closed when it is in progress."""
        self.ensure_one()
        request = self.request_id
        labour = self.line_ids.filtered(lambda ln: ln.kind == "labour" and ln.consent_state == "accepted")
        if request.warranty_state == "in":
            labour = labour.filtered("free")
        vals = {"labour_hours": sum(labour.mapped("quantity"))}
        if not (request.work_done or "").strip():
            vals["work_done"] = "\n".join(
                self.line_ids.filtered(lambda ln: ln.consent_state == "accepted").mapped("name")
            )
        if not request.signature:
            vals.update(signature=self.settlement_signature, signed_by=self.settlement_signed_by)
        with suite_writes(self.env):
            request.write(vals)
        if request.state == "in_progress":
            request.action_done()
        if request.state == "done":
            request.action_close()

    # ------------------------------------------------------------------ buttons

    def action_view_quotations(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Quotations"),
            "res_model": "sale.order",
            "view_mode": "list,form",
            "domain": [("aftersales_workshop_job_id", "=", self.id)],
            "context": {"create": False},
        }

    def action_view_invoices(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Invoices"),
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": [("id", "in", self.invoice_ids.ids)],
            "context": {"create": False},
        }

    def action_print_settlement(self):
        return self.env.ref("aftersales_workshop.action_report_workshop_settlement").report_action(self)
