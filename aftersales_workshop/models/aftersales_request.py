"""The workshop side of a service request: the carry-in job that repairs its
unit at a workshop."""

from odoo import api, fields, models
from odoo.addons.aftersales_service.models.aftersales_request import TRANSITIONS
from odoo.exceptions import UserError


class AftersalesRequest(models.Model):
    _inherit = "aftersales.request"
    # A carry-in unit is on the bench once the customer has accepted the
    # estimate: no visit is booked, the work starts at the workshop.
    _transitions = {**TRANSITIONS, "workshop_start": (("new", "assigned", "scheduled"), "in_progress")}

    workshop_job_ids = fields.One2many("aftersales.workshop.job", "request_id", string="Workshop Jobs")
    workshop_job_id = fields.Many2one(
        "aftersales.workshop.job", string="Workshop Job", compute="_compute_workshop_job_id"
    )

    @api.depends("workshop_job_ids")
    def _compute_workshop_job_id(self):
        for request in self:
            request.workshop_job_id = request.workshop_job_ids[:1]

    def action_receive_in_workshop(self):
        """Opens the workshop job of a carry-in request, creating it at the
        first workshop of the request's company."""
        self.ensure_one()
        if not self.workshop_job_id:
            workshop = self.env["aftersales.workshop"].search(
                [("company_id", "=", self.company_id.id)], limit=1
            )
            if not workshop:
                raise UserError(
                    self.env._(
                        "%(request)s cannot be received in a workshop: no workshop is set up for %(company)s.",
                        request=self.name,
                        company=self.company_id.name,
                    )
                )
            self.env["aftersales.workshop.job"].create(
                {"request_id": self.id, "workshop_id": workshop.id, "company_id": self.company_id.id}
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "aftersales.workshop.job",
            "res_id": self.workshop_job_id.id,
            "view_mode": "form",
        }

    @api.model
    def _transition_labels(self):
        return {**super()._transition_labels(), "workshop_start": self.env._("start the workshop work on")}

    def _workshop_start(self):
        """The customer accepted the estimate: the request is in progress (the
        unit has been in since its reception)."""
        waiting = self.filtered(lambda r: r.state in self._transitions["workshop_start"][0])
        if waiting:
            now = fields.Datetime.now()
            waiting._move_to(
                "workshop_start", each={r.id: {"check_in_date": r.check_in_date or now} for r in waiting}
            )

    def _check_invoiceable(self):
        """A workshop job is invoiced from its confirmed quotations at
        handover: the request's own invoice would bill it twice."""
        with_job = self.filtered("workshop_job_ids")
        if with_job:
            raise UserError(
                self.env._(
                    "%(request)s is repaired in workshop job %(job)s: it is invoiced from the job's "
                    "quotations at handover, not from the request.",
                    request=with_job[0].name,
                    job=with_job[0].workshop_job_ids[:1].name,
                )
            )
        return super()._check_invoiceable()

    # ------------------------------------------------------------------ quality check gate

    def _check_transition(self, action):
        """A request repaired in a workshop is done only once its job passed
        the final quality check (aftersales_workshop_job_qc.py)."""
        result = super()._check_transition(action)
        if action == "done":
            self._check_workshop_final_check()
        return result

    def _check_workshop_final_check(self):
        jobs = self.sudo().workshop_job_ids.filtered(
            lambda job: job.state != "cancelled" and not job.qc_passed
        )
        if jobs:
            raise UserError(
                self.env._(
                    "%(requests)s cannot be finished: its workshop job %(jobs)s has no passed final "
                    "quality check. An inspector checks the work first.",
                    requests=", ".join(jobs.request_id.mapped("name")),
                    jobs=", ".join(jobs.mapped("name")),
                )
            )
