from contextlib import contextmanager
from datetime import date, timedelta

from odoo import fields
from odoo.addons.aftersales_service.tests.common import AftersalesCase
from odoo.tests import new_test_user

SOLD = date(2024, 3, 1)


class WarrantyCase(AftersalesCase):
    """A colour TV and a washing machine sold in Shenzhen, with the policies
    of the regulation annex (colour TV) and a plain 1-year policy (washer)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Card = cls.env["aftersales.warranty.card"]
        cls.Policy = cls.env["aftersales.warranty.policy"]
        cls.Repair = cls.env["aftersales.warranty.repair"]
        cls.supervisor = new_test_user(
            cls.env,
            "as_w_supervisor",
            groups="aftersales_service.group_aftersales_supervisor",
            name="主管 周敏",
        )
        cls.categ_appliance = cls.env["product.category"].create({"name": "家用电器"})
        cls.categ_tv = cls.env["product.category"].create(
            {"name": "彩色电视机", "parent_id": cls.categ_appliance.id}
        )
        cls.categ_washer = cls.env["product.category"].create(
            {"name": "洗衣机", "parent_id": cls.categ_appliance.id}
        )
        cls.tv_policy = cls.Policy.create(
            {
                "name": "彩电三包（测试）",
                "warranty_months": 12,
                "main_part_months": 36,
                "daily_depreciation_rate": 0.1,
                "product_categ_ids": [(6, 0, cls.categ_tv.ids)],
            }
        )
        cls.washer_policy = cls.Policy.create(
            {
                "name": "洗衣机三包（测试）",
                "warranty_months": 12,
                "product_categ_ids": [(6, 0, cls.categ_washer.ids)],
            }
        )
        cls.tv = cls._product("55英寸4K智能彩电", "TV-55A", cls.categ_tv, 3000.0)
        cls.washer = cls._product("滚筒洗衣机 10公斤", "XQG100", cls.categ_washer, 2500.0)
        cls.other_customer = cls.env["res.partner"].create({"name": "广州市天河电器商行"})
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)

    @classmethod
    def _product(cls, name, code, categ, price):
        return cls.env["product.product"].create(
            {
                "name": name,
                "default_code": code,
                "categ_id": categ.id,
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
                "list_price": price,
                "standard_price": price * 0.7,
                "taxes_id": [(5, 0, 0)],
            }
        )

    @classmethod
    def _lot(cls, product, name):
        return cls.env["stock.lot"].create({"name": name, "product_id": product.id})

    @classmethod
    def _card(cls, product=None, lot_name=None, invoice_date=SOLD, price=3000.0, partner=None, **vals):
        product = product or cls.tv
        cls._lot_seq = getattr(cls, "_lot_seq", 0) + 1
        lot = cls._lot(product, lot_name or f"SN{product.id}-{cls._lot_seq:05d}")
        return cls.Card.create(
            {
                "lot_id": lot.id,
                "partner_id": (partner or cls.customer).id,
                "invoice_date": invoice_date,
                "price": price,
                **vals,
            }
        )

    @classmethod
    def _stock(cls, lot, location=None):
        cls.env["stock.quant"]._update_available_quantity(
            lot.product_id, location or cls.warehouse.lot_stock_id, 1.0, lot_id=lot
        )

    @contextmanager
    def assertRaisesRegex(self, expected_exception, expected_regex):
        """Like unittest's, inside the savepoint Odoo's assertRaises opens
        (unittest's own assertRaisesRegex would leave the failed write behind)."""
        with self.assertRaises(expected_exception) as context:
            yield context
        self.assertRegex(str(context.exception), expected_regex)

    @classmethod
    def _days_ago(cls, days):
        return fields.Date.context_today(cls.env.user) - timedelta(days=days)
