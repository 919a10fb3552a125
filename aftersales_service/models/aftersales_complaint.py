"""The customer complaint (投诉): ruling, approval of the handling, escalation
of major complaints and the close-after-callback rule. The escalation
levels are worked out by engine/complaints.py."""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..engine import callbacks as callback_rules
from ..engine import complaints as rules
from .aftersales_write_guard import is_suite_writing, suite_writes

COMPLAINT_STATES = [
    ("new", "New"),
    ("in_progress", "In Progress"),
    ("answered", "Answered"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
]
LEGITIMACY = [
    ("pending", "To Rule"),
    ("justified", "Justified"),
    ("rejected", "Rejected"),
]
ESCALATION_LEVELS = [
    ("0", "None"),
    ("1", "Reception Supervisor"),
    ("2", "Service Manager"),
]
# The workflow at a glance: action -> (states it starts from, state it ends in).
TRANSITIONS = {
    "start": (("new",), "in_progress"),
    "answer": (("new", "in_progress"), "answered"),
    "reopen": (("answered",), "in_progress"),
    "close": (("answered",), "closed"),
    "cancel": (("new", "in_progress", "answered"), "cancelled"),
    "reset": (("cancelled",), "new"),
}
OPEN_STATES = ("new", "in_progress")
SUPERVISOR_GROUP = "aftersales_service.group_aftersales_supervisor"
MANAGER_GROUP = "aftersales_service.group_aftersales_manager"


class AftersalesComplaint(models.Model):
    _name = "aftersales.complaint"
    # Customer care is the agents' work (a keeper who is not a dispatcher
    # does not count as one); the ruling and the approval have their own checks.
    _field_roles = dict.fromkeys(
        (
            "partner_id",
            "request_id",
            "employee_id",
            "user_id",
            "origin_callback_id",
            "complaint_class_id",
            "is_major",
            "rejection_reason",
            "promised_date",
            "customer_words",
            "restated_words",
            "customer_confirmed",
            "cause_analysis",
            "solution",
            "department_ids",
        ),
        ("agent",),
    )
    _description = "Customer Complaint"
    _inherit = ["aftersales.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _transitions = TRANSITIONS
    _order = "is_major desc, create_date desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "partner_id"]

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index="trigram"
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        COMPLAINT_STATES,
        default="new",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    request_id = fields.Many2one(
        "aftersales.request", string="Service Request", index=True, check_company=True
    )
    employee_id = fields.Many2one(
        "hr.employee", string="Employee Concerned", index=True, check_company=True, tracking=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Handled By",
        default=lambda self: self.env.user,
        index=True,
        tracking=True,
    )
    origin_callback_id = fields.Many2one(
        "aftersales.callback", string="Raised in Callback", index=True, copy=False
    )
    complaint_class_id = fields.Many2one(
        "aftersales.complaint.class", string="Class", index=True, tracking=True
    )
    is_major = fields.Boolean(string="Major Complaint", index=True, tracking=True)
    legitimacy = fields.Selection(
        LEGITIMACY,
        default="pending",
        required=True,
        tracking=True,
        copy=False,
        help="The supervisor's ruling: justified, or rejected with a reason.",
    )
    rejection_reason = fields.Text(tracking=True, copy=False)
    promised_date = fields.Date(string="Promised Handling Date", tracking=True)
    customer_words = fields.Text(string="Customer's Words")
    restated_words = fields.Text(string="Restated to the Customer")
    customer_confirmed = fields.Boolean(help="The customer confirmed the restatement.")
    cause_analysis = fields.Text()
    solution = fields.Text(string="Proposed Solution", tracking=True)
    department_ids = fields.Many2many("hr.department", string="Departments Notified")
    needs_approval = fields.Boolean(
        compute="_compute_needs_approval",
        store=True,
        help="A major complaint is answered only once a leader approved the solution.",
    )
    approved_by_id = fields.Many2one("res.users", string="Approved By", readonly=True, copy=False)
    approved_date = fields.Datetime(readonly=True, copy=False)
    answered_date = fields.Datetime(readonly=True, copy=False, tracking=True)
    closed_date = fields.Datetime(readonly=True, copy=False, tracking=True)
    escalation_level = fields.Selection(
        ESCALATION_LEVELS,
        default="0",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    escalation_deadline = fields.Datetime(readonly=True, copy=False, index=True)
    callback_ids = fields.One2many("aftersales.callback", "complaint_id", string="Callbacks")
    callback_count = fields.Integer(compute="_compute_callback_count")
    penalty_ids = fields.One2many("aftersales.penalty", "complaint_id", string="Penalty Slips")
    penalty_count = fields.Integer(compute="_compute_penalty_count")

    # ------------------------------------------------------------------ computes
    @api.depends("is_major")
    def _compute_needs_approval(self):
        for complaint in self:
            complaint.needs_approval = complaint.is_major

    def _count_by_complaint(self, model):
        return dict(
            self.env[model]._read_group([("complaint_id", "in", self.ids)], ["complaint_id"], ["__count"])
        )

    @api.depends("callback_ids")
    def _compute_callback_count(self):
        counts = self._count_by_complaint("aftersales.callback")
        for complaint in self:
            complaint.callback_count = counts.get(complaint, 0)

    # Separate from the callback count: only supervisors may read penalty slips.
    @api.depends("penalty_ids")
    def _compute_penalty_count(self):
        counts = self._count_by_complaint("aftersales.penalty")
        for complaint in self:
            complaint.penalty_count = counts.get(complaint, 0)

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("legitimacy", "pending") != "pending" for vals in vals_list):
            self._check_ruling_rights()
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("aftersales.complaint") or "/"
        complaints = super().create(vals_list)
        complaints._check_promised_date()
        complaints.filtered("is_major")._start_escalation()
        return complaints

    def write(self, vals):
        if "legitimacy" in vals:
            self._check_ruling_rights()
        if "solution" in vals and not is_suite_writing(self.env):
            # A new solution needs a new approval. The flag is on the cursor
            # (suite_writes), not in the context a client controls.
            with suite_writes(self.env):
                super().write({"approved_by_id": False, "approved_date": False})
        newly_major = self.filtered(lambda c: not c.is_major) if vals.get("is_major") else self.browse()
        result = super().write(vals)
        if "promised_date" in vals:
            self._check_promised_date()
        newly_major.filtered(lambda c: c.state in OPEN_STATES)._start_escalation()
        return result

    def _check_ruling_rights(self):
        if not self.env.su and not self.env.user.has_group(SUPERVISOR_GROUP):
            raise UserError(
                self.env._("Only an after-sales supervisor rules whether a complaint is justified.")
            )

    def _check_promised_date(self):
        missing = self.filtered(lambda c: not c.promised_date)
        if missing:
            raise ValidationError(
                self.env._(
                    "Complaint %(names)s has no promised handling date. Tell the customer "
                    "when it will be handled and record that date.",
                    names=", ".join(missing.mapped("name")),
                )
            )

    @api.constrains("legitimacy", "rejection_reason")
    def _check_rejection_reason(self):
        for complaint in self:
            if complaint.legitimacy == "rejected" and not (complaint.rejection_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "Complaint %(name)s is rejected without a reason. Write down why "
                        "the customer's demand is not accepted.",
                        name=complaint.name,
                    )
                )

    # ------------------------------------------------------------------ workflow
    @api.model
    def _transition_labels(self):
        return {
            "start": self.env._("start handling"),
            "answer": self.env._("answer"),
            "reopen": self.env._("reopen"),
            "close": self.env._("close"),
            "cancel": self.env._("cancel"),
            "reset": self.env._("reset"),
        }

    def _workflow_record_names(self):
        return self.env._("complaint %(names)s", names=", ".join(self.mapped("name")))

    def action_start(self):
        unconfirmed = self.filtered(
            lambda c: not (c.restated_words or "").strip() or not c.customer_confirmed
        )
        if unconfirmed:
            raise UserError(
                self.env._(
                    "Complaint %(names)s: restate the customer's words and have the customer "
                    "confirm them before handling starts.",
                    names=", ".join(unconfirmed.mapped("name")),
                )
            )
        return self._move_to("start")

    def action_approve_solution(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise UserError(self.env._("Only the service manager approves the handling of a complaint."))
        self._check_transition("answer")
        self._check_solution()
        with suite_writes(self.env):
            self.write({"approved_by_id": self.env.user.id, "approved_date": fields.Datetime.now()})
        return True

    def _check_solution(self):
        missing = self.filtered(lambda c: not (c.solution or "").strip())
        if missing:
            raise UserError(
                self.env._(
                    "Complaint %(names)s has no proposed solution yet.",
                    names=", ".join(missing.mapped("name")),
                )
            )

    def action_answer(self):
        self._check_transition("answer")
        unruled = self.filtered(lambda c: c.legitimacy == "pending")
        if unruled:
            raise UserError(
                self.env._(
                    "Complaint %(names)s has not been ruled on: a supervisor decides first "
                    "whether it is justified.",
                    names=", ".join(unruled.mapped("name")),
                )
            )
        self._check_solution()
        unapproved = self.filtered(lambda c: c.needs_approval and not c.approved_by_id)
        if unapproved:
            raise UserError(
                self.env._(
                    "Major complaint %(names)s: the service manager must approve the proposed "
                    "solution before the customer is answered.",
                    names=", ".join(unapproved.mapped("name")),
                )
            )
        self._move_to("answer", {"answered_date": fields.Datetime.now()})
        self._schedule_satisfaction_callbacks()
        return True

    def _schedule_satisfaction_callbacks(self):
        """One callback per answer round: it records whether the customer is
        satisfied, which the close needs."""
        rounds = dict(
            self.env["aftersales.callback"]._read_group(
                [("complaint_id", "in", self.ids)], ["complaint_id"], ["__count"]
            )
        )
        today = fields.Date.context_today(self)
        self.env["aftersales.callback"]._create_missing(
            [
                {
                    "partner_id": complaint.partner_id.id,
                    "complaint_id": complaint.id,
                    "request_id": complaint.request_id.id,
                    "company_id": complaint.company_id.id,
                    "user_id": complaint.user_id.id,
                    "purpose": "complaint",
                    "date_due": today,
                    "window_key": callback_rules.complaint_key(complaint.id, rounds.get(complaint, 0) + 1),
                }
                for complaint in self
            ]
        )

    def action_reopen(self):
        return self._move_to("reopen", {"answered_date": False})

    def action_close(self):
        self._check_transition("close")
        satisfied = {
            complaint.id
            for [complaint] in self.env["aftersales.callback"]._read_group(
                [("complaint_id", "in", self.ids), ("state", "=", "done"), ("satisfied", "=", True)],
                ["complaint_id"],
            )
        }
        unconfirmed = self.filtered(lambda c: c.id not in satisfied)
        if unconfirmed:
            raise UserError(
                self.env._(
                    "Complaint %(names)s cannot be closed yet: no callback has recorded that "
                    "the customer is satisfied.",
                    names=", ".join(unconfirmed.mapped("name")),
                )
            )
        return self._move_to("close", {"closed_date": fields.Datetime.now()})

    def action_cancel(self):
        return self._move_to("cancel")

    def action_reset(self):
        return self._move_to("reset")

    # ------------------------------------------------------------------ escalation
    def _escalation_hours(self):
        company = self.company_id or self.env.company
        return (
            company.aftersales_complaint_escalation_hours,
            company.aftersales_complaint_manager_hours,
        )

    def _start_escalation(self):
        """Level 1 (reception supervisor) for the major complaints of `self`."""
        now = fields.Datetime.now()
        for complaint in self:
            step = rules.escalation_step(True, now, complaint._escalation_hours(), now)
            with suite_writes(self.env):
                complaint.write({"escalation_level": str(step.level), "escalation_deadline": step.deadline})
        self._schedule_escalation_activities()

    @api.model
    def _escalation_domain(self, now):
        return [
            ("is_major", "=", True),
            ("state", "in", OPEN_STATES),
            ("escalation_level", "=", "1"),
            ("escalation_deadline", "<=", now),
        ]

    @api.model
    def _escalate_overdue(self, now=None):
        """Moves the major complaints whose level-1 deadline passed without an
        answer to the service manager. Returns the complaints moved."""
        now = now or fields.Datetime.now()
        overdue = self.search(self._escalation_domain(now))
        moved = self.browse()
        for complaint in overdue:
            step = rules.next_step(
                int(complaint.escalation_level),
                complaint.escalation_deadline,
                complaint._escalation_hours(),
                now,
            )
            if step.level != int(complaint.escalation_level):
                with suite_writes(self.env):
                    complaint.write(
                        {"escalation_level": str(step.level), "escalation_deadline": step.deadline}
                    )
                moved |= complaint
        moved._schedule_escalation_activities()
        return moved

    @api.model
    def _cron_escalate_complaints(self):
        moved = self._escalate_overdue()
        self.env["ir.cron"]._commit_progress(len(moved))

    def _escalation_user(self, level):
        """Who handles a complaint at `level`: the company setting, else a
        member of the supervisor / manager group."""
        self.ensure_one()
        company = self.company_id
        if level == rules.SUPERVISOR:
            user, group = company.aftersales_complaint_supervisor_id, SUPERVISOR_GROUP
        else:
            user, group = company.aftersales_complaint_manager_id, MANAGER_GROUP
        if user:
            return user
        members = (
            self.env.ref(group)
            .sudo()
            .user_ids.filtered(lambda u: u.active and not u.share and company in u.company_ids)
        )
        return members.sorted("id")[:1] or self.user_id or self.env.user

    def _schedule_escalation_activities(self):
        activity_type = self.env.ref("aftersales_service.mail_activity_complaint_escalation")
        model_id = self.env["ir.model"]._get_id(self._name)
        levels = dict(self._fields["escalation_level"]._description_selection(self.env))
        self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": complaint.id,
                    "activity_type_id": activity_type.id,
                    "user_id": complaint._escalation_user(int(complaint.escalation_level)).id,
                    "date_deadline": fields.Date.to_date(complaint.escalation_deadline)
                    or fields.Date.context_today(complaint),
                    "summary": self.env._(
                        "Major complaint %(name)s: %(level)s",
                        name=complaint.name,
                        level=levels[complaint.escalation_level],
                    ),
                }
                for complaint in self
                if complaint.escalation_level != "0"
            ]
        )

    # ------------------------------------------------------------------ links
    def action_view_callbacks(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.action_aftersales_callback"
        )
        action["domain"] = [("complaint_id", "in", self.ids)]
        action["context"] = {
            "default_complaint_id": self[:1].id,
            "default_partner_id": self[:1].partner_id.id,
            "default_purpose": "complaint",
        }
        return action

    def action_view_penalties(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("aftersales_service.action_aftersales_penalty")
        action["domain"] = [("complaint_id", "in", self.ids)]
        action["context"] = {"default_complaint_id": self[:1].id}
        return action

    def action_raise_penalty(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "aftersales.penalty",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_complaint_id": self.id,
                "default_employee_id": self.employee_id.id,
                "default_reason": self.cause_analysis or "",
            },
        }
