"""The after-sales settings of a product: whether its units carry a meter
(a vehicle's odometer in km, a machine's hour counter) whose readings the
suite records at each service."""

from odoo import fields, models

METER_UNITS = [("none", "No Meter"), ("km", "Kilometres"), ("hours", "Working Hours")]


class ProductTemplate(models.Model):
    _inherit = "product.template"

    aftersales_meter_unit = fields.Selection(
        METER_UNITS,
        string="Meter",
        default="none",
        required=True,
        help="What the unit's meter counts: a reading is recorded at each reception, "
        "and a reading lower than the last one of the unit is refused.",
    )
