"""The quality check (质检) on every workshop job: the technician's
self-check, the final check by an inspector who is not the technician,
rework counted, and nothing done without a passed final check."""

from odoo.addons.aftersales_service.tests.common import force_write
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common_quality import QualityCase, force_passed_final_check, sign_settlement


@tagged("post_install", "-at_install")
class TestQualityCheck(QualityCase):
    def test_submit_needs_the_technicians_passed_self_check(self):
        job = self._in_work(self._job_for())
        with self.assertRaisesRegex(UserError, f"{job.name} cannot go to quality check"):
            job.with_user(self.tech_user).action_submit_qc()
        self.assertEqual(job.state, "in_work")
        failed = self._self_check(job, "fail")
        self.assertEqual(failed.result, "failed")
        with self.assertRaisesRegex(UserError, "cannot go to quality check"):
            job.with_user(self.tech_user).action_submit_qc()
        passed = self._self_check(job)
        self.assertEqual((passed.result, passed.checker_id, passed.kind), ("passed", self.tech_user, "self"))
        self.assertTrue(job.self_check_passed)
        job.with_user(self.tech_user).action_submit_qc()
        self.assertEqual(job.state, "qc")

    def test_only_the_jobs_technician_does_the_self_check(self):
        job = self._in_work(self._job_for())
        with self.assertRaisesRegex(UserError, "Only 张伟, the technician of .*, does its self-check"):
            job.with_user(self.advisor).action_self_check()
        check = self.env["aftersales.workshop.qc"]._open_for(job, "self")
        # Another technician does not even see the job's check.
        with self.assertRaises(AccessError):
            check.line_ids.with_user(self.other_tech_user).write({"result": "pass"})
        # An inspector may not fill a self-check.
        with self.assertRaisesRegex(UserError, "not part of their role"):
            check.line_ids.with_user(self.inspector).write({"result": "pass"})
        self._fill(check, user=self.tech_user)
        with self.assertRaisesRegex(UserError, "Only 张伟"):
            check.with_user(self.supervisor).action_record()
        self.assertEqual(check.state, "draft")

    def test_a_check_needs_every_item(self):
        job = self._in_work(self._job_for())
        action = job.with_user(self.tech_user).action_self_check()
        check = self.env["aftersales.workshop.qc"].browse(action["res_id"])
        self.assertEqual(check.template_id, self.env.ref("aftersales_workshop.qc_template_general"))
        check.line_ids[0].with_user(self.tech_user).write({"result": "pass"})
        with self.assertRaisesRegex(UserError, "Give a result to every item"):
            check.with_user(self.tech_user).action_record()
        check.line_ids.with_user(self.tech_user).write({"result": "fail"})
        with self.assertRaisesRegex(UserError, "what must be reworked"):
            check.with_user(self.tech_user).action_record()
        self.assertEqual(check.state, "draft")
        # The same button opens the same check, not a second one.
        self.assertEqual(job.with_user(self.tech_user).action_self_check()["res_id"], check.id)

    def test_final_check_by_the_technician_is_refused(self):
        job = self._in_work(self._job_for())
        self._self_check(job)
        job.with_user(self.tech_user).action_submit_qc()
        # The technician is also a quality inspector: still not on their own job.
        self.tech_user.group_ids |= self.env.ref("aftersales_workshop.group_aftersales_inspector")
        with self.assertRaisesRegex(
            UserError, r"技师 张伟 cannot do the final check of .*: 张伟 is its technician and did the work"
        ):
            job.with_user(self.tech_user).action_final_check()
        check = self.env["aftersales.workshop.qc"]._open_for(job, "final")
        self._fill(check, user=self.inspector)
        with self.assertRaisesRegex(UserError, "张伟 is its technician"):
            check.with_user(self.tech_user).action_record()
        self.assertEqual((check.state, job.state), ("draft", "qc"))
        # Nor by someone who is no inspector.
        with self.assertRaisesRegex(UserError, "is not a quality inspector"):
            job.with_user(self.supervisor).action_final_check()

    def test_fail_sends_back_for_rework_then_pass(self):
        job = self._in_work(self._job_for())
        self._self_check(job)
        job.with_user(self.tech_user).action_submit_qc()
        failed = self._final_check(job, "fail")
        self.assertEqual((failed.result, failed.checker_id), ("failed", self.inspector))
        self.assertEqual(job.state, "in_work")
        self.assertEqual(job.rework_count, 1)
        self.assertFalse(job.qc_passed)
        # The self-check of the first round no longer counts.
        self.assertFalse(job.self_check_passed)
        with self.assertRaisesRegex(UserError, "cannot go to quality check"):
            job.with_user(self.tech_user).action_submit_qc()
        self._self_check(job)
        job.with_user(self.tech_user).action_submit_qc()
        passed = self._final_check(job)
        self.assertEqual(passed.round, 1)
        self.assertEqual(job.state, "ready")
        self.assertTrue(job.qc_passed)
        self.assertFalse(job.qc_first_time)
        self.assertEqual(job.rework_count, 1)
        self.assertEqual(len(job.qc_ids), 4)

    def test_a_first_time_pass(self):
        job = self._in_work(self._job_for())
        self._self_check(job)
        job.with_user(self.tech_user).action_submit_qc()
        self._final_check(job)
        self.assertEqual((job.state, job.rework_count), ("ready", 0))
        self.assertTrue(job.qc_first_time)

    def test_results_and_counts_are_system_figures(self):
        job = self._in_work(self._job_for())
        check = self._self_check(job)
        for vals in (
            {"result": "failed"},
            {"checker_id": self.inspector.id},
            {"date": "2020-01-01 08:00:00"},
        ):
            with self.assertRaisesRegex(UserError, "cannot be written directly"):
                check.with_user(self.tech_user).write(vals)
        with self.assertRaisesRegex(UserError, "is recorded and no longer changes"):
            check.line_ids.with_user(self.tech_user).write({"result": "fail"})
        with self.assertRaisesRegex(UserError, "cannot be written directly"):
            job.with_user(self.advisor).write({"rework_count": 5})
        with self.assertRaisesRegex(UserError, "cannot be written directly"):
            self.env["aftersales.workshop.qc"].with_user(self.inspector).create(
                {"job_id": job.id, "kind": "final", "result": "passed"}
            )
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            check.unlink()

    def test_ready_and_handover_need_a_passed_final_check(self):
        job = self._in_work(self._job_for())
        force_write(job, {"state": "qc"})
        with self.assertRaisesRegex(UserError, "has no passed final quality check"):
            job._pass_qc()
        force_write(job, {"state": "ready"})
        with self.assertRaisesRegex(UserError, "has no passed final quality check"):
            job.with_user(self.advisor).action_deliver()
        self.assertEqual(job.state, "ready")
        force_passed_final_check(job, self.inspector)
        sign_settlement(job, self.advisor)
        job.with_user(self.advisor).action_deliver()
        self.assertEqual(job.state, "delivered")

    def test_request_done_refused_without_passed_final_check(self):
        job = self._in_work(self._job_for())
        request = job.request_id
        force_write(request, {"state": "in_progress", "work_done": "更换压缩机"})
        with self.assertRaisesRegex(
            UserError, f"{request.name} cannot be finished: its workshop job {job.name}"
        ):
            request.with_user(self.tech_user).action_done()
        self.assertEqual(request.state, "in_progress")
        self._self_check(job)
        job.with_user(self.tech_user).action_submit_qc()
        self._final_check(job)
        request.with_user(self.tech_user).action_done()
        self.assertEqual(request.state, "done")
        # A request without a workshop job is not concerned.
        field_visit = self._new_request(state="in_progress", work_done="上门更换电容")
        field_visit.action_done()
        self.assertEqual(field_visit.state, "done")

    def test_checklist_of_the_products_category(self):
        Template = self.env["aftersales.workshop.qc.template"]
        parent = self.env["product.category"].create({"name": "测试家电"})
        child = self.env["product.category"].create({"name": "测试空调", "parent_id": parent.id})
        mine = Template.create(
            {
                "name": "测试家电总检",
                "categ_ids": [(6, 0, parent.ids)],
                "item_ids": [(0, 0, {"name": "试机"})],
            }
        )
        self.aircon.categ_id = child
        self.assertEqual(Template._for_products(self.aircon)[self.aircon.id], mine)
        self.assertEqual(
            Template._for_products(self.car)[self.car.id],
            self.env.ref("aftersales_workshop.qc_template_general"),
        )
        job = self._in_work(self._job_for())
        action = job.with_user(self.tech_user).action_self_check()
        check = self.env["aftersales.workshop.qc"].browse(action["res_id"])
        self.assertEqual(check.line_ids.mapped("name"), ["试机"])


