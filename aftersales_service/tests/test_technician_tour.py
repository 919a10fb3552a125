from datetime import UTC, datetime, time, timedelta

import pytz

from odoo import fields
from odoo.addons.aftersales_service.tests.common import force_write
from odoo.tests import HttpCase, new_test_user, tagged

from .common import ROUND_THE_CLOCK, make_calendar


def _day_start_utc(moment, tz):
    """Naive UTC start of the local day (in `tz`) holding naive UTC `moment`."""
    local_day = pytz.utc.localize(moment).astimezone(tz).date()
    return tz.localize(datetime.combine(local_day, time.min)).astimezone(pytz.utc).replace(tzinfo=None)


def _browser_day_start_utc(moment):
    """Naive UTC start of the day holding `moment` in this machine's time
    zone, which the test browser inherits: the "Today's Jobs" filter is
    evaluated by the browser, in its own time zone."""
    local = moment.replace(tzinfo=UTC).astimezone()
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight.astimezone(UTC).replace(tzinfo=None)


@tagged("post_install", "-at_install")
class TestTechnicianTour(HttpCase):
    browser_size = "390x844"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        shanghai = pytz.timezone("Asia/Shanghai")
        cls.tech_user = new_test_user(
            cls.env,
            "as_phone_tech",
            groups="aftersales_service.group_aftersales_technician",
            name="技师 赵磊",
            tz="Asia/Shanghai",
        )
        calendar = make_calendar(cls.env, "全天候值班（手机巡检）", ROUND_THE_CLOCK)
        product = cls.env["product.product"].create({"name": "分体空调 KFR-35GW", "type": "consu"})
        cls.technician = cls.env["hr.employee"].create(
            {
                "name": "赵磊",
                "user_id": cls.tech_user.id,
                "is_aftersales_technician": True,
                "resource_calendar_id": calendar.id,
                "aftersales_county_ids": [(6, 0, cls.env.ref("aftersales_service.county_440305").ids)],
                "aftersales_skill_ids": [(6, 0, product.categ_id.ids)],
            }
        )
        customer = cls.env["res.partner"].create(
            {
                "name": "深圳市南山测试电器有限公司",
                "phone": "0755-26880000",
                "street": "南山区科技园南区高新南七道",
                "city": "深圳市",
                "state_id": cls.env.ref("base.state_cn_GD").id,
                "country_id": cls.env.ref("base.cn").id,
            }
        )
        # Today in Shanghai and in the browser's own time zone (the filter
        # runs there): any time of the day, even just after midnight.
        now = fields.Datetime.now().replace(second=0, microsecond=0)
        start = max(
            now - timedelta(minutes=30),
            _day_start_utc(now, shanghai),
            _browser_day_start_utc(now),
        )
        tomorrow = max(
            _day_start_utc(now + timedelta(days=1), shanghai),
            _browser_day_start_utc(now + timedelta(days=1)),
        ) + timedelta(hours=3)
        Request = cls.env["aftersales.request"]
        vals = {
            "partner_id": customer.id,
            "contact_name": "陈先生",
            "contact_phone": "13812345678",
            "product_id": product.id,
            "request_type": "repair",
        }
        cls.job = Request.create({**vals, "fault_description": "空调外机异响待检修"})
        cls.tomorrow_job = Request.create({**vals, "fault_description": "明天的工单：空调不制冷"})
        for job, begin in ((cls.job, start), (cls.tomorrow_job, tomorrow)):
            force_write(
                job,
                {
                    "technician_id": cls.technician.id,
                    "planned_start": begin,
                    "planned_end": begin + timedelta(hours=2),
                    "state": "scheduled",
                },
            )

    def test_technician_day_on_the_phone(self):
        self.assertEqual(self.job.county_id, self.env.ref("aftersales_service.county_440305"))
        self.start_tour(
            "/odoo/action-aftersales_service.action_aftersales_request_technician_today",
            "aftersales_technician_tour",
            login="as_phone_tech",
            timeout=180,
        )
        job = self.job
        job.invalidate_recordset()
        self.assertEqual(job.state, "done")
        self.assertTrue(job.travel_start_date)
        self.assertTrue(job.check_in_date)
        self.assertLessEqual(job.travel_start_date, job.check_in_date)
        self.assertEqual(job.work_done, "更换外机风扇电机，试机正常")
        self.assertTrue(job.signature)
        self.assertEqual(job.signed_by, "陈先生")
        self.assertTrue(job.signed_on)
        self.assertTrue(job.check_out_date)
        self.assertEqual(self.tomorrow_job.state, "scheduled", "tomorrow's job was not touched")

    def test_check_in_records_the_phone_position(self):
        self.start_tour(
            "/odoo/action-aftersales_service.action_aftersales_request_technician_today",
            "aftersales_technician_checkin_position_tour",
            login="as_phone_tech",
            timeout=120,
        )
        job = self.job
        job.invalidate_recordset()
        self.assertEqual(job.state, "in_progress")
        self.assertTrue(job.travel_start_date, "arriving implies having travelled")
        self.assertAlmostEqual(job.check_in_latitude, 22.5405, places=4)
        self.assertAlmostEqual(job.check_in_longitude, 113.9345, places=4)
