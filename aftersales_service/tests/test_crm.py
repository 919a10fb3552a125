from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import AftersalesCase, force_write


@tagged("post_install", "-at_install")
class TestCrmLink(AftersalesCase):
    def test_lead_to_request_to_opportunity(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "来电报修：中央空调不制冷",
                "partner_id": self.customer.id,
                "phone": "13912345678",
                "description": "<p>三楼会议室中央空调不制冷</p>",
                "user_id": self.agent.id,
            }
        )
        action = lead.with_user(self.agent).action_create_aftersales_request()
        request = self.env["aftersales.request"].browse(action["res_id"])
        self.assertEqual(request.lead_id, lead)
        self.assertEqual(request.partner_id, self.customer)
        self.assertEqual(request.contact_phone, "13912345678")
        self.assertIn("会议室中央空调不制冷", request.fault_description)
        self.assertEqual(lead.aftersales_request_count, 1)

        with self.assertRaisesRegex(UserError, "out-of-warranty"):
            request.action_create_opportunity()
        force_write(request, {"warranty_state": "out", "quote_amount": 1280.0})
        action = request.with_user(self.agent).action_create_opportunity()
        opportunity = self.env["crm.lead"].browse(action["res_id"])
        self.assertEqual(request.opportunity_id, opportunity)
        self.assertEqual(opportunity.type, "opportunity")
        self.assertEqual(opportunity.expected_revenue, 1280.0)
        self.assertEqual(opportunity.partner_id, self.customer)
        with self.assertRaisesRegex(UserError, "already has an opportunity"):
            request.action_create_opportunity()

    def test_lead_without_phone_is_refused(self):
        partner = self.env["res.partner"].create({"name": "无电话客户"})
        lead = self.env["crm.lead"].create({"name": "咨询", "partner_id": partner.id})
        before = self.env["aftersales.request"].search_count([])
        with self.assertRaisesRegex(UserError, "no phone number"):
            lead.action_create_aftersales_request()
        self.assertEqual(self.env["aftersales.request"].search_count([]), before)

    def test_lead_without_partner_creates_customer(self):
        lead = self.env["crm.lead"].create(
            {"name": "新客户报修", "contact_name": "赵女士", "phone": "15012345678"}
        )
        action = lead.action_create_aftersales_request()
        request = self.env["aftersales.request"].browse(action["res_id"])
        self.assertEqual(request.partner_id.name, "赵女士")
        self.assertEqual(lead.partner_id, request.partner_id)

    def test_partner_buttons(self):
        self._new_request()
        self.assertEqual(self.customer.aftersales_request_count, 1)
        action = self.customer.action_view_aftersales_requests()
        self.assertEqual(self.env["aftersales.request"].search_count(action["domain"]), 1)
        new = self.customer.action_new_aftersales_request()
        form = Form(self.env["aftersales.request"].with_context(new["context"]))
        self.assertEqual(form.partner_id, self.customer)
        self.assertEqual(form.county_id, self.nanshan)
