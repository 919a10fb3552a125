"""Items the customer declines: they stay on the job, refused, with who,
when and the customer's words. A safety-related item declined is a
recommended repair: the customer signs the refusal, and the settlement
prints it."""

from odoo import api, fields, models
from odoo.addons.aftersales_service.models.aftersales_write_guard import suite_writes
from odoo.exceptions import UserError


class AftersalesWorkshopRefusalWizard(models.TransientModel):
    _name = "aftersales.workshop.refusal.wizard"
    _description = "Items the Customer Declines"

    job_id = fields.Many2one("aftersales.workshop.job", required=True, ondelete="cascade")
    line_ids = fields.Many2many(
        "aftersales.workshop.line",
        string="Declined Items",
        domain="[('job_id', '=', job_id), ('consent_state', '=', 'proposed')]",
    )
    refused_by = fields.Char(string="Customer's Name")
    words = fields.Text(string="Customer's Words")
    signature = fields.Image(string="Customer's Signature", max_width=1024, max_height=1024)
    safety = fields.Boolean(compute="_compute_safety", string="Safety-Related Items")

    @api.depends("line_ids.safety")
    def _compute_safety(self):
        for wizard in self:
            wizard.safety = any(wizard.line_ids.mapped("safety"))

    def action_confirm(self):
        self.ensure_one()
        job = self.job_id
        job.check_access("write")
        job._check_advisor()
        lines = self.line_ids
        if not lines:
            raise UserError(self.env._("Choose the items of %(job)s the customer declines.", job=job.name))
        stray = lines.filtered(lambda ln: ln.job_id != job or ln.consent_state != "proposed")
        if stray:
            raise UserError(
                self.env._(
                    "%(line)s is not an item waiting for the customer's answer.", line=stray[0]._label()
                )
            )
        waiting = lines.filtered(lambda ln: ln._waiting_in_quotation())
        if waiting:
            raise UserError(
                self.env._(
                    "%(line)s waits in quotation %(order)s: revise it first, then record the refusal.",
                    line=waiting[0]._label(),
                    order=waiting[0].sudo().sale_line_id.order_id.name,
                )
            )
        name = (self.refused_by or "").strip()
        if not name:
            raise UserError(self.env._("Write the name of the customer who declines the items."))
        if self.safety and not self.signature:
            raise UserError(
                self.env._(
                    "%(items)s: a safety-related repair the customer declines is recorded with the "
                    "customer's signature.",
                    items=", ".join(f"«{n}»" for n in lines.filtered("safety").mapped("name")),
                )
            )
        with suite_writes(self.env):
            lines.sudo().write(
                {
                    "consent_state": "refused",
                    "refused_date": fields.Datetime.now(),
                    "refused_by": name,
                    "refused_user_id": self.env.uid,
                    "refusal_words": (self.words or "").strip() or False,
                    "refusal_signature": self.signature or False,
                }
            )
        job.message_post(
            body=self.env._(
                "%(who)s declined %(items)s.",
                who=name,
                items=", ".join(f"«{n}»" for n in lines.mapped("name")),
            )
        )
        return {"type": "ir.actions.act_window_close"}
