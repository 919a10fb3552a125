"""Escalation of major complaints: reception supervisor, then service manager.

Plain Python, no Odoo import. Datetimes are naive UTC, like Odoo's
``fields.Datetime`` values.

Rules
-----
* A complaint that is not major never escalates: level 0, no deadline.
* A major complaint starts at level 1 (reception supervisor) when it is
  created; level 1 ends ``hours[0]`` hours later.
* When a level's deadline has passed and the complaint is still unanswered,
  it moves up one level; the next deadline is the previous deadline plus
  that level's hours. The last level stays put once its deadline passes
  (``overdue`` tells it).
* An answered complaint stays at the level it reached.
"""

from dataclasses import dataclass
from datetime import timedelta

SUPERVISOR = 1
MANAGER = 2
LEVELS = (SUPERVISOR, MANAGER)


@dataclass(frozen=True)
class EscalationStep:
    """Where a complaint stands: its level (0 = none), the deadline of that
    level (None at level 0) and whether that deadline has passed."""

    level: int
    deadline: object = None
    overdue: bool = False


def _check_hours(hours):
    if len(hours) != len(LEVELS):
        raise ValueError(f"one number of hours per level is needed ({len(LEVELS)}), got {len(hours)}")
    for value in hours:
        if value is None or value <= 0:
            raise ValueError(f"escalation hours must be positive, got {value!r}")


def escalation_step(is_major, created, hours, now, answered=False):
    """The level a complaint created at ``created`` has reached at ``now``.

    ``hours`` holds the hours of each level, e.g. ``(24, 24)``.
    """
    if not is_major:
        return EscalationStep(0)
    _check_hours(hours)
    deadline = created + timedelta(hours=hours[0])
    level = LEVELS[0]
    for next_level, next_hours in zip(LEVELS[1:], hours[1:], strict=True):
        if answered or now < deadline:
            break
        level = next_level
        deadline += timedelta(hours=next_hours)
    return EscalationStep(level, deadline, overdue=not answered and now >= deadline)


def next_step(current_level, current_deadline, hours, now, answered=False):
    """Move a complaint already at ``current_level`` on, if its deadline has
    passed at ``now``. Used by the cron, which only knows the stored level
    and deadline (settings may have changed since the complaint was created).
    Returns the same level when nothing changes."""
    _check_hours(hours)
    if current_level not in LEVELS:
        return EscalationStep(current_level, current_deadline)
    level, deadline = current_level, current_deadline
    while not answered and level < LEVELS[-1] and now >= deadline:
        level += 1
        deadline += timedelta(hours=hours[LEVELS.index(level)])
    return EscalationStep(level, deadline, overdue=not answered and now >= deadline)
