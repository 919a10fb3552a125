"""The promised completion time (预计交车时间): set once by the advisor,
moved only through Agree a New Time with its history, the advisor warned
before it passes, and the on-time KPI against the first promise."""

from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.addons.aftersales_service.tests.common import force_write
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common_quality import QualityCase, force_passed_final_check, sign_settlement


@tagged("post_install", "-at_install")
class TestPromise(QualityCase):
    def setUp(self):
        super().setUp()
        self.now = fields.Datetime.now().replace(microsecond=0)
        self.job = self._job_for()
        self.job.advisor_id = self.advisor
        self.job.with_user(self.advisor).write({"promised_date": self.now + timedelta(hours=6)})

    def _cron(self):
        """The cron's work, without its commit."""
        with patch.object(type(self.env["ir.cron"]), "_commit_progress", lambda cron, processed=0, **kw: 0.0):
            self.env["aftersales.workshop.job"]._cron_warn_promises()

    def _agree(self, new_date, reason="压缩机需从中心库调货", user=None):
        user = user or self.advisor
        form = Form(
            self.env["aftersales.workshop.promise.wizard"]
            .with_user(user)
            .with_context(default_job_id=self.job.id)
        )
        form.new_date = new_date
        form.reason = reason
        wizard = form.save()
        return wizard.action_confirm()

    def test_the_promise_moves_only_through_the_wizard(self):
        first = self.job.promised_date
        with self.assertRaisesRegex(UserError, "change it with Agree a New Time"):
            self.job.with_user(self.advisor).write({"promised_date": first + timedelta(days=1)})
        self.assertEqual(self.job.promised_date, first)
        self.assertEqual(self.job.first_promised_date, first)
        new = first + timedelta(days=1)
        self._agree(new)
        self.assertEqual(self.job.promised_date, new)
        self.assertEqual(self.job.first_promised_date, first)
        promise = self.job.promise_ids
        self.assertEqual(len(promise), 1)
        self.assertEqual((promise.old_date, promise.new_date), (first, new))
        self.assertEqual(
            (promise.told_by_id, promise.user_id, promise.channel), (self.advisor, self.advisor, "phone")
        )
        self.assertTrue(promise.told_in_time)
        self.assertEqual(promise.reason, "压缩机需从中心库调货")
        # Both promises stay on record; a second change keeps the first promise.
        self._agree(new + timedelta(hours=3), reason="等待客户确认增项")
        self.assertEqual(len(self.job.promise_ids), 2)
        self.assertEqual(self.job.first_promised_date, first)
        # The history is the suite's: nobody edits it.
        with self.assertRaises(AccessError):
            promise.with_user(self.advisor).write({"told_in_time": False})
        with self.assertRaisesRegex(UserError, "cannot be written directly"):
            self.env["aftersales.workshop.promise"].with_user(self.advisor).create(
                {"job_id": self.job.id, "old_date": first, "new_date": new, "reason": "x"}
            )

    def test_told_after_the_old_time_is_recorded_as_late(self):
        later = self.now + timedelta(hours=7)
        with freeze_time(later):
            self._agree(later + timedelta(hours=5))
        self.assertFalse(self.job.promise_ids.told_in_time)

    def test_bad_new_times_are_refused(self):
        with self.assertRaisesRegex(UserError, "must be in the future"):
            self._agree(self.now - timedelta(hours=1))
        with self.assertRaisesRegex(UserError, "the one already promised"):
            self._agree(self.job.promised_date)
        with self.assertRaisesRegex(UserError, "Give the reason"):
            self._agree(self.now + timedelta(days=2), reason="  ")
        with self.assertRaises(AccessError):
            self._agree(self.now + timedelta(days=2), user=self.agent)
        with self.assertRaisesRegex(UserError, "Only a service advisor"):
            self.job.with_user(self.agent)._agree_new_promise(
                self.now + timedelta(days=2), "x", self.agent, "phone"
            )
        no_promise = self._job_for()
        with self.assertRaisesRegex(UserError, "has no promised completion yet"):
            no_promise.with_user(self.advisor)._agree_new_promise(
                self.now + timedelta(days=1), "x", self.advisor, "phone"
            )
        self.assertFalse(self.job.promise_ids)

    def test_the_advisor_is_warned_before_the_promise_passes(self):
        self.company.aftersales_promise_warning_hours = 2.0
        activity_type = self.env.ref("aftersales_workshop.mail_activity_promise_warning")

        def warnings():
            return self.job.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)

        # 6 h before the promise: nothing yet.
        self._cron()
        self.assertFalse(warnings())
        # 1 h 30 before: the advisor gets an activity, once.
        with freeze_time(self.now + timedelta(hours=4, minutes=30)):
            self._cron()
            self._cron()
        self.assertEqual(len(warnings()), 1)
        self.assertEqual(warnings().user_id, self.advisor)
        self.assertIn(self.job.name, warnings().summary)
        self.assertTrue(self.job.promise_warned)
        # A new time agreed closes the warning and arms the next one.
        with freeze_time(self.now + timedelta(hours=5)):
            self._agree(self.now + timedelta(hours=10))
        self.assertFalse(warnings())
        self.assertFalse(self.job.promise_warned)
        # The setting decides how early: 6 h before the new promise.
        self.company.aftersales_promise_warning_hours = 6.0
        with freeze_time(self.now + timedelta(hours=5)):
            self._cron()
        self.assertEqual(len(warnings()), 1)

    def test_a_ready_job_is_not_warned(self):
        force_write(self.job, {"state": "ready"})
        with freeze_time(self.now + timedelta(hours=5)):
            self._cron()
        self.assertFalse(self.job.promise_warned)

    def test_late_jobs(self):
        Job = self.env["aftersales.workshop.job"]
        self.assertFalse(self.job.is_late)
        with freeze_time(self.now + timedelta(hours=7)):
            self.job.invalidate_recordset(["is_late"])
            self.assertTrue(self.job.is_late)
            self.assertIn(self.job, Job.search([("is_late", "=", True)]))
        self.assertNotIn(self.job, Job.search([("is_late", "=", True)]))

    def test_on_time_against_the_first_promise(self):
        first = self.job.promised_date
        self._agree(first + timedelta(days=2))
        force_write(self.job, {"state": "ready"})
        force_passed_final_check(self.job, self.inspector)
        sign_settlement(self.job, self.advisor)
        # Handed over after the first promise, before the second: late.
        with freeze_time(first + timedelta(days=1)):
            self.job.with_user(self.advisor).action_deliver()
        self.assertEqual(self.job.delivered_date, first + timedelta(days=1))
        self.assertFalse(self.job.delivered_on_time)
        on_time = self._job_for()
        on_time.with_user(self.advisor).write({"promised_date": first})
        force_write(on_time, {"state": "ready"})
        force_passed_final_check(on_time, self.inspector)
        sign_settlement(on_time, self.advisor)
        on_time.with_user(self.advisor).action_deliver()
        self.assertTrue(on_time.delivered_on_time)
        with self.assertRaisesRegex(UserError, "cannot be written directly"):
            on_time.with_user(self.advisor).write({"delivered_date": first + timedelta(days=9)})
