"""A workshop job's estimate is a real quotation: the customer gets Odoo's
own e-mail, portal page, signature, PDF and payment, and the invoice comes
from it. The link to the job and the consent are system figures (the write
guard): nobody re-points a quotation or forges a consent over RPC."""

from odoo import api, fields, models
from odoo.addons.aftersales_service.models.aftersales_write_guard import is_suite_writing, suite_writes
from odoo.exceptions import UserError
from odoo.http import request

from .aftersales_workshop_job_estimate import CONSENT_CHANNELS


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "aftersales.write.guard"]

    aftersales_workshop_job_id = fields.Many2one(
        "aftersales.workshop.job",
        string="Workshop Job",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
    )
    aftersales_estimate_kind = fields.Selection(
        [("estimate", "Estimate"), ("amendment", "Added Items")],
        string="Workshop Quotation",
        readonly=True,
        copy=False,
    )
    aftersales_version = fields.Integer(string="Estimate Version", readonly=True, copy=False)
    aftersales_consent_channel = fields.Selection(
        CONSENT_CHANNELS, string="Consent Given", readonly=True, copy=False
    )
    aftersales_consent_by = fields.Char(string="Consented By", readonly=True, copy=False)
    aftersales_consent_words = fields.Text(string="Customer's Words", readonly=True, copy=False)
    aftersales_consent_user_id = fields.Many2one(
        "res.users", string="Consent Recorded By", readonly=True, copy=False
    )
    aftersales_consent_date = fields.Datetime(string="Consent Recorded On", readonly=True, copy=False)

    # ------------------------------------------------------------------ sending and cancelling

    def _aftersales_send(self):
        """Odoo's own quotation e-mail, with the portal link to sign, queued
        for customers with an e-mail address; the quotation is marked sent."""
        template = self.env.ref("sale.email_template_edi_sale", raise_if_not_found=False)
        for order in self.sudo():
            order._portal_ensure_token()
            if template and order.partner_id.email:
                order.message_post_with_source(
                    template,
                    email_layout_xmlid="mail.mail_notification_layout_with_responsible_signature",
                    subtype_xmlid="mail.mt_comment",
                )
        self.sudo().filtered(lambda o: o.state == "draft").action_quotation_sent()

    def _aftersales_cancel_version(self):
        """A version (or an amendment) the customer will not answer any more."""
        self.sudo()._action_cancel()

    # ------------------------------------------------------------------ consent

    def _aftersales_check_signed(self):
        """A workshop quotation is confirmed on the customer's consent only:
        a signature (portal or counter), or for added items a phone consent
        recorded with who, when and the agent."""
        self.ensure_one()
        if self.signature:
            return
        if self.aftersales_consent_channel == "phone" and self.aftersales_estimate_kind == "amendment":
            return
        raise UserError(
            self.env._(
                "%(order)s of workshop job %(job)s is confirmed by the customer's consent only: their "
                "signature in the portal or at the counter%(phone)s.",
                order=self.name,
                job=self.aftersales_workshop_job_id.name,
                phone=self.env._(", or a phone consent for added items")
                if self.aftersales_estimate_kind == "amendment"
                else "",
            )
        )

    def _aftersales_check_matches_estimate(self):
        """What the customer signs is what the job's lines say."""
        self.ensure_one()
        for line in self.order_line.filtered(lambda ln: not ln.display_type and not ln.is_downpayment):
            item = line.aftersales_workshop_line_id
            if not item or line._aftersales_differs_from(item) or item.consent_state != "proposed":
                raise UserError(
                    self.env._(
                        "%(order)s no longer matches the estimate of %(job)s (line «%(line)s»): revise "
                        "the estimate and send it again.",
                        order=self.name,
                        job=self.aftersales_workshop_job_id.name,
                        line=line.name,
                    )
                )

    def action_confirm(self):
        workshop = self.filtered("aftersales_workshop_job_id")
        if workshop:
            workshop.aftersales_workshop_job_id._check_consent(workshop)
        return super().action_confirm()

    def _action_confirm(self):
        result = super()._action_confirm()
        for order in self.filtered("aftersales_workshop_job_id"):
            if not order.aftersales_consent_channel:
                with suite_writes(self.env):
                    order.write(
                        {
                            "aftersales_consent_channel": "portal",
                            "aftersales_consent_by": order.signed_by,
                            "aftersales_consent_user_id": self._aftersales_portal_uid(),
                            "aftersales_consent_date": order.signed_on or fields.Datetime.now(),
                        }
                    )
            order.aftersales_workshop_job_id._consent_from_order(order)
        return result

    def _aftersales_portal_uid(self):
        """Who signed in the portal: the portal confirms as the superuser, the
        request knows the customer's login (or the public user of a link)."""
        return request.env.uid if request and request.env else self.env.uid

    def _action_cancel(self):
        result = super()._action_cancel()
        for order in self.filtered(lambda o: o.aftersales_estimate_kind == "estimate"):
            order.aftersales_workshop_job_id._estimate_declined(order)
        return result

    def action_draft(self):
        workshop = self.filtered("aftersales_workshop_job_id")
        if workshop and not is_suite_writing(self.env):
            raise UserError(
                self.env._(
                    "%(order)s belongs to workshop job %(job)s: revise the estimate and send it again "
                    "from the job.",
                    order=workshop[0].name,
                    job=workshop[0].aftersales_workshop_job_id.name,
                )
            )
        return super().action_draft()

    @api.ondelete(at_uninstall=False)
    def _unlink_except_workshop(self):
        workshop = self.filtered("aftersales_workshop_job_id")
        if workshop and not is_suite_writing(self.env):
            raise UserError(
                self.env._(
                    "%(order)s is a version of the estimate of workshop job %(job)s: it stays on record.",
                    order=workshop[0].name,
                    job=workshop[0].aftersales_workshop_job_id.name,
                )
            )

    def action_view_aftersales_workshop_job(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "aftersales.workshop.job",
            "res_id": self.aftersales_workshop_job_id.id,
            "view_mode": "form",
        }
