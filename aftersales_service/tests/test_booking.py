import uuid
from datetime import datetime, timedelta

from odoo import SUPERUSER_ID
from odoo.addons.aftersales_service.tests.common import force_create
from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from .common import OFFICE_HOURS, ROUND_THE_CLOCK, AftersalesCase, CommittedWork, make_calendar

# 2030-03-04 is a Monday; 02:00 UTC is 10:00 in Shanghai.
MONDAY_10 = datetime(2030, 3, 4, 2, 0)
SATURDAY_10 = datetime(2030, 3, 9, 2, 0)


@tagged("post_install", "-at_install")
class TestBookingRules(AftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.office_hours = make_calendar(cls.env, "工作日 8-12 13-17", OFFICE_HOURS, days=range(5))
        cls.aircon = cls.env["product.category"].create({"name": "空调"})
        cls.split_unit = cls.env["product.category"].create({"name": "分体机", "parent_id": cls.aircon.id})
        cls.fridges = cls.env["product.category"].create({"name": "冰箱"})
        cls.aircon_product = cls.env["product.product"].create(
            {"name": "格力 KFR-35GW", "categ_id": cls.split_unit.id}
        )
        cls.fridge_product = cls.env["product.product"].create(
            {"name": "海尔 BCD-470", "categ_id": cls.fridges.id}
        )
        cls.technician.write(
            {"resource_calendar_id": cls.office_hours.id, "aftersales_skill_ids": [(6, 0, cls.aircon.ids)]}
        )

    def _book(self, start, hours=2, **vals):
        request = self._new_request(
            technician_id=self.technician.id, product_id=self.aircon_product.id, **vals
        )
        request.action_assign()
        request.write({"planned_start": start, "planned_end": start + timedelta(hours=hours)})
        request.action_schedule()
        return request

    def test_walk_in_job_needs_no_county(self):
        """Done at the service point: no address to cover, nothing refused;
        the same job on site without a county is refused (bad-input table)."""
        request = self._book(MONDAY_10, channel="walk_in", county_id=False)
        self.assertEqual((request.state, request.county_id.id), ("scheduled", False))

    def test_booking_inside_hours_with_skill_and_county(self):
        request = self._book(MONDAY_10)
        self.assertEqual(request.state, "scheduled")

    def test_outside_working_hours_refused(self):
        with self.assertRaisesRegex(ValidationError, "outside their working hours"):
            self._book(SATURDAY_10)
        with self.assertRaisesRegex(ValidationError, "outside their working hours"):
            self._book(MONDAY_10 + timedelta(hours=7))  # 17:00-19:00 local

    def test_leave_refused(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "年假",
                "resource_id": self.technician.resource_id.id,
                "calendar_id": self.office_hours.id,
                "date_from": MONDAY_10 - timedelta(hours=2),
                "date_to": MONDAY_10 + timedelta(hours=8),
            }
        )
        with self.assertRaisesRegex(ValidationError, "on leave"):
            self._book(MONDAY_10)

    def test_county_not_covered_refused(self):
        jinan = self.env["res.partner"].create(
            {
                "name": "济南客户",
                "phone": "0531-88123456",
                "street": "历下区泉城路1号",
                "city": "济南市",
                "state_id": self.env.ref("base.state_cn_SD").id,
            }
        )
        with self.assertRaisesRegex(ValidationError, "not among the counties they cover"):
            self._book(MONDAY_10, partner_id=jinan.id)

    def test_skill_missing_refused(self):
        request = self._new_request(technician_id=self.technician.id, product_id=self.fridge_product.id)
        request.action_assign()
        with self.assertRaisesRegex(ValidationError, "lack the skill"):
            request.write({"planned_start": MONDAY_10, "planned_end": MONDAY_10 + timedelta(hours=2)})

    def test_double_booking_refused_with_clear_message(self):
        first = self._book(MONDAY_10)
        with self.assertRaisesRegex(ValidationError, f"already booked .* on {first.name}"):
            self._book(MONDAY_10 + timedelta(hours=1), hours=1)
        second = self._book(MONDAY_10 + timedelta(hours=3))  # 13:00 local, after lunch
        self.assertEqual(second.state, "scheduled")

    def test_dispatcher_override_with_reason(self):
        request = self._new_request(technician_id=self.technician.id, product_id=self.fridge_product.id)
        request.action_assign()
        as_dispatcher = request.with_user(self.dispatcher)
        as_dispatcher.write(
            {
                "booking_override_reason": "周六加班，客户店铺周末营业",
                "planned_start": SATURDAY_10,
                "planned_end": SATURDAY_10 + timedelta(hours=2),
            }
        )
        as_dispatcher.action_schedule()
        self.assertEqual(request.state, "scheduled")
        # The override never allows a double booking.
        clash = self._new_request(technician_id=self.technician.id)
        clash.action_assign()
        with self.assertRaisesRegex(ValidationError, "already booked"):
            clash.with_user(self.dispatcher).write(
                {
                    "booking_override_reason": "强行插单",
                    "planned_start": SATURDAY_10,
                    "planned_end": SATURDAY_10 + timedelta(hours=1),
                }
            )

    def test_context_cannot_switch_the_checks_off(self):
        request = self._new_request(technician_id=self.technician.id, product_id=self.aircon_product.id)
        request.action_assign()
        sneaky = request.with_user(self.dispatcher).with_context(
            aftersales_booking_deferred=True, aftersales_booking_checks_deferred=True
        )
        with self.assertRaisesRegex(ValidationError, "outside their working hours"):
            sneaky.write({"planned_start": SATURDAY_10, "planned_end": SATURDAY_10 + timedelta(hours=1)})

    def test_only_dispatcher_may_override(self):
        request = self._new_request(technician_id=self.technician.id)
        for user in (self.agent, self.tech_user):
            with self.subTest(user=user.login), self.assertRaisesRegex(UserError, "Only a dispatcher"):
                request.with_user(user).write({"booking_override_reason": "我自己定"})


