"""The workshop job moves only through its steps."""

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import WorkshopCase


@tagged("post_install", "-at_install")
class TestWorkshopWorkflow(WorkshopCase):
    def test_a_walk_in_request_is_received_in_the_workshop(self):
        request = self._new_request(channel="walk_in", product_id=self.aircon.id)
        request.action_receive_in_workshop()
        job = request.workshop_job_id
        self.assertEqual(job.state, "reception")
        self.assertEqual(job.workshop_id, self.workshop)
        self.assertTrue(job.name.startswith("WO"))
        self.assertEqual(job.partner_id, request.partner_id)
        # A second call opens the same job.
        request.action_receive_in_workshop()
        self.assertEqual(len(request.workshop_job_ids), 1)

    def test_the_status_is_not_written_directly(self):
        job = self._new_job()
        with self.assertRaisesRegex(UserError, job.name):
            job.with_user(self.advisor).write({"state": "ready"})
        self.assertEqual(job.state, "reception")

    def test_a_step_out_of_order_is_refused(self):
        job = self._new_job()
        with self.assertRaisesRegex(UserError, "Reception"):
            job.action_deliver()
        self.assertEqual(job.state, "reception")
