"""The whole estimate side on real stock and accounting: the customer signs
the estimate in the portal, parts are issued and used through the request's
part lines (once in stock, no delivery), an added item is consented to, and
the handover posts the invoice of what was used: labour charged, parts at
the quantity used, free (三包) items at zero."""

from odoo.addons.aftersales_service.tests.common import force_write
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from .common_quality import force_passed_final_check
from .estimate_common import SIGNATURE, EstimateCase


@tagged("post_install", "-at_install")
class TestWorkshopSettlement(EstimateCase, HttpCase):
    def _portal_sign(self, order):
        portal = self._portal_user()
        self.authenticate(portal.login, portal.login)
        result = self.make_jsonrpc_request(
            f"/my/orders/{order.id}/accept",
            {"access_token": order.access_token, "name": "陈先生", "signature": SIGNATURE.decode()},
        )
        self.assertNotIn("error", result, result)
        return portal

    def _moves(self, product):
        return self.env["stock.move"].search(
            [("product_id", "=", product.id), ("state", "=", "done"), ("aftersales_request_id", "!=", False)]
        )

    def _ready(self, job):
        force_write(job, {"state": "ready"})  # the quality check passed (its own steps)
        force_passed_final_check(job, self.inspector)
        job.with_user(self.advisor).write(
            {"settlement_signed_by": "陈先生", "settlement_signature": SIGNATURE}
        )

    def test_estimate_signed_in_the_portal_to_the_posted_invoice(self):
        # Under the three guarantees: the compressor is free; the advisor
        # charges the labour and the capacitors (damage by the customer).
        job = self._estimate_job(
            warranty="in",
            old_parts_choice="take",
            lines=(("labour", None, 2.0), ("part", "compressor", 1.0), ("part", "capacitor", 3.0)),
        )
        labour, compressor, capacitor = job.line_ids.sorted("id")
        (labour | capacitor).with_user(self.advisor).write({"free": False})
        job.with_user(self.advisor).action_send_estimate()
        order = job.estimate_order_id
        self.assertEqual(order.amount_total, 2 * 80.0 + 3 * 30.0)
        portal = self._portal_sign(order)
        self.assertEqual((job.state, order.state), ("in_work", "sale"))
        self.assertEqual(
            (order.aftersales_consent_channel, order.aftersales_consent_user_id), ("portal", portal)
        )
        self.assertEqual(job.consent_channel, "portal")
        self.assertFalse(order.picking_ids)

        # Parts issued and used through the request's part lines.
        request = job.request_id
        stock = {p: self._qty(p, self.depot.lot_stock_id) for p in (self.compressor, self.capacitor)}
        request.with_user(self.tech_user).action_issue_parts()
        capacitor.part_line_id.with_user(self.tech_user).used_qty = 2.0
        request.action_confirm_parts_used()
        request.with_user(self.tech_user).action_return_parts()
        self.assertEqual(self._qty(self.compressor, self.depot.lot_stock_id), stock[self.compressor] - 1)
        self.assertEqual(self._qty(self.capacitor, self.depot.lot_stock_id), stock[self.capacitor] - 2)
        # Once in stock: issued and used (the capacitor also returned), each a
        # move of its part line; none of the quotation.
        self.assertEqual(len(self._moves(self.compressor)), 2)
        self.assertEqual(len(self._moves(self.capacitor)), 3)
        self.assertEqual(self._moves(self.compressor).aftersales_part_line_id, compressor.part_line_id)
        self.assertFalse(self.env["stock.move"].search([("sale_line_id", "in", order.order_line.ids)]))
        self.assertFalse(order.picking_ids)
        # Delivered on the quotation: parts as used; labour not before the work is finished.
        delivered = {ln.product_id: ln.qty_delivered for ln in order.order_line}
        self.assertEqual(delivered, {self.labour: 0.0, self.compressor: 1.0, self.capacitor: 2.0})
        # Old parts: the customer takes the paid one; the free one goes to the maker.
        self.assertEqual(request.old_part_ids.product_id, self.compressor)

        # An added item, consented at the counter.
        extra = self._add_line(job, "labour", None, 0.5, user=self.tech_user, name="清洗蒸发器")
        self.assertTrue(extra.free)  # on a three-guarantee job, by default
        extra.with_user(self.advisor).free = False  # cleaning is not covered
        job.with_user(self.advisor).action_send_amendment()
        self._consent(job)
        self.assertEqual(extra.consent_state, "accepted")

        # The request cannot invoice the job: nothing is invoiced twice.
        with self.assertRefused(UserError, "invoiced from the job's quotations"):
            request.with_user(self.advisor).action_create_invoice()

        # Handover: signature first.
        force_write(job, {"state": "ready"})
        force_passed_final_check(job, self.inspector)
        with self.assertRefused(UserError, "signs the settlement"):
            job.with_user(self.advisor).action_deliver()
        self._ready(job)
        job.with_user(self.advisor).action_deliver()
        self.assertEqual(job.state, "delivered")
        self.assertTrue(job.settlement_signed_on and job.delivered_date)
        invoice = job.sudo().invoice_ids
        self.assertEqual(len(invoice), 1)
        self.assertEqual(invoice.state, "posted")
        amounts = {(ln.product_id, ln.quantity): ln.price_subtotal for ln in invoice.invoice_line_ids}
        self.assertEqual(
            amounts,
            {
                (self.labour, 2.0): 160.0,  # labour charged
                (self.compressor, 1.0): 0.0,  # free (三包) at zero
                (self.capacitor, 2.0): 60.0,  # the quantity used, not the 3 estimated
                (self.labour, 0.5): 40.0,  # the added item, consented
            },
        )
        self.assertEqual(invoice.amount_total, 260.0)
        self.assertEqual(job.final_amount, 260.0)
        self.assertEqual(job.invoice_payment_state, "not_paid")
        self.assertFalse(request.invoice_id)
        self.assertEqual(request.state, "closed")
        self.assertEqual(request.signed_by, "陈先生")
        self.assertEqual(request.labour_hours, 0.0)  # no free labour to claim
        # Payment followed on the job.
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        self.assertEqual(job.invoice_payment_state, "paid")
        # The settlement prints.
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("aftersales_workshop.report_workshop_settlement", job.ids)[0]
            .decode()
        )
        self.assertIn("清洗蒸发器", html)
        self.assertIn(job.name, html)

    def test_handover_waits_for_every_answer_and_every_part(self):
        job = self._in_work(lines=(("labour", None, 1.0), ("part", "compressor", 1.0)))
        extra = self._add_line(job, "labour", None, 0.5, user=self.tech_user)
        self._ready(job)
        with self.assertRefused(UserError, "still wait for the customer's answer"):
            job.with_user(self.advisor).action_deliver()
        wizard = (
            self.env["aftersales.workshop.refusal.wizard"]
            .with_user(self.advisor)
            .create({"job_id": job.id, "line_ids": [(6, 0, extra.ids)], "refused_by": "陈先生"})
        )
        force_write(job, {"state": "in_work"})
        wizard.action_confirm()
        self._ready(job)
        with self.assertRefused(UserError, "confirm which parts were used"):
            job.with_user(self.advisor).action_deliver()
        job.line_ids.part_line_id.action_cancel()  # not needed after all
        job.with_user(self.advisor).action_deliver()
        invoice = job.sudo().invoice_ids
        # The refused added item is not charged; the part not used is not billed.
        self.assertEqual(invoice.invoice_line_ids.mapped("product_id"), self.labour)
        self.assertEqual(invoice.amount_total, 80.0)

    def test_a_free_job_keeps_its_costs_for_the_claim(self):
        job = self._in_work(warranty="in", lines=(("labour", None, 1.5), ("part", "compressor", 1.0)))
        request = job.request_id
        request.with_user(self.tech_user).action_issue_parts()
        request.action_confirm_parts_used()
        self._ready(job)
        job.with_user(self.advisor).action_deliver()
        self.assertEqual(job.sudo().invoice_ids.amount_total, 0.0)
        self.assertEqual(job.amount_total, 0.0)
        # The claim counts the workshop's parts and labour like a field job's.
        self.assertEqual(request.labour_hours, 1.5)
        self.assertEqual(request.parts_cost, 300.0)
        part = job.line_ids.filtered(lambda ln: ln.kind == "part")
        self.assertEqual(part.cost_amount, 300.0)
        self.assertEqual(request.old_part_ids.product_id, self.compressor)
