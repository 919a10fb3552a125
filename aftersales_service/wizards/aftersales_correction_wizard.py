from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.aftersales_write_guard import suite_writes
from ..tools import user_datetime

SUPERVISOR_GROUP = "aftersales_service.group_aftersales_supervisor"

# The figures of a request a supervisor may correct: a deadline moved under an
# approved exception, a wrong check-in or check-out time.
CORRECTABLE = [
    ("onsite_deadline", "On-Site Deadline"),
    ("reply_deadline", "Reply Deadline"),
    ("check_in_date", "Checked In"),
    ("check_out_date", "Checked Out"),
]


class AftersalesCorrectionWizard(models.TransientModel):
    """Corrects one figure only the suite writes, with a reason: the chatter
    keeps who, when, why and the old value (the fields are tracked too)."""

    _name = "aftersales.correction.wizard"
    _description = "Correct a Service Request Figure"

    request_id = fields.Many2one("aftersales.request", required=True, readonly=True)
    field_name = fields.Selection(CORRECTABLE, string="Figure", required=True)
    old_value = fields.Datetime(string="Current Value", compute="_compute_old_value")
    new_value = fields.Datetime(string="Corrected Value", required=True)
    reason = fields.Text(required=True, help="The approved exception or the error being corrected.")

    @api.depends("request_id", "field_name")
    def _compute_old_value(self):
        for wizard in self:
            wizard.old_value = wizard.field_name and wizard.request_id[wizard.field_name]

    def action_confirm(self):
        self.ensure_one()
        if not self.env.user.has_group(SUPERVISOR_GROUP):
            raise UserError(self.env._("Only an after-sales supervisor corrects a figure of a request."))
        if not (self.reason or "").strip():
            raise UserError(self.env._("Give the reason for the correction."))
        request = self.request_id
        label = dict(self._fields["field_name"]._description_selection(self.env))[self.field_name]
        old = request[self.field_name]
        with suite_writes(self.env):
            request.write({self.field_name: self.new_value})
        request.message_post(
            body=self.env._(
                "%(user)s corrected %(figure)s from %(old)s to %(new)s. Reason: %(reason)s",
                user=self.env.user.name,
                figure=label,
                old=user_datetime(self.env, old) if old else "-",
                new=user_datetime(self.env, self.new_value),
                reason=self.reason.strip(),
            )
        )
        return {"type": "ir.actions.act_window_close"}
