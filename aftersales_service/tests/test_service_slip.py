"""The service slip (售后服务单) and the monthly summary as PDF: their text
content from the HTML rendering, and a real PDF from wkhtmltopdf."""

import base64
import io
from datetime import timedelta

from PIL import Image

from odoo import fields
from odoo.addons.aftersales_service.tests.common import force_write
from odoo.tests import tagged
from odoo.tools import html2plaintext

from .common import AftersalesCase, load_zh_cn


def png_signature():
    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), (20, 20, 120)).save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue())


@tagged("post_install", "-at_install")
class TestServiceSlip(AftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_zh_cn(cls.env)
        cls.customer.lang = "zh_CN"
        cls.product = cls.env["product.product"].create(
            {"name": "格力空调 KFR-35GW", "is_storable": True, "tracking": "serial"}
        )
        cls.lot = cls.env["stock.lot"].create({"name": "GREE-2024-0001", "product_id": cls.product.id})
        now = fields.Datetime.now().replace(microsecond=0)
        cls.request = cls._new_request(
            product_id=cls.product.id,
            lot_id=cls.lot.id,
            technician_id=cls.technician.id,
        )
        force_write(
            cls.request,
            {
                "state": "done",
                "work_done": "更换室外风机电容，试机制冷正常",
                "check_in_date": now - timedelta(hours=2),
                "check_out_date": now - timedelta(hours=1),
                "quote_amount": 180.0,
                "signature": png_signature(),
                "signed_by": "陈先生",
            },
        )

    def _slip_text(self, request):
        html = request.env["ir.actions.report"]._render_qweb_html(
            "aftersales_service.action_report_service_slip", request.ids
        )[0]
        return html2plaintext(html.decode())

    def test_slip_content(self):
        text = self._slip_text(self.request)
        for expected in (
            "售后服务单",
            self.request.name,
            "深圳市华强电器有限公司",
            "陈先生",
            "13812345678",
            "南山区科技园南区高新南七道",
            "格力空调 KFR-35GW",
            "GREE-2024-0001",
            "空调不制冷，外机有异响",
            "更换室外风机电容，试机制冷正常",
            "张伟",
            "180.00",
            "客户签名",
            "报修时间",
            "序列号",
            self.company.name,
        ):
            self.assertIn(expected, text)
        self.assertNotIn("未签字", text)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("aftersales_service.action_report_service_slip", self.request.ids)[0]
            .decode()
        )
        self.assertIn("data:image/png;base64,", html, "the signature image is on the slip")

    def test_slip_in_the_customers_language(self):
        """The slip follows the customer's language, whoever prints it: the
        labels come from the .po files, never both languages side by side."""
        chinese = self._slip_text(self.request)
        self.assertNotIn("Customer Signature", chinese)
        self.customer.lang = "en_US"
        english = self._slip_text(self.request)
        for expected in ("Service Slip", "Customer Signature", "Reported On", "Work Done", self.request.name):
            self.assertIn(expected, english)
        for chinese_label in ("售后服务单", "客户签名", "报修时间"):
            self.assertNotIn(chinese_label, english)

    def test_slip_times_to_the_minute(self):
        """Check-in and check-out print in the reader's time zone, without
        seconds."""
        force_write(self.request, {"check_in_date": fields.Datetime.to_datetime("2026-03-02 01:05:00")})
        text = self._slip_text(self.request.with_context(tz="Asia/Shanghai"))
        self.assertIn("09:05", text)
        self.assertNotIn("09:05:00", text)

    def test_report_file_name_translated(self):
        report = self.env.ref("aftersales_service.action_report_service_slip")
        self.assertEqual(
            report.with_context(lang="zh_CN").print_report_name, "'售后服务单 - %s' % (object.name)"
        )
        self.assertEqual(
            report.with_context(lang="en_US").print_report_name, "'Service Slip - %s' % (object.name)"
        )

    def test_unsigned_slip_says_so(self):
        request = self._new_request()
        text = self._slip_text(request)
        self.assertIn("未签字", text)
        self.assertIn(request.name, text)

    def test_slip_pdf(self):
        with self.allow_pdf_render():  # wkhtmltopdf fetches the assets from the test server
            pdf, report_type = (
                self.env["ir.actions.report"]
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf("aftersales_service.action_report_service_slip", self.request.ids)
            )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))


