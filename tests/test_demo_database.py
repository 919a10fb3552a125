"""The database `make demo` and `make test` build (scripts/demo_db.py): a
Chinese company a Chinese user recognises, with a customer login, that
calls none of Odoo's online services, unreachable from mainland China."""

from odoo.tests import TransactionCase

from ._base import SuiteCase

# Modules that call Odoo's online services (IAP, odoo.com) or Unsplash
# without the user asking: on every company name typed in a partner form,
# on the administrator's login, from a cron, or when the image dialog opens.
ONLINE_SERVICE_MODULES = ("partner_autocomplete", "crm_iap_enrich", "crm_iap_mine", "web_unsplash")


class TestDemoDatabase(SuiteCase, TransactionCase):
    def test_books_in_cny_on_the_chinese_chart(self):
        company = self.env.ref("base.main_company")
        self.assertEqual(company.chart_template, "cn")
        self.assertEqual(company.currency_id, self.env.ref("base.CNY"))
        self.assertEqual(company.account_fiscal_country_id.code, "CN")
        self.assertEqual(company.country_id.code, "CN")
        # Every account of the company comes from China's chart: none from
        # the generic one Odoo's account demo data had loaded first.
        accounts = self.env["account.account"].search([("company_ids", "in", company.id)])
        origins = accounts.get_external_id()
        self.assertTrue(
            origins[self.env["account.chart.template"].with_company(company).ref("l10n_cn_account_5001").id],
            "the main operating income account of the Chinese chart",
        )
        generic = [
            xmlid
            for xmlid in origins.values()
            if not xmlid.startswith(
                (f"account.{company.id}_l10n_cn_", f"account.{company.id}_account_journal_payment_")
            )
        ]
        self.assertFalse(generic)
        moves = self.env["account.move"].search([("company_id", "=", company.id)])
        self.assertTrue(moves, "Odoo's accounting demo entries were loaded again on the Chinese chart")
        self.assertEqual(moves.currency_id, company.currency_id)

    def test_chinese_language_and_china_time(self):
        self.assertTrue(self.env["res.lang"]._lang_get("zh_CN").active)
        admin = self.env.ref("base.user_admin")
        self.assertEqual(admin.lang, "zh_CN")
        self.assertEqual(admin.tz, "Asia/Shanghai")
        self.assertEqual(self.env.ref("base.main_company").resource_calendar_id.tz, "Asia/Shanghai")

    def test_warranty_card_prints_yuan(self):
        card = self.env.ref("aftersales_warranty.demo_card_ac_lin")
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "aftersales_warranty.action_report_warranty_card", card.ids
        )
        html = html.decode()
        self.assertIn("¥", html)
        self.assertIn("3,299.00", html)
        self.assertNotIn("$", html)

    def test_customer_login_sees_requests_complaints_and_cards(self):
        user = self.env["res.users"].search([("login", "=", "customer")])
        self.assertTrue(user._is_portal())
        self.assertEqual(user.tz, "Asia/Shanghai")
        env = self.env(user=user)
        requests = env["aftersales.request"].search([])
        self.assertTrue(requests)
        self.assertEqual(requests.partner_id, user.partner_id)
        self.assertIn("done", requests.mapped("state"), "a request waits for the customer's signature")
        self.assertFalse(requests.filtered(lambda r: r.state == "done").signature)
        self.assertTrue(env["aftersales.complaint"].search([]))
        self.assertTrue(env["aftersales.warranty.card"].search([]))

    def test_no_online_service(self):
        installed = self.env["ir.module.module"].search(
            [
                ("name", "in", ONLINE_SERVICE_MODULES),
                ("state", "=", "installed"),
            ]
        )
        self.assertFalse(installed.mapped("name"))
        # The weekly call home to services.odoo.com.
        self.assertFalse(self.env.ref("mail.ir_cron_module_update_notification").active)
        # What the screens would call: no autocomplete on the partner and
        # company forms (each name typed asked partner-autocomplete.odoo.com).
        for model in ("res.partner", "res.company"):
            arch = self.env[model].get_view(view_type="form")["arch"]
            self.assertNotIn("field_partner_autocomplete", arch)
