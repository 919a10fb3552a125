import re

from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

from ..engine import geo
from ..engine.county_match import CountyIndex

ADMIN_CODE_RE = re.compile(r"^\d{6}$")


class AftersalesCounty(models.Model):
    """A county-level division (区/县/县级市) of China: the territory unit of
    the service network (dispatch areas, depots, KPIs)."""

    _name = "aftersales.county"
    _description = "County"
    _order = "code"
    _rec_names_search = ["name", "code", "city"]

    name = fields.Char(required=True, index=True)
    code = fields.Char(
        string="Administrative Code",
        required=True,
        help="6-digit administrative division code (GB/T 2260).",
    )
    city = fields.Char(string="Prefecture City", index=True)
    state_id = fields.Many2one(
        "res.country.state",
        string="Province",
        required=True,
        index=True,
        domain="[('country_id.code', '=', 'CN')]",
    )
    country_id = fields.Many2one(related="state_id.country_id", store=True)
    latitude = fields.Float(digits=(10, 6))
    longitude = fields.Float(digits=(10, 6))
    active = fields.Boolean(default=True)

    _code_unique = models.Constraint(
        "UNIQUE(code)", "Each administrative code can belong to one county only."
    )

    @api.depends("name", "city", "state_id")
    def _compute_display_name(self):
        for county in self:
            parent = county.city or county.state_id.name
            county.display_name = (
                f"{county.name} ({parent})" if parent and parent != county.name else county.name
            )

    @api.constrains("code")
    def _check_code(self):
        for county in self:
            if not ADMIN_CODE_RE.match(county.code or ""):
                raise ValidationError(
                    self.env._(
                        "County %(name)s: the administrative code %(code)s must be "
                        "exactly 6 digits (GB/T 2260), e.g. 110108.",
                        name=county.name,
                        code=county.code,
                    )
                )

    @api.constrains("latitude", "longitude")
    def _check_coordinates(self):
        for county in self:
            if not -90 <= county.latitude <= 90 or not -180 <= county.longitude <= 180:
                raise ValidationError(
                    self.env._(
                        "County %(name)s: latitude must lie between -90 and 90 and "
                        "longitude between -180 and 180.",
                        name=county.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        counties = super().create(vals_list)
        self.env.registry.clear_cache()
        return counties

    def write(self, vals):
        res = super().write(vals)
        if {"name", "city", "state_id", "active"} & set(vals):
            self.env.registry.clear_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res

    @tools.ormcache()
    def _get_county_index(self):
        """The address matcher over all active counties, built once per
        registry and reset whenever counties change."""
        self.env.cr.execute(
            """SELECT c.id, c.name, COALESCE(c.city, ''), s.name
                 FROM aftersales_county c
                 JOIN res_country_state s ON s.id = c.state_id
                WHERE c.active"""
        )
        return CountyIndex(self.env.cr.fetchall())

    @api.model
    def _address_text(self, record):
        """The address of a record with state_id, city, street and street2
        (a partner, a request) as one Chinese string, province first."""
        parts = [record.state_id.name, record.city, record.street, record.street2]
        return "".join(part for part in parts if part)

    @api.model
    def _match_record(self, record):
        """The county of a partner's or a request's address, or nothing."""
        return self._match_address(
            self._address_text(record), province=record.state_id.name, city=record.city
        )

    @api.model
    def _match_address(self, text, province=None, city=None):
        """The county found in a free-text Chinese address, or an empty
        recordset when none can be told apart."""
        county_id = self._get_county_index().match(text or "", province=province, city=city)
        return self.browse(county_id) if county_id else self.browse()

    def _point(self):
        """(lat, lon) of the county for the dispatch engines, or None."""
        if self and (self.latitude or self.longitude):
            return (self.latitude, self.longitude)
        return None

    @api.model
    def _distance_sql(self, a, b):
        """SQL twin of ``geo.haversine_km(a._point(), b._point())`` for two
        table aliases of county rows: great-circle km, NULL when either county
        has no coordinates (where `_point` gives None)."""
        known = " AND ".join(
            f"(COALESCE({x}.latitude, 0) <> 0 OR COALESCE({x}.longitude, 0) <> 0)" for x in (a, b)
        )
        km = geo.haversine_sql(f"{a}.latitude", f"{a}.longitude", f"{b}.latitude", f"{b}.longitude")
        return f"CASE WHEN {known} THEN {km} END"
