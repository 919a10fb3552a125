"""The workshop dashboard (看板): the jobs by status with their counts, and
the two conditions that cut across the statuses, late against the promise
(`is_late`, aftersales_workshop_job_promise.py) and waiting for parts.

A job **waits for parts** when it is in work and either
- a part the customer consented to is planned on its request, not yet
  issued, and the workshop's depot has less of it free than planned, or
- an emergency parts transfer of its request is still open (draft, to
  approve or approved, not yet received).

`waiting_parts` is computed for the shown jobs in one query, and searchable
(the dashboard's filter) with one query whatever the number of jobs."""

from odoo import api, fields, models
from odoo.tools import SQL

OPEN_TRANSFER_STATES = ("draft", "to_approve", "approved")
DASHBOARD_STATES = ("consent", "in_work", "qc", "ready")


class AftersalesWorkshopJobDashboard(models.Model):
    _inherit = "aftersales.workshop.job"

    waiting_parts = fields.Boolean(
        string="Waiting for Parts",
        compute="_compute_waiting_parts",
        search="_search_waiting_parts",
        help="In work, and a consented part is short at the workshop's depot, or an emergency "
        "transfer of its request is still open.",
    )

    def _waiting_parts_sql(self, ids=None):
        """The ids of the jobs waiting for parts (among `ids` when given)."""
        only = SQL("AND j.id = ANY(%s)", list(ids)) if ids is not None else SQL()
        return SQL(
            """
            WITH need AS (
                SELECT j.id AS job_id, pl.product_id, sl.parent_path, SUM(pl.planned_qty) AS qty
                  FROM aftersales_workshop_job j
                  JOIN aftersales_part_line pl ON pl.request_id = j.request_id
                       AND pl.state = 'planned' AND pl.workshop_line_id IS NOT NULL
                  JOIN aftersales_workshop w ON w.id = j.workshop_id
                  JOIN stock_warehouse wh ON wh.id = w.depot_id
                  JOIN stock_location sl ON sl.id = wh.lot_stock_id
                 WHERE j.state = 'in_work' %(only)s
              GROUP BY j.id, pl.product_id, sl.parent_path
            )
            SELECT need.job_id FROM need
             WHERE need.qty > COALESCE((
                   SELECT SUM(q.quantity - q.reserved_quantity)
                     FROM stock_quant q
                     JOIN stock_location l ON l.id = q.location_id
                    WHERE q.product_id = need.product_id AND l.parent_path LIKE need.parent_path || '%%'
                   ), 0)
            UNION
            SELECT j.id FROM aftersales_workshop_job j
              JOIN aftersales_parts_transfer t ON t.request_id = j.request_id
             WHERE j.state = 'in_work' AND t.state IN %(open)s %(only)s
            """,
            only=only,
            open=OPEN_TRANSFER_STATES,
        )

    def _waiting_parts_ids(self, ids=None):
        self.env.flush_all()
        self.env.cr.execute(self._waiting_parts_sql(ids))
        return {row[0] for row in self.env.cr.fetchall()}

    @api.depends("state")
    def _compute_waiting_parts(self):
        waiting = self._waiting_parts_ids(self.ids) if self.ids else set()
        for job in self:
            job.waiting_parts = job.id in waiting

    def _search_waiting_parts(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        ids = list(self._waiting_parts_ids())
        return [("id", "in" if (operator == "=") == value else "not in", ids)]

    @api.model
    @api.private
    def workshop_dashboard_counts(self, domain=None):
        """The dashboard's counters, for the user's jobs matching `domain`:
        one grouped count by status, and one count each for the late jobs
        and the jobs waiting for parts."""
        domain = list(domain or [])
        by_state = dict(
            self._read_group([*domain, ("state", "in", DASHBOARD_STATES)], ["state"], ["__count"])
        )
        return {
            "consent": by_state.get("consent", 0),
            "in_work": by_state.get("in_work", 0),
            "waiting_parts": self.search_count([*domain, ("waiting_parts", "=", True)]),
            "qc": by_state.get("qc", 0),
            "ready": by_state.get("ready", 0),
            "late": self.search_count([*domain, ("is_late", "=", True)]),
        }
