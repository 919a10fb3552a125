"""The estimate is a real quotation; the customer's consent opens the work;
nothing is issued before it; added items need a fresh consent; refused
items stay on record."""

from odoo.addons.aftersales_service.tests.common import force_write
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .estimate_common import SIGNATURE, EstimateCase


@tagged("post_install", "-at_install")
class TestWorkshopConsent(EstimateCase):
    def test_sending_the_estimate_makes_a_quotation_to_sign(self):
        job = self._sent(warranty="in", lines=(("labour", None, 2.0), ("part", "compressor", 1.0)))
        order = job.estimate_order_id
        self.assertEqual(job.state, "consent")
        self.assertEqual((order.state, order.require_signature, order.aftersales_version), ("sent", True, 1))
        self.assertEqual(order.aftersales_workshop_job_id, job)
        self.assertEqual(order.partner_id, job.partner_id)
        _labour, part = order.order_line.sorted(lambda ln: ln.aftersales_workshop_line_id.id)
        # Free (三包) lines keep their price, at a 100 % discount, marked.
        self.assertEqual((part.price_unit, part.discount, part.price_subtotal), (450.0, 100.0, 0.0))
        self.assertTrue(part.aftersales_free)
        self.assertIn("three guarantees", part.name)
        self.assertEqual(order.amount_total, 0.0)
        self.assertEqual(job.line_ids.sale_line_id, order.order_line)
        # Odoo's own quotation e-mail, with the portal link, went to the customer.
        mail = order.message_ids.filtered(lambda m: self.customer in m.partner_ids)
        self.assertTrue(mail)
        self.assertTrue(order.access_token)

    def test_the_waiting_estimate_is_not_changed_and_revise_makes_a_new_version(self):
        job = self._sent()
        first = job.estimate_order_id
        labour = job.line_ids.filtered(lambda ln: ln.kind == "labour")
        with self.assertRefused(UserError, "waits in quotation"):
            labour.with_user(self.advisor).quantity = 3.0
        with self.assertRefused(UserError, "items and prices change only through the job's estimate"):
            first.order_line[0].with_user(self.advisor).price_unit = 1.0
        with self.assertRefused(UserError, "items and prices change only through the job's estimate"):
            first.with_user(self.advisor).write(
                {"order_line": [(0, 0, {"product_id": self.capacitor.id, "product_uom_qty": 1.0})]}
            )
        job.with_user(self.advisor).action_revise()
        self.assertEqual((job.state, first.state), ("estimate", "cancel"))
        labour.with_user(self.advisor).quantity = 3.0
        job.with_user(self.advisor).action_send_estimate()
        second = job.estimate_order_id
        self.assertEqual((second.aftersales_version, job.estimate_version), (2, 2))
        self.assertEqual(
            second.order_line.filtered(lambda ln: ln.product_id == self.labour).product_uom_qty, 3.0
        )
        # The old version cannot come back, nor be accepted.
        with self.assertRefused(UserError, "revise the estimate and send it again"):
            first.with_user(self.advisor).action_draft()
        with self.assertRefused(UserError, f"only the current version, {second.name}, can be accepted"):
            first.sudo().action_confirm()
        force_write(first.sudo(), {"state": "sent"})  # were it reopened anyway
        first.sudo().signature = SIGNATURE
        with self.assertRefused(UserError, rf"version 1 of the estimate of {job.name}.*{second.name}"):
            first.sudo().action_confirm()
        self.assertEqual(job.state, "consent")

    def test_the_quotation_is_confirmed_only_by_the_customers_consent(self):
        job = self._sent()
        order = job.estimate_order_id
        with self.assertRefused(UserError, "confirmed by the customer's consent only"):
            order.with_user(self.advisor).action_confirm()
        with self.assertRefused(UserError, "phone consent is for added items only"):
            self._consent(job, channel="phone", order=order)
        with self.assertRefused(UserError, "signs .* on the tablet"):
            self._consent(job, signature=False)
        self.assertEqual((job.state, order.state), ("consent", "sent"))
        with self.assertRefused(UserError, "set by the suite"):
            order.with_user(self.advisor).write({"aftersales_consent_channel": "phone"})
        with self.assertRefused(UserError, "set by the suite"):
            order.with_user(self.advisor).write({"aftersales_workshop_job_id": False})

    def test_a_counter_signature_opens_the_work_and_plans_the_parts_without_a_delivery(self):
        job = self._sent(
            lines=(("labour", None, 2.0), ("part", "compressor", 1.0), ("part", "capacitor", 2.0))
        )
        order = job.estimate_order_id
        self._consent(job)
        self.assertEqual((job.state, order.state), ("in_work", "sale"))
        self.assertEqual((job.consent_channel, order.aftersales_consent_channel), ("counter", "counter"))
        self.assertEqual(order.signed_by, "陈先生")
        self.assertEqual(order.aftersales_consent_user_id, self.advisor)
        self.assertEqual(job.estimate_amount, order.amount_total)
        self.assertEqual(set(job.line_ids.mapped("consent_state")), {"accepted"})
        parts = job.request_id.part_line_ids
        self.assertEqual(len(parts), 2)
        self.assertEqual(parts.workshop_line_id, job.line_ids.filtered(lambda ln: ln.kind == "part"))
        self.assertEqual(
            parts.sale_line_id, order.order_line.filtered(lambda ln: ln.product_id != self.labour)
        )
        self.assertEqual(set(parts.mapped("state")), {"planned"})
        self.assertEqual(parts.source_location_id, self.depot.lot_stock_id)
        self.assertEqual(parts.filtered(lambda p: p.product_id == self.capacitor).planned_qty, 2.0)
        # No delivery: the parts move through the request's part lines only.
        self.assertFalse(order.picking_ids)
        self.assertFalse(self.env["stock.move"].search([("sale_line_id", "in", order.order_line.ids)]))
        self.assertEqual(job.request_id.state, "in_progress")
        # Accepted items stay as they are.
        with self.assertRefused(UserError, "stays on record"):
            job.line_ids[0].with_user(self.advisor).quantity = 5.0

    def test_no_part_is_issued_before_the_customers_consent(self):
        job = self._sent()
        request = job.request_id
        # A part planned straight on the request, while the estimate waits.
        planned = self._line(request, self.compressor, qty=1.0)
        before = self._qty(self.compressor, self.depot.lot_stock_id)
        with self.assertRefused(
            UserError, rf"空调压缩机 of {request.name} cannot be issued: the customer has not consented"
        ):
            planned.with_user(self.tech_user).action_issue()
        with self.assertRefused(UserError, "has not consented"):
            request.with_user(self.tech_user).action_issue_parts()
        self.assertEqual(planned.state, "planned")
        self.assertEqual(self._qty(self.compressor, self.depot.lot_stock_id), before)
        self._consent(job)
        # The part consented to is issued; the stray one still is not.
        consented = job.line_ids.part_line_id
        consented.with_user(self.tech_user).action_issue()
        self.assertEqual(consented.state, "issued")
        self.assertEqual(self._qty(self.compressor, self.depot.lot_stock_id), before - 1)
        with self.assertRefused(UserError, "has not consented"):
            planned.with_user(self.tech_user).action_issue()

    def test_an_added_item_needs_a_fresh_consent(self):
        job = self._in_work()
        part = self._add_line(job, "part", "capacitor", 2.0, user=self.tech_user)
        labour = self._add_line(job, "labour", None, 0.5, user=self.tech_user, name="更换电容工时")
        self.assertTrue(part.is_addition and labour.is_addition)
        self.assertFalse(part.part_line_id)
        # The added part cannot be issued: nothing planned for it, and a part
        # line put straight on the request is refused.
        stray = self._line(job.request_id, self.capacitor, qty=2.0)
        with self.assertRefused(UserError, "has not consented"):
            stray.with_user(self.tech_user).action_issue()
        stray.action_cancel()
        with self.assertRefused(UserError, "service advisor's"):
            job.with_user(self.tech_user).action_send_amendment()
        job.with_user(self.advisor).action_send_amendment()
        amendment = job.sale_order_ids.filtered(lambda o: o.aftersales_estimate_kind == "amendment")
        self.assertEqual((amendment.state, len(amendment.order_line)), ("sent", 2))
        self.assertEqual(job.pending_quotation_count, 1)
        with self.assertRefused(UserError, "waits in quotation"):
            part.with_user(self.advisor).quantity = 3.0
        with self.assertRefused(UserError, "waits in quotation"):
            part.with_user(self.tech_user).quantity = 3.0
        with self.assertRefused(UserError, "no added item waiting"):
            job.with_user(self.advisor).action_send_amendment()
        # A phone consent: the customer's words, who, when, and the agent.
        with self.assertRefused(UserError, "customer's words"):
            self._consent(job, channel="phone", words=" ")
        self._consent(job, channel="phone")
        self.assertEqual(amendment.state, "sale")
        self.assertEqual(
            (
                amendment.aftersales_consent_channel,
                amendment.aftersales_consent_by,
                amendment.aftersales_consent_user_id,
            ),
            ("phone", "陈先生", self.advisor),
        )
        self.assertTrue(amendment.aftersales_consent_words and amendment.aftersales_consent_date)
        self.assertEqual((part.consent_state, labour.consent_state), ("accepted", "accepted"))
        self.assertEqual(part.part_line_id.planned_qty, 2.0)
        part.part_line_id.with_user(self.tech_user).action_issue()
        self.assertEqual(part.part_line_id.state, "issued")
        self.assertEqual(job.state, "in_work")
        self.assertEqual((job.addition_count, job.addition_accepted_count), (2, 2))

    def test_a_pending_amendment_is_revised(self):
        job = self._in_work()
        part = self._add_line(job, "part", "capacitor", 2.0, user=self.tech_user)
        job.with_user(self.advisor).action_send_amendment()
        amendment = part.sale_line_id.order_id
        job.with_user(self.advisor).action_revise()
        self.assertEqual((amendment.state, job.state, part.consent_state), ("cancel", "in_work", "proposed"))
        part.with_user(self.advisor).quantity = 1.0
        job.with_user(self.advisor).action_send_amendment()
        self.assertNotEqual(part.sale_line_id.order_id, amendment)

    def test_a_declined_safety_item_is_signed_and_stays_on_record(self):
        job = self._in_work()
        brake = self._add_line(
            job, "part", "capacitor", 1.0, user=self.tech_user, safety=True, name="更换老化电容（安全隐患）"
        )
        Wizard = self.env["aftersales.workshop.refusal.wizard"].with_user(self.advisor)
        wizard = Wizard.create({"job_id": job.id, "line_ids": [(6, 0, brake.ids)], "refused_by": "陈先生"})
        with self.assertRefused(UserError, "recorded with the customer's signature"):
            wizard.action_confirm()
        self.assertEqual(brake.consent_state, "proposed")
        wizard.write({"signature": SIGNATURE, "words": "暂时不换"})
        wizard.action_confirm()
        self.assertEqual(brake.consent_state, "refused")
        self.assertEqual(
            (brake.refused_by, brake.refused_user_id, brake.refusal_words),
            ("陈先生", self.advisor, "暂时不换"),
        )
        self.assertTrue(brake.refusal_signature and brake.refused_date)
        self.assertEqual(job.recommended_line_ids, brake)
        self.assertEqual(brake.amount_customer, 0.0)
        with self.assertRefused(UserError, "stays on record"):
            brake.with_user(self.advisor).quantity = 2.0
        with self.assertRefused(UserError, "stays on record"):
            brake.with_user(self.advisor).unlink()
        with self.assertRefused(UserError, "set by the suite"):
            brake.with_user(self.advisor).write({"consent_state": "accepted"})
        # The settlement prints it as a recommended repair.
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("aftersales_workshop.report_workshop_settlement", job.ids)[0]
            .decode()
        )
        self.assertRegex(html, "Recommended Repairs|建议维修项目")
        self.assertIn("更换老化电容（安全隐患）", html)

    def test_the_customer_declining_online_sends_the_job_back_to_the_estimate(self):
        job = self._sent()
        order = job.estimate_order_id
        order.sudo()._action_cancel()  # the portal's "Decline"
        self.assertEqual(job.state, "estimate")
        self.assertEqual(set(job.line_ids.mapped("consent_state")), {"proposed"})

    def test_cancelling_the_job_cancels_its_waiting_estimate(self):
        job = self._sent()
        job.with_user(self.advisor).action_cancel()
        self.assertEqual((job.state, job.estimate_order_id.state), ("cancelled", "cancel"))

    def test_a_workshop_quotation_is_not_deleted(self):
        job = self._sent()
        order = job.estimate_order_id
        job.with_user(self.advisor).action_revise()
        with self.assertRefused(UserError, "stays on record"):
            order.unlink()

    def test_estimate_lines_refuse_a_negative_figure_on_added_items_too(self):
        job = self._in_work()
        with self.assertRefused(ValidationError, "labour time must be positive"):
            self._add_line(job, "labour", None, -0.5, user=self.tech_user)
