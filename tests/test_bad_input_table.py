"""Bad input across the addons, as one table (issue 7, "Bad input"; the
workshop's rows, issue 14, in a table of their own at the end).

Each row is a call the suite must refuse: the exception class, a pattern
naming what is wrong, and a probe of what the call could have written (a
record count, or the fields of the record it touched), read before and after
the refused call. The call runs inside Odoo's savepoint-aware assertRaises,
as a real RPC call would roll back; the probe shows nothing stayed behind.

One row is not an exception: an altered (tampered) warranty card is
evaluated, and the result must be "no free remedy".
"""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from odoo import Command, fields
from odoo.addons.aftersales_parts.tests import common as parts_common
from odoo.addons.aftersales_service.tests.common import OFFICE_HOURS, force_create, force_write, make_calendar
from odoo.addons.aftersales_warranty.tests import common as warranty_common
from odoo.addons.aftersales_workshop.tests.common_quality import (
    QualityCase,
    force_passed_final_check,
    png_signature,
)
from odoo.addons.aftersales_workshop.tests.estimate_common import SIGNATURE, EstimateCase
from odoo.exceptions import AccessError, UserError, ValidationError

from ._base import SuiteCase

# Far-future weeks, one per booking row, so the rows never book each other.
# 2030-03-04 is a Monday; 02:00 UTC is 10:00 in Shanghai.
MONDAY_10 = datetime(2030, 3, 4, 2, 0)


def week(n, days=0, hours=0):
    return MONDAY_10 + timedelta(weeks=n, days=days, hours=hours)


@dataclass(frozen=True)
class Case:
    id: str
    exc: type | None  # None: the call returns a result (as text) the pattern must match
    pattern: str
    call: Any  # (test, setup) -> result; the bad call
    probe: Any  # (test, setup) -> value that must not change
    setup: Any = None  # (test) -> dict of the records the row needs


# ---------------------------------------------------------------- probes


def count(model, domain=()):
    def probe(t, s):
        return t.env[model].with_context(active_test=False).search_count(list(domain))

    return probe


def count_where(model, domain_of):
    def probe(t, s):
        return t.env[model].with_context(active_test=False).search_count(domain_of(t, s))

    return probe


def fields_of(key, *fnames):
    """The values of `fnames` on setup record `key`, read from the database."""

    def probe(t, s):
        record = s[key]
        record.invalidate_recordset()
        values = record.read(list(fnames))[0]
        return tuple(values[f] for f in fnames)

    return probe


def both(*probes):
    def probe(t, s):
        return tuple(p(t, s) for p in probes)

    return probe


REQUESTS = count("aftersales.request")
PART_LINES = count("aftersales.part.line")
TRANSFERS = count("aftersales.parts.transfer")
CARDS = count("aftersales.warranty.card")
COMPLAINTS = count("aftersales.complaint")
CALLBACKS = count("aftersales.callback")
PENALTIES = count("aftersales.penalty")
MOVES = count("account.move")
STOCK_MOVES = count("stock.move")


# ---------------------------------------------------------------- setups


def new_request(**vals):
    return lambda t: {"req": t._new_request(**vals)}


def request_in(state, **vals):
    def setup(t):
        request = t._new_request(**vals)
        force_write(request, {"state": state})
        return {"req": request}

    return setup


def assigned(technician_attr, **vals):
    def setup(t):
        request = t._new_request(technician_id=getattr(t, technician_attr).id, **vals)
        request.action_assign()
        return {"req": request}

    return setup


def booked(n):
    """Technician 张伟 booked on Monday of week `n`, 10:00-12:00; a second
    request of his, assigned and not yet planned."""

    def setup(t):
        first = t._new_request(technician_id=t.technician.id)
        first.write({"planned_start": week(n), "planned_end": week(n, hours=2)})
        first.action_assign()
        second = t._new_request(technician_id=t.technician.id)
        second.action_assign()
        return {"first": first, "req": second}

    return setup


def job_with_line(qty=1.0, issue=False, product=None, **job_vals):
    def setup(t):
        request = t._job(**job_vals)
        line = t._line(request, product or t.compressor, qty=qty)
        if issue:
            line.action_issue()
        return {"req": request, "line": line}

    return setup


def closed_job_with_line(t):
    s = job_with_line()(t)
    force_write(s["req"], {"state": "closed"})
    return s


def old_part(state="pending", supplier=True):
    def setup(t):
        request = t._job()
        part = t.env["aftersales.old.part"].create(
            {
                "request_id": request.id,
                "depot_id": t.depot.id,
                "product_id": t.compressor.id,
                "quantity": 1.0,
                "supplier_id": t.manufacturer.id if supplier else False,
            }
        )
        force_write(part, {"state": state})
        return {"req": request, "part": part}

    return setup


def transfer(state="draft", **vals):
    def setup(t):
        record = t.env["aftersales.parts.transfer"].create(
            {
                "product_id": t.compressor.id,
                "quantity": 1.0,
                "dest_depot_id": t.depot.id,
                "source_depot_id": t.beijing.id,
                **vals,
            }
        )
        force_write(record, {"state": state})
        return {"transfer": record}

    return setup


def transfer_vals(t, **vals):
    return {
        "product_id": t.compressor.id,
        "quantity": 1.0,
        "dest_depot_id": t.depot.id,
        "source_depot_id": t.beijing.id,
        **vals,
    }


def card_setup(days_ago=100, **vals):
    def setup(t):
        return {"card": t._card(invoice_date=t._days_ago(days_ago), **vals)}

    return setup


def carded_request(days_ago=100):
    """A request on a carded TV, and the evaluation wizard opened on it."""

    def setup(t):
        card = t._card(invoice_date=t._days_ago(days_ago))
        request = t._new_request(product_id=t.tv.id, lot_id=card.lot_id.id)
        return {"card": card, "req": request}

    return setup


def evaluate_on_request(fault_date_of, **wizard_vals):
    def call(t, s):
        wizard = t.env["aftersales.warranty.remedy.wizard"].create(
            {
                "request_id": s["req"].id,
                "fault_date": fault_date_of(t, s),
                **wizard_vals,
            }
        )
        return wizard.action_record()

    return call


REQUEST_WARRANTY = fields_of("req", "warranty_state", "warranty_rule", "warranty_evaluated_on")
CARD_STATE = fields_of("card", "state", "verification_hash", "price")


def closed_card_setup(t):
    card = t._card(invoice_date=t._days_ago(100))
    card.action_close()
    return {"card": card}


def tampered_setup(t):
    card = t._card(invoice_date=t._days_ago(3), price=3000.0)
    t.env.flush_all()
    t.env.cr.execute("UPDATE aftersales_warranty_card SET price = 9000 WHERE id = %s", [card.id])
    t.env.invalidate_all()
    return {"card": card}


def tampered_call(t, s):
    result = s["card"].evaluate_claim(t._days_ago(1))
    return f"rule={result['rule']} free={result['free']} remedies={result['remedies']} tampered={result['tampered']}"


