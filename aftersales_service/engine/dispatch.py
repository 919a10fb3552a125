"""Propose technician assignments for a batch of open jobs.

Plain Python (standard library only), no Odoo import. :func:`dispatch` is
pure: it reads its arguments (frozen dataclasses) and returns a new
:class:`DispatchResult`; nothing is written anywhere.

Conventions
-----------
* Every datetime is a *naive UTC* datetime, like Odoo's ``fields.Datetime``.
* A location is a ``(lat, lon)`` pair in degrees, or ``None`` when unknown;
  travel to or from an unknown location takes 0 minutes. Travel time is
  :func:`geo.travel_minutes` (great-circle km x ``road_factor`` at
  ``speed_kmh``).
* A technician's ``work_intervals`` are the working time the caller computed
  (attendances minus leave) over the horizon. Touching intervals (gap of at
  most one second, as calendars end a day at 23:59:59.999999) are merged
  with :func:`worktime.merge_intervals`, so a proposal always passes
  :func:`worktime.within_working_time`, the booking rule. Outside these intervals (nights,
  leave) nothing is proposed; after the last one there is no slot.
* A technician's "day" is the local calendar day in ``Technician.tz``; a job
  belongs to the day on which it starts.

Rules
-----
1. Jobs are handled one at a time, by deadline (none last), then priority
   (higher first), then id. Each proposal becomes a booking of its
   technician, seen by the jobs that follow.
2. Candidates are the technicians whose ``county_ids`` contain the job's
   county and who have the skill the job needs: :func:`booking.has_skill`,
   the rule a booking is checked with (a skill on a product category covers
   its sub-categories; ``Job.skill_path`` is the job's category preceded by
   its parents, empty when no skill is needed). A job without a county, or whose county nobody
   covers, is unplaced with code ``no_county_match``; if some technicians
   cover the county but none has the skill, the code is ``no_skill_match``.
3. For each candidate the engine finds the earliest start ``s`` with
   ``s >= max(now, job.earliest)`` such that:

   * ``[s, s + duration]`` lies inside one (merged) work interval;
   * it overlaps no existing booking and no booking proposed in this run;
   * the technician can get there: ``s >= ready + travel(origin, job)``.
     The origin is the booking ending last before ``s`` when it started on
     the same local day, with ``ready = max(its end, now)``; otherwise it is
     the technician's home and ``ready = max(start of the work interval,
     now)``, i.e. the drive from home counts as working time;
   * the next booking (the first one starting at or after the job's end),
     when it starts the same local day, can still be reached in time:
     ``s + duration + travel(job, next) <= next.start``;
   * when ``daily_capacity`` is not 0, fewer than ``daily_capacity``
     bookings (existing and proposed) start on that local day.

   The search walks the work intervals and the bookings in sorted order,
   jumping past each obstacle (a booking, the travel time, a full day, the
   end of an interval); it never steps minute by minute.
4. Among the candidates with a slot, the one with the smallest score
   ``start + load_penalty_minutes x (bookings already starting that local
   day)`` wins, which spreads the load; ties go to the technician with fewer
   bookings in total, then to the lower technician id. If no candidate has a
   slot, the job is unplaced with code ``no_slot``.
5. ``within_deadline`` is true when the job has no deadline or the proposed
   start is not after it. Jobs are placed in two passes: the first takes
   only slots that keep the job's deadline; the jobs that can only be late
   are placed in a second pass, in the same order, on what is left. So a job
   that will be late anyway never takes the slot another job needed to be on
   time. A job whose only slot is late is still proposed.
6. Proposals and unplaced jobs are returned in the order of rule 1.

Cost: O(jobs x candidates x bookings per technician); candidates are found
through a county index, not by scanning every technician.
"""

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from .booking import has_skill
from .geo import check_speed, road_km
from .worktime import merge_intervals

NO_COUNTY_MATCH = "no_county_match"
NO_SKILL_MATCH = "no_skill_match"
NO_SLOT = "no_slot"
EARLIEST_START = "earliest_start"
BEST_LOAD = "best_load"
ORIGIN_HOME = "home"
ORIGIN_JOB = "job"
ORIGIN_BOOKING = "booking"

_UTC = UTC


@dataclass(frozen=True)
class Booking:
    """A period during which a technician is busy at ``location``."""

    start: datetime
    end: datetime
    location: tuple | None
    job_id: int | None = None


@dataclass(frozen=True)
class Technician:
    """A technician; see the module docstring for how each field is used."""

    id: int
    name: str
    county_ids: frozenset
    skill_ids: frozenset
    home: tuple | None
    daily_capacity: int
    work_intervals: tuple
    bookings: tuple = ()
    tz: str = "Asia/Shanghai"


