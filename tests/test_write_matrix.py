"""Who may write which field, over the JSON-2 API (issue 13).

One row per (role, model, field): each role, with an API key of its own,
writes one new value into every field a client can send to ``/json/2/<model>/write``
(the stored fields the suite's addons define, without the x2many lists and the
related ones), on a record of the suite's models. The answer is "allowed" or
"refused"; a refused write changes nothing (the field is read again), and a
refusal must come from the access rights or the write guard, not from a bad
test value. EXPECTED is the intended policy, written out by hand: the fields
each role may write; every other field is refused. The technician writes on
an own job and on another technician's job (and their part lines).

Creates: every role tries to create a request and a part line carrying a
state or a figure only the suite sets; every one is refused. A computed
field outside the role (the SLA policy, the depot, where a part is taken
from) passes a create only with the value its compute gives. A copy carries
no state or figure. A manufacturer claim's jobs (their parts cost and labour
hours) are refused to every role: a supervisor corrects them.

docs/WRITE_MATRIX.md is generated from the same table (fields x roles);
``test_matrix_document_is_current`` fails when it is stale. To regenerate it,
run this file with ``AFTERSALES_WRITE_MATRIX_WRITE=1``.
"""

import base64
import json
import os
from datetime import date, datetime, timedelta
from pathlib import Path

from odoo import Command, fields
from odoo.addons.aftersales_parts.models.aftersales_part_line import LIVE_FIELDS
from odoo.addons.aftersales_parts.tests import common as parts_common
from odoo.addons.aftersales_service.models.aftersales_write_guard import SUITE_ADDONS
from odoo.addons.aftersales_service.tests.common import force_write
from odoo.addons.aftersales_warranty.tests import common as warranty_common
from odoo.tests import HttpCase, get_db_name, new_test_user, tagged

from ._base import SuiteCase

DOC = Path(__file__).resolve().parent.parent / "docs" / "WRITE_MATRIX.md"

ROLES = ("agent", "dispatcher", "technician", "technician_other", "keeper", "supervisor", "manager", "portal")

# The record each model is probed on (`technician_other`: another technician's job).
MODELS = (
    "aftersales.request",
    "aftersales.part.line",
    "aftersales.old.part",
    "aftersales.parts.transfer",
    "aftersales.callback",
    "aftersales.complaint",
    "aftersales.discount.slip",
    "aftersales.discount.slip.line",
    "aftersales.warranty.card",
    "aftersales.warranty.claim",
    "aftersales.warranty.repair",
)

# Fields a role may write, per model; every other field of the model is refused.
REQUEST_INTAKE = frozenset(
    {
        "partner_id",
        "site_partner_id",
        "contact_name",
        "contact_phone",
        "street",
        "street2",
        "city",
        "state_id",
        "county_id",
        "channel",
        "request_type",
        "priority",
        "product_id",
        "lot_id",
        "fault_description",
        "fault_date",
        "special_requirements",
        "requested_date",
        "team_id",
        "user_id",
        "parent_id",
        "lead_id",
        "opportunity_id",
    }
)
REQUEST_DISPATCH = frozenset(
    {
        "technician_id",
        "planned_start",
        "planned_end",
        "duration_hours",
        "booking_override_reason",
        "route_sequence",
        "depot_id",
    }
)
REQUEST_FIELD_WORK = frozenset({"work_done", "signature", "signed_by", "quote_amount", "labour_hours"})
REQUEST_WARRANTY_INPUT = frozenset({"warranty_card_id", "warranty_exclusion", "warranty_component"})
PART_LINE_PLAN = frozenset({"request_id", "product_id", "planned_qty", "sequence"})
CALLBACK = frozenset(
    {
        "partner_id",
        "request_id",
        "complaint_id",
        "user_id",
        "purpose",
        "cadence_day",
        "date_due",
        "person_reached",
        "satisfaction",
        "satisfied",
        "content",
        "issue_found",
    }
)
COMPLAINT = frozenset(
    {
        "partner_id",
        "request_id",
        "employee_id",
        "user_id",
        "origin_callback_id",
        "complaint_class_id",
        "is_major",
        "rejection_reason",
        "promised_date",
        "customer_words",
        "restated_words",
        "customer_confirmed",
        "cause_analysis",
        "solution",
    }
)
TRANSFER = frozenset(
    {
        "request_id",
        "part_line_id",
        "product_id",
        "quantity",
        "dest_depot_id",
        "source_type",
        "source_depot_id",
        "supplier_id",
        "reason",
        "reject_reason",
    }
)
OLD_PART = frozenset(
    {"request_id", "part_line_id", "depot_id", "product_id", "quantity", "serial", "supplier_id"}
)
CLAIM = frozenset({"date", "date_to", "labour_rate", "manufacturer_id", "note", "reject_reason"})
SUPERVISION = {
    "aftersales.discount.slip": frozenset({"month", "partner_id", "note"}),
    "aftersales.discount.slip.line": frozenset({"slip_id", "request_id", "reason", "amount", "sequence"}),
    "aftersales.warranty.card": frozenset(
        {
            "lot_id",
            "product_id",
            "partner_id",
            "policy_id",
            "dealer_id",
            "manufacturer_id",
            "note",
        }
    ),
    "aftersales.warranty.repair": frozenset(
        {
            "card_id",
            "request_id",
            "date_in",
            "date_out",
            "parts_wait_days",
            "fixed",
            "component",
            "delay_cause",
            "note",
        }
    ),
}

