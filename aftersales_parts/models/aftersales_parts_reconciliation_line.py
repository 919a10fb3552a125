from odoo import fields, models


class AftersalesPartsReconciliationLine(models.Model):
    _name = "aftersales.parts.reconciliation.line"
    _inherit = ["aftersales.write.guard"]
    # Every figure is the month's ledger, as the reconciliation computes it;
    # a line belongs to the reconciliation that computed it.
    _system_fields = (
        "reconciliation_id",
        "product_id",
        "opening",
        "received",
        "issued",
        "returned",
        "other_out",
        "adjusted",
        "closing",
        "on_hand",
        "difference",
        "old_recovered",
        "old_returned",
        "old_written_off",
        "unit_cost",
        "value",
    )
    _description = "Depot Parts Reconciliation Line"
    _order = "reconciliation_id, product_id"

    reconciliation_id = fields.Many2one(
        "aftersales.parts.reconciliation", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="reconciliation_id.company_id", store=True)
    currency_id = fields.Many2one(related="reconciliation_id.currency_id")
    depot_id = fields.Many2one(related="reconciliation_id.depot_id", store=True, index=True)
    date_from = fields.Date(related="reconciliation_id.date_from", store=True, string="Month")
    product_id = fields.Many2one("product.product", string="Part", required=True, index=True)
    part_class = fields.Selection(related="product_id.aftersales_part_class", store=True)
    opening = fields.Float(digits="Product Unit", aggregator="sum")
    received = fields.Float(digits="Product Unit", aggregator="sum")
    issued = fields.Float(string="Issued on Requests", digits="Product Unit", aggregator="sum")
    returned = fields.Float(digits="Product Unit", aggregator="sum")
    other_out = fields.Float(string="Other Outgoing", digits="Product Unit", aggregator="sum")
    adjusted = fields.Float(string="Count Adjustments", digits="Product Unit", aggregator="sum")
    closing = fields.Float(string="Closing (Book)", digits="Product Unit", aggregator="sum")
    on_hand = fields.Float(string="On Hand", digits="Product Unit", aggregator="sum")
    difference = fields.Float(digits="Product Unit", aggregator="sum")
    old_recovered = fields.Float(string="Old Parts Recovered", digits="Product Unit", aggregator="sum")
    old_returned = fields.Float(string="Old Parts Returned", digits="Product Unit", aggregator="sum")
    old_written_off = fields.Float(string="Old Parts Written Off", digits="Product Unit", aggregator="sum")
    unit_cost = fields.Float(digits="Product Price", aggregator="avg")
    value = fields.Monetary(aggregator="sum")
