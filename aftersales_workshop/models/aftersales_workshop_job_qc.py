"""The quality check (质检) of a workshop job, on 100 % of jobs: the
technician's self-check before the job goes to quality check, the final
check by an inspector who is not the technician, rework counted, and no
handover (nor a finished service request) without a passed final check."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from .aftersales_workshop_qc import INSPECTOR_GROUP


class AftersalesWorkshopJobQc(models.Model):
    _inherit = "aftersales.workshop.job"

    qc_ids = fields.One2many("aftersales.workshop.qc", "job_id", string="Quality Checks")
    rework_count = fields.Integer(
        string="Reworks",
        readonly=True,
        copy=False,
        tracking=True,
        help="Final checks failed: each sent the job back to work.",
    )
    qc_passed = fields.Boolean(
        string="Final Check Passed", compute="_compute_qc_passed", store=True, index=True
    )
    qc_first_time = fields.Boolean(
        string="Passed First Time",
        compute="_compute_qc_passed",
        store=True,
        help="The final check passed without any rework.",
    )
    self_check_passed = fields.Boolean(
        string="Self-Check Passed",
        compute="_compute_self_check_passed",
        help="The job's technician passed the self-check of the current round.",
    )

    @api.depends("qc_ids.kind", "qc_ids.state", "qc_ids.result")
    def _compute_qc_passed(self):
        for job in self:
            finals = job.qc_ids.filtered(lambda qc: qc.kind == "final" and qc.state == "done")
            job.qc_passed = any(qc.result == "passed" for qc in finals)
            job.qc_first_time = job.qc_passed and not any(qc.result == "failed" for qc in finals)

    @api.depends("qc_ids.state", "qc_ids.result", "qc_ids.round", "qc_ids.checker_id", "rework_count")
    def _compute_self_check_passed(self):
        for job in self:
            job.self_check_passed = bool(job._passed_self_check())

    def _passed_self_check(self):
        """The passed self-check of the current round by the job's technician."""
        self.ensure_one()
        technician_user = self.request_id.technician_user_id
        return self.qc_ids.filtered(
            lambda qc: (
                qc.kind == "self"
                and qc.state == "done"
                and qc.result == "passed"
                and qc.round == self.rework_count
                and technician_user
                and qc.checker_id == technician_user
            )
        )[:1]

    # ------------------------------------------------------------------ who may check

    def _check_qc_checker(self, kind):
        """A self-check is the job's technician's; a final check is an
        inspector's who is not the job's technician."""
        self.ensure_one()
        user = self.env.user
        technician_user = self.request_id.technician_user_id
        technician = self.technician_id.sudo().name or technician_user.name
        if kind == "self":
            if not technician_user:
                raise UserError(
                    self.env._(
                        "%(job)s has no technician with a login: assign one on %(request)s before the self-check.",
                        job=self.name,
                        request=self.request_id.name,
                    )
                )
            if user != technician_user:
                raise UserError(
                    self.env._(
                        "Only %(technician)s, the technician of %(job)s, does its self-check; %(user)s cannot.",
                        technician=technician,
                        job=self.name,
                        user=user.name,
                    )
                )
            return
        if not user.has_group(INSPECTOR_GROUP):
            raise UserError(
                self.env._(
                    "%(user)s is not a quality inspector: only an inspector does the final check of %(job)s.",
                    user=user.name,
                    job=self.name,
                )
            )
        if technician_user and user == technician_user:
            raise UserError(
                self.env._(
                    "%(inspector)s cannot do the final check of %(job)s: %(technician)s is its technician and "
                    "did the work. An inspector other than the technician checks it.",
                    inspector=user.name,
                    job=self.name,
                    technician=technician,
                )
            )

    # ------------------------------------------------------------------ buttons

    def action_self_check(self):
        return self._open_check("self", "in_work")

    def action_final_check(self):
        return self._open_check("final", "qc")

    def _open_check(self, kind, state):
        self.ensure_one()
        if self.state != state:
            raise UserError(
                self.env._(
                    "%(job)s is %(state)s: its %(check)s is done while it is %(needed)s.",
                    job=self.name,
                    state=self._state_labels()[self.state],
                    check=dict(
                        self.env["aftersales.workshop.qc"]._fields["kind"]._description_selection(self.env)
                    )[kind],
                    needed=self._state_labels()[state],
                )
            )
        self._check_qc_checker(kind)
        check = self.env["aftersales.workshop.qc"]._open_for(self, kind)
        return {
            "type": "ir.actions.act_window",
            "res_model": "aftersales.workshop.qc",
            "res_id": check.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    # ------------------------------------------------------------------ gates

    def _check_self_check_passed(self):
        """The gate of `submit_qc`."""
        missing = self.filtered(lambda job: not job._passed_self_check())
        if missing:
            raise UserError(
                self.env._(
                    "%(jobs)s cannot go to quality check: its technician has not passed a self-check "
                    "since the work (re)started. The technician records the self-check first.",
                    jobs=", ".join(missing.mapped("name")),
                )
            )

    def _check_final_check_passed(self):
        missing = self.filtered(lambda job: not job.qc_passed)
        if missing:
            raise UserError(
                self.env._(
                    "%(jobs)s has no passed final quality check: an inspector checks the work before "
                    "the unit is ready or handed over.",
                    jobs=", ".join(missing.mapped("name")),
                )
            )

    def _check_transition(self, action):
        result = super()._check_transition(action)
        if action in ("pass_qc", "deliver"):
            self._check_final_check_passed()
        return result