@dataclass(frozen=True)
class Job:
    """An open job to place; ``deadline`` is the on-site (SLA) deadline."""

    id: int
    county_id: int | None
    skill_path: tuple
    location: tuple | None
    duration: timedelta
    deadline: datetime | None
    priority: int = 0
    earliest: datetime | None = None

    @property
    def skill_id(self):
        """The product category the job needs, or None."""
        return self.skill_path[-1] if self.skill_path else None


@dataclass(frozen=True)
class Proposal:
    """A proposed assignment of one job; ``candidates`` counts the technicians
    that could take the job (county and skill).

    ``code`` says why this technician: ``EARLIEST_START`` (no candidate could
    start sooner) or ``BEST_LOAD`` (a later start on a less loaded day).
    ``params`` holds the figures behind it, for the caller to put into words:
    ``candidates``, ``with_slot`` (candidates with a free slot), ``start``
    (naive UTC), ``origin`` (``ORIGIN_HOME``, ``ORIGIN_JOB`` or
    ``ORIGIN_BOOKING``) and ``origin_job_id`` (the job of ``ORIGIN_JOB``),
    ``travel_known`` (false when a location is unknown: travel not counted),
    ``travel_minutes`` (whole minutes), ``day_load`` (other jobs that local
    day) and ``late_minutes`` (None when the deadline is kept)."""

    job_id: int
    technician_id: int
    start: datetime
    end: datetime
    travel_minutes: float
    within_deadline: bool
    candidates: int
    code: str
    params: dict


@dataclass(frozen=True)
class Unplaced:
    """A job for which nothing is proposed. ``code`` and its ``params``:

    * ``NO_COUNTY_MATCH``: ``county_id`` (None when the job has no county);
    * ``NO_SKILL_MATCH``: ``county_id``, ``skill_id`` and ``covering`` (the
      technicians covering the county, none with the skill);
    * ``NO_SLOT``: ``candidates`` and ``duration_minutes`` (the job's length).
    """

    job_id: int
    code: str
    params: dict


@dataclass(frozen=True)
class DispatchResult:
    proposals: tuple
    unplaced: tuple


# ---------------------------------------------------------------------------
# Local days
# ---------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _zone(name):
    return ZoneInfo(name)


def _to_local(moment, zone):
    return moment.replace(tzinfo=_UTC).astimezone(zone)


class _LocalDays:
    """The local days of one time zone as naive UTC midnights, so that finding
    the day of a moment is a bisection rather than a time-zone conversion.
    The known range grows on demand around the moments asked for."""

    MARGIN_DAYS = 16

    def __init__(self, zone):
        self.zone = zone
        self.midnights = []  # naive UTC of each local midnight, ascending
        self.dates = []  # the local date starting at each of them

    def _cover(self, moment):
        day = _to_local(moment, self.zone).date()
        margin = timedelta(days=self.MARGIN_DAYS)
        if not self.dates:
            first, last = day - timedelta(days=1), day + margin
        elif moment < self.midnights[0]:
            first, last = day - margin, self.dates[-1]
        else:
            first, last = self.dates[0], day + margin
        self.dates = [first + timedelta(days=k) for k in range((last - first).days + 1)]
        self.midnights = [
            datetime.combine(date, time(0), tzinfo=self.zone).astimezone(_UTC).replace(tzinfo=None)
            for date in self.dates
        ]

    def _index(self, moment):
        if not self.midnights or not self.midnights[0] <= moment < self.midnights[-1]:
            self._cover(moment)
        return bisect_right(self.midnights, moment) - 1

    def day(self, moment):
        """Local date of a naive UTC datetime."""
        index = self._index(moment)  # first: it may replace self.dates
        return self.dates[index]

    def next_midnight(self, moment):
        """Naive UTC datetime of the first local midnight after ``moment``."""
        index = self._index(moment)  # first: it may replace self.midnights
        return self.midnights[index + 1]


# ---------------------------------------------------------------------------
# Per-technician working state
# ---------------------------------------------------------------------------


class _Slot:
    """A feasible start found for one job and one technician."""

    __slots__ = ("day_load", "origin", "start", "travel")

    def __init__(self, start, travel, origin, day_load):
        self.start = start
        self.travel = travel  # minutes from the origin
        self.origin = origin  # "home" or the previous Booking
        self.day_load = day_load  # bookings already starting that local day


