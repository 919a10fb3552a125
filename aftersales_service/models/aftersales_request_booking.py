"""Booking a technician on a request: the rules of a booking (working
time, leave, county, skill, no double booking) and the day routes. The
steps that book (dispatch, check-in) are in aftersales_request.py."""

from contextlib import contextmanager
from datetime import timedelta
from urllib.parse import urlencode

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..engine import booking, geo, routing, worktime
from ..tools import user_datetime, user_number
from .aftersales_request import BOOKED_STATES

_DEFERRED = "aftersales_booking_checks_deferred"


def sql_list(values):
    """SQL literal of a tuple of plain strings, ('a', 'b'), for the
    constraints and indexes that must name the same states as the code."""
    return "({})".format(", ".join(f"'{value}'" for value in values))


def _ceil_minute(moment):
    """The first whole minute at or after `moment`."""
    floor = moment.replace(second=0, microsecond=0)
    return floor if floor == moment else floor + timedelta(minutes=1)


class AftersalesRequestBooking(models.Model):
    _inherit = "aftersales.request"

    duration_hours = fields.Float(
        string="Planned Duration (h)",
        default=lambda self: self.env.company.aftersales_default_job_hours,
    )
    booking_override_reason = fields.Text(
        copy=False,
        tracking=True,
        help="Dispatcher's reason for booking outside the technician's working hours, skills or counties.",
    )
    route_sequence = fields.Integer(copy=False, index=True, help="Position in the technician's day route.")
    travel_start_date = fields.Datetime(string="Travel Started", readonly=True, copy=False, tracking=True)
    check_in_latitude = fields.Float(digits=(10, 6), readonly=True, copy=False)
    check_in_longitude = fields.Float(digits=(10, 6), readonly=True, copy=False)
    navigation_url = fields.Char(compute="_compute_navigation_url")
    _technician_no_overlap = models.Constraint(
        f"""EXCLUDE USING gist (
               technician_id WITH =,
               tsrange(planned_start, planned_end, '[)') WITH &&
           ) WHERE (
               technician_id IS NOT NULL AND planned_start IS NOT NULL
               AND planned_end IS NOT NULL
               AND state IN {sql_list(BOOKED_STATES)}
           ) DEFERRABLE INITIALLY IMMEDIATE""",
        "This technician is already booked at that time.",
    )
    BOOKING_FIELDS = ("technician_id", "planned_start", "planned_end", "state")

    def _auto_init(self):
        # The booking exclusion constraint compares technician ids with a GiST
        # index, which needs btree_gist (a trusted extension since PG 13).
        self.env.cr.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        return super()._auto_init()

    @api.depends("street", "street2", "city", "state_id", "county_id")
    def _compute_navigation_url(self):
        for request in self:
            address = self.env["aftersales.county"]._address_text(request)
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

    @contextmanager
    def _deferred_booking_checks(self):
        """Skips the per-write booking checks inside the block; the caller
        checks the whole batch after it. The flag lives on the cursor, not in
        the context, so that no RPC caller can switch the checks off."""
        cache = self.env.cr.cache
        cache[_DEFERRED] = cache.get(_DEFERRED, 0) + 1
        try:
            yield
        finally:
            cache[_DEFERRED] -= 1

    def _booking_checks_deferred(self):
        return self.env.cr.cache.get(_DEFERRED, 0) > 0

    def _check_can_override_booking(self):
        if not self.env.user.has_group("aftersales_service.group_aftersales_dispatcher"):
            raise UserError(self.env._("Only a dispatcher can override the booking rules."))

    @api.constrains("duration_hours")
    def _check_duration(self):
        negative = self.filtered(lambda r: r.duration_hours < 0)
        if negative:
            raise ValidationError(
                self.env._(
                    "%(request)s: the planned duration cannot be negative (%(hours)s h).",
                    request=negative[0].name,
                    hours=user_number(self.env, negative[0].duration_hours),
                )
            )

    @api.constrains(
        "technician_id",
        "planned_start",
        "planned_end",
        "state",
        "county_id",
        "product_id",
        "booking_override_reason",
        "channel",
    )
    def _check_booking_rules(self):
        if self._booking_checks_deferred():
            return
        bookings = self.filtered(
            lambda r: (
                r.technician_id
                and r.planned_start
                and r.planned_end
                and r.state in BOOKED_STATES
                and not r.booking_override_reason
            )
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
                on_site=request.channel != "walk_in",
            )
            if problems:
                raise ValidationError(request._booking_refusal_message(problems))

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
                    (
                        record.id if record else None,
                        technician,
                        fields.Datetime.to_datetime(start),
                        fields.Datetime.to_datetime(end),
                    )
                )
        return bookings

    def _check_no_overlap(self, vals_list):
        """Clear message for a double booking about to be written. The
        exclusion constraint stops the concurrent ones at commit."""
        if self._booking_checks_deferred() or not any(
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
                ids,
                tuple({b[1] for b in bookings}),
                BOOKED_STATES,
                max(b[3] for b in bookings),
                min(b[2] for b in bookings),
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
                            start=user_datetime(self.env, other_start),
                            end=user_datetime(self.env, other_end),
                            other=other_name,
                        )
                    )

    def _skill_path(self):
        """The product category the job needs preceded by its parents, as ids:
        what `booking.has_skill` checks, for a booking and for dispatch."""
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
            booking.NO_COUNTY: self.env._(
                "the job is on site but has no county (the address matched none): set the county first"
            ),
        }
        return self.env._(
            "%(request)s cannot be booked for %(technician)s from %(start)s to %(end)s: "
            "%(reasons)s. A dispatcher can book anyway by giving an override reason.",
            request=self.name,
            technician=self.technician_id.name,
            start=user_datetime(self.env, self.planned_start),
            end=user_datetime(self.env, self.planned_end),
            reasons="; ".join(reasons[p] for p in problems),
        )

    def _group_by_technician_day(self):
        groups = {}
        for job in self.sorted("planned_start"):
            day = worktime.local_datetime(job.planned_start, job.technician_id.tz or "Asia/Shanghai").date()
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
        options = {
            "speed_kmh": company.aftersales_travel_speed_kmh,
            "road_factor": company.aftersales_road_factor,
        }
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
                worktime.within_working_time(work_intervals, begin, begin + durations[job_id])
                for job_id, begin in zip(best.order, best.starts, strict=True)
            )
        )
        plan = best if better else current
        with self._deferred_booking_checks():
            for position, (job_id, begin) in enumerate(zip(plan.order, plan.starts, strict=True), start=1):
                vals = {"route_sequence": position}
                if better:
                    begin = _ceil_minute(begin)
                    vals.update(planned_start=begin, planned_end=begin + durations[job_id])
                self.browse(job_id).write(vals)
        return better
