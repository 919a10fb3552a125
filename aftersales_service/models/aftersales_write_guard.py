"""Who may write which field of the suite's records.

Two rules, checked on every ``write`` and ``create`` of a model that
inherits ``aftersales.write.guard`` (every workflow model does, through
``aftersales.workflow.mixin``):

1. **System figures are written only by the suite.** A field declared
   ``readonly=True`` in Python by one of the suite's addons, a stored computed
   field without an inverse, and every field a model lists in
   ``_system_fields`` (deadlines, clocks, flags, quantities, prices, costs,
   the 三包 outcome) are set by the suite's own actions, inside
   ``suite_writes`` (a flag on the cursor, never in the context, which any
   JSON-2 client controls). A record's reference (``name``, numbered on
   create) is not a figure. From anywhere else the write is refused with one
   message naming the fields by their labels. A create may leave them empty
   or at their default; the fields a model lists in ``_create_only_fields``
   (a card's price and sale date) are given on create, then are figures. A
   supervisor corrects the fields a model lists in ``_correctable_fields``
   with *Correct a Figure* (``aftersales.correction.wizard``), which records
   who, when, why and the old value in the chatter.
2. **Each role writes the fields of its job.** ``_field_roles`` maps a field
   to the roles that may write it (``ROLE_GROUPS`` below); a field it does
   not name is left to the access rights and record rules (which keep a
   technician on own jobs). A computed field outside the writer's role is
   let through with the value its compute gives, which is what a form sends
   back: on create the compute is run on a new record of the other values
   and any other value is refused; on write, it comes with a changed field
   it is computed from (the depot of a new county). A depot keeper who is
   not a dispatcher does not count as an agent here, although the keeper
   group implies the agent group for its read access.

A copy starts afresh: ``copy_data`` leaves out the state and the system
figures (the create then gives the initial state and recomputes or empties
the figures), except those the caller's ``default`` gives, which are checked
as a create.

Both attributes are collected over the model's classes, so an extension
(parts, warranty) adds its own fields with ``_system_fields = ("x",)``.
"""

from contextlib import contextmanager

from odoo import api, models
from odoo.exceptions import UserError

SUITE_ADDONS = ("aftersales_service", "aftersales_parts", "aftersales_warranty", "aftersales_workshop")

ROLE_GROUPS = {
    "technician": "aftersales_service.group_aftersales_technician",
    "agent": "aftersales_service.group_aftersales_agent",
    "dispatcher": "aftersales_service.group_aftersales_dispatcher",
    "keeper": "aftersales_parts.group_aftersales_depot_keeper",
    "supervisor": "aftersales_service.group_aftersales_supervisor",
    "manager": "aftersales_service.group_aftersales_manager",
    "advisor": "aftersales_workshop.group_aftersales_advisor",
    "inspector": "aftersales_workshop.group_aftersales_inspector",
}

_SUITE_WRITE = "aftersales_suite_write"


@contextmanager
def suite_writes(env):
    """Marks the block as the suite's own writing: on the cursor, so that no
    RPC caller can set it. Nested blocks are counted."""
    cache = env.cr.cache
    cache[_SUITE_WRITE] = cache.get(_SUITE_WRITE, 0) + 1
    try:
        yield
    finally:
        cache[_SUITE_WRITE] -= 1


def is_suite_writing(env):
    """True inside ``suite_writes`` only. Data files get no pass while the
    registry loads: the demo reaches its states through the steps
    (models/aftersales_demo.py), and the shipped data writes no figure."""
    return bool(env.cr.cache.get(_SUITE_WRITE))


def user_roles(env):
    """The suite roles of the current user, as names of ROLE_GROUPS."""
    user = env.user
    roles = set()
    for role, xmlid in ROLE_GROUPS.items():
        group = env.ref(xmlid, raise_if_not_found=False)
        if group and group in user.all_group_ids:
            roles.add(role)
    if "keeper" in roles and "dispatcher" not in roles:
        roles.discard("agent")
    return roles


