"""Issue 13 on the card: its sale date and price start the periods and make
the refund, so after the card is created they change only through the
suite's steps or a supervisor's correction with a reason; a copy of a card
does not carry them."""

from datetime import date, timedelta

from odoo.addons.aftersales_service.tests.common import correct_figure
from odoo.addons.aftersales_service.tools import user_amount, user_date
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tools import html2plaintext

from .common import SOLD, WarrantyCase


@tagged("post_install", "-at_install")
class TestWarrantyCardFigures(WarrantyCase):
    def test_price_and_sale_date_given_on_create_then_refused(self):
        # An agent cards a unit with what the invoice says.
        lot = self._lot(self.tv, "TV-FIG-0001")
        card = self.Card.with_user(self.agent).create(
            {"lot_id": lot.id, "partner_id": self.customer.id, "invoice_date": SOLD, "price": 3000.0}
        )
        self.assertEqual((card.invoice_date, card.price), (SOLD, 3000.0))
        for env in (self.env(user=self.supervisor), self.env, self.env(su=True)):
            for values in ({"price": 1.0}, {"invoice_date": date.today() - timedelta(days=2)}):
                with self.assertRaisesRegex(UserError, "of Three-Guarantee Card are set by the suite"):
                    card.with_env(env).write(values)
        self.assertEqual((card.invoice_date, card.price), (SOLD, 3000.0))
        # The form: typed on a new card, read only on a saved one.
        form = Form(self.Card.with_user(self.supervisor))
        form.lot_id = self._lot(self.tv, "TV-FIG-0002")
        form.partner_id = self.customer
        form.invoice_date = SOLD
        form.price = 2999.0
        saved = form.save()
        self.assertEqual(saved.price, 2999.0)
        form = Form(saved.with_user(self.supervisor))
        with self.assertRaises(AssertionError):
            form.price = 1.0
        with self.assertRaises(AssertionError):
            form.invoice_date = SOLD - timedelta(days=1)

    def test_supervisor_corrects_the_price_with_a_reason(self):
        card = self._card(invoice_date=date.today() - timedelta(days=3), price=3000.0)
        before = card.evaluate_claim(date.today())
        self.assertEqual(before["refund_amount"], 3000.0)
        reason = "发票实收2800元，录入有误"
        with self.assertRaises(AccessError):
            correct_figure(card, "price", 2800.0, reason, self.agent)
        with self.assertRaisesRegex(UserError, "Give the reason"):
            correct_figure(card, "price", 2800.0, " ", self.supervisor)
        self.assertEqual(card.price, 3000.0)
        correct_figure(card, "price", 2800.0, reason, self.supervisor)
        self.assertEqual(card.price, 2800.0)
        self.assertFalse(card.is_tampered, "the digest follows a correction")
        self.assertEqual(card.evaluate_claim(date.today())["refund_amount"], 2800.0)
        note = card.message_ids.filtered(lambda m: "corrected" in (m.body or ""))[:1]
        self.assertEqual(note.author_id, self.supervisor.partner_id)
        shown = self.env(user=self.supervisor)
        old, new = (user_amount(shown, amount, card.currency_id) for amount in (3000.0, 2800.0))
        body = html2plaintext(note.body).replace("\xa0", " ")
        for text in ("主管 周敏", card.name, f"from {old} to {new}", reason):
            self.assertIn(text.replace("\xa0", " "), body)

    def test_supervisor_corrects_the_sale_date(self):
        card = self._card(invoice_date=SOLD)
        corrected = SOLD + timedelta(days=10)
        Wizard = self.env["aftersales.correction.wizard"].with_user(self.supervisor)
        form = Form(Wizard.with_context(active_model=card._name, active_id=card.id))
        self.assertEqual(form.record_name, card.display_name)
        form.field_name = "invoice_date"
        self.assertEqual(form.value_type, "date")
        self.assertEqual(form.old_value, user_date(self.env(user=self.supervisor), SOLD))
        form.new_date = corrected
        form.reason = "以购物发票日期为准"
        form.save().action_confirm()
        self.assertEqual(card.invoice_date, corrected)
        # The card's own rules still hold: no sale date in the future.
        with self.assertRaisesRegex(UserError, "in the future"):
            correct_figure(card, "invoice_date", date.today() + timedelta(days=5), "x", self.supervisor)
        self.assertEqual(card.invoice_date, corrected)

    def test_a_closed_card_is_no_longer_corrected(self):
        card = self._card()
        card.action_close()
        with self.assertRaisesRegex(UserError, f"Card {card.name} is Closed: .*can no longer be corrected"):
            correct_figure(card, "price", 1.0, "x", self.supervisor)
        self.assertEqual(card.price, 3000.0)

    def test_copy_does_not_carry_the_sale_date_and_price(self):
        card = self._card(invoice_date=SOLD, price=3000.0)
        card.action_close()
        lot = self._lot(self.tv, "TV-FIG-0003")
        copy = card.with_user(self.supervisor).copy({"lot_id": lot.id})
        self.assertEqual(copy.state, "active")
        self.assertEqual(copy.price, 0.0)
        self.assertEqual(copy.invoice_date, date.today())
        # Given on the copy, as on any new card.
        lot = self._lot(self.tv, "TV-FIG-0004")
        copy = card.with_user(self.supervisor).copy({"lot_id": lot.id, "price": 1999.0})
        self.assertEqual(copy.price, 1999.0)
