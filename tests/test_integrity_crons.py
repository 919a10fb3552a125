"""Crons are idempotent when re-run after a crash.

Every cron of the suite commits through ``ir.cron._commit_progress``, so
each run here is a real committed transaction. The crons work on the whole
database; to see only this test's records they run, as the scheduler would
run a cron configured with a user, as a dedicated user of a dedicated
company (the multi-company record rules scope the searches). All committed
data is removed at the end."""

import uuid
from datetime import timedelta
from unittest.mock import patch

from odoo import api, fields
from odoo.addons.aftersales_service.tests.common import CommittedWork, force_create, force_write
from odoo.sql_db import db_connect
from odoo.tests import TransactionCase

from ._base import SuiteCase


class CrashInBatch(Exception):
    """The fault injected in the middle of a cron run."""


class CronCase(SuiteCase, CommittedWork, TransactionCase):
    def _cron(self, model, method):
        """One cron run as the scheduler does it: its own cursor, committed by
        the cron itself; an exception rolls back what it did not commit."""
        with db_connect(self.env.cr.dbname).cursor() as cr:
            env = api.Environment(cr, self.cron_uid, {})
            try:
                getattr(env[model], method)()
                env.flush_all()
                cr.commit()
            except Exception:
                cr.rollback()
                raise

    def setUp(self):
        super().setUp()
        self.tag = uuid.uuid4().hex[:10]
        self.company_id, self.cron_uid, self.policy_id = self._committed(self._setup_company)
        self.addCleanup(self._committed, self._remove_company)

    def _setup_company(self, env):
        company = env["res.company"].create(
            {
                "name": f"幂等测试公司 {self.tag}",
                "aftersales_escalation_batch": 2,
                # The callback rules that reach customers shared by every company
                # are switched off: only this test's records get callbacks.
                "aftersales_callback_cadence": "",
                "aftersales_callback_coverage_5": 0.0,
                "aftersales_callback_coverage_4": 0.0,
                "aftersales_followup_max_hours": 100000.0,
            }
        )
        user = env["res.users"].create(
            {
                "name": f"定时任务 {self.tag}",
                "login": f"as_cron_{self.tag}",
                "company_id": company.id,
                "company_ids": [(6, 0, company.ids)],
                "group_ids": [
                    (
                        6,
                        0,
                        [
                            env.ref("base.group_user").id,
                            env.ref("aftersales_service.group_aftersales_manager").id,
                        ],
                    )
                ],
            }
        )
        company.write(
            {
                "aftersales_dispatcher_id": user.id,
                "aftersales_complaint_manager_id": user.id,
                "aftersales_complaint_supervisor_id": user.id,
            }
        )
        policy = env["aftersales.sla.policy"].create(
            {
                "name": f"幂等测试 SLA {self.tag}",
                "company_id": company.id,
                "onsite_hours": 24.0,
                "reply_hours": 48.0,
                "callback_days": 3.0,
            }
        )
        return company.id, user.id, policy.id

    def _remove_company(self, env):
        company = env["res.company"].browse(self.company_id)
        scope = [("company_id", "=", company.id)]
        env["aftersales.callback"].with_context(active_test=False).search(scope).unlink()
        env["aftersales.complaint"].search(scope).unlink()
        requests = env["aftersales.request"].search(scope)
        partners = requests.partner_id | env["res.partner"].search(
            [("name", "like", self.tag), ("company_id", "=", company.id)]
        )
        requests.unlink()
        partners.unlink()
        env["aftersales.sla.policy"].browse(self.policy_id).unlink()
        user = env["res.users"].browse(self.cron_uid)
        user_partner = user.partner_id
        company.write(
            {
                "aftersales_dispatcher_id": False,
                "aftersales_complaint_manager_id": False,
                "aftersales_complaint_supervisor_id": False,
            }
        )
        try:
            with env.cr.savepoint():
                user.unlink()
                user_partner.unlink()
                company_partner = company.partner_id
                company.unlink()
                company_partner.unlink()
        except Exception:  # pylint: disable=broad-except
            # Stock gives a new company a warehouse, routes and picking types
            # that cannot be deleted: the company and its user stay, archived.
            user.action_archive()
            company.action_archive()

    def _partner(self, env, name, **vals):
        return env["res.partner"].create(
            {"name": f"{name} {self.tag}", "phone": "13800000000", "company_id": self.company_id, **vals}
        )

    def _activities(self, env, model, ids, xmlid):
        kind = env.ref(xmlid)
        groups = env["mail.activity"]._read_group(
            [("res_model", "=", model), ("res_id", "in", ids), ("activity_type_id", "=", kind.id)],
            ["res_id"],
            ["__count"],
        )
        return dict(groups)


