from datetime import timedelta
from urllib.parse import urlencode

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, html2plaintext

from ..engine import booking, geo, routing, sla
from ..engine.phone import PhoneError, normalize_phone

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
def _ceil_minute(moment):
    """The first whole minute at or after `moment`."""
    floor = moment.replace(second=0, microsecond=0)
    return floor if floor == moment else floor + timedelta(minutes=1)


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
    duration_hours = fields.Float(
        string="Planned Duration (h)",
        default=lambda self: self.env.company.aftersales_default_job_hours,
    )
    booking_override_reason = fields.Text(
        copy=False, tracking=True,
        help="Dispatcher's reason for booking outside the technician's working hours, "
        "skills or counties.",
    )
    route_sequence = fields.Integer(copy=False, index=True, help="Position in the technician's day route.")
    travel_start_date = fields.Datetime(string="Travel Started", readonly=True, copy=False)
    check_in_latitude = fields.Float(digits=(10, 6), readonly=True, copy=False)
    check_in_longitude = fields.Float(digits=(10, 6), readonly=True, copy=False)
    navigation_url = fields.Char(compute="_compute_navigation_url")
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
    # --- SLA -------------------------------------------------------------------
    sla_policy_id = fields.Many2one(
        "aftersales.sla.policy", compute="_compute_sla_policy_id", store=True, readonly=False,
    )
    onsite_deadline = fields.Datetime(compute="_compute_sla_deadlines", store=True, index=True)
    reply_deadline = fields.Datetime(compute="_compute_sla_deadlines", store=True, index=True)
    callback_deadline = fields.Datetime(
        compute="_compute_callback_deadline", store=True, index=True
    )
    replied_date = fields.Datetime(string="Replied On", readonly=True, copy=False)
    onsite_status = fields.Selection(SLA_STATUSES, compute="_compute_sla_status")
    reply_status = fields.Selection(SLA_STATUSES, compute="_compute_sla_status")
    sla_breached = fields.Boolean(
        string="SLA Breached", readonly=True, copy=False, index=True,
        help="Set when a clock ran out; stays set as a record of the breach.",
    )
    escalated = fields.Boolean(readonly=True, copy=False, index=True)
    escalation_date = fields.Datetime(readonly=True, copy=False)

    _planned_range = models.Constraint(
        "CHECK(planned_end IS NULL OR planned_start IS NULL OR planned_end > planned_start)",
        "The planned end must come after the planned start.",
    )
    _technician_no_overlap = models.Constraint(
        """EXCLUDE USING gist (
               technician_id WITH =,
               tsrange(planned_start, planned_end, '[)') WITH &&
           ) WHERE (
               technician_id IS NOT NULL AND planned_start IS NOT NULL
               AND planned_end IS NOT NULL
               AND state IN ('assigned', 'scheduled', 'in_progress')
           ) DEFERRABLE INITIALLY IMMEDIATE""",
        "This technician is already booked at that time.",
    )
    _open_deadline_idx = models.Index(
        "(onsite_deadline) WHERE state IN ('new', 'assigned', 'scheduled') AND NOT escalated"
    )

    def _auto_init(self):
        # The booking exclusion constraint compares technician ids with a GiST
        # index, which needs btree_gist (a trusted extension since PG 13).
        self.env.cr.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        return super()._auto_init()

    # ------------------------------------------------------------------ computes
    @api.depends("street", "street2", "city", "state_id", "county_id")
    def _compute_navigation_url(self):
        for request in self:
            address = "".join(
                filter(None, [request.state_id.name, request.city, request.street, request.street2])
            )
            county = request.county_id
            if address:
                request.navigation_url = "https://uri.amap.com/search?" + urlencode(
                    {"keyword": address, "city": county.city or "", "callnative": 1}
                )
            elif county.latitude:
                request.navigation_url = (
                    f"https://uri.amap.com/marker?position={county.longitude},{county.latitude}"
                )
            else:
                request.navigation_url = False

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
            text = "".join(filter(None, [request.state_id.name, request.city, request.street, request.street2]))
            county = County._match_address(text, province=request.state_id.name, city=request.city)
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

    @api.depends("request_type", "priority", "company_id")
    def _compute_sla_policy_id(self):
        policies = self.env["aftersales.sla.policy"]._find_for(self)
        for request in self:
            request.sla_policy_id = policies[request]

    @api.depends(
        "notified_date", "sla_policy_id.onsite_hours", "sla_policy_id.reply_hours",
        "sla_policy_id.use_working_calendar", "sla_policy_id.calendar_id",
    )
    def _compute_sla_deadlines(self):
        calendars = self._sla_calendars()
        for request in self:
            policy = request.sla_policy_id
            calendar = calendars.get(request._sla_calendar_id())
            start = request.notified_date
            request.onsite_deadline = (
                sla.compute_deadline(start, policy.onsite_hours, calendar)
                if start and policy.onsite_hours else False
            )
            request.reply_deadline = (
                sla.compute_deadline(start, policy.reply_hours, calendar)
                if start and policy.reply_hours else False
            )

    @api.depends("done_date", "sla_policy_id.callback_days")
    def _compute_callback_deadline(self):
        calendars = self._sla_calendars()
        for request in self:
            days = request.sla_policy_id.callback_days
            request.callback_deadline = (
                sla.add_days(request.done_date, days, calendars.get(request._sla_calendar_id()))
                if request.done_date and days else False
            )

    @api.depends("onsite_deadline", "check_in_date", "reply_deadline", "replied_date")
    def _compute_sla_status(self):
        now = fields.Datetime.now()
        for request in self:
            request.onsite_status = sla.clock_status(
                request.onsite_deadline or None, request.check_in_date or None, now
            )
            request.reply_status = sla.clock_status(
                request.reply_deadline or None, request.replied_date or None, now
            )

    def _sla_calendar_id(self):
        self.ensure_one()
        policy = self.sla_policy_id
        if not policy.use_working_calendar:
            return None
        calendar = (
            policy.calendar_id
            or self.company_id.aftersales_calendar_id
            or self.company_id.resource_calendar_id
        )
        return calendar.id or None

    def _sla_calendars(self):
        """Working calendars of the batch as engine data, loaded once."""
        calendar_ids = {cid for cid in (r._sla_calendar_id() for r in self) if cid}
        if not calendar_ids:
            return {}
        starts = [d for d in self.mapped("notified_date") + self.mapped("done_date") if d]
        date_from = min(starts) if starts else fields.Datetime.now()
        return self.env["resource.calendar"]._aftersales_working_calendars(
            sorted(calendar_ids), date_from
        )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._normalize_phone_vals(vals)
        if any(vals.get("booking_override_reason") for vals in vals_list):
            self._check_can_override_booking()
        self.browse()._check_no_overlap(vals_list)
        missing = [vals for vals in vals_list if vals.get("name", "/") == "/"]
        for vals, name in zip(missing, self._reserve_names(len(missing)), strict=True):
            vals["name"] = name
        return super().create(vals_list)

    def write(self, vals):
        self._normalize_phone_vals(vals)
        if vals.get("booking_override_reason"):
            self._check_can_override_booking()
        self._check_no_overlap([vals] * len(self))
        if vals.get("signature"):
            vals.setdefault("signed_on", fields.Datetime.now())
        return super().write(vals)

    def _check_can_override_booking(self):
        if not self.env.user.has_group("aftersales_service.group_aftersales_dispatcher"):
            raise UserError(
                self.env._("Only a dispatcher can override the booking rules.")
            )

    @api.model
    def _normalize_phone_vals(self, vals):
        if vals.get("contact_phone"):
            try:
                vals["contact_phone"] = normalize_phone(vals["contact_phone"])
            except PhoneError as error:
                raise ValidationError(
                    self.env._("Contact phone: %(error)s", error=str(error))
                ) from error

    @api.model
    def _reserve_names(self, count):
        """`count` references from the request sequence in one query."""
        if not count:
            return []
        sequence = self.env["ir.sequence"].sudo().search(
            [("code", "=", "aftersales.request"),
             ("company_id", "in", [self.env.company.id, False])],
            order="company_id", limit=1,
        )
        if not sequence:
            return [self.env._("New")] * count
        if sequence.implementation != "standard" or sequence.use_date_range:
            return [sequence._next() for _i in range(count)]
        self.env.cr.execute(
            "SELECT nextval(%s) FROM generate_series(1, %s)",
            [f"ir_sequence_{sequence.id:03d}", count],
        )
        return [sequence.get_next_char(number) for (number,) in self.env.cr.fetchall()]

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
                    self.env._("%(request)s: %(error)s", request=request.name, error=str(error))
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
                        request=request.name, date=request.fault_date,
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
                        request=request.name, start=request.planned_start, end=request.planned_end,
                    )
                )

    @api.constrains(
        "technician_id", "planned_start", "planned_end", "state", "county_id", "product_id",
        "booking_override_reason",
    )
    def _check_booking_rules(self):
        if self.env.context.get("aftersales_booking_deferred"):
            return
        bookings = self.filtered(
            lambda r: r.technician_id and r.planned_start and r.planned_end
            and r.state in BOOKED_STATES and not r.booking_override_reason
        )
        if not bookings:
            return
        intervals = self.env["hr.employee"]._aftersales_work_intervals(
            bookings.technician_id,
            min(bookings.mapped("planned_start")),
            max(bookings.mapped("planned_end")),
        )
        for request in bookings:
            technician = request.technician_id
            problems = booking.booking_problems(
                start=request.planned_start,
                end=request.planned_end,
                work_intervals=intervals[technician.id],
                county_id=request.county_id.id,
                county_ids=set(technician.aftersales_county_ids.ids),
                skill_path=request._skill_path(),
                skill_ids=set(technician.aftersales_skill_ids.ids),
            )
            if problems:
                raise ValidationError(request._booking_refusal_message(problems))

    BOOKING_FIELDS = ("technician_id", "planned_start", "planned_end", "state")

    def _prospective_bookings(self, vals_list):
        """(id or None, technician, start, end) of the bookings the given
        values would make, for records `self` (write) or new ones (create)."""
        bookings = []
        for record, vals in zip(self or [None] * len(vals_list), vals_list, strict=True):
            def value(fname, record=record, vals=vals):
                if fname in vals:
                    return vals[fname]
                if record is None:
                    return False
                field_value = record[fname]
                return field_value.id if fname == "technician_id" else field_value

            technician, start, end = value("technician_id"), value("planned_start"), value("planned_end")
            if technician and start and end and (value("state") or "new") in BOOKED_STATES:
                bookings.append(
                    (record.id if record else None, technician,
                     fields.Datetime.to_datetime(start), fields.Datetime.to_datetime(end))
                )
        return bookings

    def _check_no_overlap(self, vals_list):
        """Clear message for a double booking about to be written. The
        exclusion constraint stops the concurrent ones at commit."""
        if self.env.context.get("aftersales_booking_deferred") or not any(
            set(self.BOOKING_FIELDS) & vals.keys() for vals in vals_list
        ):
            return
        bookings = self._prospective_bookings(vals_list)
        if not bookings:
            return
        self.env["aftersales.request"].flush_model(self.BOOKING_FIELDS)
        ids = tuple(b[0] for b in bookings if b[0]) or (0,)
        self.env.cr.execute(
            SQL(
                """SELECT name, technician_id, planned_start, planned_end FROM aftersales_request
                    WHERE id NOT IN %s AND technician_id IN %s AND state IN %s
                      AND planned_start < %s AND planned_end > %s""",
                ids, tuple({b[1] for b in bookings}), BOOKED_STATES,
                max(b[3] for b in bookings), min(b[2] for b in bookings),
            )
        )
        taken = self.env.cr.fetchall()
        for index, (_rid, technician, start, end) in enumerate(bookings):
            batch_mates = [("/", t, s, e) for _r, t, s, e in bookings[:index]]
            for other_name, other_tech, other_start, other_end in [*taken, *batch_mates]:
                if other_tech == technician and other_start < end and start < other_end:
                    raise ValidationError(
                        self.env._(
                            "%(technician)s is already booked from %(start)s to %(end)s on "
                            "%(other)s: that time cannot be booked again.",
                            technician=self.env["hr.employee"].browse(technician).name,
                            start=other_start, end=other_end, other=other_name,
                        )
                    )

    def _skill_path(self):
        """The product category the job needs and its parents, as ids."""
        self.ensure_one()
        category = self.product_id.categ_id
        return tuple(int(cid) for cid in category.parent_path.split("/") if cid) if category else ()

    def _booking_refusal_message(self, problems):
        self.ensure_one()
        reasons = {
            booking.OUTSIDE_HOURS: self.env._("outside their working hours or on leave"),
            booking.COUNTY: self.env._(
                "%(county)s is not among the counties they cover", county=self.county_id.display_name
            ),
            booking.SKILL: self.env._(
                "they lack the skill %(category)s", category=self.product_id.categ_id.display_name
            ),
        }
        return self.env._(
            "%(request)s cannot be booked for %(technician)s from %(start)s to %(end)s: "
            "%(reasons)s. A dispatcher can book anyway by giving an override reason.",
            request=self.name, technician=self.technician_id.name,
            start=self.planned_start, end=self.planned_end,
            reasons="; ".join(reasons[p] for p in problems),
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

    def _book_proposals(self, plan):
        """Books a dispatch plan {request id: (technician, start, end)}: every
        rule is checked once for the whole batch, then each request moves to
        scheduled."""
        requests = self.browse(list(plan))
        requests._check_transition("dispatch")
        vals_list = [
            {
                "technician_id": plan[request.id][0].id,
                "planned_start": plan[request.id][1],
                "planned_end": plan[request.id][2],
                "state": TRANSITIONS["dispatch"][1],
            }
            for request in requests
        ]
        requests._check_no_overlap(vals_list)
        for request, vals in zip(
            requests.with_context(aftersales_booking_deferred=True), vals_list, strict=True
        ):
            request.write(vals)
        requests._check_booking_rules()
        return requests

    # ------------------------------------------------------------------ routes
    def action_optimise_routes(self):
        """Orders each technician's scheduled jobs of a day as a route. A
        shorter order is applied (re-timed) only when it keeps every SLA
        window it kept and stays inside working time; otherwise the day keeps
        its times and only gets its route positions."""
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
                    days=len(days), improved=improved,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _group_by_technician_day(self):
        groups = {}
        for job in self.sorted("planned_start"):
            tz = pytz.timezone(job.technician_id.tz or "Asia/Shanghai")
            day = pytz.utc.localize(job.planned_start).astimezone(tz).date()
            key = (job.technician_id, day)
            groups[key] = groups.get(key, self.browse()) | job
        return groups

    def _route_stops(self):
        """Route stops of one day (self, sorted): nobody is visited before the
        day's first appointment or the customer's requested time."""
        day_start = self[0].planned_start
        return [
            routing.Stop(
                id=job.id,
                location=job.county_id._point(),
                duration=job.planned_end - job.planned_start,
                window_start=max(job.requested_date or day_start, day_start),
                window_end=job.onsite_deadline or None,
            )
            for job in self
        ]

    def _apply_best_route(self, technician, work_intervals):
        """Routes one technician-day (self, sorted by start); True if re-timed."""
        company = self.env.company
        options = {"speed_kmh": company.aftersales_travel_speed_kmh, "road_factor": company.aftersales_road_factor}
        home = technician.aftersales_home_county_id._point()
        stops = self._route_stops()
        first_leg = geo.travel_minutes(home, stops[0].location, **options)
        start = self[0].planned_start - timedelta(minutes=first_leg)
        current = routing.route_in_order(home, start, stops, **options)
        best = routing.optimise_route(home, start, stops, **options)
        durations = {stop.id: stop.duration for stop in stops}
        better = (
            best.travel_km < current.travel_km - 0.01
            and (best.feasible or not current.feasible)
            and all(
                booking.within_working_time(work_intervals, begin, begin + durations[job_id])
                for job_id, begin in zip(best.order, best.starts, strict=True)
            )
        )
        plan = best if better else current
        deferred = self.with_context(aftersales_booking_deferred=True)
        for position, (job_id, begin) in enumerate(zip(plan.order, plan.starts, strict=True), start=1):
            vals = {"route_sequence": position}
            if better:
                begin = _ceil_minute(begin)
                vals.update(planned_start=begin, planned_end=begin + durations[job_id])
            deferred.browse(job_id).write(vals)
        return better

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
        for request in self:
            request._move_to(
                "start",
                {
                    "check_in_date": request.check_in_date or now,
                    "travel_start_date": request.travel_start_date or now,
                    **position,
                },
            )
        return True

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
                self.env._(
                    "The check-in position %(lat)s, %(lon)s is not on Earth.", lat=lat, lon=lon
                )
            )
        return {"check_in_latitude": lat, "check_in_longitude": lon}

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
        self.write({"replied_date": fields.Datetime.now()})
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

    # ------------------------------------------------------------------ callbacks
    def _schedule_quality_callback(self):
        activity_type = self.env.ref(
            "aftersales_service.mail_activity_quality_callback", raise_if_not_found=False
        )
        if not activity_type:
            return
        for request in self.filtered("callback_deadline"):
            request.activity_schedule(
                activity_type_id=activity_type.id,
                date_deadline=fields.Date.to_date(request.callback_deadline),
                user_id=(request.user_id or self.env.user).id,
                summary=self.env._("Quality callback for %(name)s", name=request.name),
            )

    # ------------------------------------------------------------------ SLA escalation
    @api.model
    def _breach_domain(self, now=None):
        now = now or fields.Datetime.now()
        return [
            ("escalated", "=", False),
            "|",
            "&", "&", ("state", "in", ("new", "assigned", "scheduled")),
            ("onsite_deadline", "<", now), ("check_in_date", "=", False),
            "&", "&", ("state", "in", OPEN_STATES),
            ("reply_deadline", "<", now), ("replied_date", "=", False),
        ]

    def _escalate_sla_breach(self):
        """Marks the breached requests of `self` escalated and gives their
        dispatcher an activity. Requests already escalated are left alone, so
        re-running is harmless."""
        activity_type = self.env.ref("aftersales_service.mail_activity_sla_escalation")
        to_escalate = self.filtered_domain(self._breach_domain())
        now = fields.Datetime.now()
        to_escalate.write({"escalated": True, "sla_breached": True, "escalation_date": now})
        # One batch insert; no e-mail per activity (the dispatcher sees them in
        # the activity menu), which keeps the cron's cost flat per request.
        model_id = self.env["ir.model"]._get_id(self._name)
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": request.id,
                    "activity_type_id": activity_type.id,
                    "user_id": request._escalation_user().id,
                    "date_deadline": fields.Date.context_today(request),
                    "summary": self.env._("SLA breached on %(name)s", name=request.name),
                    "note": request._breach_note(),
                }
                for request in to_escalate
            ]
        )
        return to_escalate

    def _escalation_user(self):
        self.ensure_one()
        return (
            self.team_id.leader_id
            or self.company_id.aftersales_dispatcher_id
            or self.user_id
            or self.env.user
        )

    def _breach_note(self):
        self.ensure_one()
        return self.env._(
            "On-site deadline: %(onsite)s (checked in: %(checkin)s). "
            "Reply deadline: %(reply)s (replied: %(replied)s).",
            onsite=self.onsite_deadline or "-", checkin=self.check_in_date or "-",
            reply=self.reply_deadline or "-", replied=self.replied_date or "-",
        )

    @api.model
    def _cron_escalate_sla_breaches(self):
        batch_size = max(self.env.company.aftersales_escalation_batch, 1)
        while True:
            batch = self.search(self._breach_domain(), limit=batch_size, order="onsite_deadline")
            if not batch:
                return
            batch._escalate_sla_breach()
            remaining = self.env["ir.cron"]._commit_progress(
                len(batch), remaining=self.search_count(self._breach_domain())
            )
            if remaining <= 0:
                return

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
