"""Booking rules for one technician, on plain data.

A booking [start, end) is acceptable when:

* it lies entirely inside the technician's working time (attendances minus
  leave), which may be made of several adjacent intervals;
* an on-site job has a county (the place decides who may go), and the
  technician covers it; a job done at the service point (walk-in) needs none;
* the technician has the skill (product category) the job needs, a skill on a
  parent category covering its children.

Each rule that fails gives a code; the caller turns codes into messages.
Overlaps between bookings are not checked here: the database refuses them
(exclusion constraint), which also holds between concurrent transactions.
"""

from datetime import timedelta

OUTSIDE_HOURS = "outside_hours"
COUNTY = "county"
NO_COUNTY = "no_county"
SKILL = "skill"


# Calendars end a day at 23:59:59.999999: closer intervals count as touching.
TOUCHING = timedelta(seconds=1)


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


def booking_problems(
    *, start, end, work_intervals, county_id, county_ids, skill_path, skill_ids, on_site=True
):
    """Codes of the rules a booking breaks, in a stable order.

    `skill_path` is the job's product category and its parents (ids); empty
    when the job needs no particular skill. `on_site` is false for a job done
    at the service point, which needs no county."""
    problems = []
    if not within_working_time(work_intervals, start, end):
        problems.append(OUTSIDE_HOURS)
    if county_id and county_id not in county_ids:
        problems.append(COUNTY)
    elif on_site and not county_id:
        problems.append(NO_COUNTY)
    if skill_path and not set(skill_path) & set(skill_ids):
        problems.append(SKILL)
    return problems
