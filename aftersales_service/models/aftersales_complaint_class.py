from odoo import fields, models


class AftersalesComplaintClass(models.Model):
    """A complaint type / quality-problem class (产品质量, 服务态度, ...): the
    rows of the monthly complaint table."""

    _name = "aftersales.complaint.class"
    _description = "Complaint Class"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)

    _name_unique = models.Constraint("UNIQUE(name)", "A complaint class with this name already exists.")
