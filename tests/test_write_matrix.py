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

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.addons.aftersales_parts.models.aftersales_part_line import LIVE_FIELDS
from odoo.addons.aftersales_parts.tests import common as parts_common
from odoo.addons.aftersales_service.models.aftersales_write_guard import SUITE_ADDONS
from odoo.addons.aftersales_service.tests.common import force_create, force_write
from odoo.addons.aftersales_warranty.tests import common as warranty_common
from odoo.tests import HttpCase, get_db_name, new_test_user, tagged

from ._base import SuiteCase

DOC = Path(__file__).resolve().parent.parent / "docs" / "WRITE_MATRIX.md"

ROLES = (
    "agent",
    "dispatcher",
    "technician",
    "technician_other",
    "keeper",
    "supervisor",
    "manager",
    "portal",
    "advisor",
    "inspector",
)

# The record each model is probed on (`technician_other`: another technician's job).
# A reconciliation's lines come before it: a new depot or month drops its lines.
MODELS = (
    "aftersales.request",
    "aftersales.part.line",
    "aftersales.old.part",
    "aftersales.parts.transfer",
    "aftersales.parts.reconciliation.line",
    "aftersales.parts.reconciliation",
    "aftersales.callback",
    "aftersales.complaint",
    "aftersales.penalty",
    "aftersales.discount.slip",
    "aftersales.discount.slip.line",
    "aftersales.warranty.card",
    "aftersales.warranty.claim",
    "aftersales.warranty.claim.line",
    "aftersales.warranty.claim.history",
    "aftersales.warranty.repair",
    "aftersales.meter.reading",
    "aftersales.workshop.job",
    "aftersales.workshop.line",
    "sale.order",
    "aftersales.workshop.belonging",
    "aftersales.workshop.qc",
    "aftersales.workshop.qc.line",
    "aftersales.workshop.promise",
    "aftersales.workshop.qc.template",
    "aftersales.workshop.qc.template.item",
    # configuration
    "aftersales.team",
    "aftersales.county",
    "aftersales.stage",
    "aftersales.sla.policy",
    "aftersales.complaint.class",
    "aftersales.warranty.policy",
    "aftersales.warranty.policy.accessory",
    "aftersales.workshop",
)

# The suite's other models, each with why no client write is probed on it;
# test_every_model_is_in_the_matrix fails on a model in neither list.
EXCLUDED = {
    "aftersales.request.report": "SQL view (KPI report): no table to write",
    "aftersales.callback.report": "SQL view (callback report): no table to write",
    "aftersales.complaint.report": "SQL view (complaint report): no table to write",
    "aftersales.correction.wizard": "transient wizard: its step checks the role and records the correction",
    "aftersales.dispatch.wizard": "transient wizard: its plan is booked through the request's steps",
    "aftersales.dispatch.wizard.line": "transient wizard line: a proposal, booked through the request's steps",
    "aftersales.monthly.summary.wizard": "transient wizard: prints a report, writes nothing",
    "aftersales.request.reason.wizard": "transient wizard: the reason goes through the request's steps",
    "aftersales.parts.shortage.wizard": "transient wizard: opens a transfer, which is probed",
    "aftersales.parts.shortage.wizard.line": "transient wizard line: a depot's stock, read only",
    "aftersales.replenishment.wizard": "transient wizard: writes Odoo's reorder rules (stock's own rights)",
    "aftersales.replenishment.wizard.line": "transient wizard line: a suggestion for a reorder rule",
    "aftersales.warranty.remedy.wizard": "transient wizard: the remedy runs the card's guarded steps",
    "aftersales.warranty.claim.generate.wizard": "transient wizard: claims are generated by the suite",
    "aftersales.workshop.consent.wizard": "transient wizard: the consent confirms the quotation through its step",
    "aftersales.workshop.refusal.wizard": "transient wizard: the refusal is recorded on the items by the suite",
    "aftersales.workshop.promise.wizard": "transient wizard: a new time goes through the job's promise step",
}

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
        "department_ids",
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
# A claim line's parts cost and labour hours are the job's figures (system);
# a station or a supervisor only puts a finished job on a draft claim.
CLAIM_LINE = frozenset({"claim_id", "request_id"})
# A penalty slip is the supervisor's decision (amount defaulted from the
# settings); its state, confirmer and execution date are the steps'.
PENALTY = frozenset({"complaint_id", "employee_id", "reason", "amount"})
# The keeper opens the month of a depot; every figure of it and of its lines
# is computed from the stock moves (a count is an inventory adjustment in stock).
RECONCILIATION = frozenset({"depot_id", "date_from"})
# Configuration: the manager's (the supervisor also organises the teams).
TEAM = frozenset({"name", "sequence", "active", "leader_id", "member_ids", "county_ids", "color"})
CONFIGURATION = {
    "aftersales.county": frozenset({"name", "code", "city", "state_id", "latitude", "longitude", "active"}),
    "aftersales.stage": frozenset({"name", "sequence", "state", "fold", "description", "active"}),
    "aftersales.sla.policy": frozenset(
        {
            "name",
            "sequence",
            "active",
            "request_type",
            "priority",
            "onsite_hours",
            "reply_hours",
            "callback_days",
            "use_working_calendar",
            "calendar_id",
        }
    ),
    "aftersales.complaint.class": frozenset({"name", "sequence", "active", "description"}),
    "aftersales.workshop": frozenset(
        {"name", "sequence", "active", "team_id", "depot_id", "county_id", "address", "phone"}
    ),
    "aftersales.warranty.policy": frozenset(
        {
            "name",
            "sequence",
            "active",
            "refund_days",
            "exchange_days",
            "warranty_months",
            "main_part_months",
            "max_repairs",
            "parts_wait_days",
            "repairer_delay_days",
            "daily_depreciation_rate",
            "count_sale_day",
            "product_categ_ids",
            "product_ids",
            "main_part_product_ids",
            "note",
        }
    ),
    "aftersales.warranty.policy.accessory": frozenset({"sequence", "policy_id", "code", "name", "months"}),
}
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