class TestSlaCronIdempotent(CronCase):
    ESCALATION = "aftersales_service.mail_activity_sla_escalation"

    def _breached_requests(self, count):
        def work(env):
            partner = self._partner(env, "超时客户")
            now = fields.Datetime.now()
            requests = force_create(
                env["aftersales.request"],
                [
                    {
                        "partner_id": partner.id,
                        "company_id": self.company_id,
                        "request_type": "repair",
                        "fault_description": f"超时 {i}",
                        "user_id": self.cron_uid,
                        "notified_date": now - timedelta(hours=30 + i),
                    }
                    for i in range(count)
                ],
            )
            # An open request within its clock: the cron must leave it alone.
            on_time = force_create(
                env["aftersales.request"],
                {
                    "partner_id": partner.id,
                    "company_id": self.company_id,
                    "request_type": "repair",
                    "fault_description": "未超时",
                    "notified_date": now,
                },
            )
            return requests.ids, on_time.id

        return self._committed(work)

    def _state(self, ids):
        def work(env):
            requests = env["aftersales.request"].browse(ids)
            return (
                {r.id: (r.escalated, r.sla_breached, r.escalation_date) for r in requests},
                self._activities(env, "aftersales.request", ids, self.ESCALATION),
            )

        return self._committed(work)

    def test_rerun_after_a_run_changes_nothing(self):
        ids, on_time = self._breached_requests(3)
        self._cron("aftersales.request", "_cron_escalate_sla_breaches")
        first = self._state([*ids, on_time])
        self.assertEqual({i: first[0][i][:2] for i in ids}, dict.fromkeys(ids, (True, True)))
        self.assertEqual(first[0][on_time][:2], (False, False))
        self.assertEqual(first[1], dict.fromkeys(ids, 1), "one escalation activity per breached request")
        # The cron crashed after its commit and the scheduler runs it again.
        self._cron("aftersales.request", "_cron_escalate_sla_breaches")
        self.assertEqual(self._state([*ids, on_time]), first, "same flags, same dates, no second activity")

    def test_crash_after_the_first_committed_batch(self):
        ids, _on_time = self._breached_requests(5)
        Request = type(self.env["aftersales.request"])
        original = Request._escalate_sla_breach
        calls = []

        def crash_in_second_batch(records):
            calls.append(records.ids)
            escalated = original(records)
            if len(calls) == 2:
                records.env.flush_all()  # the batch's writes reach the database...
                raise CrashInBatch("worker crashed in batch 2")  # ...and are never committed
            return escalated

        with (
            patch.object(Request, "_escalate_sla_breach", crash_in_second_batch),
            self.assertRaises(CrashInBatch),
        ):
            self._cron("aftersales.request", "_cron_escalate_sla_breaches")
        self.assertEqual([len(batch) for batch in calls], [2, 2], "batches of the company's size")

        flags, activities = self._state(ids)
        committed = {rid for rid, (escalated, _b, _d) in flags.items() if escalated}
        self.assertEqual(committed, set(calls[0]), "batch 1 committed, batch 2 rolled back")
        self.assertEqual(activities, dict.fromkeys(calls[0], 1))

        self._cron("aftersales.request", "_cron_escalate_sla_breaches")
        flags_after, activities_after = self._state(ids)
        self.assertTrue(all(escalated for escalated, _b, _d in flags_after.values()))
        self.assertEqual(activities_after, dict.fromkeys(ids, 1), "every request escalated exactly once")
        self.assertEqual(
            {rid: flags_after[rid] for rid in calls[0]},
            {rid: flags[rid] for rid in calls[0]},
            "the re-run left the committed batch as it was",
        )


