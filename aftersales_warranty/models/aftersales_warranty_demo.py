"""Demo data only: the three-guarantee demo (demo/aftersales_warranty_demo.xml)
goes through the suite's own steps, as aftersales_service's demo does (see
its models/aftersales_demo.py). A refunded or exchanged demo card is an
active card on which the supervisor executes the remedy due: the return,
the credit note, the replacement delivery and the new card are the step's."""

from odoo import models
from odoo.addons.aftersales_service.models.aftersales_demo import demo_actor


class AftersalesWarrantyCard(models.Model):
    _inherit = "aftersales.warranty.card"

    def _demo_remedy(self, user, remedy, fault_date, remedy_date, new_lot=False):
        """Demo data only: `user` evaluates the card `self` for a fault on
        `fault_date` and executes `remedy` ("refund", or "exchange" for the
        serial `new_lot`, first counted into stock) on `remedy_date`, the
        dates the remedy steps take."""
        self.ensure_one()
        card = demo_actor(self, user)
        result = card.evaluate_claim(fault_date)
        if remedy not in result["remedies"]:
            raise ValueError(f"Demo card {self.name}: {remedy} is not due ({result['rule']}).")
        if remedy == "refund":
            return card._execute_refund(result, refund_date=remedy_date)
        lot = self.env["stock.lot"].browse(new_lot)
        self.env["stock.quant"].with_context(inventory_mode=True).create(
            {
                "product_id": lot.product_id.id,
                "lot_id": lot.id,
                "location_id": self._warehouse().lot_stock_id.id,
                "inventory_quantity": 1.0,
            }
        ).action_apply_inventory()
        return card._execute_exchange(card.env["stock.lot"].browse(new_lot), exchange_date=remedy_date)