# The workshop (issue 14): the advisor's records of the customer's choices, and the
# items of an estimate (a technician proposes added items; whether one is
# free is the advisor's call). Prices, costs, consents, the quotation link and
# the signatures' times are the steps' figures.
JOB_ADVISOR = frozenset({"old_parts_choice", "settlement_signature", "settlement_signed_by"})
WORKSHOP_ITEM = frozenset({"kind", "product_id", "name", "quantity", "safety", "sequence"})

# The workshop (issue 14): the advisor writes the reception record and the
# first promise; the technician fills the self-check, the inspector the final
# check (the technician's and the inspector's rows are probed on a self-check
# and on a final check respectively); a manager keeps the checklists. Meter
# readings, promises' history and the checks' results are the suite's.
WORKSHOP_RECEPTION = frozenset(
    {
        "request_id",
        "workshop_id",
        "advisor_id",
        "reception_condition",
        "reception_damage",
        "reception_missing",
        "customer_words",
        "meter_value",
        "reception_signature",
        "reception_signed_by",
        "reception_photo_ids",
        "promised_date",
    }
)
BELONGING = frozenset({"job_id", "name", "sequence", "quantity", "note", "returned"})
QC_FILL = {
    "aftersales.workshop.qc": frozenset({"note"}),
    # The item's wording comes from the checklist; the checker may reword it.
    "aftersales.workshop.qc.line": frozenset({"name", "result", "note"}),
}
WORKSHOP_ADVICE = {
    "aftersales.workshop.job": WORKSHOP_RECEPTION | JOB_ADVISOR,
    "aftersales.workshop.belonging": BELONGING,
    "aftersales.workshop.line": WORKSHOP_ITEM | {"free"},
}
CHECKLISTS = {
    "aftersales.workshop.qc.template": frozenset({"name", "categ_ids", "sequence", "active"}),
    "aftersales.workshop.qc.template.item": frozenset({"template_id", "name", "sequence", "description"}),
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
        "aftersales.parts.reconciliation": RECONCILIATION,
        "aftersales.penalty": PENALTY,
        "aftersales.warranty.claim": CLAIM,
        "aftersales.warranty.claim.line": CLAIM_LINE,
        "aftersales.team": TEAM,
        **SUPERVISION,
        **WORKSHOP_ADVICE,
    }
    agent = {
        "aftersales.request": REQUEST_INTAKE | REQUEST_WARRANTY_INPUT,
        "aftersales.callback": CALLBACK,
        "aftersales.complaint": COMPLAINT,
        "aftersales.parts.transfer": TRANSFER,
    }
    by_role = {
        "agent": agent,
        "advisor": {**agent, **WORKSHOP_ADVICE},
        "inspector": QC_FILL,
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
            "aftersales.workshop.line": WORKSHOP_ITEM,
            **QC_FILL,
        },
        "keeper": {
            "aftersales.request": frozenset({"depot_id"}),
            "aftersales.part.line": PART_LINE_PLAN | {"used_qty", "source_location_id"},
            "aftersales.parts.transfer": TRANSFER,
            "aftersales.old.part": OLD_PART,
            "aftersales.parts.reconciliation": RECONCILIATION,
            "aftersales.warranty.claim": CLAIM,
            "aftersales.warranty.claim.line": CLAIM_LINE,
        },
        "supervisor": supervisor,
        # A manager (full rights on checks) may reword a check's item, not its result.
        "manager": {**supervisor, **CONFIGURATION, **CHECKLISTS, "aftersales.workshop.qc.line": {"name"}},
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
        cls.advisor = new_test_user(
            cls.env, "as_wm_advisor", groups="aftersales_workshop.group_aftersales_advisor", name="顾问 陈静"
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
            "advisor": cls.advisor,
            "portal": cls.portal,
            "inspector": new_test_user(
                cls.env,
                "as_wm_inspector",
                groups="aftersales_workshop.group_aftersales_inspector",
                name="质检员 吴",
            ),
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
            **cls._make_supervision_records(own),
            **cls._make_claim_records(),
            **cls._make_configuration_records(),
        }
        common.update(cls._workshop_records())
        common.update(cls._estimate_records())
        cls.issued_lines = {"technician_other": other_line}
        records = {}
        for role in ROLES:
            records[role] = {
                "aftersales.request": other if role == "technician_other" else own,
                "aftersales.part.line": other_line if role == "technician_other" else own_planned,
                **common,
            }
            if role == "inspector":
                records[role].update(cls.final_check)
            cls.issued_lines.setdefault(role, own_line)
        return records

    @classmethod
    def _workshop_records(cls):
        """A job of the own technician waiting for its final check, its
        reception not signed yet; its self-check and final check open (the
        inspector's rows are probed on the final check)."""
        env = cls.env
        Job = env["aftersales.workshop.job"]
        workshops = env["aftersales.workshop"].create(
            [{"name": name, "depot_id": cls.depot.id} for name in ("写入矩阵维修中心", "写入矩阵备用车间")]
        )

        def request():
            return cls._new_request(
                technician_id=cls.technician.id,
                county_id=cls.nanshan.id,
                product_id=cls.aircon.id,
                channel="walk_in",
            )

        job = Job.create(
            {
                "request_id": request().id,
                "workshop_id": workshops[0].id,
                "belonging_ids": [(0, 0, {"name": "遥控器"})],
            }
        )
        cls.other_job = Job.create({"request_id": request().id, "workshop_id": workshops[0].id})
        cls.spare_request = request()
        force_write(job, {"state": "qc"})
        QC = env["aftersales.workshop.qc"]
        self_check, final_check = QC._open_for(job, "self"), QC._open_for(job, "final")
        cls.final_check = {
            "aftersales.workshop.qc": final_check,
            "aftersales.workshop.qc.line": final_check.line_ids[0],
        }
        car = env["product.product"].create(
            {"name": "写入矩阵轿车", "is_storable": True, "tracking": "serial", "aftersales_meter_unit": "km"}
        )
        vin = env["stock.lot"].create({"name": "LWM0000000000001", "product_id": car.id})
        now = fields.Datetime.now().replace(microsecond=0)
        template = env.ref("aftersales_workshop.qc_template_general")
        return {
            "aftersales.meter.reading": env["aftersales.meter.reading"]._record(vin, 1000.0),
            "aftersales.workshop.job": job,
            "aftersales.workshop.belonging": job.belonging_ids,
            "aftersales.workshop.qc": self_check,
            "aftersales.workshop.qc.line": self_check.line_ids[0],
            "aftersales.workshop.promise": force_create(
                env["aftersales.workshop.promise"],
                {
                    "job_id": job.id,
                    "old_date": now,
                    "new_date": now + timedelta(days=1),
                    "reason": "等配件",
                    "told_by_id": cls.agent.id,
                    "told_on": now,
                    "user_id": cls.agent.id,
                },
            ),
            "aftersales.workshop.qc.template": template,
            "aftersales.workshop.qc.template.item": template.item_ids[0],
        }

    @classmethod
    def _estimate_records(cls):
        """A job of the technician's in work, with an added item proposed
        (what a technician and an advisor may still change), and its
        estimate's quotation."""
        env = cls.env
        workshops = env["aftersales.workshop"].create(
            [{"name": name, "depot_id": cls.depot.id} for name in ("矩阵估价中心", "矩阵快修点")]
        )
        labour = env["product.product"].create({"name": "矩阵工时", "type": "service", "list_price": 80.0})
        env.company.aftersales_labour_product_id = labour
        request = cls._new_request(
            technician_id=cls.technician.id,
            county_id=cls.nanshan.id,
            product_id=cls.aircon.id,
            channel="walk_in",
        )
        job = env["aftersales.workshop.job"].create(
            {"request_id": request.id, "workshop_id": workshops[0].id}
        )
        force_write(job, {"state": "estimate", "old_parts_choice": "leave"})
        env["aftersales.workshop.line"].create({"job_id": job.id, "kind": "labour", "quantity": 1.0})
        job.action_send_estimate()
        order = job.estimate_order_id
        force_write(job, {"state": "in_work"})
        line = env["aftersales.workshop.line"].create(
            {"job_id": job.id, "kind": "part", "product_id": cls.capacitor.id, "quantity": 1.0}
        )
        return {"aftersales.workshop.line": line, "sale.order": order}

    @classmethod
    def _make_supervision_records(cls, job):
        """A draft penalty slip on a justified complaint, and this month's
        reconciliation of the depot, computed."""
        env = cls.env
        justified = env["aftersales.complaint"].create(
            [
                {
                    "partner_id": cls.customer.id,
                    "request_id": job.id,
                    "customer_words": words,
                    "promised_date": date.today() + timedelta(days=3),
                }
                for words in ("师傅态度恶劣", "师傅未戴鞋套")
            ]
        )
        force_write(justified, {"legitimacy": "justified"})
        cls.other_justified = justified[1]
        reconciliation = env["aftersales.parts.reconciliation"].create(
            {"depot_id": cls.depot.id, "date_from": date.today()}
        )
        reconciliation.action_compute()
        cls.other_reconciliation = env["aftersales.parts.reconciliation"].create(
            {"depot_id": cls.beijing.id, "date_from": date.today()}
        )
        return {
            "aftersales.penalty": env["aftersales.penalty"].create(
                {
                    "complaint_id": justified[0].id,
                    "employee_id": cls.technician.id,
                    "reason": "服务态度恶劣",
                    "amount": 100.0,
                }
            ),
            "aftersales.parts.reconciliation": reconciliation,
            "aftersales.parts.reconciliation.line": reconciliation.line_ids[:1],
        }

    @classmethod
    def _make_claim_records(cls):
        """Two finished warranty jobs of the manufacturer: one on a draft
        claim (its line and a line of history), one still free; and a second
        draft claim of the same manufacturer."""
        env = cls.env
        maker_card = cls._card(manufacturer_id=cls.manufacturer.id)
        jobs = env["aftersales.request"].browse()
        for _index in range(2):
            jobs |= cls._new_request(
                county_id=cls.nanshan.id, product_id=cls.tv.id, lot_id=maker_card.lot_id.id
            )
        force_write(
            jobs,
            {
                "state": "done",
                "done_date": fields.Datetime.now().replace(microsecond=0),
                "warranty_card_id": maker_card.id,
                "warranty_state": "in",
            },
        )
        cls.free_job = jobs[1]
        Claim = env["aftersales.warranty.claim"]
        claim = Claim.create(
            {"manufacturer_id": cls.manufacturer.id, "line_ids": [Command.create({"request_id": jobs[0].id})]}
        )
        cls.other_draft_claim = Claim.create({"manufacturer_id": cls.manufacturer.id})
        history = force_create(
            env["aftersales.warranty.claim.history"],
            {"claim_id": claim.id, "from_state": "draft", "to_state": "submitted", "reason": "首次提交"},
        )
        return {
            "aftersales.warranty.claim.line": claim.line_ids,
            "aftersales.warranty.claim.history": history,
        }

    @classmethod
    def _make_configuration_records(cls):
        """Configuration records of the test's own (an inactive SLA policy:
        it times no other test's request)."""
        env = cls.env
        return {
            "aftersales.team": env["aftersales.team"].create(
                {
                    "name": "矩阵测试组",
                    "leader_id": cls.dispatcher.id,
                    "member_ids": [Command.set(cls.agent.ids)],
                    "county_ids": [Command.set(cls.nanshan.ids)],
                }
            ),
            "aftersales.county": env["aftersales.county"].create(
                {
                    "name": "矩阵县",
                    "code": "999901",
                    "city": "矩阵市",
                    "state_id": cls.guangdong.id,
                    "latitude": 22.5,
                    "longitude": 113.9,
                }
            ),
            "aftersales.stage": env["aftersales.stage"].create(
                {"name": "矩阵阶段", "state": "cancelled", "sequence": 99}
            ),
            "aftersales.sla.policy": env["aftersales.sla.policy"].create(
                {"name": "矩阵时限", "active": False, "request_type": "repair", "priority": "2"}
            ),
            "aftersales.complaint.class": env["aftersales.complaint.class"].create({"name": "矩阵投诉类别"}),
            "aftersales.warranty.policy": cls.tv_policy,
            "aftersales.warranty.policy.accessory": env["aftersales.warranty.policy.accessory"].create(
                {"policy_id": cls.tv_policy.id, "code": "battery", "name": "电池", "months": 6}
            ),
            "aftersales.workshop": env["aftersales.workshop"].create(
                {"name": "矩阵配置车间", "depot_id": cls.depot.id}
            ),
        }

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
            if field.type == "one2many" or name in SKIPPED:
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
        if field.type in ("many2one", "many2many"):
            domain = [("id", "not in", current.ids)]
            if "company_id" in self.env[field.comodel_name]._fields:
                domain.append(("company_id", "in", (False, self.company.id)))
            other = self.env[field.comodel_name].sudo().search(domain, limit=1)
            self.assertTrue(other, f"no other {field.comodel_name} for {record._name}.{name}")
            return other.id if field.type == "many2one" else [Command.link(other.id)]
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

    def test_every_model_is_in_the_matrix(self):
        """Every model of the suite with a field a client could write is
        probed, or listed in EXCLUDED with the reason why not."""
        suite = {
            name
            for name in self.env.registry
            if name.startswith("aftersales.") and not self.env[name]._abstract
        }
        missing = sorted(name for name in suite - set(MODELS) - set(EXCLUDED) if self._probed_fields(name))
        self.assertFalse(missing, f"models neither in MODELS nor in EXCLUDED: {missing}")
        self.assertFalse(set(MODELS) & set(EXCLUDED), "a model is both probed and excluded")
        self.assertFalse(set(EXCLUDED) - suite, "EXCLUDED names models that do not exist")
        for name in EXCLUDED:
            model = self.env[name]
            self.assertTrue(model._transient or not model._auto, f"{name} is a real table: probe it")

    def test_decided_penalty_and_confirmed_month_are_fixed(self):
        """What the matrix allows on a draft is refused once the step is taken:
        the supervisor's amount of a confirmed penalty slip, the keeper's
        depot and month of a confirmed reconciliation (unchanged, both)."""
        penalty = self.records["supervisor"]["aftersales.penalty"]
        reconciliation = self.records["keeper"]["aftersales.parts.reconciliation"]
        penalty.with_user(self.supervisor).action_confirm()
        reconciliation.with_user(self.keeper).action_confirm()
        probes = (
            ("supervisor", penalty, "amount", 1.0, "can only be changed in draft"),
            ("manager", penalty, "employee_id", self.other_technician.id, "can only be changed in draft"),
            ("keeper", reconciliation, "date_from", "2031-02-01", "depot and month cannot change"),
            ("supervisor", reconciliation, "depot_id", self.beijing.id, "depot and month cannot change"),
        )
        for role, record, name, value, refusal in probes:
            with self.subTest(role=role, field=f"{record._name}.{name}"):
                before = record[name]
                outcome, message = self._json2(
                    role, record._name, "write", ids=record.ids, vals={name: value}
                )
                self.assertNotEqual(outcome, "allowed")
                self.assertIn(refusal, message)
                record.invalidate_recordset()
                self.assertEqual(record[name], before)
        # In draft again, a new month drops the lines computed for the old one.
        reconciliation.with_user(self.keeper).action_reset()
        self.assertTrue(reconciliation.line_ids)
        outcome, message = self._json2(
            "keeper", reconciliation._name, "write", ids=reconciliation.ids, vals={"date_from": "2031-02-15"}
        )
        self.assertEqual(outcome, "allowed", message)
        reconciliation.invalidate_recordset()
        self.assertEqual(reconciliation.date_from, date(2031, 2, 1))
        self.assertFalse(reconciliation.line_ids)

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
        """The document is the EXPECTED table (test_write_matrix checks it row
        by row): with AFTERSALES_WRITE_MATRIX_WRITE=1 this writes it."""
        if os.environ.get("AFTERSALES_WRITE_MATRIX_WRITE"):
            DOC.write_text(self._document(), encoding="utf-8")
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
            "A step fixes what was decided before it: a confirmed penalty slip keeps its amount, a",
            "confirmed reconciliation its depot and month, a submitted claim its jobs. A reference",
            "(request, complaint, card or claim number) is numbered once, by the suite.",
            "",
            "Configuration (teams, counties, stages, SLA and three-guarantee policies, complaint",
            "classes) is the manager's; a supervisor also organises the service teams.",
            "",
            "Not probed (SQL views and transient wizards):",
            "",
            *(f"- `{name}`: {reason}" for name, reason in sorted(EXCLUDED.items())),
            "",
        ]
        for model_name in MODELS:
            model = self.env[model_name]
            guarded = hasattr(model, "_guarded_system_fields")
            system = model._guarded_system_fields() if guarded else frozenset()
            if hasattr(model, "_move_to"):
                system |= {"state"}
            lines += [
                f"## {model._description} ({model_name})",
                "",
                "| field | " + " | ".join(columns) + " |",
                "|---|" + "---|" * len(columns),
            ]
            for name in self._probed_fields(model_name):
                field = model._fields[name]
                label = field.string
                reference = name == "name" and field.readonly
                kind = " *system*" if name in system or reference else ""
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

