"""The customer's side of a request: portal access (URL and token), the
e-mail at each customer-facing step, the signature and the satisfaction
survey given on the portal."""

from odoo import fields, models
from odoo.exceptions import UserError

from .aftersales_write_guard import suite_writes

# state reached -> mail template that tells the customer
NOTIFIED_STATES = {
    "scheduled": "aftersales_service.mail_template_request_scheduled",
    "done": "aftersales_service.mail_template_request_done",
}


class AftersalesRequestPortal(models.Model):
    _name = "aftersales.request"
    _inherit = ["aftersales.request", "portal.mixin"]

    portal_satisfaction = fields.Integer(
        string="Portal Satisfaction",
        readonly=True,
        copy=False,
        help="Score from 1 (very unhappy) to 5 (very happy) given by the customer on the portal.",
    )
    portal_feedback = fields.Text(string="Portal Comment", readonly=True, copy=False)

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for request in self:
            request.access_url = f"/my/aftersales/{request.id}"
        return result

    # ------------------------------------------------------------------ notifications
    def _on_transition(self, action, previous):
        result = super()._on_transition(action, previous)
        for state, template in NOTIFIED_STATES.items():
            reached = self.filtered(lambda r, state=state: r.state == state and previous[r.id] != state)
            if reached:
                reached._notify_customer(template)
        return result

    def _notify_customer(self, template_xmlid):
        """Posts the template to the customer (queued e-mail, never sent in
        the transaction) on requests whose customer has an e-mail address."""
        reachable = self.filtered(lambda r: r.partner_id.email)
        if not reachable or self.env.context.get("aftersales_no_customer_mail"):
            return
        template = self.env.ref(template_xmlid, raise_if_not_found=False)
        if not template:
            return
        for request in reachable.with_context(mail_notify_force_send=False):
            request._portal_ensure_token()
            request.message_post_with_source(
                template,
                subtype_xmlid="mail.mt_comment",
                message_type="comment",
                partner_ids=request.partner_id.ids,
            )

    def _portal_technician_name(self):
        self.ensure_one()
        return self.technician_id.sudo().name or ""

    def _get_portal_sign_url(self):
        self.ensure_one()
        return self.get_portal_url(anchor="sign")

    # ------------------------------------------------------------------ portal actions
    def _portal_check_signable(self):
        self.ensure_one()
        if self.state != "done":
            raise UserError(
                self.env._("Request %(name)s can only be signed once it is done.", name=self.name)
            )
        if self.signature:
            raise UserError(self.env._("Request %(name)s is already signed.", name=self.name))

    def _portal_sign(self, name, signature):
        self._portal_check_signable()
        if not (name or "").strip() or not signature:
            raise UserError(self.env._("Type your name and draw your signature."))
        self.write({"signature": signature, "signed_by": name.strip()})
        self.message_post(body=self.env._("Signed on the portal by %(name)s.", name=name.strip()))

    def _portal_record_satisfaction(self, score, comment):
        """The portal survey: a done callback when callbacks are installed,
        a message on the request otherwise."""
        self.ensure_one()
        if self.state not in ("done", "closed"):
            raise UserError(self.env._("The survey opens once request %(name)s is done.", name=self.name))
        if self.portal_satisfaction:
            raise UserError(self.env._("You already answered the survey for %(name)s.", name=self.name))
        if score not in (1, 2, 3, 4, 5):
            raise UserError(self.env._("Give a score from 1 to 5."))
        comment = (comment or "").strip()
        with suite_writes(self.env):
            self.write({"portal_satisfaction": score, "portal_feedback": comment})
        if "aftersales.callback" in self.env:
            self._portal_record_callback(score, comment)
        self.message_post(
            body=self.env._(
                "Customer satisfaction from the portal: %(score)s/5. %(comment)s",
                score=score,
                comment=comment,
            )
        )

    def _portal_record_callback(self, score, comment):
        """Completes the request's open callback with the customer's answer,
        or records a new done callback when none is waiting."""
        Callback = self.env["aftersales.callback"]
        vals = {
            "satisfaction": score,
            "satisfied": score >= 4,
            "person_reached": self.signed_by or self.contact_name or self.partner_id.name,
            "content": comment or self.env._("Satisfaction survey answered on the portal."),
        }
        callback = Callback.search(
            [("request_id", "=", self.id), ("state", "=", "todo")], order="date_due", limit=1
        )
        if callback:
            callback.write(vals)
        else:
            callback = Callback.create(
                {
                    **vals,
                    "partner_id": self.partner_id.id,
                    "request_id": self.id,
                    "company_id": self.company_id.id,
                    "purpose": "after_service",
                }
            )
        callback.action_done()
        return callback
