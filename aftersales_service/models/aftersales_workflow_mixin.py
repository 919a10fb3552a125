"""The one workflow mechanism of the suite.

A model with a state machine inherits ``aftersales.workflow.mixin`` and
declares its table, action -> (states it starts from, state or states it
ends in)::

    _transitions = {
        "submit": (("draft",), "to_approve"),
        "use": (("issued",), ("to_return", "done")),   # the step picks its end
    }

A step checks what it needs (``_check_transition`` first, for an early and
clear refusal), then calls ``self._move_to(action, values)``. That one call:

1. locks the rows (in id order, so two batches cannot deadlock) and reads
   them again, so two users racing on one record act once: the second waits,
   then sees the first one's state and is refused;
2. refuses a record in the wrong state with one translated message that
   names the records, their state and the states the step needs;
3. writes the new state with the step's values (``each`` gives per-record
   values, e.g. the quantities of each line, or the end state of a step with
   several ends);
4. calls ``_on_transition(action, previous)``, the hook that extensions
   (e-mails, logs, history lines, callbacks) extend instead of watching
   ``write`` for the state.

A model names its steps for the message with ``_transition_labels`` and its
records with ``_workflow_record_names``.

The state moves only through the steps: a ``write`` or ``create`` of
``state`` from anywhere else (a client over RPC, sudo or not, a screen, a
script) is refused, except a create in the model's initial state; so is a
``write`` of the record's reference (a readonly ``name``, numbered on create
or computed). The flag
that lets ``_move_to`` write lives on the cursor (``suite_writes`` of
``aftersales_write_guard.py``), never in the context, which any JSON-2 client
controls; the step's values and its ``_on_transition`` hook run inside it, so
the figures a step sets (done date, check-in time) pass the write guard that
the mixin inherits. Data files are no exception: the demo records are
created in their first state and moved by their steps (aftersales_demo.py).
"""

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .aftersales_write_guard import is_suite_writing, suite_writes


class AftersalesWorkflowMixin(models.AbstractModel):
    _name = "aftersales.workflow.mixin"
    _description = "After-Sales Workflow"
    _inherit = ["aftersales.write.guard"]

    # action -> (tuple of states it starts from, end state or tuple of end states)
    _transitions = {}

    # ------------------------------------------------------------------ table

    @api.model
    def _transition_ends(self, action):
        ends = self._transitions[action][1]
        return ends if isinstance(ends, tuple) else (ends,)

    @api.model
    def _transition_labels(self):
        """{action: the step as a verb, translated}, for the refusal message."""
        return {}

    def _workflow_record_names(self):
        return ", ".join(self.mapped("display_name"))

    def _state_labels(self):
        return dict(self._fields["state"]._description_selection(self.env))

    # ------------------------------------------------------------------ guard

    @api.model_create_multi
    def create(self, vals_list):
        if not is_suite_writing(self.env):
            initial = self._initial_state()
            if any("state" in vals and vals["state"] != initial for vals in vals_list):
                self._refuse_state_write(self.env._("a new record"))
        return super().create(vals_list)

    def write(self, vals):
        if "name" in vals and not is_suite_writing(self.env):
            self._check_reference_kept(vals["name"])
        if "state" in vals and not is_suite_writing(self.env):
            moved = self.filtered(lambda r: r.state != vals["state"])
            if moved:
                self._refuse_state_write(moved._workflow_record_names())
        return super().write(vals)

    def copy(self, default=None):
        """A copy starts in the initial state (``copy_data`` of the write
        guard leaves the state out); a `default` may not give another."""
        forged = default and default.get("state", self._initial_state()) != self._initial_state()
        if forged and not is_suite_writing(self.env):
            self._refuse_state_write(self._workflow_record_names())
        return super().copy(default)

    @api.model
    def _initial_state(self):
        default = self._fields["state"].default
        return default(self) if default else False

    @api.model
    def _refuse_state_write(self, records):
        labels = self._transition_labels()
        steps = ", ".join(dict.fromkeys(labels.get(action) or action for action in self._transitions))
        raise UserError(
            self.env._(
                "The status of %(records)s cannot be written directly: it moves only through "
                "its steps (%(steps)s).",
                records=records,
                steps=steps,
            )
        )

    def _check_reference_kept(self, name):
        """A reference the suite numbers or computes (a readonly `name`: the
        request, complaint, card or claim number) is never rewritten."""
        if not self._fields["name"].readonly:
            return
        renamed = self.filtered(lambda r: r.name != name)
        if renamed:
            renamed.check_access("write")
            raise UserError(
                self.env._(
                    "The reference of %(records)s is set by the suite and cannot be written directly.",
                    records=renamed._workflow_record_names(),
                )
            )

    # ------------------------------------------------------------------ check, lock, move

    def _check_transition(self, action):
        """Refuses the step when a record is not in a state it starts from."""
        allowed = self._transitions[action][0]
        wrong = self.filtered(lambda r: r.state not in allowed)
        if not wrong:
            return
        states = self._state_labels()
        label = self._transition_labels().get(action) or self.env._(
            "move to %(state)s", state=states[self._transition_ends(action)[0]]
        )
        raise UserError(
            self.env._(
                "Cannot %(step)s %(records)s: it is %(state)s; this step needs it to be %(allowed)s.",
                step=label,
                records=wrong._workflow_record_names(),
                state=states[wrong[0].state],
                allowed=" / ".join(states[s] for s in allowed),
            )
        )

    def _lock_rows(self):
        """Locks the rows in id order and drops their cached values, so the
        state is read again once the lock is held."""
        ids = [rid for rid in self.ids if rid]
        if not ids:
            return
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT id FROM %s WHERE id IN %s ORDER BY id FOR NO KEY UPDATE",
                SQL.identifier(self._table),
                tuple(ids),
            )
        )
        self.invalidate_recordset()

    def _move_to(self, action, values=None, each=None, locked=False):
        """Runs the move of step `action` on `self`: lock, check, write, hook.

        `values` are written on every record; `each` maps a record id to its
        own values (which may name its end state when the step has several).
        `locked=True`: the step already locked these rows with `_lock_rows`
        (and read them again) before its own checks, in this transaction; the
        lock holds until it ends, so they are not locked a second time."""
        if not locked:
            self._lock_rows()
        self._check_transition(action)
        ends = self._transition_ends(action)
        previous = {record.id: record.state for record in self}
        common = {"state": ends[0], **(values or {})}
        with suite_writes(self.env):
            if each:
                for record in self:
                    record_values = {**common, **each.get(record.id, {})}
                    self._check_end(action, record_values["state"])
                    record.write(record_values)
            else:
                self.write(common)
            self._on_transition(action, previous)
        return True

    def _check_end(self, action, state):
        if state not in self._transition_ends(action):
            raise UserError(
                self.env._(
                    "Step %(step)s cannot end in %(state)s.",
                    step=self._transition_labels().get(action) or action,
                    state=self._state_labels().get(state, state),
                )
            )

    def _on_transition(self, action, previous):
        """Hook run after each step: `self` moved by `action`; `previous` maps
        each record id to the state it left. Extensions add their effects
        here (and call super)."""
