"""Meter readings (km, working hours) of a unit: recorded by the suite's
steps only, and never lower than the unit's last reading."""

from datetime import datetime

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import AftersalesCase, force_create


@tagged("post_install", "-at_install")
class TestMeterReading(AftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.car = cls.env["product.product"].create(
            {
                "name": "一汽轿车 奔腾 B70",
                "is_storable": True,
                "tracking": "serial",
                "aftersales_meter_unit": "km",
            }
        )
        cls.vin = cls.env["stock.lot"].create({"name": "LFV2A21K5E3012345", "product_id": cls.car.id})
        cls.Reading = cls.env["aftersales.meter.reading"]

    def test_a_reading_is_recorded_with_its_unit_time_and_reader(self):
        request = self._new_request(product_id=self.car.id, lot_id=self.vin.id)
        reading = self.Reading.with_user(self.agent)._record(self.vin, 15000.0, request)
        self.assertEqual((reading.value, reading.unit, reading.user_id), (15000.0, "km", self.agent))
        self.assertEqual((reading.product_id, reading.request_id), (self.car, request))
        self.assertEqual(reading.display_name, "LFV2A21K5E3012345: 15,000 km")
        self.assertEqual(self.Reading._last_readings(self.vin)[self.vin.id], reading)

    def test_lower_than_the_last_reading_is_refused(self):
        force_create(
            self.Reading,
            {"lot_id": self.vin.id, "value": 20000.0, "unit": "km", "date": datetime(2026, 3, 2, 1, 5)},
        )
        reader = self.Reading.with_user(self.agent).with_context(tz="Asia/Shanghai")
        with self.assertRaises(ValidationError) as caught:
            reader._record(self.vin, 19999.5)
        message = str(caught.exception)
        self.assertTrue(
            message.startswith(
                "LFV2A21K5E3012345 (一汽轿车 奔腾 B70): the meter reading 19,999.5 km is lower than the last "
                "one recorded for the unit, 20,000 km on "
            ),
            message,
        )
        # The date of the last reading, in the reader's time zone (Shanghai), to the minute.
        self.assertRegex(message, r"on \S*2026\S* 09:05\. A meter does not go back")
        self.assertEqual(self.Reading.search_count([("lot_id", "=", self.vin.id)]), 1)
        self.assertEqual(reader._record(self.vin, 20000.0).value, 20000.0)

    def test_the_last_reading_counts_whoever_may_read_it(self):
        """A technician sees only the readings of their own jobs, yet a
        reading below one taken on another job is refused."""
        other_job = self._new_request(product_id=self.car.id, lot_id=self.vin.id)
        self.Reading._record(self.vin, 30000.0, other_job)
        tech = self.Reading.with_user(self.tech_user)
        self.assertFalse(tech.search([("lot_id", "=", self.vin.id)]))
        with self.assertRaisesRegex(ValidationError, "lower than the last one"):
            tech._record(self.vin, 100.0)

    def test_readings_are_system_figures(self):
        reading = self.Reading._record(self.vin, 100.0)
        with self.assertRaises(AccessError):
            reading.with_user(self.agent).write({"value": 50.0})
        with self.assertRaisesRegex(UserError, "cannot be written directly"):
            self.Reading.with_user(self.agent).create({"lot_id": self.vin.id, "value": 5.0, "unit": "km"})
        with self.assertRaisesRegex(UserError, "cannot be written directly"):
            reading.write({"value": 50.0})
        self.assertEqual(reading.value, 100.0)

    def test_a_product_without_a_meter_has_no_reading(self):
        tv = self.env["product.product"].create({"name": "电视机", "is_storable": True, "tracking": "serial"})
        lot = self.env["stock.lot"].create({"name": "TV-1", "product_id": tv.id})
        with self.assertRaisesRegex(UserError, "电视机 has no meter"):
            self.Reading._record(lot, 10.0)

    def test_a_negative_reading_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "LFV2A21K5E3012345: a meter reading cannot be negative"):
            self.Reading._record(self.vin, -1.0)
