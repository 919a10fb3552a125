"""The suite against its OCA peers, side by side, in one database.

`scripts/bench.sh` installs the OCA addons `helpdesk_mgmt`, `fieldservice`
and `rma` (19.0, from PyPI) next to the three after-sales addons in the bench
database. This script then measures, in the same transaction, with the same
sizes and data shapes (the same six Chinese customers, the same fault texts,
the same serial-tracked product at the same price):

1. batch create: `create(vals_list)` of N service requests against N helpdesk
   tickets and N `fsm.order` (field-service orders), N = 1, 10, 100, 1000;
2. form load: `get_views` of the form, then `web_read` of one record with
   the form's fields, for a request, a ticket and an fsm.order;
3. refund: our three-guarantee refund (a request on the carded serial, the
   remedy wizard with *refund*: return picking into quarantine, validated, and
   a credit note) against OCA's rma create + confirm + receive (the return
   picking validated with the serial) + refund (the credit note), for N units.

Every step starts from empty ORM caches and flushes at the end; queries are
counted with `cr.sql_log_count`. Each step runs REPEAT times on fresh data,
ours and the peer's in turn, and the fastest run is kept: the machine may be
busy, and a busy moment should not fall on one side only. Mail tracking stays on for every model (it
is on in production). Ratios are ours / peer: below 1 we do less.
Figures only, never pass or fail; everything is rolled back.
"""

import itertools
import sys
from datetime import timedelta
from functools import partial

from bench_requests import CUSTOMERS, FAULTS, make_customers, view_spec  # bench/ is the script's folder
from benchlib import Counted, counted, print_table, run_bench, summarize

from odoo import Command, fields

CREATE_SIZES = (1, 10, 100, 1000)
REFUND_SIZES = (1, 10, 30)
PRICE = 3000.0
PEER_MODULES = ("helpdesk_mgmt", "fieldservice", "rma")
BATCHES = itertools.count(1)  # serial prefixes stay unique across the runs
REPEAT = 3


# ---------------------------------------------------------------- fixture
def check_peers(env):
    states = dict(
        env["ir.module.module"]
        .search([("name", "in", PEER_MODULES)])
        .mapped(lambda module: (module.name, module.state))
    )
    missing = [name for name in PEER_MODULES if states.get(name) != "installed"]
    if missing:
        sys.exit(f"the OCA peers {missing} are not installed in {env.cr.dbname}: run scripts/bench.sh")


def make_fsm_locations(env, customers):
    """fieldservice needs a location per customer (one per partner, as in use)."""
    return env["fsm.location"].create(
        [{"partner_id": partner.id, "owner_id": partner.id} for partner in customers]
    )


def make_product(env):
    """A serial-tracked colour TV under the shipped colour-TV 三包 policy."""
    categ = env["product.category"].create({"name": "彩色电视机（对比）"})
    env.ref("aftersales_warranty.policy_colour_tv").product_categ_ids = [Command.link(categ.id)]
    return env["product.product"].create(
        {
            "name": "对比彩电 55英寸",
            "default_code": "PEER-TV55",
            "categ_id": categ.id,
            "type": "consu",
            "is_storable": True,
            "tracking": "serial",
            "list_price": PRICE,
            "standard_price": PRICE * 0.7,
            "taxes_id": [Command.clear()],
        }
    )


def request_vals(customers, product, n):
    return [
        {
            "partner_id": customers[i % len(customers)].id,
            "contact_name": "陈先生",
            "contact_phone": f"138{i % 100000000:08d}",
            "fault_description": FAULTS[i % len(FAULTS)],
            "product_id": product.id,
            "request_type": "repair",
            "priority": "1",
            "channel": "phone",
        }
        for i in range(n)
    ]


def ticket_vals(customers, n):
    return [
        {
            "name": f"{CUSTOMERS[i % len(CUSTOMERS)][0]}：{FAULTS[i % len(FAULTS)]}",
            "description": FAULTS[i % len(FAULTS)],
            "partner_id": customers[i % len(customers)].id,
            "priority": "1",
        }
        for i in range(n)
    ]


def fsm_vals(locations, n):
    return [
        {
            "location_id": locations[i % len(locations)].id,
            "description": FAULTS[i % len(FAULTS)],
            "priority": "1",
        }
        for i in range(n)
    ]


def ratio(ours, peer):
    return f"{ours / peer:.2f}" if peer else "-"


def best(runs):
    """The fewest queries and the fastest time of repeated runs."""
    return Counted(min(run.queries for run in runs), min(run.ms for run in runs))


def best_of(env, steps, check=None):
    """{name: best Counted} of `steps` {name: prepare}: prepare() builds the
    data outside the measurement and returns the step to measure. REPEAT
    rounds, every name once a round; `check(name, result)` looks at what a
    step returned (outside the measurement)."""
    runs = {name: [] for name in steps}
    for _round in range(REPEAT):
        for name, prepare in steps.items():
            step = prepare()
            with counted(env) as run:
                result = step()
            if check:
                check(name, result)
            runs[name].append(run)
    return {name: best(found) for name, found in runs.items()}


