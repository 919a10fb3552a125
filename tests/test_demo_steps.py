"""The demo reaches its states through the suite's steps (issue 13).

The demo files create every record in its first state and play its story
through the steps (models/*_demo.py); nothing writes a state or a figure
while the registry loads. So each demo record carries what its steps leave
behind: the times and the reasons of each step, the callbacks, the
pickings and the credit notes the steps create."""

from datetime import timedelta

from odoo import fields
from odoo.addons.aftersales_service.models.aftersales_write_guard import is_suite_writing, suite_writes
from odoo.exceptions import UserError
from odoo.tests import TransactionCase

from ._base import SuiteCase

WORKED_ON = ("in_progress", "done", "closed")
BOOKED = ("assigned", "scheduled", "in_progress", "done", "closed")


class TestDemoThroughSteps(SuiteCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.now = fields.Datetime.now()

    def _demo(self, model, module="aftersales_service"):
        data = self.env["ir.model.data"].search(
            [("module", "=", module), ("model", "=", model), ("name", "=like", "demo_%")]
        )
        records = self.env[model].browse(data.mapped("res_id"))
        self.assertTrue(records, f"no demo {model}")
        return records

    def test_requests_carry_what_their_steps_left(self):
        requests = self._demo("aftersales.request")
        self.assertEqual(
            set(requests.mapped("state")),
            {"new", "assigned", "scheduled", "in_progress", "done", "closed", "cancelled", "rejected"},
        )
        for request in requests:
            with self.subTest(request=request.name, state=request.state):
                self.assertLessEqual(request.notified_date, self.now)
                if request.state in BOOKED:
                    self.assertTrue(request.technician_id)
                if request.state in ("scheduled", "in_progress"):
                    self.assertTrue(request.planned_start and request.planned_end)
                if request.state in WORKED_ON:
                    self.assertTrue(request.travel_start_date)
                    self.assertLessEqual(request.notified_date, request.check_in_date)
                    self.assertLessEqual(request.check_in_date, self.now)
                if request.state in ("done", "closed"):
                    self.assertTrue(request.work_done)
                    self.assertEqual(request.check_out_date, request.done_date)
                    self.assertLess(request.check_in_date, request.done_date)
                    self.assertFalse(request.revisit_needed)
                    self.assertTrue(request.callback_deadline)
                    callback = request.callback_ids.filtered(lambda c: c.purpose == "after_service")
                    self.assertEqual(callback.window_key, f"req:{request.id}", "the done step's callback")
                    self.assertEqual(callback.date_due, fields.Date.to_date(request.callback_deadline))
                if request.signature:
                    self.assertTrue(request.signed_by and request.signed_on)
                    self.assertLessEqual(request.signed_on, request.done_date)
                if request.state == "closed":
                    self.assertTrue(request.signature or request.close_reason)
                self.assertEqual(request.state == "cancelled", bool(request.cancel_reason))
                self.assertEqual(request.state == "rejected", bool(request.reject_reason))
                if request.revisit_count:
                    self.assertTrue(request.revisit_reason)
                if request.revisit_needed:
                    self.assertEqual(request.state, "assigned")
                    self.assertFalse(request.planned_start)
                if request.escalated:
                    # The SLA cron's step: after a clock ran out, before the check-in.
                    self.assertTrue(request.sla_breached)
                    self.assertGreater(request.escalation_date, request.onsite_deadline)
                    self.assertTrue(
                        not request.check_in_date or request.escalation_date < request.check_in_date
                    )

    def test_history_spreads_over_the_past_month(self):
        done = self._demo("aftersales.request").filtered("done_date")
        self.assertLess(min(done.mapped("done_date")), self.now - timedelta(days=20))
        self.assertTrue(all(date < self.now for date in done.mapped("done_date")))

    def test_complaints_callbacks_and_slips_went_through_their_steps(self):
        complaints = self._demo("aftersales.complaint")
        for complaint in complaints:
            with self.subTest(complaint=complaint.name, state=complaint.state):
                if complaint.state in ("answered", "closed"):
                    self.assertNotEqual(complaint.legitimacy, "pending")
                    self.assertTrue(complaint.answered_date)
                    self.assertIn(f"cmp:{complaint.id}:1", complaint.callback_ids.mapped("window_key"))
                if complaint.state == "closed":
                    self.assertGreaterEqual(complaint.closed_date, complaint.answered_date)
                    self.assertTrue(
                        complaint.callback_ids.filtered(lambda c: c.state == "done" and c.satisfied)
                    )
        major = complaints.filtered("is_major")
        self.assertEqual(major.mapped("escalation_level"), ["2"], "moved on by the escalation cron")
        for callback in self._demo("aftersales.callback").filtered(lambda c: c.state == "done"):
            self.assertTrue(callback.person_reached and callback.date_done)
        supervisor = self.env.ref("aftersales_service.demo_user_supervisor")
        self.assertEqual(self.env.ref("aftersales_service.demo_penalty_01").confirmed_by_id, supervisor)
        slip = self.env.ref("aftersales_service.demo_discount_slip_01")
        self.assertEqual((slip.state, slip.submitted_by_id), ("to_approve", supervisor))

    def test_parts_and_cards_went_through_their_steps(self):
        transfer = self.env["aftersales.parts.transfer"].search(
            [("product_id", "=", self.env.ref("aftersales_parts.demo_part_tv_mainboard").id)]
        )
        self.assertEqual(transfer.state, "to_approve")
        self.assertGreater(transfer.distance_km, 0, "measured by the depot search")
        used = self.env.ref("aftersales_parts.demo_part_line_18_thermostat")
        self.assertEqual(used.state, "done")
        self.assertGreater(used.cost_amount, 0)
        self.assertEqual(used.move_ids.mapped("state"), ["done"] * len(used.move_ids))

        exchanged = self.env.ref("aftersales_warranty.demo_card_tv_exchanged")
        self.assertEqual(exchanged.state, "exchanged")
        self.assertEqual(exchanged.next_card_id.state, "active")
        self.assertGreater(exchanged.next_card_id.invoice_date, exchanged.invoice_date)
        self.assertEqual(
            (exchanged.return_picking_id | exchanged.exchange_picking_id).mapped("state"), ["done"] * 2
        )
        refunded = self.env.ref("aftersales_warranty.demo_card_fridge_refunded")
        self.assertEqual(refunded.state, "refunded")
        self.assertEqual(refunded.return_picking_id.state, "done")
        self.assertEqual(refunded.refund_move_id.move_type, "out_refund")
        self.assertEqual(refunded.refund_move_id.amount_total, refunded.price)

    def test_workshop_jobs_went_through_their_steps(self):
        workshops = self._demo("aftersales.workshop", "aftersales_workshop")
        jobs = self.env["aftersales.workshop.job"].search([("workshop_id", "in", workshops.ids)])
        self.assertEqual(
            set(jobs.mapped("state")),
            {"reception", "estimate", "consent", "in_work", "qc", "ready", "delivered", "cancelled"},
        )
        advisors = self._demo("res.users", "aftersales_workshop").filtered(
            lambda u: u.has_group("aftersales_workshop.group_aftersales_advisor")
        )
        self.assertEqual(jobs.advisor_id, advisors)
        signed = jobs.filtered("reception_signed_on")
        self.assertEqual(signed, jobs.filtered(lambda j: j.state != "reception"))
        # The car's odometer recorded at each signed reception.
        cars = signed.filtered(lambda j: j.meter_unit == "km")
        self.assertTrue(cars and all(cars.mapped("meter_reading_id")))
        # The estimate went out as a quotation; the consent confirmed it.
        for job in jobs.filtered(lambda j: j.state in ("in_work", "qc", "ready", "delivered")):
            self.assertEqual(job.estimate_order_id.state, "sale", job.name)
            self.assertTrue(job.consent_date, job.name)
        added = jobs.line_ids.filtered("is_addition")
        self.assertEqual(set(added.mapped("consent_state")), {"proposed", "accepted"})
        # The failed final check counted a rework; a ready job passed its own.
        reworked = jobs.filtered(lambda j: j.state == "qc")
        self.assertEqual(reworked.rework_count, 1)
        failed = reworked.qc_ids.filtered(lambda qc: qc.kind == "final")
        self.assertEqual(failed.mapped("result"), ["failed"])
        self.assertNotEqual(failed.checker_id.employee_ids, reworked.technician_id)
        for job in jobs.filtered(lambda j: j.state in ("ready", "delivered")):
            self.assertTrue(job.qc_passed, job.name)
        # Handover: the invoice of what was used, posted, in yuan; the parts moved once.
        delivered = jobs.filtered(lambda j: j.state == "delivered")
        self.assertEqual(delivered.invoice_ids.mapped("state"), ["posted"])
        self.assertEqual(delivered.invoice_ids.currency_id.name, "CNY")
        self.assertEqual(delivered.request_id.state, "closed")
        self.assertEqual(set(delivered.request_id.part_line_ids.mapped("state")), {"done"})
        self.assertFalse(delivered.sale_order_ids.picking_ids)


class TestNoPassWhileLoading(SuiteCase, TransactionCase):
    """The write guard has no exception while the registry loads data files
    (module install or update): only the suite's own writing passes."""

    def test_a_client_write_is_refused_while_the_registry_loads(self):
        # The refusals are read in English (the demo database speaks zh_CN).
        self.env["res.lang"]._activate_lang("en_US")
        self.env = self.env(context=dict(self.env.context, lang="en_US"))
        request = self.env.ref("aftersales_service.demo_request_24")
        self.patch(self.registry, "ready", False)
        self.assertFalse(is_suite_writing(self.env))
        with self.assertRaisesRegex(UserError, "cannot be written directly"):
            request.write({"state": "closed"})
        with self.assertRaisesRegex(UserError, "set by the suite's own steps"):
            request.write({"onsite_deadline": fields.Datetime.now() + timedelta(days=365)})
        with suite_writes(self.env):
            self.assertTrue(is_suite_writing(self.env))
