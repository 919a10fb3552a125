from odoo import fields, models


class AftersalesDiscountSlipLine(models.Model):
    _name = "aftersales.discount.slip.line"
    _description = "Discount Slip Line"
    _order = "slip_id, sequence, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    slip_id = fields.Many2one(
        "aftersales.discount.slip", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="slip_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="slip_id.currency_id")
    request_id = fields.Many2one("aftersales.request", string="Request", index=True, check_company=True)
    reason = fields.Char(required=True)
    amount = fields.Monetary(required=True)

    _amount_positive = models.Constraint(
        "CHECK(amount > 0)", "A discount line's amount must be positive."
    )
