"""Booking rules for one technician, on plain data.

A booking [start, end) is acceptable when:

* it lies entirely inside the technician's working time (attendances minus
  leave), which may be made of several adjacent intervals;
* an on-site job has a county (the place decides who may go), and the
  technician covers it; a job done at the service point (walk-in) needs none;
* the technician has the skill (product category) the job needs, a skill on a
  parent category covering its children (:func:`has_skill`, which dispatch
  uses too).

Each rule that fails gives a code; the caller turns codes into messages.
Overlaps between bookings are not checked here: the database refuses them
(exclusion constraint), which also holds between concurrent transactions.
"""

from .worktime import within_working_time

OUTSIDE_HOURS = "outside_hours"
COUNTY = "county"
NO_COUNTY = "no_county"
SKILL = "skill"


def has_skill(skill_ids, skill_path):
    """True when a technician with skills ``skill_ids`` may do a job needing
    the last category of ``skill_path`` (the job's product category preceded
    by its parents, as ids): a skill on the category or on any parent of it
    covers the job. A job with an empty path needs no skill."""
    return not skill_path or not frozenset(skill_ids).isdisjoint(skill_path)


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
    if not has_skill(skill_ids, skill_path):
        problems.append(SKILL)
    return problems
