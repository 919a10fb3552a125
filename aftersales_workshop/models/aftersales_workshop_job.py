"""A workshop job (维修工单 / 任务委托书): one carry-in repair of one unit.

    reception --sign_reception--> estimate --send_estimate--> consent
    consent --consent--> in_work          (the customer accepted the estimate)
    consent --revise--> estimate
    in_work --submit_qc--> qc --pass_qc--> ready --deliver--> delivered
    qc --fail_qc--> in_work               (rework, counted)
    reception / estimate / consent --cancel--> cancelled

The job belongs to a service request (the customer, the unit, its 三包
evaluation, its part lines): parts move once, through the request's part
lines, exactly as on a field visit."""

from odoo import api, fields, models

JOB_STATES = [
    ("reception", "Reception"),
    ("estimate", "Estimate"),
    ("consent", "Waiting for Consent"),
    ("in_work", "In Work"),
    ("qc", "Quality Check"),
    ("ready", "Ready for Handover"),
    ("delivered", "Delivered"),
    ("cancelled", "Cancelled"),
]
# action -> (states it starts from, state or states it ends in)
TRANSITIONS = {
    "sign_reception": (("reception",), "estimate"),
    "send_estimate": (("estimate",), "consent"),
    "consent": (("consent",), "in_work"),
    "revise": (("consent",), "estimate"),
    "submit_qc": (("in_work",), "qc"),
    "fail_qc": (("qc",), "in_work"),
    "pass_qc": (("qc",), "ready"),
    "deliver": (("ready",), "delivered"),
    "cancel": (("reception", "estimate", "consent"), "cancelled"),
}


class AftersalesWorkshopJob(models.Model):
    _name = "aftersales.workshop.job"
    _description = "Workshop Job"
    _inherit = ["aftersales.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _transitions = TRANSITIONS
    _order = "id desc"
    _check_company_auto = True
    _field_roles = {}

    name = fields.Char(string="Job", default="/", readonly=True, copy=False, index="trigram")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        JOB_STATES, default="reception", required=True, readonly=True, tracking=True, index=True
    )
    workshop_id = fields.Many2one("aftersales.workshop", required=True, check_company=True, index=True)
    request_id = fields.Many2one(
        "aftersales.request", string="Service Request", required=True, ondelete="restrict", index=True
    )
    partner_id = fields.Many2one(related="request_id.partner_id", store=True, index=True)
    product_id = fields.Many2one(related="request_id.product_id", store=True)
    lot_id = fields.Many2one(related="request_id.lot_id", store=True, string="Serial / VIN")
    advisor_id = fields.Many2one(
        "res.users",
        string="Service Advisor",
        default=lambda self: self.env.user,
        tracking=True,
        check_company=True,
    )
    technician_id = fields.Many2one(related="request_id.technician_id", store=True)
    warranty_state = fields.Selection(related="request_id.warranty_state")

    _request_unique = models.Constraint("unique(request_id)", "A service request has one workshop job.")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("aftersales.workshop.job") or "/"
        return super().create(vals_list)

    @api.model
    def _transition_labels(self):
        return {
            "sign_reception": self.env._("sign the reception record of"),
            "send_estimate": self.env._("send the estimate of"),
            "consent": self.env._("record the customer's consent to"),
            "revise": self.env._("revise the estimate of"),
            "submit_qc": self.env._("submit for quality check"),
            "fail_qc": self.env._("fail the quality check of"),
            "pass_qc": self.env._("pass the quality check of"),
            "deliver": self.env._("hand over"),
            "cancel": self.env._("cancel"),
        }

    def _workflow_record_names(self):
        return self.env._("workshop job %(names)s", names=", ".join(self.mapped("name")))

    # ------------------------------------------------------------------ steps
    # Each step's gates (signatures, consent, quality check, invoice) are
    # checked in the step before `_move_to`.

    def action_sign_reception(self):
        """The customer has signed the reception record: its time and the
        unit's meter reading are recorded (aftersales_workshop_job_reception.py)."""
        self._check_transition("sign_reception")
        self._check_reception_complete()
        return self._move_to("sign_reception", each=self._reception_sign_values())

    def action_send_estimate(self):
        return self._move_to("send_estimate")

    def action_revise(self):
        return self._move_to("revise")

    def action_submit_qc(self):
        """The work is done: to the final check, once the job's technician
        has passed the self-check of this round (aftersales_workshop_job_qc.py)."""
        self._check_transition("submit_qc")
        self._check_self_check_passed()
        return self._move_to("submit_qc")

    def _fail_qc(self):
        """A failed final check sends the job back to work, counted as a
        rework. Called by the check when it is recorded, never directly."""
        return self._move_to("fail_qc", each={job.id: {"rework_count": job.rework_count + 1} for job in self})

    def _pass_qc(self):
        """A passed final check: the unit is ready for handover. Called by the
        check when it is recorded (the step refuses a job without one)."""
        return self._move_to("pass_qc")

    def action_deliver(self):
        return self._move_to("deliver")

    def action_cancel(self):
        return self._move_to("cancel")

    def action_view_request(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "aftersales.request",
            "res_id": self.request_id.id,
            "view_mode": "form",
        }
