from datetime import datetime, timedelta
from unittest.mock import patch

from odoo import fields
from odoo.addons.aftersales_service.tests.common import force_write
from odoo.tests import tagged, warmup

from .common import OFFICE_HOURS, AftersalesCase, make_calendar


@tagged("post_install", "-at_install")
class TestRequestSla(AftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = make_calendar(
            cls.env, "售后工作时间 (Mon-Fri 8-12, 13-17)", OFFICE_HOURS, days=range(5)
        )
        cls.installation_policy = cls.env["aftersales.sla.policy"].create(
            {
                "name": "安装：工作时间 24 小时",
                "sequence": 1,
                "request_type": "installation",
                "onsite_hours": 24,
                "reply_hours": 8,
                "callback_days": 3,
                "use_working_calendar": True,
                "calendar_id": cls.calendar.id,
            }
        )
        cls.team = cls.env["aftersales.team"].create(
            {"name": "深圳南山服务站", "leader_id": cls.dispatcher.id}
        )

    def test_standard_policy_clock(self):
        notified = datetime(2026, 3, 2, 2, 0)
        request = self._new_request(notified_date=notified)
        self.assertEqual(request.sla_policy_id, self.env.ref("aftersales_service.sla_policy_standard"))
        self.assertEqual(request.onsite_deadline, notified + timedelta(hours=24))
        self.assertEqual(request.reply_deadline, notified + timedelta(hours=48))

    def test_policy_by_type_and_priority(self):
        consultation = self._new_request(request_type="consultation")
        self.assertEqual(
            consultation.sla_policy_id, self.env.ref("aftersales_service.sla_policy_consultation")
        )
        self.assertFalse(consultation.onsite_deadline, "a consultation has no on-site clock")
        self.assertEqual(consultation.onsite_status, "none")
        urgent = self._new_request(priority="2")
        self.assertEqual(urgent.onsite_deadline, urgent.notified_date + timedelta(hours=2))
        # Changing the policy's figure moves the deadline: numbers live in the policy.
        self.env.ref("aftersales_service.sla_policy_very_urgent").onsite_hours = 1.5
        self.assertEqual(urgent.onsite_deadline, urgent.notified_date + timedelta(hours=1.5))

    def test_working_calendar_deadline(self):
        # Friday 2025-01-03 16:00 Shanghai = 08:00 UTC. 24 working hours:
        # Fri 16-17 (1 h), Mon 8 h, Tue 8 h, Wed 8-12 + 13-16 (7 h) -> Wed 16:00 = 08:00 UTC.
        request = self._new_request(request_type="installation", notified_date=datetime(2025, 1, 3, 8, 0))
        self.assertEqual(request.sla_policy_id, self.installation_policy)
        self.assertEqual(request.onsite_deadline, datetime(2025, 1, 8, 8, 0))
        # 8 working hours to reply: Fri 1 h, Mon 8-12 + 13-16 -> Mon 16:00 = 08:00 UTC.
        self.assertEqual(request.reply_deadline, datetime(2025, 1, 6, 8, 0))

    def test_working_calendar_skips_public_holiday(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "公司年会",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2025, 1, 6, 0, 0),  # Monday 08:00 Shanghai
                "date_to": datetime(2025, 1, 6, 9, 0),  # Monday 17:00 Shanghai
            }
        )
        request = self._new_request(request_type="installation", notified_date=datetime(2025, 1, 3, 8, 0))
        self.assertEqual(request.onsite_deadline, datetime(2025, 1, 9, 8, 0), "one day later")

    def test_clock_status(self):
        now = fields.Datetime.now()
        running = self._new_request(notified_date=now)
        self.assertEqual((running.onsite_status, running.reply_status), ("running", "running"))
        late = self._new_request(notified_date=now - timedelta(hours=30))
        self.assertEqual((late.onsite_status, late.reply_status), ("breached", "running"))
        met = self._new_request(notified_date=now - timedelta(hours=30))
        force_write(
            met, {"check_in_date": now - timedelta(hours=10), "replied_date": now - timedelta(hours=20)}
        )
        self.assertEqual((met.onsite_status, met.reply_status), ("met", "met"))
        force_write(late, {"state": "cancelled", "cancel_reason": "客户取消"})
        self.assertEqual((late.onsite_status, late.reply_status), ("none", "none"), "a cancelled clock stops")

    def test_callback_deadline_after_done(self):
        request = self._new_request(technician_id=self.technician.id)
        start = fields.Datetime.now()
        request.write({"planned_start": start, "planned_end": start + timedelta(hours=1)})
        request.action_assign()
        request.action_schedule()
        request.action_start()
        request.work_done = "清洗滤网，补充冷媒"
        request.action_done()
        self.assertEqual(request.callback_deadline, request.done_date + timedelta(days=3))
        callback = request.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("aftersales_service.mail_activity_quality_callback")
        )
        self.assertEqual(len(callback), 1)
        self.assertEqual(callback.date_deadline, request.callback_deadline.date())

    def _breached(self, **overrides):
        return self._new_request(
            team_id=self.team.id, notified_date=fields.Datetime.now() - timedelta(hours=25), **overrides
        )

    def _escalations(self, requests):
        kind = self.env.ref("aftersales_service.mail_activity_sla_escalation")
        return requests.activity_ids.filtered(lambda a: a.activity_type_id == kind)

    def test_escalation_of_breached_request(self):
        late = self._breached()
        on_time = self._new_request(team_id=self.team.id)
        visited = self._breached(check_in_date=fields.Datetime.now() - timedelta(hours=1))
        force_write(visited, {"state": "in_progress"})
        force_write(visited, {"replied_date": fields.Datetime.now()})
        Request = self.env["aftersales.request"]
        found = Request.search(Request._breach_domain())
        self.assertIn(late, found)
        self.assertNotIn(on_time, found)
        self.assertNotIn(visited, found)
        escalated = found._escalate_sla_breach()
        self.assertIn(late, escalated)
        self.assertTrue(late.escalated and late.sla_breached)
        activity = self._escalations(late)
        self.assertEqual(activity.user_id, self.dispatcher, "the team's dispatcher gets it")
        # Re-running (a cron retried after a crash) adds nothing.
        late._escalate_sla_breach()
        self.assertEqual(len(self._escalations(late)), 1)
        self.assertFalse(on_time.escalated)

    def test_escalation_falls_back_to_company_dispatcher(self):
        self.company.aftersales_dispatcher_id = self.agent
        late = self._new_request(notified_date=fields.Datetime.now() - timedelta(hours=25))
        late._escalate_sla_breach()
        self.assertEqual(self._escalations(late).user_id, self.agent)

    def test_cron_batches_and_commits_progress(self):
        self.company.aftersales_escalation_batch = 2
        late = self.env["aftersales.request"].browse([self._breached().id for _i in range(5)])
        progress = []

        def record_progress(cron, processed=0, *, remaining=None, deactivate=False):
            progress.append((processed, remaining))
            return 60.0

        with patch.object(type(self.env["ir.cron"]), "_commit_progress", record_progress):
            self.env["aftersales.request"]._cron_escalate_sla_breaches()
        self.assertTrue(all(late.mapped("escalated")))
        self.assertEqual([p for p, _r in progress][:3], [2, 2, 1])
        self.assertEqual(progress[-1][1], 0)

    def test_escalation_queries_do_not_grow_with_batch(self):
        def queries(count):
            late = self.env["aftersales.request"].browse([self._breached().id for _i in range(count)])
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            late._escalate_sla_breach()
            self.env.flush_all()
            return self.cr.sql_log_count - before

        queries(2)  # warm-up
        self.assertEqual(queries(3), queries(15))

    def test_shipped_automation_rule_escalates(self):
        automation = self.env.ref("aftersales_service.automation_onsite_deadline_breach")
        late = self._breached()
        records = automation._search_time_based_automation_records(until=fields.Datetime.now())
        self.assertIn(late, records)
        automation._process(records)
        self.assertTrue(late.escalated)
        self.assertEqual(len(self._escalations(late)), 1)


