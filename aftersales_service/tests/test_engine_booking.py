"""The booking rules engine on plain data (no database)."""

from datetime import datetime

from odoo.tests import BaseCase

from ..engine import booking

DAY = [(datetime(2026, 3, 2, 0), datetime(2026, 3, 2, 4)), (datetime(2026, 3, 2, 5), datetime(2026, 3, 2, 9))]


def _problems(start, end, **kw):
    args = {
        "work_intervals": DAY,
        "county_id": 1,
        "county_ids": {1, 2},
        "skill_path": (10, 1),
        "skill_ids": {1},
    }
    args.update(kw)
    return booking.booking_problems(start=start, end=end, **args)


class TestBookingEngine(BaseCase):
    def test_inside_working_time_is_fine(self):
        assert _problems(datetime(2026, 3, 2, 1), datetime(2026, 3, 2, 3)) == []

    def test_across_lunch_is_outside_hours(self):
        assert _problems(datetime(2026, 3, 2, 3), datetime(2026, 3, 2, 6)) == [booking.OUTSIDE_HOURS]

    def test_adjacent_intervals_merge(self):
        split = [
            (datetime(2026, 3, 2, 0), datetime(2026, 3, 2, 2)),
            (datetime(2026, 3, 2, 2), datetime(2026, 3, 2, 4)),
        ]
        assert _problems(datetime(2026, 3, 2, 1), datetime(2026, 3, 2, 3), work_intervals=split) == []

    def test_calendar_midnight_gap_counts_as_touching(self):
        days = [
            (datetime(2026, 3, 1, 16), datetime(2026, 3, 2, 15, 59, 59, 999999)),
            (datetime(2026, 3, 2, 16), datetime(2026, 3, 3, 15, 59, 59, 999999)),
        ]
        assert _problems(datetime(2026, 3, 2, 15), datetime(2026, 3, 2, 17), work_intervals=days) == []

    def test_night_and_leave_day_refused(self):
        assert _problems(datetime(2026, 3, 2, 12), datetime(2026, 3, 2, 13)) == [booking.OUTSIDE_HOURS]
        assert _problems(datetime(2026, 3, 2, 1), datetime(2026, 3, 2, 2), work_intervals=[]) == [
            booking.OUTSIDE_HOURS
        ]

    def test_county_and_skill(self):
        start, end = datetime(2026, 3, 2, 1), datetime(2026, 3, 2, 2)
        assert _problems(start, end, county_id=3) == [booking.COUNTY]
        assert _problems(start, end, skill_ids={99}) == [booking.SKILL]
        assert _problems(start, end, skill_path=()) == []
        assert _problems(start, end, county_id=None) == [booking.NO_COUNTY]
        assert _problems(start, end, county_id=None, on_site=False) == []
        assert _problems(start, end, county_id=3, on_site=False) == [booking.COUNTY]
        assert _problems(start, end, county_id=3, skill_ids=set(), work_intervals=[]) == [
            booking.OUTSIDE_HOURS,
            booking.COUNTY,
            booking.SKILL,
        ]

    def test_parent_category_skill_covers_children(self):
        start, end = datetime(2026, 3, 2, 1), datetime(2026, 3, 2, 2)
        assert _problems(start, end, skill_path=(10, 5, 1), skill_ids={5}) == []

    def test_has_skill_parent_covers_children_not_siblings(self):
        # Categories 1 (appliances) > 5 (air conditioners) > 10 (split units); 6 is a sibling of 5.
        split_unit, aircon, sibling = (1, 5, 10), (1, 5), (1, 6)
        assert booking.has_skill({5}, split_unit)
        assert booking.has_skill({5}, aircon)
        assert not booking.has_skill({10}, aircon), "a skill on a child does not cover its parent"
        assert not booking.has_skill({5}, sibling)
        assert not booking.has_skill(set(), aircon)
        assert booking.has_skill(set(), ()), "a job without a category needs no skill"
