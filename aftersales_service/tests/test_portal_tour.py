from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPortalTour(HttpCase):
    def test_customer_submits_a_request_on_the_portal(self):
        customer = new_test_user(
            self.env, "portal_tour_customer", groups="base.group_portal", name="门户巡检客户",
            tz="Asia/Shanghai",
        )
        product = self.env["product.product"].create(
            {"name": "巡检热水器", "sale_ok": True, "type": "consu", "is_storable": True,
             "tracking": "serial"}
        )
        lot = self.env["stock.lot"].create({"name": "TOUR-SN-1", "product_id": product.id})
        self.start_tour("/my/aftersales", "aftersales_portal_request_tour",
                        login="portal_tour_customer", timeout=120)
        request = self.env["aftersales.request"].search([("partner_id", "=", customer.partner_id.id)])
        self.assertEqual(len(request), 1)
        self.assertEqual(request.channel, "portal")
        self.assertEqual(request.product_id, product)
        self.assertEqual(request.lot_id, lot)
        self.assertEqual(request.fault_description, "热水器打不着火，显示E1")
        self.assertEqual(request.contact_phone, "13900002222")
        self.assertEqual(request.county_id.code, "440305")
        self.assertEqual(request.requested_date, fields.Datetime.to_datetime("2030-06-01 06:00:00"))
        self.assertEqual(request.state, "new")