class TestComplaintCronIdempotent(CronCase):
    ESCALATION = "aftersales_service.mail_activity_complaint_escalation"

    def test_rerun_escalates_once(self):
        def setup(env):
            partner = self._partner(env, "投诉客户")
            promised = fields.Date.context_today(env.user) + timedelta(days=3)
            complaints = env["aftersales.complaint"].create(
                [
                    {
                        "partner_id": partner.id,
                        "company_id": self.company_id,
                        "is_major": True,
                        "customer_words": f"重大投诉 {i}",
                        "promised_date": promised,
                    }
                    for i in range(3)
                ]
            )
            minor = env["aftersales.complaint"].create(
                {
                    "partner_id": partner.id,
                    "company_id": self.company_id,
                    "customer_words": "一般投诉",
                    "promised_date": promised,
                }
            )
            # Level 1 overdue: the supervisor did not answer in time.
            force_write(
                complaints,
                {"escalation_level": "1", "escalation_deadline": fields.Datetime.now() - timedelta(hours=1)},
            )
            return complaints.ids, minor.id

        ids, minor = self._committed(setup)

        def state(env):
            complaints = env["aftersales.complaint"].browse([*ids, minor])
            return (
                {c.id: (c.escalation_level, c.escalation_deadline) for c in complaints},
                self._activities(env, "aftersales.complaint", [*ids, minor], self.ESCALATION),
            )

        before = self._committed(state)
        self._cron("aftersales.complaint", "_cron_escalate_complaints")
        first = self._committed(state)
        self.assertEqual({i: first[0][i][0] for i in ids}, dict.fromkeys(ids, "2"), "moved to the manager")
        self.assertEqual(first[0][minor], before[0][minor])
        self.assertEqual(first[1], {i: before[1].get(i, 0) + 1 for i in ids}, "one new activity each")
        self._cron("aftersales.complaint", "_cron_escalate_complaints")
        self.assertEqual(self._committed(state), first, "the re-run escalates nothing again")


class TestCallbackCronIdempotent(CronCase):
    def test_rerun_creates_no_duplicate_callback(self):
        def setup(env):
            customer = self._partner(env, "回访客户")
            newcomer = self._partner(env, "新客户", customer_rank=1)
            request = env["aftersales.request"].create(
                {
                    "partner_id": customer.id,
                    "company_id": self.company_id,
                    "request_type": "repair",
                    "fault_description": "回访测试",
                }
            )
            force_write(
                request,
                {
                    "state": "done",
                    "done_date": fields.Datetime.now() - timedelta(days=1),
                    "work_done": "更换电容",
                },
            )
            return request.id, newcomer.id

        request_id, newcomer_id = self._committed(setup)

        def callbacks(env):
            records = (
                env["aftersales.callback"]
                .with_context(active_test=False)
                .search([("company_id", "=", self.company_id)])
            )
            return sorted(
                (c.partner_id.id, c.purpose, c.window_key, c.request_id.id, c.user_id.id, c.state)
                for c in records
            )

        self._cron("aftersales.callback", "_cron_generate_callbacks")
        first = self._committed(callbacks)
        mine = {(row[1], row[3] or row[0]) for row in first}
        self.assertIn(("after_service", request_id), mine)
        self.assertIn(("new_customer", newcomer_id), mine)
        keys = [row[:3] for row in first]
        self.assertEqual(len(keys), len(set(keys)))
        self._cron("aftersales.callback", "_cron_generate_callbacks")
        self.assertEqual(self._committed(callbacks), first, "the re-run creates and re-assigns nothing")
