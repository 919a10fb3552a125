from odoo import fields, models

from .aftersales_request import REQUEST_STATES


class AftersalesStage(models.Model):
    """Display stages of the kanban. The logic runs on the request's fixed
    `state`; each stage shows one state, so an admin can rename, reorder and
    fold columns without touching the workflow."""

    _name = "aftersales.stage"
    _description = "Service Request Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    state = fields.Selection(REQUEST_STATES, required=True, index=True)
    fold = fields.Boolean(string="Folded in Kanban")
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