def repaired_unit_setup(t):
    card = t._card(invoice_date=t._days_ago(10))
    repaired = t._card(invoice_date=t._days_ago(300))
    t.Repair.create(
        {"card_id": repaired.id, "date_in": t._days_ago(100), "date_out": t._days_ago(90), "fixed": True}
    )
    repaired.action_close()
    t.env["stock.quant"]._update_available_quantity(
        repaired.lot_id.product_id, t.warehouse.lot_stock_id, 1.0, lot_id=repaired.lot_id
    )
    return {"card": card, "replacement": repaired.lot_id}


def claim(state="draft", reason=False):
    def setup(t):
        record = t.env["aftersales.warranty.claim"].create({"manufacturer_id": t.manufacturer.id})
        force_write(record, {"state": state, "reject_reason": reason})
        return {"claim": record}

    return setup


def claim_with_pending_old_part(t):
    card = t._card(invoice_date=t._days_ago(60), manufacturer_id=t.manufacturer.id)
    request = t._new_request(product_id=t.tv.id, lot_id=card.lot_id.id)
    force_write(request, {"state": "done", "warranty_state": "in", "work_done": "更换主板"})
    record = t.env["aftersales.warranty.claim"].create(
        {
            "manufacturer_id": t.manufacturer.id,
            "line_ids": [Command.create({"request_id": request.id})],
        }
    )
    t.env["aftersales.old.part"].create(
        {
            "request_id": request.id,
            "depot_id": t.depot.id,
            "product_id": t.compressor.id,
            "quantity": 1.0,
        }
    )
    invoice = t.env["account.move"].create(
        {
            "move_type": "out_invoice",
            "partner_id": t.manufacturer.id,
            "invoice_line_ids": [
                Command.create(
                    {"name": "三包索赔", "quantity": 1.0, "price_unit": 100.0, "tax_ids": [Command.clear()]}
                )
            ],
        }
    )
    invoice.action_post()
    force_write(record, {"state": "invoiced", "invoice_id": invoice.id})
    return {"claim": record}


CLAIM_STATE = both(
    fields_of("claim", "state", "approved_by_id", "settled_date"), count("aftersales.warranty.claim.history")
)


def complaint(state="new", major=False, legitimacy="pending", solution=False, **vals):
    def setup(t):
        record = t.env["aftersales.complaint"].create(
            {
                "partner_id": t.customer.id,
                "promised_date": fields.Date.context_today(t.env.user) + timedelta(days=3),
                "customer_words": "师傅上门迟到两小时",
                "is_major": major,
                "solution": solution,
                **vals,
            }
        )
        if legitimacy != "pending":
            record.with_user(t.supervisor).write({"legitimacy": legitimacy})
        force_write(record, {"state": state})
        return {"complaint": record}

    return setup


COMPLAINT_STATE = fields_of("complaint", "state", "legitimacy", "rejection_reason", "approved_by_id")


def slip(state="draft", month="2031-01-01", amount=0.0):
    def setup(t):
        request = t._new_request()
        lines = (
            [Command.create({"request_id": request.id, "reason": "上门超时折让", "amount": amount})]
            if amount
            else []
        )
        record = t.env["aftersales.discount.slip"].create(
            {"partner_id": t.customer.id, "month": month, "line_ids": lines}
        )
        force_write(record, {"state": state})
        return {"slip": record, "req": request}

    return setup


SLIP_STATE = fields_of("slip", "state", "partner_id", "approved_by_id", "amount_total")


def company_b_request(t):
    request = (
        t.env["aftersales.request"]
        .with_company(t.company_b)
        .create(t._request_vals(partner_id=t.partner_b.id, company_id=t.company_b.id))
    )
    return {"req": request.with_env(t.env)}


def bad_phone(phone):
    slug = re.sub(r"\W+", "_", phone).strip("_")
    return Case(
        f"intake_phone_{slug}",
        ValidationError,
        rf'Contact phone: "{re.escape(phone)}" is not a valid phone number',
        lambda t, s: t._new_request(contact_phone=phone),
        REQUESTS,
    )


# ---------------------------------------------------------------- the table

