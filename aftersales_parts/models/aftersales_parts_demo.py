"""Demo data only: the parts demo (demo/aftersales_parts_demo.xml) goes
through the suite's own steps, as aftersales_service's demo does (see its
models/aftersales_demo.py). The parts lines are issued, used and recovered
by their buttons in the demo file itself; the emergency transfer is asked
for here, the way the depot keeper asks for it on the screen."""

from odoo import api, models
from odoo.addons.aftersales_service.models.aftersales_demo import demo_actor


class AftersalesPartsTransfer(models.Model):
    _inherit = "aftersales.parts.transfer"

    @api.model
    def _demo_ask_depot(self, user, product, depot, source, quantity, reason):
        """Demo data only: `user` looks for `quantity` of `product` for
        `depot` ("Find a Missing Part"), and asks the depot `source` among
        those found for it: a transfer waiting for a supervisor, with the
        distance the search measured. Ids as arguments."""
        wizard = demo_actor(self.env["aftersales.parts.shortage.wizard"], user).create(
            {"product_id": product, "dest_depot_id": depot, "quantity": quantity, "reason": reason}
        )
        wizard.action_search()
        return wizard.line_ids.filtered(lambda line: line.depot_id.id == source).action_request_transfer()
