"""Policies, cards and their invariants, automatic cards from deliveries and
invoices, the card PDF."""

from datetime import date, timedelta

from odoo import Command, fields
from odoo.addons.aftersales_service.tests.common import load_zh_cn
from odoo.exceptions import ValidationError

from .common import SOLD, WarrantyCase


class TestWarrantyCard(WarrantyCase):
    def test_policy_templates_carry_only_the_annex_figures(self):
        figures = {
            "policy_bicycle": (12, 24, 0.05),
            "policy_colour_tv": (12, 36, 0.1),
            "policy_bw_tv": (12, 36, 0.05),
            "policy_vcr": (12, 12, 0.1),
            "policy_mobile_phone": (12, 0, 0.0),
            "policy_microcomputer": (12, 24, 0.0),
        }
        for xmlid, expected in figures.items():
            policy = self.env.ref(f"aftersales_warranty.{xmlid}")
            self.assertEqual(
                (policy.warranty_months, policy.main_part_months, policy.daily_depreciation_rate),
                expected,
                xmlid,
            )
            self.assertEqual(
                (
                    policy.refund_days,
                    policy.exchange_days,
                    policy.max_repairs,
                    policy.parts_wait_days,
                    policy.repairer_delay_days,
                    policy.count_sale_day,
                ),
                (7, 15, 2, 90, 30, False),
                xmlid,
            )
        phone = self.env.ref("aftersales_warranty.policy_mobile_phone")
        self.assertEqual(
            {a.code: a.months for a in phone.accessory_ids}, {"battery": 6, "headset": 3, "charger": 12}
        )

    def test_policy_lookup_product_first_then_nearest_category(self):
        appliance_policy = self.Policy.create(
            {"name": "家电通用", "product_categ_ids": [Command.set(self.categ_appliance.ids)]}
        )
        special = self.Policy.create({"name": "特供机型", "product_ids": [Command.set(self.tv.ids)]})
        fridge_categ = self.env["product.category"].create(
            {"name": "冰箱", "parent_id": self.categ_appliance.id}
        )
        fridge = self._product("对开门冰箱", "BCD-500", fridge_categ, 4999.0)
        other = self._product(
            "电风扇", "FS-40", self.env["product.category"].create({"name": "小家电"}), 199.0
        )
        found = self.Policy._for_products(self.tv | self.washer | fridge | other)
        self.assertEqual(found[self.tv.id], special)
        self.assertEqual(found[self.washer.id], self.washer_policy)
        self.assertEqual(found[fridge.id], appliance_policy, "inherited from the parent category")
        self.assertNotIn(other.id, found)
        self.assertFalse(self.Policy._find_for_product(other))

    def test_contract_fields(self):
        for model, names in {
            "aftersales.warranty.policy": [
                "name",
                "refund_days",
                "exchange_days",
                "warranty_months",
                "main_part_months",
                "max_repairs",
                "parts_wait_days",
                "repairer_delay_days",
                "daily_depreciation_rate",
                "count_sale_day",
            ],
            "aftersales.warranty.card": [
                "lot_id",
                "partner_id",
                "product_id",
                "policy_id",
                "invoice_date",
                "price",
                "repair_ids",
            ],
            "aftersales.warranty.repair": [
                "card_id",
                "date_in",
                "date_out",
                "parts_wait_days",
                "fixed",
                "component",
                "delay_cause",
            ],
        }.items():
            missing = [name for name in names if name not in self.env[model]._fields]
            self.assertFalse(missing, model)
        self.assertEqual(
            [key for key, _label in self.Repair._fields["delay_cause"].selection], ["parts", "repairer"]
        )

    def test_serial_already_carded_to_another_customer_is_refused(self):
        card = self._card(lot_name="TV2024A00001")
        with self.assertRaisesRegex(
            ValidationError, "TV2024A00001.*深圳市华强电器有限公司.*广州市天河电器商行"
        ):
            self.Card.create(
                {
                    "lot_id": card.lot_id.id,
                    "partner_id": self.other_customer.id,
                    "invoice_date": SOLD,
                    "price": 3000.0,
                }
            )
        lot = self._lot(self.tv, "TV2024A00002")
        with self.assertRaisesRegex(ValidationError, "TV2024A00002"):
            self.Card.create(
                [
                    {"lot_id": lot.id, "partner_id": self.customer.id, "invoice_date": SOLD},
                    {"lot_id": lot.id, "partner_id": self.other_customer.id, "invoice_date": SOLD},
                ]
            )
        card.action_close()
        again = self.Card.create(
            {
                "lot_id": card.lot_id.id,
                "partner_id": self.other_customer.id,
                "invoice_date": SOLD,
                "price": 2000.0,
            }
        )
        self.assertEqual(again.state, "active", "a closed card frees the serial")

    def test_card_invariants(self):
        lot = self._lot(self.tv, "TV2024A00003")
        with self.assertRaisesRegex(ValidationError, "belongs to"):
            self.Card.create(
                {
                    "lot_id": lot.id,
                    "product_id": self.washer.id,
                    "partner_id": self.customer.id,
                    "invoice_date": SOLD,
                }
            )
        with self.assertRaisesRegex(ValidationError, "negative"):
            self.Card.create(
                {"lot_id": lot.id, "partner_id": self.customer.id, "invoice_date": SOLD, "price": -1.0}
            )
        with self.assertRaisesRegex(ValidationError, "in the future"):
            self.Card.create(
                {
                    "lot_id": lot.id,
                    "partner_id": self.customer.id,
                    "invoice_date": fields.Date.context_today(self.env.user) + timedelta(days=1),
                }
            )
        card = self.Card.create({"lot_id": lot.id, "partner_id": self.customer.id, "invoice_date": SOLD})
        self.assertEqual(card.product_id, self.tv)
        self.assertTrue(card.name.startswith("SB"))
        self.assertTrue(card.verification_hash)
        with self.assertRaisesRegex(ValidationError, "before the sale date"):
            self.Repair.create({"card_id": card.id, "date_in": date(2024, 2, 1)})
        with self.assertRaisesRegex(ValidationError, "unknown component"):
            self.Repair.create({"card_id": card.id, "date_in": date(2024, 4, 1), "component": "battery"})
        with self.assertRaisesRegex(ValidationError, "do not fit"):
            self.Repair.create(
                {
                    "card_id": card.id,
                    "date_in": date(2024, 4, 1),
                    "date_out": date(2024, 4, 5),
                    "parts_wait_days": 10,
                }
            )

    def test_cover_today_and_expiry(self):
        card = self._card()
        self.Repair.create({"card_id": card.id, "date_in": date(2024, 4, 1), "date_out": date(2024, 4, 21)})
        self.assertEqual(card.warranty_end, date(2025, 3, 21))
        self.assertEqual(card.repair_days, 20)
        self.assertEqual(card.repair_ids.days_in_repair, 20)
        self.assertFalse(card.is_expired, "main parts are covered for 3 years plus 20 days")
        old = self._card(invoice_date=date(2019, 6, 1))
        self.assertTrue(old.is_expired)

    def _deliver(self, lot, partner):
        picking_type = self.warehouse.out_type_id
        customers = self.env.ref("stock.stock_location_customers")
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "partner_id": partner.id,
                "location_id": self.warehouse.lot_stock_id.id,
                "location_dest_id": customers.id,
                "move_ids": [
                    Command.create(
                        {
                            "product_id": lot.product_id.id,
                            "product_uom_qty": 1.0,
                            "product_uom": lot.product_id.uom_id.id,
                            "location_id": self.warehouse.lot_stock_id.id,
                            "location_dest_id": customers.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        self.assertEqual(picking.move_ids.move_line_ids.lot_id, lot)
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        return picking

    def test_delivery_with_serial_creates_one_card(self):
        lot = self._lot(self.tv, "TV2025D00001")
        self._stock(lot)
        picking = self._deliver(lot, self.customer)
        card = self.Card.search([("lot_id", "=", lot.id)])
        self.assertEqual(len(card), 1)
        self.assertEqual(
            (card.partner_id, card.product_id, card.policy_id, card.picking_id, card.price, card.state),
            (self.customer, self.tv, self.tv_policy, picking, 3000.0, "active"),
        )
        self.assertEqual(card.invoice_date, fields.Date.context_today(card))
        self.assertEqual(card.dealer_id, self.company.partner_id)
        # Processing the same delivery again issues no second card.
        self.Card._create_from_move_lines(picking.move_line_ids)
        self.assertEqual(self.Card.search_count([("lot_id", "=", lot.id)]), 1)
        # A product without a policy gets no card.
        fan = self._product("电风扇", "FS-40", self.env["product.category"].create({"name": "小家电"}), 199.0)
        fan_lot = self._lot(fan, "FS0001")
        self._stock(fan_lot)
        self._deliver(fan_lot, self.customer)
        self.assertFalse(self.Card.search([("lot_id", "=", fan_lot.id)]))

    def test_posted_invoice_gives_price_and_date(self):
        lot = self._lot(self.tv, "TV2025D00002")
        self._stock(lot)
        self._deliver(lot, self.customer)
        card = self.Card.search([("lot_id", "=", lot.id)])
        invoice_date = fields.Date.context_today(self.env.user) - timedelta(days=1)
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_date": invoice_date,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.tv.id,
                            "quantity": 1.0,
                            "price_unit": 2799.0,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        self.assertEqual(card.invoice_id, invoice)
        self.assertEqual((card.price, card.invoice_date), (2799.0, invoice_date))
        self.assertFalse(card.is_tampered)

    def _card_pdf_text(self, card):
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "aftersales_warranty.report_warranty_card", card.ids
        )
        return html.decode()

    def test_card_pdf_in_chinese(self):
        """A Chinese customer's card reads in Chinese, the regulation's own
        wording included, whoever prints it."""
        load_zh_cn(self.env)
        self.customer.lang = "zh_CN"
        card = self._card()
        self.Repair.create(
            {
                "card_id": card.id,
                "date_in": date(2024, 4, 1),
                "date_out": date(2024, 4, 9),
                "fixed": True,
                "delay_cause": "parts",
            }
        )
        html = (
            self.env["ir.actions.report"]
            .with_context(lang="en_US")
            ._render_qweb_html("aftersales_warranty.report_warranty_card", card.ids)[0]
            .decode()
        )
        for text in (
            "三包凭证",
            card.name,
            card.lot_id.name,
            "修理记录",
            "主要部件三包期",
            "整机",
            "是",
            "产品自售出之日起7日内发生性能故障",
            "销售者（盖章）",
        ):
            self.assertIn(text, html)
        for english in ("Three-Guarantee Card", "Repair Log", "Whole unit"):
            self.assertNotIn(english, html)

    def test_card_pdf_in_english(self):
        self.customer.lang = "en_US"
        card = self._card()
        self.Repair.create(
            {"card_id": card.id, "date_in": date(2024, 4, 1), "date_out": date(2024, 4, 9), "fixed": True}
        )
        html = self._card_pdf_text(card)
        for text in (
            "Three-Guarantee Card",
            card.name,
            "Repair Log",
            "Main Parts Warranty",
            "Whole unit",
            "A performance fault within 7 days of the sale",
        ):
            self.assertIn(text, html)
        for chinese in ("三包凭证", "修理记录", "整机"):
            self.assertNotIn(chinese, html)
