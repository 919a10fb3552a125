from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import AftersalesCase


class ComplaintCase(AftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supervisor = new_test_user(
            cls.env,
            "as_supervisor",
            groups="aftersales_service.group_aftersales_supervisor",
            name="主管 赵敏",
        )
        cls.manager = new_test_user(
            cls.env,
            "as_manager",
            groups="aftersales_service.group_aftersales_manager",
            name="经理 孙立",
        )
        cls.company.write(
            {
                "aftersales_complaint_supervisor_id": cls.supervisor.id,
                "aftersales_complaint_manager_id": cls.manager.id,
                "aftersales_complaint_escalation_hours": 24.0,
                "aftersales_complaint_manager_hours": 12.0,
            }
        )
        cls.quality = cls.env.ref("aftersales_service.complaint_class_quality")
        cls.escalation_type = cls.env.ref("aftersales_service.mail_activity_complaint_escalation")

    @classmethod
    def _complaint_vals(cls, **overrides):
        vals = {
            "partner_id": cls.customer.id,
            "complaint_class_id": cls.quality.id,
            "promised_date": fields.Date.context_today(cls.env.user) + timedelta(days=2),
            "customer_words": "师傅修完第二天又不制冷了，要求换机",
            "restated_words": "您是说维修后空调次日再次不制冷，希望更换整机，对吗？",
            "customer_confirmed": True,
        }
        vals.update(overrides)
        return vals

    def _new_complaint(self, user=None, **overrides):
        Complaint = self.env["aftersales.complaint"].with_user(user or self.agent)
        return Complaint.create(self._complaint_vals(**overrides))

    def _escalation_activities(self, complaint):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "aftersales.complaint"),
                ("res_id", "=", complaint.id),
                ("activity_type_id", "=", self.escalation_type.id),
            ],
            order="id",
        )

    def _satisfied_callback(self, complaint, satisfaction=5):
        callback = complaint.callback_ids.filtered(lambda c: c.state == "todo")[:1]
        callback.with_user(self.agent).write({"person_reached": "陈先生", "satisfaction": satisfaction})
        callback.with_user(self.agent).action_done()
        return callback


@tagged("post_install", "-at_install")
class TestComplaintIntake(ComplaintCase):
    def test_reference_and_defaults(self):
        complaint = self._new_complaint()
        self.assertTrue(complaint.name.startswith("TS"))
        self.assertEqual(complaint.state, "new")
        self.assertEqual(complaint.legitimacy, "pending")
        self.assertEqual(complaint.escalation_level, "0")
        self.assertFalse(complaint.needs_approval)

    def test_promised_date_is_mandatory(self):
        with self.assertRaisesRegex(ValidationError, "promised handling date"):
            self._new_complaint(promised_date=False)
        complaint = self._new_complaint()
        with self.assertRaisesRegex(ValidationError, "promised handling date"):
            complaint.promised_date = False

    def test_rejection_needs_a_reason(self):
        complaint = self._new_complaint()
        with self.assertRaisesRegex(ValidationError, "rejected without a reason"):
            complaint.with_user(self.supervisor).write({"legitimacy": "rejected"})
        complaint.with_user(self.supervisor).write(
            {"legitimacy": "rejected", "rejection_reason": "要求换机不符合三包规定：首次维修"}
        )
        self.assertEqual(complaint.legitimacy, "rejected")

    def test_only_a_supervisor_rules(self):
        complaint = self._new_complaint()
        with self.assertRaisesRegex(UserError, "Only an after-sales supervisor"):
            complaint.with_user(self.agent).write({"legitimacy": "justified"})
        with self.assertRaisesRegex(UserError, "Only an after-sales supervisor"):
            self._new_complaint(legitimacy="justified")
        complaint.with_user(self.supervisor).legitimacy = "justified"
        self.assertEqual(complaint.legitimacy, "justified")

    def test_start_needs_confirmed_restatement(self):
        complaint = self._new_complaint(customer_confirmed=False)
        with self.assertRaisesRegex(UserError, "restate the customer's words"):
            complaint.action_start()
        complaint.customer_confirmed = True
        complaint.action_start()
        self.assertEqual(complaint.state, "in_progress")

    def test_technician_has_no_access(self):
        complaint = self._new_complaint()
        with self.assertRaises(AccessError):
            complaint.with_user(self.tech_user).read(["name"])

    def test_request_and_complaint_linked(self):
        request = self._new_request()
        complaint = self._new_complaint(request_id=request.id)
        self.assertEqual(request.complaint_count, 1)
        self.assertEqual(request.action_view_complaints()["domain"], [("request_id", "in", request.ids)])
        self.assertIn(complaint, request.complaint_ids)


