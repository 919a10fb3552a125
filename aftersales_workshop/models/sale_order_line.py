"""A line of a workshop quotation carries one estimate line to the customer.

No delivery: its part moves once in stock, through the request's part line
(issue, use, return), as Odoo's `repair` keeps a repair's parts out of the
sale's pickings. Its delivered quantity is what the job delivered (the part
used, the labour charged), and it is invoiced on that quantity whatever the
product's invoicing policy, so the bill shows what was used."""

from odoo import api, fields, models
from odoo.addons.aftersales_service.models.aftersales_write_guard import is_suite_writing, suite_writes
from odoo.exceptions import UserError

# What the customer signs: changed only through the job's estimate.
SIGNED_FIELDS = frozenset({"product_id", "product_uom_qty", "product_uom_id", "price_unit", "discount"})


def _delivered_manually(lines):
    """Uninstall: the workshop's lines keep their delivered quantities, now
    manual (the suite writing its own system field: a client may not)."""
    with suite_writes(lines.env):
        lines.write({"qty_delivered_method": "manual"})


class SaleOrderLine(models.Model):
    _name = "sale.order.line"
    _inherit = ["sale.order.line", "aftersales.write.guard"]

    aftersales_workshop_line_id = fields.Many2one(
        "aftersales.workshop.line",
        string="Workshop Estimate Line",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
    )
    aftersales_free = fields.Boolean(string="Free (三包)", readonly=True, copy=False)
    qty_delivered_method = fields.Selection(
        selection_add=[("aftersales_workshop", "Workshop Job")],
        ondelete={"aftersales_workshop": _delivered_manually},
    )

    @api.depends("aftersales_workshop_line_id")
    def _compute_qty_delivered_method(self):
        result = super()._compute_qty_delivered_method()
        for line in self.filtered("aftersales_workshop_line_id"):
            line.qty_delivered_method = "aftersales_workshop"
        return result

    @api.depends("aftersales_workshop_line_id.qty_delivered", "aftersales_workshop_line_id.sale_line_id")
    def _compute_qty_delivered(self):
        return super()._compute_qty_delivered()

    def _prepare_qty_delivered(self):
        delivered = super()._prepare_qty_delivered()
        for line in self.filtered(lambda ln: ln.qty_delivered_method == "aftersales_workshop"):
            item = line.aftersales_workshop_line_id
            delivered[line] = item.qty_delivered if item.sale_line_id == line else 0.0
        return delivered

    @api.depends("aftersales_workshop_line_id")
    def _compute_qty_to_invoice(self):
        result = super()._compute_qty_to_invoice()
        for line in self.filtered(lambda ln: ln.aftersales_workshop_line_id and ln.state == "sale"):
            line.qty_to_invoice = line.qty_delivered - line.qty_invoiced
        return result

    def _action_launch_stock_rule(self, **kwargs):
        # The workshop's parts move through the request's part lines only.
        others = self.filtered(lambda ln: not ln.aftersales_workshop_line_id)
        return super(SaleOrderLine, others)._action_launch_stock_rule(**kwargs)

    def _aftersales_differs_from(self, item):
        self.ensure_one()
        currency = self.currency_id or self.company_id.currency_id
        return (
            self.product_id != item.product_id
            or self.product_uom_id.compare(self.product_uom_qty, item.quantity) != 0
            or currency.compare_amounts(self.price_unit, item.price_unit) != 0
            or self.discount != (100.0 if item.free else 0.0)
        )

    # ------------------------------------------------------------------ guard

    def _check_workshop_lines(self, orders, names):
        if is_suite_writing(self.env) or not orders.filtered("aftersales_workshop_job_id"):
            return
        order = orders.filtered("aftersales_workshop_job_id")[0]
        raise UserError(
            self.env._(
                "%(order)s is the quotation of workshop job %(job)s: its items and prices change only "
                "through the job's estimate (%(fields)s).",
                order=order.name,
                job=order.aftersales_workshop_job_id.name,
                fields=self._field_labels(sorted(names)),
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        product_vals = [
            vals for vals in vals_list if not vals.get("display_type") and not vals.get("is_downpayment")
        ]
        orders = self.env["sale.order"].browse({vals.get("order_id") for vals in product_vals} - {None})
        self._check_workshop_lines(orders, {"product_id"})
        return super().create(vals_list)

    def write(self, vals):
        signed = SIGNED_FIELDS & set(vals)
        if signed:
            changed = [name for name in signed if not self._unchanged(name, vals[name], False)]
            if changed:
                self._check_workshop_lines(self.order_id, changed)
        return super().write(vals)
