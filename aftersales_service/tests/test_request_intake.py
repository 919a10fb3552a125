from datetime import timedelta

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import AftersalesCase, force_write


@tagged("post_install", "-at_install")
class TestRequestIntake(AftersalesCase):
    def test_create_numbers_and_defaults(self):
        request = self._new_request()
        self.assertRegex(request.name, r"^SR\d{4}-\d{5}$")
        self.assertEqual(request.state, "new")
        self.assertEqual(request.stage_id, self.env.ref("aftersales_service.stage_new"))
        self.assertEqual(request.county_id, self.nanshan, "county from the customer's address")
        self.assertEqual(request.street, self.customer.street)

    def test_required_fields(self):
        Request = self.env["aftersales.request"]
        for missing in ("partner_id", "contact_phone", "fault_description"):
            vals = self._request_vals()
            vals[missing] = False
            with self.subTest(missing=missing), self.assertRaises(ValidationError), self.cr.savepoint():
                Request.create(vals)

    def test_phone_is_normalized(self):
        request = self._new_request(contact_phone="+86 138-1234-5678")
        self.assertEqual(request.contact_phone, "13812345678")
        request.contact_phone = "0755 2688 1234"
        self.assertEqual(request.contact_phone, "0755-26881234")

    def test_bad_phone_is_refused_and_nothing_written(self):
        Request = self.env["aftersales.request"]
        before = Request.search_count([])
        for bad in ("12345", "138123456789", "abc", "021-123"):
            with (
                self.subTest(phone=bad),
                self.assertRaisesRegex(ValidationError, "not a valid phone"),
                self.cr.savepoint(),
            ):
                Request.create([self._request_vals(), self._request_vals(contact_phone=bad)])
        self.assertEqual(Request.search_count([]), before, "a failed batch writes no request")

    def test_fault_date_in_future_is_refused(self):
        tomorrow = fields.Date.context_today(self.env.user) + timedelta(days=1)
        with self.assertRaisesRegex(ValidationError, "in the future"):
            self._new_request(fault_date=tomorrow)
        request = self._new_request(fault_date=fields.Date.context_today(self.env.user))
        self.assertEqual(request.fault_date, fields.Date.context_today(self.env.user))

    def test_serial_must_match_product(self):
        product_a = self.env["product.product"].create(
            {"name": "格力空调 KFR-35GW", "is_storable": True, "tracking": "serial"}
        )
        product_b = self.env["product.product"].create(
            {"name": "美的冰箱 BCD-520", "is_storable": True, "tracking": "serial"}
        )
        lot_b = self.env["stock.lot"].create({"name": "MD2026000123", "product_id": product_b.id})
        with self.assertRaisesRegex(ValidationError, "MD2026000123"):
            self._new_request(product_id=product_a.id, lot_id=lot_b.id)

    def test_technician_flag_required(self):
        clerk = self.env["hr.employee"].create({"name": "文员 周敏"})
        with self.assertRaisesRegex(ValidationError, "not flagged as a technician"):
            self._new_request(technician_id=clerk.id)

    def test_form_fills_contact_and_address_from_customer(self):
        form = Form(self.env["aftersales.request"])
        form.partner_id = self.customer
        self.assertEqual(form.contact_name, self.customer.name)
        self.assertEqual(form.contact_phone, "0755-26881234")
        self.assertEqual(form.county_id, self.nanshan)
        form.fault_description = "洗衣机漏水"
        request = form.save()
        self.assertEqual(request.contact_phone, "0755-26881234")

    def test_site_partner_overrides_address(self):
        site = self.env["res.partner"].create(
            {
                "name": "华强电器 海淀仓库",
                "parent_id": self.customer.id,
                "type": "other",
                "phone": "010-62551234",
                "street": "海淀区中关村大街27号",
                "city": "北京市",
                "state_id": self.env.ref("base.state_cn_BJ").id,
            }
        )
        vals = self._request_vals(site_partner_id=site.id)
        del vals["contact_phone"], vals["contact_name"]
        request = self.env["aftersales.request"].create(vals)
        self.assertEqual(request.county_id.code, "110108")
        self.assertEqual(request.contact_phone, "010-62551234")

    def test_followup_links_parent(self):
        parent = self._new_request()
        action = parent.action_create_followup()
        child = self.env["aftersales.request"].browse(action["res_id"])
        self.assertEqual(child.parent_id, parent)
        self.assertEqual(parent.child_count, 1)
        self.assertNotEqual(child.name, parent.name)

    def test_followup_keeps_the_warranty_outcome_of_its_parent(self):
        parent = self._new_request()
        force_write(parent, {"warranty_state": "in"})
        child = self.env["aftersales.request"].browse(parent.action_create_followup()["res_id"])
        self.assertEqual(child.warranty_state, "in")
        self.assertEqual(child.state, "new")
