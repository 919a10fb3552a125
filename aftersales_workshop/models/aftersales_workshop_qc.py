"""A quality check (质检) of a workshop job, against its checklist.

Every job passes two: the technician's self-check (自检), recorded by the
job's technician before the job goes to quality check, then the final
check (总检) by a quality inspector who is not the technician. A failed
final check sends the job back to work (rework, counted); a passed one
makes it ready for handover.

The checker fills the items, then records the check: the result, the time
and the checker are system figures set by that step, and the check no
longer changes."""

from odoo import api, fields, models
from odoo.addons.aftersales_service.models.aftersales_write_guard import suite_writes, user_roles
from odoo.exceptions import UserError

QC_KINDS = [("self", "Self-Check"), ("final", "Final Check")]
QC_STATES = [("draft", "In Progress"), ("done", "Recorded")]
QC_RESULTS = [("passed", "Passed"), ("failed", "Failed")]
# The role that fills each kind of check (aftersales_write_guard.ROLE_GROUPS).
KIND_ROLES = {"self": "technician", "final": "inspector"}
INSPECTOR_GROUP = "aftersales_workshop.group_aftersales_inspector"


class AftersalesWorkshopQc(models.Model):
    _name = "aftersales.workshop.qc"
    _description = "Quality Check"
    _inherit = ["aftersales.workflow.mixin"]
    _transitions = {"record": (("draft",), "done")}
    _order = "id desc"
    _field_roles = {"note": ("technician", "inspector")}

    job_id = fields.Many2one(
        "aftersales.workshop.job",
        string="Workshop Job",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="job_id.company_id", store=True, index=True)
    kind = fields.Selection(QC_KINDS, required=True, readonly=True)
    round = fields.Integer(readonly=True, help="The rework round the check belongs to: 0 before any rework.")
    template_id = fields.Many2one("aftersales.workshop.qc.template", string="Checklist", readonly=True)
    state = fields.Selection(QC_STATES, default="draft", required=True, readonly=True, index=True)
    checker_id = fields.Many2one("res.users", string="Checked By", readonly=True)
    date = fields.Datetime(string="Checked On", readonly=True)
    result = fields.Selection(QC_RESULTS, readonly=True, index=True)
    line_ids = fields.One2many("aftersales.workshop.qc.line", "qc_id", string="Items")
    note = fields.Text(string="Remarks", help="On a failed final check: what must be reworked.")

    @api.depends("job_id", "kind", "round")
    def _compute_display_name(self):
        """Named after its job, which an inspector may no longer read once the
        check sent it back to work."""
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for qc in self:
            qc.display_name = self.env._(
                "%(job)s %(kind)s (round %(round)s)",
                job=qc.job_id.sudo().name,
                kind=kinds.get(qc.kind),
                round=qc.round + 1,
            )

    @api.model
    def _transition_labels(self):
        return {"record": self.env._("record the quality check")}

    def _workflow_record_names(self):
        return ", ".join(self.mapped("display_name"))

    # ------------------------------------------------------------------ who checks

    def _check_client_values(self, vals, creating=False):
        if not creating and "note" in vals:
            self._check_filled_by_role()
        return super()._check_client_values(vals, creating=creating)

    def _check_filled_by_role(self):
        """A self-check is filled by a technician, a final check by an
        inspector; a recorded check no longer changes."""
        done = self.filtered(lambda qc: qc.state == "done")
        if done:
            raise UserError(
                self.env._(
                    "%(checks)s is recorded and no longer changes.",
                    checks=", ".join(done.mapped("display_name")),
                )
            )
        if self.env.su:
            return
        roles = user_roles(self.env)
        if any(KIND_ROLES[qc.kind] not in roles for qc in self):
            raise UserError(
                self.env._(
                    "%(user)s cannot fill %(checks)s: a self-check is the technician's, a final check "
                    "the quality inspector's. It is not part of their role.",
                    user=self.env.user.name,
                    checks=", ".join(self.mapped("display_name")),
                )
            )

    # ------------------------------------------------------------------ recording

    def action_record(self):
        """Records the check: its result from the items, its time and its
        checker. A final check then passes or fails the job."""
        self.ensure_one()
        self._check_transition("record")
        self.job_id._check_qc_checker(self.kind)
        self._check_job_state()
        result = self._result_from_items()
        self._move_to("record", {"result": result, "date": fields.Datetime.now(), "checker_id": self.env.uid})
        if self.kind == "final":
            if result == "passed":
                self.job_id._pass_qc()
            else:
                self.job_id._fail_qc()
        return True

    def _check_job_state(self):
        needed = "in_work" if self.kind == "self" else "qc"
        if self.job_id.state != needed:
            states = self.job_id._state_labels()
            raise UserError(
                self.env._(
                    "%(check)s cannot be recorded: %(job)s is %(state)s; it needs to be %(needed)s.",
                    check=self.display_name,
                    job=self.job_id.name,
                    state=states[self.job_id.state],
                    needed=states[needed],
                )
            )

    def _result_from_items(self):
        if not self.line_ids:
            raise UserError(self.env._("%(check)s has no items to check.", check=self.display_name))
        open_items = self.line_ids.filtered(lambda line: not line.result)
        if open_items:
            raise UserError(
                self.env._(
                    "Give a result to every item of %(check)s before recording it: %(items)s.",
                    check=self.display_name,
                    items=", ".join(open_items.mapped("name")),
                )
            )
        failed = self.line_ids.filtered(lambda line: line.result == "fail")
        if failed and not (self.note or "").strip() and not all((line.note or "").strip() for line in failed):
            raise UserError(
                self.env._(
                    "%(check)s fails on %(items)s: say in the remarks or on the items what must be reworked.",
                    check=self.display_name,
                    items=", ".join(failed.mapped("name")),
                )
            )
        return "failed" if failed else "passed"

    @api.model
    def _open_for(self, job, kind):
        """The check of `kind` in progress on `job` for its current round, or
        a new one with the items of the job's checklist."""
        current = job.qc_ids.filtered(
            lambda qc: qc.kind == kind and qc.state == "draft" and qc.round == job.rework_count
        )[:1]
        if current:
            return current
        template = self.env["aftersales.workshop.qc.template"]._for_products(job.product_id)[
            job.product_id.id
        ]
        if not template.item_ids:
            raise UserError(
                self.env._(
                    "No quality checklist covers %(product)s: a manager sets one up under "
                    "After-Sales → Configuration → Quality Checklists.",
                    product=job.product_id.display_name or job.name,
                )
            )
        with suite_writes(self.env):
            return self.create(
                {
                    "job_id": job.id,
                    "kind": kind,
                    "round": job.rework_count,
                    "template_id": template.id,
                    "line_ids": [
                        fields.Command.create(
                            {"sequence": item.sequence, "name": item.name, "description": item.description}
                        )
                        for item in template.item_ids
                    ],
                }
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_recorded(self):
        recorded = self.filtered(lambda qc: qc.state == "done")
        if recorded:
            raise UserError(
                self.env._(
                    "%(checks)s is recorded: a quality check on record cannot be deleted.",
                    checks=", ".join(recorded.mapped("display_name")),
                )
            )