@tagged("post_install", "-at_install")
class TestComplaintEscalation(ComplaintCase):
    def test_minor_complaint_does_not_escalate(self):
        complaint = self._new_complaint()
        self.assertEqual(complaint.escalation_level, "0")
        self.assertFalse(self._escalation_activities(complaint))

    def test_major_complaint_goes_to_supervisor_then_manager(self):
        before = fields.Datetime.now()
        complaint = self._new_complaint(is_major=True)
        self.assertEqual(complaint.escalation_level, "1")
        self.assertGreaterEqual(complaint.escalation_deadline, before + timedelta(hours=24))
        self.assertLessEqual(complaint.escalation_deadline, fields.Datetime.now() + timedelta(hours=24))
        [level1] = self._escalation_activities(complaint)
        self.assertEqual(level1.user_id, self.supervisor)

        # The cron before the deadline: nothing moves.
        Complaint = self.env["aftersales.complaint"]
        self.assertFalse(
            Complaint._escalate_overdue(now=complaint.escalation_deadline - timedelta(minutes=1))
        )
        self.assertEqual(complaint.escalation_level, "1")

        # After the level-1 deadline, still unanswered: the service manager, 12 h more.
        level1_deadline = complaint.escalation_deadline
        moved = Complaint._escalate_overdue(now=level1_deadline + timedelta(minutes=1))
        self.assertEqual(moved, complaint)
        self.assertEqual(complaint.escalation_level, "2")
        self.assertEqual(complaint.escalation_deadline, level1_deadline + timedelta(hours=12))
        activities = self._escalation_activities(complaint)
        self.assertEqual(activities.mapped("user_id"), self.supervisor | self.manager)
        self.assertEqual(activities[-1].user_id, self.manager)

        # Running again changes nothing: level 2 is the last one.
        self.assertFalse(Complaint._escalate_overdue(now=level1_deadline + timedelta(days=5)))
        self.assertEqual(len(self._escalation_activities(complaint)), 2)

    def test_answered_complaint_is_not_escalated(self):
        complaint = self._new_complaint(is_major=True, solution="上门更换压缩机")
        complaint.with_user(self.supervisor).legitimacy = "justified"
        complaint.with_user(self.manager).action_approve_solution()
        complaint.action_answer()
        moved = self.env["aftersales.complaint"]._escalate_overdue(
            now=complaint.escalation_deadline + timedelta(hours=1)
        )
        self.assertFalse(moved)
        self.assertEqual(complaint.escalation_level, "1")

    def test_escalation_falls_back_to_group_members(self):
        self.company.write(
            {"aftersales_complaint_supervisor_id": False, "aftersales_complaint_manager_id": False}
        )
        complaint = self._new_complaint(is_major=True)
        [activity] = self._escalation_activities(complaint)
        self.assertTrue(activity.user_id.has_group("aftersales_service.group_aftersales_supervisor"))

    def test_becoming_major_starts_the_escalation(self):
        complaint = self._new_complaint()
        complaint.is_major = True
        self.assertEqual(complaint.escalation_level, "1")
        self.assertTrue(complaint.needs_approval)
        self.assertEqual(len(self._escalation_activities(complaint)), 1)


