"""The external API takes a service request the way the intake screen does.

An integrator's client (over JSON-2, with an agent's API key) may give any
subset of the intake fields the screen accepts; the request it gets is the
one the screen would have made, with the same defaults and computed values.
A refused create names no request number that was never saved."""

from datetime import datetime, timedelta

from odoo.tests import Form, HttpCase, get_db_name, tagged

from .common import AftersalesCase

# What the screen and the API must agree on, for the same intake.
COMPARED = (
    "contact_name",
    "contact_phone",
    "street",
    "city",
    "state_id",
    "county_id",
    "channel",
    "request_type",
    "priority",
    "state",
    "user_id",
    "company_id",
    "sla_policy_id",
    "warranty_state",
    "duration_hours",
)


@tagged("post_install", "-at_install")
class TestRequestApi(AftersalesCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.key = (
            cls.env["res.users.apikeys"]
            .with_user(cls.agent)
            ._generate(scope="rpc", name="intake api", expiration_date=datetime.now() + timedelta(days=0.5))
        )
        cls.site = cls.env["res.partner"].create(
            {
                "name": "华强电器 南山仓库",
                "phone": "0755-86001234",
                "parent_id": cls.customer.id,
                "street": "南山区西丽街道留仙大道",
                "city": "深圳市",
                "state_id": cls.guangdong.id,
                "country_id": cls.env.ref("base.cn").id,
            }
        )

    def _json2(self, method, **params):
        return self.url_open(
            f"/json/2/aftersales.request/{method}",
            json=params,
            headers={"Authorization": f"Bearer {self.key}", "X-Odoo-Database": get_db_name()},
        )

    def _from_screen(self, vals):
        form = Form(self.env["aftersales.request"].with_user(self.agent))
        for fname, value in vals.items():
            model = form._view["fields"][fname].get("relation") if fname in form._view["fields"] else None
            setattr(form, fname, self.env[model].browse(value) if model else value)
        return form.save()

    def _assert_same(self, api_request, screen_request):
        for fname in COMPARED:
            with self.subTest(field=fname):
                self.assertEqual(api_request[fname], screen_request[fname])
        self.assertRegex(api_request.name, r"^SR\d{4}-\d{5}$")
        self.assertTrue(api_request.onsite_deadline)
        self.assertEqual(
            api_request.onsite_deadline - api_request.notified_date,
            screen_request.onsite_deadline - screen_request.notified_date,
        )

    def test_any_intake_subset_the_screen_accepts(self):
        subsets = {
            "customer and fault": {"fault_description": "空调不制冷"},
            "with the phone": {"contact_phone": "13912345678", "fault_description": "空调漏水"},
            "with name and phone": {
                "contact_name": "王经理",
                "contact_phone": "13912345678",
                "fault_description": "噪音大",
            },
            "with a site": {"site_partner_id": self.site.id, "fault_description": "外机结霜"},
            "site and phone": {
                "site_partner_id": self.site.id,
                "contact_phone": "0755 8600 9999",
                "fault_description": "遥控失灵",
            },
        }
        for label, intake in subsets.items():
            vals = {"partner_id": self.customer.id, **intake}
            with self.subTest(intake=label):
                response = self._json2("create", vals_list=[vals])
                self.assertEqual(response.status_code, 200, response.text)
                api_request = self.env["aftersales.request"].browse(response.json())
                self._assert_same(api_request, self._from_screen(vals))

    def test_the_phone_given_keeps_the_contact_name(self):
        response = self._json2(
            "create",
            vals_list=[
                {
                    "partner_id": self.customer.id,
                    "contact_phone": "13912345678",
                    "fault_description": "不制热",
                }
            ],
        )
        self.assertEqual(response.status_code, 200, response.text)
        request = self.env["aftersales.request"].browse(response.json())
        self.assertEqual(request.contact_name, self.customer.name)
        self.assertEqual(request.contact_phone, "13912345678")

    def test_refused_create_names_no_number(self):
        Request = self.env["aftersales.request"]
        before = Request.search_count([])
        response = self._json2(
            "create",
            vals_list=[
                {
                    "partner_id": self.customer.id,
                    "contact_phone": "13912345678",
                }
            ],
        )
        self.assertEqual(response.status_code, 422, response.text)
        message = response.json()["message"]
        self.assertIn("the new request", message)
        self.assertIn("Fault Description", message)
        self.assertNotRegex(message, r"SR\d{4}-")
        self.assertEqual(Request.search_count([]), before, "nothing written")


@tagged("post_install", "-at_install")
class TestRequestNumbering(AftersalesCase):
    def test_numbers_drawn_only_for_valid_requests(self):
        first = self._new_request()
        with self.assertRaisesRegex(Exception, "the new request"), self.cr.savepoint():
            self._new_request(fault_description=False)
        second = self._new_request()
        self.assertEqual(
            int(second.name.rsplit("-", 1)[1]),
            int(first.name.rsplit("-", 1)[1]) + 1,
            "the refused request drew no number",
        )