EXPECTED = {}  # filled below


def _expected():
    supervisor = {
        "aftersales.request": REQUEST_INTAKE
        | REQUEST_DISPATCH
        | REQUEST_FIELD_WORK
        | REQUEST_WARRANTY_INPUT
        | {"sla_policy_id"},
        "aftersales.part.line": PART_LINE_PLAN | {"used_qty", "source_location_id"},
        "aftersales.callback": CALLBACK,
        "aftersales.complaint": COMPLAINT | {"legitimacy"},
        "aftersales.parts.transfer": TRANSFER,
        "aftersales.old.part": OLD_PART,
        "aftersales.warranty.claim": CLAIM,
        **SUPERVISION,
    }
    by_role = {
        "agent": {
            "aftersales.request": REQUEST_INTAKE | REQUEST_WARRANTY_INPUT,
            "aftersales.callback": CALLBACK,
            "aftersales.complaint": COMPLAINT,
            "aftersales.parts.transfer": TRANSFER,
        },
        "dispatcher": {
            "aftersales.request": REQUEST_INTAKE | REQUEST_DISPATCH | REQUEST_WARRANTY_INPUT,
            "aftersales.part.line": PART_LINE_PLAN,
            "aftersales.callback": CALLBACK,
            "aftersales.complaint": COMPLAINT,
            "aftersales.parts.transfer": TRANSFER,
        },
        "technician": {
            "aftersales.request": REQUEST_FIELD_WORK | REQUEST_WARRANTY_INPUT,
            "aftersales.part.line": PART_LINE_PLAN | {"used_qty"},
        },
        "keeper": {
            "aftersales.request": frozenset({"depot_id"}),
            "aftersales.part.line": PART_LINE_PLAN | {"used_qty", "source_location_id"},
            "aftersales.parts.transfer": TRANSFER,
            "aftersales.old.part": OLD_PART,
            "aftersales.warranty.claim": CLAIM,
        },
        "supervisor": supervisor,
        "manager": supervisor,
    }
    table = {}
    for role, models in by_role.items():
        for model_name, names in models.items():
            table.setdefault(model_name, {})[role] = frozenset(names)
    return table


EXPECTED.update(_expected())