# ---------------------------------------------------------------- 1. batch create
def bench_create(env, customers, locations, product, sizes):
    makers = {
        "aftersales.request": lambda n: request_vals(customers, product, n),
        "helpdesk.ticket": lambda n: ticket_vals(customers, n),
        "fsm.order": lambda n: fsm_vals(locations, n),
    }
    for model, make in makers.items():  # warm the registry caches (views, sequences, county index)
        env[model].create(make(2))

    def prepare(model, n):
        vals = makers[model](n)
        return lambda: env[model].create(vals)

    def check(n):
        def created(model, records):
            assert len(records) == n and records._name == model

        return created

    lines = []
    for n in sizes:
        figures = best_of(env, {model: partial(prepare, model, n) for model in makers}, check(n))
        ours = figures["aftersales.request"]
        for model, step in figures.items():
            mine = model == "aftersales.request"
            lines.append(
                [
                    model,
                    str(n),
                    str(step.queries),
                    f"{step.queries / n:.2f}",
                    f"{step.ms:.1f}",
                    f"{step.ms / n:.3f}",
                    "-" if mine else ratio(ours.queries, step.queries),
                    "-" if mine else ratio(ours.ms, step.ms),
                ]
            )
            summarize(
                f"create {model}",
                n,
                step.queries,
                step.ms,
                ""
                if mine
                else f"ours/peer: queries {ratio(ours.queries, step.queries)}, time {ratio(ours.ms, step.ms)}",
            )
    print_table(
        f"1. create(vals_list) of N records (mail tracking on; best of {REPEAT})",
        ["model", "N", "queries", "q/rec", "ms", "ms/rec", "ours/peer q", "ours/peer ms"],
        lines,
    )


# ---------------------------------------------------------------- 2. form load
def bench_form(env, customers, locations, product):
    records = {
        "aftersales.request": env["aftersales.request"].create(request_vals(customers, product, 1)),
        "helpdesk.ticket": env["helpdesk.ticket"].create(ticket_vals(customers, 1)),
        "fsm.order": env["fsm.order"].create(fsm_vals(locations, 1)),
    }
    specs, view_costs = {}, {}
    for model in records:
        with counted(env) as view_costs[model]:
            specs[model] = view_spec(env[model], "form")

    def prepare(model):
        record = env[model].with_context(bin_size=True).browse(records[model].id)
        return lambda: record.web_read(specs[model])

    reads = best_of(env, {model: partial(prepare, model) for model in records})
    figures = {model: (view_costs[model], reads[model], len(specs[model])) for model in records}
    ours_read = figures["aftersales.request"][1]
    lines = []
    for model, (views, read, n_fields) in figures.items():
        mine = model == "aftersales.request"
        lines.append(
            [
                model,
                str(n_fields),
                str(views.queries),
                f"{views.ms:.1f}",
                str(read.queries),
                f"{read.ms:.1f}",
                "-" if mine else ratio(ours_read.queries, read.queries),
                "-" if mine else ratio(ours_read.ms, read.ms),
            ]
        )
        summarize(
            f"form web_read {model}",
            1,
            read.queries,
            read.ms,
            f"{n_fields} fields"
            + ("" if mine else f"; ours/peer queries {ratio(ours_read.queries, read.queries)}"),
        )
    print_table(
        f"2. open a form: get_views (first call of this process), then web_read of one record (best of {REPEAT})",
        [
            "model",
            "fields",
            "get_views q",
            "get_views ms",
            "web_read q",
            "web_read ms",
            "ours/peer q",
            "ours/peer ms",
        ],
        lines,
    )


# ---------------------------------------------------------------- 3. refund
def delivered_serials(env, product, customers, count, prefix):
    """`count` serials of `product` sitting at the customer location (sold)."""
    batch = next(BATCHES)
    lots = env["stock.lot"].create(
        [{"name": f"{prefix}{batch:02d}-{i:05d}", "product_id": product.id} for i in range(count)]
    )
    customer_location = env.ref("stock.stock_location_customers")
    for lot in lots:
        env["stock.quant"]._update_available_quantity(product, customer_location, 1.0, lot_id=lot)
    return lots


def refund_ours(env, customers, product, count):
    """Cards sold yesterday (inside the 7 days: refund due), then per unit:
    request + remedy wizard *refund* (return picking done + credit note)."""
    lots = delivered_serials(env, product, customers, count, "OURS")
    sold = fields.Date.today() - timedelta(days=1)
    env["aftersales.warranty.card"].create(
        [
            {
                "lot_id": lot.id,
                "partner_id": customers[i % len(customers)].id,
                "invoice_date": sold,
                "price": PRICE,
            }
            for i, lot in enumerate(lots)
        ]
    )

    def flow():
        for i, lot in enumerate(lots):
            request = env["aftersales.request"].create(
                {
                    **request_vals(customers, product, i + 1)[i],
                    "lot_id": lot.id,
                    "partner_id": customers[i % len(customers)].id,
                    "fault_date": fields.Date.today(),
                }
            )
            wizard = (
                env["aftersales.warranty.remedy.wizard"]
                .with_context(default_request_id=request.id)
                .create({"remedy": "refund", "same_model_available": True})
            )
            wizard.action_apply()
        return lots

    return flow


