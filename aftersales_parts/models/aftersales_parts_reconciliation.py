"""Monthly reconciliation of a depot's parts ledger (配件对账).

For each part: opening, received, issued on requests, returned, other
outgoing, count adjustments, closing (the book), on hand at the end of the
month, the difference, and the old parts recovered, returned and written
off. Three statements whatever the number of parts."""

from datetime import datetime, time

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.addons.aftersales_service.models.aftersales_write_guard import is_suite_writing, suite_writes
from odoo.exceptions import UserError

from ..engine.ledger import LedgerRow, difference

LEDGER_SQL = """
    WITH stock_root AS (
        SELECT parent_path AS path FROM stock_location WHERE id = %(stock)s
    ), lines AS (
        SELECT ml.product_id, ml.date, m.aftersales_kind AS kind,
               COALESCE(m.is_inventory, FALSE) AS is_inventory,
               ml.quantity_product_uom AS qty,
               src.parent_path LIKE r.path || '%%' AS from_stock,
               dst.parent_path LIKE r.path || '%%' AS to_stock
          FROM stock_move_line ml
          JOIN stock_move m ON m.id = ml.move_id
          JOIN stock_location src ON src.id = ml.location_id
          JOIN stock_location dst ON dst.id = ml.location_dest_id
          CROSS JOIN stock_root r
         WHERE ml.state = 'done'
           AND (src.parent_path LIKE r.path || '%%' OR dst.parent_path LIKE r.path || '%%')
    ), crossing AS (
        SELECT *, CASE WHEN to_stock THEN qty ELSE -qty END AS signed,
               date >= %(start)s AND date < %(end)s AS in_month
          FROM lines WHERE from_stock <> to_stock
    )
    SELECT product_id,
           SUM(CASE WHEN date < %(start)s THEN signed ELSE 0 END),
           SUM(CASE WHEN in_month AND to_stock AND NOT is_inventory
                     AND kind IS DISTINCT FROM 'return' THEN qty ELSE 0 END),
           SUM(CASE WHEN in_month AND from_stock AND NOT is_inventory
                     AND kind IN ('issue', 'consume') THEN qty ELSE 0 END),
           SUM(CASE WHEN in_month AND to_stock AND kind = 'return' THEN qty ELSE 0 END),
           SUM(CASE WHEN in_month AND from_stock AND NOT is_inventory
                     AND kind IS DISTINCT FROM 'issue' AND kind IS DISTINCT FROM 'consume'
                    THEN qty ELSE 0 END),
           SUM(CASE WHEN in_month AND is_inventory THEN signed ELSE 0 END),
           SUM(CASE WHEN date >= %(end)s THEN signed ELSE 0 END)
      FROM crossing
     GROUP BY product_id
"""

OLD_PARTS_SQL = """
    SELECT m.product_id,
           SUM(CASE WHEN m.aftersales_kind = 'old_in' THEN m.quantity ELSE 0 END),
           SUM(CASE WHEN m.aftersales_kind IN ('old_central', 'old_supplier') THEN m.quantity ELSE 0 END),
           SUM(CASE WHEN m.aftersales_kind = 'old_scrap' THEN m.quantity ELSE 0 END)
      FROM stock_move m
     WHERE m.state = 'done' AND m.aftersales_depot_id = %(depot)s
       AND m.aftersales_kind IN ('old_in', 'old_central', 'old_supplier', 'old_scrap')
       AND m.date >= %(start)s AND m.date < %(end)s
     GROUP BY m.product_id
"""


# action -> (states it starts from, state it ends in)
TRANSITIONS = {
    "confirm": (("draft",), "done"),
    "reset": (("done",), "draft"),
}