class _TechState:
    """A technician's bookings (existing + proposed), kept sorted by start,
    with a running maximum of the ends to find the booking ending last."""

    def __init__(self, tech, minutes_per_km, days):
        for b in tech.bookings:
            if b.end < b.start:
                raise ValueError(
                    f"A booking of technician {tech.id} ends before it starts ({b.start} > {b.end})."
                )
        self.tech = tech
        self.zone = _zone(tech.tz)
        self.days = days  # _LocalDays of tech.tz
        self.minutes_per_km = minutes_per_km
        self.intervals = merge_intervals(tech.work_intervals)
        self.interval_ends = [end for _start, end in self.intervals]
        # Rows are (start, end, order, booking, local day of the start);
        # ``order`` is unique, so rows never compare further than it.
        self.rows = sorted((b.start, b.end, i, b, days.day(b.start)) for i, b in enumerate(tech.bookings))
        self.starts = [row[0] for row in self.rows]
        self.day_counts = {}
        for row in self.rows:
            self.day_counts[row[4]] = self.day_counts.get(row[4], 0) + 1
        self._counter = len(self.rows)
        self._rebuild_max(0)

    @property
    def total(self):
        return len(self.rows)

    def _rebuild_max(self, first):
        """Recompute ``max_end[k]``/``max_idx[k]`` (latest end among rows[0..k])."""
        rows = self.rows
        if first == 0:
            self.max_end, self.max_idx = [], []
        else:
            del self.max_end[first:]
            del self.max_idx[first:]
        for k in range(first, len(rows)):
            if k and self.max_end[k - 1] > rows[k][1]:
                self.max_end.append(self.max_end[k - 1])
                self.max_idx.append(self.max_idx[k - 1])
            else:
                self.max_end.append(rows[k][1])
                self.max_idx.append(k)

    def add(self, booking):
        day = self.days.day(booking.start)
        row = (booking.start, booking.end, self._counter, booking, day)
        self._counter += 1
        position = bisect_left(self.rows, row)
        self.rows.insert(position, row)
        self.starts.insert(position, booking.start)
        self.day_counts[day] = self.day_counts.get(day, 0) + 1
        self._rebuild_max(position)

    def travel(self, a, b):
        return road_km(a, b) * self.minutes_per_km

    def earliest_slot(self, job, not_before, now):
        """Earliest feasible :class:`_Slot` for ``job`` (rule 3), or ``None``."""
        duration = job.duration
        capacity = self.tech.daily_capacity
        rows, starts = self.rows, self.starts
        days = self.days
        first = bisect_right(self.interval_ends, not_before)
        for w_start, w_end in self.intervals[first:]:
            if w_end - w_start < duration:
                continue
            start = max(not_before, w_start)
            while start + duration <= w_end:
                day = days.day(start)
                day_load = self.day_counts.get(day, 0)
                if capacity and day_load >= capacity:
                    start = days.next_midnight(start)
                    continue
                end = start + duration
                j = bisect_left(starts, end)  # rows[:j] start before the job ends
                if j and self.max_end[j - 1] > start:  # overlap: go past it
                    start = self.max_end[j - 1]
                    continue
                previous = rows[self.max_idx[j - 1]] if j else None
                if previous is not None and previous[4] == day:
                    previous = previous[3]
                    origin, location, ready = previous, previous.location, max(previous.end, now)
                else:
                    origin, location, ready = "home", self.tech.home, max(w_start, now)
                travel = self.travel(location, job.location)
                arrival = ready + timedelta(minutes=travel)
                if start < arrival:
                    start = arrival
                    continue
                if j < len(rows):
                    following = rows[j][3]
                    if rows[j][4] == day:
                        leave_by = following.start - timedelta(
                            minutes=self.travel(job.location, following.location)
                        )
                        if end > leave_by:
                            start = following.end
                            continue
                return _Slot(start, travel, origin, day_load)
        return None


# ---------------------------------------------------------------------------
# Dispatch
# ---------------------------------------------------------------------------


def _job_order(job):
    return (job.deadline is None, job.deadline or datetime.min, -job.priority, job.id)


def _county_index(states):
    index = {}
    for state in states:
        for county_id in state.tech.county_ids:
            index.setdefault(county_id, []).append(state)
    return index


def _minutes(delta):
    return round(delta.total_seconds() / 60)


def _proposal_params(job, state, slot, candidates, found):
    """Figures behind a proposal (see :class:`Proposal`)."""
    if slot.origin == "home":
        origin, origin_job_id, location = ORIGIN_HOME, None, state.tech.home
    else:
        origin_job_id = slot.origin.job_id
        origin = ORIGIN_BOOKING if origin_job_id is None else ORIGIN_JOB
        location = slot.origin.location
    late = job.deadline is not None and slot.start > job.deadline
    return {
        "candidates": len(candidates),
        "with_slot": len(found),
        "start": slot.start,
        "origin": origin,
        "origin_job_id": origin_job_id,
        "travel_known": job.location is not None and location is not None,
        "travel_minutes": round(slot.travel),
        "day_load": slot.day_load,
        "late_minutes": _minutes(slot.start - job.deadline) if late else None,
    }


