from datetime import datetime, timedelta

from odoo import fields
from odoo.tests import tagged

from .common import PartsCase


@tagged("post_install", "-at_install")
class TestReconciliation(PartsCase):
    """A scripted month of one depot, reconciled by hand below.

    Last month: 10 received.
    This month: 5 received; 3 issued (2 used, 1 returned) and 1 issued and used;
    1 sent to the central depot; a count finds 1 missing; 3 old parts
    recovered, 2 written off, 1 returned to the supplier.

    closing = 10 + 5 + 1 - 4 - 1 - 1 = 10 = on hand; value 10 x 300 = 3,000."""

    def _receive(self, quantity, when=None):
        moves = self.env["stock.move"]._aftersales_execute(
            [
                {
                    "product_id": self.compressor.id,
                    "product_uom": self.compressor.uom_id.id,
                    "product_uom_qty": quantity,
                    "location_id": self.env.ref("stock.stock_location_suppliers").id,
                    "location_dest_id": self.depot.lot_stock_id.id,
                }
            ]
        )
        if when:
            moves.write({"date": when})
            moves.move_line_ids.write({"date": when})
        return moves

    def _use(self, planned, used):
        line = self._line(self._job(technician=self.other_technician), qty=planned)
        line.action_issue()
        line.used_qty = used
        line.action_confirm_use()
        if line.state == "to_return":
            line.action_return()
        return line.request_id.old_part_ids

    def _script_month(self):
        self.env.user.tz = "Asia/Shanghai"
        today = fields.Date.context_today(self.env.user)
        month = today.replace(day=1)
        last_month = datetime.combine(month - timedelta(days=1), datetime.min.time()).replace(hour=4)
        self._receive(10, when=last_month)
        self._receive(5)
        written_off = self._use(3, 2)
        to_supplier = self._use(1, 1)
        (written_off | to_supplier).action_recover()
        written_off.action_write_off()
        to_supplier.write({"supplier_id": self.manufacturer.id})
        to_supplier.action_return_supplier()
        self.env["stock.move"]._aftersales_execute(
            [
                {
                    "product_id": self.compressor.id,
                    "product_uom": self.compressor.uom_id.id,
                    "product_uom_qty": 1,
                    "location_id": self.depot.lot_stock_id.id,
                    "location_dest_id": self.central.lot_stock_id.id,
                    "aftersales_kind": "transfer",
                }
            ]
        )
        self._stock(self.compressor, self.depot.lot_stock_id, 10)  # counted 10 of 11
        return self.env["aftersales.parts.reconciliation"].create(
            {"depot_id": self.depot.id, "date_from": month}
        )

    def test_scripted_month(self):
        reconciliation = self._script_month()
        reconciliation.action_compute()
        line = reconciliation.line_ids.filtered(lambda ln: ln.product_id == self.compressor)
        figures = {
            name: line[name]
            for name in (
                "opening",
                "received",
                "issued",
                "returned",
                "other_out",
                "adjusted",
                "closing",
                "on_hand",
                "difference",
                "old_recovered",
                "old_returned",
                "old_written_off",
            )
        }
        self.assertEqual(
            figures,
            {
                "opening": 10,
                "received": 5,
                "issued": 4,
                "returned": 1,
                "other_out": 1,
                "adjusted": -1,
                "closing": 10,
                "on_hand": 10,
                "difference": 0,
                "old_recovered": 3,
                "old_returned": 1,
                "old_written_off": 2,
            },
        )
        self.assertAlmostEqual(line.value, 3000.0)
        self.assertEqual(reconciliation.difference_count, 0)

    def test_stock_changed_without_a_move_shows_a_difference(self):
        reconciliation = self._script_month()
        self.env["stock.quant"]._update_available_quantity(self.compressor, self.depot.lot_stock_id, 1)
        reconciliation.action_compute()
        line = reconciliation.line_ids.filtered(lambda ln: ln.product_id == self.compressor)
        self.assertEqual((line.closing, line.on_hand, line.difference), (10, 11, 1))
        self.assertEqual(reconciliation.difference_count, 1)

    def test_confirmed_month_is_frozen_and_printable(self):
        reconciliation = self._script_month()
        reconciliation.action_confirm()
        self.assertEqual(reconciliation.state, "done")
        self.assertTrue(reconciliation.line_ids)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("aftersales_parts.report_parts_reconciliation", reconciliation.ids)[0]
            .decode()
        )
        self.assertIn("空调压缩机", html)
        self.assertIn("南山备件点", html)
        with self.allow_pdf_render():  # wkhtmltopdf fetches the assets from the test server
            pdf, kind = (
                self.env["ir.actions.report"]
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf("aftersales_parts.report_parts_reconciliation", reconciliation.ids)
            )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))

    def test_reconciliation_queries_do_not_grow_with_parts(self):
        reconciliation = self._script_month()

        def queries():
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            reconciliation._ledger_lines()
            return self.cr.sql_log_count - before

        queries()  # warm the caches
        few = queries()
        for index in range(5):
            part = self._part(f"测试配件{index}", standard_price=5.0, list_price=9.0)
            self._stock(part, self.depot.lot_stock_id, 3)
        queries()
        self.assertEqual(queries(), few)