@tagged("post_install", "-at_install")
class TestBookingConcurrency(CommittedWork, TransactionCase):
    """20 dispatchers book one technician's slot at the same moment, each in
    its own database transaction: exactly one booking commits."""

    PARALLEL = 20

    def _setup_data(self, env):
        calendar = make_calendar(env, "并发测试 24h", ROUND_THE_CLOCK)
        county = env["aftersales.county"].search([], limit=1)
        technician = env["hr.employee"].create(
            {
                "name": "并发测试技师",
                "is_aftersales_technician": True,
                "resource_calendar_id": calendar.id,
                "aftersales_county_ids": [(6, 0, county.ids)],
            }
        )
        partner = env["res.partner"].create({"name": "并发测试客户", "phone": "13800000000"})
        requests = force_create(
            env["aftersales.request"],
            [
                {
                    "partner_id": partner.id,
                    "fault_description": f"并发 {i}",
                    "technician_id": technician.id,
                    "county_id": county.id,
                    "state": "assigned",
                }
                for i in range(self.PARALLEL)
            ],
        )
        return requests.ids, technician.id, partner.id, calendar.id

    def _cleanup(self, ids):
        self._committed(lambda env: self._remove_scheduling_fixture(env, *ids))

    def test_parallel_bookings_of_one_slot(self):
        ids = self._committed(self._setup_data)
        self.addCleanup(self._cleanup, ids)
        request_ids = ids[0]
        start = datetime(2030, 3, 4, 2, 0)

        def book(_env, request):
            request.write({"planned_start": start, "planned_end": start + timedelta(hours=2)})
            request.action_schedule()

        outcomes = self._race(
            [(SUPERUSER_ID, rid) for rid in request_ids],
            lambda env, rid: env["aftersales.request"].browse(rid),
            book,
        )
        self.assertEqual(outcomes.count("won"), 1, outcomes)

        def count_booked(env):
            return env["aftersales.request"].search_count(
                [("id", "in", request_ids), ("state", "=", "scheduled")]
            )

        self.assertEqual(self._committed(count_booked), 1)


@tagged("post_install", "-at_install")
class TestDispatchSameRequestConcurrency(CommittedWork, TransactionCase):
    """Two dispatch confirmations of the same request at the same moment, by
    the same dispatcher (two browser tabs, or two clients on one login), each
    to a technician of its own, mail tracking on: one booking commits; the
    other is refused by PostgreSQL before it writes anything (a serialization
    failure, which Odoo retries; the retry sees the request scheduled and says
    so). Without the row lock the loser died on a duplicate follower (the
    dispatcher subscribed twice), an error Odoo does not retry."""

    def _setup_data(self, env):
        tag = uuid.uuid4().hex[:8]
        calendar = make_calendar(env, f"同单并发 24h {tag}", ROUND_THE_CLOCK)
        county = env["aftersales.county"].search([], limit=1)
        technicians = env["hr.employee"].create(
            [
                {
                    "name": f"同单并发技师{i}",
                    "is_aftersales_technician": True,
                    "resource_calendar_id": calendar.id,
                    "aftersales_county_ids": [(6, 0, county.ids)],
                }
                for i in range(2)
            ]
        )
        dispatcher = env["res.users"].create(
            {
                "name": "同单并发调度员",
                "login": f"race_dispatcher_{tag}",
                "group_ids": [(4, env.ref("aftersales_service.group_aftersales_dispatcher").id)],
            }
        )
        partner = env["res.partner"].create(
            {"name": "同单并发客户", "phone": "13800000001", "email": "race@example.com"}
        )
        request = env["aftersales.request"].create(
            {
                "partner_id": partner.id,
                "fault_description": "同单并发",
                "county_id": county.id,
            }
        )
        return request.id, technicians.ids, dispatcher.id, partner.id, calendar.id

    def _cleanup(self, ids):
        request_id, technician_ids, dispatcher_id, partner_id, calendar_id = ids

        def work(env):
            self._remove_scheduling_fixture(env, [request_id], technician_ids, [partner_id], [calendar_id])
            dispatcher = env["res.users"].browse(dispatcher_id)
            dispatcher.active = False
            dispatcher.partner_id.active = False

        self._committed(work)

    def test_two_dispatchers_confirm_the_same_request(self):
        ids = self._committed(self._setup_data)
        self.addCleanup(self._cleanup, ids)
        request_id, technician_ids, dispatcher_id = ids[:3]
        start = datetime(2030, 3, 4, 2, 0)

        def before(env, technician_id):
            request = env["aftersales.request"].browse(request_id)
            request.fetch(["state"])  # both snapshots are taken before either commits
            return request, env["hr.employee"].browse(technician_id)

        def confirm(_env, state):
            request, technician = state
            request._book_proposals({request_id: (technician, start, start + timedelta(hours=2))})

        outcomes = self._race([(dispatcher_id, tid) for tid in technician_ids], before, confirm, context={})
        self.assertEqual(sorted(outcomes), ["SerializationFailure", "won"])

        def booked(env):
            request = env["aftersales.request"].browse(request_id)
            dispatcher = env["res.users"].browse(dispatcher_id)
            followers = env["mail.followers"].search_count(
                [
                    ("res_model", "=", "aftersales.request"),
                    ("res_id", "=", request_id),
                    ("partner_id", "=", dispatcher.partner_id.id),
                ]
            )
            return request.state, len(request.technician_id), followers

        self.assertEqual(self._committed(booked), ("scheduled", 1, 1))
