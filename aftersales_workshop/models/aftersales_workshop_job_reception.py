"""The reception record (接车登记表) of a workshop job: the unit's condition,
what the customer left with it, its meter reading, photos and the
customer's own words, signed by the customer at the counter.

The advisor writes it; the customer's signature closes it. The signing
time and the meter reading are system figures, set by the
``sign_reception`` step; once signed, the record no longer changes (only
the belongings' "returned" tick, at handover)."""

from odoo import api, fields, models
from odoo.addons.aftersales_service.tools import user_number
from odoo.exceptions import UserError, ValidationError

# The fields of the signed record: frozen once the customer has signed.
RECEPTION_FIELDS = (
    "reception_condition",
    "reception_damage",
    "reception_missing",
    "customer_words",
    "meter_value",
    "reception_photo_ids",
    "reception_signature",
    "reception_signed_by",
)


# The head of the record: which request's unit is received, at which
# workshop, by which advisor.
RECEPTION_HEAD = ("request_id", "workshop_id", "advisor_id")


class AftersalesWorkshopJobReception(models.Model):
    _inherit = "aftersales.workshop.job"
    _field_roles = dict.fromkeys((*RECEPTION_HEAD, *RECEPTION_FIELDS), ("advisor",))

    reception_condition = fields.Text(
        string="Condition", help="The unit's exterior and general condition as received."
    )
    reception_damage = fields.Text(string="Damage", help="Scratches, dents, cracks found at reception.")
    reception_missing = fields.Text(string="Missing Parts", help="Parts missing from the unit at reception.")
    customer_words = fields.Text(
        string="Customer's Own Words", help="The fault and the requests, as the customer says them."
    )
    belonging_ids = fields.One2many(
        "aftersales.workshop.belonging", "job_id", string="Belongings and Accessories"
    )
    meter_unit = fields.Selection(related="product_id.aftersales_meter_unit", string="Meter")
    meter_value = fields.Float(string="Meter Reading", digits=(16, 1))
    meter_reading_id = fields.Many2one(
        "aftersales.meter.reading", string="Recorded Reading", readonly=True, copy=False
    )
    last_meter_reading_id = fields.Many2one(
        "aftersales.meter.reading", string="Last Reading", compute="_compute_last_meter_reading_id"
    )
    reception_photo_ids = fields.Many2many(
        "ir.attachment",
        "aftersales_workshop_job_reception_photo_rel",
        "job_id",
        "attachment_id",
        string="Photos",
        copy=False,
    )
    reception_signature = fields.Image(
        string="Customer Signature", max_width=1024, max_height=1024, copy=False, attachment=True
    )
    reception_signed_by = fields.Char(string="Reception Signed By", copy=False)
    reception_signed_on = fields.Datetime(
        string="Reception Signed On", readonly=True, copy=False, tracking=True
    )

    @api.constrains("meter_value")
    def _check_meter_value(self):
        negative = self.filtered(lambda job: job.meter_value < 0)
        if negative:
            raise ValidationError(
                self.env._(
                    "%(job)s: the meter reading cannot be negative (%(value)s).",
                    job=negative[0].name,
                    value=user_number(self.env, negative[0].meter_value, 1),
                )
            )

    @api.depends("lot_id")
    def _compute_last_meter_reading_id(self):
        last = self.env["aftersales.meter.reading"]._last_readings(self.lot_id)
        for job in self:
            reading = last.get(job.lot_id.id)
            job.last_meter_reading_id = reading if reading and reading != job.meter_reading_id else False

    # ------------------------------------------------------------------ the signed record is closed

    def _check_client_values(self, vals, creating=False):
        if not creating:
            self._check_reception_open(vals)
        return super()._check_client_values(vals, creating=creating)

    def _check_reception_open(self, vals):
        changed = [
            name
            for name in RECEPTION_FIELDS
            if name in vals and not self._reception_unchanged(name, vals[name])
        ]
        signed = self.filtered("reception_signed_on")
        if changed and signed:
            raise UserError(
                self.env._(
                    "The reception record of %(jobs)s is signed by the customer: %(fields)s can no longer change.",
                    jobs=", ".join(signed.mapped("name")),
                    fields=self._field_labels(changed),
                )
            )

    def _reception_unchanged(self, name, value):
        if self._fields[name].type == "many2many":
            return False
        return self._unchanged(name, value, False)

    # ------------------------------------------------------------------ signing

    def _check_reception_complete(self):
        """The gates of the `sign_reception` step: the customer's signature,
        and on a unit with a meter, its serial / VIN and a reading not below
        the unit's last one."""
        unsigned = self.filtered(lambda job: not job.reception_signature)
        if unsigned:
            raise UserError(
                self.env._(
                    "The customer signs the reception record of %(jobs)s before it moves on: "
                    "have them sign it on the Reception page.",
                    jobs=", ".join(unsigned.mapped("name")),
                )
            )
        metered = self.filtered(lambda job: job.meter_unit and job.meter_unit != "none")
        for job in metered:
            if not job.lot_id:
                raise UserError(
                    self.env._(
                        "%(job)s: give the serial number or VIN of the unit on its service request; "
                        "its meter reading is recorded per unit.",
                        job=job.name,
                    )
                )
            if job.meter_value <= 0:
                raise UserError(
                    self.env._(
                        "%(job)s: enter the meter reading of %(product)s (%(unit)s) before the customer signs.",
                        job=job.name,
                        product=job.product_id.display_name,
                        unit=dict(job._fields["meter_unit"]._description_selection(self.env))[job.meter_unit],
                    )
                )
        Reading = self.env["aftersales.meter.reading"]
        last = Reading._last_readings(metered.lot_id)
        for job in metered:
            previous = last.get(job.lot_id.id)
            if previous and job.meter_value < previous.value:
                raise ValidationError(Reading._below_last_message(job.lot_id, job.meter_value, previous))

    def _reception_sign_values(self):
        """{job id: the figures the signature sets}."""
        now = fields.Datetime.now()
        return {
            job.id: {
                "reception_signed_on": now,
                "reception_signed_by": job.reception_signed_by
                or job.request_id.contact_name
                or job.partner_id.name,
            }
            for job in self
        }

    def _check_transition(self, action):
        result = super()._check_transition(action)
        if action == "deliver":
            self._check_belongings_returned()
        return result

    def _check_belongings_returned(self):
        """At handover, what the customer left with the unit goes back."""
        for job in self:
            kept = job.belonging_ids.filtered(lambda line: not line.returned)
            if kept:
                raise UserError(
                    self.env._(
                        "Hand %(items)s back to the customer of %(job)s and tick them as returned before "
                        "the handover.",
                        items=", ".join(kept.mapped("name")),
                        job=job.name,
                    )
                )

    def _on_transition(self, action, previous):
        result = super()._on_transition(action, previous)
        if action == "sign_reception":
            self._record_meter_readings()
        return result

    def _record_meter_readings(self):
        Reading = self.env["aftersales.meter.reading"]
        for job in self.filtered(lambda job: job.meter_unit and job.meter_unit != "none"):
            job.meter_reading_id = Reading._record(job.lot_id, job.meter_value, job.request_id)
