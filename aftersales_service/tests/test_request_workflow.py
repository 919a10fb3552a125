from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from ..models.aftersales_request import TRANSITIONS
from .common import AftersalesCase

SIGNATURE_PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


@tagged("post_install", "-at_install")
class TestRequestWorkflow(AftersalesCase):
    def _reason(self, requests, action, reason):
        wizard = Form(
            self.env["aftersales.request.reason.wizard"].with_context(
                default_request_ids=requests.ids, default_action=action
            )
        )
        wizard.reason = reason
        wizard.save().action_confirm()

    def _in_state(self, state):
        """A request walked through the real workflow up to `state`."""
        request = self._new_request(technician_id=self.technician.id)
        path = ["assigned", "scheduled", "in_progress", "done", "closed"]
        if state == "new":
            return request
        if state in ("cancelled", "rejected"):
            self._reason(request, "cancel" if state == "cancelled" else "reject", "客户取消")
            self.assertEqual(request.state, state)
            return request
        # One slot per request: the technician cannot be booked twice at once.
        self._slots = getattr(self, "_slots", 0) + 1
        start = fields.Datetime.now() + timedelta(hours=3 * self._slots)
        request.write({"planned_start": start, "planned_end": start + timedelta(hours=2)})
        steps = {
            "assigned": request.action_assign,
            "scheduled": request.action_schedule,
            "in_progress": request.action_start,
            "done": lambda: (request.write({"work_done": "更换压缩机电容"}), request.action_done()),
            "closed": lambda: (
                request.write({"signature": SIGNATURE_PNG, "signed_by": "陈先生"}),
                request.action_close(),
            ),
        }
        for target in path:
            steps[target]()
            if target == state:
                break
        self.assertEqual(request.state, state)
        return request

    def test_happy_path(self):
        request = self._in_state("closed")
        self.assertTrue(request.check_in_date)
        self.assertTrue(request.check_out_date)
        self.assertTrue(request.signed_on)
        self.assertEqual(request.stage_id, self.env.ref("aftersales_service.stage_closed"))

    def test_every_refused_transition(self):
        actions = {
            "assign": "action_assign",
            "schedule": "action_schedule",
            "start": "action_start",
            "done": "action_done",
            "close": "action_close",
            "reopen": "action_reopen",
            "cancel": "action_cancel",
            "reject": "action_reject",
            "revisit": "action_request_revisit",
        }
        for state in (
            "new",
            "assigned",
            "scheduled",
            "in_progress",
            "done",
            "closed",
            "cancelled",
            "rejected",
        ):
            request = self._in_state(state)
            request.write({"work_done": "已检查", "signature": SIGNATURE_PNG})
            for action, method in actions.items():
                allowed, _target = TRANSITIONS[action]
                if state in allowed:
                    continue
                with self.subTest(state=state, action=action), self.assertRaisesRegex(UserError, "Cannot"):
                    getattr(request, method)()
                self.assertEqual(request.state, state)

    def test_assign_needs_technician(self):
        request = self._new_request()
        with self.assertRaisesRegex(UserError, "Choose a technician"):
            request.action_assign()

    def test_schedule_needs_planned_dates(self):
        request = self._new_request(technician_id=self.technician.id)
        request.action_assign()
        with self.assertRaisesRegex(UserError, "planned start and end"):
            request.action_schedule()

    def test_done_needs_work_description(self):
        request = self._in_state("in_progress")
        with self.assertRaisesRegex(UserError, "work done"):
            request.action_done()
        self.assertEqual(request.state, "in_progress")

    def test_close_without_signature_asks_for_reason(self):
        request = self._in_state("done")
        action = request.action_close()
        self.assertEqual(action["res_model"], "aftersales.request.reason.wizard")
        self.assertEqual(request.state, "done")
        with self.assertRaisesRegex(UserError, "reason is required"):
            request._apply_reason("close", "   ")
        self._reason(request, "close", "客户不在现场，由物业签收")
        self.assertEqual(request.state, "closed")
        self.assertEqual(request.close_reason, "客户不在现场，由物业签收")

    def test_cancel_and_reject_need_reason_then_reopen(self):
        request = self._new_request()
        self._reason(request, "reject", "非本公司产品")
        self.assertEqual((request.state, request.reject_reason), ("rejected", "非本公司产品"))
        request.action_reopen()
        self.assertEqual(request.state, "new")
        self.assertFalse(request.reject_reason)
        self._reason(request, "cancel", "客户自行修好")
        self.assertEqual(request.state, "cancelled")

    def test_revisit_goes_back_to_scheduling(self):
        request = self._in_state("in_progress")
        self._reason(request, "revisit", "缺少配件：压缩机")
        self.assertEqual(request.state, "assigned")
        self.assertTrue(request.revisit_needed)
        self.assertEqual(request.revisit_count, 1)
        self.assertFalse(request.planned_start)
        self.assertEqual(request.revisit_reason, "缺少配件：压缩机")

    def test_planned_end_after_start(self):
        request = self._new_request()
        start = fields.Datetime.now()
        with self.assertRaisesRegex(ValidationError, "must come after"):
            request.write({"planned_start": start, "planned_end": start - timedelta(hours=1)})

    def test_mark_replied_once(self):
        request = self._new_request()
        request.action_mark_replied()
        self.assertTrue(request.replied_date)
        with self.assertRaisesRegex(UserError, "already has a reply"):
            request.action_mark_replied()
