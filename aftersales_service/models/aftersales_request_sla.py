"""SLA clocks of a request: deadlines from the policy (on calendar or
working time), their status, the quality callback and the escalation of
breaches."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..engine import sla, worktime
from ..tools import user_datetime
from .aftersales_request import OPEN_STATES, SLA_STATUSES
from .aftersales_request_booking import sql_list
from .aftersales_write_guard import suite_writes

# The states in which the on-site clock runs (nobody has checked in yet): the
# breach search, its partial index and the shipped automation rule's domain.
ONSITE_PENDING_STATES = ("new", "assigned", "scheduled")
# Working time loaded past the latest start of a batch; longer only when a
# deadline lies beyond it (a long holiday, a calendar with few hours).
SLA_HORIZON_DAYS = 30


class AftersalesRequestSla(models.Model):
    _inherit = "aftersales.request"

    sla_policy_id = fields.Many2one(
        "aftersales.sla.policy",
        compute="_compute_sla_policy_id",
        store=True,
        readonly=False,
    )
    onsite_deadline = fields.Datetime(compute="_compute_sla_deadlines", store=True, index=True, tracking=True)
    reply_deadline = fields.Datetime(compute="_compute_sla_deadlines", store=True, index=True, tracking=True)
    callback_deadline = fields.Datetime(
        compute="_compute_callback_deadline", store=True, index=True, tracking=True
    )
    replied_date = fields.Datetime(string="Replied On", readonly=True, copy=False, tracking=True)
    onsite_status = fields.Selection(SLA_STATUSES, compute="_compute_sla_status")
    reply_status = fields.Selection(SLA_STATUSES, compute="_compute_sla_status")
    sla_breached = fields.Boolean(
        string="SLA Breached",
        readonly=True,
        copy=False,
        index=True,
        help="Set when a clock ran out; stays set as a record of the breach.",
        tracking=True,
    )
    escalated = fields.Boolean(readonly=True, copy=False, index=True, tracking=True)
    escalation_date = fields.Datetime(readonly=True, copy=False, tracking=True)
    _open_deadline_idx = models.Index(
        f"(onsite_deadline) WHERE state IN {sql_list(ONSITE_PENDING_STATES)} AND NOT escalated"
    )

    @api.depends("request_type", "priority", "company_id")
    def _compute_sla_policy_id(self):
        policies = self.env["aftersales.sla.policy"]._find_for(self)
        for request in self:
            request.sla_policy_id = policies[request]

    @api.depends(
        "notified_date",
        "sla_policy_id.onsite_hours",
        "sla_policy_id.reply_hours",
        "sla_policy_id.use_working_calendar",
        "sla_policy_id.calendar_id",
    )
    def _compute_sla_deadlines(self):
        def deadlines(workings):
            for request in self:
                policy = request.sla_policy_id
                working = workings.get(request._sla_calendar_id())
                start = request.notified_date
                request.onsite_deadline = (
                    sla.compute_deadline(start, policy.onsite_hours, working)
                    if start and policy.onsite_hours
                    else False
                )
                request.reply_deadline = (
                    sla.compute_deadline(start, policy.reply_hours, working)
                    if start and policy.reply_hours
                    else False
                )

        self._with_sla_working_time("notified_date", deadlines)

    @api.depends("done_date", "sla_policy_id.callback_days")
    def _compute_callback_deadline(self):
        def deadlines(workings):
            for request in self:
                days = request.sla_policy_id.callback_days
                request.callback_deadline = (
                    sla.add_days(request.done_date, days, workings.get(request._sla_calendar_id()))
                    if request.done_date and days
                    else False
                )

        self._with_sla_working_time("done_date", deadlines)

    @api.depends("onsite_deadline", "check_in_date", "reply_deadline", "replied_date", "state")
    def _compute_sla_status(self):
        now = fields.Datetime.now()
        for request in self:
            if request.state in ("cancelled", "rejected"):
                request.onsite_status = request.reply_status = "none"
                continue
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

    def _with_sla_working_time(self, start_field, compute):
        """Runs ``compute(workings)``, where `workings` maps the batch's SLA
        calendar ids to their working time (`resource.calendar`'s, the same
        booking and dispatch read) from the earliest `start_field` on. The
        horizon starts at SLA_HORIZON_DAYS after the latest start and grows
        while a deadline lies beyond it."""
        calendar_ids = sorted({cid for cid in (r._sla_calendar_id() for r in self) if cid})
        starts = [d for d in self.mapped(start_field) if d]
        if not calendar_ids or not starts:
            return compute({})
        days = SLA_HORIZON_DAYS
        while True:
            workings = self.env["resource.calendar"]._aftersales_working_times(
                calendar_ids, min(starts), max(starts) + timedelta(days=days)
            )
            try:
                return compute(workings)
            except worktime.BeyondHorizon as error:
                if days >= sla.MAX_SEARCH_DAYS:
                    raise UserError(
                        self.env._(
                            "The working calendar %(calendars)s has no working time left within "
                            "%(days)s days: check its working hours and leaves.",
                            calendars=", ".join(
                                self.env["resource.calendar"].browse(calendar_ids).mapped("name")
                            ),
                            days=sla.MAX_SEARCH_DAYS,
                        )
                    ) from error
                days = min(days * 4, sla.MAX_SEARCH_DAYS)

    @api.model
    def _breach_domain(self, now=None):
        now = now or fields.Datetime.now()
        return [
            ("escalated", "=", False),
            "|",
            "&",
            "&",
            ("state", "in", ONSITE_PENDING_STATES),
            ("onsite_deadline", "<", now),
            ("check_in_date", "=", False),
            "&",
            "&",
            ("state", "in", OPEN_STATES),
            ("reply_deadline", "<", now),
            ("replied_date", "=", False),
        ]

    def _escalate_sla_breach(self):
        """Marks the breached requests of `self` escalated and gives their
        dispatcher an activity. Requests already escalated are left alone, so
        re-running is harmless."""
        activity_type = self.env.ref("aftersales_service.mail_activity_sla_escalation")
        to_escalate = self.filtered_domain(self._breach_domain())
        now = fields.Datetime.now()
        with suite_writes(self.env):
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
        """The escalation note, with its times in the time zone of the one who
        reads it (the escalation user)."""
        self.ensure_one()
        tz = self._escalation_user().tz

        def moment(value):
            return user_datetime(self.env, value, tz=tz) or "-"

        return self.env._(
            "On-site deadline: %(onsite)s (checked in: %(checkin)s). "
            "Reply deadline: %(reply)s (replied: %(replied)s).",
            onsite=moment(self.onsite_deadline),
            checkin=moment(self.check_in_date),
            reply=moment(self.reply_deadline),
            replied=moment(self.replied_date),
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