@tagged("post_install", "-at_install")
class TestWriteMatrix(SuiteCase, parts_common.PartsCase, warranty_common.WarrantyCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env, "as_wm_manager", groups="aftersales_service.group_aftersales_manager", name="经理 孙丽"
        )
        cls.portal = new_test_user(
            cls.env, "as_wm_portal", groups="base.group_portal", name="客户 陈", partner_id=cls.customer.id
        )
        cls.users = {
            "agent": cls.agent,
            "dispatcher": cls.dispatcher,
            "technician": cls.tech_user,
            "technician_other": cls.tech_user,
            "keeper": cls.keeper,
            "supervisor": cls.supervisor,
            "manager": cls.manager,
            "portal": cls.portal,
        }
        expiry = datetime.now() + timedelta(days=0.5)
        cls.keys = {
            role: cls.env["res.users.apikeys"].with_user(user).sudo()._generate("rpc", "write matrix", expiry)
            for role, user in cls.users.items()
        }
        cls._stock(cls.compressor, cls.depot.lot_stock_id, 10.0)
        cls.records = cls._make_records()

    @classmethod
    def _make_records(cls):
        env = cls.env
        own = cls._new_request(
            technician_id=cls.technician.id, county_id=cls.nanshan.id, product_id=cls.aircon.id
        )
        other = cls._new_request(
            technician_id=cls.other_technician.id, county_id=cls.nanshan.id, product_id=cls.aircon.id
        )
        own_line = env["aftersales.part.line"].create({"request_id": own.id, "product_id": cls.compressor.id})
        own_line.action_issue()
        force_write(own_line, {"price_unit": 45.0, "cost_amount": 30.0})
        own_planned = env["aftersales.part.line"].create(
            {"request_id": own.id, "product_id": cls.compressor.id}
        )
        other_line = env["aftersales.part.line"].create(
            {"request_id": other.id, "product_id": cls.compressor.id}
        )
        now = fields.Datetime.now().replace(microsecond=0)
        for job in own | other:
            force_write(
                job,
                {
                    "state": "in_progress",
                    "check_in_date": now - timedelta(hours=1),
                    "sla_breached": True,
                    "escalated": True,
                },
            )
        complaint = env["aftersales.complaint"].create(
            {
                "partner_id": cls.customer.id,
                "request_id": own.id,
                "customer_words": "师傅迟到",
                "promised_date": date.today() + timedelta(days=3),
            }
        )
        slip = env["aftersales.discount.slip"].create(
            {
                "partner_id": cls.customer.id,
                "month": "2031-01-01",
                "line_ids": [
                    Command.create({"request_id": own.id, "reason": "上门超时折让", "amount": 50.0})
                ],
            }
        )
        card = cls._card()
        claim = env["aftersales.warranty.claim"].create({"manufacturer_id": cls.manufacturer.id})
        common = {
            "aftersales.old.part": env["aftersales.old.part"].create(
                {
                    "request_id": own.id,
                    "depot_id": cls.depot.id,
                    "product_id": cls.compressor.id,
                    "quantity": 1.0,
                    "supplier_id": cls.manufacturer.id,
                }
            ),
            "aftersales.parts.transfer": env["aftersales.parts.transfer"].create(
                {
                    "product_id": cls.compressor.id,
                    "quantity": 1.0,
                    "dest_depot_id": cls.depot.id,
                    "source_depot_id": cls.beijing.id,
                }
            ),
            "aftersales.callback": env["aftersales.callback"].create(
                {"partner_id": cls.customer.id, "request_id": own.id}
            ),
            "aftersales.complaint": complaint,
            "aftersales.discount.slip": slip,
            "aftersales.discount.slip.line": slip.line_ids,
            "aftersales.warranty.card": card,
            "aftersales.warranty.claim": claim,
            "aftersales.warranty.repair": env["aftersales.warranty.repair"].create(
                {"card_id": card.id, "request_id": own.id}
            ),
        }
        cls.issued_lines = {"technician_other": other_line}
        records = {}
        for role in ROLES:
            records[role] = {
                "aftersales.request": other if role == "technician_other" else own,
                "aftersales.part.line": other_line if role == "technician_other" else own_planned,
                **common,
            }
            cls.issued_lines.setdefault(role, own_line)
        return records

    def _target(self, role, model_name, name):
        """The record a row writes on: a planned part line, except for the
        fields that change on an issued one (its quantities, costs, state)."""
        if model_name == "aftersales.part.line" and name in LIVE_FIELDS:
            return self.issued_lines[role]
        return self.records[role][model_name]

    # ------------------------------------------------------------------ the probe

    @classmethod
    def _probed_fields(cls, model_name):
        """The fields a client can send: stored, defined by the suite, not
        related, not a list of lines."""
        model = cls.env[model_name]
        names = []
        for name, field in model._fields.items():
            if field._module not in SUITE_ADDONS or not field.store or field.related:
                continue
            if field.type in ("one2many", "many2many") or name in SKIPPED:
                continue
            names.append(name)
        return sorted(names)

    def _new_value(self, record, name):
        if (record._name, name) in VALUES:
            return VALUES[record._name, name](self, record)
        field = record._fields[name]
        current = record[name]
        if field.type in ("char", "text", "html"):
            return "矩阵测试" if name not in ("contact_phone",) else "13900001234"
        if field.type == "integer":
            return (current or 0) + 1
        if field.type in ("float", "monetary"):
            return round((current or 0.0) + 1.5, 2)
        if field.type == "boolean":
            return not current
        if field.type == "date":
            return fields.Date.to_string((current or date.today()) + timedelta(days=1))
        if field.type == "datetime":
            return fields.Datetime.to_string(
                (current or fields.Datetime.now()).replace(microsecond=0) + timedelta(minutes=30)
            )
        if field.type == "selection":
            options = [value for value, _label in field._description_selection(self.env)]
            return next(value for value in options if value != current)
        if field.type == "many2one":
            domain = [("id", "!=", current.id)]
            if "company_id" in self.env[field.comodel_name]._fields:
                domain.append(("company_id", "in", (False, self.company.id)))
            return self.env[field.comodel_name].sudo().search(domain, limit=1).id
        if field.type in ("binary", "image"):
            return base64.b64encode(_PNG).decode()
        raise AssertionError(f"no test value for {record._name}.{name} ({field.type})")

    def _json2(self, role, model, method, **params):
        response = self.url_open(
            f"/json/2/{model}/{method}",
            data=json.dumps(params),
            headers={
                "Authorization": f"Bearer {self.keys[role]}",
                "X-Odoo-Database": get_db_name(),
                "Content-Type": "application/json",
            },
        )
        if response.status_code == 200:
            return "allowed", ""
        try:
            error = response.json()
        except ValueError:
            return "error", response.text[:200]
        name, message = error.get("name", ""), error.get("message", "")
        if name.endswith("AccessError") or any(text in message for text in ROLE_REFUSALS):
            return "refused", message
        if name.endswith("ValidationError"):
            # A constraint checks the written value: the rights let it through.
            return "allowed", message
        return "error", f"{name}: {message}"

    def _probe_write(self, role, model_name, name):
        record = self._target(role, model_name, name)
        record.invalidate_recordset()
        before = record.sudo()[name]
        value = self._new_value(record.sudo(), name)
        outcome, message = self._json2(role, model_name, "write", ids=record.ids, vals={name: value})
        record.invalidate_recordset()
        after = record.sudo()[name]
        if outcome == "allowed":
            force_write(record.sudo(), {name: record._fields[name].convert_to_write(before, record)})
        return outcome, message, before, after

    def _observed(self):
        table, problems = {}, []
        for model_name in MODELS:
            for name in self._probed_fields(model_name):
                for role in ROLES:
                    if role == "technician_other" and model_name not in (
                        "aftersales.request",
                        "aftersales.part.line",
                    ):
                        continue
                    outcome, message, before, after = self._probe_write(role, model_name, name)
                    table[role, model_name, name] = outcome
                    if outcome == "error":
                        problems.append(f"{role} {model_name}.{name}: {message}")
                    elif outcome == "refused" and before != after:
                        problems.append(f"{role} {model_name}.{name}: refused but changed")
        return table, problems

    @staticmethod
    def _expected_outcome(role, model_name, name):
        if role == "technician_other":
            return "refused"
        allowed = EXPECTED.get(model_name, {}).get(role, frozenset())
        return "allowed" if name in allowed else "refused"

    def test_write_matrix(self):
        table, problems = self._observed()
        self.assertFalse(problems, "\n".join(problems))
        wrong = [
            f"{role} {model_name}.{name}: {outcome}"
            for (role, model_name, name), outcome in sorted(table.items())
            if outcome != self._expected_outcome(role, model_name, name)
        ]
        observed = {}
        for (role, model_name, name), outcome in sorted(table.items()):
            if outcome == "allowed":
                observed.setdefault(model_name, {}).setdefault(role, []).append(name)
        self.assertFalse(
            wrong,
            "rows that differ from EXPECTED:\n"
            + "\n".join(wrong)
            + "\nallowed as observed:\n"
            + "\n".join(
                f"{m} {r}: {' '.join(n)}" for m, by_role in observed.items() for r, n in by_role.items()
            ),
        )
        for role, model_name, name, _value in ISSUE_PROBES:
            self.assertEqual(table[role, model_name, name], "refused", (role, model_name, name))
        if os.environ.get("AFTERSALES_WRITE_MATRIX_WRITE"):
            DOC.write_text(self._document(), encoding="utf-8")

    def test_issue_probes_refused_with_their_values(self):
        """The writes of issue 13's table, with its values, each refused and
        leaving the record as it was."""
        for role, model_name, name, value in ISSUE_PROBES:
            with self.subTest(role=role, field=f"{model_name}.{name}"):
                record = self._target(role, model_name, name)
                before = record.sudo()[name]
                if callable(value):
                    value = value(self)
                outcome, message = self._json2(role, model_name, "write", ids=record.ids, vals={name: value})
                self.assertEqual(outcome, "refused", message)
                record.invalidate_recordset()
                self.assertEqual(record.sudo()[name], before)

    def test_creates_with_forged_figures_refused(self):
        request_vals = self._request_vals()
        forged = {
            "aftersales.request": (
                request_vals,
                {
                    "state": "closed",
                    "done_date": "2030-01-01 08:00:00",
                    "warranty_state": "in",
                    "onsite_deadline": "2031-01-01 08:00:00",
                    "sla_breached": True,
                    "check_in_date": "2030-01-01 08:00:00",
                },
            ),
            "aftersales.part.line": (
                {
                    "request_id": self.records["technician"]["aftersales.request"].id,
                    "product_id": self.capacitor.id,
                },
                {
                    "state": "issued",
                    "issued_qty": 9.0,
                    "price_unit": 0.01,
                    "cost_amount": 1.0,
                },
            ),
        }
        Request = self.env["aftersales.request"]
        for model_name, (base, figures) in forged.items():
            for role in ROLES:
                for name, value in figures.items():
                    with self.subTest(role=role, field=f"{model_name}.{name}"):
                        count = self.env[model_name].search_count([])
                        outcome, message = self._json2(
                            role, model_name, "create", vals_list=[{**base, name: value}]
                        )
                        self.assertEqual(outcome, "refused", message)
                        self.assertEqual(self.env[model_name].search_count([]), count)
        # The same create without the figures is an agent's ordinary intake.
        outcome, message = self._json2("agent", "aftersales.request", "create", vals_list=[request_vals])
        self.assertEqual(outcome, "allowed", message)
        self.assertTrue(Request.search([("fault_description", "=", request_vals["fault_description"])]))

    def _count(self, model_name):
        return self.env[model_name].search_count([])

    def test_creates_with_computed_fields_forged_refused(self):
        """A computed field outside the role passes a create only with the
        value its compute gives (what a form sends back)."""
        own = self.records["technician"]["aftersales.request"]
        slack = self.env["aftersales.sla.policy"].create(
            {
                "name": "安装宽松政策",
                "request_type": "installation",
                "onsite_hours": 720.0,
                "reply_hours": 720.0,
            }
        )
        request_vals = self._request_vals(county_id=self.nanshan.id)
        computed = self.env["aftersales.request"].new(request_vals)
        self.assertNotEqual(computed.sla_policy_id, slack)
        self.assertEqual(computed.depot_id, self.depot)
        line_vals = {"request_id": own.id, "product_id": self.capacitor.id}
        forged = (
            # (model, base values, field, forged value, computed value, roles refused)
            ("aftersales.request", request_vals, "sla_policy_id", slack.id, computed.sla_policy_id.id,
             ("agent", "dispatcher", "keeper", "technician", "portal")),
            ("aftersales.request", request_vals, "depot_id", self.beijing.id, self.depot.id,
             ("agent", "technician", "portal")),
            ("aftersales.part.line", line_vals, "source_location_id", self.beijing.lot_stock_id.id,
             self.depot.lot_stock_id.id, ("agent", "dispatcher", "technician", "portal")),
        )  # fmt: skip
        for model_name, base, name, value, expected, roles in forged:
            for role in roles:
                with self.subTest(role=role, field=f"{model_name}.{name}"):
                    count = self._count(model_name)
                    outcome, message = self._json2(
                        role, model_name, "create", vals_list=[{**base, name: value}]
                    )
                    self.assertEqual(outcome, "refused", message)
                    self.assertEqual(self._count(model_name), count)
            creator = "dispatcher" if model_name == "aftersales.part.line" else "agent"
            outcome, message = self._json2(
                creator, model_name, "create", vals_list=[{**base, name: expected}]
            )
            self.assertEqual(outcome, "allowed", f"{model_name}.{name}: {message}")

    def test_copy_carries_no_state_or_figure(self):
        """A copy over the API starts in the initial state without the
        figures of its original; a default with a state or a figure is refused."""
        own = self.records["supervisor"]["aftersales.request"]
        self.assertEqual(own.state, "in_progress")
        self.assertTrue(own.check_in_date and own.sla_breached and own.escalated)
        response = self.url_open(
            "/json/2/aftersales.request/copy",
            data=json.dumps({"ids": own.ids}),
            headers={
                "Authorization": f"Bearer {self.keys['supervisor']}",
                "X-Odoo-Database": get_db_name(),
                "Content-Type": "application/json",
            },
        )
        self.assertEqual(response.status_code, 200, response.text)
        copy = self.env["aftersales.request"].browse(response.json())
        self.assertEqual(copy.state, "new")
        self.assertFalse(copy.check_in_date or copy.sla_breached or copy.escalated)
        for default in ({"state": "closed"}, {"done_date": "2030-01-01 08:00:00"}, {"sla_breached": True}):
            with self.subTest(default=default):
                count = self._count("aftersales.request")
                outcome, message = self._json2(
                    "supervisor", "aftersales.request", "copy", ids=own.ids, default=default
                )
                self.assertEqual(outcome, "refused", message)
                self.assertEqual(self._count("aftersales.request"), count)

    def test_claim_job_figures_refused(self):
        """A claimed job's parts cost and labour hours are figures: every role
        is refused, on a draft claim too (a supervisor corrects them)."""
        card = self._card(manufacturer_id=self.manufacturer.id)
        job = self._new_request(product_id=self.tv.id, lot_id=card.lot_id.id)
        self.assertEqual(job.warranty_card_id, card)
        force_write(job, {"state": "done", "warranty_state": "in", "labour_hours": 2.0})
        claim = self.records["keeper"]["aftersales.warranty.claim"]
        line = self.env["aftersales.warranty.claim.line"].create({"claim_id": claim.id, "request_id": job.id})
        self.assertEqual((claim.state, line.labour_hours), ("draft", 2.0))
        for role in ROLES:
            for name, value in (("parts_cost", 999.0), ("labour_hours", 8.0)):
                with self.subTest(role=role, field=name):
                    before = line[name]
                    outcome, message = self._json2(
                        role, "aftersales.warranty.claim.line", "write", ids=line.ids, vals={name: value}
                    )
                    self.assertEqual(outcome, "refused", message)
                    line.invalidate_recordset()
                    self.assertEqual(line[name], before)

    def test_matrix_document_is_current(self):
        self.assertEqual(
            DOC.read_text(encoding="utf-8"),
            self._document(),
            "docs/WRITE_MATRIX.md is stale: run tests/test_write_matrix.py with "
            "AFTERSALES_WRITE_MATRIX_WRITE=1",
        )

    # ------------------------------------------------------------------ the document

    def _document(self):
        columns = [role for role in ROLES if role != "technician_other"]
        lines = [
            "# Who writes which field",
            "",
            "Generated from the table of `tests/test_write_matrix.py` (issue 13), which checks every",
            "row over the JSON-2 API, as each role with an API key of its own. ✓: the role may write",
            "the field on a record it can see (a technician: on own jobs only; on another",
            "technician's job every write is refused); ·: refused, the record is left unchanged.",
            "",
            "Fields marked *system* are set only by the suite's own steps (states through their",
            "transitions; deadlines, clocks, flags, quantities, costs, prices, the 三包 outcome by",
            "the actions that compute them). A supervisor corrects one with *Correct a Figure*, with a",
            "reason kept in the chatter: a request's deadlines and check-in or check-out times, a",
            "card's sale date and price (given when the card is created, then figures), a claimed",
            "job's parts cost and labour hours (on a draft claim, in the claim's chatter). On a new",
            "record, a computed field outside the role is accepted only with the value its compute",
            "gives. A copy starts in the initial state, without the figures of its original. Portal",
            "customers write nothing over the API: the portal pages sign and rate.",
            "",
        ]
        for model_name in MODELS:
            model = self.env[model_name]
            system = model._guarded_system_fields() | {"state"}
            lines += [
                f"## {model._description} ({model_name})",
                "",
                "| field | " + " | ".join(columns) + " |",
                "|---|" + "---|" * len(columns),
            ]
            for name in self._probed_fields(model_name):
                label = model._fields[name].string
                kind = " *system*" if name in system else ""
                cells = [
                    "✓" if self._expected_outcome(role, model_name, name) == "allowed" else "·"
                    for role in columns
                ]
                lines.append(f"| {label} ({name}){kind} | " + " | ".join(cells) + " |")
            lines.append("")
        return "\n".join(lines)


