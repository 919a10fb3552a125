"""SLA deadline rules: calendar-time and working-time arithmetic.

Plain Python (standard library + pytz), no Odoo import, so the rules can be
unit-tested on their own and reused by any model.

Conventions
-----------
* Every datetime going in or out is a *naive UTC* datetime, like Odoo's
  ``fields.Datetime`` values.
* A :class:`WorkingCalendar` describes working time in its own time zone:
  ``attendances`` are ``(weekday, hour_from, hour_to)`` triples in local
  time (weekday 0 = Monday .. 6 = Sunday, hours as floats with
  ``0 <= hour_from < hour_to <= 24``; ``(0, 8.5, 12.0)`` is Monday
  08:30-12:00). Overlapping attendances of one weekday are merged.
  ``leaves`` are ``(start_utc, end_utc)`` naive UTC periods during which
  nobody works (public holidays, company leave), whatever the attendances say.
* Local attendance bounds are turned into UTC per day, so daylight-saving
  changes are honoured: a 00:00-24:00 attendance on a spring-forward day
  lasts 23 real hours. A bound that falls in a DST gap or overlap is read
  with the standard-time offset (pytz ``is_dst=False``).

Rules
-----
* :func:`add_hours` adds calendar hours.
* :func:`add_working_hours` counts only working time (attendances minus
  leaves). ``hours == 0`` returns ``start`` unchanged, even outside working
  time. If the last working hour ends exactly at the end of an attendance,
  the deadline is that end (17:00), not the next morning. Negative hours, a
  calendar without attendances, or a deadline more than ``MAX_SEARCH_DAYS``
  away raise ``ValueError``.
* :func:`compute_deadline` picks one of the two above.
* :func:`add_days` moves by whole days (callback due dates); with a calendar
  it counts working days, see its docstring.
* :func:`clock_status` tells whether a target was met, breached or is still
  running.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from functools import lru_cache

import pytz

MAX_SEARCH_DAYS = 3 * 366  # give up looking for working time after ~3 years


@dataclass(frozen=True)
class WorkingCalendar:
    """Working time of a team; see the module docstring for the fields."""

    tz: str
    attendances: tuple
    leaves: tuple = ()


# ---------------------------------------------------------------------------
# Calendar-time helpers
# ---------------------------------------------------------------------------


def _check_not_negative(amount, unit):
    if amount < 0:
        raise ValueError(f"Cannot add a negative number of {unit} ({amount}).")


def add_hours(start, hours):
    """Return ``start + hours`` in calendar time (naive UTC in and out)."""
    _check_not_negative(hours, "hours")
    return start + timedelta(hours=hours)


# ---------------------------------------------------------------------------
# Working-time building blocks
# ---------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _weekday_intervals(attendances):
    """Map weekday -> sorted, merged list of (hour_from, hour_to)."""
    by_day = {}
    for weekday, hour_from, hour_to in attendances:
        if weekday not in range(7) or not 0 <= hour_from < hour_to <= 24:
            raise ValueError(
                f"Invalid attendance {(weekday, hour_from, hour_to)}: expected "
                "(weekday 0-6, hour_from, hour_to) with 0 <= hour_from < hour_to <= 24."
            )
        by_day.setdefault(weekday, []).append((float(hour_from), float(hour_to)))
    return {day: _merge(intervals) for day, intervals in by_day.items()}


def _merge(intervals):
    merged = []
    for hour_from, hour_to in sorted(intervals):
        if merged and hour_from <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hour_to))
        else:
            merged.append((hour_from, hour_to))
    return merged


def _calendar_intervals(calendar):
    attendances = tuple(tuple(a) for a in calendar.attendances)
    intervals = _weekday_intervals(attendances)
    if not intervals:
        raise ValueError(
            "The working calendar has no attendance: "
            "a working-time deadline would never be reached."
        )
    return intervals


def _sorted_leaves(calendar):
    return sorted((start, end) for start, end in calendar.leaves if start < end)


def _to_local(moment, tz):
    return pytz.utc.localize(moment).astimezone(tz)


def _local_to_utc(day, hour, tz):
    """Naive UTC datetime of ``hour`` (float, may be 24) on local date ``day``."""
    local = datetime.combine(day, time.min) + timedelta(hours=hour)
    return tz.localize(local, is_dst=False).astimezone(pytz.utc).replace(tzinfo=None)


def _minus_leaves(begin, end, leaves):
    """Yield the parts of [begin, end) not covered by ``leaves`` (sorted)."""
    for leave_start, leave_end in leaves:
        if leave_start >= end:
            break
        if leave_end <= begin:
            continue
        if leave_start > begin:
            yield begin, leave_start
        begin = max(begin, leave_end)
        if begin >= end:
            return
    if begin < end:
        yield begin, end


def _free_pieces_on(day, tz, intervals, leaves):
    """Working pieces (naive UTC) of local date ``day``, leaves removed."""
    pieces = []
    for hour_from, hour_to in intervals.get(day.weekday(), ()):
        begin = _local_to_utc(day, hour_from, tz)
        end = _local_to_utc(day, hour_to, tz)
        pieces.extend(_minus_leaves(begin, end, leaves))
    return pieces


def _working_pieces(start, calendar):
    """Yield working pieces (begin, end) at or after ``start``, in order.

    Walks day by day over the calendar's local dates, starting with the
    local date of ``start``; stops after ``MAX_SEARCH_DAYS`` days.
    """
    intervals = _calendar_intervals(calendar)
    tz = pytz.timezone(calendar.tz)
    leaves = [leave for leave in _sorted_leaves(calendar) if leave[1] > start]
    first_day = _to_local(start, tz).date()
    for offset in range(MAX_SEARCH_DAYS + 1):
        day = first_day + timedelta(days=offset)
        for begin, end in _free_pieces_on(day, tz, intervals, leaves):
            if end > start:
                yield max(begin, start), end


def _not_found(start):
    return ValueError(
        f"No working time found within {MAX_SEARCH_DAYS} days after {start}: "
        "check the calendar's attendances and leaves."
    )


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def add_working_hours(start, hours, calendar):
    """Return the naive UTC moment ``hours`` working hours after ``start``."""
    _check_not_negative(hours, "hours")
    _calendar_intervals(calendar)  # fail fast on an empty/invalid calendar
    if hours == 0:
        return start
    remaining = timedelta(hours=hours)
    for begin, end in _working_pieces(start, calendar):
        if remaining <= end - begin:
            return begin + remaining
        remaining -= end - begin
    raise _not_found(start)


def next_working_moment(moment, calendar):
    """Return ``moment`` if it is working time, else the next working start.

    The end of an attendance (e.g. 17:00 sharp) is not working time.
    """
    piece = next(_working_pieces(moment, calendar), None)
    if piece is None:
        raise _not_found(moment)
    return piece[0]


def compute_deadline(start, hours, calendar=None):
    """Deadline ``hours`` after ``start``.

    Calendar time if ``calendar`` is None, else working time.
    """
    if calendar is None:
        return add_hours(start, hours)
    return add_working_hours(start, hours, calendar)


def add_days(start, days, calendar=None):
    """Return the due moment ``days`` whole days after ``start``.

    * ``calendar`` None: ``start + days`` calendar days.
    * With a calendar: count ``days`` working days after the local date of
      ``start`` (a working day is a local date with some working time left
      once leaves are removed; the start date itself does not count), take
      the same local wall-clock time on that date and, if that is not
      working time, move to :func:`next_working_moment`. So Friday 10:00
      + 1 day is Monday 10:00, and Monday 20:00 + 1 day is Wednesday 08:00
      on an 08:00-17:00 calendar.
    * ``days == 0`` returns ``start`` unchanged; negative days raise
      ``ValueError``.
    """
    _check_not_negative(days, "days")
    if calendar is None:
        return start + timedelta(days=days)
    intervals = _calendar_intervals(calendar)
    if days == 0:
        return start
    tz = pytz.timezone(calendar.tz)
    local_start = _to_local(start, tz)
    day = _nth_working_day(
        local_start.date(), days, _sorted_leaves(calendar), tz, intervals
    )
    local_target = datetime.combine(day, local_start.time())
    target = (
        tz.localize(local_target, is_dst=False)
        .astimezone(pytz.utc)
        .replace(tzinfo=None)
    )
    return next_working_moment(target, calendar)


def _nth_working_day(first_day, days, leaves, tz, intervals):
    found = 0
    for offset in range(1, MAX_SEARCH_DAYS + 1):
        day = first_day + timedelta(days=offset)
        if _free_pieces_on(day, tz, intervals, leaves):
            found += 1
            if found == days:
                return day
    raise ValueError(
        f"Fewer than {days} working days within {MAX_SEARCH_DAYS} days "
        f"after {first_day}."
    )


def clock_status(deadline, reached_at, now):
    """Return 'none', 'met', 'breached' or 'running' for one SLA clock."""
    if deadline is None:
        return "none"
    if reached_at:
        return "met" if reached_at <= deadline else "breached"
    return "breached" if now > deadline else "running"


def batch_deadlines(items, calendars):
    """Compute many deadlines at once.

    ``items`` yields ``(key, start, hours, calendar_key or None)``;
    ``calendars`` maps calendar_key -> WorkingCalendar. Returns
    ``{key: deadline}``. An unknown calendar key raises ``ValueError``.
    """
    deadlines = {}
    for key, start, hours, calendar_key in items:
        calendar = None
        if calendar_key is not None:
            if calendar_key not in calendars:
                raise ValueError(
                    f"Unknown working calendar {calendar_key!r} for item {key!r}."
                )
            calendar = calendars[calendar_key]
        deadlines[key] = compute_deadline(start, hours, calendar)
    return deadlines