@tagged("post_install", "-at_install")
class TestComplaintWorkflow(ComplaintCase):
    def _ruled(self, **overrides):
        complaint = self._new_complaint(solution="免费更换室外机电容，赠送一次清洗", **overrides)
        complaint.with_user(self.supervisor).legitimacy = "justified"
        return complaint

    def test_answer_needs_a_ruling_and_a_solution(self):
        complaint = self._new_complaint()
        with self.assertRaisesRegex(UserError, "has not been ruled on"):
            complaint.action_answer()
        complaint.with_user(self.supervisor).legitimacy = "justified"
        with self.assertRaisesRegex(UserError, "no proposed solution"):
            complaint.action_answer()

    def test_major_complaint_waits_for_approval(self):
        complaint = self._ruled(is_major=True)
        with self.assertRaisesRegex(UserError, "must approve the proposed solution"):
            complaint.with_user(self.agent).action_answer()
        with self.assertRaisesRegex(UserError, "Only the service manager"):
            complaint.with_user(self.supervisor).action_approve_solution()
        complaint.with_user(self.manager).action_approve_solution()
        self.assertEqual(complaint.approved_by_id, self.manager)
        complaint.with_user(self.agent).action_answer()
        self.assertEqual(complaint.state, "answered")

    def test_changing_the_solution_voids_the_approval(self):
        complaint = self._ruled(is_major=True)
        complaint.with_user(self.manager).action_approve_solution()
        complaint.solution = "退款"
        self.assertFalse(complaint.approved_by_id)
        with self.assertRaisesRegex(UserError, "must approve"):
            complaint.action_answer()

    def test_minor_complaint_is_answered_without_approval(self):
        complaint = self._ruled()
        complaint.with_user(self.agent).action_answer()
        self.assertEqual(complaint.state, "answered")

    def test_close_needs_a_satisfied_callback(self):
        complaint = self._ruled()
        complaint.action_answer()
        [callback] = complaint.callback_ids
        self.assertEqual((callback.purpose, callback.state), ("complaint", "todo"))
        with self.assertRaisesRegex(UserError, "customer is satisfied"):
            complaint.action_close()
        # An unsatisfied customer does not close it either.
        self._satisfied_callback(complaint, satisfaction=2)
        self.assertFalse(callback.satisfied)
        with self.assertRaisesRegex(UserError, "customer is satisfied"):
            complaint.action_close()
        # A new answer round, a new callback: this time satisfied.
        complaint.action_reopen()
        complaint.action_answer()
        self.assertEqual(len(complaint.callback_ids), 2)
        self._satisfied_callback(complaint, satisfaction=5)
        complaint.action_close()
        self.assertEqual(complaint.state, "closed")
        self.assertTrue(complaint.closed_date)

    def test_wrong_transitions_are_refused(self):
        complaint = self._ruled()
        with self.assertRaisesRegex(UserError, "this step needs it to be"):
            complaint.action_close()
        complaint.action_cancel()
        with self.assertRaisesRegex(UserError, "this step needs it to be"):
            complaint.action_answer()
        complaint.action_reset()
        self.assertEqual(complaint.state, "new")

    def test_complaint_from_callback_form(self):
        callback = self.env["aftersales.callback"].create(
            {"partner_id": self.customer.id, "purpose": "after_service", "issue_found": "安装师傅态度差"}
        )
        action = callback.with_user(self.agent).action_open_complaint()
        form = Form(self.env["aftersales.complaint"].with_user(self.agent).with_context(action["context"]))
        form.promised_date = fields.Date.context_today(self.env.user) + timedelta(days=1)
        complaint = form.save()
        self.assertEqual(complaint.partner_id, self.customer)
        self.assertEqual(complaint.customer_words, "安装师傅态度差")
        self.assertEqual(complaint.origin_callback_id, callback)


@tagged("post_install", "-at_install")
class TestPenalty(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.staff = cls.env["hr.employee"].create({"name": "安装工 周强"})

    def test_penalty_on_justified_complaint(self):
        complaint = self._new_complaint(employee_id=self.staff.id)
        Penalty = self.env["aftersales.penalty"].with_user(self.supervisor)
        vals = {"complaint_id": complaint.id, "employee_id": self.staff.id, "reason": "未按约定时间上门"}
        with self.assertRaisesRegex(UserError, "not ruled justified"):
            Penalty.create(vals)
        complaint.with_user(self.supervisor).legitimacy = "justified"
        penalty = Penalty.create(vals)
        self.assertTrue(penalty.name.startswith("FK"))
        self.assertEqual(penalty.amount, 50.0)
        penalty.action_confirm()
        penalty.action_done()
        self.assertEqual(penalty.state, "done")
        self.assertEqual(complaint.with_user(self.supervisor).penalty_count, 1)

    def test_amount_is_a_setting_and_must_be_positive(self):
        self.company.aftersales_penalty_amount = 200.0
        complaint = self._new_complaint()
        complaint.with_user(self.supervisor).legitimacy = "justified"
        Penalty = self.env["aftersales.penalty"].with_user(self.supervisor)
        vals = {"complaint_id": complaint.id, "employee_id": self.staff.id, "reason": "服务态度差"}
        self.assertEqual(Penalty.create(vals).amount, 200.0)
        with self.assertRaisesRegex(ValidationError, "amount must be positive"):
            Penalty.create({**vals, "amount": 0})

    def test_only_supervisors_raise_penalties(self):
        complaint = self._new_complaint()
        complaint.with_user(self.supervisor).legitimacy = "justified"
        with self.assertRaises(UserError):  # AccessError is a UserError too
            self.env["aftersales.penalty"].with_user(self.agent).create(
                {"complaint_id": complaint.id, "employee_id": self.staff.id, "reason": "x"}
            )
