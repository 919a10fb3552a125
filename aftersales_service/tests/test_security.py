from datetime import timedelta

from odoo import fields
from odoo.addons.aftersales_service.tests.common import force_write
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import AftersalesCase


@tagged("post_install", "-at_install")
class TestRequestSecurity(AftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mine = cls._new_request(technician_id=cls.technician.id)
        cls.theirs = cls._new_request(technician_id=cls.other_technician.id)
        cls.unassigned = cls._new_request()

    def test_technician_sees_only_own_jobs(self):
        Request = self.env["aftersales.request"].with_user(self.tech_user)
        visible = Request.search([("id", "in", (self.mine | self.theirs | self.unassigned).ids)])
        self.assertEqual(visible, self.mine)
        with self.assertRaises(AccessError):
            self.theirs.with_user(self.tech_user).read(["name"])
        with self.assertRaises(AccessError):
            self.theirs.with_user(self.tech_user).write({"work_done": "x"})

    def test_technician_works_own_job(self):
        job = self.mine.with_user(self.tech_user)
        force_write(
            job.sudo(),
            {
                "state": "scheduled",
                "planned_start": fields.Datetime.now(),
                "planned_end": fields.Datetime.now() + timedelta(hours=1),
            },
        )
        job.action_start()
        job.work_done = "更换电源板"
        job.action_done()
        self.assertEqual(job.state, "done")

    def test_technician_cannot_create_or_delete(self):
        Request = self.env["aftersales.request"].with_user(self.tech_user)
        with self.assertRaises(AccessError):
            Request.create(self._request_vals())
        with self.assertRaises(AccessError):
            self.mine.with_user(self.tech_user).unlink()

    def test_agent_sees_everything_and_creates(self):
        Request = self.env["aftersales.request"].with_user(self.agent)
        self.assertEqual(
            Request.search_count([("id", "in", (self.mine | self.theirs | self.unassigned).ids)]), 3
        )
        request = Request.create(self._request_vals())
        self.assertEqual(request.user_id, self.agent)
        with self.assertRaises(AccessError):
            request.unlink()

    def test_agent_cannot_change_configuration(self):
        with self.assertRaises(AccessError):
            self.env["aftersales.sla.policy"].with_user(self.agent).create({"name": "x"})
        with self.assertRaises(AccessError):
            self.env.ref("aftersales_service.sla_policy_standard").with_user(self.dispatcher).write(
                {"onsite_hours": 1}
            )

    def test_dispatcher_reads_technicians_without_hr_rights(self):
        Employee = self.env["hr.employee"].with_user(self.dispatcher)
        technicians = Employee.search(
            [
                ("is_aftersales_technician", "=", True),
                ("id", "in", (self.technician | self.other_technician).ids),
            ]
        )
        self.assertEqual(technicians, self.technician | self.other_technician)
        self.theirs.with_user(self.dispatcher).technician_id = self.technician
        self.assertEqual(self.theirs.technician_id, self.technician)

    def test_multi_company_isolation(self):
        other_company = self.env["res.company"].create({"name": "济南分公司"})
        foreign = self.env["aftersales.request"].create(
            self._request_vals(
                company_id=other_company.id,
                partner_id=self.env["res.partner"]
                .create({"name": "济南客户", "company_id": other_company.id})
                .id,
            )
        )
        self.agent.company_ids = [(4, self.company.id)]
        Request = self.env["aftersales.request"].with_user(self.agent)
        self.assertFalse(Request.search([("id", "=", foreign.id)]))
        with self.assertRaises(AccessError):
            foreign.with_user(self.agent).read(["name"])
