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
   or at their default. A person corrects one through a dedicated action
   (``aftersales.correction.wizard``), which records who, when, why and the
   old value.
2. **Each role writes the fields of its job.** ``_field_roles`` maps a field
   to the roles that may write it (``ROLE_GROUPS`` below); a field it does
   not name is left to the access rights and record rules (which keep a
   technician on own jobs). A computed field is let through when it comes
   with a changed field it is computed from (a form sends it back then: the
   depot of a new county). A depot keeper who is not a dispatcher does not
   count as an agent here, although the keeper group implies the agent group
   for its read access.

Both attributes are collected over the model's classes, so an extension
(parts, warranty) adds its own fields with ``_system_fields = ("x",)``.
"""

from contextlib import contextmanager

from odoo import api, models
from odoo.exceptions import UserError

SUITE_ADDONS = ("aftersales_service", "aftersales_parts", "aftersales_warranty")

ROLE_GROUPS = {
    "technician": "aftersales_service.group_aftersales_technician",
    "agent": "aftersales_service.group_aftersales_agent",
    "dispatcher": "aftersales_service.group_aftersales_dispatcher",
    "keeper": "aftersales_parts.group_aftersales_depot_keeper",
    "supervisor": "aftersales_service.group_aftersales_supervisor",
    "manager": "aftersales_service.group_aftersales_manager",
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
        """Names of the fields only the suite writes."""
        cache = type(self).__dict__.get("_aftersales_system_cache")
        if cache is None:
            declared = {name for names in self._collect("_system_fields") for name in names}
            client = {name for names in self._collect("_client_fields") for name in names}
            cache = frozenset(
                (declared | {name for name, field in self._fields.items() if self._is_system_field(field)})
                - client
                - {"state"}
            )
            type(self)._aftersales_system_cache = cache
        return cache

    @api.model
    def _is_system_field(self, field):
        if field._module not in SUITE_ADDONS or not field.store or field.related or field.name == "name":
            return False
        if field.compute and not field.inverse:
            return field.readonly
        return field.readonly

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
        """A copy carries the figures of its original (a follow-up keeps the
        三包 state); the client's `default` values are checked as a create."""
        if default and not is_suite_writing(self.env):
            self._check_client_values(default, creating=True)
        with suite_writes(self.env):
            return super().copy(default)

    def _check_client_values(self, vals, creating=False):
        system = self._guarded_system_fields()
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
        ruled = [name for name in vals if name in field_roles]
        if not ruled:
            return
        roles = user_roles(self.env)
        refused = [
            name
            for name in ruled
            if not roles & set(field_roles[name])
            and not self._unchanged(name, vals[name], creating)
            and not self._follows(name, vals, creating)
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

    def _follows(self, name, vals, creating):
        """A computed field sent with a changed field it is computed from: a
        form sends it back when that field changes (the depot of a new
        county), and that field is the one checked."""
        field = self._fields[name]
        if not field.compute:
            return False
        sources = {path.split(".")[0] for path in self.pool.field_depends.get(field, ())} - {name}
        return any(
            source in vals and (creating or not self._unchanged(source, vals[source], creating))
            for source in sources
        )

    def _unchanged(self, name, value, creating):
        """A value that changes nothing: empty or the field's default on a new
        record, or the value every record of `self` already has."""
        field = self._fields[name]
        if creating:
            return not value or (field.default and value == field.default(self))
        new = field.convert_to_cache(value, self, validate=False)
        return all(field.convert_to_cache(record[name], record, validate=False) == new for record in self)

    @api.model
    def _field_labels(self, names):
        fields_info = self.fields_get(names, ["string"])
        return ", ".join(f"«{fields_info[name]['string']}»" for name in names)