@tagged("post_install", "-at_install")
class TestRequestBatchQueries(AftersalesCase):
    """Deadlines, stage, policy and references are computed for the batch,
    not per record: creating 40 requests costs the same queries as 4."""

    def _vals(self, count):
        return [self._request_vals(fault_description=f"故障 {i}") for i in range(count)]

    def _create_queries(self, count):
        Request = self.env["aftersales.request"]
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        Request.create(self._vals(count))
        self.env.flush_all()
        return self.cr.sql_log_count - before

    def test_query_count_does_not_grow_with_batch(self):
        self._create_queries(2)  # warm the caches
        small, large = self._create_queries(4), self._create_queries(40)
        self.assertEqual(small, large, f"4 requests: {small} queries, 40 requests: {large}")

    @warmup
    def test_batch_create_query_count(self):
        installed = self.env["ir.module.module"].search(
            [("name", "in", list(QUERIES_ADDED_BY)), ("state", "=", "installed")]
        )
        expected = QUERIES_BATCH_CREATE + sum(QUERIES_ADDED_BY[name] for name in installed.mapped("name"))
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=expected):
            self.env["aftersales.request"].create(self._vals(20))
            self.env.flush_all()


# Measured on Odoo 19.0; a rise means a per-record query crept into create().
QUERIES_BATCH_CREATE = 12
# What each addon on top adds to a batch create, whatever the batch size:
# parts looks up the depots of the counties and sums the parts lines,
# warranty looks up the cards of the serials.
QUERIES_ADDED_BY = {"aftersales_parts": 3, "aftersales_warranty": 3}
