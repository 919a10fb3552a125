from odoo import api, fields, models
from odoo.exceptions import ValidationError


class AftersalesDiscountSlipLine(models.Model):
    _name = "aftersales.discount.slip.line"
    _inherit = ["aftersales.write.guard"]
    _description = "Discount Slip Line"
    _order = "slip_id, sequence, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    slip_id = fields.Many2one("aftersales.discount.slip", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="slip_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="slip_id.currency_id")
    request_id = fields.Many2one("aftersales.request", string="Request", index=True, check_company=True)
    reason = fields.Char(required=True)
    amount = fields.Monetary(required=True)

    @api.constrains("amount")
    def _check_amount(self):
        wrong = self.filtered(lambda line: line.amount <= 0)
        if wrong:
            raise ValidationError(
                self.env._(
                    "Discount line %(reason)s: the amount must be positive (%(amount)s).",
                    reason=wrong[0].reason,
                    amount=wrong[0].amount,
                )
            )
