"""card.evaluate_claim / evaluate_claims through the ORM: the examples of
the issue, bad input, and a query count that does not grow with the cards."""

from datetime import date, timedelta

from odoo import fields
from odoo.addons.aftersales_service.tests.common import correct_figure, load_zh_cn
from odoo.exceptions import ValidationError

from .common import SOLD, WarrantyCase

CONTRACT_KEYS = {
    "remedies",
    "free",
    "rule",
    "refund_amount",
    "depreciation",
    "warranty_end",
    "main_part_warranty_end",
}


class TestWarrantyEvaluateOrm(WarrantyCase):
    def test_colour_tv_examples(self):
        card = self._card(price=3000.0)
        self.assertEqual(card.policy_id, self.tv_policy, "policy found from the product category")
        seventh = card.evaluate_claim(date(2024, 3, 8))
        self.assertTrue(set(seventh) >= CONTRACT_KEYS)
        self.assertEqual(seventh["remedies"], ["refund", "exchange", "repair"])
        self.assertEqual(seventh["rule"], "seven_day")
        self.assertEqual(seventh["refund_amount"], 3000.0)
        self.assertEqual(seventh["depreciation"], 0.0)
        self.assertTrue(seventh["free"])
        eighth = card.evaluate_claim(date(2024, 3, 9))
        self.assertEqual(eighth["remedies"], ["exchange", "repair"])
        self.assertEqual(eighth["rule"], "fifteen_day")
        self.assertEqual(eighth["refund_amount"], 0.0)
        self.assertEqual(eighth["warranty_end"], date(2025, 3, 1))
        self.assertEqual(eighth["main_part_warranty_end"], date(2027, 3, 1))

    def test_washing_machine_examples(self):
        card = self._card(self.washer, price=2500.0)
        self.assertEqual(card.evaluate_claim("2024-03-16")["remedies"], ["exchange", "repair"])
        result = card.evaluate_claim(date(2024, 3, 17))
        self.assertEqual(result["remedies"], ["repair"])
        self.assertEqual(result["rule"], "warranty")
        self.assertTrue(result["free"])

    def test_unauthorised_repair_gives_no_free_remedy(self):
        result = self._card().evaluate_claim(date(2024, 3, 5), exclusion="unauthorized_repair")
        self.assertEqual(result["remedies"], [])
        self.assertFalse(result["free"])
        self.assertEqual(result["rule"], "excluded")

    def test_main_part_after_unit_period(self):
        card = self._card()
        self.assertEqual(card.evaluate_claim(date(2025, 6, 1))["rule"], "expired")
        result = card.evaluate_claim(date(2025, 6, 1), component="main_part")
        self.assertEqual((result["rule"], result["remedies"]), ("main_part_warranty", ["repair"]))

    def test_two_repairs_give_exchange_or_depreciated_refund(self):
        card = self._card(price=3000.0)
        self.Repair.create(
            [
                {
                    "card_id": card.id,
                    "date_in": date(2024, 5, 1),
                    "date_out": date(2024, 5, 11),
                    "fixed": True,
                },
                {
                    "card_id": card.id,
                    "date_in": date(2024, 7, 1),
                    "date_out": date(2024, 7, 6),
                    "fixed": True,
                },
            ]
        )
        result = card.evaluate_claim(date(2024, 9, 1))
        self.assertEqual(result["rule"], "two_repairs")
        self.assertEqual(result["remedies"], ["refund", "exchange", "repair"])
        # 2024-03-01 -> 2024-09-01 is 184 days, minus 15 days in repair = 169 days used.
        self.assertEqual(result["days_used"], 169)
        self.assertAlmostEqual(result["depreciation"], 3000 * 0.001 * 169)
        self.assertAlmostEqual(result["refund_amount"], 3000 - 507.0)
        self.assertEqual(result["warranty_end"], date(2025, 3, 16), "extended by the 15 repair days")
        no_stock = card.evaluate_claim(date(2024, 9, 1), same_model_available=False)
        self.assertEqual((no_stock["remedies"], no_stock["refund_amount"]), (["refund", "repair"], 3000.0))

    def test_bad_input_is_refused_clearly(self):
        card = self._card()
        with self.assertRaisesRegex(ValidationError, "before the sale date"):
            card.evaluate_claim(date(2024, 2, 28))
        with self.assertRaisesRegex(ValidationError, "in the future"):
            card.evaluate_claim(fields.Date.context_today(self.env.user) + timedelta(days=1))
        with self.assertRaisesRegex(ValidationError, "Unknown exclusion"):
            card.evaluate_claim(date(2024, 3, 5), exclusion="bad_luck")
        with self.assertRaisesRegex(ValidationError, "battery"):
            card.evaluate_claim(date(2024, 3, 5), component="battery")
        with self.assertRaisesRegex(ValidationError, "fault date"):
            card.evaluate_claim(False)
        card.action_close()
        with self.assertRaisesRegex(ValidationError, "no more cover"):
            card.evaluate_claim(date(2024, 3, 5))

    def test_engine_errors_read_as_sentences_in_the_readers_language(self):
        """The engine gives a code and its values; the user reads a sentence
        with the card, the serial and the component names, never a Python
        object nor an engine code."""
        load_zh_cn(self.env)
        card = self._card().with_context(lang="zh_CN")
        with self.assertRaises(ValidationError) as refusal:
            card.evaluate_claim(date(2024, 2, 28))
        self.assertEqual(
            str(refusal.exception),
            f"三包凭证 {card.name}（序列号 {card.lot_id.name}）：故障日期 2024/02/28 早于销售日期 2024/03/01。",
        )
        with self.assertRaises(ValidationError) as refusal:
            card.evaluate_claim(date(2024, 3, 5), component="battery")
        message = str(refusal.exception)
        self.assertIn(f"三包规定 {self.tv_policy.name} 不包含部件 battery", message)
        self.assertIn("整机", message)
        self.assertIn("主要部件", message)
        self.assertNotIn("unknown_component", message)
        english = card.with_context(lang="en_US")
        with self.assertRaises(ValidationError) as refusal:
            english.evaluate_claim(date(2024, 3, 5), component="battery")
        self.assertIn(
            "covers no component battery; choose one of: Whole unit and Main part", str(refusal.exception)
        )

    def test_wizard_shows_the_sentence(self):
        card = self._card()
        wizard = (
            self.env["aftersales.warranty.remedy.wizard"]
            .with_context(lang="en_US")
            .create({"card_id": card.id, "fault_date": date(2024, 2, 28)})
        )
        self.assertIn("is before the sale date 03/01/2024", wizard.error)
        self.assertNotIn("Policy(", wizard.error)

    def test_accessory_period_of_a_phone(self):
        phone_policy = self.env.ref("aftersales_warranty.policy_mobile_phone")
        categ = self.env["product.category"].create({"name": "手机"})
        phone_policy.product_categ_ids = categ
        phone = self._product("5G 智能手机", "PH-5G", categ, 1999.0)
        card = self._card(phone, price=1999.0)
        self.assertEqual(
            card.evaluate_claim(date(2024, 8, 1), component="battery")["rule"], "accessory_warranty"
        )
        self.assertEqual(card.evaluate_claim(date(2024, 9, 2), component="battery")["rule"], "expired")
        self.assertEqual(card.evaluate_claim(date(2024, 9, 2), component="headset")["rule"], "expired")

    def test_batch_returns_one_result_per_card_in_order(self):
        cards = (
            self._card() | self._card(self.washer, price=2500.0) | self._card(invoice_date=date(2024, 3, 5))
        )
        results = cards.evaluate_claims(date(2024, 3, 9))
        self.assertEqual([r["card_id"] for r in results], cards.ids)
        self.assertEqual([r["rule"] for r in results], ["fifteen_day", "fifteen_day", "seven_day"])
        single = cards[0].evaluate_claim(date(2024, 3, 9))
        self.assertEqual(set(single), set(results[0]))
        self.assertEqual(self.Card.evaluate_claims(date(2024, 3, 9)), [])

    def _queries_for(self, cards):
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        results = cards.evaluate_claims(date(2024, 9, 1))
        self.assertEqual(len(results), len(cards))
        return self.env.cr.sql_log_count - before

    def test_batch_query_count_does_not_grow(self):
        lots = self.env["stock.lot"].create(
            [{"name": f"QC{i:05d}", "product_id": self.tv.id} for i in range(100)]
        )
        cards = self.Card.create(
            [
                {"lot_id": lot.id, "partner_id": self.customer.id, "invoice_date": SOLD, "price": 3000.0}
                for lot in lots
            ]
        )
        self.Repair.create(
            [
                {"card_id": card.id, "date_in": date(2024, 5, 1), "date_out": date(2024, 5, 3), "fixed": True}
                for card in cards
            ]
        )
        self._queries_for(cards[:10])  # warm the caches (rules, parameters)
        small = self._queries_for(cards[:10])
        large = self._queries_for(cards)
        self.assertEqual(small, large, "evaluate_claims must not query per card")
        self.assertLessEqual(large, 8)

    def test_tampered_card_gets_no_free_remedy(self):
        card = self._card(price=3000.0)
        self.assertFalse(card.is_tampered)
        self.env.flush_all()
        self.env.cr.execute("UPDATE aftersales_warranty_card SET price = 9000 WHERE id = %s", [card.id])
        self.env.invalidate_all()
        self.assertTrue(card.is_tampered)
        result = card.evaluate_claim(date(2024, 3, 5))
        self.assertEqual((result["rule"], result["free"], result["remedies"]), ("excluded", False, []))
        self.assertTrue(result["tampered"])
        # A change through the application (a supervisor's correction) is
        # legitimate: the digest follows it.
        correct_figure(card, "price", 3100.0, "发票金额录入错误", self.supervisor)
        self.assertFalse(card.is_tampered)
