from odoo import fields, models


class AftersalesTeam(models.Model):
    _name = "aftersales.team"
    _description = "Service Team"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    leader_id = fields.Many2one(
        "res.users",
        string="Dispatcher",
        help="Receives the escalation activities of the team's requests.",
    )
    member_ids = fields.Many2many("res.users", string="Agents")
    county_ids = fields.Many2many("aftersales.county", string="Counties Covered")
    color = fields.Integer()
