"""A workshop job (维修工单 / 任务委托书): one carry-in repair of one unit.

    reception --sign_reception--> estimate --send_estimate--> consent
    consent --consent--> in_work          (the customer accepted the estimate)
    consent --revise--> estimate
    in_work --submit_qc--> qc --pass_qc--> ready --deliver--> delivered
    qc --fail_qc--> in_work               (rework, counted)
    reception / estimate / consent --cancel--> cancelled

The job belongs to a service request (the customer, the unit, its 三包
evaluation, its part lines): parts move once, through the request's part
lines, exactly as on a field visit."""

from odoo import api, fields, models
from odoo.addons.aftersales_service.models.aftersales_write_guard import suite_writes
from odoo.exceptions import UserError

JOB_STATES = [
    ("reception", "Reception"),
    ("estimate", "Estimate"),
    ("consent", "Waiting for Consent"),
    ("in_work", "In Work"),
    ("qc", "Quality Check"),
    ("ready", "Ready for Handover"),
    ("delivered", "Delivered"),
    ("cancelled", "Cancelled"),
]
# action -> (states it starts from, state or states it ends in)
TRANSITIONS = {
    "sign_reception": (("reception",), "estimate"),
    "send_estimate": (("estimate",), "consent"),
    "consent": (("consent",), "in_work"),
    "revise": (("consent",), "estimate"),
    "submit_qc": (("in_work",), "qc"),
    "fail_qc": (("qc",), "in_work"),
    "pass_qc": (("qc",), "ready"),
    "deliver": (("ready",), "delivered"),
    "cancel": (("reception", "estimate", "consent"), "cancelled"),
}


