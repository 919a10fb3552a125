"""The service request (售后服务单): intake, the workflow and the CRM link.
SLA clocks live in aftersales_request_sla.py, booking and routes in
aftersales_request_booking.py."""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html2plaintext

from ..engine.phone import EMPTY as PHONE_EMPTY
from ..engine.phone import PhoneError, normalize_phone
from ..tools import user_amount, user_date, user_datetime

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
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "priority desc, notified_date desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "partner_id", "contact_phone"]

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index="trigram"
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        REQUEST_STATES, default="new", required=True, readonly=True, copy=False,
        tracking=True, index=True,
    )
    stage_id = fields.Many2one(
        "aftersales.stage", compute="_compute_stage_id", store=True, index=True,
        group_expand="_read_group_expand_stages", string="Stage",
    )
    # --- intake -----------------------------------------------------------
    partner_id = fields.Many2one(
        "res.partner", string="Customer", index=True, tracking=True, check_company=True,
    )
    site_partner_id = fields.Many2one(
        "res.partner", string="Site", check_company=True,
        help="Where the work is done, when not at the customer's address.",
    )
    contact_name = fields.Char(
        string="Site Contact", compute="_compute_contact", store=True, readonly=False,
    )
    contact_phone = fields.Char(
        string="Contact Phone", compute="_compute_contact", store=True, readonly=False,
        index=True,
    )
    street = fields.Char(compute="_compute_address", store=True, readonly=False)
    street2 = fields.Char(compute="_compute_address", store=True, readonly=False)
    city = fields.Char(compute="_compute_address", store=True, readonly=False)
    state_id = fields.Many2one(
        "res.country.state", string="Province", compute="_compute_address", store=True,
        readonly=False,
    )
    county_id = fields.Many2one(
        "aftersales.county", compute="_compute_county_id", store=True, readonly=False,
        index=True, tracking=True,
    )
    channel = fields.Selection(REQUEST_CHANNELS, default="phone", required=True)
    request_type = fields.Selection(
        REQUEST_TYPES, string="Type", default="repair", required=True, index=True
    )
    priority = fields.Selection(REQUEST_PRIORITIES, default="0", index=True, tracking=True)
    product_id = fields.Many2one("product.product", check_company=True, index=True)
    lot_id = fields.Many2one(
        "stock.lot", string="Serial Number", index=True, check_company=True,
        domain="[('product_id', '=?', product_id)]",
    )
    fault_description = fields.Text()
    fault_date = fields.Date(help="When the fault first appeared, as the customer reports it.")
    special_requirements = fields.Text()
    requested_date = fields.Datetime(string="Requested Time")
    notified_date = fields.Datetime(
        string="Received On", required=True, default=fields.Datetime.now, readonly=True,
        copy=False, help="When the request was notified: every SLA clock starts here.",
    )
    # --- people and booking ------------------------------------------------
    team_id = fields.Many2one("aftersales.team", check_company=True, index=True)
    user_id = fields.Many2one(
        "res.users", string="Responsible Agent", default=lambda self: self.env.user,
        tracking=True, index=True,
    )
    technician_id = fields.Many2one(
        "hr.employee", domain="[('is_aftersales_technician', '=', True)]",
        tracking=True, index=True, check_company=True,
    )
    technician_user_id = fields.Many2one(
        related="technician_id.user_id", store=True, index=True, string="Technician User"
    )
    planned_start = fields.Datetime(tracking=True, copy=False)
    planned_end = fields.Datetime(copy=False)
    # --- on site ------------------------------------------------------------
    check_in_date = fields.Datetime(string="Checked In", readonly=True, copy=False)
    check_out_date = fields.Datetime(string="Checked Out", readonly=True, copy=False)
    work_done = fields.Text()
    revisit_needed = fields.Boolean(readonly=True, copy=False)
    revisit_reason = fields.Text(readonly=True, copy=False)
    revisit_count = fields.Integer(readonly=True, copy=False)
    parent_id = fields.Many2one("aftersales.request", string="Parent Request", index=True)
    child_ids = fields.One2many("aftersales.request", "parent_id", string="Follow-ups")
    child_count = fields.Integer(compute="_compute_child_count")
    signature = fields.Image(max_width=1024, max_height=1024, copy=False, attachment=True)
    signed_by = fields.Char(copy=False)
    signed_on = fields.Datetime(readonly=True, copy=False)
    done_date = fields.Datetime(readonly=True, copy=False)
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
        default="unknown", required=True, tracking=True,
    )
    quote_amount = fields.Monetary(
        string="Out-of-Warranty Quote", currency_field="currency_id", copy=False
    )

    @api.constrains("quote_amount")
    def _check_quote_amount(self):
        negative = self.filtered(lambda r: r.quote_amount < 0)
        if negative:
            raise ValidationError(self.env._(
                "%(request)s: the out-of-warranty quote cannot be negative (%(amount)s).",
                request=negative[0].name,
                amount=user_amount(self.env, negative[0].quote_amount, negative[0].currency_id),
            ))

    _planned_range = models.Constraint(
        "CHECK(planned_end IS NULL OR planned_start IS NULL OR planned_end > planned_start)",
        "The planned end must come after the planned start.",
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

    @api.depends("partner_id", "site_partner_id")
    def _compute_contact(self):
        for request in self:
            contact = request.site_partner_id or request.partner_id
            if contact:
                request.contact_name = contact.name
                request.contact_phone = contact.phone or request.contact_phone

    @api.depends("partner_id", "site_partner_id")
    def _compute_address(self):
        for request in self:
            site = request.site_partner_id or request.partner_id
            request.street = site.street
            request.street2 = site.street2
            request.city = site.city
            request.state_id = site.state_id

    @api.depends("street", "street2", "city", "state_id", "partner_id", "site_partner_id")
    def _compute_county_id(self):
        County = self.env["aftersales.county"]
        for request in self:
            site = request.site_partner_id or request.partner_id
            county = County._match_record(request)
            request.county_id = county or site.aftersales_county_id or request.county_id

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
        missing = [vals for vals in vals_list if vals.get("name", "/") == "/"]
        for vals, name in zip(missing, self._reserve_names(len(missing)), strict=True):
            vals["name"] = name
        return super().create(vals_list)

    def write(self, vals):
        self._normalize_phone_vals(vals)
        if vals.get("signature"):
            vals.setdefault("signed_on", fields.Datetime.now())
        return super().write(vals)

    @api.model
    def _normalize_phone_vals(self, vals):
        if vals.get("contact_phone"):
            try:
                vals["contact_phone"] = normalize_phone(vals["contact_phone"])
            except PhoneError as error:
                raise ValidationError(
                    self.env._("Contact phone: %(error)s", error=self._phone_error_text(error))
                ) from error

    @api.model
    def _phone_error_text(self, error):
        """The reader's sentence for a :class:`PhoneError` of the engine."""
        hint = self.env._(
            "use an 11-digit mobile (13812345678), a landline with its area code "
            "(0755-12345678), a 400/800 number (400-123-4567) or an international number "
            "starting with + (+442079460958)."
        )
        if error.code == PHONE_EMPTY:
            return self.env._("the phone number is empty: %(hint)s", hint=hint)
        return self.env._(
            "\"%(phone)s\" is not a valid phone number: %(hint)s", phone=error.raw, hint=hint
        )

    @api.model
    def _reserve_names(self, count):
        return self.env["ir.sequence"]._aftersales_next_batch("aftersales.request", count)

    # Intake fields are checked here rather than by NOT NULL columns, so that
    # a missing value gets a clear message instead of a database error.
    INTAKE_REQUIRED = ("partner_id", "contact_name", "contact_phone", "fault_description")

    @api.constrains(*INTAKE_REQUIRED)
    def _check_intake_complete(self):
        for request in self:
            missing = [
                self._fields[fname]._description_string(self.env)
                for fname in self.INTAKE_REQUIRED
                if not (request[fname].strip() if isinstance(request[fname], str) else request[fname])
            ]
            if missing:
                raise ValidationError(
                    self.env._(
                        "Service request %(request)s is missing: %(fields)s. The caller, "
                        "the site contact, a phone number and the fault are required.",
                        request=request.name, fields=", ".join(missing),
                    )
                )

    @api.constrains("contact_phone")
    def _check_contact_phone(self):
        for request in self.filtered("contact_phone"):
            try:
                normalize_phone(request.contact_phone)
            except PhoneError as error:
                raise ValidationError(
                    self.env._(
                        "%(request)s: %(error)s", request=request.name, error=self._phone_error_text(error)
                    )
                ) from error

    @api.constrains("fault_date")
    def _check_fault_date(self):
        today = fields.Date.context_today(self)
        for request in self:
            if request.fault_date and request.fault_date > today:
                raise ValidationError(
                    self.env._(
                        "%(request)s: the fault date %(date)s is in the future. "
                        "Enter the day the fault appeared.",
                        request=request.name, date=user_date(self.env, request.fault_date),
                    )
                )

    @api.constrains("lot_id", "product_id")
    def _check_lot_product(self):
        for request in self:
            if request.lot_id and request.product_id and request.lot_id.product_id != request.product_id:
                raise ValidationError(
                    self.env._(
                        "%(request)s: serial number %(lot)s belongs to %(lot_product)s, "
                        "not to %(product)s.",
                        request=request.name, lot=request.lot_id.name,
                        lot_product=request.lot_id.product_id.display_name,
                        product=request.product_id.display_name,
                    )
                )

    @api.constrains("planned_start", "planned_end")
    def _check_planned_range(self):
        for request in self:
            if request.planned_start and request.planned_end and request.planned_end <= request.planned_start:
                raise ValidationError(
                    self.env._(
                        "%(request)s: the planned end (%(end)s) must come after the "
                        "planned start (%(start)s).",
                        request=request.name, start=user_datetime(self.env, request.planned_start),
                        end=user_datetime(self.env, request.planned_end),
                    )
                )

    @api.constrains("technician_id")
    def _check_technician(self):
        for request in self:
            if request.technician_id and not request.technician_id.is_aftersales_technician:
                raise ValidationError(
                    self.env._(
                        "%(request)s: %(employee)s is not flagged as a technician.",
                        request=request.name, employee=request.technician_id.name,
                    )
                )

    @api.onchange("lot_id")
    def _onchange_lot_id(self):
        if self.lot_id and not self.product_id:
            self.product_id = self.lot_id.product_id

    # ------------------------------------------------------------------ workflow
    def _action_label(self, action):
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
        }[action]

    def _check_transition(self, action):
        allowed, _target = TRANSITIONS[action]
        wrong = self.filtered(lambda r: r.state not in allowed)
        if wrong:
            states = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "Cannot %(action)s %(requests)s: the request is %(state)s; "
                    "this step needs it to be %(allowed)s.",
                    action=self._action_label(action),
                    requests=", ".join(wrong.mapped("name")),
                    state=states[wrong[0].state],
                    allowed=" / ".join(states[s] for s in allowed),
                )
            )

    def _move_to(self, action, extra=None):
        self._check_transition(action)
        self.write({"state": TRANSITIONS[action][1], **(extra or {})})
        return True

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
        self._move_to(
            "done", {"check_out_date": now, "done_date": now, "revisit_needed": False}
        )
        self._schedule_quality_callback()
        return True

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
        return self._move_to(
            "reopen", {"cancel_reason": False, "reject_reason": False}
        )

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
        for request in self:
            request._move_to(
                "revisit",
                {
                    "revisit_needed": True,
                    "revisit_reason": reason,
                    "revisit_count": request.revisit_count + 1,
                    "planned_start": False,
                    "planned_end": False,
                    "done_date": False,
                },
            )
            request.message_post(
                body=self.env._("Revisit needed: %(reason)s", reason=reason)
            )
        return True

    @api.private
    def action_create_followup(self):
        self.ensure_one()
        followup = self.copy(
            {
                "parent_id": self.id,
                "fault_description": self.env._(
                    "Follow-up of %(name)s: %(fault)s", name=self.name,
                    fault=self.fault_description,
                ),
            }
        )
        return followup._get_form_action()

    def action_view_followups(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.action_aftersales_request"
        )
        action["domain"] = [("parent_id", "in", self.ids)]
        action["context"] = {"default_parent_id": self.id}
        return action

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
            raise UserError(
                self.env._("%(name)s already has an opportunity.", name=self.name)
            )
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
