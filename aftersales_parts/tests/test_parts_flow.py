from odoo.addons.aftersales_service.tests.common import force_write
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import PartsCase


@tagged("post_install", "-at_install")
class TestDepots(PartsCase):
    def test_request_depot_from_its_county(self):
        self.assertEqual(self._job().depot_id, self.depot)
        self.assertEqual(self._job(county_id=self.haidian.id).depot_id, self.beijing)
        # 福田 has no depot of its own: the depot of another county of 深圳 serves it.
        futian = self.env.ref("aftersales_service.county_440304")
        self.assertEqual(self._job(county_id=futian.id).depot_id, self.depot)
        # Nothing in 济南 at all: the company's central depot.
        lixia = self.env.ref("aftersales_service.county_370102")
        self.assertEqual(self._job(county_id=lixia.id).depot_id, self.central)

    def test_depot_gets_its_old_parts_and_field_locations(self):
        self.assertEqual(self.depot.aftersales_old_parts_location_id.usage, "inventory")
        self.assertEqual(self.depot.aftersales_field_location_id.warehouse_id, self.depot)

    def test_hierarchy_has_no_cycle(self):
        self.assertEqual(self.depot._aftersales_central(), self.central)
        with self.assertRefused(ValidationError, "own parent"):
            self.central.aftersales_parent_id = self.depot

    def test_van_under_the_depot(self):
        self.technician.aftersales_depot_id = self.depot
        self.technician.action_aftersales_create_van()
        van = self.technician.aftersales_van_location_id
        self.assertEqual(van.warehouse_id, self.depot)
        self.assertEqual(van.usage, "internal")


