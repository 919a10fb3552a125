"""Gather the completed warranty jobs into draft claims, one per manufacturer."""

from odoo import fields, models
from odoo.addons.aftersales_service.tools import user_date
from odoo.exceptions import UserError


class AftersalesWarrantyClaimGenerateWizard(models.TransientModel):
    _name = "aftersales.warranty.claim.generate.wizard"
    _description = "Generate Manufacturer Claims"

    date_to = fields.Date(
        string="Jobs Done Until",
        required=True,
        default=fields.Date.context_today,
        help="Finished warranty jobs completed up to this day (included) that are on no claim yet.",
    )

    def action_generate(self):
        self.ensure_one()
        claims = self.env["aftersales.warranty.claim"]._generate_claims(self.date_to)
        if not claims:
            raise UserError(
                self.env._(
                    "No finished warranty job up to %(date)s waits for a claim: each is already "
                    "claimed, out of warranty or without a manufacturer on its card.",
                    date=user_date(self.env, self.date_to),
                )
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "aftersales.warranty.claim",
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": [("id", "in", claims.ids)],
            "name": self.env._("Generated Claims"),
        }
