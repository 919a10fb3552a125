"""The reception record (接车登记): the customer's signature gates the step,
the meter reading is recorded and never goes back, and the signed record
no longer changes."""

from datetime import datetime

from odoo import fields
from odoo.addons.aftersales_service.tests.common import force_create, force_write, load_zh_cn
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import html2plaintext

from .common_quality import QualityCase, force_passed_final_check, png_signature, sign_settlement


@tagged("post_install", "-at_install")
class TestReception(QualityCase):
    def test_signing_needs_the_customers_signature(self):
        job = self._job_for()
        job.with_user(self.advisor).write(
            {"reception_condition": "外壳完好", "belonging_ids": [(0, 0, {"name": "遥控器", "quantity": 1})]}
        )
        with self.assertRaisesRegex(UserError, f"The customer signs the reception record of {job.name}"):
            job.with_user(self.advisor).action_sign_reception()
        self.assertEqual(job.state, "reception")
        self.assertFalse(job.reception_signed_on)
        self._sign(job)
        self.assertEqual(job.state, "estimate")
        self.assertTrue(job.reception_signed_on)
        # The name under the signature defaults to the request's contact.
        self.assertEqual(job.reception_signed_by, "陈先生")

    def test_signed_time_is_a_system_figure(self):
        job = self._job_for()
        with self.assertRaisesRegex(UserError, "cannot be written directly"):
            job.with_user(self.advisor).write({"reception_signed_on": "2020-01-01 08:00:00"})
        self.assertFalse(job.reception_signed_on)

    def test_only_the_advisor_writes_the_reception(self):
        job = self._job_for()
        with self.assertRaisesRegex(UserError, "not part of their role"):
            job.with_user(self.tech_user).write({"reception_damage": "前保险杠划痕"})
        job.with_user(self.advisor).write({"reception_damage": "前保险杠划痕"})
        self.assertEqual(job.reception_damage, "前保险杠划痕")

    def test_the_signed_record_no_longer_changes(self):
        job = self._job_for()
        job.with_user(self.advisor).write({"belonging_ids": [(0, 0, {"name": "遥控器", "quantity": 1})]})
        self._sign(job, reception_condition="外壳完好")
        with self.assertRaisesRegex(UserError, "is signed by the customer"):
            job.with_user(self.advisor).write({"reception_condition": "外壳有裂纹"})
        with self.assertRaisesRegex(UserError, "is signed by the customer"):
            job.with_user(self.advisor).write({"reception_signature": png_signature((200, 0, 0))})
        with self.assertRaisesRegex(UserError, "can no longer be added, changed or removed"):
            job.with_user(self.advisor).write({"belonging_ids": [(0, 0, {"name": "电源线", "quantity": 1})]})
        with self.assertRaisesRegex(UserError, "can no longer be added, changed or removed"):
            job.belonging_ids.with_user(self.advisor).write({"quantity": 2})
        with self.assertRaisesRegex(UserError, "can no longer be added, changed or removed"):
            job.belonging_ids.with_user(self.advisor).unlink()
        self.assertEqual(job.reception_condition, "外壳完好")
        self.assertEqual(len(job.belonging_ids), 1)
        # Handing the remote back is ticked at handover.
        job.belonging_ids.with_user(self.advisor).write({"returned": True})
        self.assertTrue(job.belonging_ids.returned)

    def test_belongings_go_back_at_handover(self):
        job = self._job_for()
        job.with_user(self.advisor).write({"belonging_ids": [(0, 0, {"name": "遥控器", "quantity": 1})]})
        self._sign(job)
        force_write(job, {"state": "ready"})
        force_passed_final_check(job, self.inspector)
        sign_settlement(job, self.advisor)
        with self.assertRaisesRegex(UserError, f"Hand 遥控器 back to the customer of {job.name}"):
            job.with_user(self.advisor).action_deliver()
        self.assertEqual(job.state, "ready")
        job.belonging_ids.with_user(self.advisor).write({"returned": True})
        job.with_user(self.advisor).action_deliver()
        self.assertEqual(job.state, "delivered")
        with self.assertRaisesRegex(UserError, "is closed: its belongings can no longer be ticked"):
            job.belonging_ids.with_user(self.advisor).write({"returned": False})

    def test_a_belonging_quantity_must_be_positive(self):
        job = self._job_for()
        with self.assertRaisesRegex(ValidationError, "the quantity of 充电器 must be positive"):
            job.with_user(self.advisor).write({"belonging_ids": [(0, 0, {"name": "充电器", "quantity": -1})]})

    def test_meter_reading_recorded_at_signing(self):
        job = self._car_job()
        with self.assertRaisesRegex(UserError, "enter the meter reading of 一汽轿车 奔腾 B70"):
            self._sign(job)
        self.assertEqual(job.state, "reception")
        self._sign(job, meter_value=12345.0)
        reading = job.meter_reading_id
        self.assertEqual((reading.lot_id, reading.value, reading.unit), (self.vin, 12345.0, "km"))
        self.assertEqual(reading.request_id, job.request_id)
        self.assertEqual(reading.user_id, self.advisor)
        self.assertTrue(reading.date)
        # The recorded reading is a system figure: nobody writes it, not even a manager.
        with self.assertRaises(AccessError):
            reading.with_user(self.advisor).write({"value": 1.0})
        manager = new_test_user(
            self.env, "as_wk_manager", groups="aftersales_service.group_aftersales_manager"
        )
        for vals in ({"value": 1.0}, {"date": "2020-01-01 08:00:00"}, {"user_id": manager.id}):
            with self.assertRaisesRegex(UserError, "cannot be written directly"):
                reading.with_user(manager).write(vals)
        with self.assertRaisesRegex(UserError, "cannot be written directly"):
            job.with_user(manager).write({"meter_reading_id": False})
        with self.assertRaisesRegex(UserError, "cannot be written directly"):
            self.env["aftersales.meter.reading"].with_user(self.advisor).create(
                {"lot_id": self.vin.id, "value": 99999.0, "unit": "km"}
            )
        with self.assertRaisesRegex(UserError, "is signed by the customer"):
            job.with_user(self.advisor).write({"meter_value": 99.0})

    def test_meter_lower_than_the_last_reading_is_refused(self):
        force_create(
            self.env["aftersales.meter.reading"],
            {
                "lot_id": self.vin.id,
                "value": 20000.0,
                "unit": "km",
                "date": datetime(2026, 3, 2, 1, 5),
            },
        )
        job = self._car_job()
        job.with_user(self.advisor).write({"reception_signature": png_signature(), "meter_value": 19000.0})
        advisor = job.with_user(self.advisor).with_context(tz="Asia/Shanghai")
        with self.assertRaises(ValidationError) as caught:
            advisor.action_sign_reception()
        message = str(caught.exception)
        for expected in ("LFV2A21K5E3012345", "19,000", "20,000", "09:05", "lower than the last one"):
            self.assertIn(expected, message)
        self.assertNotIn("01:05", message, "the date is in the user's time zone")
        self.assertEqual(job.state, "reception")
        self.assertFalse(job.meter_reading_id)
        # The model refuses it too, whoever records it.
        with self.assertRaisesRegex(ValidationError, "lower than the last one"):
            self.env["aftersales.meter.reading"]._record(self.vin, 100.0, job.request_id)
        self._sign(job, meter_value=20000.0)
        self.assertEqual(job.meter_reading_id.value, 20000.0)

    def test_a_metered_unit_needs_its_serial(self):
        job = self._job_for(product_id=self.car.id)
        with self.assertRaisesRegex(UserError, "give the serial number or VIN"):
            self._sign(job, meter_value=100.0)

    def test_a_negative_meter_reading_is_refused(self):
        job = self._car_job()
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            job.with_user(self.advisor).write({"meter_value": -5.0})

    def test_reception_record_prints_in_chinese(self):
        load_zh_cn(self.env)
        self.env["ir.module.module"]._load_module_terms(["aftersales_workshop"], ["zh_CN"])
        self.customer.lang = "zh_CN"
        job = self._car_job()
        job.with_user(self.advisor).write(
            {
                "reception_condition": "车身左前门有划痕",
                "customer_words": "冷车启动时发动机抖动",
                "belonging_ids": [(0, 0, {"name": "行车记录仪", "quantity": 1})],
            }
        )
        self._sign(job, meter_value=8800.0)
        html = self.env["ir.actions.report"]._render_qweb_html(
            "aftersales_workshop.action_report_workshop_reception", job.ids
        )[0]
        text = html2plaintext(html.decode())
        for expected in (
            "接车登记表",
            job.name,
            "LFV2A21K5E3012345",
            "车身左前门有划痕",
            "冷车启动时发动机抖动",
            "行车记录仪",
            "客户签名",
            "8,800",
            "公里",
        ):
            self.assertIn(expected, text)
        self.assertNotIn("Reception Record", text)
        self.assertIn("data:image/png;base64,", html.decode())

    def test_reception_record_pdf(self):
        job = self._sign(self._job_for())
        with self.allow_pdf_render():
            pdf, report_type = (
                self.env["ir.actions.report"]
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf("aftersales_workshop.action_report_workshop_reception", job.ids)
            )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertTrue(fields.Datetime.now() >= job.reception_signed_on)
