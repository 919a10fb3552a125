"""Plain tests of engine/complaints.py (no database needed)."""

from datetime import datetime

from odoo.tests import BaseCase

from ..engine import complaints

CREATED = datetime(2026, 11, 2, 8, 0)
HOURS = (24, 24)


class TestComplaintEngine(BaseCase):
    def test_minor_complaint_never_escalates(self):
        step = complaints.escalation_step(False, CREATED, HOURS, datetime(2026, 12, 1))
        assert step == complaints.EscalationStep(0)

    def test_major_complaint_starts_with_the_supervisor(self):
        step = complaints.escalation_step(True, CREATED, HOURS, CREATED)
        assert step.level == complaints.SUPERVISOR
        assert step.deadline == datetime(2026, 11, 3, 8, 0)
        assert not step.overdue

    def test_one_minute_before_the_deadline_stays_at_level_one(self):
        step = complaints.escalation_step(True, CREATED, HOURS, datetime(2026, 11, 3, 7, 59))
        assert step.level == 1

    def test_deadline_passed_goes_to_the_manager(self):
        step = complaints.escalation_step(True, CREATED, HOURS, datetime(2026, 11, 3, 8, 0))
        assert step.level == complaints.MANAGER
        assert step.deadline == datetime(2026, 11, 4, 8, 0)
        assert not step.overdue

    def test_manager_level_is_the_last_and_becomes_overdue(self):
        step = complaints.escalation_step(True, CREATED, (24, 12), datetime(2026, 11, 10))
        assert step.level == 2
        assert step.deadline == datetime(2026, 11, 3, 20, 0)
        assert step.overdue

    def test_answered_complaint_does_not_escalate(self):
        step = complaints.escalation_step(True, CREATED, HOURS, datetime(2026, 11, 10), answered=True)
        assert step.level == 1
        assert not step.overdue

    def test_next_step_moves_a_stored_level_on(self):
        step = complaints.next_step(1, datetime(2026, 11, 3, 8), (24, 8), datetime(2026, 11, 3, 9))
        assert (step.level, step.deadline) == (2, datetime(2026, 11, 3, 16))

    def test_next_step_keeps_the_level_before_the_deadline_or_when_answered(self):
        deadline = datetime(2026, 11, 3, 8)
        assert complaints.next_step(1, deadline, HOURS, datetime(2026, 11, 3, 7)).level == 1
        assert complaints.next_step(1, deadline, HOURS, datetime(2026, 11, 9), answered=True).level == 1
        assert complaints.next_step(2, deadline, HOURS, datetime(2026, 11, 9)).level == 2
        assert complaints.next_step(0, None, HOURS, datetime(2026, 11, 9)).level == 0

    def test_bad_hours_are_refused(self):
        for hours in [(0, 24), (24, -1), (24,), (24, None)]:
            with self.subTest(hours=hours), self.assertRaises(ValueError):
                complaints.escalation_step(True, CREATED, hours, CREATED)