@tagged("post_install", "-at_install")
class TestMonthlySummary(AftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.context_today(cls.env.user)
        cls.month = today.replace(day=1)
        cls.other_customer = cls.env["res.partner"].create({"name": "东莞市美家电器经销部"})
        cls.product = cls.env["product.product"].create(
            {"name": "月报热水器", "is_storable": True, "tracking": "serial"}
        )
        lot = cls.env["stock.lot"].create({"name": "MONTH-SN-1", "product_id": cls.product.id})
        first = cls._new_request(product_id=cls.product.id, lot_id=lot.id, quote_amount=120.0)
        cls._new_request(product_id=cls.product.id, lot_id=lot.id, quote_amount=80.0)  # a return
        cls._new_request(partner_id=cls.other_customer.id, quote_amount=45.5)
        cls.slip = cls.env["aftersales.discount.slip"].create(
            {
                "partner_id": cls.customer.id,
                "month": cls.month,
                "line_ids": [(0, 0, {"request_id": first.id, "reason": "上门超时补偿", "amount": 66.0})],
            }
        )
        cls.complaint_installed = "aftersales.complaint" in cls.env

    def _summary(self):
        return self.env["aftersales.monthly.summary.wizard"].create({"month": self.month})

    def test_summary_figures(self):
        data = self._summary()._summary_data()
        mine = [r for r in data["customers"] if r["partner"] in (self.customer, self.other_customer)]
        by_partner = {r["partner"]: r for r in mine}
        self.assertEqual(by_partner[self.customer]["requests"], 2)
        self.assertEqual(by_partner[self.customer]["returns"], 1)
        self.assertAlmostEqual(by_partner[self.customer]["repair_cost"], 200.0)
        self.assertEqual(by_partner[self.other_customer]["returns"], 0)
        self.assertAlmostEqual(by_partner[self.other_customer]["repair_cost"], 45.5)
        self.assertIn(self.slip, data["slips"])
        self.assertEqual(data["complaints_installed"], self.complaint_installed)

    def test_summary_text_and_pdf(self):
        load_zh_cn(self.env)
        wizard = self._summary().with_context(lang="zh_CN")
        html = (
            self.env["ir.actions.report"]
            .with_context(lang="zh_CN")
            ._render_qweb_html("aftersales_service.action_report_monthly_summary", wizard.ids)[0]
        )
        text = html2plaintext(html.decode())
        for expected in (
            "售后服务月度汇总",
            self.month.strftime("%Y-%m"),
            "深圳市华强电器有限公司",
            "东莞市美家电器经销部",
            self.slip.name,
            "66.00",
            "200.00",
            "45.50",
        ):
            self.assertIn(expected, text)
        if self.complaint_installed:
            self.assertIn("投诉分类", text)
        self.assertNotIn("Service Overview", text)
        with self.allow_pdf_render():
            pdf, _kind = (
                self.env["ir.actions.report"]
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf("aftersales_service.action_report_monthly_summary", wizard.ids)
            )
        self.assertTrue(pdf.startswith(b"%PDF"))

    def test_summary_in_english(self):
        wizard = self._summary().with_context(lang="en_US")
        html = (
            self.env["ir.actions.report"]
            .with_context(lang="en_US")
            ._render_qweb_html("aftersales_service.action_report_monthly_summary", wizard.ids)[0]
        )
        text = html2plaintext(html.decode())
        for expected in ("Monthly After-Sales Summary", "Service Overview", "Per Customer", "Discount Slips"):
            self.assertIn(expected, text)
        self.assertNotIn("售后服务月度汇总", text)

    def test_print_action(self):
        action = self._summary().with_context(discard_logo_check=True).action_print()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["report_name"], "aftersales_service.report_monthly_summary")