class AftersalesWriteGuard(models.AbstractModel):
    _name = "aftersales.write.guard"
    _description = "After-Sales Write Guard"

    # Fields only the suite writes, beyond its readonly and computed fields.
    _system_fields = ()
    # System fields a create may give (taken from a document or typed on a new
    # record); afterwards only the suite or a correction changes them.
    _create_only_fields = ()
    # System fields a supervisor may correct with a reason (Correct a Figure).
    _correctable_fields = ()
    # Fields a client may write although they are readonly on the form.
    _client_fields = ()
    # field -> roles that may write it (names of ROLE_GROUPS).
    _field_roles = {}

    # ------------------------------------------------------------------ declarations

    @api.model
    def _collect(self, attribute):
        values = []
        for cls in type(self).mro():
            if attribute in vars(cls):
                values.append(vars(cls)[attribute])
        return values

    @api.model
    def _guarded_system_fields(self):
        """Names of the fields only the suite writes.

        Cached on the model class with the class hierarchy it was computed
        for: Odoo keeps a model's class while it loads more addons and only
        changes its bases, so a list made before an extension (the 三包
        outcome of aftersales_warranty) loaded would otherwise stay."""
        mro = type(self).__mro__
        cached = type(self).__dict__.get("_aftersales_system_cache")
        cache = cached[1] if cached and cached[0] == mro else None
        if cache is None:
            declared = {
                name
                for attribute in ("_system_fields", "_create_only_fields")
                for names in self._collect(attribute)
                for name in names
            }
            client = {name for names in self._collect("_client_fields") for name in names}
            cache = frozenset(
                (declared | {name for name, field in self._fields.items() if self._is_system_field(field)})
                - client
                - {"state"}
            )
            type(self)._aftersales_system_cache = (mro, cache)
        return cache

    @api.model
    def _is_system_field(self, field):
        if field._module not in SUITE_ADDONS or not field.store or field.related or field.name == "name":
            return False
        if field.compute and not field.inverse:
            return field.readonly
        return field.readonly

    @api.model
    def _guarded_names(self, attribute):
        """The names listed in `attribute` over the model's classes."""
        return frozenset(name for names in self._collect(attribute) for name in names)

    @api.model
    def _guarded_field_roles(self):
        roles = {}
        for mapping in reversed(self._collect("_field_roles")):
            roles.update(mapping)
        return roles

    # ------------------------------------------------------------------ guard

    @api.model_create_multi
    def create(self, vals_list):
        if not is_suite_writing(self.env):
            for vals in vals_list:
                self._check_client_values(vals, creating=True)
        return super().create(vals_list)

    def write(self, vals):
        if not is_suite_writing(self.env):
            self._check_client_values(vals)
        return super().write(vals)

    def copy(self, default=None):
        """The client's `default` values are checked as a create; the copy
        itself carries no state or figure of its original (``copy_data``)."""
        if default and not is_suite_writing(self.env):
            self._check_client_values(default, creating=True)
        with suite_writes(self.env):
            return super().copy(default)

    def copy_data(self, default=None):
        """Leaves out the state and the system figures, unless `default`
        gives them (checked as a create, or the suite's own step)."""
        vals_list = super().copy_data(default)
        dropped = (self._guarded_system_fields() | {"state"}) - set(default or ())
        for vals in vals_list:
            for name in dropped & set(vals or ()):
                del vals[name]
        return vals_list

    def _check_client_values(self, vals, creating=False):
        system = self._guarded_system_fields()
        if creating:
            system -= self._guarded_names("_create_only_fields")
        field_roles = {} if self.env.su else self._guarded_field_roles()
        if not any(name in system or name in field_roles for name in vals):
            return
        # No right to write at all: the access error comes first.
        (self.browse() if creating else self).check_access("create" if creating else "write")
        forged = [name for name in vals if name in system and not self._unchanged(name, vals[name], creating)]
        if forged:
            raise UserError(
                self.env._(
                    "%(fields)s of %(model)s are set by the suite's own steps and cannot be "
                    "written directly.",
                    fields=self._field_labels(forged),
                    model=self._description,
                )
            )
        roles = user_roles(self.env)
        ruled = [name for name in vals if name in field_roles and not roles & set(field_roles[name])]
        if not ruled:
            return
        if creating:
            self._check_computed_on_create([name for name in ruled if self._fields[name].compute], vals)
        refused = [
            name
            for name in ruled
            if not (creating and self._fields[name].compute)
            and not self._unchanged(name, vals[name], creating)
            and not self._follows(name, vals)
        ]
        if refused:
            raise UserError(
                self.env._(
                    "%(user)s cannot write %(fields)s of %(model)s: it is not part of their role.",
                    user=self.env.user.name,
                    fields=self._field_labels(refused),
                    model=self._description,
                )
            )

    def _check_computed_on_create(self, names, vals):
        """On create, a computed field outside the writer's role passes only
        with the value its compute gives from the other values (what a form
        sends back): worked out on a new record, defaults included."""
        if not names:
            return
        wrong = []
        for name in names:
            field = self._fields[name]
            others = {key: value for key, value in vals.items() if key != name}
            record = self.new(self._add_missing_default_values(others))
            expected = record[name]
            sent = field.convert_to_cache(vals[name], record, validate=False)
            if sent != field.convert_to_cache(
                field.convert_to_write(expected, record), record, validate=False
            ):
                wrong.append((name, expected, record))
        if wrong:
            raise UserError(
                self.env._(
                    "%(user)s cannot write %(fields)s of %(record)s: it is not part of their role. "
                    "On a new record it takes the value the suite works out: %(values)s.",
                    user=self.env.user.name,
                    fields=self._field_labels([name for name, _expected, _record in wrong]),
                    record=self._new_record_label(wrong[0][2]),
                    values=", ".join(self._value_label(name, expected) for name, expected, _record in wrong),
                )
            )

    def _new_record_label(self, record):
        """How a refusal names `record`, a new record of the create refused
        (models name it by what it belongs to)."""
        return self.env._("a new %(model)s", model=self._description)

    @api.model
    def _value_label(self, name, value):
        field = self._fields[name]
        label = self._field_labels([name])
        if field.type == "many2one":
            shown = value.sudo().display_name or self.env._("none")
        elif field.type == "selection":
            shown = dict(field._description_selection(self.env)).get(value) or self.env._("none")
        else:
            shown = field.convert_to_display_name(value, self) if value else self.env._("none")
        return f"{label} {shown}"

    def _follows(self, name, vals):
        """On write: a computed field sent with a changed field it is
        computed from; a form sends it back when that field changes (the
        depot of a new county), and that field is the one checked."""
        field = self._fields[name]
        if not field.compute:
            return False
        sources = {path.split(".")[0] for path in self.pool.field_depends.get(field, ())} - {name}
        return any(source in vals and not self._unchanged(source, vals[source], False) for source in sources)

    def _unchanged(self, name, value, creating):
        """A value that changes nothing: empty or the field's default on a new
        record, or the value every record of `self` already has."""
        field = self._fields[name]
        if creating:
            return not value or (field.default and value == field.default(self))
        new = field.convert_to_cache(value, self, validate=False)
        return all(field.convert_to_cache(record[name], record, validate=False) == new for record in self)

    # ------------------------------------------------------------------ corrections

    def _check_correctable(self, name):
        """Hook of Correct a Figure: refuses a correction of `name` on `self`
        that its state no longer allows (a card already refunded)."""

    def _correction_thread(self):
        """The record whose chatter keeps a correction of `self`."""
        return self

    @api.model
    def _field_labels(self, names):
        fields_info = self.fields_get(names, ["string"])
        return ", ".join(f"«{fields_info[name]['string']}»" for name in names)
