"""Correct a Figure: the one way a person changes a figure only the suite
writes (a deadline under an approved exception, a wrong check-in, a card's
price, a claimed job's hours).

A model lists the figures a supervisor may correct in ``_correctable_fields``
(collected over its classes, so parts and warranty add theirs). The
supervisor picks the figure, gives the corrected value and the reason; the
record is written inside ``suite_writes`` (its own checks and constraints
still run) and its chatter (``_correction_thread``: a claimed job posts on
its claim) keeps who, when, why, the old and the new value."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.aftersales_write_guard import suite_writes
from ..tools import user_amount, user_date, user_datetime, user_number

SUPERVISOR_GROUP = "aftersales_service.group_aftersales_supervisor"

# Field type -> the wizard's field holding the corrected value.
VALUE_FIELDS = {
    "datetime": "new_datetime",
    "date": "new_date",
    "float": "new_number",
    "monetary": "new_number",
}


class AftersalesCorrectionWizard(models.TransientModel):
    """Corrects one figure only the suite writes, with a reason: the chatter
    keeps who, when, why and the old value (the fields are tracked too)."""

    _name = "aftersales.correction.wizard"
    _description = "Correct a Figure"

    res_model = fields.Char(string="Document Model", required=True, readonly=True)
    res_id = fields.Many2oneReference(
        string="Document ID", model_field="res_model", required=True, readonly=True
    )
    record_name = fields.Char(string="Document", compute="_compute_record_name")
    field_name = fields.Selection(selection="_selection_field_name", string="Figure", required=True)
    value_type = fields.Selection(
        [("datetime", "Date and Time"), ("date", "Date"), ("number", "Number")],
        compute="_compute_old_value",
    )
    old_value = fields.Char(string="Current Value", compute="_compute_old_value")
    new_datetime = fields.Datetime(string="Corrected Date and Time")
    new_date = fields.Date(string="Corrected Date")
    new_number = fields.Float(string="Corrected Value", digits=(16, 4))
    reason = fields.Text(required=True, help="The approved exception or the error being corrected.")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        if not values.get("res_model") and context.get("active_model") and context.get("active_id"):
            values.setdefault("res_model", context["active_model"])
            values.setdefault("res_id", context["active_id"])
        return values

    # ------------------------------------------------------------------ computes

    @api.model
    def _selection_field_name(self):
        """The figures of the document's model (from the context the action
        opens the wizard with), else those of every model: the options and
        the values the field accepts."""
        context = self.env.context
        model_name = context.get("default_res_model") or context.get("active_model")
        models_ = [model_name] if model_name in self.env else list(self.env.registry)
        options = {}
        for name in models_:
            model = self.env[name]
            if model._abstract or not hasattr(type(model), "_correctable_fields"):
                continue
            for field_name in sorted(model._guarded_names("_correctable_fields")):
                options.setdefault(field_name, model._fields[field_name]._description_string(self.env))
        return list(options.items())

    def _record(self):
        self.ensure_one()
        if self.res_model not in self.env or not self.res_id:
            return None
        record = self.env[self.res_model].browse(self.res_id)
        return record if hasattr(type(record), "_correctable_fields") else None

    @api.depends("res_model", "res_id")
    def _compute_record_name(self):
        for wizard in self:
            record = wizard._record()
            wizard.record_name = record.display_name if record is not None else False

    @api.depends("res_model", "res_id", "field_name")
    def _compute_old_value(self):
        for wizard in self:
            record = wizard._record()
            field = (
                record._fields.get(wizard.field_name) if record is not None and wizard.field_name else None
            )
            if not field or field.type not in VALUE_FIELDS:
                wizard.value_type = wizard.old_value = False
                continue
            wizard.value_type = field.type if field.type in ("datetime", "date") else "number"
            wizard.old_value = wizard._format(record, field.name, record[field.name])

    def _format(self, record, name, value):
        """A figure as the reader reads it: in their time zone and language."""
        field = record._fields[name]
        if field.type in ("datetime", "date") and not value:
            return "-"
        if field.type == "datetime":
            return user_datetime(self.env, value)
        if field.type == "date":
            return user_date(self.env, value)
        if field.type == "monetary":
            return user_amount(self.env, value, record[field.get_currency_field(record)])
        return user_number(self.env, value, digits=4)

    # ------------------------------------------------------------------ confirm

    def _check_correction(self, record):
        if not self.env.user.has_group(SUPERVISOR_GROUP):
            raise UserError(self.env._("Only an after-sales supervisor corrects a figure."))
        if not (self.reason or "").strip():
            raise UserError(self.env._("Give the reason for the correction."))
        name = self.field_name
        if record is None or not record.exists() or name not in record._guarded_names("_correctable_fields"):
            labels = dict(self._fields["field_name"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "%(figure)s of %(record)s cannot be corrected here.",
                    figure=labels.get(name, name),
                    record=self.record_name or self.res_model,
                )
            )
        record.check_access("write")
        record._check_correctable(name)

    def action_confirm(self):
        self.ensure_one()
        record = self._record()
        self._check_correction(record)
        name = self.field_name
        field = record._fields[name]
        old = record[name]
        new = self[VALUE_FIELDS[field.type]]
        if field.type in ("datetime", "date") and not new:
            raise UserError(self.env._("Give the corrected value."))
        label = field._description_string(self.env)
        with suite_writes(self.env):
            record.write({name: new})
        record._correction_thread().message_post(
            body=self.env._(
                "%(user)s corrected %(figure)s of %(record)s from %(old)s to %(new)s. Reason: %(reason)s",
                user=self.env.user.name,
                figure=label,
                record=record.display_name,
                old=self._format(record, name, old),
                new=self._format(record, name, record[name]),
                reason=self.reason.strip(),
            )
        )
        return {"type": "ir.actions.act_window_close"}
