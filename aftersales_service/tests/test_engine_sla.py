"""Plain tests of engine/sla.py and engine/worktime.py (no database).

The working time is given as intervals, as Odoo's calendar computation hands
it over (the calendar side, lunch breaks, leave, time zones, is tested on
real calendars in test_rules_agree.py). Reference: Mon-Fri 08:00-12:00 /
13:00-17:00 Asia/Shanghai (UTC+8, no DST), i.e. 00:00-04:00 / 05:00-09:00
UTC, 8 working hours a day. Week used: Fri 2025-01-03, Mon 2025-01-06 ..
Fri 2025-01-10.
"""

from datetime import date, datetime, timedelta

from odoo.tests import BaseCase

from ..engine import sla, worktime


def utc(*args):
    return datetime(*args)


def office_days(first, last, skip=()):
    """08:00-12:00 and 13:00-17:00 Shanghai of the weekdays from `first` to
    `last` (dates), as naive UTC intervals, but for the dates in `skip`."""
    intervals, day = [], first
    while day <= last:
        if day.weekday() < 5 and day not in skip:
            midnight = datetime.combine(day, datetime.min.time())
            intervals += [
                (midnight + timedelta(hours=a), midnight + timedelta(hours=b)) for a, b in ((0, 4), (5, 9))
            ]
        day += timedelta(days=1)
    return intervals


JUNE = datetime(2025, 6, 1)


def shanghai(intervals, until=JUNE):
    return worktime.WorkingTime("Asia/Shanghai", tuple(intervals), until)


SHANGHAI = shanghai(office_days(date(2025, 1, 1), date(2025, 5, 30)))


