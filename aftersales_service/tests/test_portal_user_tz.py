"""A customer invited to the portal with Odoo's portal wizard reads their
times in their own time zone from the first e-mail, not in UTC: a partner
without a time zone gets the one their address gives, else the inviting
user's, else the one of the company's working hours."""

from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPortalUserTimeZone(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.inviter = new_test_user(
            cls.env,
            "as_portal_inviter",
            groups="base.group_user,base.group_partner_manager",
            name="客服 邀请人",
            tz="America/New_York",
        )

    def _invite(self, name, email, inviter=None, **address):
        partner = self.env["res.partner"].create({"name": name, "email": email, "tz": False, **address})
        self.assertFalse(partner.tz)
        wizard = (
            self.env["portal.wizard"]
            .with_user(inviter or self.inviter)
            .with_context(active_ids=partner.ids)
            .create({})
        )
        wizard.user_ids.action_grant_access()
        user = partner.user_ids
        self.assertEqual(len(user), 1)
        self.assertTrue(user._is_portal())
        return user

    def test_chinese_address_reads_beijing_time(self):
        user = self._invite("深圳 陈先生", "chen.tz@example.com", country_id=self.env.ref("base.cn").id)
        self.assertEqual(user.tz, "Asia/Shanghai")
        self.assertEqual(user.partner_id.tz, "Asia/Shanghai")

    def test_country_of_one_time_zone(self):
        user = self._invite("東京 佐藤", "sato.tz@example.com", country_id=self.env.ref("base.jp").id)
        self.assertEqual(user.tz, "Asia/Tokyo")

    def test_country_of_several_time_zones_takes_the_inviters(self):
        user = self._invite(
            "Houston customer", "houston.tz@example.com", country_id=self.env.ref("base.us").id
        )
        self.assertEqual(user.tz, "America/New_York")

    def test_no_address_no_inviter_zone_takes_the_working_hours(self):
        self.env.company.resource_calendar_id.tz = "Asia/Shanghai"
        inviter = new_test_user(
            self.env,
            "as_portal_inviter_no_tz",
            groups="base.group_user,base.group_partner_manager",
            name="客服 无时区",
            tz=False,
        )
        self.assertFalse(inviter.tz)
        user = self._invite("无地址客户", "noaddress.tz@example.com", inviter=inviter)
        self.assertEqual(user.tz, "Asia/Shanghai")

    def test_own_time_zone_is_kept(self):
        partner = self.env["res.partner"].create(
            {
                "name": "乌鲁木齐 艾先生",
                "email": "ai.tz@example.com",
                "tz": "Asia/Urumqi",
                "country_id": self.env.ref("base.cn").id,
            }
        )
        wizard = (
            self.env["portal.wizard"].with_user(self.inviter).with_context(active_ids=partner.ids).create({})
        )
        wizard.user_ids.action_grant_access()
        self.assertEqual(partner.user_ids.tz, "Asia/Urumqi")