# The writes of issue 13's table: (role, model, field, value or value(test)).
ISSUE_PROBES = (
    ("agent", "aftersales.request", "state", "closed"),
    ("technician", "aftersales.request", "state", "closed"),
    ("technician", "aftersales.request", "sla_breached", False),
    ("technician", "aftersales.request", "escalated", False),
    ("technician", "aftersales.request", "check_in_date", "2020-01-01 08:00:00"),
    ("agent", "aftersales.request", "onsite_deadline", "2031-06-01 08:00:00"),
    ("agent", "aftersales.request", "done_date", "2030-01-01 08:00:00"),
    ("agent", "aftersales.request", "warranty_state", "in"),
    ("technician", "aftersales.part.line", "price_unit", 0.01),
    ("technician", "aftersales.part.line", "cost_amount", 0.0),
    ("technician", "aftersales.part.line", "issued_qty", 99.0),
    ("technician", "aftersales.part.line", "state", "planned"),
    ("keeper", "aftersales.request", "fault_description", "篡改的故障描述"),
)

# Not probed: the record's reference, the ORM's log columns, the company
# (multi-company is the record rules' matter, tests/test_security_matrix.py).
SKIPPED = frozenset({"id", "name", "create_uid", "create_date", "write_uid", "write_date", "company_id"})

# The messages of a refusal for the role (the write guard's and the older
# checks of one field that run before it).
ROLE_REFUSALS = (
    "cannot be written directly",
    "not part of their role",
    "Only an after-sales supervisor",
    "Only the service manager",
    "Only a supervisor",
    "Only a dispatcher",
)

# Test values a field's rules accept: (model, field) -> value(test, record).
VALUES = {
    ("aftersales.part.line", "used_qty"): lambda t, r: 0.5,
    ("aftersales.parts.transfer", "source_type"): lambda t, r: (
        "depot" if r.source_type != "depot" else "supplier"
    ),
}

# A 1x1 PNG, for the signature.
_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg=="
)
