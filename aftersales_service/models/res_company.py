from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    aftersales_calendar_id = fields.Many2one(
        "resource.calendar",
        string="After-Sales Working Calendar",
        help="Calendar of the SLA clocks that count working time only. "
        "Empty: the company's working hours.",
    )
    aftersales_dispatcher_id = fields.Many2one(
        "res.users",
        string="Default Dispatcher",
        help="Receives escalations of requests whose team has no dispatcher.",
    )
    aftersales_escalation_batch = fields.Integer(
        string="Escalation Batch Size",
        default=200,
        help="Requests escalated per committed batch by the SLA cron.",
    )
