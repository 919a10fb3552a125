"""Automatic dispatch at scale: queries and wall time of the proposal step,
deadlines kept, and the travel of the dispatched order against a route order.

Opens the Odoo registry of the bench database directly, works as the
superuser in one transaction and rolls it back at the end: the bench leaves
no record behind (only the request sequence moves on).

Fixture (built in the transaction, deterministic with random.Random(42)):

* the first 100 counties of Guangdong (codes 44xxxx) from the shipped data,
  with their real coordinates;
* 3 product categories (skills) of 2 products each;
* 300 technicians (hr.employee without user) on one calendar, Monday to
  Sunday 08:00-12:00 and 13:00-18:00 Asia/Shanghai (every day works, so the
  run day does not matter), capacity 6 a day, based 3 per county, each
  covering the 4-6 counties nearest to their base and having 1-3 skills;
* 2 customers per county and 2,000 open repair requests (state new), county
  set explicitly, a random product, priority normal or urgent (the shipped
  24 h on-site policy), received 0-20 hours ago so that deadlines vary.

Measured:

* ``_run_engine(requests)`` of the dispatch wizard for N = 500, 1000, 2000
  (the first N requests): queries and wall time from empty ORM caches, the
  fastest of 3 runs; the engine alone (``dispatch.dispatch`` on the inputs
  the wizard builds) is timed separately, the rest is loading. The query
  count must not grow with N; when it changes, the statements whose count
  changes are listed (skip with ``--no-explain``). Proposals: placed, late,
  unplaced by code, share of the N requests placed to start by their
  on-site deadline. That share depends on the hour the bench runs (how much
  of today's working time is left), which the bench prints;
* on the proposals of the largest N, each technician-day (Asia/Shanghai) as
  a route from the technician's base: the dispatched order (by proposed
  start), the greedy nearest-neighbour order and the optimised order
  (2-opt / or-opt), with windows from the day's first start to each
  request's on-site deadline: road km, days shortened, late stops, time;
* ``action_propose`` (engine + wizard lines) then ``action_confirm``
  (bookings written, booking rules checked once per batch) for 100 and 500
  requests of their own, mail tracking on as in the interface, with the
  statements of ``action_confirm`` whose count grows.

Figures only, never pass or fail.
"""

import random
import sys
import time
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta

import pytz
from bench_requests import collect_sql, normalize_sql  # bench/ is the script's folder
from benchlib import print_table, run_bench, summarize

from odoo import fields

# The addons' engines (odoo.addons.aftersales_service.engine) are imported
# inside the functions: odoo.addons knows the addons path only once the
# configuration is parsed.