class AftersalesWorkshopJob(models.Model):
    _name = "aftersales.workshop.job"
    _description = "Workshop Job"
    _inherit = ["aftersales.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _transitions = TRANSITIONS
    _order = "id desc"
    _check_company_auto = True
    _field_roles = {}

    name = fields.Char(string="Job", default="/", readonly=True, copy=False, index="trigram")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        JOB_STATES, default="reception", required=True, readonly=True, tracking=True, index=True
    )
    workshop_id = fields.Many2one("aftersales.workshop", required=True, check_company=True, index=True)
    request_id = fields.Many2one(
        "aftersales.request", string="Service Request", required=True, ondelete="restrict", index=True
    )
    partner_id = fields.Many2one(related="request_id.partner_id", store=True, index=True)
    product_id = fields.Many2one(related="request_id.product_id", store=True)
    lot_id = fields.Many2one(related="request_id.lot_id", store=True, string="Serial / VIN")
    advisor_id = fields.Many2one(
        "res.users",
        string="Service Advisor",
        default=lambda self: self.env.user,
        tracking=True,
        check_company=True,
    )
    technician_id = fields.Many2one(related="request_id.technician_id", store=True)
    warranty_state = fields.Selection(related="request_id.warranty_state")

    _request_unique = models.Constraint("unique(request_id)", "A service request has one workshop job.")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("aftersales.workshop.job") or "/"
        return super().create(vals_list)

    @api.model
    def _transition_labels(self):
        return {
            "sign_reception": self.env._("sign the reception record of"),
            "send_estimate": self.env._("send the estimate of"),
            "consent": self.env._("record the customer's consent to"),
            "revise": self.env._("revise the estimate of"),
            "submit_qc": self.env._("submit for quality check"),
            "fail_qc": self.env._("fail the quality check of"),
            "pass_qc": self.env._("pass the quality check of"),
            "deliver": self.env._("hand over"),
            "cancel": self.env._("cancel"),
        }

    def _workflow_record_names(self):
        return self.env._("workshop job %(names)s", names=", ".join(self.mapped("name")))

    # ------------------------------------------------------------------ steps
    # Each step's gates (signatures, consent, quality check, invoice) are
    # checked in the step before `_move_to`.

    def action_sign_reception(self):
        """The customer has signed the reception record: its time and the
        unit's meter reading are recorded (aftersales_workshop_job_reception.py)."""
        self._check_transition("sign_reception")
        self._check_reception_complete()
        return self._move_to("sign_reception", each=self._reception_sign_values())

    def action_send_estimate(self):
        """The estimate goes to the customer as a quotation to sign (a new
        version each time), by Odoo's quotation e-mail with its portal link."""
        self._check_advisor()
        self._lock_rows()
        self._check_transition("send_estimate")
        for job in self:
            job._check_estimate_ready()
        orders = {
            job.id: job._make_quotation("estimate", job._lines_to_send(additions=False)) for job in self
        }
        self._move_to(
            "send_estimate",
            each={
                job.id: {"estimate_order_id": orders[job.id].id, "estimate_version": job.estimate_version + 1}
                for job in self
            },
        )
        for order in orders.values():
            order._aftersales_send()
        return True

    def action_send_amendment(self):
        """The added items go to the customer as an amendment quotation: their
        parts are not issued and their labour not charged before the
        customer consents again (portal, counter signature or phone)."""
        self._check_advisor()
        self._lock_rows()
        for job in self:
            if job.state != "in_work":
                raise UserError(
                    self.env._(
                        "Added items of %(job)s are proposed while the work is open; it is %(state)s.",
                        job=job.name,
                        state=job._state_labels()[job.state],
                    )
                )
            lines = job._lines_to_send(additions=True)
            if not lines:
                raise UserError(self.env._("%(job)s has no added item waiting to be proposed.", job=job.name))
            order = job._make_quotation("amendment", lines)
            order._aftersales_send()
            job.message_post(
                body=self.env._(
                    "Added items proposed to the customer in %(order)s: %(items)s.",
                    order=order.name,
                    items=", ".join(lines.mapped("name")),
                )
            )
        return True

    def action_revise(self):
        """Back to the estimate: the version waiting for the customer is
        cancelled; a new send makes a new version. While the work is open,
        the amendments waiting for the customer are cancelled instead."""
        self._check_advisor()
        amending = self.filtered(lambda job: job.state == "in_work" and job.pending_quotation_count)
        pending = amending.sudo().sale_order_ids.filtered(lambda o: o.state in ("draft", "sent"))
        estimating = self - amending
        versions = estimating.sudo().estimate_order_id
        if estimating:
            estimating._move_to("revise")
        (pending | versions.filtered(lambda o: o.state in ("draft", "sent")))._aftersales_cancel_version()
        return True

    def action_sign_at_counter(self):
        """The customer signs the waiting quotation on the advisor's tablet."""
        return self._open_consent_wizard("counter")

    def action_record_phone_consent(self):
        """The customer consents to the added items on the phone."""
        return self._open_consent_wizard("phone")

    def action_refuse_items(self):
        """The customer declines items: they stay on record, refused; a
        safety-related one needs the customer's signature."""
        self.ensure_one()
        self._check_advisor()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Items the Customer Declines"),
            "res_model": "aftersales.workshop.refusal.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_job_id": self.id},
        }

    def _open_consent_wizard(self, channel):
        self.ensure_one()
        self._check_advisor()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Customer's Consent"),
            "res_model": "aftersales.workshop.consent.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_job_id": self.id, "default_channel": channel},
        }

    def _check_consent(self, orders):
        """Before `orders` of these jobs are confirmed: the job rows are
        locked and read again, so two advisors accepting at once (two
        versions, or one version twice) act once: the second sees the job
        moved on and is refused."""
        self._lock_rows()
        orders.invalidate_recordset()
        for order in orders:
            job = order.aftersales_workshop_job_id
            estimate = order.aftersales_estimate_kind == "estimate"
            if estimate and job.estimate_order_id != order:
                raise UserError(
                    self.env._(
                        "Quotation %(order)s is version %(version)s of the estimate of %(job)s; only the "
                        "current version, %(current)s, can be accepted.",
                        order=order.name,
                        version=order.aftersales_version,
                        job=job.name,
                        current=job.estimate_order_id.name or "-",
                    )
                )
            if estimate and job.state != "consent":
                raise UserError(
                    self.env._(
                        "Quotation %(order)s can no longer be accepted: %(job)s is %(state)s (its estimate "
                        "was accepted already, or is being revised).",
                        order=order.name,
                        job=job.name,
                        state=job._state_labels()[job.state],
                    )
                )
            if order.aftersales_estimate_kind == "amendment" and job.state not in ("in_work", "qc"):
                raise UserError(
                    self.env._(
                        "The added items of %(order)s can no longer be accepted: %(job)s is %(state)s.",
                        order=order.name,
                        job=job.name,
                        state=job._state_labels()[job.state],
                    )
                )
            order._aftersales_check_signed()
            order._aftersales_check_matches_estimate()

    def _consent_from_order(self, order):
        """The customer accepted `order`: its items are accepted, their parts
        planned on the request (from the workshop's depot); an accepted
        estimate opens the work."""
        self.ensure_one()
        lines = order.order_line.aftersales_workshop_line_id
        now = fields.Datetime.now()
        with suite_writes(self.env):
            lines.sudo().write({"consent_state": "accepted", "consent_date": now})
        self._plan_parts(lines.filtered(lambda ln: ln.kind == "part"))
        if order.aftersales_estimate_kind == "estimate":
            self._move_to(
                "consent",
                {
                    "consent_date": now,
                    "consent_channel": order.aftersales_consent_channel,
                    "estimate_amount": order.amount_total,
                },
            )
            self.request_id._workshop_start()
            stale = self.sudo().sale_order_ids.filtered(
                lambda o: (
                    o != order and o.aftersales_estimate_kind == "estimate" and o.state in ("draft", "sent")
                )
            )
            stale._aftersales_cancel_version()
        self.message_post(
            body=self.env._(
                "%(order)s accepted (%(channel)s, %(who)s): %(items)s.",
                order=order.name,
                channel=dict(order._fields["aftersales_consent_channel"]._description_selection(self.env))[
                    order.aftersales_consent_channel
                ],
                who=order.aftersales_consent_by or "-",
                items=", ".join(lines.mapped("name")),
            )
        )

    def _estimate_declined(self, order):
        """The customer declined the current version online: the job goes
        back to the estimate."""
        self.ensure_one()
        if self.state == "consent" and self.estimate_order_id == order:
            self._move_to("revise")
            self.message_post(
                body=self.env._(
                    "The customer declined %(order)s: the estimate is to be revised.", order=order.name
                )
            )

    def action_submit_qc(self):
        """The work is done: to the final check, once the job's technician
        has passed the self-check of this round (aftersales_workshop_job_qc.py)."""
        self._check_transition("submit_qc")
        self._check_self_check_passed()
        return self._move_to("submit_qc")

    def _fail_qc(self):
        """A failed final check sends the job back to work, counted as a
        rework. Called by the check when it is recorded, never directly."""
        return self._move_to("fail_qc", each={job.id: {"rework_count": job.rework_count + 1} for job in self})

    def _pass_qc(self):
        """A passed final check: the unit is ready for handover. Called by the
        check when it is recorded (the step refuses a job without one)."""
        return self._move_to("pass_qc")

    def action_deliver(self):
        """Handover (交车结算): the customer has signed the settlement; the
        invoice of the confirmed quotations is posted, the request finished,
        the old parts handled as the customer chose at the estimate."""
        self._check_advisor()
        self._lock_rows()
        self._check_transition("deliver")
        for job in self:
            job._check_handover()
        now = fields.Datetime.now()
        self._move_to("deliver", {"settlement_signed_on": now, "delivered_date": now})
        for job in self:
            job._invoice_orders()
            job._settle_request()
        return True

    def action_cancel(self):
        self._check_advisor()
        pending = self.sudo().sale_order_ids.filtered(lambda o: o.state in ("draft", "sent"))
        self._move_to("cancel")
        pending._aftersales_cancel_version()
        return True

    def action_view_request(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "aftersales.request",
            "res_id": self.request_id.id,
            "view_mode": "form",
        }
