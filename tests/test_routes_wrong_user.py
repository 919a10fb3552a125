"""Every HTTP route of the suite, called as the wrong user, over real HTTP.

The routes are read from the routing map of the database (the endpoints
declared by controller classes of the three addons), and each one must have
an entry in ``CASES`` below: a route added without being exercised here fails
``test_every_route_is_exercised``. Each case is then run as

- the public user (not logged in): sent to /web/login, or to /my that sends
  there, or refused -- never the record;
- portal customer B on customer A's records: nothing of A in the answer and
  nothing written on A's records;
- internal users who are not the customer (an employee without after-sales
  rights, a technician of another job): no server error, nothing of A.
"""

import base64
import io
from datetime import timedelta

from PIL import Image

from odoo import fields
from odoo.addons.aftersales_service.tests.common import force_write
from odoo.http import Request
from odoo.tests import HttpCase, new_test_user, tagged

from ._base import SuiteCase

PREFIX = "odoo.addons.aftersales_"

# Fixed secrets of customer A the answers must never show to someone else.
A_FAULT = "甲专有故障：冰箱冷冻室结霜严重"
A_CONTACT = "甲专有联系人"
A_WORDS = "甲专有投诉：师傅弄脏地板"
A_SERIAL = "WRONGUSER-A-SN-42"


def signature_png():
    buffer = io.BytesIO()
    Image.new("RGB", (80, 30), (0, 0, 0)).save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode()


def suite_routes(env):
    """{url rule: endpoint routing} of the routes the three addons declare,
    as the database's routing map (ir.http.routing_map) is built."""
    IrHttp = env["ir.http"]
    routes = {}
    for url, endpoint in IrHttp._generate_routing_rules(
        sorted(env.registry._init_modules), converters=IrHttp._get_converters()
    ):
        name = getattr(endpoint, "__name__", None)
        owner = getattr(getattr(endpoint, "func", None), "__self__", None)
        if owner is None or name is None:
            continue
        for klass in type(owner).mro():
            declared = vars(klass).get(name)
            if (
                klass.__module__.startswith(PREFIX)
                and declared is not None
                and url in getattr(declared, "original_routing", {}).get("routes", ())
            ):
                routes[url] = endpoint.routing
                break
    return routes