SIZES = (500, 1000, 2000)
CONFIRM_SIZES = (100, 500)
COUNTY_COUNT = 100
COUNTY_CODE_PREFIX = "44"  # Guangdong
TECHNICIAN_COUNT = 300
CUSTOMERS_PER_COUNTY = 2
COUNTIES_COVERED = (4, 6)
SKILLS_PER_TECHNICIAN = (1, 3)
DAILY_CAPACITY = 6
RECEIVED_HOURS_AGO = (0.0, 20.0)
TZ = "Asia/Shanghai"
SEED = 42
REPEAT = 3  # _run_engine and dispatch() runs per size; the fastest counts
IMPROVED_KM = 0.01  # a route shorter by more than this counts as improved
# Skills: (category, products).
CATEGORIES = (
    ("空调", ("美的 KFR-35GW 挂机", "格力 KFR-72LW 柜机")),
    ("冰箱", ("海尔 BCD-470 冰箱", "容声 BCD-529 冰箱")),
    ("洗衣机", ("小天鹅 TG100 滚筒洗衣机", "海尔 EG100 洗衣机")),
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN_NAMES = ("伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "华", "平", "刚", "辉", "斌")
FAULTS = ("空调不制冷，外机有异响", "冰箱冷藏室结霜", "洗衣机脱水时震动过大", "开机后显示故障代码")
PRIORITIES = ("0", "0", "0", "1")  # both on the shipped 24 h on-site policy


# ---------------------------------------------------------------- measuring
@dataclass
class Measure:
    queries: int = 0
    ms: float = 0.0


@contextmanager
def measure(env):
    """Queries and wall time of the block, caches emptied first and pending
    writes flushed last."""
    env.invalidate_all()
    result = Measure()
    before, start = env.cr.sql_log_count, time.perf_counter()
    yield result
    env.flush_all()
    result.queries = env.cr.sql_log_count - before
    result.ms = (time.perf_counter() - start) * 1000


@dataclass
class SizeRow:
    n: int
    technicians: int
    queries: int
    ms_total: float
    ms_engine: float
    placed: int
    unplaced: Counter = field(default_factory=Counter)
    within: int = 0


def unplaced_text(counter):
    return ", ".join(f"{code} {count}" for code, count in sorted(counter.items())) or "-"


def print_sizes(rows):
    header = (
        "N",
        "technicians",
        "queries",
        "ms total",
        "ms engine",
        "ms loading",
        "placed",
        "late",
        "unplaced",
        "within deadline",
    )
    lines = [
        (
            str(r.n),
            str(r.technicians),
            str(r.queries),
            f"{r.ms_total:.0f}",
            f"{r.ms_engine:.0f}",
            f"{r.ms_total - r.ms_engine:.0f}",
            str(r.placed),
            str(r.placed - r.within),
            unplaced_text(r.unplaced),
            f"{r.within} ({100 * r.within / r.n:.1f}%)",
        )
        for r in rows
    ]
    print_table(
        f"dispatch wizard _run_engine(requests): N open requests, {TECHNICIAN_COUNT} technicians, "
        f"{COUNTY_COUNT} counties",
        header,
        lines,
    )
    print(
        f"fastest of {REPEAT} runs; ms engine: dispatch() alone on the same inputs; late: placed to "
        "start after the on-site deadline; within deadline: placed to start by it, share of all N"
    )


# ---------------------------------------------------------------- fixtures
def make_counties(env):
    counties = env["aftersales.county"].search(
        [("code", "=like", f"{COUNTY_CODE_PREFIX}%"), ("latitude", "!=", 0), ("longitude", "!=", 0)],
        order="code",
        limit=COUNTY_COUNT,
    )
    if len(counties) < COUNTY_COUNT:
        raise SystemExit(f"only {len(counties)} counties with coordinates under code {COUNTY_CODE_PREFIX}")
    return counties


def make_products(env):
    """The skill categories and their products."""
    categories = env["product.category"].create([{"name": name} for name, _products in CATEGORIES])
    products = env["product.product"].create(
        [
            {"name": product, "categ_id": category.id}
            for category, (_name, names) in zip(categories, CATEGORIES, strict=True)
            for product in names
        ]
    )
    return categories, products


def make_calendar(env):
    periods = (("morning", 8, 12), ("afternoon", 13, 18))
    return env["resource.calendar"].create(
        {
            "name": "Bench 技师 7x 8-12 13-18",
            "tz": TZ,
            "attendance_ids": [
                (
                    0,
                    0,
                    {
                        "name": f"{day} {period}",
                        "dayofweek": str(day),
                        "day_period": period,
                        "hour_from": start,
                        "hour_to": end,
                    },
                )
                for day in range(7)
                for period, start, end in periods
            ],
        }
    )


def make_technicians(env, rng, counties, categories, calendar):
    """3 technicians based in each county, each covering the counties nearest
    to their base."""
    from odoo.addons.aftersales_service.engine import geo

    points = [county._point() for county in counties]
    vals_list = []
    for i in range(TECHNICIAN_COUNT):
        home = i % len(counties)
        nearest = sorted(
            range(len(counties)), key=lambda c, home=home: geo.haversine_km(points[home], points[c])
        )
        covered = nearest[: rng.randint(*COUNTIES_COVERED)]
        skills = rng.sample(list(categories), rng.randint(*SKILLS_PER_TECHNICIAN))
        vals_list.append(
            {
                "name": f"{SURNAMES[i % len(SURNAMES)]}{GIVEN_NAMES[i // len(SURNAMES) % len(GIVEN_NAMES)]} {i + 1:03d}",
                "is_aftersales_technician": True,
                "resource_calendar_id": calendar.id,
                "tz": TZ,
                "aftersales_home_county_id": counties[home].id,
                "aftersales_county_ids": [(6, 0, [counties[c].id for c in covered])],
                "aftersales_skill_ids": [(6, 0, [category.id for category in skills])],
                "aftersales_daily_capacity": DAILY_CAPACITY,
            }
        )
    return env["hr.employee"].create(vals_list)


def make_customers(env, counties):
    """Customers per county: {county id: partners}."""
    vals_list = [
        {
            "name": f"{county.city or ''}{county.name}客户{k + 1}",
            "phone": f"0{20 + index % 80}-8{index:03d}{k:04d}",
            "country_id": env.ref("base.cn").id,
            "state_id": county.state_id.id,
            "city": county.city,
            "street": f"{county.name}人民路{k + 1}号",
            "aftersales_county_id": county.id,
        }
        for index, county in enumerate(counties)
        for k in range(CUSTOMERS_PER_COUNTY)
    ]
    partners = env["res.partner"].create(vals_list)
    by_county = defaultdict(list)
    for partner, vals in zip(partners, vals_list, strict=True):
        by_county[vals["aftersales_county_id"]].append(partner)
    return by_county


def make_requests(env, rng, counties, customers, products, count):
    now = fields.Datetime.now().replace(second=0, microsecond=0)
    vals_list = []
    for i in range(count):
        county = counties[rng.randrange(len(counties))]
        vals_list.append(
            {
                "partner_id": rng.choice(customers[county.id]).id,
                "county_id": county.id,
                "contact_name": "陈先生",
                "contact_phone": f"138{i:08d}",
                "fault_description": FAULTS[i % len(FAULTS)],
                "request_type": "repair",
                "priority": rng.choice(PRIORITIES),
                "product_id": rng.choice(products).id,
                "notified_date": now - timedelta(minutes=round(60 * rng.uniform(*RECEIVED_HOURS_AGO))),
            }
        )
    return env["aftersales.request"].create(vals_list)


def build_fixture(env, count):
    """Counties, technicians and `count` open requests."""
    rng = random.Random(SEED)
    quiet = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True))
    started = time.perf_counter()
    counties = make_counties(quiet)
    categories, products = make_products(quiet)
    calendar = make_calendar(quiet)
    technicians = make_technicians(quiet, rng, counties, categories, calendar)
    customers = make_customers(quiet, counties)
    requests = make_requests(quiet, rng, counties, customers, products, count)
    env.flush_all()
    zone = pytz.timezone(TZ)

    def local(moment):
        return f"{pytz.utc.localize(moment).astimezone(zone):%m-%d %H:%M}"

    deadlines = requests.mapped("onsite_deadline")
    print(
        f"fixture: {len(counties)} counties ({counties[0].code}-{counties[-1].code}), "
        f"{len(technicians)} technicians, {sum(len(c) for c in customers.values())} customers, "
        f"{len(requests)} requests in {time.perf_counter() - started:.1f} s"
    )
    print(
        f"now {local(fields.Datetime.now())}, on-site deadlines {local(min(deadlines))} .. "
        f"{local(max(deadlines))} ({TZ}); working time 08-12, 13-18: the share placed within "
        f"the deadline depends on the hour the bench runs"
    )
    return requests.ids


