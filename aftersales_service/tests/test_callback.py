from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import fields
from odoo.addons.aftersales_service.tests.common import force_create, force_write
from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import AftersalesCase


class CallbackCase(AftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Callback = cls.env["aftersales.callback"]
        cls.agent2 = new_test_user(
            cls.env,
            "as_agent2",
            groups="aftersales_service.group_aftersales_agent",
            name="客服 李娜",
        )
        cls.now = fields.Datetime.now()
        cls._clean_slate()

    @classmethod
    def _clean_slate(cls):
        """The generator works on the whole database: leave out whatever other
        tests committed (requests, graded customers, agents) so that every
        figure below is the test's own."""
        env = cls.env
        env["aftersales.callback"].search([]).unlink()
        force_write(
            env["aftersales.request"].search([("done_date", "!=", False)]),
            {"done_date": cls.now - timedelta(days=400)},
        )
        Partner = env["res.partner"]
        Partner.search([("aftersales_star_grade", "!=", False)]).aftersales_star_grade = False
        Partner.search([("aftersales_follow_up", "=", True)]).aftersales_follow_up = False
        Partner.search(
            [("customer_rank", ">", 0), ("create_date", ">=", cls.now - timedelta(days=10))]
        ).customer_rank = 0
        env.ref("aftersales_service.group_aftersales_agent").user_ids = cls.agent | cls.agent2
        # Invoices other tests posted would feed the sale cadence: the tests
        # that need it set it themselves.
        cls.company.aftersales_callback_cadence = ""

    def _generate(self, now=None):
        return self.Callback._generate_callbacks(self.company, now=now or self.now)

    def _done_request(self, done_date, **overrides):
        request = self._new_request(**overrides)
        force_write(request, {"state": "done", "done_date": done_date, "work_done": "更换电容"})
        return request

    def _partners(self, count, **vals):
        return self.env["res.partner"].create(
            [
                {
                    "name": f"{vals.get('aftersales_star_grade', 'x')}星客户 {i}",
                    "phone": "13800000000",
                    **vals,
                }
                for i in range(count)
            ]
        )

    def _callbacks(self, partners, purpose):
        return self.Callback.search([("partner_id", "in", partners.ids), ("purpose", "=", purpose)])


@tagged("post_install", "-at_install")
class TestCallbackRecord(CallbackCase):
    def test_satisfaction_must_be_1_to_5(self):
        callback = self.Callback.create({"partner_id": self.customer.id})
        with self.assertRaisesRegex(ValidationError, "from 1 to 5"):
            callback.satisfaction = 6
        with self.assertRaisesRegex(ValidationError, "from 1 to 5"):
            callback.satisfaction = -1
        callback.satisfaction = 4
        self.assertTrue(callback.satisfied)
        callback.satisfaction = 3
        self.assertFalse(callback.satisfied)

    def test_done_needs_the_person_reached(self):
        callback = self.Callback.with_user(self.agent).create({"partner_id": self.customer.id})
        with self.assertRaisesRegex(UserError, "person reached"):
            callback.action_done()
        callback.write({"person_reached": "陈先生", "satisfaction": 5, "content": "空调运行正常"})
        callback.action_done()
        self.assertEqual(callback.state, "done")
        self.assertTrue(callback.date_done)
        with self.assertRaisesRegex(
            UserError, "Cannot mark done callback .*: it is Done; this step needs it to be To Do"
        ):
            callback.action_done()

    def test_issue_found_opens_a_request_in_one_click(self):
        source = self._done_request(self.now - timedelta(days=3))
        callback = self.Callback.with_user(self.agent).create(
            {"partner_id": self.customer.id, "request_id": source.id, "person_reached": "陈太太"}
        )
        with self.assertRaisesRegex(UserError, "issue found"):
            callback.action_open_request()
        callback.issue_found = "内机漏水"
        action = callback.action_open_request()
        request = callback.followup_request_id
        self.assertEqual(action["res_id"], request.id)
        self.assertEqual(
            (
                request.partner_id,
                request.channel,
                request.fault_description,
                request.parent_id,
                request.contact_name,
            ),
            (self.customer, "callback", "内机漏水", source, "陈太太"),
        )
        # A second click opens the same request.
        self.assertEqual(callback.action_open_request()["res_id"], request.id)

    def test_database_refuses_a_duplicate_window(self):
        vals = {"partner_id": self.customer.id, "purpose": "grade_coverage", "window_key": "2026-11"}
        force_create(self.Callback, vals)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            force_create(self.Callback, vals)


@tagged("post_install", "-at_install")
class TestAfterServiceCallback(CallbackCase):
    def test_request_done_creates_the_quality_callback(self):
        request = self._new_request(technician_id=self.technician.id)
        request.write({"planned_start": self.now, "planned_end": self.now + timedelta(hours=1)})
        request.action_assign()
        request.action_schedule()
        request.action_start()
        request.work_done = "清洗滤网，补充冷媒"
        request.action_done()
        [callback] = request.callback_ids
        self.assertEqual(callback.purpose, "after_service")
        self.assertEqual(callback.date_due, (request.done_date + timedelta(days=3)).date())
        self.assertEqual(callback.user_id, request.user_id)
        self.assertEqual(callback.window_key, f"req:{request.id}")
        # The generator sees it and does not add a second one.
        self._generate()
        self.assertEqual(len(request.callback_ids.filtered(lambda c: c.purpose == "after_service")), 1)

    def test_company_setting_when_the_policy_sets_no_callback(self):
        self.env.ref("aftersales_service.sla_policy_standard").callback_days = 0
        self.company.aftersales_callback_after_done_days = 5
        request = self._done_request(self.now - timedelta(days=1))
        self.assertFalse(request.callback_deadline)
        self._generate()
        callback = request.callback_ids.filtered(lambda c: c.purpose == "after_service")
        self.assertEqual(callback.date_due, (request.done_date + timedelta(days=5)).date())


@tagged("post_install", "-at_install")
class TestCallbackGeneration(CallbackCase):
    def test_cron_twice_creates_no_duplicates(self):
        self._partners(3, aftersales_star_grade="5")
        self._partners(2, aftersales_follow_up=True)
        self._done_request(self.now - timedelta(days=1))
        first = self._generate()
        self.assertTrue(first)
        total = self.Callback.search_count([])
        self.assertFalse(self._generate())
        self.assertEqual(self.Callback.search_count([]), total)
        keys = self.Callback.search([]).mapped(lambda c: (c.partner_id.id, c.purpose, c.window_key))
        self.assertEqual(len(keys), len(set(keys)))

    def test_grade_coverage_quota(self):
        five = self._partners(4, aftersales_star_grade="5")
        four = self._partners(4, aftersales_star_grade="4")
        excluded = self._partners(1, aftersales_star_grade="5", aftersales_finance_excluded=True)
        three = self._partners(2, aftersales_star_grade="3")
        self._generate()
        self.assertEqual(len(self._callbacks(five, "grade_coverage")), 4, "5 stars: 100 % of 4")
        self.assertEqual(len(self._callbacks(four, "grade_coverage")), 2, "4 stars: 50 % of 4")
        self.assertFalse(self._callbacks(excluded, "grade_coverage"), "finance-flagged: excluded")
        self.assertFalse(self._callbacks(three, "grade_coverage"), "3 stars: no quota")
        month = f"{self.now.year:04d}-{self.now.month:02d}"
        self.assertEqual(set(self._callbacks(five | four, "grade_coverage").mapped("window_key")), {month})

    def test_grade_coverage_counts_calls_already_made(self):
        four = self._partners(5, aftersales_star_grade="4")
        self.company.aftersales_callback_coverage_4 = 40.0  # 5 x 40 % = 2
        self._generate()
        self.assertEqual(len(self._callbacks(four, "grade_coverage")), 2)
        self.company.aftersales_callback_coverage_4 = 60.0  # 5 x 60 % = 3: one more
        self._generate()
        self.assertEqual(len(self._callbacks(four, "grade_coverage")), 3)
        # Next month: a new window, the quota starts again.
        self._generate(now=self.now + timedelta(days=32))
        self.assertEqual(len(self._callbacks(four, "grade_coverage")), 6)

    def test_new_customers_within_three_days(self):
        new = self._partners(2, customer_rank=1)
        excluded = self._partners(1, customer_rank=1, aftersales_finance_excluded=True)
        not_customer = self._partners(1)
        self._generate()
        callbacks = self._callbacks(new | excluded | not_customer, "new_customer")
        self.assertEqual(callbacks.partner_id, new)
        created = fields.Date.context_today(self.Callback, new[0].create_date)  # the local day
        self.assertEqual(set(callbacks.mapped("date_due")), {created + timedelta(days=3)})
        # A week later they are no longer new: nothing more.
        self.Callback.search([("purpose", "=", "new_customer")]).unlink()
        self._generate(now=self.now + timedelta(days=7))
        self.assertFalse(self._callbacks(new, "new_customer"))

    def test_follow_up_customer_every_48_hours(self):
        [partner] = self._partners(1, aftersales_follow_up=True)
        last = self.Callback.create(
            {"partner_id": partner.id, "purpose": "after_service", "person_reached": "王经理"}
        )
        last.action_done()
        force_write(last, {"date_done": self.now - timedelta(hours=20)})
        # Next call due at last + 48 h = now + 28 h: beyond the next run, not yet.
        self._generate()
        self.assertFalse(self._callbacks(partner, "follow_up"))
        # 6 hours later it is due within the next day: created once.
        later = self.now + timedelta(hours=6)
        self._generate(now=later)
        [follow_up] = self._callbacks(partner, "follow_up")
        # Due on the local day (the user's time zone) of last + 48 h.
        self.assertEqual(
            follow_up.date_due, fields.Date.context_today(self.Callback, last.date_done + timedelta(hours=48))
        )
        self._generate(now=later + timedelta(hours=30))
        self.assertEqual(len(self._callbacks(partner, "follow_up")), 1, "one open follow-up at a time")
        # Done: the next one counts from this contact.
        follow_up.write({"person_reached": "王经理"})
        follow_up.action_done()
        force_write(follow_up, {"date_done": later})
        self._generate(now=later + timedelta(hours=30))
        self.assertEqual(len(self._callbacks(partner, "follow_up")), 2)

    def test_cadence_after_a_service(self):
        self.company.aftersales_callback_cadence = "1,3,10"
        request = self._done_request(self.now - timedelta(days=1))
        self._generate()
        cadence = request.callback_ids.filtered(lambda c: c.purpose == "sale_cadence")
        self.assertEqual(cadence.mapped("cadence_day"), [1])
        # Day 3 is the after-service callback already; day 10 comes on day 10.
        self._generate(now=self.now + timedelta(days=2))
        self.assertEqual(len(request.callback_ids.filtered(lambda c: c.purpose == "sale_cadence")), 1)
        self._generate(now=self.now + timedelta(days=9))
        cadence = request.callback_ids.filtered(lambda c: c.purpose == "sale_cadence")
        self.assertEqual(sorted(cadence.mapped("cadence_day")), [1, 10])

    def test_finance_excluded_customer_gets_no_cadence(self):
        self.customer.aftersales_finance_excluded = True
        request = self._done_request(self.now - timedelta(days=1))
        self._generate()
        self.assertFalse(request.callback_ids.filtered(lambda c: c.purpose == "sale_cadence"))
        self.assertTrue(
            request.callback_ids.filtered(lambda c: c.purpose == "after_service"),
            "the quality callback of a service is not a quota",
        )

    def test_agents_get_at_most_their_daily_target(self):
        self.company.aftersales_callback_daily_target = 2
        five = self._partners(6, aftersales_star_grade="5")
        # The first agent already has one call due today.
        self.Callback.create({"partner_id": self.customer.id, "user_id": self.agent.id})
        self._generate()
        coverage = self._callbacks(five, "grade_coverage")
        self.assertEqual(len(coverage), 6)
        per_agent = {
            user: len(coverage.filtered(lambda c, u=user: c.user_id == u)) for user in coverage.user_id
        }
        self.assertEqual(per_agent, {self.agent: 1, self.agent2: 2})
        self.assertEqual(len(coverage.filtered(lambda c: not c.user_id)), 3, "the rest waits for tomorrow")
        # Tomorrow, with today's calls still open, nobody has room.
        self._generate(now=self.now + timedelta(days=1))
        self.assertEqual(len(coverage.filtered(lambda c: not c.user_id)), 3)
        # Once calls are done, the next run fills the room again.
        for callback in coverage.filtered("user_id"):
            callback.write({"person_reached": "客户本人"})
            callback.action_done()
        force_write(self.Callback.search([("partner_id", "=", self.customer.id)]), {"state": "cancelled"})
        self._generate(now=self.now + timedelta(days=1))
        self.assertFalse(coverage.filtered(lambda c: not c.user_id))
