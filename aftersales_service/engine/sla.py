"""SLA deadline rules: calendar-time and working-time arithmetic.

Plain Python, no Odoo import, so the rules can be unit-tested on their own
and reused by any model.

Conventions
-----------
* Every datetime going in or out is a *naive UTC* datetime, like Odoo's
  ``fields.Datetime`` values.
* Working time is a :class:`worktime.WorkingTime`: the working intervals that
  Odoo's calendar computation gives (attendances in the calendar's time zone,
  lunch breaks and weekends left out, public holidays and company leave
  removed), known up to its ``until``. Booking and dispatch read the same
  intervals, so a moment is working time for the SLA clock exactly when a
  technician on that calendar can be booked then. A deadline beyond
  ``until`` raises :class:`worktime.BeyondHorizon`; the caller asks again
  with a longer horizon, up to ``MAX_SEARCH_DAYS``.

Rules
-----
* :func:`add_hours` adds calendar hours.
* :func:`worktime.add_working_hours` counts only working time. ``hours == 0``
  returns ``start`` unchanged, even outside working time. If the last
  working hour ends exactly at the end of an attendance, the deadline is
  that end (17:00), not the next morning. Negative hours raise
  ``ValueError``.
* :func:`compute_deadline` picks one of the two above.
* :func:`add_days` moves by whole days (callback due dates); with working
  time it counts working days, see its docstring.
* :func:`clock_status` tells whether a target was met, breached or is still
  running.
"""

from datetime import datetime, timedelta

from . import worktime

MAX_SEARCH_DAYS = 3 * 366  # give up looking for working time after ~3 years


def _check_not_negative(amount, unit):
    if amount < 0:
        raise ValueError(f"Cannot add a negative number of {unit} ({amount}).")


def add_hours(start, hours):
    """Return ``start + hours`` in calendar time (naive UTC in and out)."""
    _check_not_negative(hours, "hours")
    return start + timedelta(hours=hours)


def compute_deadline(start, hours, working=None):
    """Deadline ``hours`` after ``start``.

    Calendar time if ``working`` is None, else working time.
    """
    if working is None:
        return add_hours(start, hours)
    return worktime.add_working_hours(start, hours, working)


def add_days(start, days, working=None):
    """Return the due moment ``days`` whole days after ``start``.

    * ``working`` None: ``start + days`` calendar days.
    * With working time: count ``days`` working days after the local date of
      ``start`` (a working day is a local date holding some working time;
      the start date itself does not count), take the same local wall-clock
      time on that date and, if that is not working time, move to the next
      working moment. So Friday 10:00 + 1 day is Monday 10:00, and Monday
      20:00 + 1 day is Wednesday 08:00 on an 08:00-17:00 calendar.
    * ``days == 0`` returns ``start`` unchanged; negative days raise
      ``ValueError``.
    """
    _check_not_negative(days, "days")
    if working is None:
        return start + timedelta(days=days)
    if days == 0:
        return start
    local_start = worktime.local_datetime(start, working.tz)
    day = worktime.nth_working_day(local_start.date(), days, working)
    target = worktime.to_utc(datetime.combine(day, local_start.time()), working.tz)
    return worktime.next_working_moment(target, working)


def clock_status(deadline, reached_at, now):
    """Return 'none', 'met', 'breached' or 'running' for one SLA clock."""
    if deadline is None:
        return "none"
    if reached_at:
        return "met" if reached_at <= deadline else "breached"
    return "breached" if now > deadline else "running"


def batch_deadlines(items, workings):
    """Compute many deadlines at once.

    ``items`` yields ``(key, start, hours, calendar_key or None)``;
    ``workings`` maps calendar_key -> WorkingTime. Returns
    ``{key: deadline}``. An unknown calendar key raises ``ValueError``.
    """
    deadlines = {}
    for key, start, hours, calendar_key in items:
        working = None
        if calendar_key is not None:
            if calendar_key not in workings:
                raise ValueError(f"Unknown working calendar {calendar_key!r} for item {key!r}.")
            working = workings[calendar_key]
        deadlines[key] = compute_deadline(start, hours, working)
    return deadlines
