from odoo import SUPERUSER_ID
from odoo.addons.aftersales_service.tests.common import CommittedWork
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestLastUnitConcurrency(CommittedWork, TransactionCase):
    """Ten technicians take the last compressor at the same moment, each in
    its own transaction: one gets it, stock never goes below zero and no
    part is lost."""

    PARALLEL = 10

    def _setup_data(self, env):
        warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
        product = env["product.product"].create(
            {
                "name": "并发测试压缩机",
                "type": "consu",
                "is_storable": True,
                "standard_price": 300.0,
                "aftersales_is_spare_part": True,
                "aftersales_recover_old_part": False,
            }
        )
        quant = (
            env["stock.quant"]
            .with_context(inventory_mode=True)
            .create(
                {
                    "product_id": product.id,
                    "location_id": warehouse.lot_stock_id.id,
                    "inventory_quantity": 1,
                }
            )
        )
        quant.action_apply_inventory()
        partner = env["res.partner"].create({"name": "并发测试客户", "phone": "13800000001"})
        requests = env["aftersales.request"].create(
            [{"partner_id": partner.id, "fault_description": f"并发取件 {i}"} for i in range(self.PARALLEL)]
        )
        lines = env["aftersales.part.line"].create(
            [
                {
                    "request_id": request.id,
                    "product_id": product.id,
                    "planned_qty": 1,
                    "source_location_id": warehouse.lot_stock_id.id,
                }
                for request in requests
            ]
        )
        return lines.ids, requests.ids, product.id, partner.id, warehouse.lot_stock_id.id

    def _cleanup(self, ids):
        _line_ids, request_ids, product_id, partner_id, _location_id = ids

        def work(env):
            env["aftersales.request"].browse(request_ids).unlink()
            env["product.product"].browse(product_id).action_archive()
            env["res.partner"].browse(partner_id).action_archive()

        self._committed(work)

    def test_parallel_takes_of_the_last_unit(self):
        ids = self._committed(self._setup_data)
        self.addCleanup(self._cleanup, ids)
        line_ids, _requests, product_id, _partner, _location_id = ids

        def load(env, line_id):
            line = env["aftersales.part.line"].browse(line_id)
            line.fetch(["product_id", "source_location_id"])  # load before the race
            return line

        outcomes = self._race(
            [(SUPERUSER_ID, line_id) for line_id in line_ids], load, lambda _env, line: line.action_issue()
        )
        self.assertEqual(outcomes.count("won"), 1, outcomes)

        def stock_figures(env):
            quants = env["stock.quant"].search(
                [("product_id", "=", product_id), ("location_id.usage", "=", "internal")]
            )
            issued = env["aftersales.part.line"].search([("id", "in", line_ids), ("state", "=", "issued")])
            return (
                min(quants.mapped("quantity")),
                sum(quants.mapped("quantity")),
                len(issued),
            )

        lowest, total, issued = self._committed(stock_figures)
        self.assertGreaterEqual(lowest, 0)
        self.assertEqual(total, 1, "the one unit is still somewhere in the company's stock")
        self.assertEqual(issued, 1)
