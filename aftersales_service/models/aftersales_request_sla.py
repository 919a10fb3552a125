"""SLA clocks of a request: deadlines from the policy (on calendar or
working time), their status, the quality callback and the escalation of
breaches."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..engine import sla
from ..tools import user_datetime
from .aftersales_request import OPEN_STATES, SLA_STATUSES


class AftersalesRequestSla(models.Model):
    _inherit = "aftersales.request"

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
    _open_deadline_idx = models.Index(
        "(onsite_deadline) WHERE state IN ('new', 'assigned', 'scheduled') AND NOT escalated"
    )

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

    def _schedule_quality_callback(self):
        self._create_quality_callbacks()  # the callback record (aftersales_request_care.py)
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
        """The escalation note, with its times in the time zone of the one who
        reads it (the escalation user)."""
        self.ensure_one()
        tz = self._escalation_user().tz

        def moment(value):
            return user_datetime(self.env, value, tz=tz) or "-"

        return self.env._(
            "On-site deadline: %(onsite)s (checked in: %(checkin)s). "
            "Reply deadline: %(reply)s (replied: %(replied)s).",
            onsite=moment(self.onsite_deadline), checkin=moment(self.check_in_date),
            reply=moment(self.reply_deadline), replied=moment(self.replied_date),
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
