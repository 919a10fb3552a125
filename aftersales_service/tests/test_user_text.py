"""What users read: engine results worded in the reader's language with
record names, and times in the reader's time zone to the minute."""

from datetime import datetime, timedelta

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from ..tools import user_datetime, user_duration
from .common import AftersalesCase, load_zh_cn

# 2030-03-04 01:13:18.159318 UTC is 09:13 in Shanghai.
BOOKED = datetime(2030, 3, 4, 1, 13, 18, 159318)


@tagged("post_install", "-at_install")
class TestUserText(AftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_zh_cn(cls.env)
        cls.dispatcher.write({"lang": "zh_CN", "tz": "Asia/Shanghai"})
        cls.nobodys_county = cls.env["aftersales.county"].create(
            {"name": "无人区", "code": "449997", "city": "深圳市", "state_id": cls.guangdong.id}
        )

    def _as_dispatcher(self, records):
        """As the web client sends it: the user's language and time zone."""
        return records.with_user(self.dispatcher).with_context(lang="zh_CN", tz="Asia/Shanghai")

    def test_one_helper_formats_times_to_the_minute_in_the_readers_zone(self):
        env = self.env(context={"lang": "en_US", "tz": "Asia/Shanghai"})
        english = user_datetime(env, BOOKED)
        self.assertTrue(english.startswith("03/04/2030 09:13"), english)
        self.assertNotIn(":18", english)
        chinese = self.env(context={"lang": "zh_CN", "tz": "Asia/Shanghai"})
        self.assertEqual(user_datetime(chinese, BOOKED), "2030/03/04 09:13")
        self.assertEqual(user_datetime(chinese, BOOKED, tz="UTC"), "2030/03/04 01:13")
        # Without a time zone in the context, the user's own.
        dispatcher_env = self.env(user=self.dispatcher, context={"lang": "zh_CN"})
        self.assertEqual(user_datetime(dispatcher_env, BOOKED), "2030/03/04 09:13")
        self.assertEqual(user_datetime(env, False), "")
        self.assertEqual(user_duration(env, 185), "3 h 5 min")
        self.assertEqual(user_duration(chinese, 60), "1 小时")
        self.assertEqual(user_duration(chinese, 5), "5 分钟")

    def test_double_booking_refusal_in_local_time_to_the_minute(self):
        first = self._new_request(technician_id=self.technician.id)
        first.action_assign()
        first.write({"planned_start": BOOKED, "planned_end": BOOKED + timedelta(hours=2)})
        second = self._new_request(technician_id=self.technician.id)
        second.action_assign()
        with self.assertRaises(ValidationError) as refusal:
            self._as_dispatcher(second).write(
                {
                    "planned_start": BOOKED + timedelta(hours=1),
                    "planned_end": BOOKED + timedelta(hours=3),
                }
            )
        message = str(refusal.exception)
        self.assertIn("张伟", message)
        self.assertIn(first.name, message)
        self.assertIn("2030/03/04 09:13", message)
        self.assertIn("2030/03/04 11:13", message)
        self.assertNotIn("01:13", message, "never UTC")
        self.assertNotIn(":18", message, "no seconds")
        self.assertNotIn("159318", message, "no microseconds")

    def test_booking_rule_refusal_in_local_time(self):
        request = self._new_request(technician_id=self.technician.id, county_id=self.nobodys_county.id)
        request.action_assign()
        with self.assertRaises(ValidationError) as refusal:
            self._as_dispatcher(request).write(
                {"planned_start": BOOKED, "planned_end": BOOKED + timedelta(hours=2)}
            )
        message = str(refusal.exception)
        self.assertIn("2030/03/04 09:13", message)
        self.assertIn("无人区", message)
        self.assertNotIn(":18", message)

    def test_dispatch_reasons_in_chinese_with_names(self):
        uncovered = self._new_request(county_id=self.nobodys_county.id)
        placed = self._new_request()
        wizard = self._as_dispatcher(self.env["aftersales.dispatch.wizard"]).create(
            {"request_ids": [(6, 0, (uncovered | placed).ids)]}
        )
        wizard.action_propose()
        lines = {line.request_id: line for line in wizard.line_ids}
        reason = lines[uncovered].reason
        self.assertEqual(reason, f"没有技师负责 {self.nobodys_county.display_name}。")
        self.assertNotIn(str(self.nobodys_county.id), reason)
        placed_line = lines[placed]
        self.assertTrue(placed_line.technician_id)
        local = user_datetime(
            self.env(context={"lang": "zh_CN", "tz": "Asia/Shanghai"}), placed_line.planned_start
        )
        self.assertIn(local, placed_line.reason)
        self.assertIn("候选技师", placed_line.reason)
        self.assertNotIn("candidate", placed_line.reason)

    def test_dispatch_reason_without_county_or_skill(self):
        category = self.env["product.category"].create({"name": "中央空调"})
        product = self.env["product.product"].create({"name": "多联机 VRF-12", "categ_id": category.id})
        self.technician.aftersales_skill_ids = [
            (6, 0, self.env["product.category"].create({"name": "冰箱"}).ids)
        ]
        self.other_technician.aftersales_skill_ids = self.technician.aftersales_skill_ids
        no_skill = self._new_request(product_id=product.id)
        wizard = self._as_dispatcher(self.env["aftersales.dispatch.wizard"]).create(
            {"request_ids": [(6, 0, no_skill.ids)]}
        )
        wizard.action_propose()
        reason = wizard.line_ids.reason
        self.assertIn(self.nanshan.display_name, reason)
        self.assertIn("中央空调", reason)
        covering = self.env["hr.employee"].search_count(
            [("is_aftersales_technician", "=", True), ("aftersales_county_ids", "in", self.nanshan.ids)]
        )
        self.assertIn(f"的技师有 {covering} 名", reason)

    def test_invalid_phone_in_chinese(self):
        with self.assertRaises(ValidationError) as refusal:
            self._as_dispatcher(self.env["aftersales.request"]).create(
                self._request_vals(contact_phone="12345")
            )
        self.assertIn("“12345”不是有效的电话号码", str(refusal.exception))

    def test_settings_the_engines_refuse_are_refused_first(self):
        with self.assertRaises(ValidationError) as refusal:
            self.company.with_context(lang="zh_CN").aftersales_callback_coverage_4 = 120
        self.assertIn("0 到 100", str(refusal.exception))

    def test_travel_speed_refused_in_words(self):
        with self.assertRaisesRegex(ValidationError, "greater than zero: Average Travel Speed"):
            self.company.aftersales_travel_speed_kmh = 0

    def test_cadence_refused_in_words(self):
        with self.assertRaisesRegex(ValidationError, "callback cadence 1,三,10 must list whole numbers"):
            self.company.aftersales_callback_cadence = "1,三,10"
