"""The estimate (估价): lines priced from the price list, free 三包 lines,
costs, bad input, and who writes what."""

from odoo.addons.aftersales_service.tests.common import force_write
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .estimate_common import EstimateCase


@tagged("post_install", "-at_install")
class TestWorkshopEstimate(EstimateCase):
    def test_lines_priced_from_the_price_list_costed_and_checked_at_the_depot(self):
        job = self._estimate_job(lines=(("labour", None, 2.0), ("part", "compressor", 2.0)))
        labour, part = job.line_ids.sorted("id")
        self.assertEqual(labour.product_id, self.labour)  # the company's labour product by default
        self.assertEqual(
            (labour.price_unit, labour.amount_customer, labour.cost_amount), (80.0, 160.0, 100.0)
        )
        self.assertEqual((part.price_unit, part.amount_customer, part.cost_amount), (450.0, 900.0, 600.0))
        self.assertEqual(part.depot_qty_available, 5.0)
        self.assertFalse(labour.free or part.free)
        self.assertEqual((job.amount_labour, job.amount_parts, job.amount_total), (160.0, 900.0, 1060.0))
        self.assertEqual((labour.consent_state, labour.is_addition), ("proposed", False))

    def test_a_three_guarantee_job_has_free_lines_at_zero_that_keep_their_cost(self):
        job = self._estimate_job(warranty="in")
        labour, part = job.line_ids.sorted("id")
        self.assertTrue(labour.free and part.free)
        self.assertEqual((part.price_subtotal, part.amount_customer, part.cost_amount), (450.0, 0.0, 300.0))
        self.assertEqual((job.amount_total, job.amount_free, job.cost_total), (0.0, 610.0, 400.0))
        # The advisor decides a line is not covered (damage by the customer, say).
        part.with_user(self.advisor).free = False
        self.assertEqual(job.amount_total, 450.0)

    def test_a_line_is_free_only_under_the_three_guarantees(self):
        job = self._estimate_job(warranty="out")
        with self.assertRefused(ValidationError, rf"{job.name}, item «.*KFR|not under the three guarantees"):
            job.line_ids[0].with_user(self.advisor).free = True

    def test_negative_quantity_labour_time_and_price_are_refused_naming_the_line(self):
        job = self._estimate_job(lines=())
        with self.assertRefused(
            ValidationError, rf"{job.name}, item «空调压缩机»: the quantity must be positive"
        ):
            self._add_line(job, "part", "compressor", -1.0)
        with self.assertRefused(
            ValidationError, rf"{job.name}, item «维修工时»: the labour time must be positive"
        ):
            self._add_line(job, "labour", None, -2.0)
        line = self._add_line(job, "labour", None, 1.0)
        with self.assertRefused(ValidationError, "labour time must be positive"):
            line.with_user(self.advisor).quantity = 0.0
        pricelist = self.env["product.pricelist"].create(
            {
                "name": "错误价目表",
                "item_ids": [
                    (
                        0,
                        0,
                        {
                            "applied_on": "0_product_variant",
                            "product_id": self.capacitor.id,
                            "compute_price": "fixed",
                            "fixed_price": -5.0,
                        },
                    )
                ],
            }
        )
        self.company.aftersales_parts_pricelist_id = pricelist
        with self.assertRefused(ValidationError, rf"{job.name}, item «空调电容 35μF».*negative unit price"):
            self._add_line(job, "part", "capacitor", 1.0)
        # Nothing half-written: only the valid line is on the job.
        self.assertEqual(self.env["aftersales.workshop.line"].search([("job_id", "=", job.id)]), line)

    def test_a_part_must_be_a_spare_part_that_fits_and_labour_a_service(self):
        job = self._estimate_job(lines=())
        with self.assertRefused(ValidationError, "not a spare part"):
            self._add_line(job, "part", "fridge", 1.0)
        with self.assertRefused(ValidationError, "labour is charged with a service product"):
            self._add_line(job, "labour", "capacitor", 1.0)

    def test_prices_costs_and_consent_are_system_figures(self):
        job = self._estimate_job()
        line = job.line_ids[0]
        for field, value in (
            ("price_unit", 1.0),
            ("cost_amount", 0.0),
            ("consent_state", "accepted"),
            ("is_addition", True),
            ("qty_delivered", 5.0),
        ):
            with self.subTest(field=field), self.assertRefused(UserError, "set by the suite"):
                line.with_user(self.advisor).write({field: value})
        with self.assertRefused(UserError, "set by the suite"):
            self.env["aftersales.workshop.line"].with_user(self.advisor).create(
                {"job_id": job.id, "kind": "labour", "quantity": 1.0, "price_unit": 0.01}
            )
        with self.assertRefused(UserError, "set by the suite"):
            job.with_user(self.advisor).write({"estimate_amount": 1.0})
        self.assertEqual(line.price_unit, 80.0)

    def test_a_technician_proposes_added_items_only(self):
        job = self._estimate_job()
        with self.assertRefused(UserError, "proposes added items only"):
            self._add_line(job, "part", "capacitor", 1.0, user=self.tech_user)
        with self.assertRefused(UserError, "proposes added items only"):
            job.line_ids[1].with_user(self.tech_user).quantity = 3.0
        force_write(job, {"state": "in_work"})
        addition = self._add_line(job, "part", "capacitor", 1.0, user=self.tech_user)
        self.assertTrue(addition.is_addition)
        self.assertEqual(addition.consent_state, "proposed")
        addition.with_user(self.tech_user).quantity = 2.0
        # Whether an item is free is the advisor's call.
        with self.assertRefused(UserError, "not part of their role"):
            addition.with_user(self.tech_user).free = True

    def test_the_unit_history_and_warranty_are_on_the_estimate(self):
        job = self._estimate_job()
        earlier = self._new_request(product_id=self.aircon.id)
        other = self._new_request(product_id=self.fridge.id)
        self.assertIn(earlier, job.history_request_ids)
        self.assertNotIn(other, job.history_request_ids)
        self.assertNotIn(job.request_id, job.history_request_ids)
        self.assertEqual(job.warranty_state, "out")

    def test_sending_needs_lines_and_the_old_parts_choice(self):
        job = self._estimate_job(lines=())
        with self.assertRefused(UserError, "nothing to estimate"):
            job.with_user(self.advisor).action_send_estimate()
        self._add_line(job, "labour", None, 1.0)
        job.with_user(self.advisor).old_parts_choice = False
        with self.assertRefused(UserError, "takes the old parts"):
            job.with_user(self.advisor).action_send_estimate()
        self.assertEqual(job.state, "estimate")
        with self.assertRefused(UserError, "service advisor's"):
            job.with_user(self.tech_user).action_send_estimate()

    def test_the_advisor_writes_the_estimate_on_the_form(self):
        job = self._estimate_job(lines=())
        with Form(job.with_user(self.advisor)) as form:
            with form.line_ids.new() as line:
                line.kind = "labour"
                self.assertEqual(line.product_id, self.labour)
                line.quantity = 1.5
            with form.line_ids.new() as line:
                line.kind = "part"
                line.product_id = self.compressor
                self.assertEqual(line.depot_qty_available, 5.0)
            form.old_parts_choice = "take"
        self.assertEqual(job.line_ids.mapped("price_unit"), [80.0, 450.0])
        self.assertEqual(job.amount_total, 120.0 + 450.0)

    def test_a_technician_proposes_an_added_item_on_the_form(self):
        job = self._estimate_job()
        force_write(job, {"state": "in_work"})
        with Form(job.with_user(self.tech_user)) as form, form.line_ids.new() as line:
            line.kind = "part"
            line.product_id = self.capacitor
            line.quantity = 2.0
            line.safety = True
        addition = job.line_ids.filtered("is_addition")
        self.assertEqual((addition.product_id, addition.consent_state), (self.capacitor, "proposed"))