# ---------------------------------------------------------------- benches
def engine_inputs(wizard, requests):
    """What `_run_engine` hands to the engine, built the same way."""
    company = wizard.env.company
    now = fields.Datetime.now().replace(second=0, microsecond=0)
    horizon_end = now + timedelta(days=max(company.aftersales_dispatch_horizon_days, 1))
    technicians = wizard._candidate_technicians(requests)
    options = {
        "now": now,
        "speed_kmh": company.aftersales_travel_speed_kmh,
        "road_factor": company.aftersales_road_factor,
        "load_penalty_minutes": company.aftersales_load_penalty_minutes,
    }
    jobs = wizard._engine_jobs(requests, now)
    return jobs, wizard._engine_technicians(technicians, now, horizon_end), options


def bench_size(env, request_ids, n):
    """`_run_engine` over the first n requests, REPEAT times: the fewest
    queries and the fastest runs are kept (the machine may be busy)."""
    from odoo.addons.aftersales_service.engine import dispatch

    wizard = env["aftersales.dispatch.wizard"]
    requests = env["aftersales.request"].browse(request_ids[:n])
    runs = []
    for _repeat in range(REPEAT):
        with measure(env) as total:
            result = wizard._run_engine(requests)
        runs.append(total)
    jobs, technicians, options = engine_inputs(wizard, requests)
    ms_engine = []
    for _repeat in range(REPEAT):
        started = time.perf_counter()
        dispatch.dispatch(jobs, technicians, **options)
        ms_engine.append((time.perf_counter() - started) * 1000)
    row = SizeRow(
        n=n,
        technicians=len(technicians),
        queries=min(m.queries for m in runs),
        ms_total=min(m.ms for m in runs),
        ms_engine=min(ms_engine),
        placed=len(result.proposals),
        unplaced=Counter(u.code for u in result.unplaced),
        within=sum(p.within_deadline for p in result.proposals),
    )
    if len({m.queries for m in runs}) > 1:
        print(f"N={n}: the query count varies between runs: {[m.queries for m in runs]}")
    summarize(
        "dispatch proposal (_run_engine)",
        n,
        row.queries,
        row.ms_total,
        f"{row.placed} placed, {row.within} by their deadline, {row.technicians} technicians",
    )
    return row, result


