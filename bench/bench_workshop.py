"""The workshop: opening and confirming an estimate, and the workshop
dashboard, with query counts that must not grow with the lines or the jobs.

Opens the registry of the bench database, works as the superuser in one
transaction and rolls it back: no record is left behind.

Fixture: a depot and a workshop on it, an appliance, a labour product (80 an
hour), 20 spare parts that fit it, stocked at the depot.

* estimate: a job at the estimate with N = 5 and 20 lines (one labour, the
  rest parts), sent to the customer; measured: `web_read` of the job with
  the form view's fields (the lines with theirs), then the customer's
  consent at the counter (the consent wizard: the quotation confirmed, the
  parts planned on the request, the work opened).
* dashboard: N = 1,000 and 10,000 jobs created in bulk (`create(vals_list)`
  of the requests, then of the jobs; their states then set by one SQL
  UPDATE, a bench shortcut past the steps), spread over the dashboard's
  states; measured: the kanban's `web_read_group` by state with the first
  40 cards of each column (`web_search_read` with the card's fields, the
  late and waiting-for-parts badges included) and `workshop_dashboard_counts`.
"""

import base64

from bench_requests import view_spec
from benchlib import counted, print_table, run_bench, summarize

LINE_SIZES = (5, 20)
JOB_SIZES = (1_000, 10_000)
PARTS = 20
STATES = ("reception", "estimate", "consent", "in_work", "qc", "ready", "delivered")
DASHBOARD = [("state", "in", ("consent", "in_work", "qc", "ready"))]
CARD_FIELDS = (
    "name",
    "partner_id",
    "product_id",
    "lot_id",
    "advisor_id",
    "is_late",
    "waiting_parts",
    "promised_date",
)
SIGNATURE = base64.b64encode(
    base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg=="
    )
)


class Fixture:
    def __init__(self, env):
        self.env = env
        county = env["aftersales.county"].search([], limit=1)
        self.county = county
        self.depot = env["stock.warehouse"].create(
            {
                "name": "Bench 维修中心库",
                "code": "BWS",
                "aftersales_is_depot": True,
                "aftersales_level": "county",
                "aftersales_county_id": county.id,
            }
        )
        self.workshop = env["aftersales.workshop"].create(
            {"name": "Bench 家电维修中心", "depot_id": self.depot.id, "county_id": county.id}
        )
        self.unit = env["product.product"].create({"name": "Bench 空调 KFR-35GW", "type": "consu"})
        labour = env["product.product"].create(
            {"name": "Bench 维修工时", "type": "service", "list_price": 80.0, "taxes_id": [(5, 0, 0)]}
        )
        env.company.write(
            {"aftersales_labour_product_id": labour.id, "aftersales_workshop_labour_cost": 50.0}
        )
        self.parts = env["product.product"].create(
            [
                {
                    "name": f"Bench 配件 {i:02d}",
                    "type": "consu",
                    "is_storable": True,
                    "standard_price": 10.0 + i,
                    "list_price": 20.0 + i,
                    "taxes_id": [(5, 0, 0)],
                    "aftersales_is_spare_part": True,
                    "aftersales_fits_ids": [(6, 0, self.unit.product_tmpl_id.ids)],
                }
                for i in range(PARTS)
            ]
        )
        env["stock.quant"].with_context(inventory_mode=True).create(
            [
                {"product_id": p.id, "location_id": self.depot.lot_stock_id.id, "inventory_quantity": 100.0}
                for p in self.parts
            ]
        ).action_apply_inventory()
        self.customer = env["res.partner"].create({"name": "Bench 陈先生", "email": "bench@example.com"})

    def requests(self, count):
        # No chatter on the bulk fixture: what is measured is the reads.
        quiet = self.env["aftersales.request"].with_context(tracking_disable=True, mail_create_nolog=True)
        return quiet.create(
            [
                {
                    "partner_id": self.customer.id,
                    "contact_name": "陈先生",
                    "contact_phone": "13800000000",
                    "fault_description": "不制冷",
                    "request_type": "repair",
                    "channel": "walk_in",
                    "product_id": self.unit.id,
                    "county_id": self.county.id,
                }
                for _i in range(count)
            ]
        )

    def jobs(self, count):
        requests = self.requests(count)
        quiet = self.env["aftersales.workshop.job"].with_context(
            tracking_disable=True, mail_create_nolog=True
        )
        return quiet.create([{"request_id": r.id, "workshop_id": self.workshop.id} for r in requests])

    def estimate(self, n_lines):
        """A job at the estimate with one labour line and n_lines - 1 parts, sent."""
        job = self.env["aftersales.workshop.job"].browse(self.jobs(1).ids)  # with its chatter
        self.env.cr.execute("UPDATE aftersales_workshop_job SET state = 'estimate' WHERE id = %s", [job.id])
        job.invalidate_recordset()
        job.write({"old_parts_choice": "leave"})
        Line = self.env["aftersales.workshop.line"]
        Line.create(
            [{"job_id": job.id, "kind": "labour", "quantity": 1.5}]
            + [
                {"job_id": job.id, "kind": "part", "product_id": part.id, "quantity": 1.0}
                for part in self.parts[: n_lines - 1]
            ]
        )
        job.action_send_estimate()
        return job


