"""The parts used appear on the service slip (售后服务单) printed from the
service addon."""

from odoo.tests import tagged
from odoo.tools import html2plaintext

from .common import PartsCase


@tagged("post_install", "-at_install")
class TestServiceSlipParts(PartsCase):
    def test_parts_used_on_the_slip(self):
        self._stock(self.compressor, self.depot.lot_stock_id, 5)
        self._stock(self.capacitor, self.depot.lot_stock_id, 5)
        request = self._job(technician=self.other_technician)
        lines = self._line(request, qty=1) | self._line(request, self.capacitor, qty=3)
        unused = self._line(request, self.compressor, qty=1)
        lines.action_issue()
        lines[1].used_qty = 2
        lines.action_confirm_use()
        unused.action_cancel()
        html = self.env["ir.actions.report"]._render_qweb_html(
            "aftersales_service.action_report_service_slip", request.ids
        )[0]
        text = html2plaintext(html.decode())
        self.assertIn("更换配件", text)
        self.assertIn("空调压缩机", text)
        self.assertIn("空调电容 35μF", text)
        # 1 x 450 + 2 x 30 = 510
        self.assertIn("510.00", text)
        self.assertIn("450.00", text)
        self.assertIn("60.00", text)

    def test_no_parts_no_table(self):
        request = self._job()
        html = self.env["ir.actions.report"]._render_qweb_html(
            "aftersales_service.action_report_service_slip", request.ids
        )[0]
        self.assertNotIn("更换配件", html2plaintext(html.decode()))