def route_days(env, result):
    """{(technician id, local day): [proposals by start]}."""
    zone = pytz.timezone(TZ)
    days = defaultdict(list)
    for proposal in sorted(result.proposals, key=lambda p: (p.technician_id, p.start)):
        day = pytz.utc.localize(proposal.start).astimezone(zone).date()
        days[proposal.technician_id, day].append(proposal)
    return days


ROUTE_ORDERS = ("dispatched", "greedy", "optimised")


def bench_routes(env, result):
    """Each technician-day of the proposals routed in dispatched, greedy and
    optimised order."""
    from odoo.addons.aftersales_service.engine import geo, routing

    company = env.company
    options = {
        "speed_kmh": company.aftersales_travel_speed_kmh,
        "road_factor": company.aftersales_road_factor,
    }
    functions = dict(
        zip(ROUTE_ORDERS, (routing.route_in_order, routing.greedy_route, routing.optimise_route), strict=True)
    )
    requests = env["aftersales.request"].browse([p.job_id for p in result.proposals])
    location = {r.id: r.county_id._point() for r in requests}
    deadline = {r.id: r.onsite_deadline or None for r in requests}
    technicians = env["hr.employee"].browse({p.technician_id for p in result.proposals})
    home = {t.id: t.aftersales_home_county_id._point() for t in technicians}

    km, late, shorter, ms = Counter(), Counter(), Counter(), Counter()
    days = route_days(env, result)
    for (technician_id, _day), proposals in days.items():
        first = proposals[0].start
        stops = [
            routing.Stop(
                id=p.job_id,
                location=location[p.job_id],
                duration=p.end - p.start,
                window_start=first,
                window_end=deadline[p.job_id],
            )
            for p in proposals
        ]
        base = home[technician_id]
        start = first - timedelta(minutes=geo.travel_minutes(base, stops[0].location, **options))
        routes = {}
        for name, function in functions.items():
            started = time.perf_counter()
            routes[name] = route = function(base, start, stops, **options)
            ms[name] += (time.perf_counter() - started) * 1000
            km[name] += route.travel_km
            late[name] += sum(
                deadline[job_id] is not None and begin > deadline[job_id]
                for job_id, begin in zip(route.order, route.starts, strict=True)
            )
        for name in ROUTE_ORDERS[1:]:
            shorter[name] += routes[name].travel_km < routes["dispatched"].travel_km - IMPROVED_KM

    dispatched = km["dispatched"] or 1.0
    header = ("order", "road km", "vs dispatched", "days shorter", "late stops", "ms")
    lines = [
        (
            name,
            f"{km[name]:.0f}",
            f"{km[name] / dispatched:.3f}",
            "-" if name == "dispatched" else str(shorter[name]),
            str(late[name]),
            f"{ms[name]:.0f}",
        )
        for name in ROUTE_ORDERS
    ]
    several = sum(len(proposals) > 1 for proposals in days.values())
    print_table(
        f"technician-day routes of the N={len(result.proposals) + len(result.unplaced)} proposals: "
        f"{len(days)} technician-days ({several} with 2+ jobs), "
        f"{len(result.proposals) / max(len(days), 1):.1f} jobs a day",
        header,
        lines,
    )
    print(
        "from the technician's base, windows [day's first start, on-site deadline]; "
        "dispatched = by proposed start"
    )
    print(
        f"total travel: greedy/dispatched = {km['greedy'] / dispatched:.3f}, "
        f"optimised/dispatched = {km['optimised'] / dispatched:.3f}, "
        f"optimised/greedy = {km['optimised'] / (km['greedy'] or 1.0):.3f}; "
        f"optimise_route shortens {shorter['optimised']} of {len(days)} technician-days "
        f"in {ms['optimised']:.0f} ms"
    )


