"""My warranty cards on the customer portal, over real HTTP: list, detail
with the periods and the repair log, the card as a PDF -- each customer
sees their own cards only."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestWarrantyPortal(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.user_a = new_test_user(cls.env, "portal_card_a", groups="base.group_portal", name="持卡人甲")
        cls.user_b = new_test_user(cls.env, "portal_card_b", groups="base.group_portal", name="持卡人乙")
        categ = cls.env["product.category"].create({"name": "门户测试洗衣机"})
        cls.policy = cls.env["aftersales.warranty.policy"].create(
            {
                "name": "门户测试三包",
                "warranty_months": 12,
                "main_part_months": 36,
                "product_categ_ids": [(6, 0, categ.ids)],
            }
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "门户滚筒洗衣机",
                "categ_id": categ.id,
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
            }
        )
        sold = fields.Date.context_today(cls.env.user) - timedelta(days=100)
        Card = cls.env["aftersales.warranty.card"]
        Lot = cls.env["stock.lot"]
        cls.card_a = Card.create(
            {
                "lot_id": Lot.create({"name": "PORTAL-CARD-A1", "product_id": cls.product.id}).id,
                "partner_id": cls.user_a.partner_id.id,
                "invoice_date": sold,
                "price": 2999.0,
            }
        )
        cls.card_b = Card.create(
            {
                "lot_id": Lot.create({"name": "PORTAL-CARD-B7", "product_id": cls.product.id}).id,
                "partner_id": cls.user_b.partner_id.id,
                "invoice_date": sold,
                "price": 3599.0,
            }
        )
        Repair = cls.env["aftersales.warranty.repair"]
        cls.repair_a = Repair.create(
            {
                "card_id": cls.card_a.id,
                "date_in": sold + timedelta(days=30),
                "date_out": sold + timedelta(days=34),
                "fixed": True,
                "note": "甲：更换减震器",
            }
        )
        cls.repair_b = Repair.create(
            {
                "card_id": cls.card_b.id,
                "date_in": sold + timedelta(days=40),
                "date_out": sold + timedelta(days=41),
                "fixed": True,
                "note": "乙：更换轴承",
            }
        )

    def _login(self, user):
        self.authenticate(user.login, user.login)

    def test_list_shows_only_own_cards(self):
        self._login(self.user_a)
        response = self.url_open("/my/warranty")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.card_a.name, response.text)
        self.assertIn("PORTAL-CARD-A1", response.text)
        self.assertNotIn(self.card_b.name, response.text)
        self.assertNotIn("PORTAL-CARD-B7", response.text)
        self._login(self.user_b)
        response = self.url_open("/my/warranty")
        self.assertIn("PORTAL-CARD-B7", response.text)
        self.assertNotIn("PORTAL-CARD-A1", response.text)

    def test_detail_shows_periods_and_repair_log(self):
        self._login(self.user_a)
        page = self.url_open(f"/my/warranty/{self.card_a.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("PORTAL-CARD-A1", page.text)
        self.assertIn("门户滚筒洗衣机", page.text)
        self.assertIn("o_warranty_periods", page.text)
        self.assertIn("o_warranty_repairs", page.text)
        self.assertIn(f"/my/warranty/{self.card_a.id}/pdf", page.text)
        lines = self.card_a._portal_cover_lines()
        self.assertEqual(len(lines), 4)
        # 12 months from the sale, plus the 4 days in repair.
        self.assertEqual(self.card_a.warranty_end, lines[2]["end"])
        self.assertEqual(
            lines[2]["end"],
            self.card_a.invoice_date + relativedelta(months=12) + timedelta(days=4),
        )
        self.assertTrue(lines[0]["over"])  # the 7-day refund window is long gone
        self.assertFalse(lines[3]["over"])

    def test_cannot_open_another_customers_card(self):
        self._login(self.user_a)
        for url in (
            f"/my/warranty/{self.card_b.id}",
            f"/my/warranty/{self.card_b.id}/pdf",
            f"/my/warranty/{self.card_b.id}/pdf?download=1",
        ):
            other = self.url_open(url, allow_redirects=False)
            self.assertIn(other.status_code, (302, 303, 403, 404), url)
            followed = self.url_open(url)
            for text in (self.card_b.name, "PORTAL-CARD-B7", "持卡人乙"):
                self.assertNotIn(text, other.text, url)
                self.assertNotIn(text, followed.text, url)
            self.assertNotEqual(followed.headers.get("Content-Type"), "application/pdf", url)
        missing = self.url_open("/my/warranty/999999999/pdf", allow_redirects=False)
        self.assertIn(missing.status_code, (302, 303, 403, 404))

    def test_download_own_card(self):
        self._login(self.user_a)
        response = self.url_open(f"/my/warranty/{self.card_a.id}/pdf?download=1")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertIn("attachment", response.headers["Content-Disposition"])
        if not response.content.startswith(b"%PDF"):
            # Test mode renders the report as HTML: its text can be checked.
            self.assertIn("PORTAL-CARD-A1", response.text)
            self.assertNotIn("PORTAL-CARD-B7", response.text)

    def test_anonymous_is_sent_to_login(self):
        for url in ("/my/warranty", f"/my/warranty/{self.card_a.id}", f"/my/warranty/{self.card_a.id}/pdf"):
            response = self.url_open(url, allow_redirects=False)
            self.assertIn(response.status_code, (302, 303), url)
            self.assertIn("/web/login", response.headers["Location"])
            followed = self.url_open(url)
            self.assertNotIn("PORTAL-CARD-A1", followed.text)

    def test_home_counter(self):
        self._login(self.user_a)
        home = self.url_open("/my")
        self.assertEqual(home.status_code, 200)
        self.assertIn('href="/my/warranty"', home.text)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["aftersales_warranty_count"]})
        self.assertEqual(counters["aftersales_warranty_count"], 1)

    def test_orm_isolation(self):
        Card = self.env["aftersales.warranty.card"]
        Repair = self.env["aftersales.warranty.repair"]
        self.assertEqual(Card.with_user(self.user_a).search([]), self.card_a)
        self.assertEqual(Card.with_user(self.user_b).search([]), self.card_b)
        self.assertEqual(Repair.with_user(self.user_a).search([]), self.repair_a)
        with self.assertRaises(AccessError):
            self.card_b.with_user(self.user_a).read(["name"])
        with self.assertRaises(AccessError):
            self.repair_b.with_user(self.user_a).read(["note"])
        with self.assertRaises(AccessError):
            self.card_a.with_user(self.user_a).write({"note": "改"})
        with self.assertRaises(AccessError):
            self.repair_a.with_user(self.user_a).write({"note": "改"})


@tagged("post_install", "-at_install")
class TestWarrantyPortalOnThePhone(HttpCase):
    """The warranty cards on a 390 px phone: a small pictogram on the home
    page, and the list and the card no wider than the screen."""

    browser_size = "390x844"
    touch_enabled = True

    def test_card_pages_fit_a_phone(self):
        customer = new_test_user(
            self.env,
            "portal_card_phone",
            groups="base.group_portal",
            name="手机持卡人",
            tz="Asia/Shanghai",
        )
        categ = self.env["product.category"].create({"name": "手机门户测试空调"})
        self.env["aftersales.warranty.policy"].create(
            {
                "name": "手机门户测试三包",
                "warranty_months": 12,
                "main_part_months": 36,
                "product_categ_ids": [(6, 0, categ.ids)],
            }
        )
        product = self.env["product.product"].create(
            {
                "name": "壁挂式变频空调 1.5匹 新一级能效 KFR-35GW/BP3",
                "categ_id": categ.id,
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
            }
        )
        sold = fields.Date.context_today(self.env.user) - timedelta(days=60)
        card = self.env["aftersales.warranty.card"].create(
            {
                "lot_id": self.env["stock.lot"]
                .create({"name": "PHONE-CARD-0001", "product_id": product.id})
                .id,
                "partner_id": customer.partner_id.id,
                "invoice_date": sold,
                "price": 3299.0,
            }
        )
        self.env["aftersales.warranty.repair"].create(
            {
                "card_id": card.id,
                "date_in": sold + timedelta(days=20),
                "date_out": sold + timedelta(days=23),
                "fixed": True,
                "note": "室外机噪音大，更换风扇电机及启动电容，试机正常",
            }
        )
        self.start_tour(
            "/my", "aftersales_warranty_portal_phone_tour", login="portal_card_phone", timeout=180
        )
