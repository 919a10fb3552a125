"""Plain tests of engine/callbacks.py (no database needed)."""

from datetime import date, datetime

from odoo.tests import BaseCase

from ..engine import callbacks


class TestCallbackEngine(BaseCase):
    def test_parse_cadence(self):
        assert callbacks.parse_cadence("1,3,10,30") == (1, 3, 10, 30)
        assert callbacks.parse_cadence(" 30, 1，3 ,3,") == (1, 3, 30)
        assert callbacks.parse_cadence("") == ()

    def test_parse_cadence_refuses_garbage(self):
        for text in ["1,x", "0,3", "-1", "1.5"]:
            with self.subTest(text=text), self.assertRaises(ValueError):
                callbacks.parse_cadence(text)

    def test_after_done_due_is_three_days_later(self):
        assert callbacks.after_done_due(datetime(2026, 11, 2, 9), 3) == datetime(2026, 11, 5, 9)
        with self.assertRaises(ValueError):
            callbacks.after_done_due(datetime(2026, 11, 2, 9), -1)

    def test_cadence_steps_due_today_and_within_grace(self):
        anchor = date(2026, 11, 1)
        steps = callbacks.due_cadence_steps(anchor, (1, 3, 10, 30), date(2026, 11, 11), grace_days=7)
        # day 1 (Nov 2) is 9 days overdue: dropped; day 3 (Nov 4) and day 10 (Nov 11) are due.
        assert steps == [(3, date(2026, 11, 4)), (10, date(2026, 11, 11))]

    def test_cadence_steps_skip_days_covered_elsewhere(self):
        steps = callbacks.due_cadence_steps(
            date(2026, 11, 1), (1, 3), date(2026, 11, 4), grace_days=7, skip=(3,)
        )
        assert steps == [(1, date(2026, 11, 2))]

    def test_followup_due_within_the_horizon(self):
        last = datetime(2026, 11, 1, 10)
        assert callbacks.followup_due(last, 48, datetime(2026, 11, 2, 10)) == datetime(2026, 11, 3, 10)
        assert callbacks.followup_due(last, 48, datetime(2026, 11, 2, 9)) is None
        with self.assertRaises(ValueError):
            callbacks.followup_due(last, 0, datetime(2026, 11, 2, 9))

    def test_coverage_quota_rounds_up(self):
        for count, percent, quota in [
            (4, 100, 4),
            (4, 50, 2),
            (5, 50, 3),
            (0, 50, 0),
            (3, 33.3333, 1),
            (10, 0, 0),
        ]:
            with self.subTest(count=count, percent=percent, quota=quota):
                assert callbacks.coverage_quota(count, percent) == quota

    def test_coverage_quota_refuses_bad_percent(self):
        with self.assertRaises(ValueError):
            callbacks.coverage_quota(4, 120)

    def test_pick_for_coverage_counts_those_already_called(self):
        candidates = [(1, None), (2, datetime(2026, 10, 1)), (3, datetime(2026, 9, 1)), (4, None)]
        # quota 3, customer 2 already called: two more, never-called first, then oldest.
        assert callbacks.pick_for_coverage(candidates, {2}, 3) == [1, 4]
        assert callbacks.pick_for_coverage(candidates, {1, 2, 3}, 3) == []
        assert callbacks.pick_for_coverage(candidates, set(), 3) == [1, 4, 3]

    def test_new_customer_due(self):
        assert callbacks.new_customer_due(date(2026, 11, 1), 3, date(2026, 11, 2)) == date(2026, 11, 4)
        assert callbacks.new_customer_due(date(2026, 11, 1), 3, date(2026, 11, 4)) == date(2026, 11, 4)
        assert callbacks.new_customer_due(date(2026, 11, 1), 3, date(2026, 11, 5)) is None

    def test_round_robin_respects_each_agents_room(self):
        dealt = callbacks.deal_round_robin([10, 11, 12, 13, 14, 15], [("a", 2), ("b", 1), ("c", 5)])
        assert dealt == {10: "a", 11: "b", 12: "c", 13: "a", 14: "c", 15: "c"}

    def test_round_robin_leaves_the_overflow_unassigned(self):
        dealt = callbacks.deal_round_robin([1, 2, 3, 4], [("a", 1), ("b", 0), ("c", -3)])
        assert dealt == {1: "a"}
        assert callbacks.deal_round_robin([1], []) == {}

    def test_window_keys(self):
        assert callbacks.month_key(date(2026, 1, 5)) == "2026-01"
        assert callbacks.request_key(42) == "req:42"
        assert callbacks.request_key(42, 3) == "req:42:3"
        assert callbacks.invoice_key(7, 10) == "inv:7:10"
        assert callbacks.followup_key(datetime(2026, 11, 3, 10)) == "fu:2026-11-03"
        assert callbacks.complaint_key(5, 2) == "cmp:5:2"
