from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import AftersalesCase


@tagged("post_install", "-at_install")
class TestTechnicianCheckIn(AftersalesCase):
    def _scheduled(self):
        request = self._new_request(technician_id=self.technician.id)
        request.action_assign()
        start = fields.Datetime.now() + timedelta(hours=1)
        request.write({"planned_start": start, "planned_end": start + timedelta(hours=2)})
        request.action_schedule()
        return request.with_user(self.tech_user)

    def test_travel_then_check_in_with_position(self):
        job = self._scheduled()
        job.action_start_travel()
        self.assertTrue(job.travel_start_date)
        with self.assertRaisesRegex(UserError, "already started"):
            job.action_start_travel()
        job.action_check_in(latitude=22.5405, longitude=113.9345)
        self.assertEqual(job.state, "in_progress")
        self.assertAlmostEqual(job.check_in_latitude, 22.5405, places=4)
        self.assertAlmostEqual(job.check_in_longitude, 113.9345, places=4)
        self.assertEqual(job.onsite_status, "met")

    def test_check_in_without_position_is_allowed(self):
        job = self._scheduled()
        job.action_check_in()
        self.assertEqual(job.state, "in_progress")
        self.assertTrue(job.travel_start_date, "arriving implies having travelled")
        self.assertFalse(job.check_in_latitude)

    def test_bad_position_refused(self):
        job = self._scheduled()
        for lat, lon in ((95, 10), (10, 200), ("north", 10)):
            with self.subTest(lat=lat, lon=lon), self.assertRaises(ValidationError):
                job.action_check_in(latitude=lat, longitude=lon)
        self.assertEqual(job.state, "scheduled")

    def test_navigation_link(self):
        job = self._scheduled()
        self.assertTrue(job.navigation_url.startswith("https://uri.amap.com/"))
        self.assertIn("%E5%8D%97%E5%B1%B1", job.navigation_url, "the address (南山) is in the link")

    def test_technician_cannot_replan_routes(self):
        job = self._scheduled()
        with self.assertRaisesRegex(UserError, "Only a dispatcher"):
            job.action_optimise_routes()

    def test_dispatch_is_for_dispatchers(self):
        with self.assertRaises(AccessError):
            self.env["aftersales.dispatch.wizard"].with_user(self.agent).create({})
        with self.assertRaises(AccessError):
            self.env["aftersales.dispatch.wizard"].with_user(self.tech_user).create({})
