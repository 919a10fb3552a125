from odoo import fields, models


class AftersalesRequestReasonWizard(models.TransientModel):
    """Asks for the written reason of a step that needs one."""

    _name = "aftersales.request.reason.wizard"
    _description = "Reason for a Service Request Step"

    request_ids = fields.Many2many("aftersales.request", required=True)
    action = fields.Selection(
        [
            ("cancel", "Cancel"),
            ("reject", "Reject"),
            ("revisit", "Revisit Needed"),
            ("close", "Close Without Signature"),
        ],
        required=True,
    )
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.request_ids._apply_reason(self.action, self.reason)
        return {"type": "ir.actions.act_window_close"}
