"""The parts used appear on the service slip (售后服务单) printed from the
service addon."""

from odoo.addons.aftersales_service.tests.common import load_zh_cn
from odoo.tests import tagged
from odoo.tools import html2plaintext

from .common import PartsCase


@tagged("post_install", "-at_install")
class TestServiceSlipParts(PartsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_zh_cn(cls.env)
        cls.customer.lang = "zh_CN"

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
        self.assertIn("更换备件", text)
        self.assertIn("备件合计", text)
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
        self.assertNotIn("更换备件", html2plaintext(html.decode()))

    def test_parts_in_english_for_an_english_customer(self):
        self._stock(self.capacitor, self.depot.lot_stock_id, 5)
        self.customer.lang = "en_US"
        request = self._job(technician=self.other_technician)
        line = self._line(request, self.capacitor, qty=1)
        line.action_issue()
        line.action_confirm_use()
        html = self.env["ir.actions.report"]._render_qweb_html(
            "aftersales_service.action_report_service_slip", request.ids
        )[0]
        text = html2plaintext(html.decode())
        self.assertIn("Parts Replaced", text)
        self.assertIn("Parts Total", text)
        self.assertNotIn("更换备件", text)
