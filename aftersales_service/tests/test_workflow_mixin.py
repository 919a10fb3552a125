"""The one workflow mechanism: every state machine of the suite is a table on
`aftersales.workflow.mixin`, checked, locked, moved and refused the same way."""

from datetime import datetime, timedelta

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import AftersalesCase
from .row_locks import row_locks


@tagged("post_install", "-at_install")
class TestWorkflowMixin(AftersalesCase):
    def _workflow_models(self):
        return self.env.registry["aftersales.workflow.mixin"]._inherit_children

    def test_every_state_machine_uses_the_mixin(self):
        names = set(self._workflow_models())
        expected = {
            "aftersales.request",
            "aftersales.complaint",
            "aftersales.callback",
            "aftersales.penalty",
            "aftersales.discount.slip",
        }
        self.assertLessEqual(expected, names)
        for name in names:
            model = self.env[name]
            with self.subTest(model=name):
                self.assertNotIn("_check_state", type(model).__dict__)
                states = dict(model._fields["state"].selection)
                self.assertTrue(model._transitions, "a workflow model declares its table")
                labels = model._transition_labels()
                for action, (sources, _ends) in model._transitions.items():
                    self.assertTrue(set(sources) <= states.keys(), action)
                    self.assertTrue(set(model._transition_ends(action)) <= states.keys(), action)
                    self.assertIn(action, labels, f"{name}: step {action} has no label")

    def test_a_refused_step_names_the_record_and_writes_nothing(self):
        request = self._new_request()
        with self.assertRaisesRegex(
            UserError, rf"Cannot finish {request.name}: it is Received; this step needs it to be In Progress"
        ):
            request.action_done()
        self.assertEqual(request.state, "new")
        self.assertFalse(request.done_date)

    def test_refusal_in_chinese(self):
        request = self._new_request()
        self.env["res.lang"]._activate_lang("zh_CN")
        with self.assertRaises(UserError) as caught:
            request.with_context(lang="zh_CN").action_done()
        self.assertIn(request.name, str(caught.exception))
        self.assertIn("无法", str(caught.exception))

    def test_the_hook_sees_the_state_left(self):
        request = self._new_request(technician_id=self.technician.id)
        seen = []
        Request = type(self.env["aftersales.request"])
        original = Request._on_transition

        def spy(records, action, previous):
            seen.append((action, dict(previous)))
            return original(records, action, previous)

        self.patch(Request, "_on_transition", spy)
        request.action_assign()
        self.assertEqual(seen, [("assign", {request.id: "new"})])
        self.assertEqual(request.state, "assigned")

    def test_a_step_locks_its_rows_once(self):
        """A step moves its rows under one lock: `_move_to` locks them, unless
        the step locked them itself before its checks (the dispatch booking)."""
        request = self._new_request(technician_id=self.technician.id, county_id=self.nanshan.id)
        with row_locks("aftersales_request") as locks:
            request.action_assign()
        self.assertEqual(len(locks), 1, locks)
        start = datetime(2030, 3, 4, 2, 0)
        with row_locks("aftersales_request") as locks:
            request._book_proposals({request.id: (self.technician, start, start + timedelta(hours=2))})
        self.assertEqual(len(locks), 1, locks)
        self.assertEqual(request.state, "scheduled")
