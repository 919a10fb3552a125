"""A new completion time agreed with the customer (预计交车时间变更): when
the promised time will be missed, the customer is told, before it passes,
and a new time is agreed. Every promise stays on record: the old and the
new time, why, who told the customer and when, and whether that was
before the old time passed. The record is written by the suite's step
(the *Agree a New Time* wizard) and never changes."""

from odoo import fields, models

PROMISE_CHANNELS = [
    ("phone", "Phone"),
    ("in_person", "In Person"),
    ("message", "Text Message"),
    ("portal", "Portal"),
]


class AftersalesWorkshopPromise(models.Model):
    _name = "aftersales.workshop.promise"
    _description = "Completion Promise Change"
    _inherit = ["aftersales.write.guard"]
    _order = "job_id, id"

    job_id = fields.Many2one(
        "aftersales.workshop.job",
        string="Workshop Job",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="job_id.company_id", store=True, index=True)
    old_date = fields.Datetime(string="Old Promise", required=True, readonly=True)
    new_date = fields.Datetime(string="New Promise", required=True, readonly=True)
    reason = fields.Text(required=True, readonly=True)
    told_by_id = fields.Many2one("res.users", string="Customer Told By", required=True, readonly=True)
    told_on = fields.Datetime(
        string="Customer Told On",
        required=True,
        readonly=True,
        help="When the new time was recorded with the customer told: it cannot be backdated.",
    )
    channel = fields.Selection(PROMISE_CHANNELS, string="Told By Way Of", readonly=True)
    told_in_time = fields.Boolean(
        string="Told Before the Old Time",
        readonly=True,
        help="The customer was told before the old promised time passed.",
    )
    user_id = fields.Many2one("res.users", string="Recorded By", required=True, readonly=True)
