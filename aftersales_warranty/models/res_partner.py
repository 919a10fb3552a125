from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    aftersales_claim_labour_rate = fields.Float(
        string="Claim Labour Rate",
        digits="Product Price",
        default=0.0,
        company_dependent=True,
        help="Labour rate per hour agreed with the manufacturer: the claims to this "
        "manufacturer charge the labour hours of each job at this rate (in the company currency).",
    )
