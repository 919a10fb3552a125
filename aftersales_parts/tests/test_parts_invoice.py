from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import PartsCase


@tagged("post_install", "-at_install")
class TestPartsInvoice(PartsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._stock(cls.compressor, cls.depot.lot_stock_id, 5)
        cls._stock(cls.capacitor, cls.depot.lot_stock_id, 5)
        cls.labour = cls.env["product.product"].create(
            {
                "name": "上门维修工时",
                "type": "service",
                "list_price": 80.0,
                "taxes_id": [(5, 0, 0)],
            }
        )
        cls.company.aftersales_labour_product_id = cls.labour

    def _used_job(self, warranty_state):
        request = self._job(technician=self.other_technician, warranty_state=warranty_state)
        lines = self._line(request, qty=1) | self._line(request, self.capacitor, qty=3)
        lines.action_issue()
        lines[1].used_qty = 2
        lines.action_confirm_use()
        request.labour_hours = 1.5
        return request

    def test_out_of_warranty_parts_and_labour_invoiced(self):
        request = self._used_job("out")
        request.action_create_invoice()
        invoice = request.invoice_id
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(invoice.partner_id, self.customer)
        self.assertEqual(invoice.invoice_origin, request.name)
        amounts = {
            line.product_id: (line.quantity, line.price_unit, line.price_subtotal)
            for line in invoice.invoice_line_ids
        }
        self.assertEqual(amounts[self.compressor], (1.0, 450.0, 450.0))
        self.assertEqual(amounts[self.capacitor], (2.0, 30.0, 60.0))
        self.assertEqual(amounts[self.labour], (1.5, 80.0, 120.0))
        # 450 + 2 x 30 + 1.5 h x 80 = 630, no tax on these products.
        self.assertAlmostEqual(invoice.amount_untaxed, 630.0)
        self.assertAlmostEqual(invoice.amount_total, 630.0)
        invoice.action_post()
        self.assertEqual(invoice.state, "posted")
        with self.assertRaisesRegex(UserError, "already invoiced"):
            request.action_create_invoice()

    def test_price_list_prices_the_parts(self):
        pricelist = self.env["product.pricelist"].create(
            {
                "name": "维修网点价",
                "item_ids": [
                    (
                        0,
                        0,
                        {
                            "applied_on": "0_product_variant",
                            "product_id": self.compressor.id,
                            "compute_price": "fixed",
                            "fixed_price": 400.0,
                        },
                    )
                ],
            }
        )
        self.company.aftersales_parts_pricelist_id = pricelist
        request = self._used_job("out")
        request.action_create_invoice()
        line = request.invoice_id.invoice_line_ids.filtered(lambda ln: ln.product_id == self.compressor)
        self.assertEqual(line.price_unit, 400.0)

    def test_under_warranty_is_costed_not_invoiced(self):
        request = self._used_job("in")
        with self.assertRaisesRegex(UserError, "is under warranty"):
            request.action_create_invoice()
        self.assertFalse(request.invoice_id)
        # 1 compressor x 300 + 2 capacitors x 12 at standard cost.
        self.assertAlmostEqual(request.parts_cost, 324.0)

    def test_unknown_warranty_state_refused(self):
        request = self._used_job("unknown")
        with self.assertRaisesRegex(UserError, "Decide whether .* is under warranty"):
            request.action_create_invoice()

    def test_nothing_to_invoice(self):
        request = self._job(warranty_state="out")
        with self.assertRaisesRegex(UserError, "no parts used and no labour"):
            request.action_create_invoice()
        self.assertFalse(self.env["account.move"].search([("invoice_origin", "=", request.name)]))
