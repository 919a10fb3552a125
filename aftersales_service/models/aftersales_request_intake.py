"""Intake of a service request: the contact, address and county worked out
from the customer, the phone number normalised, and the checks of what an
intake needs."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine.phone import EMPTY as PHONE_EMPTY
from ..engine.phone import PhoneError, normalize_phone
from ..tools import user_date


class AftersalesRequestIntake(models.Model):
    _inherit = "aftersales.request"

    # One compute per field: Odoo protects every field of a shared compute
    # when one of them is given, so a caller giving only the phone would
    # lose the contact name worked out from the customer.
    @api.depends("partner_id", "site_partner_id")
    def _compute_contact_name(self):
        for request in self:
            contact = request.site_partner_id or request.partner_id
            if contact:
                request.contact_name = contact.name

    @api.depends("partner_id", "site_partner_id")
    def _compute_contact_phone(self):
        for request in self:
            contact = request.site_partner_id or request.partner_id
            if contact:
                request.contact_phone = contact.phone or request.contact_phone

    @api.depends("partner_id", "site_partner_id")
    def _compute_address(self):
        for request in self:
            site = request.site_partner_id or request.partner_id
            request.street = site.street
            request.street2 = site.street2
            request.city = site.city
            request.state_id = site.state_id

    @api.depends("street", "street2", "city", "state_id", "partner_id", "site_partner_id")
    def _compute_county_id(self):
        County = self.env["aftersales.county"]
        for request in self:
            site = request.site_partner_id or request.partner_id
            county = County._match_record(request)
            request.county_id = county or site.aftersales_county_id or request.county_id

    @api.model
    def _normalize_phone_vals(self, vals):
        if vals.get("contact_phone"):
            try:
                vals["contact_phone"] = normalize_phone(vals["contact_phone"])
            except PhoneError as error:
                raise ValidationError(
                    self.env._("Contact phone: %(error)s", error=self._phone_error_text(error))
                ) from error

    def _reference(self):
        """The request's number, or "the new request" while it has none (its
        number is drawn once the record is valid)."""
        self.ensure_one()
        return self.name if self.name and self.name != "/" else self.env._("the new request")

    @api.model
    def _phone_error_text(self, error):
        """The reader's sentence for a :class:`PhoneError` of the engine."""
        hint = self.env._(
            "use an 11-digit mobile (13812345678), a landline with its area code "
            "(0755-12345678), a 400/800 number (400-123-4567) or an international number "
            "starting with + (+442079460958)."
        )
        if error.code == PHONE_EMPTY:
            return self.env._("the phone number is empty: %(hint)s", hint=hint)
        return self.env._('"%(phone)s" is not a valid phone number: %(hint)s', phone=error.raw, hint=hint)

    # Intake fields are checked here rather than by NOT NULL columns, so that
    # a missing value gets a clear message instead of a database error.
    INTAKE_REQUIRED = ("partner_id", "contact_name", "contact_phone", "fault_description")

    @api.constrains(*INTAKE_REQUIRED)
    def _check_intake_complete(self):
        for request in self:
            missing = [
                self._fields[fname]._description_string(self.env)
                for fname in self.INTAKE_REQUIRED
                if not (request[fname].strip() if isinstance(request[fname], str) else request[fname])
            ]
            if missing:
                raise ValidationError(
                    self.env._(
                        "Service request %(request)s is missing: %(fields)s. The caller, "
                        "the site contact, a phone number and the fault are required.",
                        request=request._reference(),
                        fields=", ".join(missing),
                    )
                )

    @api.constrains("contact_phone")
    def _check_contact_phone(self):
        for request in self.filtered("contact_phone"):
            try:
                normalize_phone(request.contact_phone)
            except PhoneError as error:
                raise ValidationError(
                    self.env._(
                        "%(request)s: %(error)s",
                        request=request._reference(),
                        error=self._phone_error_text(error),
                    )
                ) from error

    @api.constrains("fault_date")
    def _check_fault_date(self):
        today = fields.Date.context_today(self)
        for request in self:
            if request.fault_date and request.fault_date > today:
                raise ValidationError(
                    self.env._(
                        "%(request)s: the fault date %(date)s is in the future. "
                        "Enter the day the fault appeared.",
                        request=request._reference(),
                        date=user_date(self.env, request.fault_date),
                    )
                )

    @api.constrains("lot_id", "product_id")
    def _check_lot_product(self):
        for request in self:
            if request.lot_id and request.product_id and request.lot_id.product_id != request.product_id:
                raise ValidationError(
                    self.env._(
                        "%(request)s: serial number %(lot)s belongs to %(lot_product)s, not to %(product)s.",
                        request=request._reference(),
                        lot=request.lot_id.name,
                        lot_product=request.lot_id.product_id.display_name,
                        product=request.product_id.display_name,
                    )
                )

    @api.constrains("technician_id")
    def _check_technician(self):
        for request in self:
            if request.technician_id and not request.technician_id.is_aftersales_technician:
                raise ValidationError(
                    self.env._(
                        "%(request)s: %(employee)s is not flagged as a technician.",
                        request=request._reference(),
                        employee=request.technician_id.name,
                    )
                )

    @api.onchange("lot_id")
    def _onchange_lot_id(self):
        if self.lot_id and not self.product_id:
            self.product_id = self.lot_id.product_id
