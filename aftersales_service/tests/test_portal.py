"""The customer portal over real HTTP: each customer sees only their own
requests, submits one with a CSRF-protected form, signs and rates it; and
the e-mails sent at each customer-facing step."""

import base64
import io
from datetime import timedelta

from PIL import Image

from odoo import fields
from odoo.addons.aftersales_service.tests.common import force_write
from odoo.exceptions import AccessError, UserError
from odoo.http import Request
from odoo.tests import HttpCase, new_test_user, tagged

from .common import AftersalesCase


def signature_png():
    buffer = io.BytesIO()
    Image.new("RGB", (80, 30), (0, 0, 0)).save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode()


@tagged("post_install", "-at_install")
class TestPortalHttp(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.user_a = new_test_user(cls.env, "portal_cust_a", groups="base.group_portal", name="客户甲")
        cls.user_b = new_test_user(cls.env, "portal_cust_b", groups="base.group_portal", name="客户乙")
        Request_ = cls.env["aftersales.request"]

        def make(user, fault):
            return Request_.create(
                {
                    "partner_id": user.partner_id.id,
                    "contact_name": user.name,
                    "contact_phone": "13800001111",
                    "fault_description": fault,
                }
            )

        cls.request_a = make(cls.user_a, "甲的冰箱不制冷")
        cls.request_b = make(cls.user_b, "乙的洗衣机漏水")

    def _login(self, user):
        self.authenticate(user.login, user.login)

    def test_list_shows_only_own_requests(self):
        self._login(self.user_a)
        response = self.url_open("/my/aftersales")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.request_a.name, response.text)
        self.assertNotIn(self.request_b.name, response.text)
        self._login(self.user_b)
        response = self.url_open("/my/aftersales")
        self.assertIn(self.request_b.name, response.text)
        self.assertNotIn(self.request_a.name, response.text)

    def test_cannot_open_another_customers_request(self):
        self._login(self.user_a)
        own = self.url_open(f"/my/aftersales/{self.request_a.id}")
        self.assertEqual(own.status_code, 200)
        self.assertIn("甲的冰箱不制冷", own.text)
        other = self.url_open(f"/my/aftersales/{self.request_b.id}", allow_redirects=False)
        self.assertIn(other.status_code, (303, 302, 403, 404))
        self.assertNotIn("乙的洗衣机漏水", other.text)
        followed = self.url_open(f"/my/aftersales/{self.request_b.id}")
        self.assertNotIn("乙的洗衣机漏水", followed.text)
        self.assertNotIn(self.request_b.name, followed.text)

    def test_cannot_sign_or_rate_another_customers_request(self):
        force_write(self.request_b, {"state": "done", "work_done": "更换进水阀"})
        self._login(self.user_a)
        result = self.make_jsonrpc_request(
            f"/my/aftersales/{self.request_b.id}/sign",
            {"name": "冒名", "signature": signature_png()},
        )
        self.assertIn("error", result)
        self.url_open(
            f"/my/aftersales/{self.request_b.id}/survey",
            data={"score": "1", "comment": "x", "csrf_token": Request.csrf_token(self)},
        )
        self.request_b.invalidate_recordset()
        self.assertFalse(self.request_b.signature)
        self.assertFalse(self.request_b.portal_satisfaction)

    def test_orm_isolation(self):
        Requests = self.env["aftersales.request"].with_user(self.user_a)
        self.assertEqual(Requests.search([]), self.request_a)
        with self.assertRaises(AccessError):
            self.request_b.with_user(self.user_a).read(["name"])
        with self.assertRaises(AccessError):
            self.request_a.with_user(self.user_a).write({"fault_description": "改"})

    def test_home_counter(self):
        self._login(self.user_a)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["aftersales_request_count"]})
        self.assertEqual(counters["aftersales_request_count"], 1)

    def test_submit_request(self):
        product = self.env["product.product"].create(
            {
                "name": "门户热水器",
                "sale_ok": True,
                "type": "consu",
                "tracking": "serial",
                "is_storable": True,
            }
        )
        lot = self.env["stock.lot"].create({"name": "PORTAL-SN-9", "product_id": product.id})
        self._login(self.user_a)
        form = self.url_open("/my/aftersales/new")
        self.assertEqual(form.status_code, 200)
        self.assertIn("门户热水器", form.text)
        values = {
            "product_id": str(product.id),
            "serial": "PORTAL-SN-9",
            "fault_description": "热水器无法点火",
            "address": "广东省深圳市南山区科技园南区",
            "contact_name": "客户甲",
            "contact_phone": "138 0013 8000",
            "preferred_time": "2030-05-06T09:30",
        }
        # No CSRF token: refused.
        refused = self.url_open("/my/aftersales/submit", data=values)
        self.assertIn(refused.status_code, (400, 403))
        response = self.url_open(
            "/my/aftersales/submit", data={**values, "csrf_token": Request.csrf_token(self)}
        )
        self.assertEqual(response.status_code, 200)
        created = self.env["aftersales.request"].search(
            [("partner_id", "=", self.user_a.partner_id.id), ("fault_description", "=", "热水器无法点火")]
        )
        self.assertEqual(len(created), 1)
        self.assertEqual(created.channel, "portal")
        self.assertEqual(created.product_id, product)
        self.assertEqual(created.lot_id, lot)
        self.assertEqual(created.contact_phone, "13800138000")
        self.assertEqual(created.county_id.code, "440305")
        # 09:30 in Shanghai is 01:30 UTC.
        self.assertEqual(created.requested_date, fields.Datetime.to_datetime("2030-05-06 01:30:00"))
        self.assertIn(created.name, response.text)
        self.assertEqual(
            self.env["aftersales.request"].with_user(self.user_b).search_count([("id", "=", created.id)]), 0
        )

    def test_submit_without_fault_shows_the_error(self):
        self._login(self.user_a)
        before = self.env["aftersales.request"].search_count([])
        response = self.url_open(
            "/my/aftersales/submit",
            data={
                "fault_description": "",
                "address": "深圳",
                "contact_phone": "13800138000",
                "csrf_token": Request.csrf_token(self),
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_aftersales_form_errors", response.text)
        self.assertEqual(self.env["aftersales.request"].search_count([]), before)

    def test_sign_and_rate_on_completion(self):
        self._login(self.user_a)
        # Not done yet: no signature.
        early = self.make_jsonrpc_request(
            f"/my/aftersales/{self.request_a.id}/sign", {"name": "客户甲", "signature": signature_png()}
        )
        self.assertIn("error", early)
        force_write(self.request_a, {"state": "done", "work_done": "更换压缩机启动电容"})
        page = self.url_open(f"/my/aftersales/{self.request_a.id}")
        self.assertIn("o_aftersales_sign", page.text)
        result = self.make_jsonrpc_request(
            f"/my/aftersales/{self.request_a.id}/sign", {"name": "客户甲", "signature": signature_png()}
        )
        self.assertNotIn("error", result)
        self.request_a.invalidate_recordset()
        self.assertTrue(self.request_a.signature)
        self.assertEqual(self.request_a.signed_by, "客户甲")
        self.assertTrue(self.request_a.signed_on)

        self.url_open(
            f"/my/aftersales/{self.request_a.id}/survey",
            data={"score": "5", "comment": "师傅很专业", "csrf_token": Request.csrf_token(self)},
        )
        self.request_a.invalidate_recordset()
        self.assertEqual(self.request_a.portal_satisfaction, 5)
        self.assertEqual(self.request_a.portal_feedback, "师傅很专业")
        if "aftersales.callback" in self.env:
            callback = self.env["aftersales.callback"].search([("request_id", "=", self.request_a.id)])
            self.assertEqual(len(callback), 1)
            self.assertEqual(callback.state, "done")
            self.assertEqual(callback.satisfaction, 5)
            self.assertTrue(callback.satisfied)
        else:
            self.assertIn("5/5", "".join(self.request_a.message_ids.mapped("body")))


@tagged("post_install", "-at_install")
class TestCustomerNotifications(AftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.email = "huaqiang@example.com"
        cls.customer.lang = "en_US"  # the e-mails are checked in English

    def _customer_messages(self, request):
        return request.message_ids.filtered(lambda m: self.customer in m.partner_ids)

    def test_each_customer_facing_step_mails_the_customer(self):
        request = self._new_request(technician_id=self.technician.id)
        received = self._customer_messages(request)
        self.assertEqual(len(received), 1)
        self.assertIn(request.name, received.subject)
        self.assertIn("received", received.subject)
        self.assertIn(request.get_portal_url(), received.body)

        request.action_assign()
        start = fields.Datetime.now().replace(microsecond=0) + timedelta(days=1)
        request.write({"planned_start": start, "planned_end": start + timedelta(hours=2)})
        request.action_schedule()
        scheduled = self._customer_messages(request) - received
        self.assertEqual(len(scheduled), 1)
        self.assertIn("scheduled", scheduled.subject)
        self.assertIn("张伟", scheduled.body)

        request.action_check_in()
        request.work_done = "更换电容"
        request.action_done()
        done = self._customer_messages(request) - received - scheduled
        self.assertEqual(len(done), 1)
        self.assertIn("please sign", done.subject)
        self.assertIn("#sign", done.body)
        self.assertIn(f"/my/aftersales/{request.id}", done.body)
        # Queued, not sent inside the transaction.
        mails = self.env["mail.mail"].search([("mail_message_id", "in", (received | scheduled | done).ids)])
        self.assertEqual(len(mails), 3)
        self.assertEqual(set(mails.mapped("state")), {"outgoing"})

    def test_no_email_no_message(self):
        self.customer.email = False
        request = self._new_request()
        self.assertFalse(self._customer_messages(request))

    def test_portal_sign_rules(self):
        request = self._new_request()
        with self.assertRaises(UserError):
            request._portal_sign("陈先生", signature_png())
        with self.assertRaises(UserError):
            request._portal_record_satisfaction(5, "")