class TestWorkingTimeEngine(BaseCase):
    # --- add_hours / compute_deadline --------------------------------------------

    def test_add_hours_is_calendar_time(self):
        assert sla.add_hours(utc(2025, 1, 3, 8), 24) == utc(2025, 1, 4, 8)
        assert sla.add_hours(utc(2025, 1, 3, 8), 1.25) == utc(2025, 1, 3, 9, 15)

    def test_compute_deadline_without_calendar_adds_calendar_hours(self):
        assert sla.compute_deadline(utc(2025, 1, 3, 8), 24) == utc(2025, 1, 4, 8)

    def test_compute_deadline_with_working_time_adds_working_hours(self):
        assert sla.compute_deadline(utc(2025, 1, 3, 8), 24, SHANGHAI) == utc(2025, 1, 8, 8)

    # --- add_working_hours ---------------------------------------------------------

    def test_friday_16h_plus_24_working_hours(self):
        # Fri 16:00 local = 08:00 UTC. Fri 16-17 = 1h (23 left); Mon 8h (15);
        # Tue 8h (7); Wed 08-12 = 4h (3 left) -> Wed 13:00 + 3h = 16:00 local
        # = Wed 2025-01-08 08:00 UTC.
        assert worktime.add_working_hours(utc(2025, 1, 3, 8), 24, SHANGHAI) == utc(2025, 1, 8, 8)

    def test_day_without_intervals_is_skipped(self):
        # Monday 2025-01-06 off: Fri 1h, Tue 8h, Wed 8h, Thu 7h -> Thu 16:00 local.
        working = shanghai(office_days(date(2025, 1, 1), date(2025, 1, 31), skip={date(2025, 1, 6)}))
        assert worktime.add_working_hours(utc(2025, 1, 3, 8), 24, working) == utc(2025, 1, 9, 8)

    def test_start_at_night(self):
        # Mon 22:00 local (14:00 UTC) + 2h -> Tue 10:00 local = 02:00 UTC.
        assert worktime.add_working_hours(utc(2025, 1, 6, 14), 2, SHANGHAI) == utc(2025, 1, 7, 2)

    def test_start_early_morning_same_local_day_before_utc_midnight(self):
        # Tue 07:00 local = Mon 23:00 UTC (previous UTC date); + 1h -> Tue 09:00 local.
        assert worktime.add_working_hours(utc(2025, 1, 6, 23), 1, SHANGHAI) == utc(2025, 1, 7, 1)

    def test_start_in_a_gap(self):
        # Mon 12:30 local (04:30 UTC), the lunch gap, + 1h -> 14:00 local = 06:00 UTC.
        assert worktime.add_working_hours(utc(2025, 1, 6, 4, 30), 1, SHANGHAI) == utc(2025, 1, 6, 6)

    def test_start_on_weekend(self):
        # Sat 10:00 local (02:00 UTC) + 1h -> Mon 09:00 local = 01:00 UTC.
        assert worktime.add_working_hours(utc(2025, 1, 4, 2), 1, SHANGHAI) == utc(2025, 1, 6, 1)

    def test_start_at_interval_edges(self):
        # 08:00 sharp + 4h ends at 12:00, not 13:00.
        assert worktime.add_working_hours(utc(2025, 1, 6, 0), 4, SHANGHAI) == utc(2025, 1, 6, 4)
        # 17:00 sharp is the end of the day: + 0.5h -> next day 08:30 local.
        assert worktime.add_working_hours(utc(2025, 1, 6, 9), 0.5, SHANGHAI) == utc(2025, 1, 7, 0, 30)
        # Fri 17:00 + 8h -> Mon 17:00 local.
        assert worktime.add_working_hours(utc(2025, 1, 3, 9), 8, SHANGHAI) == utc(2025, 1, 6, 9)

    def test_fractional_hours(self):
        # Mon 11:15 local (03:15 UTC) + 1.75h: 45 min before lunch, 1h after -> 14:00 local.
        assert worktime.add_working_hours(utc(2025, 1, 6, 3, 15), 1.75, SHANGHAI) == utc(2025, 1, 6, 6)

    def test_multi_week_span(self):
        # Mon 08:00 local + 400h = exactly 10 working weeks -> Fri 2025-03-14 17:00 local.
        assert worktime.add_working_hours(utc(2025, 1, 6, 0), 400, SHANGHAI) == utc(2025, 3, 14, 9)

    def test_zero_hours_returns_start_unchanged(self):
        assert worktime.add_working_hours(utc(2025, 1, 6, 14), 0, SHANGHAI) == utc(2025, 1, 6, 14)
        assert worktime.add_working_hours(utc(2025, 1, 6, 2), 0, SHANGHAI) == utc(2025, 1, 6, 2)

    def test_negative_hours_raise(self):
        with self.assertRaises(ValueError):
            worktime.add_working_hours(utc(2025, 1, 6, 2), -1, SHANGHAI)
        with self.assertRaises(ValueError):
            sla.compute_deadline(utc(2025, 1, 6, 2), -1)

    def test_beyond_the_known_working_time_asks_for_more(self):
        short = shanghai(office_days(date(2025, 1, 6), date(2025, 1, 7)), until=utc(2025, 1, 8))
        assert worktime.add_working_hours(utc(2025, 1, 6, 0), 16, short) == utc(2025, 1, 7, 9)
        with self.assertRaises(worktime.BeyondHorizon):
            worktime.add_working_hours(utc(2025, 1, 6, 0), 17, short)
        with self.assertRaises(worktime.BeyondHorizon):
            worktime.next_working_moment(utc(2025, 1, 7, 9), short)
        with self.assertRaises(worktime.BeyondHorizon):
            sla.add_days(utc(2025, 1, 6, 2), 2, short)
        with self.assertRaises(worktime.BeyondHorizon):
            worktime.add_working_hours(utc(2025, 1, 6, 2), 1, shanghai(()))

    def test_overlapping_and_touching_intervals_are_merged(self):
        working = worktime.WorkingTime(
            "UTC",
            (
                (utc(2025, 1, 6, 8), utc(2025, 1, 6, 12)),
                (utc(2025, 1, 6, 10), utc(2025, 1, 6, 14)),
                (utc(2025, 1, 13, 8), utc(2025, 1, 13, 23, 59, 59, 999999)),
                (utc(2025, 1, 14, 0), utc(2025, 1, 14, 8)),
            ),
            utc(2025, 2, 1),
        )
        # Mon 2025-01-06 08:00 + 6h = 14:00 (not counted twice).
        assert worktime.add_working_hours(utc(2025, 1, 6, 8), 6, working) == utc(2025, 1, 6, 14)
        assert worktime.add_working_hours(utc(2025, 1, 6, 8), 7, working) == utc(2025, 1, 13, 9)
        # A day ending at 23:59:59.999999 touches the next one: 24 h straight.
        assert worktime.add_working_hours(utc(2025, 1, 13, 8), 24, working) == utc(2025, 1, 14, 8)
        assert worktime.within_working_time(working.intervals, utc(2025, 1, 13, 23), utc(2025, 1, 14, 1))

    def test_next_working_moment(self):
        assert worktime.next_working_moment(utc(2025, 1, 6, 2), SHANGHAI) == utc(2025, 1, 6, 2)
        assert worktime.next_working_moment(utc(2025, 1, 6, 4, 30), SHANGHAI) == utc(2025, 1, 6, 5)
        assert worktime.next_working_moment(utc(2025, 1, 3, 9), SHANGHAI) == utc(2025, 1, 6, 0)

    # --- add_days --------------------------------------------------------------------

    def test_add_days_without_working_time(self):
        assert sla.add_days(utc(2025, 1, 3, 2), 3) == utc(2025, 1, 6, 2)

    def test_add_days_skips_weekend(self):
        # Fri 10:00 local + 1 working day -> Mon 10:00 local (02:00 UTC).
        assert sla.add_days(utc(2025, 1, 3, 2), 1, SHANGHAI) == utc(2025, 1, 6, 2)
        # + 5 working days -> next Friday.
        assert sla.add_days(utc(2025, 1, 3, 2), 5, SHANGHAI) == utc(2025, 1, 10, 2)

    def test_add_days_skips_days_off(self):
        working = shanghai(office_days(date(2025, 1, 1), date(2025, 1, 31), skip={date(2025, 1, 6)}))
        assert sla.add_days(utc(2025, 1, 3, 2), 1, working) == utc(2025, 1, 7, 2)

    def test_add_days_counts_local_dates(self):
        # Fri 2025-01-03 07:00 local is Thu 23:00 UTC: the start date is Friday,
        # so + 1 working day is Monday 08:00 local (07:00 is before the day starts).
        assert sla.add_days(utc(2025, 1, 2, 23), 1, SHANGHAI) == utc(2025, 1, 6, 0)

    def test_add_days_moves_off_hours_time_to_next_working_moment(self):
        # Mon 20:00 local (12:00 UTC) + 1 -> Tue 20:00 local -> Wed 08:00 local
        # (Wed 00:00 UTC).
        assert sla.add_days(utc(2025, 1, 6, 12), 1, SHANGHAI) == utc(2025, 1, 8, 0)
        # Mon 12:30 local + 1 -> Tue 13:00 local.
        assert sla.add_days(utc(2025, 1, 6, 4, 30), 1, SHANGHAI) == utc(2025, 1, 7, 5)

    def test_add_days_zero_and_negative(self):
        assert sla.add_days(utc(2025, 1, 4, 2), 0, SHANGHAI) == utc(2025, 1, 4, 2)
        with self.assertRaises(ValueError):
            sla.add_days(utc(2025, 1, 4, 2), -1, SHANGHAI)
        with self.assertRaises(ValueError):
            sla.add_days(utc(2025, 1, 4, 2), -1)


