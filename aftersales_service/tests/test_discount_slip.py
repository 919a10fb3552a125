"""The monthly discount slip (售后折价单): the manager's approval gate and the
credit note posted to accounting."""

from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import AftersalesCase


@tagged("post_install", "-at_install")
class TestDiscountSlip(AftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supervisor = new_test_user(
            cls.env,
            "as_supervisor",
            groups="aftersales_service.group_aftersales_supervisor",
            name="售后主管 赵敏",
        )
        cls.manager = new_test_user(
            cls.env,
            "as_manager",
            groups="aftersales_service.group_aftersales_manager,account.group_account_invoice",
            name="售后经理 孙浩",
        )
        cls.request1 = cls._new_request(quote_amount=300.0)
        cls.request2 = cls._new_request()
        cls.month = fields.Date.context_today(cls.env.user).replace(day=1)

    def _slip(self, user=None):
        return (
            self.env["aftersales.discount.slip"]
            .with_user(user or self.supervisor)
            .create(
                {
                    "partner_id": self.customer.id,
                    "month": fields.Date.context_today(self.env.user),
                    "line_ids": [
                        (
                            0,
                            0,
                            {"request_id": self.request1.id, "reason": "上门超时 24 小时", "amount": 120.0},
                        ),
                        (0, 0, {"request_id": self.request2.id, "reason": "返修补偿", "amount": 35.5}),
                    ],
                }
            )
        )

    def test_total_month_and_reference(self):
        slip = self._slip()
        self.assertEqual(slip.amount_total, 155.5)
        self.assertEqual(slip.month, self.month, "stored as the first day of the month")
        self.assertTrue(slip.name.startswith("ZJ"))
        self.assertEqual(slip.state, "draft")

    def test_approval_gate(self):
        slip = self._slip()
        with self.assertRaises(UserError):
            slip.action_post()  # a draft cannot be posted
        slip.action_submit()
        self.assertEqual(slip.state, "to_approve")
        with self.assertRaises(UserError):
            slip.action_approve()  # the supervisor is not their own superior
        with self.assertRaises(UserError):
            slip.action_post()  # not approved yet
        with self.assertRaises(UserError):
            slip.write({"line_ids": [(0, 0, {"reason": "追加", "amount": 10.0})]})
        self.assertFalse(slip.move_id)
        slip.with_user(self.manager).action_approve()
        self.assertEqual(slip.state, "approved")
        self.assertEqual(slip.approved_by_id, self.manager)

    def test_send_back(self):
        slip = self._slip()
        slip.action_submit()
        slip.with_user(self.manager).action_reject()
        self.assertEqual(slip.state, "draft")
        with self.assertRaises(UserError):
            slip.action_approve()

    def test_posting_books_a_credit_note(self):
        slip = self._slip()
        slip.action_submit()
        slip.with_user(self.manager).action_approve()
        slip.action_post()
        self.assertEqual(slip.state, "posted")
        move = slip.move_id
        self.assertEqual(move.move_type, "out_refund")
        self.assertEqual(move.state, "posted")
        self.assertEqual(move.partner_id, self.customer)
        self.assertEqual(move.journal_id.type, "sale")
        self.assertEqual(move.company_id, self.company)
        self.assertAlmostEqual(move.amount_untaxed, 155.5)
        self.assertAlmostEqual(move.amount_total, 155.5)
        self.assertEqual(sorted(move.invoice_line_ids.mapped("price_unit")), [35.5, 120.0])
        self.assertEqual(
            move.invoice_line_ids.product_id,
            self.env.ref("aftersales_service.product_aftersales_discount"),
        )
        receivable = move.line_ids.filtered(lambda ln: ln.account_id.account_type == "asset_receivable")
        # The customer owes 155.5 less: a credit, or under storno accounting
        # (China's chart) a negative debit, 红字冲销.
        self.assertAlmostEqual(receivable.balance, -155.5)
        self.assertEqual(move.invoice_origin, slip.name)
        with self.assertRaises(UserError):
            slip.action_post()  # only once
        with self.assertRaises(UserError):
            slip.action_reset_to_draft()

    def test_discount_product_setting(self):
        product = self.env["product.product"].create({"name": "经销商折让", "type": "service"})
        self.company.aftersales_discount_product_id = product
        slip = self._slip()
        slip.action_submit()
        slip.with_user(self.manager).action_approve()
        slip.action_post()
        self.assertEqual(slip.move_id.invoice_line_ids.product_id, product)

    def test_empty_slip_cannot_be_submitted(self):
        slip = (
            self.env["aftersales.discount.slip"]
            .with_user(self.supervisor)
            .create({"partner_id": self.customer.id})
        )
        with self.assertRaises(UserError):
            slip.action_submit()

    def test_lines_belong_to_the_customer(self):
        stranger = self.env["res.partner"].create({"name": "无关客户"})
        with self.assertRaises(ValidationError):
            self.env["aftersales.discount.slip"].create(
                {
                    "partner_id": stranger.id,
                    "line_ids": [(0, 0, {"request_id": self.request1.id, "reason": "x", "amount": 1.0})],
                }
            )

    def test_one_slip_per_customer_and_month(self):
        self._slip()
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self._slip()
            self.env.flush_all()

    def test_agents_cannot_read_slips(self):
        with self.assertRaises(AccessError):
            self.env["aftersales.discount.slip"].with_user(self.agent).search([])
