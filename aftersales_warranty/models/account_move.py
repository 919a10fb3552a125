from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        invoices = posted.filtered(lambda m: m.move_type == "out_invoice")
        if invoices:
            products = invoices.invoice_line_ids.product_id.filtered(lambda p: p.tracking == "serial")
            if products:
                cards = (
                    self.env["aftersales.warranty.card"]
                    .sudo()
                    .search(
                        [
                            ("state", "=", "active"),
                            ("invoice_line_id", "=", False),
                            ("product_id", "in", products.ids),
                            ("partner_id", "child_of", invoices.commercial_partner_id.ids),
                        ]
                    )
                )
                cards._link_customer_invoices()
        return posted
