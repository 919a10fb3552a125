"""Penalty slip (罚款单) raised by the supervisor when a justified complaint
was caused by staff negligence; the employee's department executes it."""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .aftersales_write_guard import is_suite_writing

PENALTY_STATES = [
    ("draft", "Draft"),
    ("confirmed", "Confirmed"),
    ("done", "Executed"),
    ("cancelled", "Cancelled"),
]
# The supervisor's decision: set while the slip is a draft, fixed once confirmed.
DECISION_FIELDS = ("complaint_id", "employee_id", "reason", "amount")
# action -> (states it starts from, state it ends in)
TRANSITIONS = {
    "confirm": (("draft",), "confirmed"),
    "done": (("confirmed",), "done"),
    "cancel": (("draft", "confirmed"), "cancelled"),
    "reset": (("cancelled",), "draft"),
}


class AftersalesPenalty(models.Model):
    _name = "aftersales.penalty"
    _description = "Penalty Slip"
    _inherit = ["aftersales.workflow.mixin", "mail.thread"]
    _transitions = TRANSITIONS
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    complaint_id = fields.Many2one(
        "aftersales.complaint", required=True, index=True, ondelete="restrict", check_company=True
    )
    company_id = fields.Many2one(related="complaint_id.company_id", store=True, index=True, precompute=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    employee_id = fields.Many2one("hr.employee", required=True, index=True, check_company=True, tracking=True)
    department_id = fields.Many2one(
        related="employee_id.department_id", store=True, string="Executing Department"
    )
    reason = fields.Text(required=True)
    amount = fields.Monetary(
        currency_field="currency_id",
        tracking=True,
        default=lambda self: self.env.company.aftersales_penalty_amount,
    )
    state = fields.Selection(
        PENALTY_STATES, default="draft", required=True, readonly=True, copy=False, tracking=True
    )
    confirmed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    done_date = fields.Date(string="Executed On", readonly=True, copy=False)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and not self.env.user.has_group("aftersales_service.group_aftersales_supervisor"):
            raise UserError(self.env._("Only an after-sales supervisor raises a penalty slip."))
        self._check_justified([vals["complaint_id"] for vals in vals_list if vals.get("complaint_id")])
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("aftersales.penalty") or "/"
        return super().create(vals_list)

    def write(self, vals):
        """The decision (complaint, employee, reason, amount) changes only on a
        draft slip: a confirmed or executed penalty is what was decided."""
        changed = [name for name in DECISION_FIELDS if name in vals]
        if changed and not is_suite_writing(self.env):
            fixed = self.filtered(
                lambda p: p.state != "draft" and not all(p._unchanged(n, vals[n], False) for n in changed)
            )
            if fixed:
                states = dict(self._fields["state"]._description_selection(self.env))
                raise UserError(
                    self.env._(
                        "Penalty slip %(name)s is %(state)s: its complaint, employee, reason and "
                        "amount can only be changed in draft (a confirmed slip is cancelled, then "
                        "reset to draft).",
                        name=fixed[0].name,
                        state=states[fixed[0].state],
                    )
                )
            if vals.get("complaint_id"):
                self._check_justified([vals["complaint_id"]])
        return super().write(vals)

    @api.model
    def _check_justified(self, complaint_ids):
        unjustified = (
            self.env["aftersales.complaint"]
            .browse(complaint_ids)
            .filtered(lambda c: c.legitimacy != "justified")
        )
        if unjustified:
            raise UserError(
                self.env._(
                    "Complaint %(names)s is not ruled justified: a penalty slip is raised only "
                    "when staff negligence caused a justified complaint.",
                    names=", ".join(unjustified.mapped("name")),
                )
            )

    @api.constrains("amount")
    def _check_amount(self):
        for penalty in self:
            if penalty.amount <= 0:
                raise ValidationError(
                    self.env._(
                        "Penalty slip %(name)s: the amount must be positive (it is %(amount)s).",
                        name=penalty.name,
                        amount=penalty.amount,
                    )
                )

    @api.model
    def _transition_labels(self):
        return {
            "confirm": self.env._("confirm"),
            "done": self.env._("mark done"),
            "cancel": self.env._("cancel"),
            "reset": self.env._("reset"),
        }

    def _workflow_record_names(self):
        return self.env._("penalty slip %(names)s", names=", ".join(self.mapped("name")))

    def action_confirm(self):
        return self._move_to("confirm", {"confirmed_by_id": self.env.user.id})

    def action_done(self):
        return self._move_to("done", {"done_date": fields.Date.context_today(self)})

    def action_cancel(self):
        return self._move_to("cancel")

    def action_reset(self):
        return self._move_to("reset")
