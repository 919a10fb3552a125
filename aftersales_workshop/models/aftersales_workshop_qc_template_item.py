"""One item of a quality checklist: what to check and how."""

from odoo import fields, models


class AftersalesWorkshopQcTemplateItem(models.Model):
    _name = "aftersales.workshop.qc.template.item"
    _description = "Quality Checklist Item"
    _order = "template_id, sequence, id"

    template_id = fields.Many2one(
        "aftersales.workshop.qc.template", string="Checklist", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Item", required=True, translate=True)
    description = fields.Text(string="How to Check", translate=True)