class AftersalesPartsReconciliation(models.Model):
    _name = "aftersales.parts.reconciliation"
    _description = "Depot Parts Reconciliation"
    _inherit = ["aftersales.workflow.mixin", "mail.thread"]
    _transitions = TRANSITIONS
    _order = "date_from desc, depot_id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    depot_id = fields.Many2one(
        "stock.warehouse",
        string="Depot",
        required=True,
        check_company=True,
        index=True,
        domain=[("aftersales_is_depot", "=", True)],
    )
    date_from = fields.Date(
        string="Month",
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
    )
    date_to = fields.Date(compute="_compute_date_to", store=True)
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Confirmed")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
    )
    line_ids = fields.One2many("aftersales.parts.reconciliation.line", "reconciliation_id")
    total_value = fields.Monetary(compute="_compute_totals", store=True, tracking=True)
    difference_count = fields.Integer(
        string="Parts with a Difference", compute="_compute_totals", store=True, tracking=True
    )

    _depot_month_unique = models.Constraint(
        "UNIQUE(depot_id, date_from)", "A depot is reconciled once per month."
    )

    @api.depends("depot_id", "date_from")
    def _compute_name(self):
        for rec in self:
            month = rec.date_from.strftime("%Y-%m") if rec.date_from else ""
            rec.name = f"{rec.depot_id.name or ''} {month}".strip()

    @api.depends("date_from")
    def _compute_date_to(self):
        for rec in self:
            rec.date_to = rec.date_from and rec.date_from + relativedelta(months=1, days=-1)

    @api.depends("line_ids.value", "line_ids.difference")
    def _compute_totals(self):
        for rec in self:
            rec.total_value = sum(rec.line_ids.mapped("value"))
            rec.difference_count = len(rec.line_ids.filtered("difference"))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("date_from"):
                vals["date_from"] = fields.Date.to_date(vals["date_from"]).replace(day=1)
        return super().create(vals_list)

    def write(self, vals):
        """The depot and the month change only on a draft; the lines computed
        for the old ones go (Compute or Confirm computes them again)."""
        if vals.get("date_from"):
            vals = {**vals, "date_from": fields.Date.to_date(vals["date_from"]).replace(day=1)}
        moved = [name for name in ("depot_id", "date_from") if name in vals]
        if not moved or is_suite_writing(self.env):
            return super().write(vals)
        changed = self.filtered(lambda r: not all(r._unchanged(name, vals[name], False) for name in moved))
        confirmed = changed.filtered(lambda r: r.state != "draft")
        if confirmed:
            raise UserError(
                self.env._(
                    "%(name)s is confirmed: its depot and month cannot change; reset it to draft first.",
                    name=confirmed[0].name,
                )
            )
        result = super().write(vals)
        changed.line_ids.sudo().unlink()
        return result

    def _bounds(self):
        """The month as naive UTC datetimes, midnight to midnight in the user's zone."""
        tz = pytz.timezone(self.env.user.tz or "Asia/Shanghai")
        start = self.date_from
        end = start + relativedelta(months=1)
        return tuple(
            tz.localize(datetime.combine(day, time.min)).astimezone(pytz.utc).replace(tzinfo=None)
            for day in (start, end)
        )

    def action_compute(self):
        """Recompute the lines of the month from the stock moves. Keepers read
        the lines but never write them by hand: whoever may change the
        reconciliation has its lines rewritten here, as superuser."""
        self.check_access("write")
        for rec in self:
            if rec.state == "done":
                raise UserError(
                    self.env._("%(name)s is confirmed; reset it to draft to compute it again.", name=rec.name)
                )
            rec.line_ids.sudo().unlink()
            with suite_writes(self.env):
                self.env["aftersales.parts.reconciliation.line"].sudo().create(rec._ledger_lines())
        return True

    @api.model
    def _transition_labels(self):
        return {"confirm": self.env._("confirm"), "reset": self.env._("reset to draft")}

    def _workflow_record_names(self):
        return self.env._("reconciliation %(names)s", names=", ".join(self.mapped("name")))

    def action_confirm(self):
        self._check_transition("confirm")
        self.filtered(lambda r: not r.line_ids).action_compute()
        return self._move_to("confirm")

    def action_reset(self):
        return self._move_to("reset")

    def action_print(self):
        return self.env.ref("aftersales_parts.action_report_parts_reconciliation").report_action(self)

    def _ledger_lines(self):
        self.ensure_one()
        self.env.flush_all()
        start, end = self._bounds()
        stock = self.depot_id.lot_stock_id
        params = {"stock": stock.id, "depot": self.depot_id.id, "start": start, "end": end}
        self.env.cr.execute(LEDGER_SQL, params)
        moves = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        self.env.cr.execute(OLD_PARTS_SQL, params)
        old = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        on_hand = dict(
            self.env["stock.quant"]._read_group(
                [("location_id", "child_of", stock.id)], ["product_id"], ["quantity:sum"]
            )
        )
        on_hand = {product.id: qty for product, qty in on_hand.items()}
        products = self.env["product.product"].browse(sorted(set(moves) | set(old) | set(on_hand)))
        return [
            self._ledger_line(p, moves.get(p.id), old.get(p.id), on_hand.get(p.id, 0.0)) for p in products
        ]

    def _ledger_line(self, product, moves, old, on_hand):
        opening, received, issued, returned, other_out, adjusted, after = moves or (0.0,) * 7
        row = LedgerRow(opening, received, issued, returned, other_out, adjusted)
        on_hand_at_end = on_hand - after
        recovered, old_returned, written_off = old or (0.0,) * 3
        return {
            "reconciliation_id": self.id,
            "product_id": product.id,
            "opening": opening,
            "received": received,
            "issued": issued,
            "returned": returned,
            "other_out": other_out,
            "adjusted": adjusted,
            "closing": row.closing,
            "on_hand": on_hand_at_end,
            "difference": difference(row, on_hand_at_end),
            "old_recovered": recovered,
            "old_returned": old_returned,
            "old_written_off": written_off,
            "unit_cost": product.standard_price,
            "value": row.closing * product.standard_price,
        }
