from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestRequestTour(HttpCase):
    def test_create_request_from_the_ui(self):
        self.env["res.partner"].create(
            {
                "name": "巡检测试客户",
                "street": "南山区科技园南区",
                "city": "深圳市",
                "state_id": self.env.ref("base.state_cn_GD").id,
            }
        )
        self.start_tour("/odoo", "aftersales_request_tour", login="admin", timeout=120)
        request = self.env["aftersales.request"].search([("partner_id.name", "=", "巡检测试客户")])
        self.assertEqual(len(request), 1)
        self.assertEqual(request.contact_phone, "13900001111")
        self.assertEqual(request.county_id.code, "440305")
        self.assertEqual(request.state, "new")
        self.assertTrue(request.onsite_deadline)