@tagged("post_install", "-at_install")
class TestRoutesWrongUser(SuiteCase, HttpCase):
    # route -> name of the method exercising it (self._case_<name>(who)).
    CASES = {
        "/my/aftersales": "request_list",
        "/my/aftersales/page/<int:page>": "request_list_page",
        "/my/aftersales/<int:request_id>": "request_page",
        "/my/aftersales/new": "request_new",
        "/my/aftersales/submit": "request_submit",
        "/my/aftersales/<int:request_id>/sign": "request_sign",
        "/my/aftersales/<int:request_id>/survey": "request_survey",
        "/my/aftersales/complaints": "complaint_list",
        "/my/aftersales/complaints/page/<int:page>": "complaint_list_page",
        "/my/aftersales/complaints/<int:complaint_id>": "complaint_page",
        "/my/warranty": "card_list",
        "/my/warranty/page/<int:page>": "card_list_page",
        "/my/warranty/<int:card_id>": "card_page",
        "/my/warranty/<int:card_id>/pdf": "card_pdf",
    }
    WHO = ("public", "portal_b", "employee", "technician")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        env = cls.env
        cls.user_a = new_test_user(env, "wrong_route_a", groups="base.group_portal", name="甲客户")
        cls.user_b = new_test_user(env, "wrong_route_b", groups="base.group_portal", name="乙客户")
        cls.employee = new_test_user(env, "wrong_route_emp", groups="base.group_user", name="普通员工")
        cls.technician = new_test_user(
            env,
            "wrong_route_tech",
            groups="aftersales_service.group_aftersales_technician",
            name="别的师傅",
        )
        partner_a = cls.user_a.partner_id
        Request_ = env["aftersales.request"]
        cls.request_a = Request_.create(
            {
                "partner_id": partner_a.id,
                "contact_name": A_CONTACT,
                "contact_phone": "13800002222",
                "fault_description": A_FAULT,
            }
        )
        # A done request, so that signing and the survey would be open to A.
        cls.request_a_done = Request_.create(
            {
                "partner_id": partner_a.id,
                "contact_name": A_CONTACT,
                "contact_phone": "13800002222",
                "fault_description": A_FAULT,
            }
        )
        force_write(cls.request_a_done, {"state": "done", "work_done": "甲：更换温控器"})
        cls.request_b = Request_.create(
            {
                "partner_id": cls.user_b.partner_id.id,
                "contact_name": "乙客户",
                "contact_phone": "13800003333",
                "fault_description": "乙的洗衣机漏水",
            }
        )
        cls.complaint_a = env["aftersales.complaint"].create(
            {
                "partner_id": partner_a.id,
                "complaint_class_id": env.ref("aftersales_service.complaint_class_quality").id,
                "promised_date": fields.Date.context_today(cls.env.user) + timedelta(days=3),
                "customer_words": A_WORDS,
            }
        )
        categ = env["product.category"].create({"name": "错用户测试冰箱"})
        env["aftersales.warranty.policy"].create(
            {
                "name": "错用户测试三包",
                "warranty_months": 12,
                "main_part_months": 36,
                "product_categ_ids": [(6, 0, categ.ids)],
            }
        )
        product = env["product.product"].create(
            {
                "name": "错用户测试冰箱",
                "categ_id": categ.id,
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
            }
        )
        cls.card_a = env["aftersales.warranty.card"].create(
            {
                "lot_id": env["stock.lot"].create({"name": A_SERIAL, "product_id": product.id}).id,
                "partner_id": partner_a.id,
                "invoice_date": fields.Date.context_today(cls.env.user) - timedelta(days=60),
                "price": 3999.0,
            }
        )
        # (record, text of A's it shows): the text may appear only to a user
        # the ORM lets read the record (an employee with after-sales rights);
        # a route never shows more than the ORM allows.
        cls.secrets = (
            (cls.request_a, A_FAULT),
            (cls.request_a, A_CONTACT),
            (cls.request_a, cls.request_a.name),
            (cls.request_a_done, cls.request_a_done.name),
            (cls.complaint_a, A_WORDS),
            (cls.complaint_a, cls.complaint_a.name),
            (cls.card_a, A_SERIAL),
            (cls.card_a, cls.card_a.name),
        )

    # ------------------------------------------------------------------ helpers
    def _user(self, who):
        return {
            "public": self.env.ref("base.public_user"),
            "portal_b": self.user_b,
            "employee": self.employee,
            "technician": self.technician,
        }[who]

    def _as(self, who):
        if who == "public":
            self.authenticate(None, None)
        else:
            self.authenticate(self._user(who).login, self._user(who).login)

    def _assert_no_leak(self, response, who, route):
        self.assertLess(response.status_code, 500, f"{who} on {route}: {response.text[:500]}")
        user = self._user(who)
        if not self.card_a.with_user(user).has_access("read"):
            self.assertNotIn(
                "application/pdf", response.headers.get("Content-Type", ""), f"{who} got a PDF on {route}"
            )
        for record, secret in self.secrets:
            if not record.with_user(user).has_access("read"):
                self.assertNotIn(secret, response.text, f"{who} sees {secret!r} on {route}")

    def _assert_refused(self, response, who, record):
        """Redirected or refused, unless the ORM lets this user read it."""
        if not record.with_user(self._user(who)).has_access("read"):
            self.assertIn(response.status_code, (302, 303, 403, 404), f"{who} on {record}")

    def _get(self, who, route, url):
        """GET without following, then following redirects: both leak nothing;
        the public user is sent to the login page."""
        first = self.url_open(url, allow_redirects=False)
        self._assert_no_leak(first, who, route)
        if who == "public":
            self.assertIn(first.status_code, (302, 303, 403, 404), f"{route}: {first.status_code}")
            followed = self.url_open(url)
            self.assertIn("/web/login", followed.url, f"public on {route} lands on {followed.url}")
        else:
            followed = self.url_open(url)
        self._assert_no_leak(followed, who, route)
        return first, followed

    def _assert_a_untouched(self):
        for record in (self.request_a, self.request_a_done):
            record.invalidate_recordset()
            self.assertFalse(record.signature)
            self.assertFalse(record.signed_by)
            self.assertFalse(record.portal_satisfaction)
            self.assertEqual(record.fault_description, A_FAULT)

    # ------------------------------------------------------------------ cases
    def _case_request_list(self, who, route):
        self._get(who, route, "/my/aftersales")

    def _case_request_list_page(self, who, route):
        self._get(who, route, "/my/aftersales/page/2")

    def _case_request_page(self, who, route):
        for record in (self.request_a, self.request_a_done):
            first, _followed = self._get(who, route, f"/my/aftersales/{record.id}")
            self._assert_refused(first, who, record)
        self._get(who, route, f"/my/aftersales/{self.request_a.id}?access_token=forged")
        self._get(who, route, "/my/aftersales/999999999")

    def _case_request_new(self, who, route):
        _first, followed = self._get(who, route, "/my/aftersales/new")
        if who != "public":
            # The form is prefilled with the caller's own data, never A's.
            self.assertNotIn(self.user_a.name, followed.text)

    def _case_request_submit(self, who, route):
        Request_ = self.env["aftersales.request"]
        before_a = Request_.search_count([("partner_id", "=", self.user_a.partner_id.id)])
        before = Request_.search_count([])
        response = self.url_open(
            route,
            data={
                # Tampered: tries to file the request on A's account.
                "partner_id": str(self.user_a.partner_id.id),
                "fault_description": "冒名报修",
                "address": "广东省深圳市南山区科技园",
                "contact_phone": "13800004444",
                "contact_name": "冒名",
                "csrf_token": Request.csrf_token(self),
            },
            allow_redirects=False,
        )
        self._assert_no_leak(response, who, route)
        self.assertEqual(
            Request_.search_count([("partner_id", "=", self.user_a.partner_id.id)]),
            before_a,
            f"{who} filed a request on A's account",
        )
        if who == "public":
            self.assertIn(response.status_code, (302, 303, 400, 403))
            self.assertEqual(Request_.search_count([]), before)
        # GET is not a route of submit.
        self.assertIn(self.url_open(route, allow_redirects=False).status_code, (302, 303, 404, 405))

    def _case_request_sign(self, who, route):
        url = f"/my/aftersales/{self.request_a_done.id}/sign"
        for params in (
            {"name": "冒名", "signature": signature_png()},
            {"name": "冒名", "signature": signature_png(), "access_token": "forged"},
        ):
            response = self.url_open(
                url,
                json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": params},
            )
            self._assert_no_leak(response, who, route)
            body = response.json()
            self.assertIn("error", body.get("result") or body, body)
        self._assert_a_untouched()

    def _case_request_survey(self, who, route):
        url = f"/my/aftersales/{self.request_a_done.id}/survey"
        response = self.url_open(
            url,
            data={
                "score": "1",
                "comment": "冒名差评",
                "csrf_token": Request.csrf_token(self),
            },
            allow_redirects=False,
        )
        self._assert_no_leak(response, who, route)
        self.assertIn(response.status_code, (302, 303, 400, 403, 404))
        self._assert_a_untouched()

    def _case_complaint_list(self, who, route):
        self._get(who, route, "/my/aftersales/complaints")

    def _case_complaint_list_page(self, who, route):
        self._get(who, route, "/my/aftersales/complaints/page/2")

    def _case_complaint_page(self, who, route):
        first, _followed = self._get(who, route, f"/my/aftersales/complaints/{self.complaint_a.id}")
        self._assert_refused(first, who, self.complaint_a)
        self._get(who, route, "/my/aftersales/complaints/999999999")

    def _case_card_list(self, who, route):
        self._get(who, route, "/my/warranty")

    def _case_card_list_page(self, who, route):
        self._get(who, route, "/my/warranty/page/2")

    def _case_card_page(self, who, route):
        first, _followed = self._get(who, route, f"/my/warranty/{self.card_a.id}")
        self._assert_refused(first, who, self.card_a)
        self._get(who, route, "/my/warranty/999999999")

    def _case_card_pdf(self, who, route):
        for query in ("", "?download=1"):
            first, _followed = self._get(who, route, f"/my/warranty/{self.card_a.id}/pdf{query}")
            self._assert_refused(first, who, self.card_a)

    # ------------------------------------------------------------------ tests
    def test_every_route_is_exercised(self):
        discovered = set(suite_routes(self.env))
        self.assertTrue(discovered, "no route of the suite found in the routing map")
        self.assertFalse(
            discovered - set(self.CASES),
            "Routes of the suite not exercised as the wrong user: add them to "
            "tests/test_routes_wrong_user.py CASES",
        )
        self.assertFalse(set(self.CASES) - discovered, "CASES lists routes that no longer exist")
        for name in self.CASES.values():
            self.assertTrue(callable(getattr(self, f"_case_{name}", None)), name)

    def _run_as(self, who):
        routes = suite_routes(self.env)
        for route in sorted(routes):
            with self.subTest(who=who, route=route):
                self.assertIn(route, self.CASES, f"{route} has no wrong-user case")
                self._as(who)
                getattr(self, f"_case_{self.CASES[route]}")(who, route)
        self._assert_a_untouched()

    def test_public_user(self):
        self._run_as("public")

    def test_portal_customer_b_on_a(self):
        self._run_as("portal_b")

    def test_internal_user_without_aftersales_rights(self):
        self._run_as("employee")

    def test_technician_not_on_the_job(self):
        self._run_as("technician")

    def test_owner_sees_own_records(self):
        """Control: the same URLs do show A's records to A, so the checks
        above are not passing on an empty page."""
        self.authenticate(self.user_a.login, self.user_a.login)
        for url, text in (
            ("/my/aftersales", self.request_a.name),
            (f"/my/aftersales/{self.request_a.id}", A_FAULT),
            ("/my/aftersales/complaints", self.complaint_a.name),
            (f"/my/aftersales/complaints/{self.complaint_a.id}", A_WORDS),
            ("/my/warranty", self.card_a.name),
            (f"/my/warranty/{self.card_a.id}", A_SERIAL),
        ):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertIn(text, response.text, url)
