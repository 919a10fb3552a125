"""Suggest reorder rules (min / max) for the wear parts of depots from their
consumption on requests over the last days (a setting, 90 by default)."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..engine.replenishment import NO_HISTORY, ReplenishmentError, suggest_min_max


class AftersalesReplenishmentWizard(models.TransientModel):
    _name = "aftersales.replenishment.wizard"
    _description = "Suggest Depot Reorder Rules"

    depot_ids = fields.Many2many(
        "stock.warehouse",
        string="Depots",
        domain=[("aftersales_is_depot", "=", True)],
        default=lambda self: self.env["stock.warehouse"].search([("aftersales_is_depot", "=", True)]),
    )
    part_class = fields.Selection(
        [("wear", "Wear Parts"), ("all", "All Spare Parts")], default="wear", required=True
    )
    history_days = fields.Integer(
        default=lambda self: self.env.company.aftersales_replenish_history_days, required=True
    )
    lead_days = fields.Integer(
        default=lambda self: self.env.company.aftersales_replenish_lead_days, required=True
    )
    cover_days = fields.Integer(
        default=lambda self: self.env.company.aftersales_replenish_cover_days, required=True
    )
    line_ids = fields.One2many("aftersales.replenishment.wizard.line", "wizard_id")

    def action_suggest(self):
        self.ensure_one()
        self.line_ids = [(5, 0, 0)] + [(0, 0, vals) for vals in self._suggestions()]
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def _consumption(self):
        """{(depot, product): quantity used on requests} over the history, one query."""
        domain = [
            ("state", "=", "done"),
            ("aftersales_kind", "=", "consume"),
            ("aftersales_depot_id", "in", self.depot_ids.ids),
            ("date", ">=", fields.Datetime.now() - timedelta(days=self.history_days)),
            ("product_id.aftersales_is_spare_part", "=", True),
        ]
        if self.part_class == "wear":
            domain.append(("product_id.aftersales_part_class", "=", "wear"))
        groups = self.env["stock.move"]._read_group(
            domain, ["aftersales_depot_id", "product_id"], ["product_qty:sum"]
        )
        return {(depot, product): qty for depot, product, qty in groups}

    def _suggestions(self):
        consumption = self._consumption()
        rules = self.env["stock.warehouse.orderpoint"].search(
            [
                ("warehouse_id", "in", self.depot_ids.ids),
                ("product_id", "in", list({p.id for _d, p in consumption})),
            ]
        )
        rule_of = {(r.warehouse_id, r.product_id): r for r in rules}
        lines = []
        for (depot, product), consumed in consumption.items():
            suggestion = self._suggest(consumed)
            rule = rule_of.get((depot, product))
            lines.append(
                {
                    "depot_id": depot.id,
                    "product_id": product.id,
                    "consumed_qty": consumed,
                    "min_qty": suggestion.min_qty,
                    "max_qty": suggestion.max_qty,
                    "orderpoint_id": rule.id if rule else False,
                    "current_min_qty": rule.product_min_qty if rule else 0.0,
                    "current_max_qty": rule.product_max_qty if rule else 0.0,
                }
            )
        return lines

    def _suggest(self, consumed):
        try:
            return suggest_min_max(consumed, self.history_days, self.lead_days, self.cover_days)
        except ReplenishmentError as error:
            if error.code == NO_HISTORY:
                raise UserError(
                    self.env._(
                        "The consumption history must cover at least one day (it covers %(days)s).",
                        days=self.history_days,
                    )
                ) from error
            raise UserError(
                self.env._(
                    "The lead days (%(lead)s) and the cover days (%(cover)s) cannot be negative.",
                    lead=self.lead_days,
                    cover=self.cover_days,
                )
            ) from error

    def action_apply(self):
        """Create or update the depots' reorder rules with the suggestions."""
        self.ensure_one()
        Orderpoint = self.env["stock.warehouse.orderpoint"]
        for line in self.line_ids.filtered("apply"):
            values = {"product_min_qty": line.min_qty, "product_max_qty": line.max_qty}
            if line.orderpoint_id:
                line.orderpoint_id.write(values)
            else:
                Orderpoint.create(
                    {
                        **values,
                        "warehouse_id": line.depot_id.id,
                        "location_id": line.depot_id.lot_stock_id.id,
                        "product_id": line.product_id.id,
                        "trigger": "auto",
                    }
                )
        return {"type": "ir.actions.act_window_close"}


class AftersalesReplenishmentWizardLine(models.TransientModel):
    _name = "aftersales.replenishment.wizard.line"
    _description = "Suggested Depot Reorder Rule"

    wizard_id = fields.Many2one("aftersales.replenishment.wizard", required=True, ondelete="cascade")
    apply = fields.Boolean(default=True)
    depot_id = fields.Many2one("stock.warehouse", string="Depot", readonly=True)
    product_id = fields.Many2one("product.product", string="Part", readonly=True)
    consumed_qty = fields.Float(string="Used", digits="Product Unit", readonly=True)
    min_qty = fields.Float(string="Suggested Min", digits="Product Unit")
    max_qty = fields.Float(string="Suggested Max", digits="Product Unit")
    orderpoint_id = fields.Many2one("stock.warehouse.orderpoint", readonly=True)
    current_min_qty = fields.Float(string="Current Min", digits="Product Unit", readonly=True)
    current_max_qty = fields.Float(string="Current Max", digits="Product Unit", readonly=True)

    @api.constrains("min_qty", "max_qty")
    def _check_min_max(self):
        for line in self:
            if line.min_qty < 0 or line.max_qty < line.min_qty:
                raise ValidationError(
                    self.env._(
                        "%(part)s: the minimum cannot be negative nor above the maximum.",
                        part=line.product_id.display_name,
                    )
                )