def _no_candidates(job, county_index):
    if job.county_id is None:
        return Unplaced(job.id, NO_COUNTY_MATCH, {"county_id": None})
    covering = county_index.get(job.county_id, ())
    if not covering:
        return Unplaced(job.id, NO_COUNTY_MATCH, {"county_id": job.county_id})
    return Unplaced(
        job.id,
        NO_SKILL_MATCH,
        {"county_id": job.county_id, "skill_id": job.skill_id, "covering": len(covering)},
    )


def _no_slot(job, count):
    return Unplaced(job.id, NO_SLOT, {"candidates": count, "duration_minutes": _minutes(job.duration)})


def dispatch(jobs, technicians, *, now, speed_kmh, road_factor=1.0, load_penalty_minutes=30.0):
    """Propose a technician and a start for each job; see the module docstring.

    Returns a :class:`DispatchResult`. Raises ``ValueError`` for a speed or
    road factor that is not positive, a job whose duration is not positive or
    an existing booking that ends before it starts.
    """
    check_speed(speed_kmh, road_factor)
    for job in jobs:
        if job.duration <= timedelta(0):
            raise ValueError(f"Job {job.id} has a duration that is not positive ({job.duration}).")
    minutes_per_km = road_factor / speed_kmh * 60.0
    days = {}
    states = []
    for tech in sorted(technicians, key=lambda t: t.id):
        if tech.tz not in days:
            days[tech.tz] = _LocalDays(_zone(tech.tz))
        states.append(_TechState(tech, minutes_per_km, days[tech.tz]))
    county_index = _county_index(states)
    penalty = timedelta(minutes=load_penalty_minutes)

    ordered = sorted(jobs, key=_job_order)
    rank = {job.id: index for index, job in enumerate(ordered)}
    proposals, unplaced, deferred = [], [], []
    # Pass 1: only on-time slots, so a job that is late anyway never takes
    # the slot another job needed to keep its deadline.
    for job in ordered:
        outcome = _place(job, county_index, now, penalty, on_time_only=True)
        if outcome is None:
            deferred.append(job)
        else:
            (proposals if isinstance(outcome, Proposal) else unplaced).append(outcome)
    # Pass 2: the jobs that can only be late get the earliest slots left.
    for job in deferred:
        outcome = _place(job, county_index, now, penalty, on_time_only=False)
        (proposals if isinstance(outcome, Proposal) else unplaced).append(outcome)
    proposals.sort(key=lambda proposal: rank[proposal.job_id])
    unplaced.sort(key=lambda item: rank[item.job_id])
    return DispatchResult(tuple(proposals), tuple(unplaced))


def _place(job, county_index, now, penalty, *, on_time_only):
    """Books ``job`` on its best candidate and returns the :class:`Proposal`,
    or an :class:`Unplaced`; with ``on_time_only``, returns None instead of a
    slot after the job's deadline."""
    covering = county_index.get(job.county_id, ()) if job.county_id is not None else ()
    candidates = [s for s in covering if has_skill(s.tech.skill_ids, job.skill_path)]
    if not candidates:
        return _no_candidates(job, county_index)
    not_before = max(now, job.earliest) if job.earliest is not None else now
    best = None
    found = []
    for state in candidates:
        slot = state.earliest_slot(job, not_before, now)
        if slot is None:
            continue
        found.append(slot)
        if on_time_only and job.deadline is not None and slot.start > job.deadline:
            continue
        key = (slot.start + penalty * slot.day_load, state.total, state.tech.id)
        if best is None or key < best[0]:
            best = (key, state, slot)
    if best is None:
        return None if on_time_only and found else _no_slot(job, len(candidates))
    _key, state, slot = best
    end = slot.start + job.duration
    state.add(Booking(slot.start, end, job.location, job.id))
    return Proposal(
        job_id=job.id,
        technician_id=state.tech.id,
        start=slot.start,
        end=end,
        travel_minutes=slot.travel,
        within_deadline=job.deadline is None or slot.start <= job.deadline,
        candidates=len(candidates),
        code=EARLIEST_START if slot.start <= min(f.start for f in found) else BEST_LOAD,
        params=_proposal_params(job, state, slot, candidates, found),
    )