CASES = [
    # --- intake -----------------------------------------------------------------
    bad_phone("abc-defg"),
    bad_phone("1381234567"),  # 10 digits
    bad_phone("12812345678"),  # no mobile range starts 12
    bad_phone("0755-12345678-123"),  # bare extension: ambiguous
    bad_phone("13812345678 转 12"),  # a mobile has no extension
    bad_phone("+12345"),  # too short for an international number
    bad_phone("0755-123"),  # local number too short
    Case(
        "intake_phone_write",
        ValidationError,
        r'Contact phone: "010-1234" is not a valid phone number',
        lambda t, s: s["req"].write({"contact_phone": "010-1234"}),
        fields_of("req", "contact_phone"),
        new_request(),
    ),
    Case(
        "intake_missing_fault",
        ValidationError,
        r"is missing: .*Fault Description",
        lambda t, s: t._new_request(fault_description="   "),
        REQUESTS,
    ),
    Case(
        "intake_missing_customer",
        ValidationError,
        r"is missing: .*Customer",
        lambda t, s: t._new_request(partner_id=False),
        REQUESTS,
    ),
    Case(
        "intake_missing_phone",
        ValidationError,
        r"is missing: .*Contact Phone",
        lambda t, s: t._new_request(partner_id=t.no_phone_customer.id, contact_phone=False),
        REQUESTS,
    ),
    Case(
        "intake_fault_date_future",
        ValidationError,
        r"the fault date \S+ is in the future",
        lambda t, s: t._new_request(fault_date=fields.Date.context_today(t.env.user) + timedelta(days=2)),
        REQUESTS,
    ),
    Case(
        "intake_lot_of_other_product",
        ValidationError,
        r"serial number \S+ belongs to .*滚筒洗衣机.*not to .*彩电",
        lambda t, s: t._new_request(product_id=t.tv.id, lot_id=t._lot(t.washer, "XQG-WRONG-1").id),
        both(REQUESTS, count("stock.lot")),
    ),
    Case(
        "intake_employee_not_technician",
        ValidationError,
        r"财务 孙丽 is not flagged as a technician",
        lambda t, s: s["req"].write({"technician_id": t.clerk.id}),
        fields_of("req", "technician_id"),
        new_request(),
    ),
    # --- planning and booking --------------------------------------------------------
    Case(
        "plan_end_before_start",
        ValidationError,
        r"the planned end \(.*\) must come after the planned start",
        lambda t, s: s["req"].write({"planned_start": week(0, hours=3), "planned_end": week(0, hours=1)}),
        fields_of("req", "planned_start", "planned_end"),
        new_request(),
    ),
    Case(
        "plan_end_equals_start",
        ValidationError,
        r"the planned end \(.*\) must come after the planned start",
        lambda t, s: s["req"].write({"planned_start": week(0), "planned_end": week(0)}),
        fields_of("req", "planned_start", "planned_end"),
        new_request(),
    ),
    Case(
        "book_overlap_write",
        ValidationError,
        r"张伟 is already booked from .* on SR",
        lambda t, s: s["req"].write({"planned_start": week(1, hours=1), "planned_end": week(1, hours=3)}),
        fields_of("req", "planned_start", "planned_end", "state"),
        booked(1),
    ),
    Case(
        "book_overlap_create",
        ValidationError,
        r"张伟 is already booked from .*: that time cannot be booked again",
        lambda t, s: t._new_request(
            technician_id=t.technician.id,
            state="assigned",
            planned_start=week(6, hours=-1),
            planned_end=week(6, hours=1),
        ),
        REQUESTS,
        booked(6),
    ),
    Case(
        "book_outside_hours",
        ValidationError,
        r"cannot be booked for 林师傅 .*outside their working hours",
        lambda t, s: s["req"].write(
            {"planned_start": week(2, days=5), "planned_end": week(2, days=5, hours=2)}
        ),
        fields_of("req", "planned_start", "planned_end"),
        assigned("office_technician"),
    ),
    Case(
        "book_on_leave",
        ValidationError,
        r"cannot be booked for 林师傅 .*on leave",
        lambda t, s: s["req"].write({"planned_start": week(3), "planned_end": week(3, hours=2)}),
        fields_of("req", "planned_start", "planned_end"),
        assigned("office_technician"),
    ),
    Case(
        "book_county_not_covered",
        ValidationError,
        r"天河区.* is not among the counties they cover",
        lambda t, s: s["req"].write({"planned_start": week(4), "planned_end": week(4, hours=2)}),
        fields_of("req", "planned_start", "planned_end", "county_id"),
        lambda t: assigned("technician", county_id=t.tianhe.id)(t),
    ),
    Case(
        "book_on_site_without_county",
        ValidationError,
        r"the job is on site but has no county",
        lambda t, s: s["req"].write({"planned_start": week(7), "planned_end": week(7, hours=2)}),
        fields_of("req", "planned_start", "planned_end"),
        lambda t: assigned("technician", county_id=False)(t),
    ),
    Case(
        "book_without_skill",
        ValidationError,
        r"they lack the skill .*冰箱",
        lambda t, s: s["req"].write({"planned_start": week(5), "planned_end": week(5, hours=2)}),
        fields_of("req", "planned_start", "planned_end"),
        lambda t: assigned("office_technician", product_id=t.fridge.id)(t),
    ),
    Case(
        "book_override_by_agent",
        UserError,
        r"Only a dispatcher can override the booking rules",
        lambda t, s: s["req"].with_user(t.agent).write({"booking_override_reason": "我自己定"}),
        fields_of("req", "booking_override_reason"),
        new_request(),
    ),
    # --- request workflow ------------------------------------------------------------
    Case(
        "flow_assign_closed",
        UserError,
        r"Cannot assign SR\S+: it is Closed; this step needs it to be Received",
        lambda t, s: s["req"].action_assign(),
        fields_of("req", "state"),
        lambda t: request_in("closed", technician_id=t.technician.id)(t),
    ),
    Case(
        "flow_schedule_cancelled",
        UserError,
        r"Cannot schedule SR\S+: it is Cancelled",
        lambda t, s: s["req"].action_schedule(),
        fields_of("req", "state"),
        request_in("cancelled"),
    ),
    Case(
        "flow_done_on_new",
        UserError,
        r"Cannot finish SR\S+: it is Received; this step needs it to be In Progress",
        lambda t, s: s["req"].write({"work_done": "修好了"}) and s["req"].action_done(),
        fields_of("req", "state", "done_date"),
        new_request(),
    ),
    Case(
        "flow_check_in_closed",
        UserError,
        r"Cannot check in SR\S+: it is Closed",
        lambda t, s: s["req"].action_check_in(),
        fields_of("req", "state", "check_in_date"),
        request_in("closed"),
    ),
    Case(
        "flow_cancel_closed",
        UserError,
        r"Cannot cancel SR\S+: it is Closed",
        lambda t, s: s["req"].action_cancel(),
        fields_of("req", "state"),
        request_in("closed"),
    ),
    Case(
        "flow_reopen_done",
        UserError,
        r"Cannot reopen SR\S+: it is Done",
        lambda t, s: s["req"].action_reopen(),
        fields_of("req", "state"),
        request_in("done"),
    ),
    Case(
        "flow_assign_without_technician",
        UserError,
        r"Choose a technician for SR\S+ before assigning",
        lambda t, s: s["req"].action_assign(),
        fields_of("req", "state"),
        new_request(),
    ),
    Case(
        "flow_schedule_unplanned",
        UserError,
        r"Set the planned start and end of SR\S+ before scheduling",
        lambda t, s: s["req"].action_schedule(),
        fields_of("req", "state"),
        request_in("assigned"),
    ),
    Case(
        "flow_done_without_work",
        UserError,
        r"Describe the work done on SR\S+ before finishing",
        lambda t, s: s["req"].action_done(),
        fields_of("req", "state", "done_date"),
        request_in("in_progress"),
    ),
    Case(
        "flow_reason_wizard_blank",
        UserError,
        r"A reason is required for this step",
        lambda t, s: (
            t.env["aftersales.request.reason.wizard"]
            .create({"request_ids": [Command.set(s["req"].ids)], "action": "cancel", "reason": "  \n "})
            .action_confirm()
        ),
        fields_of("req", "state", "cancel_reason"),
        new_request(),
    ),
    Case(
        "flow_check_in_off_earth",
        ValidationError,
        r"check-in position 123.0, 500.0 is not on Earth",
        lambda t, s: s["req"].action_check_in(latitude=123, longitude=500),
        fields_of("req", "state", "check_in_date", "check_in_latitude"),
        request_in("scheduled"),
    ),
    # --- parts lines -----------------------------------------------------------------------
    Case(
        "parts_zero_qty",
        ValidationError,
        r"the quantity of .*空调压缩机 must be positive \(planned 0.0",
        lambda t, s: t._line(s["req"], qty=0.0),
        PART_LINES,
        lambda t: {"req": t._job()},
    ),
    Case(
        "parts_negative_qty",
        ValidationError,
        r"the quantity of .*空调压缩机 must be positive \(planned -2.0",
        lambda t, s: t._line(s["req"], qty=-2.0),
        PART_LINES,
        lambda t: {"req": t._job()},
    ),
    Case(
        "parts_negative_used",
        ValidationError,
        r"must be positive \(planned 1.0, used -1.0\)",
        lambda t, s: s["line"].write({"used_qty": -1.0}),
        fields_of("line", "used_qty"),
        job_with_line(),
    ),
    Case(
        "parts_does_not_fit",
        ValidationError,
        r"Part .*空调压缩机 does not fit .*海尔 BCD-470.*It fits: .*格力 KFR-35GW",
        lambda t, s: t._line(s["req"]),
        PART_LINES,
        lambda t: {"req": t._job(product_id=t.fridge.id)},
    ),
    Case(
        "parts_not_a_spare",
        ValidationError,
        r"普通螺丝刀 is not a spare part",
        lambda t, s: t._line(s["req"], t.screwdriver),
        PART_LINES,
        lambda t: {"req": t._job()},
    ),
    Case(
        "parts_plan_on_closed",
        UserError,
        r"SR\S+ is Closed: parts can only be planned, issued or used on an open request",
        lambda t, s: t._line(s["req"]),
        PART_LINES,
        request_in("closed"),
    ),
    Case(
        "parts_issue_on_closed",
        UserError,
        r"SR\S+ is Closed: parts can only be planned, issued or used",
        lambda t, s: s["line"].action_issue(),
        both(fields_of("line", "state", "issued_qty"), STOCK_MOVES),
        closed_job_with_line,
    ),
    Case(
        "parts_used_more_than_issued",
        ValidationError,
        r"5.0 .*空调压缩机 used but only 1.0 issued",
        lambda t, s: s["line"].write({"used_qty": 5.0}),
        fields_of("line", "used_qty"),
        job_with_line(issue=True),
    ),
    Case(
        "parts_edit_issued",
        UserError,
        r"Only planned parts can be changed",
        lambda t, s: s["line"].write({"planned_qty": 3.0}),
        fields_of("line", "planned_qty"),
        job_with_line(issue=True),
    ),
    Case(
        "parts_delete_issued",
        UserError,
        r"Issued parts cannot be deleted; return them instead",
        lambda t, s: s["line"].unlink(),
        PART_LINES,
        job_with_line(issue=True),
    ),
    Case(
        "parts_issue_twice",
        UserError,
        r"Cannot issue part .*空调压缩机 on SR\S+: it is Issued; this step needs it to be Planned",
        lambda t, s: s["line"].action_issue(),
        both(fields_of("line", "issued_qty"), STOCK_MOVES),
        job_with_line(issue=True),
    ),
    Case(
        "parts_shortage",
        UserError,
        r"Not enough .*空调压缩机 in TNS/\S+: 50.0 needed, \d+\.\d+ available",
        lambda t, s: s["line"].action_issue(),
        both(fields_of("line", "state", "carry_location_id", "issued_qty"), STOCK_MOVES),
        job_with_line(qty=50.0),
    ),
    Case(
        "parts_finish_with_unconfirmed",
        UserError,
        r"confirm which issued parts were used \(.*空调压缩机\)",
        lambda t, s: (
            force_write(s["req"], {"state": "in_progress", "work_done": "更换压缩机"})
            and s["req"].action_done()
        ),
        fields_of("req", "state", "done_date"),
        job_with_line(issue=True),
    ),
    # --- emergency transfers ----------------------------------------------------------------
    Case(
        "transfer_to_itself",
        ValidationError,
        r"A depot cannot send a part to itself",
        lambda t, s: t.env["aftersales.parts.transfer"].create(transfer_vals(t, source_depot_id=t.depot.id)),
        TRANSFERS,
    ),
    Case(
        "transfer_negative_qty",
        ValidationError,
        r"The quantity of .*空调压缩机 to transfer must be positive",
        lambda t, s: t.env["aftersales.parts.transfer"].create(transfer_vals(t, quantity=-3.0)),
        TRANSFERS,
    ),
    Case(
        "transfer_zero_qty",
        ValidationError,
        r"The quantity of .*空调压缩机 to transfer must be positive",
        lambda t, s: t.env["aftersales.parts.transfer"].create(transfer_vals(t, quantity=0.0)),
        TRANSFERS,
    ),
    Case(
        "transfer_without_source",
        ValidationError,
        r"Choose the depot the part is taken from",
        lambda t, s: t.env["aftersales.parts.transfer"].create(transfer_vals(t, source_depot_id=False)),
        TRANSFERS,
    ),
    Case(
        "transfer_supplier_missing",
        ValidationError,
        r"Choose the supplier that ships the part",
        lambda t, s: t.env["aftersales.parts.transfer"].create(
            transfer_vals(t, source_type="supplier", source_depot_id=False)
        ),
        TRANSFERS,
    ),
    Case(
        "transfer_approve_by_keeper",
        UserError,
        r"Only a supervisor can approve an emergency transfer",
        lambda t, s: s["transfer"].with_user(t.keeper).action_approve(),
        both(fields_of("transfer", "state", "picking_id", "approved_by_id"), count("stock.picking")),
        transfer("to_approve"),
    ),
    Case(
        "transfer_approve_draft",
        UserError,
        r"Cannot approve transfer \S+: it is Draft; this step needs it to be To Approve",
        lambda t, s: s["transfer"].with_user(t.supervisor).action_approve(),
        both(fields_of("transfer", "state", "picking_id"), count("stock.picking")),
        transfer("draft"),
    ),
    Case(
        "transfer_reject_without_reason",
        UserError,
        r"Write why transfer \S+ is rejected",
        lambda t, s: s["transfer"].with_user(t.supervisor).action_reject(),
        fields_of("transfer", "state"),
        transfer("to_approve"),
    ),
    # --- old parts ---------------------------------------------------------------------------
    Case(
        "oldpart_write_off_pending",
        UserError,
        r"Cannot write off old part .*空调压缩机 from SR\S+: it is To Recover; this step needs it to be Recovered",
        lambda t, s: s["part"].action_write_off(),
        both(fields_of("part", "state", "disposed_date"), STOCK_MOVES),
        old_part("pending"),
    ),
    Case(
        "oldpart_recover_twice",
        UserError,
        r"Cannot recover old part .*: it is Returned to Centre; this step needs it to be To Recover",
        lambda t, s: s["part"].action_recover(),
        both(fields_of("part", "state"), STOCK_MOVES),
        old_part("returned_central"),
    ),
    Case(
        "oldpart_return_supplier_unknown",
        UserError,
        r"Choose the supplier that old part .*空调压缩机 goes back to",
        lambda t, s: s["part"].action_return_supplier(),
        both(fields_of("part", "state"), STOCK_MOVES),
        old_part("recovered", supplier=False),
    ),
    Case(
        "oldpart_zero_qty",
        ValidationError,
        r"The quantity of an old part must be positive",
        lambda t, s: s["part"].write({"quantity": 0.0}),
        fields_of("part", "quantity"),
        old_part(),
    ),
    # --- invoicing a request --------------------------------------------------------------------
    Case(
        "invoice_under_warranty",
        UserError,
        r"SR\S+ is under warranty: its parts and labour are not invoiced",
        lambda t, s: s["req"].action_create_invoice(),
        both(MOVES, fields_of("req", "invoice_id")),
        lambda t: {"req": t._job(warranty_state="in", labour_hours=2.0)},
    ),
    Case(
        "invoice_warranty_unknown",
        UserError,
        r"Decide whether SR\S+ is under warranty before invoicing it",
        lambda t, s: s["req"].action_create_invoice(),
        both(MOVES, fields_of("req", "invoice_id")),
        lambda t: {"req": t._job(labour_hours=2.0)},
    ),
    Case(
        "invoice_nothing",
        UserError,
        r"SR\S+ has no parts used and no labour to invoice",
        lambda t, s: s["req"].action_create_invoice(),
        both(MOVES, fields_of("req", "invoice_id")),
        lambda t: {"req": t._job(warranty_state="out")},
    ),
    Case(
        "invoice_parts_unconfirmed",
        UserError,
        r"SR\S+ still has parts not confirmed as used",
        lambda t, s: s["req"].action_create_invoice(),
        both(MOVES, fields_of("req", "invoice_id")),
        job_with_line(warranty_state="out"),
    ),
    # --- three-guarantee evaluation -----------------------------------------------------------------
    Case(
        "warranty_fault_before_sale",
        ValidationError,
        r"Card \S+ \(serial \S+\): the fault date \S+ is before the sale date \S+\.",
        evaluate_on_request(lambda t, s: s["card"].invoice_date - timedelta(days=5)),
        REQUEST_WARRANTY,
        carded_request(),
    ),
    Case(
        "warranty_fault_in_future",
        ValidationError,
        r"Card \S+ \(serial \S+\): the fault date \S+ is in the future: enter the day",
        evaluate_on_request(lambda t, s: fields.Date.context_today(t.env.user) + timedelta(days=3)),
        REQUEST_WARRANTY,
        carded_request(),
    ),
    Case(
        "warranty_fault_date_missing",
        ValidationError,
        r"Give the fault date of the three-guarantee evaluation",
        lambda t, s: s["card"].evaluate_claim(False),
        CARD_STATE,
        card_setup(),
    ),
    Case(
        "warranty_unknown_component",
        ValidationError,
        r"covers no component compressor; choose one of: Whole unit and Main part",
        lambda t, s: s["card"].evaluate_claim(t._days_ago(1), component="compressor"),
        CARD_STATE,
        card_setup(),
    ),
    Case(
        "warranty_accessory_not_chosen",
        ValidationError,
        r"The component must be 'unit', 'main_part' or an accessory code",
        evaluate_on_request(lambda t, s: t._days_ago(1), component_type="accessory"),
        REQUEST_WARRANTY,
        carded_request(),
    ),
    Case(
        "warranty_unknown_exclusion",
        ValidationError,
        r"Unknown exclusion bad_luck: expected one of misuse",
        lambda t, s: s["card"].evaluate_claim(t._days_ago(1), exclusion="bad_luck"),
        CARD_STATE,
        card_setup(),
    ),
    Case(
        "warranty_closed_card",
        ValidationError,
        r"Card \S+ is Closed: it gives no more cover",
        lambda t, s: s["card"].evaluate_claim(t._days_ago(1)),
        CARD_STATE,
        closed_card_setup,
    ),
    Case(
        "warranty_tampered_card",
        None,
        r"^rule=excluded free=False remedies=\[\] tampered=True$",
        tampered_call,
        CARD_STATE,
        tampered_setup,
    ),
    # --- warranty cards ------------------------------------------------------------------------------
    Case(
        "card_serial_of_other_customer",
        ValidationError,
        r"Serial number \S+ already has an active three-guarantee card \(\S+, customer 深圳市华强电器有限公司\); "
        r"it cannot be carded again for 广州市天河电器商行",
        lambda t, s: t.Card.create(
            {
                "lot_id": s["card"].lot_id.id,
                "partner_id": t.other_customer.id,
                "invoice_date": t._days_ago(5),
                "price": 2800.0,
            }
        ),
        CARDS,
        card_setup(),
    ),
    Case(
        "card_negative_price",
        ValidationError,
        r"Card \S+: the price paid cannot be negative \([^)]*-\W?1\.00[^)]*\)",
        lambda t, s: t._card(price=-1.0),
        both(CARDS, count("stock.lot")),
    ),
    Case(
        "card_sale_date_future",
        ValidationError,
        r"Card \S+: the sale date \S+ is in the future",
        lambda t, s: t._card(invoice_date=fields.Date.context_today(t.env.user) + timedelta(days=1)),
        both(CARDS, count("stock.lot")),
    ),
    Case(
        "card_lot_of_other_product",
        ValidationError,
        r"serial number XQG-CARD-1 belongs to .*滚筒洗衣机.*not to .*彩电",
        lambda t, s: t.Card.create(
            {
                "lot_id": s["lot"].id,
                "product_id": t.tv.id,
                "partner_id": t.customer.id,
                "invoice_date": t._days_ago(5),
                "price": 3000.0,
            }
        ),
        CARDS,
        lambda t: {"lot": t._lot(t.washer, "XQG-CARD-1")},
    ),
    Case(
        "card_repair_before_sale",
        ValidationError,
        r"Repair of card \S+: the date in \S+ is before the sale date",
        lambda t, s: t.Repair.create(
            {"card_id": s["card"].id, "date_in": s["card"].invoice_date - timedelta(days=1)}
        ),
        count("aftersales.warranty.repair"),
        card_setup(),
    ),
    # --- remedies --------------------------------------------------------------------------------------
    Case(
        "remedy_exchange_repaired_unit",
        UserError,
        r"Serial \S+ was repaired or returned before: a repaired or returned unit cannot be supplied",
        lambda t, s: s["card"]._execute_exchange(s["replacement"]),
        both(CARD_STATE, CARDS, count("stock.picking")),
        repaired_unit_setup,
    ),
    Case(
        "remedy_exchange_same_serial",
        UserError,
        r"the replacement must be another unit of .*彩电; serial \S+ is not",
        lambda t, s: s["card"]._execute_exchange(s["card"].lot_id),
        both(CARD_STATE, CARDS, count("stock.picking")),
        card_setup(10),
    ),
    Case(
        "remedy_exchange_not_in_stock",
        UserError,
        r"Serial TV-NOSTOCK-1 is not in stock",
        lambda t, s: s["card"]._execute_exchange(t._lot(t.tv, "TV-NOSTOCK-1")),
        both(CARD_STATE, CARDS, count("stock.lot")),
        card_setup(10),
    ),
    Case(
        "remedy_refund_by_agent",
        UserError,
        r"Only an after-sales supervisor can refund or exchange a unit",
        lambda t, s: (
            t.env["aftersales.warranty.remedy.wizard"]
            .create({"card_id": s["card"].id, "fault_date": t._days_ago(1), "remedy": "refund"})
            .with_user(t.agent)
            .action_apply()
        ),
        both(CARD_STATE, MOVES, count("stock.picking")),
        card_setup(3),
    ),
    Case(
        "remedy_refund_not_due",
        UserError,
        r"Refund is not a remedy due under the three guarantees",
        lambda t, s: (
            t.env["aftersales.warranty.remedy.wizard"]
            .create({"card_id": s["card"].id, "fault_date": t._days_ago(1), "remedy": "refund"})
            .action_apply()
        ),
        both(CARD_STATE, MOVES),
        card_setup(20),
    ),
    Case(
        "remedy_none_chosen",
        UserError,
        r"Choose the remedy to execute",
        lambda t, s: (
            t.env["aftersales.warranty.remedy.wizard"]
            .create({"request_id": s["req"].id, "fault_date": t._days_ago(1)})
            .action_apply()
        ),
        REQUEST_WARRANTY,
        carded_request(3),
    ),
    # --- manufacturer claims ---------------------------------------------------------------------------
    Case(
        "claim_reject_without_reason",
        UserError,
        r"Write why claim \S+ is rejected before rejecting it",
        lambda t, s: s["claim"].with_user(t.supervisor).action_reject(),
        CLAIM_STATE,
        claim("submitted"),
    ),
    Case(
        "claim_approve_by_keeper",
        UserError,
        r"Only a supervisor can approve, reject, invoice or settle a manufacturer claim",
        lambda t, s: s["claim"].with_user(t.keeper).action_approve(),
        CLAIM_STATE,
        claim("submitted"),
    ),
    Case(
        "claim_submit_empty",
        UserError,
        r"Claim \S+ has nothing to claim",
        lambda t, s: s["claim"].action_submit(),
        CLAIM_STATE,
        claim("draft"),
    ),
    Case(
        "claim_edit_when_submitted",
        UserError,
        r"Claim \S+ is Submitted: its jobs and rates can only be changed in draft",
        lambda t, s: s["claim"].write({"labour_rate": 999.0}),
        both(CLAIM_STATE, fields_of("claim", "labour_rate")),
        claim("submitted"),
    ),
    Case(
        "claim_settle_pending_old_part",
        UserError,
        r"Claim \S+ cannot be settled: old part .*空调压缩机 of SR\S+ is still To Recover",
        lambda t, s: s["claim"].with_user(t.supervisor).action_settle(),
        CLAIM_STATE,
        claim_with_pending_old_part,
    ),
    # --- complaints -------------------------------------------------------------------------------------
    Case(
        "complaint_reject_without_reason",
        ValidationError,
        r"Complaint \S+ is rejected without a reason",
        lambda t, s: s["complaint"].with_user(t.supervisor).write({"legitimacy": "rejected"}),
        COMPLAINT_STATE,
        complaint(),
    ),
    Case(
        "complaint_ruled_by_agent",
        UserError,
        r"Only an after-sales supervisor rules whether a complaint is justified",
        lambda t, s: s["complaint"].with_user(t.agent).write({"legitimacy": "justified"}),
        COMPLAINT_STATE,
        complaint(),
    ),
    Case(
        "complaint_no_promised_date",
        ValidationError,
        r"Complaint \S+ has no promised handling date",
        lambda t, s: t.env["aftersales.complaint"].create(
            {"partner_id": t.customer.id, "customer_words": "没人管"}
        ),
        COMPLAINTS,
    ),
    Case(
        "complaint_answer_unruled",
        UserError,
        r"Complaint \S+ has not been ruled on",
        lambda t, s: s["complaint"].action_answer(),
        COMPLAINT_STATE,
        complaint(solution="赔礼道歉"),
    ),
    Case(
        "complaint_major_unapproved",
        UserError,
        r"Major complaint \S+: the service manager must approve the proposed solution",
        lambda t, s: s["complaint"].action_answer(),
        COMPLAINT_STATE,
        complaint(major=True, legitimacy="justified", solution="免费更换整机"),
    ),
    Case(
        "complaint_approve_by_supervisor",
        UserError,
        r"Only the service manager approves the handling of a complaint",
        lambda t, s: s["complaint"].with_user(t.supervisor).action_approve_solution(),
        COMPLAINT_STATE,
        complaint(major=True, legitimacy="justified", solution="免费更换整机"),
    ),
    Case(
        "complaint_close_unsatisfied",
        UserError,
        r"Complaint \S+ cannot be closed yet: no callback has recorded that the customer is satisfied",
        lambda t, s: s["complaint"].action_close(),
        COMPLAINT_STATE,
        complaint(state="answered", legitimacy="justified", solution="赔礼道歉"),
    ),
    Case(
        "complaint_start_unconfirmed",
        UserError,
        r"restate the customer's words and have the customer confirm them",
        lambda t, s: s["complaint"].action_start(),
        COMPLAINT_STATE,
        complaint(),
    ),
    Case(
        "callback_satisfaction_6",
        ValidationError,
        r"satisfaction is scored from 1 to 5, not 6",
        lambda t, s: t.env["aftersales.callback"].create({"partner_id": t.customer.id, "satisfaction": 6}),
        CALLBACKS,
    ),
    Case(
        "callback_satisfaction_negative",
        ValidationError,
        r"satisfaction is scored from 1 to 5, not -1",
        lambda t, s: t.env["aftersales.callback"].create({"partner_id": t.customer.id, "satisfaction": -1}),
        CALLBACKS,
    ),
    Case(
        "penalty_amount_zero",
        ValidationError,
        r"Penalty slip \S+: the amount must be positive \(it is 0.0\)",
        lambda t, s: t.env["aftersales.penalty"].create(
            {
                "complaint_id": s["complaint"].id,
                "employee_id": t.technician.id,
                "reason": "迟到",
                "amount": 0.0,
            }
        ),
        PENALTIES,
        complaint(legitimacy="justified"),
    ),
    Case(
        "penalty_amount_negative",
        ValidationError,
        r"Penalty slip \S+: the amount must be positive \(it is -50.0\)",
        lambda t, s: t.env["aftersales.penalty"].create(
            {
                "complaint_id": s["complaint"].id,
                "employee_id": t.technician.id,
                "reason": "迟到",
                "amount": -50.0,
            }
        ),
        PENALTIES,
        complaint(legitimacy="justified"),
    ),
    Case(
        "penalty_unjustified_complaint",
        UserError,
        r"Complaint \S+ is not ruled justified",
        lambda t, s: t.env["aftersales.penalty"].create(
            {
                "complaint_id": s["complaint"].id,
                "employee_id": t.technician.id,
                "reason": "迟到",
                "amount": 50.0,
            }
        ),
        PENALTIES,
        complaint(),
    ),
    # --- discount slips ------------------------------------------------------------------------------------
    Case(
        "slip_submit_empty",
        UserError,
        r"Discount slip \S+ has no amount: add the discounted requests first",
        lambda t, s: s["slip"].action_submit(),
        SLIP_STATE,
        slip(month="2031-01-01"),
    ),
    Case(
        "slip_approve_by_supervisor",
        UserError,
        r"Discount slip \S+ needs the approval of an after-sales manager",
        lambda t, s: s["slip"].with_user(t.supervisor).action_approve(),
        SLIP_STATE,
        slip("to_approve", month="2031-02-01", amount=80.0),
    ),
    Case(
        "slip_edit_when_submitted",
        UserError,
        r"Discount slip \S+ is no longer a draft",
        lambda t, s: s["slip"].write({"partner_id": t.other_customer.id}),
        SLIP_STATE,
        slip("to_approve", month="2031-03-01", amount=80.0),
    ),
    Case(
        "slip_request_of_other_customer",
        ValidationError,
        r"Discount slip \S+: request SR\S+ belongs to",
        lambda t, s: s["slip"].write(
            {
                "line_ids": [
                    Command.create(
                        {
                            "request_id": t._new_request(partner_id=t.other_customer_with_phone.id).id,
                            "reason": "折让",
                            "amount": 30.0,
                        }
                    )
                ]
            }
        ),
        both(SLIP_STATE, count("aftersales.discount.slip.line")),
        slip(month="2031-04-01"),
    ),
    Case(
        "slip_line_negative",
        ValidationError,
        r"Discount line 折让: the amount must be positive \(-30.0\)",
        lambda t, s: s["slip"].write(
            {"line_ids": [Command.create({"request_id": s["req"].id, "reason": "折让", "amount": -30.0})]}
        ),
        both(SLIP_STATE, count("aftersales.discount.slip.line")),
        slip(month="2031-05-01"),
    ),
    # --- amounts on a request ------------------------------------------------------------------------------
    Case(
        "request_negative_quote",
        ValidationError,
        r"SR\S+: the out-of-warranty quote cannot be negative \([^)]*-\W?100\.00[^)]*\)",
        lambda t, s: s["req"].write({"quote_amount": -100.0}),
        fields_of("req", "quote_amount"),
        new_request(),
    ),
    Case(
        "request_negative_duration",
        ValidationError,
        r"SR\S+: the planned duration cannot be negative \(-2 h\)",
        lambda t, s: s["req"].write({"duration_hours": -2.0}),
        fields_of("req", "duration_hours"),
        new_request(),
    ),
    Case(
        "request_negative_labour",
        ValidationError,
        r"SR\S+: labour hours cannot be negative \(-1.5\)",
        lambda t, s: s["req"].write({"labour_hours": -1.5}),
        fields_of("req", "labour_hours"),
        new_request(),
    ),
    # --- wrong company ---------------------------------------------------------------------------------------
    Case(
        "company_partner_of_b",
        UserError,
        r"(?s)company inconsistencies.*\(partner_id: '乙公司客户'\) belongs to another company",
        lambda t, s: t._new_request(partner_id=t.partner_b.id),
        REQUESTS,
    ),
    Case(
        "company_product_of_b",
        UserError,
        r"(?s)company inconsistencies.*\(product_id: '乙公司 空调'\) belongs to another company",
        lambda t, s: t._new_request(product_id=t.product_b.id),
        REQUESTS,
    ),
    Case(
        "company_technician_of_b",
        UserError,
        r"(?s)company inconsistencies.*\(technician_id: '乙公司 技师'\) belongs to another company",
        lambda t, s: s["req"].write({"technician_id": t.technician_b.id}),
        fields_of("req", "technician_id"),
        new_request(),
    ),
    Case(
        "company_depot_of_b_on_transfer",
        UserError,
        r"(?s)company inconsistencies.*\(source_depot_id: '乙公司 售后'\) belongs to another company",
        lambda t, s: t.env["aftersales.parts.transfer"].create(
            transfer_vals(t, source_depot_id=t.warehouse_b.id)
        ),
        TRANSFERS,
    ),
    Case(
        "company_stock_of_b_on_part_line",
        UserError,
        r"(?s)company inconsistencies.*\(source_location_id: '乙公司 售/Stock'\) belongs to another company",
        lambda t, s: t._line(s["req"], source_location_id=t.warehouse_b.lot_stock_id.id),
        PART_LINES,
        lambda t: {"req": t._job()},
    ),
    Case(
        "company_b_request_written_by_agent_of_a",
        AccessError,
        r"(?s)doesn't have 'write' access to:\s*- Service Request \(aftersales\.request\)",
        lambda t, s: s["req"].with_user(t.agent).write({"fault_description": "改一下"}),
        fields_of("req", "fault_description"),
        company_b_request,
    ),
]


