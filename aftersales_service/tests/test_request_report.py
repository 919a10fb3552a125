"""Each KPI of the request report on a small scripted set, computed by hand."""

from datetime import timedelta

from odoo import fields
from odoo.addons.aftersales_service.tests.common import force_write
from odoo.tests import tagged

from .common import AftersalesCase


@tagged("post_install", "-at_install")
class TestRequestReport(AftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.aftersales_repeat_repair_days = 90
        cls.product = cls.env["product.product"].create(
            {"name": "KPI 空调 KFR-35", "is_storable": True, "tracking": "serial"}
        )
        Lot = cls.env["stock.lot"]
        cls.lot1, cls.lot2, cls.lot3 = (
            Lot.create({"name": f"KPI-SN-{n}", "product_id": cls.product.id}) for n in (1, 2, 3)
        )
        now = fields.Datetime.now().replace(microsecond=0)
        t0 = now - timedelta(days=20)
        hour = timedelta(hours=1)

        def make(
            notified,
            deadline,
            check_in,
            reply_deadline,
            replied,
            state,
            technician,
            lot,
            revisit=0,
            quote=0.0,
            parent=None,
        ):
            request = cls._new_request(product_id=cls.product.id, lot_id=lot.id)
            # The clocks are set by hand (not by the policy) so each figure
            # below is known exactly.
            force_write(request, {"notified_date": notified})
            force_write(
                request,
                {
                    "onsite_deadline": deadline,
                    "check_in_date": check_in,
                    "reply_deadline": reply_deadline,
                    "replied_date": replied,
                    "state": state,
                    "technician_id": technician.id,
                    "revisit_count": revisit,
                    "quote_amount": quote,
                    "parent_id": parent and parent.id,
                },
            )
            return request

        tech_a, tech_b = cls.technician, cls.other_technician
        # r1: on site in time, replied in time, done at the first visit.
        cls.r1 = make(
            t0,
            t0 + 24 * hour,
            t0 + 2 * hour,
            t0 + 48 * hour,
            t0 + hour,
            "done",
            tech_a,
            cls.lot1,
            quote=100.0,
        )
        # r2: late on site, late reply, done after a revisit.
        cls.r2 = make(
            t0,
            t0 + 24 * hour,
            t0 + 30 * hour,
            t0 + 48 * hour,
            t0 + 50 * hour,
            "done",
            tech_a,
            cls.lot2,
            revisit=1,
            quote=250.5,
        )
        # r3: same serial as r1 five days later (a return for repair), on site
        # in time, reply deadline passed without a reply.
        t3 = t0 + timedelta(days=5)
        cls.r3 = make(
            t3, t3 + 24 * hour, t3 + 3 * hour, t3 + 48 * hour, False, "in_progress", tech_b, cls.lot1
        )
        # r4: on site in time, closed at the first visit, reply clock still running.
        cls.r4 = make(
            now - 2 * hour, now + 22 * hour, now - hour, now + 46 * hour, False, "closed", tech_b, cls.lot3
        )
        # r5: follow-up of r2 (a return for repair); nothing due yet.
        cls.r5 = make(
            now - hour, now + 23 * hour, False, now + 47 * hour, False, "new", tech_b, cls.lot2, parent=cls.r2
        )
        # r6: cancelled; its passed deadline counts for nothing.
        cls.r6 = make(t0, t0 + 24 * hour, False, t0 + 48 * hour, False, "cancelled", tech_b, cls.lot1)
        cls.requests = cls.r1 | cls.r2 | cls.r3 | cls.r4 | cls.r5 | cls.r6

    def _figures(self, measures, groupby=(), extra=()):
        self.env.flush_all()
        return self.env["aftersales.request.report"]._read_group(
            [("request_id", "in", self.requests.ids), *extra], list(groupby), list(measures)
        )

    def test_one_row_per_request(self):
        rows = self.env["aftersales.request.report"].search([("request_id", "in", self.requests.ids)])
        self.assertEqual(len(rows), 6)
        self.assertEqual(rows.request_id, self.requests)
        row = rows.filtered(lambda r: r.request_id == self.r1)
        self.assertEqual(row.county_id, self.r1.county_id)
        self.assertEqual(row.state_id, self.guangdong)
        self.assertEqual(row.lot_id, self.lot1)
        self.assertEqual(row.categ_id, self.product.categ_id)
        self.assertEqual(row.technician_id, self.technician)

    def test_onsite_compliance(self):
        # Due: r1, r2, r3, r4 (r5 not yet due, r6 cancelled). In time: r1, r3, r4.
        [(in_time, due, pct)] = self._figures(
            ["onsite_in_time:sum", "onsite_due:sum", "onsite_in_time_pct:avg"]
        )
        self.assertEqual((in_time, due), (3, 4))
        self.assertAlmostEqual(pct, 75.0)

    def test_onsite_compliance_per_technician(self):
        figures = {
            tech: (in_time, due, pct)
            for tech, in_time, due, pct in self._figures(
                ["onsite_in_time:sum", "onsite_due:sum", "onsite_in_time_pct:avg"],
                groupby=["technician_id"],
            )
        }
        # Technician A: r1 in time, r2 late. Technician B: r3 and r4 in time;
        # r5 and r6 are not due, so their NULL percentage does not count.
        self.assertEqual(figures[self.technician], (1, 2, 50.0))
        self.assertEqual(figures[self.other_technician], (2, 2, 100.0))

    def test_reply_compliance(self):
        # Due: r1 (in time), r2 (late), r3 (deadline passed, no reply).
        [(in_time, due, pct)] = self._figures(["reply_in_time:sum", "reply_due:sum", "reply_in_time_pct:avg"])
        self.assertEqual((in_time, due), (1, 3))
        self.assertAlmostEqual(pct, 100 / 3, places=2)

    def test_first_visit_fix(self):
        # Done or closed: r1, r2, r4; r2 needed a revisit.
        [(fixed, done, pct)] = self._figures(
            ["first_visit_fix:sum", "done_count:sum", "first_visit_fix_pct:avg"]
        )
        self.assertEqual((fixed, done), (2, 3))
        self.assertAlmostEqual(pct, 200 / 3, places=2)

    def test_return_for_repair(self):
        # r3: same serial as r1 within 90 days; r5: follow-up of r2. r6 is
        # cancelled. Rate over the 5 live requests: 2/5 = 40 %.
        [(returns, pct)] = self._figures(["return_for_repair:sum", "return_for_repair_pct:avg"])
        self.assertEqual(returns, 2)
        self.assertAlmostEqual(pct, 40.0)
        by_lot = dict(self._figures(["return_for_repair:sum"], groupby=["lot_id"]))
        self.assertEqual(by_lot[self.lot1], 1)
        self.assertEqual(by_lot[self.lot2], 1)
        self.assertEqual(by_lot[self.lot3], 0)

    def test_repeat_window_is_a_setting(self):
        # With a 3-day window, r1 -> r3 (5 days) is no longer a repeat repair.
        self.company.aftersales_repeat_repair_days = 3
        [(returns,)] = self._figures(["return_for_repair:sum"])
        self.assertEqual(returns, 1)

    def test_repair_cost(self):
        [(cost, count)] = self._figures(["quote_amount:sum", "request_count:sum"])
        self.assertAlmostEqual(cost, 350.5)
        self.assertEqual(count, 6)

    def test_period_filter(self):
        since = fields.Datetime.now() - timedelta(days=1)
        [(count, due)] = self._figures(["request_count:sum", "onsite_due:sum"], extra=[("date", ">=", since)])
        self.assertEqual((count, due), (2, 1))  # r4 (due) and r5 (not yet due)

    def test_partner_grade_follows_the_customer(self):
        if "aftersales_star_grade" not in self.env["res.partner"]._fields:
            self.skipTest("No customer grade installed")
        self.customer.aftersales_star_grade = "5"
        self.env.flush_all()
        rows = self.env["aftersales.request.report"].search([("request_id", "in", self.requests.ids)])
        self.assertEqual(set(rows.mapped("partner_grade")), {"5"})

    def test_views_load(self):
        for view_type in ("pivot", "graph", "list", "search"):
            self.env["aftersales.request.report"].get_views([(False, view_type)])
