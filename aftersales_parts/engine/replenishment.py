"""Min/max suggestion for a depot's reorder rule from its recent consumption.

A depot must cover what it consumes while a replenishment is on its way
(lead days) and hold enough for a further period (cover days) on top of it:

    daily = consumed / history_days
    min   = ceil(daily x lead_days)
    max   = max(min, ceil(daily x (lead_days + cover_days)))

Nothing consumed means no suggestion (0 / 0).
"""

import math
from dataclasses import dataclass

NO_HISTORY = "no_history"
NEGATIVE = "negative"


class ReplenishmentError(ValueError):
    """Inconsistent input for a suggestion: ``code`` is ``NO_HISTORY`` (the
    history covers no day) or ``NEGATIVE`` (a negative figure); the caller
    words the message."""

    def __init__(self, code, message):
        self.code = code
        super().__init__(message)


@dataclass(frozen=True)
class Suggestion:
    daily: float
    min_qty: float
    max_qty: float


def suggest_min_max(consumed, history_days, lead_days, cover_days):
    """Suggested reorder minimum and maximum for one depot and part."""
    if history_days <= 0:
        raise ReplenishmentError(NO_HISTORY, "The history must cover at least one day.")
    if consumed < 0 or lead_days < 0 or cover_days < 0:
        raise ReplenishmentError(NEGATIVE, "Consumption, lead days and cover days cannot be negative.")
    daily = consumed / history_days
    min_qty = math.ceil(round(daily * lead_days, 6))
    max_qty = max(min_qty, math.ceil(round(daily * (lead_days + cover_days), 6)))
    return Suggestion(daily=daily, min_qty=float(min_qty), max_qty=float(max_qty))
