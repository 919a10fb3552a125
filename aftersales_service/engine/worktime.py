"""Working time as plain intervals: the one answer to "is this working time".

Plain Python (standard library and pytz), no Odoo import.

Where the intervals come from
-----------------------------
The engines never read a calendar. Odoo's own calendar computation
(``resource.calendar._work_intervals_batch``: attendances in the calendar's
or the resource's time zone, lunch breaks, two-week calendars, minus public
holidays and leave) gives the working intervals, and
``resource.calendar._aftersales_work_intervals`` hands them over as sorted
``(start, end)`` pairs of *naive UTC* datetimes. Booking, dispatch, routes
and the SLA clocks all read those pairs, so they cannot disagree.

Rules
-----
* :func:`merge_intervals`: touching or overlapping intervals join. A gap of
  at most ``TOUCHING`` (one second) counts as touching, as a calendar ends a
  day at 23:59:59.999999.
* :func:`within_working_time`: ``[start, end)`` lies inside one merged
  interval.
* A :class:`WorkingTime` is a batch of intervals known up to ``until``.
  :func:`add_working_hours` counts only working time; ``hours == 0`` returns
  ``start`` unchanged, even outside working time; when the last working hour
  ends exactly at the end of an interval, the result is that end (17:00),
  not the next morning. :func:`next_working_moment` is the moment itself
  when it is working time, else the next start (the end of an interval is
  not working time). :func:`nth_working_day` counts local dates that hold
  some working time. A question whose answer lies after ``until`` raises
  :class:`BeyondHorizon`: the caller asks again with a longer horizon.
"""

from bisect import bisect_right
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytz

# Calendars end a day at 23:59:59.999999: closer intervals count as touching.
TOUCHING = timedelta(seconds=1)


class BeyondHorizon(ValueError):
    """The answer lies after the end of the known working time."""


def merge_intervals(intervals):
    """Sorted, merged copy of (start, end) pairs; touching intervals join."""
    merged = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1] + TOUCHING:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def within_working_time(intervals, start, end):
    """True when [start, end) is inside one merged working interval."""
    return any(s <= start and end <= e for s, e in merge_intervals(intervals))


@dataclass(frozen=True)
class WorkingTime:
    """Working intervals (naive UTC) known up to ``until``, and the time zone
    whose local dates are the working days."""

    tz: str
    intervals: tuple
    until: datetime

    def __post_init__(self):
        intervals = tuple(merge_intervals(self.intervals))
        object.__setattr__(self, "intervals", intervals)
        object.__setattr__(self, "_ends", [end for _start, end in intervals])
        object.__setattr__(self, "_dates", _working_dates(intervals, self.tz))


def _pieces_from(working, moment):
    """The working pieces (begin, end) at or after ``moment``, in order."""
    first = bisect_right(working._ends, moment)
    for begin, end in working.intervals[first:]:
        yield max(begin, moment), end


def _beyond(moment, working):
    return BeyondHorizon(
        f"No working time known after {moment}: the working time is known up to {working.until}."
    )


def add_working_hours(start, hours, working):
    """The naive UTC moment ``hours`` working hours after ``start``."""
    if hours < 0:
        raise ValueError(f"Cannot add a negative number of hours ({hours}).")
    if hours == 0:
        return start
    remaining = timedelta(hours=hours)
    for begin, end in _pieces_from(working, start):
        if remaining <= end - begin:
            return begin + remaining
        remaining -= end - begin
    raise _beyond(start, working)


def next_working_moment(moment, working):
    """``moment`` if it is working time, else the start of the next interval."""
    piece = next(_pieces_from(working, moment), None)
    if piece is None:
        raise _beyond(moment, working)
    return piece[0]


def local_datetime(moment, tz):
    """Naive local datetime of a naive UTC ``moment`` in time zone ``tz``."""
    return pytz.utc.localize(moment).astimezone(pytz.timezone(tz)).replace(tzinfo=None)


def to_utc(local_moment, tz):
    """Naive UTC datetime of a naive local one; a time in a DST gap or
    overlap is read with the standard-time offset, as Odoo's calendars do."""
    return pytz.timezone(tz).localize(local_moment, is_dst=False).astimezone(pytz.utc).replace(tzinfo=None)


def _working_dates(intervals, tz):
    """Local dates holding some working time, ascending."""
    dates = set()
    for begin, end in intervals:
        day, last = local_datetime(begin, tz).date(), local_datetime(end - TOUCHING / 2, tz).date()
        while day <= last:
            dates.add(day)
            day += timedelta(days=1)
    return sorted(dates)


def nth_working_day(first_day, days, working):
    """The ``days``-th local date after ``first_day`` holding working time
    (``days`` >= 1)."""
    index = bisect_right(working._dates, first_day) + days - 1
    if index >= len(working._dates):
        raise _beyond(working.until, working)
    return working._dates[index]
