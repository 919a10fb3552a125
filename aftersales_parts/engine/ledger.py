"""Monthly parts ledger of a depot: the balance identity and its difference.

    closing = opening + received + returned - issued - other_out + adjusted

Adjusted is the signed net of the physical counts (inventory adjustments):
the depot's loss or gain.

Book quantity is the closing balance worked out from the movements; the
difference is what the stock on hand says minus the book.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class LedgerRow:
    opening: float = 0.0
    received: float = 0.0
    issued: float = 0.0
    returned: float = 0.0
    other_out: float = 0.0
    adjusted: float = 0.0

    @property
    def closing(self):
        return self.opening + self.received + self.returned - self.issued - self.other_out + self.adjusted


def difference(row, on_hand, precision=6):
    """On hand minus book, rounded so float noise never shows as a loss."""
    return round(on_hand - row.closing, precision)