def bench_estimate(env, fixture):
    Job = env["aftersales.workshop.job"]
    spec = view_spec(Job, "form")
    rows, figures = [], {}
    fixture.estimate(3)  # warm what is read once per transaction
    for n in LINE_SIZES:
        job = fixture.estimate(n)
        with counted(env) as opened:
            job.web_read(spec)
        Wizard = env["aftersales.workshop.consent.wizard"]
        with counted(env) as confirmed:
            wizard = Wizard.with_context(default_job_id=job.id, default_channel="counter").create(
                {"signed_by": "陈先生", "signature": SIGNATURE}
            )
            wizard.action_confirm()
        assert job.state == "in_work", job.state
        figures[n] = (opened, confirmed)
        rows.append(
            [f"{n}", f"{opened.queries}", f"{opened.ms:.0f}", f"{confirmed.queries}", f"{confirmed.ms:.0f}"]
        )
    print_table(
        "estimate: open the form (web_read) and confirm (the customer's consent)",
        ["lines", "open queries", "open ms", "confirm queries", "confirm ms"],
        rows,
    )
    small, large = LINE_SIZES
    for label, index in (("open", 0), ("confirm", 1)):
        grows = figures[large][index].queries - figures[small][index].queries
        print(f"{label}: {trend(grows)} from {small} to {large} lines")
        summarize(
            f"estimate {label}, {large} lines",
            large,
            figures[large][index].queries,
            figures[large][index].ms,
            note=f"{figures[small][index].queries} at {small} lines",
        )


def trend(grows):
    if not grows:
        return "flat"
    return f"GROWS by {grows} queries" if grows > 0 else f"{-grows} queries fewer"


def dashboard_read(env):
    Job = env["aftersales.workshop.job"]
    groups = Job.web_read_group(DASHBOARD, ["state"], ["__count"])
    cards = Job.web_search_read(DASHBOARD, {name: {} for name in CARD_FIELDS}, limit=40)
    return groups, cards, Job.workshop_dashboard_counts()


def bench_dashboard(env, fixture):
    rows, figures, made = [], {}, 0
    for n in JOB_SIZES:
        jobs = fixture.jobs(n - made)
        made = n
        env.cr.execute(
            "UPDATE aftersales_workshop_job SET state = (%s::varchar[])[1 + id %% %s] WHERE id = ANY(%s)",
            [list(STATES), len(STATES), jobs.ids],
        )
        env.invalidate_all()
        with counted(env) as read:
            _groups, _cards, counts = dashboard_read(env)
        figures[n] = read
        rows.append(
            [f"{n}", f"{read.queries}", f"{read.ms:.0f}", " ".join(f"{k}={v}" for k, v in counts.items())]
        )
    print_table(
        "dashboard: kanban by state + counters", ["jobs", "queries", "ms", "counters"], rows, left=(0, 3)
    )
    small, large = JOB_SIZES
    grows = figures[large].queries - figures[small].queries
    print(f"dashboard: {trend(grows)} from {small} to {large} jobs")
    summarize(
        "dashboard read",
        large,
        figures[large].queries,
        figures[large].ms,
        note=f"{figures[small].queries} at {small}",
    )


def run(env, max_n, explain):
    fixture = Fixture(env)
    bench_estimate(env, fixture)
    bench_dashboard(env, fixture)


if __name__ == "__main__":
    raise SystemExit(run_bench(__doc__, max(JOB_SIZES), run))