def refund_operation(env):
    name = "退款（对比）"
    return env["rma.operation"].search([("name", "=", name)], limit=1) or env["rma.operation"].create(
        {
            "name": name,
            "action_create_receipt": "automatic_on_confirm",
            "action_create_delivery": False,
            "action_create_refund": "manual_after_receipt",
        }
    )


def refund_rma(env, customers, product, count):
    """Per unit: rma create + confirm, the reception validated with the
    serial (as the storekeeper scans it), then refund."""
    lots = delivered_serials(env, product, customers, count, "RMA")
    operation = refund_operation(env)
    rma_location = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1).rma_loc_id

    def flow():
        for i, lot in enumerate(lots):
            partner = customers[i % len(customers)]
            rma = env["rma"].create(
                {
                    "partner_id": partner.id,
                    "product_id": product.id,
                    "product_uom_qty": 1.0,
                    "location_id": rma_location.id,
                    "operation_id": operation.id,
                    "description": FAULTS[i % len(FAULTS)],
                }
            )
            rma.action_confirm()
            move = rma.reception_move_id
            move.move_line_ids.unlink()
            move.move_line_ids = [
                Command.create(
                    {
                        "product_id": product.id,
                        "lot_id": lot.id,
                        "quantity": 1.0,
                        "location_id": move.location_id.id,
                        "location_dest_id": move.location_dest_id.id,
                    }
                )
            ]
            move.picking_id.button_validate()
            rma.action_refund()
            assert rma.state == "refunded", rma.state
        return lots

    return flow


def check_refunds(env, lots, kind):
    """Both flows must really have refunded: the serials left the customer
    and a draft credit note of the price exists per unit."""
    customer_location = env.ref("stock.stock_location_customers")
    left = env["stock.quant"].search_count(
        [
            ("lot_id", "in", lots.ids),
            ("location_id", "=", customer_location.id),
            ("quantity", ">", 0),
        ]
    )
    assert left == 0, f"{kind}: {left} serials still at the customer"
    if kind == "ours":
        cards = env["aftersales.warranty.card"].search([("lot_id", "in", lots.ids)])
        assert set(cards.mapped("state")) == {"refunded"}, cards.mapped("state")
        assert all(card.refund_move_id.move_type == "out_refund" for card in cards)
    else:
        rmas = env["rma"].search([("reception_move_id.move_line_ids.lot_id", "in", lots.ids)])
        assert len(rmas) == len(lots) and set(rmas.mapped("state")) == {"refunded"}


def bench_refund(env, customers, product, sizes):
    refund_ours(env, customers, product, 1)()  # warm both paths
    refund_rma(env, customers, product, 1)()
    lines = []
    for n in sizes:
        figures = best_of(
            env,
            {
                "ours": lambda n=n: refund_ours(env, customers, product, n),
                "rma": lambda n=n: refund_rma(env, customers, product, n),
            },
            lambda kind, lots: check_refunds(env, lots, kind),
        )
        ours, peer = figures["ours"], figures["rma"]
        for kind, step in figures.items():
            lines.append(
                [
                    {"ours": "request + 三包 refund wizard", "rma": "rma create+confirm+receive+refund"}[
                        kind
                    ],
                    str(n),
                    str(step.queries),
                    f"{step.queries / n:.1f}",
                    f"{step.ms:.1f}",
                    f"{step.ms / n:.1f}",
                    "-" if kind == "ours" else ratio(ours.queries, peer.queries),
                    "-" if kind == "ours" else ratio(ours.ms, peer.ms),
                ]
            )
        summarize("refund flow: ours", n, ours.queries, ours.ms)
        summarize(
            "refund flow: OCA rma",
            n,
            peer.queries,
            peer.ms,
            f"ours/peer: queries {ratio(ours.queries, peer.queries)}, time {ratio(ours.ms, peer.ms)}",
        )
    print_table(
        f"3. refund of N sold serials, one flow per unit (return picking validated + draft credit note; "
        f"best of {REPEAT})",
        ["flow", "N", "queries", "q/unit", "ms", "ms/unit", "ours/peer q", "ours/peer ms"],
        lines,
    )


def run(env, max_n, _explain):
    check_peers(env)
    customers = make_customers(env)
    locations = make_fsm_locations(env, customers)
    product = make_product(env)
    bench_create(env, customers, locations, product, [n for n in CREATE_SIZES if n <= max_n])
    bench_form(env, customers, locations, product)
    bench_refund(env, customers, product, [n for n in REFUND_SIZES if n <= max_n])


def main(argv=None):
    return run_bench(__doc__, max(CREATE_SIZES), run, argv)


if __name__ == "__main__":
    sys.exit(main())
