from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    aftersales_quarantine_location_id = fields.Many2one(
        "stock.location",
        string="Quarantine Location",
        check_company=True,
        domain="[('usage', '=', 'internal')]",
        help="Where refunded and exchanged units wait for inspection (隔离区). Created on the "
        "first refund or exchange when empty.",
    )

    def _aftersales_quarantine_location(self, warehouse=None):
        """The company's quarantine location, created under ``warehouse`` (or
        the company's first warehouse) the first time it is needed."""
        self.ensure_one()
        if self.aftersales_quarantine_location_id:
            return self.aftersales_quarantine_location_id
        warehouse = warehouse or self.env["stock.warehouse"].search([("company_id", "=", self.id)], limit=1)
        location = (
            self.env["stock.location"]
            .sudo()
            .create(
                {
                    "name": "Quarantine / 隔离区",
                    "usage": "internal",
                    "location_id": warehouse.view_location_id.id,
                    "company_id": self.id,
                }
            )
        )
        self.sudo().aftersales_quarantine_location_id = location
        return location
