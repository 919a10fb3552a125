from odoo import fields, models

UNPLACED_CODES = [
    ("no_county_match", "No technician covers the county"),
    ("no_skill_match", "No technician with the skill"),
    ("no_slot", "No free slot in the horizon"),
]


class AftersalesDispatchWizardLine(models.TransientModel):
    _name = "aftersales.dispatch.wizard.line"
    _description = "Dispatch Proposal"
    _order = "technician_id, planned_start, id"

    wizard_id = fields.Many2one("aftersales.dispatch.wizard", required=True, ondelete="cascade")
    request_id = fields.Many2one("aftersales.request", required=True, ondelete="cascade")
    county_id = fields.Many2one(related="request_id.county_id")
    onsite_deadline = fields.Datetime(related="request_id.onsite_deadline")
    technician_id = fields.Many2one("hr.employee")
    planned_start = fields.Datetime()
    planned_end = fields.Datetime()
    travel_minutes = fields.Float(digits=(10, 0))
    within_deadline = fields.Boolean()
    candidates = fields.Integer()
    unplaced_code = fields.Selection(UNPLACED_CODES, string="Not Placed")
    reason = fields.Char()
    selected = fields.Boolean(string="Confirm")
