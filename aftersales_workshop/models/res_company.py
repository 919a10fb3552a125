"""The workshop's settings, per company."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# The advisor's lead time to tell the customer a promise will be missed: the
# rules ask for the customer to be told before it passes, and name no figure;
# 2 hours leaves time to call them and agree a new time.
DEFAULT_PROMISE_WARNING_HOURS = 2.0


class ResCompany(models.Model):
    _inherit = "res.company"

    aftersales_workshop_labour_cost = fields.Monetary(
        string="Internal Labour Cost per Hour",
        currency_field="currency_id",
        help="What an hour of workshop labour costs the company: the cost of labour lines, "
        "free (三包) ones included, for the repair costs and the manufacturer's claims.",
    )
    aftersales_promise_warning_hours = fields.Float(
        string="Warn Before the Promise (h)",
        default=DEFAULT_PROMISE_WARNING_HOURS,
        help="Hours before a job's promised completion at which its advisor is warned, when the "
        "job is not ready yet.",
    )

    @api.constrains("aftersales_promise_warning_hours")
    def _check_aftersales_promise_warning_hours(self):
        wrong = self.filtered(lambda company: company.aftersales_promise_warning_hours < 0)
        if wrong:
            raise ValidationError(
                self.env._(
                    "%(company)s: the hours before a promise at which the advisor is warned cannot be negative.",
                    company=wrong[0].name,
                )
            )