@tagged("post_install", "-at_install")
class TestPartsOnRequest(PartsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._stock(cls.compressor, cls.depot.lot_stock_id, 5)

    def test_issue_use_return_are_real_moves(self):
        request = self._job(technician=self.other_technician)
        line = self._line(request, qty=3)
        self.assertEqual(line.source_location_id, self.depot.lot_stock_id)
        line.with_user(self.keeper).action_issue()
        field = self.depot.aftersales_field_location_id
        self.assertEqual(line.state, "issued")
        self.assertEqual(self._qty(self.compressor, self.depot.lot_stock_id), 2)
        self.assertEqual(self._qty(self.compressor, field), 3)

        line.used_qty = 2
        line.action_confirm_use()
        self.assertEqual(line.state, "to_return")
        consume = line.move_ids.filtered(lambda m: m.aftersales_kind == "consume")
        self.assertEqual(consume.state, "done")
        self.assertEqual(consume.location_dest_id.usage, "customer")
        # Valued out of stock at the standard cost, and the line carries that cost.
        self.assertAlmostEqual(consume.value, 600.0)
        self.assertAlmostEqual(line.cost_amount, 600.0)
        self.assertAlmostEqual(request.parts_cost, 600.0)

        line.with_user(self.keeper).action_return()
        self.assertEqual(line.state, "done")
        self.assertEqual(line.returned_qty, 1)
        self.assertEqual(self._qty(self.compressor, self.depot.lot_stock_id), 3)
        self.assertEqual(self._qty(self.compressor, field), 0)
        self.assertEqual(sorted(line.move_ids.mapped("aftersales_kind")), ["consume", "issue", "return"])

    def test_figures_of_a_line_are_audited_on_the_request(self):
        """Quantities, price, cost and owner feed amounts: each change is in
        the request's chatter with the user and the old value."""
        request = self._job(technician=self.other_technician)
        line = self._line(request, qty=3).with_context(tracking_disable=False)
        line.with_user(self.keeper).action_issue()
        line.with_user(self.keeper).used_qty = 2
        bodies = request.message_ids.mapped("body")
        self.assertTrue(any("Used 3 → 2" in body for body in bodies), bodies)
        self.assertTrue(any("Issued 0 → 3" in body for body in bodies), bodies)
        message = request.message_ids.filtered(lambda m: "Used 3 → 2" in m.body)
        self.assertEqual(message.author_id, self.keeper.partner_id)

    def test_parts_from_the_van_need_no_issue_move(self):
        self.technician.aftersales_depot_id = self.depot
        self.technician.action_aftersales_create_van()
        van = self.technician.aftersales_van_location_id
        self._stock(self.capacitor, van, 4)
        request = self._job(technician=self.technician)
        line = self._line(request, self.capacitor, qty=2)
        self.assertEqual(line.source_location_id, van)
        line.action_issue()
        self.assertFalse(line.move_ids)
        line.used_qty = 1
        line.with_user(self.tech_user).action_confirm_use()
        # What was not used simply stays in the van.
        self.assertEqual(line.state, "done")
        self.assertEqual(self._qty(self.capacitor, van), 3)

    def test_issued_line_keeps_its_source_when_the_job_changes_hands(self):
        request = self._job(technician=self.other_technician)
        line = self._line(request)
        line.action_issue()
        self.technician.aftersales_depot_id = self.depot
        self.technician.action_aftersales_create_van()
        request.technician_id = self.technician
        self.env.flush_all()
        self.assertEqual(line.source_location_id, self.depot.lot_stock_id)
        line.sequence = 5  # reordering the list is still allowed
        planned = self._line(request, self.capacitor)
        self.assertEqual(planned.source_location_id, self.technician.aftersales_van_location_id)

    def test_technician_confirms_only_own_jobs(self):
        self.technician.aftersales_depot_id = self.depot
        request = self._job(technician=self.other_technician)
        line = self._line(request)
        line.action_issue()
        with self.assertRaises(AccessError):
            line.with_user(self.tech_user).action_confirm_use()
        line.with_user(self.other_tech_user).action_confirm_use()
        self.assertEqual(line.state, "done")

    def test_request_cannot_finish_with_unconfirmed_parts(self):
        request = self._job(technician=self.other_technician)
        line = self._line(request)
        line.action_issue()
        force_write(request, {"state": "in_progress", "work_done": "更换压缩机"})
        with self.assertRefused(UserError, "confirm which issued parts were used"):
            request.action_done()
        request.action_confirm_parts_used()
        request.action_done()
        self.assertEqual(request.state, "done")

    def test_old_part_dispositions(self):
        supplier_loc = self.env.ref("stock.stock_location_suppliers")
        old_parts = self.env["aftersales.old.part"]
        for _i in range(3):
            request = self._job(technician=self.other_technician)
            line = self._line(request)
            line.action_issue()
            line.action_confirm_use()
            old_parts |= request.old_part_ids
        self.assertEqual(old_parts.mapped("state"), ["pending"] * 3)
        old_parts.with_user(self.keeper).action_recover()
        old_location = self.depot.aftersales_old_parts_location_id
        self.assertEqual(
            old_parts.move_ids.filtered(lambda m: m.aftersales_kind == "old_in").location_dest_id,
            old_location,
        )
        written_off, to_centre, to_supplier = old_parts
        written_off.with_user(self.keeper).action_write_off()
        to_centre.with_user(self.keeper).action_return_central()
        to_supplier.supplier_id = self.manufacturer
        to_supplier.with_user(self.keeper).action_return_supplier()
        self.assertEqual(written_off.state, "written_off")
        self.assertEqual(to_centre.state, "returned_central")
        self.assertEqual(to_supplier.state, "returned_supplier")
        last = lambda part: part.move_ids.sorted("id")[-1]  # noqa: E731
        self.assertEqual(last(written_off).location_dest_id.usage, "inventory")
        self.assertNotEqual(last(written_off).location_dest_id, old_location)
        self.assertEqual(last(to_centre).location_dest_id, self.central.aftersales_old_parts_location_id)
        self.assertEqual(last(to_supplier).location_dest_id, supplier_loc)
        self.assertEqual(last(to_supplier).partner_id, self.manufacturer)
        self.assertTrue(all(p.disposed_date and p.disposed_by_id == self.keeper for p in old_parts))
        with self.assertRefused(UserError, "is Written Off"):
            written_off.action_return_central()

    def test_consignment_owner_kept_through_consumption(self):
        self._stock(self.capacitor, self.depot.lot_stock_id, 2, owner=self.manufacturer)
        request = self._job(technician=self.other_technician)
        line = self._line(request, self.capacitor, qty=2)
        line.action_issue()
        self.assertEqual(
            self._qty(self.capacitor, self.depot.aftersales_field_location_id, owner=self.manufacturer), 2
        )
        line.used_qty = 2
        line.action_confirm_use()
        consume = line.move_ids.filtered(lambda m: m.aftersales_kind == "consume")
        self.assertEqual(consume.move_line_ids.owner_id, self.manufacturer)
        self.assertEqual(line.owner_id, self.manufacturer)
        # The manufacturer's stock is not ours: nothing is valued out of our books.
        self.assertFalse(consume.is_out)
        self.assertEqual(line.cost_amount, 0.0)
        used = self.env["aftersales.part.line"].search(
            [("owner_id", "=", self.manufacturer.id), ("state", "=", "done")]
        )
        self.assertEqual(sum(used.mapped("used_qty")), 2)

    def test_shortage_is_refused_and_nothing_moves(self):
        request = self._job(technician=self.other_technician)
        line = self._line(request, qty=6)
        with self.assertRefused(UserError, "Not enough 空调压缩机 .* 6.0 needed, 5.0 available"):
            line.action_issue()
        self.assertEqual(line.state, "planned")
        self.assertEqual(self._qty(self.compressor, self.depot.lot_stock_id), 5)


@tagged("post_install", "-at_install")
class TestPartsBadInput(PartsCase):
    def _lines_of(self, request):
        return self.env["aftersales.part.line"].search([("request_id", "=", request.id)])

    def test_zero_or_negative_quantity(self):
        request = self._job()
        for qty in (0, -2):
            with self.subTest(qty=qty), self.assertRefused(ValidationError, "must be positive"):
                self._line(request, qty=qty)
        self.assertFalse(self._lines_of(request))

    def test_part_not_allowed_for_the_product(self):
        request = self._job(product_id=self.fridge.id)
        with self.assertRefused(ValidationError, "does not fit 海尔 BCD-470"):
            self._line(request)
        self.assertFalse(self._lines_of(request))

    def test_not_a_spare_part(self):
        request = self._job()
        with self.assertRefused(ValidationError, "is not a spare part"):
            self._line(request, self.fridge)

    def test_issuing_on_a_closed_request(self):
        request = self._job()
        line = self._line(request)
        force_write(request, {"state": "cancelled"})
        with self.assertRefused(UserError, "is Cancelled: parts can only be"):
            line.action_issue()
        with self.assertRefused(UserError, "is Cancelled"):
            self._line(request)
        self.assertEqual(self._lines_of(request), line)
        self.assertFalse(line.move_ids)

    def test_used_more_than_issued(self):
        self._stock(self.compressor, self.depot.lot_stock_id, 1)
        line = self._line(self._job(technician=self.other_technician))
        line.action_issue()
        with self.assertRefused(ValidationError, "3.0 空调压缩机 used but only 1.0 issued"):
            line.used_qty = 3

    def test_issued_line_cannot_be_edited_or_deleted(self):
        self._stock(self.compressor, self.depot.lot_stock_id, 1)
        line = self._line(self._job(technician=self.other_technician))
        line.action_issue()
        with self.assertRefused(UserError, "Only planned parts"):
            line.planned_qty = 4
        with self.assertRefused(UserError, "cannot be deleted"):
            line.unlink()
