from datetime import timedelta

from odoo import fields
from odoo.addons.aftersales_service.tests.common import force_write
from odoo.tests import new_test_user, tagged

from .common import AftersalesCase


@tagged("post_install", "-at_install")
class TestCallbackReport(AftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        # The report reads the whole database: start from a clean slate.
        env["aftersales.callback"].search([]).unlink()
        Partner = env["res.partner"]
        Partner.search([("aftersales_star_grade", "!=", False)]).aftersales_star_grade = False
        cls.company.aftersales_callback_daily_target = 40
        cls.agent2 = new_test_user(
            env,
            "as_agent2",
            groups="aftersales_service.group_aftersales_agent",
            name="客服 李娜",
        )
        cls.five = Partner.create([{"name": f"五星 {i}", "aftersales_star_grade": "5"} for i in range(4)])
        cls.four = Partner.create([{"name": f"四星 {i}", "aftersales_star_grade": "4"} for i in range(4)])
        Partner.create(
            {"name": "财务排除", "aftersales_star_grade": "5", "aftersales_finance_excluded": True}
        )
        cls.today = fields.Date.context_today(cls.env.user)
        Callback = env["aftersales.callback"]
        # agent: 3 done (2 satisfied), 1 to do; agent2: 1 done satisfied, 1 to do, 1 cancelled.
        plan = [
            (cls.agent, cls.five[0], "done", 5),
            (cls.agent, cls.five[1], "done", 4),
            (cls.agent, cls.five[2], "done", 2),
            (cls.agent, cls.five[3], "todo", 0),
            (cls.agent2, cls.four[0], "done", 5),
            (cls.agent2, cls.four[1], "todo", 0),
            (cls.agent2, cls.four[2], "cancelled", 0),
        ]
        for user, partner, state, score in plan:
            callback = Callback.create(
                {
                    "partner_id": partner.id,
                    "user_id": user.id,
                    "purpose": "grade_coverage",
                    "date_due": cls.today,
                }
            )
            if state == "done":
                callback.write({"person_reached": partner.name, "satisfaction": score})
                callback.action_done()
            elif state == "cancelled":
                callback.action_cancel()
        cls.env.flush_all()
        cls.Report = env["aftersales.callback.report"]

    def test_satisfaction_rate_is_satisfied_done_over_done(self):
        [(due, done, satisfied, rate, score)] = self.Report._read_group(
            [("row_type", "=", "callback")],
            [],
            [
                "callback_count:sum",
                "done_count:sum",
                "satisfied_count:sum",
                "satisfaction_rate:avg",
                "satisfaction_score:avg",
            ],
        )
        # 6 live callbacks (the cancelled one is left out), 4 done, 3 satisfied (5, 4, 5; not 2).
        self.assertEqual((due, done, satisfied), (6, 4, 3))
        self.assertAlmostEqual(rate, 100.0 * 3 / 4)
        self.assertAlmostEqual(score, (5 + 4 + 2 + 5) / 4)

    def test_per_agent_against_the_daily_target(self):
        figures = self.Report._read_group(
            [("user_id", "in", (self.agent | self.agent2).ids)],
            ["user_id"],
            ["callback_count:sum", "done_count:sum", "target_count:sum", "satisfaction_rate:avg"],
        )
        by_agent = {user: rest for user, *rest in figures}
        # One day of calls each: target 40 a day.
        self.assertEqual(by_agent[self.agent][:3], [4, 3, 40])
        self.assertAlmostEqual(by_agent[self.agent][3], 100.0 * 2 / 3)
        self.assertEqual(by_agent[self.agent2][:3], [2, 1, 40])
        self.assertAlmostEqual(by_agent[self.agent2][3], 100.0)

    def test_per_grade_against_the_monthly_quota(self):
        figures = self.Report._read_group(
            [
                ("company_id", "=", self.company.id),
                ("date", ">=", self.today.replace(day=1)),
                ("date", "<=", self.today),
            ],
            ["partner_grade"],
            ["callback_count:sum", "done_count:sum", "quota_count:sum"],
        )
        by_grade = {grade: rest for grade, *rest in figures}
        # 5 stars: 4 customers (the finance-excluded one not counted) x 100 % = 4; 4 calls, 3 done.
        self.assertEqual(by_grade["5"], [4, 3, 4])
        # 4 stars: 4 x 50 % = 2; 2 live calls, 1 done.
        self.assertEqual(by_grade["4"], [2, 1, 2])


@tagged("post_install", "-at_install")
class TestComplaintReport(AftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.shop = env["res.partner"].create(
            {
                "name": "南山家电城",
                "phone": "0755-26880000",
                "aftersales_star_grade": "4",
                "street": "南山区南海大道1001号",
                "city": "深圳市",
                "state_id": cls.guangdong.id,
                "country_id": env.ref("base.cn").id,
            }
        )
        vals = cls._request_vals(partner_id=cls.shop.id)
        requests = env["aftersales.request"].create([vals] * 9)
        force_write(requests[8], {"state": "cancelled", "cancel_reason": "客户取消"})
        cls.old_request = env["aftersales.request"].create(vals)
        force_write(cls.old_request, {"notified_date": fields.Datetime.now() - timedelta(days=400)})
        promised = fields.Date.context_today(cls.env.user) + timedelta(days=2)
        quality = env.ref("aftersales_service.complaint_class_quality")
        attitude = env.ref("aftersales_service.complaint_class_attitude")
        Complaint = env["aftersales.complaint"]
        base = {"partner_id": cls.shop.id, "promised_date": promised}
        Complaint.create(
            [
                {**base, "complaint_class_id": quality.id, "is_major": True, "request_id": requests[0].id},
                {**base, "complaint_class_id": quality.id},
                {**base, "complaint_class_id": attitude.id},
            ]
        )
        Complaint.create({**base, "complaint_class_id": attitude.id, "is_major": True}).action_cancel()
        cls.company.aftersales_major_complaint_target = 1.0
        env.flush_all()
        cls.Report = env["aftersales.complaint.report"]
        cls.this_year = [
            ("partner_id", "=", cls.shop.id),
            ("date", ">=", fields.Datetime.now() - timedelta(days=30)),
        ]

    def test_major_complaint_rate(self):
        # 8 live requests in the period (the cancelled one and last year's are out);
        # 1 major complaint (the cancelled major one does not count): 1 / 8 = 12.5 %.
        major, requests, rate, target = self.Report._major_complaint_rate(self.this_year)
        self.assertEqual((major, requests), (1, 8))
        self.assertAlmostEqual(rate, 12.5)
        self.assertEqual(target, 1.0)
        # Over all time, last year's request joins the denominator: 1 / 9.
        major, requests, rate, _target = self.Report._major_complaint_rate(
            [("partner_id", "=", self.shop.id)]
        )
        self.assertEqual((major, requests), (1, 9))
        self.assertAlmostEqual(rate, round(100 / 9, 2))

    def test_complaints_by_class(self):
        figures = self.Report._read_group(
            [*self.this_year, ("row_type", "=", "complaint")],
            ["complaint_class_id"],
            ["complaint_count:sum", "major_count:sum"],
        )
        by_class = {cls.name: rest for cls, *rest in figures}
        self.assertEqual(by_class, {"Product Quality": [2, 1], "Service Attitude": [1, 0]})

    def test_filters_by_grade_and_county(self):
        [(grade, complaints, requests)] = self.Report._read_group(
            self.this_year, ["partner_grade"], ["complaint_count:sum", "request_count:sum"]
        )
        self.assertEqual((grade, complaints, requests), ("4", 3, 8))
        # The complaint on a request takes the request's county.
        [county] = self.Report.search([*self.this_year, ("major_count", "=", 1)]).mapped("county_id")
        self.assertEqual(county, self.nanshan)
