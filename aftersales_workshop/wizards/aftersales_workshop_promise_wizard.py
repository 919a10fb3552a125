"""Agree a New Time (约定新的交车时间): the one way a promised completion
time moves once given. The advisor records the new time, why, and who
told the customer; the time it is recorded is the time the customer was
told, so the record cannot be backdated."""

from odoo import fields, models

from ..models.aftersales_workshop_promise import PROMISE_CHANNELS


class AftersalesWorkshopPromiseWizard(models.TransientModel):
    _name = "aftersales.workshop.promise.wizard"
    _description = "Agree a New Completion Time"

    job_id = fields.Many2one("aftersales.workshop.job", string="Workshop Job", required=True, readonly=True)
    old_date = fields.Datetime(related="job_id.promised_date", string="Current Promise")
    new_date = fields.Datetime(string="New Promise", required=True)
    reason = fields.Text(required=True, help="Why the unit will not be ready at the promised time.")
    told_by_id = fields.Many2one(
        "res.users",
        string="Customer Told By",
        required=True,
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
    )
    channel = fields.Selection(PROMISE_CHANNELS, string="Told By Way Of", required=True, default="phone")

    def action_confirm(self):
        self.ensure_one()
        self.job_id._agree_new_promise(self.new_date, self.reason, self.told_by_id, self.channel)
        return {"type": "ir.actions.act_window_close"}