# Not probed: the ORM's log columns, the company (multi-company is the record
# rules' matter, tests/test_security_matrix.py).
SKIPPED = frozenset({"id", "create_uid", "create_date", "write_uid", "write_date", "company_id"})

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
    # One job per request; a belonging moves to another job not signed yet.
    ("aftersales.workshop.job", "request_id"): lambda t, r: t.spare_request.id,
    ("aftersales.workshop.belonging", "job_id"): lambda t, r: t.other_job.id,
    ("aftersales.part.line", "used_qty"): lambda t, r: 0.5,
    ("aftersales.penalty", "complaint_id"): lambda t, r: t.other_justified.id,
    ("aftersales.parts.reconciliation", "depot_id"): lambda t, r: t.beijing.id,
    ("aftersales.parts.reconciliation", "date_from"): lambda t, r: fields.Date.to_string(
        r.date_from + relativedelta(months=1)
    ),
    ("aftersales.warranty.claim.line", "claim_id"): lambda t, r: t.other_draft_claim.id,
    ("aftersales.warranty.claim.line", "request_id"): lambda t, r: t.free_job.id,
    ("aftersales.county", "code"): lambda t, r: "999902",
    ("aftersales.parts.reconciliation.line", "reconciliation_id"): lambda t, r: t.other_reconciliation.id,
    ("aftersales.parts.transfer", "source_type"): lambda t, r: (
        "depot" if r.source_type != "depot" else "supplier"
    ),
}

# A 1x1 PNG, for the signature.
_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg=="
)