class TestBadInputTable(SuiteCase, parts_common.PartsCase, warranty_common.WarrantyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The patterns are English: the rows are read in English whatever
        # the database's default language (zh_CN in the demo database).
        cls.env = env = cls.env(context=dict(cls.env.context, lang="en_US"))
        env["res.lang"]._activate_lang("en_US")
        (cls.agent | cls.keeper | cls.supervisor).lang = "en_US"
        cls._stock(cls.compressor, cls.depot.lot_stock_id, 10)
        cls.screwdriver = env["product.product"].create({"name": "普通螺丝刀", "type": "consu"})
        cls.no_phone_customer = env["res.partner"].create({"name": "无电话客户", "city": "深圳市"})
        cls.other_customer_with_phone = env["res.partner"].create(
            {"name": "东莞市长安家电城", "phone": "0769-85331234"}
        )
        cls.clerk = env["hr.employee"].create({"name": "财务 孙丽"})
        office_hours = make_calendar(env, "林师傅 工作日 8-12 13-17", OFFICE_HOURS, days=range(5))
        fridges = env["product.category"].create({"name": "冰箱"})
        aircons = env["product.category"].create({"name": "空调"})
        cls.fridge.categ_id = fridges
        cls.office_technician = env["hr.employee"].create(
            {
                "name": "林师傅",
                "is_aftersales_technician": True,
                "resource_calendar_id": office_hours.id,
                "aftersales_county_ids": [Command.set(cls.nanshan.ids)],
                "aftersales_skill_ids": [Command.set(aircons.ids)],
            }
        )
        env["resource.calendar.leaves"].create(
            {
                "name": "年假",
                "resource_id": cls.office_technician.resource_id.id,
                "calendar_id": office_hours.id,
                "date_from": week(3, hours=-2),
                "date_to": week(3, hours=8),
            }
        )
        cls.company_b = env["res.company"].create({"name": "乙公司 售后"})
        cls.partner_b = env["res.partner"].create(
            {"name": "乙公司客户", "phone": "020-87654321", "company_id": cls.company_b.id}
        )
        cls.product_b = env["product.product"].create({"name": "乙公司 空调", "company_id": cls.company_b.id})
        cls.technician_b = env["hr.employee"].create(
            {"name": "乙公司 技师", "is_aftersales_technician": True, "company_id": cls.company_b.id}
        )
        cls.warehouse_b = env["stock.warehouse"].search([("company_id", "=", cls.company_b.id)], limit=1)

    def test_bad_inputs_are_refused_and_leave_nothing(self):
        self.assertGreaterEqual(len(CASES), 50)
        self.assertEqual(len({case.id for case in CASES}), len(CASES), "case ids are unique")
        for case in CASES:
            with self.subTest(case=case.id):
                setup = case.setup(self) if case.setup else {}
                self.env.flush_all()
                before = case.probe(self, setup)
                if case.exc is None:
                    self.assertRegex(str(case.call(self, setup)), case.pattern)
                else:
                    with self.assertRaises(case.exc) as caught:
                        case.call(self, setup)
                    self.assertRegex(str(caught.exception), case.pattern)
                self.env.invalidate_all()
                self.assertEqual(case.probe(self, setup), before, "the refused call wrote something")


# ---------------------------------------------------------------- the workshop (issue 14)
# Rows on real workshop jobs (aftersales_workshop), driven through their steps
# by the helpers of that addon's tests: the estimate sent, the customer's
# consent, the quality checks.

JOB_STATES = fields_of("job", "state", "rework_count", "delivered_date")
QC_CHECKS = count("aftersales.workshop.qc")
WORKSHOP_LINES = count("aftersales.workshop.line")


def ws_sent(t):
    job = t._sent()
    return {"job": job, "order": job.estimate_order_id}


def ws_stray_part(t):
    """The estimate waits for the customer; a part planned straight on the request."""
    s = ws_sent(t)
    s["line"] = t._line(s["job"].request_id, t.compressor, qty=1.0)
    return s


def ws_ready(added=False, checked=True):
    """A job in work, its parts used, ready for handover with the settlement
    signed; an added item still waiting for the customer's answer when asked;
    its final check passed unless told otherwise."""

    def setup(t):
        job = t._in_work()
        if added:
            t._add_line(job, "labour", None, 0.5, user=t.tech_user, name="清洗冷凝器")
        force_write(job, {"state": "ready"})
        if checked:
            force_passed_final_check(job, t.inspector)
        job.with_user(t.advisor).write({"settlement_signed_by": "陈先生", "settlement_signature": SIGNATURE})
        return {"job": job}

    return setup


def ws_in_qc(t):
    """A job in quality check; its technician is also an inspector."""
    job = t._job_for()
    force_write(job, {"state": "in_work"})
    t._self_check(job)
    job.with_user(t.tech_user).action_submit_qc()
    t.tech_user.group_ids |= t.env.ref("aftersales_workshop.group_aftersales_inspector")
    return {"job": job}


def ws_estimate(t):
    return {"job": t._estimate_job(lines=())}


def ws_car_with_reading(t):
    force_create(
        t.env["aftersales.meter.reading"],
        {"lot_id": t.vin.id, "value": 20000.0, "unit": "km", "date": datetime(2026, 3, 2, 1, 5)},
    )
    job = t._car_job()
    job.with_user(t.advisor).write({"reception_signature": png_signature(), "meter_value": 19000.0})
    return {"job": job}


def ws_negative_price(t):
    pricelist = t.env["product.pricelist"].create(
        {
            "name": "错误价目表",
            "item_ids": [
                Command.create(
                    {
                        "applied_on": "0_product_variant",
                        "product_id": t.capacitor.id,
                        "compute_price": "fixed",
                        "fixed_price": -5.0,
                    }
                )
            ],
        }
    )
    t.company.aftersales_parts_pricelist_id = pricelist
    return ws_estimate(t)


WORKSHOP_CASES = [
    Case(
        "workshop: work started by confirming the estimate by hand, before the customer's consent",
        UserError,
        "confirmed by the customer's consent only",
        lambda t, s: s["order"].with_user(t.advisor).action_confirm(),
        both(JOB_STATES, fields_of("order", "state"), PART_LINES),
        ws_sent,
    ),
    Case(
        "workshop: a part issued before the customer's consent",
        UserError,
        r"空调压缩机 of .* cannot be issued: the customer has not consented",
        lambda t, s: s["line"].with_user(t.tech_user).action_issue(),
        both(fields_of("line", "state", "issued_qty"), STOCK_MOVES),
        ws_stray_part,
    ),
    Case(
        "workshop: an added item charged (handed over) without the customer's consent",
        UserError,
        r"«清洗冷凝器» still wait for the customer's answer",
        lambda t, s: s["job"].with_user(t.advisor).action_deliver(),
        both(JOB_STATES, MOVES),
        ws_ready(added=True),
    ),
    Case(
        "workshop: the final check by the technician who did the work",
        UserError,
        r"cannot do the final check of .*: 张伟 is its technician and did the work",
        lambda t, s: s["job"].with_user(t.tech_user).action_final_check(),
        both(JOB_STATES, QC_CHECKS),
        ws_in_qc,
    ),
    Case(
        "workshop: handed over (done) without a passed final check",
        UserError,
        "has no passed final quality check",
        lambda t, s: s["job"].with_user(t.advisor).action_deliver(),
        both(JOB_STATES, MOVES),
        ws_ready(checked=False),
    ),
    Case(
        "workshop: a negative quantity",
        ValidationError,
        r"item «空调压缩机»: the quantity must be positive",
        lambda t, s: t._add_line(s["job"], "part", "compressor", -1.0),
        WORKSHOP_LINES,
        ws_estimate,
    ),
    Case(
        "workshop: a negative labour time",
        ValidationError,
        r"item «.*»: the labour time must be positive",
        lambda t, s: t._add_line(s["job"], "labour", None, -2.0),
        WORKSHOP_LINES,
        ws_estimate,
    ),
    Case(
        "workshop: a negative price from the price list",
        ValidationError,
        r"item «空调电容 35μF».*negative unit price",
        lambda t, s: t._add_line(s["job"], "part", "capacitor", 1.0),
        WORKSHOP_LINES,
        ws_negative_price,
    ),
    Case(
        "workshop: a meter reading lower than the last one of the unit",
        ValidationError,
        r"LFV2A21K5E3012345.*lower than the last one",
        lambda t, s: s["job"].with_user(t.advisor).action_sign_reception(),
        both(fields_of("job", "state", "meter_reading_id"), count("aftersales.meter.reading")),
        ws_car_with_reading,
    ),
]


class TestWorkshopBadInputTable(SuiteCase, EstimateCase, QualityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = env = cls.env(context=dict(cls.env.context, lang="en_US"))
        env["res.lang"]._activate_lang("en_US")
        (cls.advisor | cls.inspector | cls.tech_user).lang = "en_US"

    def test_bad_workshop_inputs_are_refused_and_leave_nothing(self):
        self.assertEqual(
            len({case.id for case in WORKSHOP_CASES}), len(WORKSHOP_CASES), "case ids are unique"
        )
        for case in WORKSHOP_CASES:
            with self.subTest(case=case.id):
                setup = case.setup(self) if case.setup else {}
                self.env.flush_all()
                before = case.probe(self, setup)
                with self.assertRaises(case.exc) as caught:
                    case.call(self, setup)
                self.assertRegex(str(caught.exception), case.pattern)
                self.env.invalidate_all()
                self.assertEqual(case.probe(self, setup), before, "the refused call wrote something")
