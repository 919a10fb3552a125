from datetime import timedelta
from itertools import pairwise

from odoo import fields
from odoo.tests import tagged

from .common import AftersalesCase


@tagged("post_install", "-at_install")
class TestDispatch(AftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.aircon = cls.env["product.category"].create({"name": "空调"})
        cls.fridges = cls.env["product.category"].create({"name": "冰箱"})
        cls.aircon_product = cls.env["product.product"].create(
            {
                "name": "美的 KFR-26GW",
                "categ_id": cls.env["product.category"]
                .create({"name": "挂机", "parent_id": cls.aircon.id})
                .id,
            }
        )
        cls.fridge_product = cls.env["product.product"].create(
            {"name": "海尔 BCD-470", "categ_id": cls.fridges.id}
        )
        cls.nanshan.write({"latitude": 22.5333, "longitude": 113.9304})
        (cls.technician | cls.other_technician).write(
            {
                "aftersales_skill_ids": [(6, 0, cls.aircon.ids)],
                "aftersales_home_county_id": cls.nanshan.id,
                "aftersales_daily_capacity": 3,
            }
        )

    def _requests(self, count, **vals):
        return self.env["aftersales.request"].create(
            [
                self._request_vals(
                    **{"product_id": self.aircon_product.id, "fault_description": f"空调故障 {i}", **vals}
                )
                for i in range(count)
            ]
        )

    def _wizard(self, requests):
        return (
            self.env["aftersales.dispatch.wizard"]
            .with_user(self.dispatcher)
            .create({"request_ids": [(6, 0, requests.ids)]})
        )

    def test_propose_and_confirm(self):
        placeable = self._requests(4)
        uncovered = self.env["aftersales.county"].create(
            {"name": "无人区", "code": "449998", "city": "深圳市", "state_id": self.guangdong.id}
        )
        nobody_there = self._requests(1, county_id=uncovered.id)
        no_skill = self._requests(1, product_id=self.fridge_product.id)
        wizard = self._wizard(placeable | nobody_there | no_skill)
        wizard.action_propose()

        placed = wizard.line_ids.filtered("technician_id")
        self.assertEqual(placed.request_id, placeable)
        self.assertEqual(wizard.unplaced_count, 2)
        codes = {line.request_id: line.unplaced_code for line in wizard.line_ids - placed}
        self.assertEqual(codes, {nobody_there: "no_county_match", no_skill: "no_skill_match"})
        self.assertTrue(all(line.reason for line in wizard.line_ids))
        # Load is spread: two jobs each rather than four for one technician.
        per_tech = {
            tech: len(placed.filtered(lambda line, t=tech: line.technician_id == t))
            for tech in placed.technician_id
        }
        self.assertEqual(sorted(per_tech.values()), [2, 2])

        wizard.action_confirm()
        self.assertEqual(set(placeable.mapped("state")), {"scheduled"})
        for line in placed:
            self.assertEqual(line.request_id.technician_id, line.technician_id)
            self.assertEqual(line.request_id.planned_start, line.planned_start)
        self.assertEqual(set((nobody_there | no_skill).mapped("state")), {"new"})

    def test_confirmed_plan_respects_existing_bookings(self):
        first = self._requests(2)
        wizard = self._wizard(first)
        wizard.action_propose()
        wizard.action_confirm()
        second = self._requests(2)
        wizard = self._wizard(second)
        wizard.action_propose()
        wizard.action_confirm()
        booked = first | second
        for tech in booked.technician_id:
            jobs = booked.filtered(lambda r, t=tech: r.technician_id == t).sorted("planned_start")
            for earlier, later in pairwise(jobs):
                self.assertLessEqual(earlier.planned_end, later.planned_start)

    def test_proposal_queries_do_not_grow_with_batch(self):
        def queries(count):
            requests = self._requests(count)
            wizard = self._wizard(requests)
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            wizard._run_engine(requests)
            return self.cr.sql_log_count - before

        queries(2)  # warm-up
        self.assertEqual(queries(3), queries(30))


@tagged("post_install", "-at_install")
class TestRouteOrder(AftersalesCase):
    def test_day_is_reordered_as_a_shorter_route(self):
        County = self.env["aftersales.county"]
        # Three counties on a line north of the technician's home: booked far, near, middle.
        home, near, middle, far = (
            County.create(
                {
                    "name": name,
                    "code": code,
                    "city": "深圳市",
                    "state_id": self.guangdong.id,
                    "latitude": lat,
                    "longitude": 114.0,
                }
            )
            for name, code, lat in (
                ("甲区", "449901", 22.50),
                ("乙区", "449902", 22.60),
                ("丙区", "449903", 22.70),
                ("丁区", "449904", 22.80),
            )
        )
        self.technician.write(
            {
                "aftersales_home_county_id": home.id,
                "aftersales_county_ids": [(6, 0, (near | middle | far).ids)],
            }
        )
        # 09:00 Shanghai (01:00 UTC) two days ahead: the three jobs share one local day
        # whatever the time the test runs.
        start = (fields.Datetime.now() + timedelta(days=2)).replace(hour=1, minute=0, second=0, microsecond=0)
        jobs = self.env["aftersales.request"]
        for offset, county in enumerate((far, near, middle)):
            job = self._new_request(technician_id=self.technician.id, county_id=county.id)
            job.action_assign()
            begin = start + timedelta(hours=3 * offset)
            job.write({"planned_start": begin, "planned_end": begin + timedelta(hours=1)})
            job.action_schedule()
            jobs |= job
        jobs.action_optimise_routes()
        ordered = jobs.sorted("route_sequence")
        self.assertEqual(ordered.county_id.mapped("name"), ["乙区", "丙区", "丁区"])
        self.assertEqual(ordered.mapped("planned_start"), sorted(ordered.mapped("planned_start")))
        self.assertEqual(ordered[0].planned_start, start, "the day still starts when it did")
        for earlier, later in pairwise(ordered):
            self.assertLessEqual(earlier.planned_end, later.planned_start)
