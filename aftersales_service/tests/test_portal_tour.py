from odoo import fields
from odoo.addons.aftersales_service.tests.common import force_write
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPortalTour(HttpCase):
    def test_customer_submits_a_request_on_the_portal(self):
        customer = new_test_user(
            self.env,
            "portal_tour_customer",
            groups="base.group_portal",
            name="门户巡检客户",
            tz="Asia/Shanghai",
        )
        product = self.env["product.product"].create(
            {
                "name": "巡检热水器",
                "sale_ok": True,
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
            }
        )
        lot = self.env["stock.lot"].create({"name": "TOUR-SN-1", "product_id": product.id})
        self.start_tour(
            "/my/aftersales", "aftersales_portal_request_tour", login="portal_tour_customer", timeout=120
        )
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


@tagged("post_install", "-at_install")
class TestPortalOnThePhone(HttpCase):
    """Every portal page of the service addon on a 390 px phone: the home
    page's entries have small pictograms like Odoo's own, and no page makes
    the customer scroll sideways."""

    browser_size = "390x844"
    touch_enabled = True

    def test_portal_pages_fit_a_phone(self):
        customer = new_test_user(
            self.env,
            "portal_phone_customer",
            groups="base.group_portal",
            name="手机门户客户",
            tz="Asia/Shanghai",
        )
        request = self.env["aftersales.request"].create(
            {
                "partner_id": customer.partner_id.id,
                "contact_name": customer.name,
                "contact_phone": "13900003333",
                "fault_description": "空调室外机运转时噪音很大，内机出风不凉，遥控器显示E4故障代码，需要上门检修",
                "street": "广东省深圳市南山区科技园南区高新南七道深圳湾科技生态园10栋B座2003室",
            }
        )
        force_write(
            request, {"state": "done", "work_done": "更换室外机风扇电机及启动电容，清洗冷凝器，试机运行正常"}
        )
        self.env["aftersales.complaint"].create(
            {
                "partner_id": customer.partner_id.id,
                "complaint_class_id": self.env.ref("aftersales_service.complaint_class_quality").id,
                "promised_date": fields.Date.context_today(self.env.user),
                "request_id": request.id,
                "customer_words": "师傅迟到两个小时，也没有提前打电话通知",
            }
        )
        self.start_tour("/my", "aftersales_portal_phone_tour", login="portal_phone_customer", timeout=180)