# --- clock_status -----------------------------------------------------------------

DEADLINE = utc(2025, 1, 6, 9)


class TestSlaClocks(BaseCase):
    def test_clock_status(self):
        cases = [
            (None, None, utc(2025, 1, 6, 8), "none"),
            (None, utc(2025, 1, 6, 8), utc(2025, 1, 6, 8), "none"),
            (DEADLINE, utc(2025, 1, 6, 8), utc(2025, 1, 7), "met"),
            (DEADLINE, DEADLINE, utc(2025, 1, 7), "met"),
            (DEADLINE, utc(2025, 1, 6, 10), utc(2025, 1, 6, 10), "breached"),
            (DEADLINE, None, utc(2025, 1, 6, 10), "breached"),
            (DEADLINE, None, utc(2025, 1, 6, 8), "running"),
            (DEADLINE, None, DEADLINE, "running"),
        ]
        for deadline, reached_at, now, expected in cases:
            with self.subTest(deadline=deadline, reached_at=reached_at, now=now, expected=expected):
                assert sla.clock_status(deadline, reached_at, now) == expected


class TestSlaBatchDeadlines(BaseCase):
    # --- batch_deadlines --------------------------------------------------------------

    def test_batch_deadlines(self):
        items = [
            ("a", utc(2025, 1, 3, 8), 24, "cn"),
            ("b", utc(2025, 1, 3, 8), 24, None),
            ("c", utc(2025, 1, 6, 14), 0, "cn"),
        ]
        assert sla.batch_deadlines(items, {"cn": SHANGHAI}) == {
            "a": utc(2025, 1, 8, 8),
            "b": utc(2025, 1, 4, 8),
            "c": utc(2025, 1, 6, 14),
        }

    def test_batch_deadlines_unknown_calendar(self):
        with self.assertRaisesRegex(ValueError, "Unknown working calendar"):
            sla.batch_deadlines([("a", utc(2025, 1, 3, 8), 1, "xx")], {})