class RequestPool:
    """Hands out requests never dispatched before, in fixture order."""

    def __init__(self, env, request_ids):
        self.env, self.ids, self.offset = env, request_ids, 0

    def take(self, n):
        ids = self.ids[self.offset : self.offset + n]
        if len(ids) < n:
            raise ValueError(f"only {len(ids)} of the {n} requests asked for are left")
        self.offset += n
        return self.env["aftersales.request"].browse(ids)


def proposed_wizard(env, requests):
    wizard = env["aftersales.dispatch.wizard"].create({"request_ids": [(6, 0, requests.ids)]})
    wizard.action_propose()
    return wizard


def bench_confirm(env, pool, sizes):
    """action_propose then action_confirm of one wizard per size, each over
    requests of its own (the bookings of one are existing bookings for the
    next), mail tracking on as in the interface. Returns the confirm rows
    (n, placed, queries)."""
    rows, confirms = [], []
    for n in sizes:
        requests = pool.take(n)
        wizard = env["aftersales.dispatch.wizard"].create({"request_ids": [(6, 0, requests.ids)]})
        with measure(env) as propose:
            wizard.action_propose()
        placed = wizard.line_ids.filtered("technician_id")
        count, technicians = len(placed), len(placed.technician_id)
        with measure(env) as confirm:
            wizard.action_confirm()
        scheduled = env["aftersales.request"].search_count(
            [("id", "in", requests.ids), ("state", "=", "scheduled")]
        )
        if scheduled != count:
            print(f"N={n}: {count} proposals confirmed but {scheduled} requests scheduled")
        rows += [
            ("action_propose (engine + lines)", n, n, "", propose),
            ("action_confirm", n, count, str(technicians), confirm),
        ]
        confirms.append((n, count, confirm.queries))
        summarize("dispatch confirm (bookings)", count, confirm.queries, confirm.ms)
    header = ("step", "N", "records", "technicians", "queries", "queries/record", "ms", "ms/record")
    lines = [
        (
            step,
            str(n),
            str(count),
            technicians,
            str(m.queries),
            f"{m.queries / count:.2f}",
            f"{m.ms:.0f}",
            f"{m.ms / count:.2f}",
        )
        for step, n, count, technicians, m in rows
    ]
    print_table("dispatch wizard: propose, then confirm every placed proposal", header, lines)
    print("records: requests proposed; for confirm, the placed proposals booked (by that many technicians)")
    if len(confirms) > 1:
        (_n, small, q_small), (_n, large, q_large) = confirms[0], confirms[-1]
        print(
            f"action_confirm: {(q_large - q_small) / (large - small):+.3f} queries per extra record "
            f"({small} -> {large} records)"
        )
    return confirms


