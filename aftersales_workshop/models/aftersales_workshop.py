"""A workshop (维修车间): a service centre or a 4S shop's service bay, where
customers bring their units in. Its depot issues the parts of its jobs."""

from odoo import fields, models


class AftersalesWorkshop(models.Model):
    _name = "aftersales.workshop"
    _description = "Workshop"
    _order = "sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    team_id = fields.Many2one("aftersales.team", check_company=True)
    depot_id = fields.Many2one(
        "stock.warehouse",
        string="Depot",
        required=True,
        check_company=True,
        domain=[("aftersales_is_depot", "=", True)],
        help="The depot that issues the parts of this workshop's jobs.",
    )
    county_id = fields.Many2one("aftersales.county")
    address = fields.Char()
    phone = fields.Char()
    job_ids = fields.One2many("aftersales.workshop.job", "workshop_id")
