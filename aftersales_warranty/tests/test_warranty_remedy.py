"""Remedies on real stock and accounting: refund (return into quarantine,
credit note with a depreciation line), exchange (return, new delivery, new
card), free repair writing the repair log through the request workflow."""

from datetime import date, timedelta

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import Form

from .common import WarrantyCase


class TestWarrantyRemedy(WarrantyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customers = cls.env.ref("stock.stock_location_customers")
        cls.technician.aftersales_skill_ids = [Command.link(cls.categ_washer.id)]

    def _wizard(self, request=None, card=None, **values):
        context = {"default_request_id": request.id} if request else {"default_card_id": card.id}
        form = Form(self.env["aftersales.warranty.remedy.wizard"].with_context(**context))
        for name, value in values.items():
            setattr(form, name, value)
        return form.save()

    def _repaired_twice_card(self, price=3000.0):
        sold = self._days_ago(200)
        card = self._card(invoice_date=sold, price=price)
        self.Repair.create(
            [
                {
                    "card_id": card.id,
                    "date_in": sold + timedelta(days=30),
                    "date_out": sold + timedelta(days=40),
                    "fixed": True,
                },
                {
                    "card_id": card.id,
                    "date_in": sold + timedelta(days=100),
                    "date_out": sold + timedelta(days=110),
                    "fixed": True,
                },
            ]
        )
        return card

    def _quant_qty(self, lot, location):
        return sum(
            self.env["stock.quant"]
            .search([("lot_id", "=", lot.id), ("location_id", "=", location.id)])
            .mapped("quantity")
        )

    def test_refund_with_depreciation_credit_note_and_return(self):
        card = self._repaired_twice_card()
        request = self._new_request(
            product_id=self.tv.id, lot_id=card.lot_id.id, fault_date=fields.Date.context_today(self.env.user)
        )
        self.assertEqual(request.warranty_card_id, card)
        wizard = self._wizard(request, remedy="refund", same_model_available=True)
        self.assertEqual(wizard.rule, "two_repairs")
        # 200 days since the sale, 20 of them in repair: 180 days used at 0.1 %/day.
        self.assertEqual(wizard.days_used, 180)
        self.assertAlmostEqual(wizard.depreciation, 540.0)
        self.assertAlmostEqual(wizard.refund_amount, 2460.0)
        action = wizard.action_apply()
        credit_note = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(credit_note, card.refund_move_id)
        self.assertEqual(credit_note.move_type, "out_refund")
        self.assertEqual(credit_note.partner_id, self.customer)
        lines = credit_note.invoice_line_ids
        depreciation = self.env.ref("aftersales_warranty.product_depreciation")
        self.assertEqual(
            sorted((ln.product_id.id, ln.price_subtotal) for ln in lines),
            sorted([(self.tv.id, 3000.0), (depreciation.id, -540.0)]),
        )
        self.assertAlmostEqual(credit_note.amount_total, 2460.0)
        self.assertAlmostEqual(credit_note.amount_total, card.price - request.warranty_depreciation)
        picking = card.return_picking_id
        quarantine = self.company.aftersales_quarantine_location_id
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.move_line_ids.lot_id, card.lot_id)
        self.assertEqual(picking.location_dest_id, quarantine)
        self.assertIn("隔离区", quarantine.name)
        self.assertEqual(self._quant_qty(card.lot_id, quarantine), 1.0)
        self.assertEqual(card.state, "refunded")
        self.assertEqual((request.warranty_state, request.warranty_remedy), ("in", "refund"))
        self.assertEqual(request.warranty_rule, "two_repairs")
        self.assertAlmostEqual(request.warranty_depreciation, 540.0)
        with self.assertRaisesRegex(UserError, "no longer active"):
            card._execute_refund(
                {"remedies": ["refund"], "depreciation": 0.0, "refund_amount": 1.0, "rule": "seven_day"}
            )

    def test_refund_reverses_the_posted_invoice(self):
        card = self._card(invoice_date=self._days_ago(3), price=3000.0)
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_date": self._days_ago(3),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.tv.id,
                            "quantity": 2.0,
                            "price_unit": 2900.0,
                            "tax_ids": [Command.clear()],
                        }
                    ),
                    Command.create(
                        {
                            "product_id": self.washer.id,
                            "quantity": 1.0,
                            "price_unit": 2500.0,
                            "tax_ids": [Command.clear()],
                        }
                    ),
                ],
            }
        )
        invoice.action_post()
        self.assertEqual((card.invoice_id, card.price), (invoice, 2900.0))
        wizard = self._wizard(card=card, fault_date=self._days_ago(1), remedy="refund")
        self.assertEqual((wizard.rule, wizard.refund_amount, wizard.depreciation), ("seven_day", 2900.0, 0.0))
        credit_note = self.env["account.move"].browse(wizard.action_apply()["res_id"])
        self.assertEqual(credit_note.reversed_entry_id, invoice)
        self.assertEqual(
            [(ln.product_id, ln.quantity, ln.price_unit) for ln in credit_note.invoice_line_ids],
            [(self.tv, 1.0, 2900.0)],
        )
        self.assertAlmostEqual(credit_note.amount_total, 2900.0)

    def test_exchange_issues_a_new_card(self):
        card = self._card(invoice_date=self._days_ago(10), price=3000.0)
        request = self._new_request(
            product_id=self.tv.id, lot_id=card.lot_id.id, fault_date=self._days_ago(1)
        )
        new_lot = self._lot(self.tv, "TV2025N00001")
        self._stock(new_lot)
        wizard = self._wizard(request, remedy="exchange", new_lot_id=new_lot)
        self.assertEqual(wizard.rule, "fifteen_day")
        action = wizard.action_apply()
        new_card = self.Card.browse(action["res_id"])
        self.assertEqual(card.state, "exchanged")
        self.assertEqual((card.next_card_id, new_card.previous_card_id), (new_card, card))
        self.assertEqual(
            (new_card.lot_id, new_card.partner_id, new_card.state, new_card.price, new_card.policy_id),
            (new_lot, self.customer, "active", 3000.0, self.tv_policy),
        )
        self.assertEqual(
            new_card.invoice_date, fields.Date.context_today(self.env.user), "the period restarts (art. 14)"
        )
        self.assertEqual(card.return_picking_id.state, "done")
        self.assertEqual(card.exchange_picking_id.state, "done")
        self.assertEqual(card.exchange_picking_id.move_line_ids.lot_id, new_lot)
        self.assertEqual(self._quant_qty(new_lot, self.customers), 1.0)
        self.assertEqual(self.Card.search_count([("lot_id", "=", new_lot.id)]), 1, "no second card")
        self.assertEqual(request.warranty_card_id, card, "the request keeps the card it was about")
        self.assertEqual(
            new_card.evaluate_claim(fields.Date.context_today(self.env.user))["rule"], "seven_day"
        )

    def test_exchange_with_a_repaired_or_returned_unit_is_refused(self):
        card = self._card(invoice_date=self._days_ago(10))
        repaired = self._card(invoice_date=self._days_ago(300))
        self.Repair.create(
            {
                "card_id": repaired.id,
                "date_in": self._days_ago(100),
                "date_out": self._days_ago(90),
                "fixed": True,
            }
        )
        repaired.action_close()
        self._stock(repaired.lot_id)
        with self.assertRaisesRegex(
            UserError, "a repaired or returned unit cannot be supplied in an exchange"
        ):
            self._wizard(
                card=card, fault_date=self._days_ago(1), remedy="exchange", new_lot_id=repaired.lot_id
            ).action_apply()
        refunded = self._card(invoice_date=self._days_ago(5))
        self._wizard(card=refunded, fault_date=self._days_ago(1), remedy="refund").action_apply()
        self._stock(refunded.lot_id)
        with self.assertRaisesRegex(
            UserError, "a repaired or returned unit cannot be supplied in an exchange"
        ):
            card._execute_exchange(refunded.lot_id)
        not_in_stock = self._lot(self.tv, "TV2025N00009")
        with self.assertRaisesRegex(UserError, "not in stock"):
            card._execute_exchange(not_in_stock)
        self.assertEqual(card.state, "active")

    def test_remedy_not_due_is_refused(self):
        card = self._card(invoice_date=self._days_ago(20))
        wizard = self._wizard(card=card, fault_date=self._days_ago(1), remedy="refund")
        self.assertEqual(wizard.remedies, "Free Repair")
        with self.assertRaisesRegex(UserError, "not a remedy due"):
            wizard.action_apply()
        tampered = self._card(invoice_date=self._days_ago(3))
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE aftersales_warranty_card SET invoice_date = invoice_date - 1 WHERE id = %s", [tampered.id]
        )
        self.env.invalidate_all()
        wizard = self._wizard(card=tampered, fault_date=self._days_ago(1), remedy="repair")
        self.assertTrue(wizard.tampered)
        self.assertFalse(wizard.free)
        with self.assertRaisesRegex(UserError, "not a remedy due"):
            wizard.action_apply()

    def test_agent_cannot_refund(self):
        card = self._card(invoice_date=self._days_ago(3))
        wizard = self._wizard(card=card, fault_date=self._days_ago(1), remedy="refund")
        with self.assertRaisesRegex(UserError, "supervisor"):
            wizard.with_user(self.agent).action_apply()
        result = card.with_user(self.agent).evaluate_claim(self._days_ago(1))
        self.assertEqual(result["rule"], "seven_day")
        self.assertEqual(card.state, "active")

    def test_supervisor_executes_a_refund(self):
        card = self._card(invoice_date=self._days_ago(3))
        wizard = self._wizard(card=card, fault_date=self._days_ago(1), remedy="refund")
        wizard.with_user(self.supervisor).action_apply()
        self.assertEqual(card.state, "refunded")
        self.assertEqual(card.refund_move_id.amount_total, 3000.0)

    def test_free_repair_writes_the_repair_log(self):
        card = self._card(self.washer, invoice_date=self._days_ago(60), price=2500.0)
        request = self._new_request(
            product_id=self.washer.id,
            lot_id=card.lot_id.id,
            fault_date=self._days_ago(2),
            technician_id=self.technician.id,
        )
        wizard = self._wizard(request, remedy="repair")
        self.assertEqual((wizard.rule, wizard.free), ("warranty", True))
        wizard.action_apply()
        self.assertEqual((request.warranty_state, request.warranty_remedy), ("in", "repair"))
        self.assertFalse(card.repair_ids, "nothing logged before the job starts")
        start = fields.Datetime.now() + timedelta(hours=1)
        request.write({"planned_start": start, "planned_end": start + timedelta(hours=2)})
        request.action_assign()
        request.action_schedule()
        request.action_start()
        event = card.repair_ids
        self.assertEqual(len(event), 1)
        self.assertEqual(event.request_id, request)
        self.assertEqual(event.date_in, fields.Date.context_today(request, request.notified_date))
        self.assertFalse(event.date_out)
        self.assertEqual(event.component, "unit")
        request.write({"work_done": "更换排水泵"})
        request.action_done()
        self.assertEqual(event.date_out, fields.Date.context_today(request, request.done_date))
        self.assertTrue(event.fixed)
        self.assertEqual(len(card.repair_ids), 1)

    def test_paid_repair_out_of_warranty(self):
        card = self._card(self.washer, invoice_date=date(2021, 1, 4), price=2500.0)
        request = self._new_request(
            product_id=self.washer.id,
            lot_id=card.lot_id.id,
            fault_date=self._days_ago(2),
            technician_id=self.technician.id,
        )
        wizard = self._wizard(request, remedy="paid")
        self.assertEqual((wizard.rule, wizard.free), ("expired", False))
        wizard.action_apply()
        self.assertEqual((request.warranty_state, request.warranty_remedy), ("out", "paid"))
        start = fields.Datetime.now() + timedelta(hours=1)
        request.write({"planned_start": start, "planned_end": start + timedelta(hours=2)})
        request.action_assign()
        request.action_schedule()
        request.action_start()
        self.assertFalse(card.repair_ids, "a paid repair is not a three-guarantee repair")
