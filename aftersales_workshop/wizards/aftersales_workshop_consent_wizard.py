"""The customer's consent recorded by the advisor: a signature on the
advisor's tablet at the counter, or, for added items, a phone consent with
the customer's words, who consented, when, and the agent who took the call.
Either confirms the waiting quotation, as the portal signature does."""

from odoo import api, fields, models
from odoo.addons.aftersales_service.models.aftersales_write_guard import suite_writes
from odoo.exceptions import UserError


class AftersalesWorkshopConsentWizard(models.TransientModel):
    _name = "aftersales.workshop.consent.wizard"
    _description = "Customer's Consent to a Workshop Quotation"

    job_id = fields.Many2one("aftersales.workshop.job", required=True, ondelete="cascade")
    channel = fields.Selection(
        [("counter", "Signed at the Counter"), ("phone", "Phone Consent")], required=True, default="counter"
    )
    order_id = fields.Many2one(
        "sale.order",
        string="Quotation",
        compute="_compute_order_id",
        store=True,
        readonly=False,
        domain="[('aftersales_workshop_job_id', '=', job_id), ('state', 'in', ('draft', 'sent'))]",
    )
    signed_by = fields.Char(string="Customer's Name", help="Who signs, or who consented on the phone.")
    signature = fields.Image(string="Customer's Signature", max_width=1024, max_height=1024)
    words = fields.Text(string="Customer's Words", help="What the customer said on the phone.")
    amount_total = fields.Monetary(related="order_id.amount_total")
    currency_id = fields.Many2one(related="order_id.currency_id")

    @api.depends("job_id", "channel")
    def _compute_order_id(self):
        for wizard in self:
            pending = wizard.job_id.sudo().sale_order_ids.filtered(lambda o: o.state in ("draft", "sent"))
            if wizard.channel == "phone":
                pending = pending.filtered(lambda o: o.aftersales_estimate_kind == "amendment")
            wizard.order_id = pending.sorted("id")[-1:]

    def action_confirm(self):
        self.ensure_one()
        job = self.job_id
        job.check_access("write")
        job._check_advisor()
        # The job first, then its quotation: the order every step of the job
        # locks them in, so two advisors racing wait for each other.
        job._lock_rows()
        order = self.order_id.sudo()
        if not order or order.aftersales_workshop_job_id != job:
            raise UserError(
                self.env._("%(job)s has no quotation waiting for the customer's consent.", job=job.name)
            )
        name = (self.signed_by or "").strip()
        if not name:
            raise UserError(
                self.env._("Write the name of the customer who consents to %(order)s.", order=order.name)
            )
        now = fields.Datetime.now()
        vals = {
            "aftersales_consent_channel": self.channel,
            "aftersales_consent_by": name,
            "aftersales_consent_user_id": self.env.uid,
            "aftersales_consent_date": now,
        }
        if self.channel == "counter":
            if not self.signature:
                raise UserError(self.env._("The customer signs %(order)s on the tablet.", order=order.name))
            vals.update(signature=self.signature, signed_by=name, signed_on=now)
        else:
            if order.aftersales_estimate_kind != "amendment":
                raise UserError(
                    self.env._(
                        "%(order)s is the estimate of %(job)s: the customer signs it, at the counter or in "
                        "the portal. A phone consent is for added items only.",
                        order=order.name,
                        job=job.name,
                    )
                )
            if not (self.words or "").strip():
                raise UserError(
                    self.env._("Write down the customer's words consenting to %(order)s.", order=order.name)
                )
            vals["aftersales_consent_words"] = self.words.strip()
        with suite_writes(self.env):
            order.write(vals)
        order.action_confirm()
        return {"type": "ir.actions.act_window_close"}
