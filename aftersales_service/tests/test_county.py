from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import AftersalesCase


@tagged("post_install", "-at_install")
class TestCounty(AftersalesCase):
    def test_shipped_counties(self):
        County = self.env["aftersales.county"]
        self.assertGreater(County.search_count([]), 2800, "every county of mainland China ships as data")
        haidian = self.env.ref("aftersales_service.county_110108")
        self.assertEqual((haidian.name, haidian.code, haidian.state_id.code), ("海淀区", "110108", "京"))
        self.assertAlmostEqual(haidian.latitude, 39.96, delta=0.1)
        self.assertAlmostEqual(haidian.longitude, 116.30, delta=0.1)

    def test_partner_county_from_address(self):
        cases = [
            (
                {
                    "street": "历城区工业北路188号",
                    "city": "济南市",
                    "state_id": self.env.ref("base.state_cn_SD").id,
                },
                "370112",
            ),
            ({"street": "广东省深圳市福田区深南大道6008号"}, "440304"),
            ({"street": "天河区体育西路103号", "city": "广州"}, "440106"),
            ({"street": "朝阳区建国路88号", "state_id": self.env.ref("base.state_cn_BJ").id}, "110105"),
        ]
        for vals, code in cases:
            with self.subTest(code=code):
                partner = self.env["res.partner"].create({"name": "客户", **vals})
                self.assertEqual(partner.aftersales_county_id.code, code)

    def test_duplicate_county_name_needs_context(self):
        # 鼓楼区 exists in Nanjing, Fuzhou, Xuzhou and Kaifeng: no guess without a city.
        partner = self.env["res.partner"].create({"name": "客户", "street": "鼓楼区中山路1号"})
        self.assertFalse(partner.aftersales_county_id)
        partner.city = "福州市"
        self.assertEqual(partner.aftersales_county_id.code, "350102")

    def test_county_set_by_hand_is_kept(self):
        partner = self.env["res.partner"].create({"name": "客户", "street": "某工业园3号"})
        partner.aftersales_county_id = self.nanshan
        partner.street = "某工业园5号"  # still unreadable: the manual choice stays
        self.assertEqual(partner.aftersales_county_id, self.nanshan)
        partner.street = "宝安区新安街道建安一路"
        partner.city = "深圳市"
        self.assertEqual(partner.aftersales_county_id.code, "440306")

    def test_request_county_follows_site_address(self):
        request = self._new_request()
        self.assertEqual(request.county_id, self.nanshan)
        request.write(
            {
                "street": "海淀区中关村大街27号",
                "city": "北京市",
                "state_id": self.env.ref("base.state_cn_BJ").id,
            }
        )
        self.assertEqual(request.county_id.code, "110108")

    def test_bad_county_code_refused(self):
        County = self.env["aftersales.county"]
        for code in ("12345", "1234567", "11010A"):
            with self.subTest(code=code), self.assertRaisesRegex(ValidationError, "6 digits"):
                County.create({"name": "测试县", "code": code, "state_id": self.guangdong.id})

    def test_new_county_is_matched_at_once(self):
        self.env["aftersales.county"].create(
            {"name": "前海合作区", "code": "440399", "city": "深圳市", "state_id": self.guangdong.id}
        )
        partner = self.env["res.partner"].create({"name": "客户", "street": "深圳市前海合作区梦海大道"})
        self.assertEqual(partner.aftersales_county_id.code, "440399")
