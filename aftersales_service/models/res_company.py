from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine.callbacks import parse_cadence


class ResCompany(models.Model):
    _inherit = "res.company"

    aftersales_calendar_id = fields.Many2one(
        "resource.calendar",
        string="After-Sales Working Calendar",
        help="Calendar of the SLA clocks that count working time only. Empty: the company's working hours.",
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
        string="Default Job Duration (h)",
        default=2.0,
        help="Planned duration of a new request's visit.",
    )
    aftersales_default_daily_capacity = fields.Integer(
        string="Default Daily Capacity",
        default=6,
        help="Jobs a technician takes per day unless their employee record says otherwise.",
    )
    aftersales_dispatch_horizon_days = fields.Integer(
        string="Dispatch Horizon (days)",
        default=7,
        help="How far ahead automatic dispatch looks for a free slot.",
    )
    aftersales_load_penalty_minutes = fields.Float(
        string="Load Balancing (min per job)",
        default=30.0,
        help="Dispatch treats each job a technician already has that day as this many minutes "
        "of delay, so work spreads across technicians.",
    )
    aftersales_repeat_repair_days = fields.Integer(
        string="Repeat Repair Window (days)",
        default=90,
        help="A new request on the same serial within this many days of the previous one "
        "counts as a return for repair in the KPI report.",
    )
    aftersales_discount_product_id = fields.Many2one(
        "product.product",
        string="After-Sales Discount Product",
        help="Service product of the credit notes posted from monthly discount slips.",
    )
    # --- customer care: complaints and callbacks ------------------------------
    aftersales_complaint_supervisor_id = fields.Many2one(
        "res.users",
        string="Complaint Supervisor",
        help="Level 1 of a major complaint. Empty: a member of the Supervisor group.",
    )
    aftersales_complaint_manager_id = fields.Many2one(
        "res.users",
        string="Complaint Manager",
        help="Level 2 of a major complaint. Empty: a member of the Manager group.",
    )
    aftersales_complaint_escalation_hours = fields.Float(
        string="Supervisor Level (h)",
        default=24.0,
        help="Hours the reception supervisor has to answer a major complaint before it goes "
        "to the service manager.",
    )
    aftersales_complaint_manager_hours = fields.Float(
        string="Manager Level (h)",
        default=24.0,
        help="Hours the service manager has once a major complaint reached them.",
    )
    aftersales_penalty_amount = fields.Float(
        string="Default Penalty Amount",
        default=50.0,
        help="Amount proposed on a new penalty slip.",
    )
    aftersales_major_complaint_target = fields.Float(
        string="Major Complaint Target (%)",
        default=1.0,
        help="Major complaints per 100 service requests should stay at or below this rate.",
    )
    aftersales_callback_after_done_days = fields.Integer(
        string="Callback After Service (days)",
        default=3,
        help="Quality callback this many days after a request is done, unless its SLA policy "
        "sets its own callback deadline.",
    )
    aftersales_callback_cadence = fields.Char(
        string="Callback Cadence (days)",
        default="1,3,10,30",
        help="Days after a sale or a service on which the customer is called, comma-separated.",
    )
    aftersales_callback_grace_days = fields.Integer(
        string="Callback Catch-up (days)",
        default=7,
        help="A cadence or after-service callback is still created this many days after it "
        "fell due; older ones are skipped.",
    )
    aftersales_followup_max_hours = fields.Float(
        string="Follow-up Interval (h)",
        default=48.0,
        help="Most hours between two contacts with a customer flagged for follow-up.",
    )
    aftersales_callback_coverage_5 = fields.Float(
        string="5-Star Coverage (%)",
        default=100.0,
        help="Share of 5-star customers called every month.",
    )
    aftersales_callback_coverage_4 = fields.Float(
        string="4-Star Coverage (%)",
        default=50.0,
        help="Share of 4-star customers called every month.",
    )
    aftersales_callback_new_customer_days = fields.Integer(
        string="New Customer Call (days)",
        default=3,
        help="New customers are called within this many days.",
    )
    aftersales_callback_daily_target = fields.Integer(
        string="Callbacks per Agent per Day",
        default=50,
        help="Daily target of each agent; the generator assigns up to this many calls a day.",
    )

    # The engines refuse these values with a plain English ValueError; the
    # settings refuse them first, in the reader's language.
    @api.constrains(
        "aftersales_travel_speed_kmh",
        "aftersales_road_factor",
        "aftersales_default_job_hours",
        "aftersales_complaint_escalation_hours",
        "aftersales_complaint_manager_hours",
        "aftersales_followup_max_hours",
    )
    def _check_aftersales_positive_settings(self):
        for company in self:
            wrong = [
                company._fields[fname]._description_string(self.env)
                for fname in (
                    "aftersales_travel_speed_kmh",
                    "aftersales_road_factor",
                    "aftersales_default_job_hours",
                    "aftersales_complaint_escalation_hours",
                    "aftersales_complaint_manager_hours",
                    "aftersales_followup_max_hours",
                )
                if company[fname] <= 0
            ]
            if wrong:
                raise ValidationError(
                    self.env._(
                        "%(company)s: these settings must be greater than zero: %(settings)s.",
                        company=company.name,
                        settings=wrong,
                    )
                )

    @api.constrains(
        "aftersales_callback_cadence",
        "aftersales_callback_coverage_5",
        "aftersales_callback_coverage_4",
        "aftersales_callback_after_done_days",
        "aftersales_callback_grace_days",
        "aftersales_callback_new_customer_days",
    )
    def _check_aftersales_callback_settings(self):
        for company in self:
            try:
                parse_cadence(company.aftersales_callback_cadence)
            except ValueError as error:
                raise ValidationError(
                    self.env._(
                        "%(company)s: the callback cadence %(cadence)s must list whole numbers of days "
                        "above zero, separated by commas, such as 1,3,10,30.",
                        company=company.name,
                        cadence=company.aftersales_callback_cadence,
                    )
                ) from error
            for fname in ("aftersales_callback_coverage_5", "aftersales_callback_coverage_4"):
                if not 0 <= company[fname] <= 100:
                    raise ValidationError(
                        self.env._(
                            "%(company)s: %(setting)s is a share of the customers, from 0 to 100 %%.",
                            company=company.name,
                            setting=company._fields[fname]._description_string(self.env),
                        )
                    )
            for fname in (
                "aftersales_callback_after_done_days",
                "aftersales_callback_grace_days",
                "aftersales_callback_new_customer_days",
            ):
                if company[fname] < 0:
                    raise ValidationError(
                        self.env._(
                            "%(company)s: %(setting)s cannot be negative.",
                            company=company.name,
                            setting=company._fields[fname]._description_string(self.env),
                        )
                    )
