"""A meter reading (里程 / 工时) of one unit: the kilometres of a vehicle or
the working hours of a machine, as read at a workshop reception, a field
visit or a maintenance. The vehicle 三包 windows ("whichever comes first")
and usage-based maintenance plans read them.

A unit's meter never goes back: a reading lower than the last one recorded
for the unit is refused. The reading is a system figure: the suite's steps
record it (``_record``) with its time and who read it, and nobody edits it
afterwards; a correction by a supervisor is not built yet."""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import user_datetime, user_number
from .aftersales_write_guard import suite_writes

READING_UNITS = [("km", "km"), ("hours", "h")]


class AftersalesMeterReading(models.Model):
    _name = "aftersales.meter.reading"
    _description = "Meter Reading"
    _inherit = ["aftersales.write.guard"]
    _order = "date desc, id desc"
    _check_company_auto = True

    lot_id = fields.Many2one(
        "stock.lot",
        string="Unit",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        help="The serial number or VIN of the unit.",
    )
    product_id = fields.Many2one(related="lot_id.product_id", store=True, index=True)
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True, default=lambda self: self.env.company
    )
    value = fields.Float(string="Reading", required=True, readonly=True, digits=(16, 1))
    unit = fields.Selection(READING_UNITS, string="Reading Unit", required=True, readonly=True)
    date = fields.Datetime(string="Read On", required=True, readonly=True, index=True)
    request_id = fields.Many2one(
        "aftersales.request",
        string="Source",
        readonly=True,
        index=True,
        ondelete="set null",
        help="The service request the reading was taken at.",
    )
    user_id = fields.Many2one("res.users", string="Read By", readonly=True)

    @api.depends("lot_id", "value", "unit")
    def _compute_display_name(self):
        units = dict(self._fields["unit"]._description_selection(self.env))
        for reading in self:
            value = user_number(self.env, reading.value, 1)
            reading.display_name = f"{reading.lot_id.name or ''}: {value} {units.get(reading.unit) or ''}"

    # ------------------------------------------------------------------ recording

    @api.model
    def _record(self, lot, value, request=None):
        """Records a reading of `lot` now, by the current user: the one way a
        reading is written. Refused for a product without a meter, or below
        the unit's last reading (constraint)."""
        unit = lot.product_id.aftersales_meter_unit
        if not unit or unit == "none":
            raise UserError(
                self.env._(
                    "%(product)s has no meter: set its meter (km or working hours) on the product first.",
                    product=lot.product_id.display_name,
                )
            )
        with suite_writes(self.env):
            return self.create(
                {
                    "lot_id": lot.id,
                    "company_id": (request.company_id if request else lot.company_id or self.env.company).id,
                    "value": value,
                    "unit": unit,
                    "date": fields.Datetime.now(),
                    "request_id": request.id if request else False,
                    "user_id": self.env.uid,
                }
            )

    @api.model
    def _last_readings(self, lots):
        """{lot id: its last reading}, one query for all of `lots` (every
        reading counts, whoever may read it)."""
        if not lots:
            return {}
        readings = self.sudo().search([("lot_id", "in", lots.ids)], order="date desc, id desc")
        last = {}
        for reading in readings:
            last.setdefault(reading.lot_id.id, reading)
        return {lot_id: reading.with_env(self.env) for lot_id, reading in last.items()}

    @api.constrains("value", "lot_id", "unit", "date")
    def _check_not_below_last(self):
        earlier = self.sudo().search(
            [("lot_id", "in", self.lot_id.ids), ("id", "not in", self.ids)], order="date desc, id desc"
        )
        for reading in self:
            if reading.value < 0:
                raise ValidationError(
                    self.env._(
                        "%(unit)s: a meter reading cannot be negative (%(value)s).",
                        unit=reading.lot_id.name,
                        value=user_number(self.env, reading.value, 1),
                    )
                )
            last = earlier.filtered(
                lambda r, reading=reading: (
                    r.lot_id == reading.lot_id and r.unit == reading.unit and r.date <= reading.date
                )
            )[:1]
            if last and reading.value < last.value:
                raise ValidationError(self._below_last_message(reading.lot_id, reading.value, last))

    @api.model
    def _below_last_message(self, lot, value, last):
        """The refusal of `value` for `lot`, below its `last` reading."""
        units = dict(self._fields["unit"]._description_selection(self.env))
        return self.env._(
            "%(unit)s (%(product)s): the meter reading %(value)s %(uom)s is lower than the last one "
            "recorded for the unit, %(last)s %(uom)s on %(date)s. A meter does not go back: check "
            "the reading.",
            unit=lot.name,
            product=lot.product_id.display_name,
            value=user_number(self.env, value, 1),
            last=user_number(self.env, last.value, 1),
            uom=units[last.unit],
            date=user_datetime(self.env, last.date),
        )
