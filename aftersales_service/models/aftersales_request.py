"""The service request (售后服务单): its fields, its one create and write,
and every step of its workflow, on the shared workflow mechanism
(aftersales_workflow_mixin.py). What a step sets off elsewhere hangs on the
mixin's `_on_transition` hook: the customer e-mails (portal), the quality
callback (care), the card's repair log (aftersales_warranty).

Computed parts live beside it: intake (contact, address, county, checks) in
aftersales_request_intake.py, SLA clocks in aftersales_request_sla.py, the
booking rules and day routes in aftersales_request_booking.py, complaints
and callbacks in aftersales_request_care.py, the portal and customer e-mails
in aftersales_request_portal.py."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html2plaintext

from ..tools import user_amount, user_datetime
from .aftersales_write_guard import suite_writes

REQUEST_STATES = [
    ("new", "Received"),
    ("assigned", "Assigned"),
    ("scheduled", "Scheduled"),
    ("in_progress", "In Progress"),
    ("done", "Done"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
    ("rejected", "Rejected"),
]
REQUEST_TYPES = [
    ("repair", "Repair"),
    ("installation", "Installation"),
    ("maintenance", "Maintenance"),
    ("inspection", "Inspection"),
    ("consultation", "Consultation"),
    ("complaint", "Complaint"),
]
REQUEST_CHANNELS = [
    ("phone", "Phone"),
    ("walk_in", "Walk-in"),
    ("portal", "Portal"),
    ("email", "E-mail"),
    ("chat", "Chat"),
    ("callback", "Callback"),
]
REQUEST_PRIORITIES = [
    ("0", "Normal"),
    ("1", "Urgent"),
    ("2", "Very Urgent"),
]
SLA_STATUSES = [
    ("none", "No Clock"),
    ("running", "Running"),
    ("met", "Met"),
    ("breached", "Breached"),
]

# The workflow at a glance: action -> (states it starts from, state it ends in).
TRANSITIONS = {
    "assign": (("new",), "assigned"),
    "schedule": (("assigned",), "scheduled"),
    "dispatch": (("new", "assigned"), "scheduled"),
    "start": (("scheduled",), "in_progress"),
    "done": (("in_progress",), "done"),
    "revisit": (("in_progress", "done"), "assigned"),
    "close": (("done",), "closed"),
    "cancel": (("new", "assigned", "scheduled", "in_progress"), "cancelled"),
    "reject": (("new", "assigned"), "rejected"),
    "reopen": (("cancelled", "rejected"), "new"),
}
OPEN_STATES = ("new", "assigned", "scheduled", "in_progress")
BOOKED_STATES = ("assigned", "scheduled", "in_progress")


class AftersalesRequest(models.Model):
    """A service request (售后服务单), from the first call to the callback."""

    _name = "aftersales.request"
    _description = "Service Request"
    _inherit = ["aftersales.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _transitions = TRANSITIONS
    _order = "priority desc, notified_date desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "partner_id", "contact_phone"]
    # Who writes what (aftersales_write_guard.py): agents take the call,
    # dispatchers book it, technicians report the work; the figures the
    # steps set (check-in, done, deadlines, flags) are readonly fields.
    # A deadline moved under an approved exception, a wrong check-in or
    # check-out: corrected by a supervisor with a reason (Correct a Figure).
    _correctable_fields = ("onsite_deadline", "reply_deadline", "check_in_date", "check_out_date")
    _field_roles = {
        **dict.fromkeys(
            (
                "partner_id",
                "site_partner_id",
                "contact_name",
                "contact_phone",
                "street",
                "street2",
                "city",
                "state_id",
                "county_id",
                "channel",
                "request_type",
                "priority",
                "product_id",
                "lot_id",
                "fault_description",
                "fault_date",
                "special_requirements",
                "requested_date",
                "team_id",
                "user_id",
                "parent_id",
                "lead_id",
                "opportunity_id",
            ),
            ("agent",),
        ),
        **dict.fromkeys(
            (
                "technician_id",
                "planned_start",
                "planned_end",
                "duration_hours",
                "booking_override_reason",
                "route_sequence",
            ),
            ("dispatcher",),
        ),
        **dict.fromkeys(
            ("work_done", "signature", "signed_by", "quote_amount"), ("technician", "supervisor")
        ),
        # The policy sets the deadlines: a supervisor's choice.
        **dict.fromkeys(("warranty_state", "sla_policy_id"), ("supervisor",)),
    }

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index="trigram"
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        REQUEST_STATES,
        default="new",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    stage_id = fields.Many2one(
        "aftersales.stage",
        compute="_compute_stage_id",
        store=True,
        index=True,
        group_expand="_read_group_expand_stages",
        string="Stage",
    )
    # --- intake -----------------------------------------------------------
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        index=True,
        tracking=True,
        check_company=True,
    )
    site_partner_id = fields.Many2one(
        "res.partner",
        string="Site",
        check_company=True,
        help="Where the work is done, when not at the customer's address.",
    )
    contact_name = fields.Char(
        string="Site Contact",
        compute="_compute_contact_name",
        store=True,
        readonly=False,
    )
    contact_phone = fields.Char(
        string="Contact Phone",
        compute="_compute_contact_phone",
        store=True,
        readonly=False,
        index=True,
    )
    street = fields.Char(compute="_compute_address", store=True, readonly=False)
    street2 = fields.Char(compute="_compute_address", store=True, readonly=False)
    city = fields.Char(compute="_compute_address", store=True, readonly=False)
    state_id = fields.Many2one(
        "res.country.state",
        string="Province",
        compute="_compute_address",
        store=True,
        readonly=False,
    )
    county_id = fields.Many2one(
        "aftersales.county",
        compute="_compute_county_id",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
    )
    channel = fields.Selection(REQUEST_CHANNELS, default="phone", required=True)
    request_type = fields.Selection(REQUEST_TYPES, string="Type", default="repair", required=True, index=True)
    priority = fields.Selection(REQUEST_PRIORITIES, default="0", index=True, tracking=True)
    product_id = fields.Many2one("product.product", check_company=True, index=True)
    lot_id = fields.Many2one(
        "stock.lot",
        string="Serial Number",
        index=True,
        check_company=True,
        domain="[('product_id', '=?', product_id)]",
    )
    fault_description = fields.Text()
    fault_date = fields.Date(help="When the fault first appeared, as the customer reports it.")
    special_requirements = fields.Text()
    requested_date = fields.Datetime(string="Requested Time")
    notified_date = fields.Datetime(
        string="Received On",
        required=True,
        default=fields.Datetime.now,
        readonly=True,
        copy=False,
        help="When the request was notified: every SLA clock starts here.",
        tracking=True,
    )
    # --- people and booking ------------------------------------------------
    team_id = fields.Many2one("aftersales.team", check_company=True, index=True)
    user_id = fields.Many2one(
        "res.users",
        string="Responsible Agent",
        default=lambda self: self.env.user,
        tracking=True,
        index=True,
    )
    technician_id = fields.Many2one(
        "hr.employee",
        domain="[('is_aftersales_technician', '=', True)]",
        tracking=True,
        index=True,
        check_company=True,
    )
    technician_user_id = fields.Many2one(
        related="technician_id.user_id", store=True, index=True, string="Technician User"
    )
    planned_start = fields.Datetime(tracking=True, copy=False)
    planned_end = fields.Datetime(copy=False)
    # --- on site ------------------------------------------------------------
    check_in_date = fields.Datetime(string="Checked In", readonly=True, copy=False, tracking=True)
    check_out_date = fields.Datetime(string="Checked Out", readonly=True, copy=False, tracking=True)
    work_done = fields.Text()
    revisit_needed = fields.Boolean(readonly=True, copy=False)
    revisit_reason = fields.Text(readonly=True, copy=False)
    revisit_count = fields.Integer(readonly=True, copy=False, tracking=True)
    parent_id = fields.Many2one("aftersales.request", string="Parent Request", index=True)
    child_ids = fields.One2many("aftersales.request", "parent_id", string="Follow-ups")
    child_count = fields.Integer(compute="_compute_child_count")
    signature = fields.Image(max_width=1024, max_height=1024, copy=False, attachment=True)
    signed_by = fields.Char(copy=False)
    signed_on = fields.Datetime(readonly=True, copy=False, tracking=True)
    done_date = fields.Datetime(readonly=True, copy=False, tracking=True)
    # --- reasons --------------------------------------------------------------
    cancel_reason = fields.Text(readonly=True, copy=False)
    reject_reason = fields.Text(readonly=True, copy=False)
    close_reason = fields.Text(
        readonly=True, copy=False, help="Why the request was closed without a signature."
    )
    # --- CRM --------------------------------------------------------------------
    lead_id = fields.Many2one("crm.lead", string="From Lead", index=True, copy=False)
    opportunity_id = fields.Many2one("crm.lead", string="Opportunity", index=True, copy=False)
    warranty_state = fields.Selection(
        [("unknown", "Unknown"), ("in", "Under Warranty"), ("out", "Out of Warranty")],
        default="unknown",
        required=True,
        tracking=True,
    )
    quote_amount = fields.Monetary(
        string="Out-of-Warranty Quote", currency_field="currency_id", copy=False, tracking=True
    )

    @api.constrains("quote_amount")
    def _check_quote_amount(self):
        negative = self.filtered(lambda r: r.quote_amount < 0)
        if negative:
            raise ValidationError(
                self.env._(
                    "%(request)s: the out-of-warranty quote cannot be negative (%(amount)s).",
                    request=negative[0]._reference(),
                    amount=user_amount(self.env, negative[0].quote_amount, negative[0].currency_id),
                )
            )

    # ------------------------------------------------------------------ computes

    @api.depends("state")
    def _compute_stage_id(self):
        stages = self.env["aftersales.stage"].search([])
        first_by_state = {}
        for stage in stages:
            first_by_state.setdefault(stage.state, stage)
        for request in self:
            request.stage_id = first_by_state.get(request.state, False)

    @api.model
    def _read_group_expand_stages(self, stages, domain):
        return stages.search([])

    @api.depends("child_ids")
    def _compute_child_count(self):
        counts = dict(
            self.env["aftersales.request"]._read_group(
                [("parent_id", "in", self.ids)], ["parent_id"], ["__count"]
            )
        )
        for request in self:
            request.child_count = counts.get(request, 0)

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._normalize_phone_vals(vals)
        if any(vals.get("booking_override_reason") for vals in vals_list):
            self._check_can_override_booking()
        self.browse()._check_no_overlap(vals_list)
        requests = super().create(vals_list)
        requests._assign_names()
        requests._notify_customer("aftersales_service.mail_template_request_received")
        return requests

    def write(self, vals):
        self._normalize_phone_vals(vals)
        if vals.get("booking_override_reason"):
            self._check_can_override_booking()
        self._check_no_overlap([vals] * len(self))
        result = super().write(vals)
        if vals.get("signature") and "signed_on" not in vals:
            with suite_writes(self.env):
                super().write({"signed_on": fields.Datetime.now()})
        return result

    def _assign_names(self):
        """Numbers are drawn once the requests are valid: a refused create
        names no number that was never saved."""
        unnamed = self.filtered(lambda r: r.name == "/")
        with suite_writes(self.env):
            for request, name in zip(unnamed, self._reserve_names(len(unnamed)), strict=True):
                request.name = name

    @api.model
    def _reserve_names(self, count):
        return self.env["ir.sequence"]._aftersales_next_batch("aftersales.request", count)

    @api.constrains("planned_start", "planned_end")
    def _check_planned_range(self):
        """The one planned-range rule: every ORM write of either date runs it,
        so no SQL CHECK repeats it."""
        for request in self:
            if request.planned_start and request.planned_end and request.planned_end <= request.planned_start:
                raise ValidationError(
                    self.env._(
                        "%(request)s: the planned end (%(end)s) must come after the "
                        "planned start (%(start)s).",
                        request=request._reference(),
                        start=user_datetime(self.env, request.planned_start),
                        end=user_datetime(self.env, request.planned_end),
                    )
                )

    # ------------------------------------------------------------------ workflow
    @api.model
    def _transition_labels(self):
        return {
            "assign": self.env._("assign"),
            "schedule": self.env._("schedule"),
            "dispatch": self.env._("dispatch"),
            "start": self.env._("check in"),
            "done": self.env._("finish"),
            "revisit": self.env._("send back for a revisit"),
            "close": self.env._("close"),
            "cancel": self.env._("cancel"),
            "reject": self.env._("reject"),
            "reopen": self.env._("reopen"),
        }

    def _workflow_record_names(self):
        return ", ".join(self.mapped("name"))

    def action_assign(self):
        self._check_transition("assign")
        unassigned = self.filtered(lambda r: not r.technician_id)
        if unassigned:
            raise UserError(
                self.env._(
                    "Choose a technician for %(requests)s before assigning.",
                    requests=", ".join(unassigned.mapped("name")),
                )
            )
        return self._move_to("assign")

    def action_schedule(self):
        self._check_transition("schedule")
        unplanned = self.filtered(lambda r: not (r.planned_start and r.planned_end))
        if unplanned:
            raise UserError(
                self.env._(
                    "Set the planned start and end of %(requests)s before scheduling.",
                    requests=", ".join(unplanned.mapped("name")),
                )
            )
        return self._move_to("schedule")

    def action_done(self):
        self._check_transition("done")
        undocumented = self.filtered(lambda r: not (r.work_done or "").strip())
        if undocumented:
            raise UserError(
                self.env._(
                    "Describe the work done on %(requests)s before finishing.",
                    requests=", ".join(undocumented.mapped("name")),
                )
            )
        now = fields.Datetime.now()
        return self._move_to("done", {"check_out_date": now, "done_date": now, "revisit_needed": False})

    def action_close(self):
        self._check_transition("close")
        unsigned = self.filtered(lambda r: not r.signature and not r.close_reason)
        if unsigned:
            return self._open_reason_wizard("close")
        return self._move_to("close")

    def action_cancel(self):
        self._check_transition("cancel")
        return self._open_reason_wizard("cancel")

    def action_reject(self):
        self._check_transition("reject")
        return self._open_reason_wizard("reject")

    def action_request_revisit(self):
        self._check_transition("revisit")
        return self._open_reason_wizard("revisit")

    def action_reopen(self):
        return self._move_to("reopen", {"cancel_reason": False, "reject_reason": False})

    def _open_reason_wizard(self, action):
        return {
            "type": "ir.actions.act_window",
            "res_model": "aftersales.request.reason.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_request_ids": self.ids, "default_action": action},
        }

    def _apply_reason(self, action, reason):
        """Runs a step that needs a written reason (cancel, reject, revisit,
        close without signature)."""
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("A reason is required for this step."))
        if action == "cancel":
            return self._move_to("cancel", {"cancel_reason": reason})
        if action == "reject":
            return self._move_to("reject", {"reject_reason": reason})
        if action == "close":
            return self._move_to("close", {"close_reason": reason})
        if action == "revisit":
            return self._send_back_for_revisit(reason)
        raise UserError(self.env._("Unknown step %(action)s.", action=action))

    def _send_back_for_revisit(self, reason):
        self._check_transition("revisit")
        self._move_to(
            "revisit",
            {
                "revisit_needed": True,
                "revisit_reason": reason,
                "planned_start": False,
                "planned_end": False,
                "done_date": False,
            },
            each={request.id: {"revisit_count": request.revisit_count + 1} for request in self},
        )
        for request in self:
            request.message_post(body=self.env._("Revisit needed: %(reason)s", reason=reason))
        return True

    # ------------------------------------------------------------------ dispatch and field work
    def _book_proposals(self, plan):
        """Books a dispatch plan {request id: (technician, start, end)}: every
        rule is checked once for the whole batch, then each request moves to
        scheduled. The rows are locked first (in id order), so two dispatchers
        booking the same request run one after the other and the second is
        refused (or, with a stale snapshot, retried by Odoo)."""
        requests = self.browse(list(plan))
        requests._lock_rows()
        requests._check_transition("dispatch")
        each = {
            request_id: {
                "technician_id": technician.id,
                "planned_start": start,
                "planned_end": end,
            }
            for request_id, (technician, start, end) in plan.items()
        }
        requests._check_no_overlap([{**each[request.id], "state": "scheduled"} for request in requests])
        # Warm the cache the per-record constraints read, in one query.
        self.env["hr.employee"].browse({vals["technician_id"] for vals in each.values()}).fetch()
        with self._deferred_booking_checks():
            requests._move_to("dispatch", each=each, locked=True)
        requests._check_booking_rules()
        return requests

    def action_optimise_routes(self):
        """Orders each technician's scheduled jobs of a day as a route. A
        shorter order is applied (re-timed) only when it keeps every SLA
        window it kept and stays inside working time; otherwise the day keeps
        its times and only gets its route positions."""
        if not self.env.user.has_group("aftersales_service.group_aftersales_dispatcher"):
            raise UserError(self.env._("Only a dispatcher can re-plan the technicians' routes."))
        jobs = self.filtered(lambda r: r.state == "scheduled" and r.technician_id and r.planned_start)
        if not jobs:
            raise UserError(self.env._("Select scheduled requests with a technician and a planned time."))
        days = jobs._group_by_technician_day()
        intervals = self.env["hr.employee"]._aftersales_work_intervals(
            jobs.technician_id,
            min(jobs.mapped("planned_start")) - timedelta(days=1),
            max(jobs.mapped("planned_end")) + timedelta(days=1),
        )
        improved = 0
        self.env.cr.execute("SET CONSTRAINTS aftersales_request_technician_no_overlap DEFERRED")
        for (technician, _day), day_jobs in days.items():
            improved += day_jobs._apply_best_route(technician, intervals[technician.id])
        self.env.flush_all()
        self.env.cr.execute("SET CONSTRAINTS aftersales_request_technician_no_overlap IMMEDIATE")
        jobs._check_booking_rules()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(days)s technician-days ordered, %(improved)s of them shortened.",
                    days=len(days),
                    improved=improved,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_start_travel(self):
        """The technician sets off: the customer can be told they are on the way."""
        self._check_transition("start")
        started = self.filtered("travel_start_date")
        if started:
            raise UserError(
                self.env._(
                    "Travel to %(requests)s has already started.",
                    requests=", ".join(started.mapped("name")),
                )
            )
        with suite_writes(self.env):
            self.write({"travel_start_date": fields.Datetime.now()})
        return True

    def action_start(self):
        return self.action_check_in()

    def action_check_in(self, latitude=None, longitude=None):
        """Arrival on site: the on-site clock stops here. The phone sends its
        position when the technician allowed geolocation."""
        self._check_transition("start")
        position = self._checked_position(latitude, longitude)
        now = fields.Datetime.now()
        return self._move_to(
            "start",
            position,
            each={
                request.id: {
                    "check_in_date": request.check_in_date or now,
                    "travel_start_date": request.travel_start_date or now,
                }
                for request in self
            },
        )

    def _checked_position(self, latitude, longitude):
        if latitude is None or longitude is None:
            return {}
        try:
            lat, lon = float(latitude), float(longitude)
        except (TypeError, ValueError) as error:
            raise ValidationError(
                self.env._("The check-in position must be two numbers (latitude, longitude).")
            ) from error
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ValidationError(
                self.env._("The check-in position %(lat)s, %(lon)s is not on Earth.", lat=lat, lon=lon)
            )
        return {"check_in_latitude": lat, "check_in_longitude": lon}

    def action_mark_replied(self):
        already = self.filtered("replied_date")
        if already:
            raise UserError(
                self.env._(
                    "%(requests)s already has a reply recorded.",
                    requests=", ".join(already.mapped("name")),
                )
            )
        closed = self.filtered(lambda r: r.state in ("cancelled", "rejected"))
        if closed:
            raise UserError(
                self.env._(
                    "%(requests)s is cancelled or rejected: no reply to record.",
                    requests=", ".join(closed.mapped("name")),
                )
            )
        with suite_writes(self.env):
            self.write({"replied_date": fields.Datetime.now()})
        return True

    @api.private
    def action_create_followup(self):
        self.ensure_one()
        # The same unit and fault: the follow-up keeps the 三包 outcome of its
        # parent (a system figure, passed on by the suite).
        with suite_writes(self.env):
            followup = self.copy(
                {
                    "parent_id": self.id,
                    "warranty_state": self.warranty_state,
                    "fault_description": self.env._(
                        "Follow-up of %(name)s: %(fault)s",
                        name=self.name,
                        fault=self.fault_description,
                    ),
                }
            )
        return followup._get_form_action()

    def action_view_followups(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("aftersales_service.action_aftersales_request")
        action["domain"] = [("parent_id", "in", self.ids)]
        action["context"] = {"default_parent_id": self.id}
        return action

    def _care_action(self, xmlid):
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("request_id", "in", self.ids)]
        action["context"] = {
            "default_request_id": self[:1].id,
            "default_partner_id": self[:1].partner_id.id,
        }
        return action

    def action_view_complaints(self):
        return self._care_action("aftersales_service.action_aftersales_complaint")

    def action_view_callbacks(self):
        return self._care_action("aftersales_service.action_aftersales_callback")

    def _new_record_label(self, record):
        if not record.partner_id:
            return super()._new_record_label(record)
        return self.env._("a new service request of %(customer)s", customer=record.partner_id.display_name)

    def _get_form_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "aftersales.request",
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    # ------------------------------------------------------------------ CRM
    def action_create_opportunity(self):
        self.ensure_one()
        if self.opportunity_id:
            raise UserError(self.env._("%(name)s already has an opportunity.", name=self.name))
        if self.warranty_state != "out" or self.quote_amount <= 0:
            raise UserError(
                self.env._(
                    "%(name)s: only an out-of-warranty request with a positive quote "
                    "can become an opportunity.",
                    name=self.name,
                )
            )
        self.opportunity_id = self.env["crm.lead"].create(self._opportunity_vals())
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.lead",
            "res_id": self.opportunity_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def _opportunity_vals(self):
        return {
            "name": self.env._("Out-of-warranty repair %(name)s", name=self.name),
            "type": "opportunity",
            "partner_id": self.partner_id.id,
            "phone": self.contact_phone,
            "expected_revenue": self.quote_amount,
            "user_id": self.user_id.id,
            "company_id": self.company_id.id,
            "description": html2plaintext(self.fault_description or ""),
        }
