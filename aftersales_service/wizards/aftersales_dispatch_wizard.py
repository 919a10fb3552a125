from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..engine import dispatch
from ..models.aftersales_request import BOOKED_STATES
from ..tools import user_datetime, user_duration


class AftersalesDispatchWizard(models.TransientModel):
    """Automatic dispatch: the engine proposes a technician and a slot for
    each open request; the dispatcher reviews and confirms in one click."""

    _name = "aftersales.dispatch.wizard"
    _description = "Dispatch Proposals"

    request_ids = fields.Many2many("aftersales.request", string="Requests to Dispatch")
    line_ids = fields.One2many("aftersales.dispatch.wizard.line", "wizard_id", string="Proposals")
    placed_count = fields.Integer(compute="_compute_counts")
    unplaced_count = fields.Integer(compute="_compute_counts")
    late_count = fields.Integer(compute="_compute_counts", string="Placed After Deadline")

    @api.depends("line_ids.technician_id", "line_ids.within_deadline")
    def _compute_counts(self):
        for wizard in self:
            placed = wizard.line_ids.filtered("technician_id")
            wizard.placed_count = len(placed)
            wizard.unplaced_count = len(wizard.line_ids) - len(placed)
            wizard.late_count = len(placed.filtered(lambda line: not line.within_deadline))

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if "request_ids" in fields_list and not values.get("request_ids"):
            active_ids = self.env.context.get("active_ids") or []
            if self.env.context.get("active_model") != "aftersales.request":
                active_ids = []
            requests = self.env["aftersales.request"].browse(active_ids) or self._default_queue()
            values["request_ids"] = [(6, 0, requests.ids)]
        return values

    @api.model
    def _default_queue(self):
        return self.env["aftersales.request"].search(self._queue_domain())

    @api.model
    def _queue_domain(self):
        return [
            ("state", "in", ("new", "assigned")),
            ("planned_start", "=", False),
            ("request_type", "!=", "consultation"),
        ]

    def action_propose(self):
        self.ensure_one()
        requests = self.request_ids.filtered_domain(self._queue_domain())
        if not requests:
            raise UserError(self.env._("No open request without a booking to dispatch."))
        result = self._run_engine(requests)
        self.line_ids = [(5, 0, 0)] + [(0, 0, vals) for vals in self._line_vals(result)]
        return self._reopen()

    def _line_vals(self, result):
        reasons = self._reason_texts(result)
        for proposal in result.proposals:
            yield {
                "request_id": proposal.job_id,
                "technician_id": proposal.technician_id,
                "planned_start": proposal.start,
                "planned_end": proposal.end,
                "travel_minutes": proposal.travel_minutes,
                "within_deadline": proposal.within_deadline,
                "candidates": proposal.candidates,
                "reason": reasons[proposal.job_id],
                "selected": True,
            }
        for unplaced in result.unplaced:
            yield {
                "request_id": unplaced.job_id,
                "unplaced_code": unplaced.code,
                "reason": reasons[unplaced.job_id],
                "selected": False,
            }

    # ------------------------------------------------------------ reasons
    def _reason_texts(self, result):
        """{request id: why it was placed there, or not at all}, in the
        reader's language, naming requests, counties and skills."""
        params = [item.params for item in (*result.proposals, *result.unplaced)]
        # Each model's names read once for the batch; the texts hit the cache.
        for model, key in (
            ("aftersales.request", "origin_job_id"),
            ("aftersales.county", "county_id"),
            ("product.category", "skill_id"),
        ):
            self.env[model].browse({p[key] for p in params if p.get(key)}).mapped("display_name")
        texts = {item.job_id: self._proposal_text(item.code, item.params) for item in result.proposals}
        texts.update((item.job_id, self._unplaced_text(item.code, item.params)) for item in result.unplaced)
        return texts

    def _proposal_text(self, code, params):
        _ = self.env._
        start = user_datetime(self.env, params["start"])
        sentences = [
            _("Earliest start of the candidates: %(start)s.", start=start)
            if code == dispatch.EARLIEST_START
            else _("Best start once each technician's load that day is counted: %(start)s.", start=start)
        ]
        if params["with_slot"] != params["candidates"]:
            sentences.append(
                _(
                    "%(free)s of %(count)s candidate technicians have a free slot.",
                    free=params["with_slot"],
                    count=params["candidates"],
                )
            )
        else:
            sentences.append(_("Candidate technicians: %(count)s.", count=params["candidates"]))
        sentences.append(self._travel_text(params))
        sentences.append(_("Other jobs that day: %(count)s.", count=params["day_load"]))
        if params["late_minutes"] is not None:
            sentences.append(
                _(
                    "Misses the on-site deadline by %(late)s.",
                    late=user_duration(self.env, params["late_minutes"]),
                )
            )
        return " ".join(sentences)

    def _travel_text(self, params):
        _ = self.env._
        if not params["travel_known"]:
            return _("Travel not counted: a location is unknown.")
        travel = user_duration(self.env, params["travel_minutes"])
        if params["origin"] == dispatch.ORIGIN_HOME:
            return _("Travel from the technician's home base: %(travel)s.", travel=travel)
        if params["origin"] == dispatch.ORIGIN_JOB:
            return _(
                "Travel from the previous job %(request)s: %(travel)s.",
                request=self.env["aftersales.request"].browse(params["origin_job_id"]).name,
                travel=travel,
            )
        return _("Travel from the previous booking: %(travel)s.", travel=travel)

    def _unplaced_text(self, code, params):
        _ = self.env._
        county = self.env["aftersales.county"].browse(params.get("county_id"))
        if code == dispatch.NO_COUNTY_MATCH and not county:
            return _("The request has no county, so no technician can be matched: set its county first.")
        if code == dispatch.NO_COUNTY_MATCH:
            return _("No technician covers %(county)s.", county=county.display_name)
        if code == dispatch.NO_SKILL_MATCH:
            return _(
                "Technicians covering %(county)s: %(count)s, but none has the skill %(skill)s.",
                county=county.display_name,
                count=params["covering"],
                skill=self.env["product.category"].browse(params["skill_id"]).display_name,
            )
        return _(
            "None of the candidate technicians (%(count)s) has a free slot of %(duration)s in "
            "their working time within the dispatch horizon (bookings, travel and daily capacity "
            "considered).",
            count=params["candidates"],
            duration=user_duration(self.env, params["duration_minutes"]),
        )

    def action_confirm(self):
        self.ensure_one()
        lines = self.line_ids.filtered(lambda line: line.selected and line.technician_id)
        if not lines:
            raise UserError(self.env._("Select at least one placed proposal to confirm."))
        lines.request_id._book_proposals(
            {line.request_id.id: (line.technician_id, line.planned_start, line.planned_end) for line in lines}
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Dispatched Requests"),
            "res_model": "aftersales.request",
            "view_mode": "list,calendar,form",
            "domain": [("id", "in", lines.request_id.ids)],
        }

    # ------------------------------------------------------------ engine I/O
    ENGINE_REQUEST_FIELDS = [
        "county_id",
        "product_id",
        "company_id",
        "duration_hours",
        "onsite_deadline",
        "priority",
        "requested_date",
    ]

    def _run_engine(self, requests):
        """Loads the batch in a fixed number of queries, runs the dispatch
        engine and returns its plain result."""
        company = self.env.company
        now = fields.Datetime.now().replace(second=0, microsecond=0)
        horizon_end = now + timedelta(days=max(company.aftersales_dispatch_horizon_days, 1))
        # One read for the batch, whatever its size (the ORM would otherwise
        # read 1,000-record blocks field by field).
        requests.fetch(self.ENGINE_REQUEST_FIELDS)
        requests.county_id.fetch(["latitude", "longitude"])
        technicians = self._candidate_technicians(requests)
        return dispatch.dispatch(
            self._engine_jobs(requests, now),
            self._engine_technicians(technicians, now, horizon_end),
            now=now,
            speed_kmh=company.aftersales_travel_speed_kmh,
            road_factor=company.aftersales_road_factor,
            load_penalty_minutes=company.aftersales_load_penalty_minutes,
        )

    def _candidate_technicians(self, requests):
        return self.env["hr.employee"].search(
            [
                ("is_aftersales_technician", "=", True),
                ("aftersales_county_ids", "in", requests.county_id.ids),
                ("company_id", "in", requests.company_id.ids),
            ]
        )

    @api.model
    def _engine_jobs(self, requests, now):
        default_hours = self.env.company.aftersales_default_job_hours
        return [
            dispatch.Job(
                id=request.id,
                county_id=request.county_id.id or None,
                skill_path=request._skill_path(),
                location=request.county_id._point(),
                duration=timedelta(hours=request.duration_hours or default_hours),
                deadline=request.onsite_deadline or None,
                priority=int(request.priority or 0),
                earliest=max(request.requested_date or now, now),
            )
            for request in requests
        ]

    @api.model
    def _engine_technicians(self, technicians, start, end):
        intervals = self.env["hr.employee"]._aftersales_work_intervals(technicians, start, end)
        bookings = self._existing_bookings(technicians, start, end)
        default_capacity = self.env.company.aftersales_default_daily_capacity
        return [
            dispatch.Technician(
                id=technician.id,
                name=technician.name,
                county_ids=frozenset(technician.aftersales_county_ids.ids),
                skill_ids=frozenset(technician.aftersales_skill_ids.ids),
                home=technician.aftersales_home_county_id._point(),
                daily_capacity=technician.aftersales_daily_capacity or default_capacity,
                work_intervals=tuple(sorted(intervals[technician.id])),
                bookings=tuple(bookings[technician.id]),
                tz=technician.tz or "Asia/Shanghai",
            )
            for technician in technicians
        ]

    @api.model
    def _existing_bookings(self, technicians, start, end):
        result = defaultdict(list)
        for request in self.env["aftersales.request"].search_fetch(
            [
                ("technician_id", "in", technicians.ids),
                ("state", "in", BOOKED_STATES),
                ("planned_start", "<", end),
                ("planned_end", ">", start - timedelta(days=1)),
            ],
            ["technician_id", "planned_start", "planned_end", "county_id"],
            order="planned_start",
        ):
            result[request.technician_id.id].append(
                dispatch.Booking(
                    start=request.planned_start,
                    end=request.planned_end,
                    location=request.county_id._point(),
                    job_id=request.id,
                )
            )
        return result

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "context": self.env.context,
        }