def counted_statements(env, step):
    """{statement shape: count} of what `step()` sends, caches emptied first."""
    env.invalidate_all()
    with collect_sql() as queries:
        step()
        env.flush_all()
    return Counter(normalize_sql(q) for q in queries)


def print_changes(title, small, large, counts_small, counts_large):
    changed = sorted(
        (
            (counts_large[q], counts_small[q], q)
            for q in counts_small.keys() | counts_large.keys()
            if counts_small[q] != counts_large[q]
        ),
        reverse=True,
    )
    print(f"\n-- {title}: statements whose count changes (N={small} -> N={large})")
    if not changed:
        print("  (none: same statements, only larger)")
    for n_large, n_small, query in changed:
        print(f"  {n_small:4d} -> {n_large:4d}  {query[:240]}")


def explain_engine(env, request_ids, small, large):
    counts = [
        counted_statements(
            env,
            lambda n=n: env["aftersales.dispatch.wizard"]._run_engine(
                env["aftersales.request"].browse(request_ids[:n])
            ),
        )
        for n in (small, large)
    ]
    print_changes("_run_engine", small, large, *counts)


def explain_confirm(env, pool, small, large):
    """Same steps on fresh requests, the statements of action_confirm captured."""
    counts = [
        counted_statements(env, proposed_wizard(env, pool.take(n)).action_confirm) for n in (small, large)
    ]
    print_changes("action_confirm", small, large, *counts)


# ---------------------------------------------------------------- main
def run(env, max_n, explain):
    sizes = [n for n in SIZES if n <= max_n] or [max_n]
    confirm_sizes = [n for n in CONFIRM_SIZES if n <= max_n]
    confirm_needs = sum(confirm_sizes) * (2 if explain and len(confirm_sizes) > 1 else 1)
    request_ids = build_fixture(env, max(sizes[-1], confirm_needs))
    # Warm the registry caches (calendars, ormcaches) outside the measurements.
    env["aftersales.dispatch.wizard"]._run_engine(env["aftersales.request"].browse(request_ids[:10]))
    rows, results = [], {}
    for n in sizes:
        row, results[n] = bench_size(env, request_ids, n)
        rows.append(row)
    print_sizes(rows)
    first, last = rows[0], rows[-1]
    if explain and first.queries != last.queries:
        explain_engine(env, request_ids, first.n, last.n)
    bench_routes(env, results[last.n])
    if confirm_sizes:
        # The proposals above were never confirmed: every request is still open.
        pool = RequestPool(env, request_ids)
        confirms = bench_confirm(env, pool, confirm_sizes)
        if explain and len(confirms) > 1 and confirms[-1][2] != confirms[0][2]:
            explain_confirm(env, pool, confirm_sizes[0], confirm_sizes[-1])
    if len(rows) > 1:
        print(f"\nqueries({last.n})/queries({first.n}) = {last.queries / first.queries:.2f}")


def main(argv=None):
    return run_bench(__doc__, max(SIZES), run, argv)


if __name__ == "__main__":
    sys.exit(main())