@tagged("post_install", "-at_install")
class TestQualityRules(QualityCase):
    """Record rules: the inspector sees the jobs to check (and their
    requests), and the jobs they checked."""

    def test_inspector_sees_the_jobs_to_check(self):
        Job = self.env["aftersales.workshop.job"]
        received = self._job_for()
        in_work = self._in_work(self._job_for())
        to_check = force_write(self._job_for(), {"state": "qc"})
        jobs = received | in_work | to_check
        inspector = self.inspector
        self.assertEqual(Job.with_user(inspector).search([("id", "in", jobs.ids)]), to_check)
        Request = self.env["aftersales.request"]
        self.assertEqual(
            Request.with_user(inspector).search([("id", "in", jobs.request_id.ids)]), to_check.request_id
        )
        with self.assertRaises(AccessError):
            in_work.with_user(inspector).read(["name"])
        # The advisor sees every job; the technician their own.
        self.assertEqual(Job.with_user(self.advisor).search([("id", "in", jobs.ids)]), jobs)
        others = self._new_job()
        self.assertEqual(Job.with_user(self.tech_user).search([("id", "in", (jobs | others).ids)]), jobs)

    def test_inspector_keeps_reading_a_job_sent_back(self):
        job = self._in_work(self._job_for())
        self._self_check(job)
        job.with_user(self.tech_user).action_submit_qc()
        # With tracking on, as in the screens: the step posts its tracking as the inspector.
        job = job.with_context(tracking_disable=False)
        self._final_check(job, "fail")
        self.assertEqual(job.state, "in_work")
        self.assertEqual(job.with_user(self.inspector).read(["state"])[0]["state"], "in_work")
        self.assertFalse(job.with_user(self.inspector).has_access("write"))
        other = new_test_user(
            self.env, "as_inspector2", groups="aftersales_workshop.group_aftersales_inspector"
        )
        self.assertFalse(job.with_user(other).has_access("read"))

    def test_inspector_opens_the_job_form(self):
        """Every field on the job's form reads for the inspector (the
        reception, the checks, the handover page)."""
        job = self._sign(self._car_job(), meter_value=500.0)
        force_write(job, {"state": "qc"})
        Job = self.env["aftersales.workshop.job"].with_user(self.inspector)
        view = Job.get_views([(False, "form")])
        arch = view["views"]["form"]["arch"]
        spec = {
            name: ({"fields": {"display_name": {}}} if info["type"] == "many2one" else {})
            for name, info in view["models"]["aftersales.workshop.job"]["fields"].items()
            if f'name="{name}"' in arch
        }
        self.assertIn("reception_condition", spec)
        values = job.with_user(self.inspector).web_read(spec)[0]
        self.assertEqual(values["meter_reading_id"]["display_name"], "LFV2A21K5E3012345: 500 km")
