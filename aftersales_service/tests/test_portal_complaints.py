"""My complaints on the customer portal, over real HTTP: each customer
sees their own complaints (and their company's) and nothing of anyone
else's; the solution shows once the complaint is answered."""

from datetime import timedelta

from odoo import fields
from odoo.addons.aftersales_service.tests.common import force_write
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPortalComplaints(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company_a = cls.env["res.partner"].create({"name": "甲方电器商行", "is_company": True})
        cls.user_a = new_test_user(cls.env, "portal_cmp_a", groups="base.group_portal", name="客户甲")
        cls.user_a.partner_id.parent_id = cls.company_a
        cls.user_b = new_test_user(cls.env, "portal_cmp_b", groups="base.group_portal", name="客户乙")
        cls.quality = cls.env.ref("aftersales_service.complaint_class_quality")
        Complaint = cls.env["aftersales.complaint"]
        promised = fields.Date.context_today(cls.env.user) + timedelta(days=3)
        cls.complaint_a = Complaint.create(
            {
                "partner_id": cls.company_a.id,
                "complaint_class_id": cls.quality.id,
                "promised_date": promised,
                "customer_words": "甲的冰箱修了两次还是不制冷",
                "solution": "甲：免费更换压缩机",
            }
        )
        cls.complaint_b = Complaint.create(
            {
                "partner_id": cls.user_b.partner_id.id,
                "complaint_class_id": cls.quality.id,
                "promised_date": promised,
                "customer_words": "乙的洗衣机师傅迟到半天",
                "solution": "乙：书面致歉并免上门费",
            }
        )

    def _login(self, user):
        self.authenticate(user.login, user.login)

    def test_list_shows_only_own_complaints(self):
        self._login(self.user_a)
        response = self.url_open("/my/aftersales/complaints")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.complaint_a.name, response.text)
        self.assertNotIn(self.complaint_b.name, response.text)
        self.assertNotIn("乙的洗衣机", response.text)
        self._login(self.user_b)
        response = self.url_open("/my/aftersales/complaints")
        self.assertIn(self.complaint_b.name, response.text)
        self.assertNotIn(self.complaint_a.name, response.text)

    def test_detail_shows_state_promised_date_words_and_answer(self):
        self._login(self.user_a)
        url = f"/my/aftersales/complaints/{self.complaint_a.id}"
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.complaint_a.name, page.text)
        self.assertIn("甲的冰箱修了两次还是不制冷", page.text)
        self.assertIn("o_aftersales_promised_date", page.text)
        self.assertIn("o_aftersales_complaint_state", page.text)
        # The proposed solution is internal until the customer is answered.
        self.assertNotIn("免费更换压缩机", page.text)
        force_write(self.complaint_a, {"state": "answered", "legitimacy": "justified"})
        page = self.url_open(url)
        self.assertIn("免费更换压缩机", page.text)
        self.assertIn("o_aftersales_complaint_solution", page.text)

    def test_cannot_open_another_customers_complaint(self):
        force_write(self.complaint_b, {"state": "answered", "legitimacy": "justified"})
        self._login(self.user_a)
        url = f"/my/aftersales/complaints/{self.complaint_b.id}"
        other = self.url_open(url, allow_redirects=False)
        self.assertIn(other.status_code, (302, 303, 403, 404))
        followed = self.url_open(url)
        for text in (self.complaint_b.name, "乙的洗衣机师傅迟到半天", "书面致歉", "客户乙"):
            self.assertNotIn(text, other.text)
            self.assertNotIn(text, followed.text)
        missing = self.url_open("/my/aftersales/complaints/999999999", allow_redirects=False)
        self.assertIn(missing.status_code, (302, 303, 403, 404))

    def test_anonymous_is_sent_to_login(self):
        for url in ("/my/aftersales/complaints", f"/my/aftersales/complaints/{self.complaint_a.id}"):
            response = self.url_open(url, allow_redirects=False)
            self.assertIn(response.status_code, (302, 303))
            self.assertIn("/web/login", response.headers["Location"])
            followed = self.url_open(url)
            self.assertNotIn(self.complaint_a.name, followed.text)
            self.assertNotIn("甲的冰箱", followed.text)

    def test_home_counter(self):
        self._login(self.user_a)
        home = self.url_open("/my")
        self.assertEqual(home.status_code, 200)
        self.assertIn('href="/my/aftersales/complaints"', home.text)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["aftersales_complaint_count"]})
        self.assertEqual(counters["aftersales_complaint_count"], 1)

    def test_orm_isolation(self):
        Complaints = self.env["aftersales.complaint"].with_user(self.user_a)
        self.assertEqual(Complaints.search([]), self.complaint_a)
        self.assertEqual(self.env["aftersales.complaint"].with_user(self.user_b).search([]), self.complaint_b)
        # The class of one's own complaint is readable.
        self.assertEqual(self.complaint_a.with_user(self.user_a).complaint_class_id.name, self.quality.name)
        with self.assertRaises(AccessError):
            self.complaint_b.with_user(self.user_a).read(["customer_words"])
        # Read only.
        with self.assertRaises(AccessError):
            self.complaint_a.with_user(self.user_a).write({"customer_words": "改"})
        with self.assertRaises(AccessError):
            Complaints.create(
                {
                    "partner_id": self.user_a.partner_id.id,
                    "promised_date": fields.Date.context_today(self.env.user),
                }
            )
