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
    aftersales_travel_speed_kmh = fields.Float(
        string="Average Travel Speed (km/h)",
        default=40.0,
        help="Travel time between counties = great-circle distance x road factor / speed.",
    )
    aftersales_road_factor = fields.Float(
        string="Road Factor",
        default=1.3,
        help="Roads are longer than the straight line: great-circle km are multiplied by this.",
    )
    aftersales_default_job_hours = fields.Float(
        string="Default Job Duration (h)", default=2.0,
        help="Planned duration of a new request's visit.",
    )
    aftersales_default_daily_capacity = fields.Integer(
        string="Default Daily Capacity", default=6,
        help="Jobs a technician takes per day unless their employee record says otherwise.",
    )
    aftersales_dispatch_horizon_days = fields.Integer(
        string="Dispatch Horizon (days)", default=7,
        help="How far ahead automatic dispatch looks for a free slot.",
    )
    aftersales_load_penalty_minutes = fields.Float(
        string="Load Balancing (min per job)", default=30.0,
        help="Dispatch treats each job a technician already has that day as this many minutes "
        "of delay, so work spreads across technicians.",
    )
