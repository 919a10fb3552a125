from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    aftersales_workshop_labour_cost = fields.Monetary(
        string="Internal Labour Cost per Hour",
        currency_field="currency_id",
        help="What an hour of workshop labour costs the company: the cost of labour lines, "
        "free (三包) ones included, for the repair costs and the manufacturer's claims.",
    )
