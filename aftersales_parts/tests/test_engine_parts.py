"""Plain tests of the parts engines (no database)."""

from odoo.tests import BaseCase

from ..engine.ledger import LedgerRow, difference
from ..engine.replenishment import NEGATIVE, NO_HISTORY, ReplenishmentError, suggest_min_max


class TestPartsEngines(BaseCase):
    def test_min_max_from_consumption(self):
        # 18 used in 90 days: 0.2 a day; 7 lead days -> 1.4 -> 2; 37 days -> 7.4 -> 8.
        suggestion = suggest_min_max(18, 90, 7, 30)
        self.assertAlmostEqual(suggestion.daily, 0.2)
        assert (suggestion.min_qty, suggestion.max_qty) == (2.0, 8.0)

    def test_exact_products_are_not_rounded_up(self):
        # 90 used in 90 days: exactly 7 and 37.
        assert (suggest_min_max(90, 90, 7, 30).min_qty, suggest_min_max(90, 90, 7, 30).max_qty) == (7.0, 37.0)

    def test_nothing_used_suggests_nothing(self):
        suggestion = suggest_min_max(0, 90, 7, 30)
        assert (suggestion.min_qty, suggestion.max_qty) == (0.0, 0.0)

    def test_inconsistent_input_refused(self):
        cases = [
            ((5, 0, 7, 30), NO_HISTORY),
            ((-1, 90, 7, 30), NEGATIVE),
            ((5, 90, -7, 30), NEGATIVE),
            ((5, 90, 7, -1), NEGATIVE),
        ]
        for args, code in cases:
            with self.subTest(args=args), self.assertRaises(ReplenishmentError) as info:
                suggest_min_max(*args)
            self.assertEqual(info.exception.code, code)

    def test_ledger_closing_identity(self):
        row = LedgerRow(opening=10, received=5, issued=3, returned=1, other_out=0, adjusted=-1)
        assert row.closing == 12

    def test_difference_is_on_hand_minus_book(self):
        row = LedgerRow(opening=10, received=5, issued=3, returned=1)
        assert difference(row, 13) == 0
        assert difference(row, 12) == -1
        assert difference(LedgerRow(opening=0.1, received=0.2), 0.3) == 0
