from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .aftersales_request import REQUEST_PRIORITIES, REQUEST_TYPES


class AftersalesSlaPolicy(models.Model):
    """Service clocks of a request: on site, reply and quality callback.

    The most specific active policy wins: type and priority, then type,
    then priority, then the catch-all; `sequence` breaks ties."""

    _name = "aftersales.sla.policy"
    _description = "SLA Policy"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True)
    request_type = fields.Selection(REQUEST_TYPES, help="Empty: every type.")
    priority = fields.Selection(REQUEST_PRIORITIES, help="Empty: every priority.")
    onsite_hours = fields.Float(
        string="On Site Within (h)",
        default=24.0,
        help="Hours from notification to the technician's check-in. 0 means no on-site clock.",
    )
    reply_hours = fields.Float(
        string="Reply Within (h)",
        default=48.0,
        help="Hours from notification to the reply to the customer. 0 means no reply clock.",
    )
    callback_days = fields.Float(
        string="Quality Callback After (days)",
        default=3.0,
        help="Days after completion when the quality callback is due. 0 means none.",
    )
    use_working_calendar = fields.Boolean(
        help="Count the clocks on working time only, with the calendar below or "
        "the company's after-sales calendar."
    )
    calendar_id = fields.Many2one("resource.calendar", string="Working Calendar")

    @api.constrains("onsite_hours", "reply_hours", "callback_days")
    def _check_positive(self):
        for policy in self:
            if min(policy.onsite_hours, policy.reply_hours, policy.callback_days) < 0:
                raise ValidationError(
                    self.env._(
                        "SLA policy %(name)s: hours and days cannot be negative.",
                        name=policy.name,
                    )
                )

    def _specificity(self):
        self.ensure_one()
        return (bool(self.request_type) * 2 + bool(self.priority), -self.sequence, -self.id)

    @api.model
    def _find_for(self, requests):
        """Map each request to its policy, with one query for the batch."""
        companies = requests.company_id.ids
        policies = self.search([("company_id", "in", [*companies, False])], order="sequence, id").sorted(
            lambda p: p._specificity(), reverse=True
        )
        result = {}
        for request in requests:
            result[request] = next(
                (
                    policy
                    for policy in policies
                    if policy.company_id in (request.company_id, self.env["res.company"])
                    and policy.request_type in (False, request.request_type)
                    and policy.priority in (False, request.priority)
                ),
                self.browse(),
            )
        return result
