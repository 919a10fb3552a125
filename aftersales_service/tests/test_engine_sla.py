"""Plain tests of engine/sla.py (no database needed).

Reference calendar: Mon-Fri 08:00-12:00 / 13:00-17:00 Asia/Shanghai
(UTC+8, no DST), i.e. 00:00-04:00 / 05:00-09:00 UTC, 8 working hours a day.
Week used: Fri 2025-01-03, Mon 2025-01-06 .. Fri 2025-01-10.
"""

from datetime import datetime

from odoo.tests import BaseCase

from ..engine import sla

WEEKDAYS = tuple(
    (d, h_from, h_to) for d in range(5) for h_from, h_to in ((8.0, 12.0), (13.0, 17.0))
)
SHANGHAI = sla.WorkingCalendar(tz="Asia/Shanghai", attendances=WEEKDAYS)


def utc(*args):
    return datetime(*args)


# --- add_hours / compute_deadline --------------------------------------------


class TestSlaEngine(BaseCase):
    def test_add_hours_is_calendar_time(self):
        assert sla.add_hours(utc(2025, 1, 3, 8), 24) == utc(2025, 1, 4, 8)
        assert sla.add_hours(utc(2025, 1, 3, 8), 1.25) == utc(2025, 1, 3, 9, 15)

    def test_compute_deadline_without_calendar_adds_calendar_hours(self):
        assert sla.compute_deadline(utc(2025, 1, 3, 8), 24) == utc(2025, 1, 4, 8)

    def test_compute_deadline_with_calendar_adds_working_hours(self):
        assert sla.compute_deadline(utc(2025, 1, 3, 8), 24, SHANGHAI) == utc(2025, 1, 8, 8)

    # --- add_working_hours ---------------------------------------------------------

    def test_friday_16h_plus_24_working_hours(self):
        # Fri 16:00 local = 08:00 UTC. Fri 16-17 = 1h (23 left); Mon 8h (15);
        # Tue 8h (7); Wed 08-12 = 4h (3 left) -> Wed 13:00 + 3h = 16:00 local
        # = Wed 2025-01-08 08:00 UTC.
        assert sla.add_working_hours(utc(2025, 1, 3, 8), 24, SHANGHAI) == utc(2025, 1, 8, 8)

    def test_full_day_leave_is_skipped(self):
        # Monday 2025-01-06 is a holiday (local 00:00-24:00 = UTC Jan 5 16:00-Jan 6 16:00):
        # Fri 1h, Tue 8h, Wed 8h, Thu 7h -> Thu 16:00 local = Thu 08:00 UTC.
        calendar = sla.WorkingCalendar(
            "Asia/Shanghai", WEEKDAYS, ((utc(2025, 1, 5, 16), utc(2025, 1, 6, 16)),)
        )
        assert sla.add_working_hours(utc(2025, 1, 3, 8), 24, calendar) == utc(2025, 1, 9, 8)

    def test_partial_leave_is_skipped(self):
        # Monday morning off (local 08:00-12:00 = UTC 00:00-04:00): Mon 10:00 local
        # start -> first working moment is 13:00 local; + 2h -> 15:00 local = 07:00 UTC.
        calendar = sla.WorkingCalendar(
            "Asia/Shanghai", WEEKDAYS, ((utc(2025, 1, 6, 0), utc(2025, 1, 6, 4)),)
        )
        assert sla.add_working_hours(utc(2025, 1, 6, 2), 2, calendar) == utc(2025, 1, 6, 7)

    def test_overlapping_leaves_are_merged(self):
        leaves = (
            (utc(2025, 1, 6, 0), utc(2025, 1, 6, 6)),  # local 08:00-14:00
            (utc(2025, 1, 6, 5), utc(2025, 1, 6, 7)),  # local 13:00-15:00
        )
        calendar = sla.WorkingCalendar("Asia/Shanghai", WEEKDAYS, leaves)
        # Only local 15:00-17:00 left on Monday: Mon 08:00 + 3h -> Tue 09:00 local
        # = 01:00 UTC.
        assert sla.add_working_hours(utc(2025, 1, 6, 0), 3, calendar) == utc(2025, 1, 7, 1)

    def test_start_at_night(self):
        # Mon 22:00 local (14:00 UTC) + 2h -> Tue 10:00 local = 02:00 UTC.
        assert sla.add_working_hours(utc(2025, 1, 6, 14), 2, SHANGHAI) == utc(2025, 1, 7, 2)

    def test_start_early_morning_same_local_day_before_utc_midnight(self):
        # Tue 07:00 local = Mon 23:00 UTC (previous UTC date); + 1h -> Tue 09:00 local.
        assert sla.add_working_hours(utc(2025, 1, 6, 23), 1, SHANGHAI) == utc(2025, 1, 7, 1)

    def test_start_at_lunch(self):
        # Mon 12:30 local (04:30 UTC) + 1h -> 14:00 local = 06:00 UTC.
        assert sla.add_working_hours(utc(2025, 1, 6, 4, 30), 1, SHANGHAI) == utc(
            2025, 1, 6, 6
        )

    def test_start_on_weekend(self):
        # Sat 10:00 local (02:00 UTC) + 1h -> Mon 09:00 local = 01:00 UTC.
        assert sla.add_working_hours(utc(2025, 1, 4, 2), 1, SHANGHAI) == utc(2025, 1, 6, 1)

    def test_start_at_attendance_edges(self):
        # 08:00 sharp + 4h ends at 12:00, not 13:00.
        assert sla.add_working_hours(utc(2025, 1, 6, 0), 4, SHANGHAI) == utc(2025, 1, 6, 4)
        # 17:00 sharp is the end of the day: + 0.5h -> next day 08:30 local.
        assert sla.add_working_hours(utc(2025, 1, 6, 9), 0.5, SHANGHAI) == utc(
            2025, 1, 7, 0, 30
        )
        # Fri 17:00 + 8h -> Mon 17:00 local.
        assert sla.add_working_hours(utc(2025, 1, 3, 9), 8, SHANGHAI) == utc(2025, 1, 6, 9)

    def test_fractional_hours(self):
        # Mon 11:15 local (03:15 UTC) + 1.75h: 45 min before lunch, 1h after -> 14:00 local.
        assert sla.add_working_hours(utc(2025, 1, 6, 3, 15), 1.75, SHANGHAI) == utc(
            2025, 1, 6, 6
        )

    def test_multi_week_span(self):
        # Mon 08:00 local + 400h = exactly 10 working weeks -> Fri 2025-03-14 17:00 local.
        assert sla.add_working_hours(utc(2025, 1, 6, 0), 400, SHANGHAI) == utc(
            2025, 3, 14, 9
        )

    def test_zero_hours_returns_start_unchanged(self):
        assert sla.add_working_hours(utc(2025, 1, 6, 14), 0, SHANGHAI) == utc(
            2025, 1, 6, 14
        )
        assert sla.add_working_hours(utc(2025, 1, 6, 2), 0, SHANGHAI) == utc(2025, 1, 6, 2)

    def test_negative_hours_raise(self):
        with self.assertRaises(ValueError):
            sla.add_working_hours(utc(2025, 1, 6, 2), -1, SHANGHAI)
        with self.assertRaises(ValueError):
            sla.compute_deadline(utc(2025, 1, 6, 2), -1)

    def test_empty_calendar_raises(self):
        with self.assertRaisesRegex(ValueError, "no attendance"):
            sla.add_working_hours(
                utc(2025, 1, 6, 2), 1, sla.WorkingCalendar("Asia/Shanghai", ())
            )

    def test_invalid_attendance_raises(self):
        with self.assertRaisesRegex(ValueError, "Invalid attendance"):
            sla.add_working_hours(
                utc(2025, 1, 6, 2), 1, sla.WorkingCalendar("UTC", ((0, 17.0, 8.0),))
            )
        with self.assertRaisesRegex(ValueError, "Invalid attendance"):
            sla.add_working_hours(
                utc(2025, 1, 6, 2), 1, sla.WorkingCalendar("UTC", ((7, 8.0, 17.0),))
            )

    def test_calendar_closed_for_years_raises(self):
        calendar = sla.WorkingCalendar(
            "Asia/Shanghai", WEEKDAYS, ((utc(2024, 1, 1), utc(2030, 1, 1)),)
        )
        with self.assertRaisesRegex(ValueError, "No working time"):
            sla.add_working_hours(utc(2025, 1, 6, 2), 1, calendar)

    def test_overlapping_attendances_are_merged(self):
        calendar = sla.WorkingCalendar("UTC", ((0, 8.0, 12.0), (0, 10.0, 14.0)))
        # Mon 2025-01-06 08:00 + 6h = 14:00 (not counted twice).
        assert sla.add_working_hours(utc(2025, 1, 6, 8), 6, calendar) == utc(2025, 1, 6, 14)
        assert sla.add_working_hours(utc(2025, 1, 6, 8), 7, calendar) == utc(2025, 1, 13, 9)

    def test_dst_timezone_office_hours(self):
        # New York springs forward on Sun 2025-03-09. Daily 09:00-17:00.
        calendar = sla.WorkingCalendar(
            "America/New_York", tuple((d, 9.0, 17.0) for d in range(7))
        )
        # Sat 16:00 EST (21:00 UTC) + 2h: 1h Sat, then Sun 09:00 EDT (13:00 UTC)
        # + 1h -> 14:00 UTC.
        assert sla.add_working_hours(utc(2025, 3, 8, 21), 2, calendar) == utc(
            2025, 3, 9, 14
        )

    def test_dst_timezone_round_the_clock_counts_real_hours(self):
        # 24/7 calendar: working time == real time, even across the 23-hour DST day.
        calendar = sla.WorkingCalendar(
            "America/New_York", tuple((d, 0.0, 24.0) for d in range(7))
        )
        assert sla.add_working_hours(utc(2025, 3, 8, 17), 24, calendar) == utc(
            2025, 3, 9, 17
        )
        assert sla.add_working_hours(utc(2025, 11, 1, 17), 48, calendar) == utc(
            2025, 11, 3, 17
        )

    def test_next_working_moment(self):
        assert sla.next_working_moment(utc(2025, 1, 6, 2), SHANGHAI) == utc(2025, 1, 6, 2)
        assert sla.next_working_moment(utc(2025, 1, 6, 4, 30), SHANGHAI) == utc(
            2025, 1, 6, 5
        )
        assert sla.next_working_moment(utc(2025, 1, 3, 9), SHANGHAI) == utc(2025, 1, 6, 0)

    # --- add_days --------------------------------------------------------------------

    def test_add_days_without_calendar(self):
        assert sla.add_days(utc(2025, 1, 3, 2), 3) == utc(2025, 1, 6, 2)

    def test_add_days_skips_weekend(self):
        # Fri 10:00 local + 1 working day -> Mon 10:00 local (02:00 UTC).
        assert sla.add_days(utc(2025, 1, 3, 2), 1, SHANGHAI) == utc(2025, 1, 6, 2)
        # + 5 working days -> next Friday.
        assert sla.add_days(utc(2025, 1, 3, 2), 5, SHANGHAI) == utc(2025, 1, 10, 2)

    def test_add_days_skips_leave_days(self):
        calendar = sla.WorkingCalendar(
            "Asia/Shanghai", WEEKDAYS, ((utc(2025, 1, 5, 16), utc(2025, 1, 6, 16)),)
        )
        assert sla.add_days(utc(2025, 1, 3, 2), 1, calendar) == utc(2025, 1, 7, 2)

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
        for deadline, reached_at, now, expected in [
            (None, None, utc(2025, 1, 6, 8), "none"),
            (None, utc(2025, 1, 6, 8), utc(2025, 1, 6, 8), "none"),
            (DEADLINE, utc(2025, 1, 6, 8), utc(2025, 1, 7), "met"),
            (DEADLINE, DEADLINE, utc(2025, 1, 7), "met"),
            (DEADLINE, utc(2025, 1, 6, 10), utc(2025, 1, 6, 10), "breached"),
            (DEADLINE, None, utc(2025, 1, 6, 10), "breached"),
            (DEADLINE, None, utc(2025, 1, 6, 8), "running"),
            (DEADLINE, None, DEADLINE, "running"),
        ]:
            with self.subTest(deadline=deadline, reached_at=reached_at, now=now, expected=expected):
                assert sla.clock_status(deadline, reached_at, now) == expected

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
