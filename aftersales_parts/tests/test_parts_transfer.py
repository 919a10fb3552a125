from odoo.addons.aftersales_service.tests.row_locks import row_locks
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import PartsCase


@tagged("post_install", "-at_install")
class TestEmergencyTransfer(PartsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.board = cls._part("电视主板", standard_price=220.0, list_price=380.0, part_class="special")
        cls._stock(cls.board, cls.central.lot_stock_id, 10)
        cls._stock(cls.board, cls.beijing.lot_stock_id, 4)

    def test_nearest_depots_with_the_part(self):
        found = self.depot._aftersales_nearest_with_stock(self.board, 2)
        self.assertEqual([depot for depot, _qty, _km in found], [self.central, self.beijing])
        (_d, qty, km_gz), (_d2, _q2, km_bj) = found
        self.assertEqual(qty, 10)
        # Nanshan to Tianhe about 100 km, to Haidian about 1,950 km.
        self.assertTrue(80 < km_gz < 130, km_gz)
        self.assertTrue(1800 < km_bj < 2100, km_bj)
        only_central = self.depot._aftersales_nearest_with_stock(self.board, 5)
        self.assertEqual([depot for depot, _q, _k in only_central], [self.central])

    def test_reserved_stock_is_not_offered(self):
        request = self._job(county_id=self.haidian.id, technician=self.other_technician)
        self.assertEqual(request.depot_id, self.beijing)
        move = self.env["stock.move"].create(
            {
                "product_id": self.board.id,
                "product_uom_qty": 3,
                "product_uom": self.board.uom_id.id,
                "location_id": self.beijing.lot_stock_id.id,
                "location_dest_id": self.env.ref("stock.stock_location_customers").id,
            }
        )
        move._action_confirm()
        move._action_assign()
        found = self.depot._aftersales_nearest_with_stock(self.board, 2)
        self.assertEqual([depot for depot, _q, _k in found], [self.central])

    def test_search_is_one_query_whatever_the_depots(self):
        def queries():
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            self.depot._aftersales_nearest_with_stock(self.board, 1)
            return self.cr.sql_log_count - before

        few = queries()
        for index in range(6):
            depot = self.env["stock.warehouse"].create(
                {
                    "name": f"测试库{index}",
                    "code": f"TQ{index}",
                    "aftersales_is_depot": True,
                    "aftersales_county_id": self.haidian.id,
                }
            )
            self._stock(self.board, depot.lot_stock_id, 1 + index)
        self.assertEqual(queries(), few)

    def test_transfer_from_the_nearest_depot_with_approval(self):
        request = self._job(technician=self.other_technician)
        line = self._line(request, self.board, qty=2, source_location_id=self.depot.lot_stock_id.id)
        with self.assertRefused(UserError, "Not enough 电视主板"):
            line.action_issue()
        action = line.action_find_part()
        wizard = self.env["aftersales.parts.shortage.wizard"].browse(action["res_id"])
        self.assertEqual(wizard.line_ids[0].depot_id, self.central)
        transfer = self.env["aftersales.parts.transfer"].browse(
            wizard.line_ids[0].action_request_transfer()["res_id"]
        )
        self.assertEqual(transfer.state, "to_approve")
        self.assertEqual((transfer.source_depot_id, transfer.dest_depot_id), (self.central, self.depot))
        with self.assertRefused(UserError, "Only a supervisor"):
            transfer.with_user(self.keeper).action_approve()
        self.assertFalse(transfer.picking_id)
        with row_locks("aftersales_parts_transfer") as locks:
            transfer.with_user(self.supervisor).action_approve()
        self.assertEqual(len(locks), 1, "the approval locks the transfer once, before its picking")
        self.assertEqual(transfer.state, "approved")
        self.assertEqual(transfer.approved_by_id, self.supervisor)
        self.assertEqual(transfer.picking_id.location_id, self.central.lot_stock_id)
        transfer.with_user(self.keeper).action_receive()
        self.assertEqual(transfer.state, "done")
        self.assertEqual(transfer.picking_id.state, "done")
        self.assertEqual(self._qty(self.board, self.depot.lot_stock_id), 2)
        self.assertEqual(self._qty(self.board, self.central.lot_stock_id), 8)
        self.assertEqual(transfer.picking_id.move_ids.aftersales_kind, "transfer")
        line.action_issue()
        self.assertEqual(line.state, "issued")

    def test_drop_ship_from_the_supplier(self):
        transfer = self.env["aftersales.parts.transfer"].create(
            {
                "product_id": self.board.id,
                "quantity": 3,
                "dest_depot_id": self.depot.id,
                "source_type": "supplier",
                "supplier_id": self.manufacturer.id,
            }
        )
        transfer.action_submit()
        transfer.with_user(self.supervisor).action_approve()
        self.assertEqual(transfer.picking_id.picking_type_id, self.depot.in_type_id)
        self.assertEqual(transfer.picking_id.partner_id, self.manufacturer)
        transfer.action_receive()
        self.assertEqual(self._qty(self.board, self.depot.lot_stock_id), 3)
        # Received from outside the company: valued into stock.
        self.assertTrue(transfer.picking_id.move_ids.is_in)

    def test_rejection_needs_a_reason_and_can_be_resubmitted(self):
        transfer = self.env["aftersales.parts.transfer"].create(
            {
                "product_id": self.board.id,
                "quantity": 1,
                "dest_depot_id": self.depot.id,
                "source_depot_id": self.central.id,
            }
        )
        transfer.action_submit()
        with self.assertRefused(UserError, "Write why"):
            transfer.with_user(self.supervisor).action_reject()
        transfer.reject_reason = "本月调件额度已满"
        transfer.with_user(self.supervisor).action_reject()
        self.assertEqual(transfer.state, "rejected")
        transfer.action_reset()
        transfer.action_submit()
        self.assertEqual(transfer.state, "to_approve")
        with self.assertRefused(
            UserError, "Cannot receive transfer .*: it is To Approve; this step needs it to be Approved"
        ):
            transfer.action_receive()

    def test_bad_transfers_refused(self):
        Transfer = self.env["aftersales.parts.transfer"]
        base = {"product_id": self.board.id, "dest_depot_id": self.depot.id}
        with self.assertRefused(ValidationError, "must be positive"):
            Transfer.create({**base, "quantity": -1, "source_depot_id": self.central.id})
        with self.assertRefused(ValidationError, "cannot send a part to itself"):
            Transfer.create({**base, "source_depot_id": self.depot.id})
        with self.assertRefused(ValidationError, "Choose the supplier"):
            Transfer.create({**base, "source_type": "supplier"})
        self.assertFalse(Transfer.search([("product_id", "=", self.board.id)]))
