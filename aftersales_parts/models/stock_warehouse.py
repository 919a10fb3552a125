"""A spare-part depot is a stock.warehouse flagged as such: the counties it
covers, its parent in the central -> city -> county hierarchy, its keeper,
and a location for the old parts it recovers."""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

DEPOT_LEVELS = [("central", "Central"), ("city", "City"), ("county", "County")]
# The most local depot wins when several cover a county.
LEVEL_RANK = {"county": 0, "city": 1, "central": 2}

# One statement for the whole search: available quantity per depot (stock
# subtree only, vans excluded), great-circle distance from the requesting
# depot's county (aftersales.county._distance_sql, the SQL twin of the
# engines' geo.haversine_km), nearest first.
NEAREST_DEPOTS_SQL = """
    WITH origin AS (
        SELECT c.latitude, c.longitude
          FROM stock_warehouse w
          JOIN aftersales_county c ON c.id = w.aftersales_county_id
         WHERE w.id = %(origin)s
    ), available AS (
        SELECT w.id AS depot_id, SUM(q.quantity - q.reserved_quantity) AS qty
          FROM stock_quant q
          JOIN stock_location l ON l.id = q.location_id
          JOIN stock_warehouse w ON w.id = l.warehouse_id
          JOIN stock_location s ON s.id = w.lot_stock_id
         WHERE q.product_id = %(product)s
           AND l.usage = 'internal'
           AND l.parent_path LIKE s.parent_path || '%%'
           AND w.aftersales_is_depot AND w.active
           AND w.company_id = %(company)s
           AND w.id <> %(origin)s
         GROUP BY w.id
        HAVING SUM(q.quantity - q.reserved_quantity) >= %(qty)s
    )
    SELECT a.depot_id, a.qty, {distance_km} AS km
      FROM available a
      JOIN stock_warehouse w ON w.id = a.depot_id
      LEFT JOIN aftersales_county c ON c.id = w.aftersales_county_id
      LEFT JOIN origin o ON TRUE
     ORDER BY km ASC NULLS LAST, a.qty DESC, a.depot_id
     LIMIT %(limit)s
"""


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    aftersales_is_depot = fields.Boolean(
        string="Spare-Part Depot",
        index=True,
        help="Issues spare parts to service requests of the counties it covers.",
    )
    aftersales_level = fields.Selection(DEPOT_LEVELS, string="Depot Level", default="county")
    aftersales_parent_id = fields.Many2one(
        "stock.warehouse",
        string="Parent Depot",
        index=True,
        check_company=True,
        domain=[("aftersales_is_depot", "=", True)],
    )
    aftersales_child_ids = fields.One2many("stock.warehouse", "aftersales_parent_id", string="Sub-Depots")
    aftersales_county_id = fields.Many2one(
        "aftersales.county",
        string="Depot County",
        help="Where the depot stands: distances to other depots are measured from here.",
    )
    aftersales_county_ids = fields.Many2many(
        "aftersales.county",
        "aftersales_depot_county_rel",
        "warehouse_id",
        "county_id",
        string="Counties Covered",
    )
    aftersales_keeper_id = fields.Many2one(
        "res.users",
        string="Depot Keeper",
        index=True,
        help="Keeps the depot's parts ledger: issues, returns, old parts, reconciliation.",
    )
    aftersales_old_parts_location_id = fields.Many2one(
        "stock.location",
        string="Old-Parts Location",
        readonly=True,
        copy=False,
        help="Old parts recovered from customers wait here for their disposition.",
    )
    aftersales_field_location_id = fields.Many2one(
        "stock.location",
        string="Parts Out on Jobs",
        readonly=True,
        copy=False,
        help="Parts handed to a technician without a van wait here until used or returned.",
    )

    @api.constrains("aftersales_parent_id")
    def _check_aftersales_parent(self):
        if self._has_cycle("aftersales_parent_id"):
            raise ValidationError(self.env._("A depot cannot be its own parent depot."))

    @api.model_create_multi
    def create(self, vals_list):
        warehouses = super().create(vals_list)
        warehouses.filtered("aftersales_is_depot")._aftersales_ensure_locations()
        return warehouses

    def write(self, vals):
        res = super().write(vals)
        if vals.get("aftersales_is_depot"):
            self._aftersales_ensure_locations()
        return res

    def _aftersales_ensure_locations(self):
        """Create the old-parts and on-job locations the depot still lacks."""
        Location = self.env["stock.location"].sudo()
        for depot in self:
            if not depot.aftersales_old_parts_location_id:
                depot.aftersales_old_parts_location_id = Location.create(
                    {
                        "name": self.env._("Old Parts"),
                        "usage": "inventory",
                        "location_id": depot.view_location_id.id,
                        "company_id": depot.company_id.id,
                    }
                )
            if not depot.aftersales_field_location_id:
                depot.aftersales_field_location_id = Location.create(
                    {
                        "name": self.env._("Out on Jobs"),
                        "usage": "internal",
                        "location_id": depot.view_location_id.id,
                        "company_id": depot.company_id.id,
                    }
                )

    # ------------------------------------------------------------------ lookup

    @api.model
    def _aftersales_depots_for_counties(self, counties):
        """{county id: depot} for the given counties: the most local depot
        covering the county, else one covering a county of the same city,
        else the company's central depot. Two queries for any number of
        counties."""
        depots = self.search(
            [
                ("aftersales_is_depot", "=", True),
                "|",
                ("aftersales_county_ids", "in", counties.ids),
                ("aftersales_county_ids.city", "in", [c for c in set(counties.mapped("city")) if c]),
            ]
        )
        depots = depots.sorted(lambda d: (LEVEL_RANK.get(d.aftersales_level, 3), d.id))
        by_county, by_city = {}, {}
        for depot in depots:
            for county in depot.aftersales_county_ids:
                by_county.setdefault(county.id, depot)
                if county.city:
                    by_city.setdefault(county.city, depot)
        central = self.env.company.aftersales_central_depot_id
        return {
            county.id: by_county.get(county.id) or by_city.get(county.city) or central for county in counties
        }

    def _aftersales_central(self):
        """The top of the depot's hierarchy, or the company's central depot."""
        self.ensure_one()
        depot, seen = self, set()
        while depot.aftersales_parent_id and depot.id not in seen:
            seen.add(depot.id)
            depot = depot.aftersales_parent_id
        if depot.aftersales_level == "central":
            return depot
        return self.company_id.aftersales_central_depot_id or depot

    def _aftersales_nearest_with_stock(self, product, quantity, limit=None):
        """Depots of the same company, other than this one, whose stock holds
        at least `quantity` of `product` available, nearest first:
        [(depot, available quantity, km or None)]. One SQL statement."""
        self.ensure_one()
        if quantity <= 0:
            raise UserError(self.env._("The quantity looked for must be positive."))
        self.env["stock.quant"].flush_model()
        self.env["stock.location"].flush_model(["parent_path", "warehouse_id", "usage"])
        self.flush_model()
        query = NEAREST_DEPOTS_SQL.replace(
            "{distance_km}", self.env["aftersales.county"]._distance_sql("o", "c")
        )
        self.env.cr.execute(
            query,
            {
                "origin": self.id,
                "product": product.id,
                "company": self.company_id.id,
                "qty": quantity,
                "limit": limit or self.company_id.aftersales_nearest_depot_limit or 5,
            },
        )
        rows = self.env.cr.fetchall()
        depots = self.browse([row[0] for row in rows])
        return [
            (depot, qty, round(km, 1) if km is not None else None)
            for depot, (_id, qty, km) in zip(depots, rows, strict=True)
        ]

    @api.private
    def action_aftersales_make_depot(self):
        self.write({"aftersales_is_depot": True})
        return True
