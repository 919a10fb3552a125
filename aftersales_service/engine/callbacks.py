"""Callback (回访) rules: when a customer is due a call, how many customers
of a star grade a month must be called, and how the calls are shared
between agents.

Plain Python, no Odoo import. Datetimes are naive UTC; dates are
``datetime.date``.

Rules (every number comes from a company setting)
------------------------------------------------
* **After service**: a quality callback ``days`` after a request is done.
* **Cadence**: one callback on each cadence day (e.g. 1, 3, 10, 30) after a
  sale or a service. A step is generated once it is due, and only while it
  is less than ``grace_days`` overdue, so that turning the rule on does not
  flood the agents with the whole history.
* **Follow-up customers**: never more than ``max_hours`` between two
  contacts. A callback is due at ``last contact + max_hours``; it is
  created when that moment falls before the next run (``horizon_hours``).
* **Star-grade coverage**: every month, ``percent`` % of the customers of a
  grade are called, rounded up (4 customers at 50 % -> 2). Customers already
  called that month count towards it; the others are picked longest
  uncalled first.
* **New customers**: called within ``days`` days of their creation.
* **Daily target**: each agent takes at most ``target`` callbacks a day;
  new callbacks are dealt round-robin to the agents with room left.
* **Duplicate guard**: one callback per (customer, purpose, window); the
  window keys are built here.
"""

import math
from datetime import timedelta


def parse_cadence(text):
    """``"1,3,10,30"`` -> ``(1, 3, 10, 30)`` (sorted, duplicates dropped).
    Raises ``ValueError`` on anything but positive whole numbers."""
    days = set()
    for part in (text or "").replace("，", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or int(part) <= 0:
            raise ValueError(f"cadence days must be positive whole numbers, got {part!r}")
        days.add(int(part))
    return tuple(sorted(days))


def _check_not_negative(value, what):
    if value is None or value < 0:
        raise ValueError(f"{what} must not be negative, got {value!r}")


def after_done_due(done, days):
    """Due moment of the quality callback of a request done at ``done``."""
    _check_not_negative(days, "callback days")
    return done + timedelta(days=days)


def due_cadence_steps(anchor, cadence, today, grace_days, skip=()):
    """Cadence steps of a sale or service on ``anchor`` (a date) that are due
    on ``today`` and less than ``grace_days`` overdue, as ``(day, due_date)``
    pairs. Days in ``skip`` are left out (covered by another rule)."""
    _check_not_negative(grace_days, "grace days")
    oldest = today - timedelta(days=grace_days)
    steps = []
    for day in cadence:
        due = anchor + timedelta(days=day)
        if day not in skip and oldest <= due <= today:
            steps.append((day, due))
    return steps


def followup_due(last_contact, max_hours, now, horizon_hours=24):
    """Due moment of the next call to a follow-up customer last contacted at
    ``last_contact``, or None if it falls after ``now + horizon_hours``."""
    if max_hours is None or max_hours <= 0:
        raise ValueError(f"the follow-up interval must be positive, got {max_hours!r}")
    due = last_contact + timedelta(hours=max_hours)
    return due if due <= now + timedelta(hours=horizon_hours) else None


def coverage_quota(customer_count, percent):
    """Customers of a grade to call this month: ``percent`` % rounded up."""
    if percent is None or not 0 <= percent <= 100:
        raise ValueError(f"a coverage must be between 0 and 100 %, got {percent!r}")
    _check_not_negative(customer_count, "customer count")
    return math.ceil(round(customer_count * percent / 100.0, 6))


def pick_for_coverage(candidates, already_called, quota):
    """Which customers to add so that ``quota`` of them are called.

    ``candidates`` are ``(partner_id, last_contact)`` pairs (last_contact may
    be None: never called); ``already_called`` the ids called this month.
    Longest uncalled first, then by id."""
    done = sum(1 for pid, _last in candidates if pid in already_called)
    missing = max(quota - done, 0)
    todo = [(last, pid) for pid, last in candidates if pid not in already_called]
    todo.sort(key=lambda item: (item[0] is not None, item[0] or 0, item[1]))
    return [pid for _last, pid in todo[:missing]]


def new_customer_due(created, days, today):
    """Due date of the welcome call of a customer created on ``created`` (a
    date), or None once the customer is no longer new (past the ``days``)."""
    _check_not_negative(days, "new-customer days")
    due = created + timedelta(days=days)
    return due if today <= due else None


def deal_round_robin(callback_ids, capacities):
    """Share ``callback_ids`` (in priority order) between agents.

    ``capacities`` is an ordered list of ``(agent_id, room_left)``. Returns
    ``{callback_id: agent_id}``; callbacks beyond everyone's room stay out."""
    room = {agent: max(left, 0) for agent, left in capacities}
    agents = [agent for agent, _left in capacities]
    result = {}
    turn = 0
    for callback_id in callback_ids:
        for _attempt in range(len(agents)):
            agent = agents[turn % len(agents)]
            turn += 1
            if room[agent] > 0:
                room[agent] -= 1
                result[callback_id] = agent
                break
        else:
            break
    return result


# --- window keys (the duplicate guard) -------------------------------------


def month_key(day):
    return f"{day.year:04d}-{day.month:02d}"


def request_key(request_id, step=None):
    return f"req:{request_id}" if step is None else f"req:{request_id}:{step}"


def invoice_key(move_id, step):
    return f"inv:{move_id}:{step}"


def followup_key(due):
    return f"fu:{due.date().isoformat() if hasattr(due, 'date') else due.isoformat()}"


def complaint_key(complaint_id, round_number):
    return f"cmp:{complaint_id}:{round_number}"
