"""Query counts and wall time of the service-request hot paths.

Opens the Odoo registry of the bench database directly, works as the
superuser in one transaction and rolls it back at the end: the bench leaves
no record behind (only the request sequence moves on, as sequences ignore
rollbacks). Every measurement starts from empty ORM caches and ends with a
flush, so the queries counted are those the database really receives.

Measured:

* create: N requests in a single ``create(vals_list)`` (N = 1, 10, 100,
  1000, 5000), customers spread over several Chinese provinces, with
    - a plain 24-hour SLA policy,
    - a policy counting working time on a calendar (with public holidays),
    - the plain policy with ``tracking_disable`` (no chatter), as the tests run;
* open form: ``get_views`` then ``web_read`` of one request with the form
  view's fields (many2one display names, x2many sub-list fields);
* list: ``search_read`` of 10 and 80 requests with the list view's fields;
* escalation: ``_escalate_sla_breach()`` over N requests notified 3 days ago,
  run by the superuser as the cron does, the activity going to another user
  (Odoo e-mails it) or to the superuser itself (no e-mail).

Figures only, never pass or fail. When the queries of a case grow with N the
bench also prints which statements repeat (captured from ``odoo.sql_db``).
"""

import logging
import re
import sys
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from benchlib import print_table, run_bench, summarize  # bench/ is the script's folder
from lxml import etree

CREATE_SIZES = (1, 10, 100, 1000, 5000)
ESCALATION_SIZES = (1, 10, 100, 1000)
LIST_SIZES = (10, 80)
# Chinese customers: (name, phone, province xml id, city, street).
CUSTOMERS = (
    ("北京中关村电子有限公司", "010-62751234", "base.state_cn_BJ", "北京市", "海淀区中关村大街27号"),
    ("上海浦江制冷设备有限公司", "021-58881234", "base.state_cn_SH", "上海市", "浦东新区张江路88号"),
    ("深圳市华强电器有限公司", "0755-26881234", "base.state_cn_GD", "深圳市", "南山区科技园南区高新南七道"),
    ("杭州西湖家电服务部", "0571-87961234", "base.state_cn_ZJ", "杭州市", "西湖区文三路90号"),
    ("成都武侯暖通工程有限公司", "028-85001234", "base.state_cn_SC", "成都市", "武侯区人民南路四段11号"),
    ("武汉光谷机电有限公司", "027-87661234", "base.state_cn_HB", "武汉市", "洪山区珞喻路1037号"),
)
FAULTS = ("空调不制冷，外机有异响", "洗衣机脱水时震动过大", "热水器点不着火", "冰箱冷藏室结霜")
GROWTH_TOLERANCE = 1.05  # queries(large N) / queries(10) above this: "grows"
CHUNKED_SLOPE = 0.1  # fewer extra queries per extra record: ORM chunking, not a loop
SLOW_STEP_S = 60.0  # larger sizes are skipped once one step takes longer than this


@dataclass
class Row:
    case: str
    n: int
    queries: int
    ms: float


# ---------------------------------------------------------------- measuring
@contextmanager
def measure(env, rows, case, n):
    """Counts the queries and wall time of the block, caches emptied first and
    pending writes flushed last; appends a Row to `rows`."""
    env.invalidate_all()
    before, start = env.cr.sql_log_count, time.perf_counter()
    yield
    env.flush_all()
    rows.append(Row(case, n, env.cr.sql_log_count - before, (time.perf_counter() - start) * 1000))


class _SqlCollector(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.queries = []

    def emit(self, record):
        if "query:" in str(record.msg) and len(record.args) >= 2:
            self.queries.append(str(record.args[1]))


@contextmanager
def collect_sql():
    """Captures every statement sent while the block runs (odoo.sql_db debug
    log, kept off the console)."""
    logger = logging.getLogger("odoo.sql_db")
    handler, level, propagate = _SqlCollector(), logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    try:
        yield handler.queries
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate


def normalize_sql(query):
    """A statement's shape: literals replaced, value lists collapsed."""
    query = re.sub(r"'(?:[^']|'')*'", "?", query)
    query = re.sub(r"\b\d+(\.\d+)?\b", "?", query)
    query = re.sub(r"\?(\s*,\s*\?)+", "?…", query)
    query = re.sub(r"(\([^()]*\))(\s*,\s*\([^()]*\))+", r"\1…", query)
    return " ".join(query.split())


# ---------------------------------------------------------------- printing
def print_rows(title, rows):
    header = ("case", "N", "queries", "queries/record", "ms", "ms/record")
    lines = [
        (r.case, str(r.n), str(r.queries), f"{r.queries / r.n:.2f}", f"{r.ms:.1f}", f"{r.ms / r.n:.3f}")
        for r in rows
    ]
    print_table(title, header, lines)


def growth(rows, case, small=10):
    """(largest N, queries(largest N) / queries(small N), extra queries per
    extra record) of a case, or None."""
    by_n = {r.n: r.queries for r in rows if r.case == case}
    if small not in by_n or len(by_n) < 2:
        return None
    largest = max(by_n)
    if largest == small:
        return None
    slope = (by_n[largest] - by_n[small]) / (largest - small)
    return largest, by_n[largest] / by_n[small], slope


def print_growth(rows, cases, small=10):
    for case in cases:
        found = growth(rows, case, small)
        if found:
            largest, ratio, slope = found
            if ratio <= GROWTH_TOLERANCE:
                verdict = "flat"
            elif slope < CHUNKED_SLOPE:
                verdict = "grows by chunks of rows, not per record"
            else:
                verdict = "GROWS per record"
            print(
                f"{case}: queries({largest})/queries({small}) = {ratio:.2f}, "
                f"{slope:+.3f} queries per extra record ({verdict})"
            )


def print_repeats(title, counts_small, counts_large, n_small, n_large):
    """The statements whose number grows between the two batch sizes."""
    grown = sorted(
        (
            (counts_large[q], counts_small.get(q, 0), q)
            for q in counts_large
            if counts_large[q] > counts_small.get(q, 0)
        ),
        reverse=True,
    )
    print(f"\n-- {title}: statements whose count grows (N={n_small} -> N={n_large})")
    if not grown:
        print("  (none: same statements, only larger)")
    for large, small, query in grown:
        print(f"  {small:5d} -> {large:5d}  {query[:300]}")


# ---------------------------------------------------------------- fixtures
def make_customers(env):
    Partner = env["res.partner"]
    return Partner.create(
        [
            {
                "name": name,
                "phone": phone,
                "state_id": env.ref(state).id,
                "country_id": env.ref("base.cn").id,
                "city": city,
                "street": street,
                "is_company": True,
            }
            for name, phone, state, city, street in CUSTOMERS
        ]
    )


def make_policies(env):
    """Two policies for repairs, specific enough (type and priority) to win
    over the shipped ones: priority 1 runs a plain 24 h clock, priority 2
    counts working time on a Shanghai calendar with the October holidays."""
    calendar = env["resource.calendar"].create({"name": "Bench 工作日 8-17", "tz": "Asia/Shanghai"})
    year = datetime.now().year
    env["resource.calendar.leaves"].create(
        [
            {
                "name": f"国庆节 {y}",
                "calendar_id": calendar.id,
                "resource_id": False,
                "date_from": datetime(y, 9, 30, 16),
                "date_to": datetime(y, 10, 7, 16),
            }
            for y in (year, year + 1)
        ]
    )
    common = {
        "request_type": "repair",
        "sequence": 1,
        "onsite_hours": 24,
        "reply_hours": 48,
        "callback_days": 3,
    }
    plain = env["aftersales.sla.policy"].create({**common, "name": "Bench 24h", "priority": "1"})
    timed = env["aftersales.sla.policy"].create(
        {
            **common,
            "name": "Bench working time",
            "priority": "2",
            "use_working_calendar": True,
            "calendar_id": calendar.id,
        }
    )
    return plain, timed


def check_policies(env, customers, policies):
    """Shows that each bench policy wins for its priority and what the clocks give."""
    for policy in policies:
        request = env["aftersales.request"].create(request_vals(customers, 1, policy.priority))
        assert request.sla_policy_id == policy, f"{request.sla_policy_id.name} won, not {policy.name}"
        print(
            f"priority {policy.priority} -> policy {policy.name!r}: notified {request.notified_date}, "
            f"on site by {request.onsite_deadline}, reply by {request.reply_deadline} (UTC)"
        )


def request_vals(customers, count, priority, **extra):
    return [
        {
            "partner_id": customers[i % len(customers)].id,
            "contact_name": "陈先生",
            "contact_phone": f"138{i % 100000000:08d}",
            "fault_description": FAULTS[i % len(FAULTS)],
            "request_type": "repair",
            "priority": priority,
            "channel": "phone",
            **extra,
        }
        for i in range(count)
    ]


# ---------------------------------------------------------------- view specs
def field_spec(model, node):
    """web_read specification of the fields directly under `node` (fields
    nested in a sub-view belong to the x2many that holds them)."""
    spec = {}
    for element in node.iter("field"):
        if element is node or _owner_field(element, node) is not node:
            continue
        field = model._fields.get(element.get("name"))
        if field is None:
            continue
        if field.type == "many2one":
            spec[field.name] = {"fields": {"display_name": {}}}
        elif field.type in ("one2many", "many2many"):
            sub = field_spec(model.env[field.comodel_name], element)
            spec[field.name] = {"fields": sub or {"display_name": {}}}
        else:
            spec[field.name] = {}
    return spec


def _owner_field(element, root):
    parent = element.getparent()
    while parent is not None and parent is not root and parent.tag != "field":
        parent = parent.getparent()
    return root if parent is None else parent


def view_spec(model, view_type):
    arch = model.get_views([(False, view_type)])["views"][view_type]["arch"]
    return field_spec(model, etree.fromstring(arch))


# ---------------------------------------------------------------- benches
# A "prepare" function takes N, builds what the measured step needs outside
# the measurement and returns that step as a callable.
def create_cases(env, customers):
    """(case, prepare) pairs of the create benchmark."""
    quiet = env(context=dict(env.context, tracking_disable=True))
    return (
        ("create, 24h policy", _prepare_create(env, customers, "1")),
        ("create, working calendar", _prepare_create(env, customers, "2")),
        ("create, 24h, tracking_disable", _prepare_create(quiet, customers, "1")),
    )


def _prepare_create(env, customers, priority):
    def prepare(n):
        vals = request_vals(customers, n, priority)
        return lambda: env["aftersales.request"].create(vals)

    return prepare


def escalation_cases(env, customers):
    """(case, prepare) pairs of the escalation benchmark: the requests' agent
    (who gets the escalation) is admin, another user than the superuser
    running it, as under the cron, so Odoo e-mails each activity; or the
    superuser itself, which Odoo does not notify."""
    return (
        ("escalate, agent admin (notified)", _prepare_escalation(env, customers, "base.user_admin")),
        ("escalate, agent = runner (silent)", _prepare_escalation(env, customers, "base.user_root")),
    )


def _prepare_escalation(env, customers, agent_xmlid):
    three_days_ago = datetime.now().replace(microsecond=0) - timedelta(days=3)
    agent = env.ref(agent_xmlid)

    def prepare(n):
        requests = env["aftersales.request"].create(
            request_vals(customers, n, "1", notified_date=three_days_ago, user_id=agent.id)
        )

        def escalate():
            escalated = requests._escalate_sla_breach()
            assert len(escalated) == n, f"{len(escalated)} of {n} requests escalated"

        return escalate

    return prepare


def bench_sizes(env, case, prepare, sizes):
    """Rows of `case` for each N of `sizes`, stopping after a slow one."""
    rows = []
    prepare(2)()  # warm the registry caches (views, county index, ...)
    for n in sizes:
        step = prepare(n)
        with measure(env, rows, case, n):
            step()
        if rows[-1].ms / 1000 > SLOW_STEP_S:
            break
    return rows


def statement_counts(env, prepare, n):
    step = prepare(n)
    env.invalidate_all()
    with collect_sql() as queries:
        step()
        env.flush_all()
    return Counter(normalize_sql(q) for q in queries)


def explain_growth(env, rows, case, prepare, n_small=10, n_cap=1000):
    """When the queries of `case` grow with N, the statements that repeat
    (N=10 against the largest N measured, at most `n_cap`)."""
    found = growth(rows, case, n_small)
    if found and found[1] > GROWTH_TOLERANCE:
        n_large = max(r.n for r in rows if r.case == case and r.n <= n_cap)
        small, large = (statement_counts(env, prepare, n) for n in (n_small, n_large))
        print_repeats(case, small, large, n_small, n_large)


def bench_form(env, customers):
    rows = []
    Request = env["aftersales.request"]
    request = Request.create(request_vals(customers, 1, "1"))
    with measure(env, rows, "get_views form (first call)", 1):
        spec = view_spec(Request, "form")
    with measure(env, rows, "web_read form", 1):
        Request.with_context(bin_size=True).browse(request.id).web_read(spec)
    return rows


def bench_list(env, customers):
    rows = []
    Request = env["aftersales.request"]
    Request.create(request_vals(customers, max(LIST_SIZES), "1"))
    fields = list(view_spec(Request, "list"))
    for n in LIST_SIZES:
        with measure(env, rows, "search_read list fields", n):
            Request.search_read([], fields, limit=n)
    return rows


# ---------------------------------------------------------------- main
def run_sized(env, title, cases, sizes, explain):
    """Measures each (case, prepare) for every N, prints the table, the growth
    lines and, where queries grow, the repeated statements."""
    rows = [row for case, prepare in cases for row in bench_sizes(env, case, prepare, sizes)]
    for row in rows:
        if row.n == max(sizes):
            summarize(row.case, row.n, row.queries, row.ms)
    print_rows(title, rows)
    print_growth(rows, [case for case, _prepare in cases])
    for case, prepare in cases if explain else ():
        explain_growth(env, rows, case, prepare)


def run(env, max_n, explain):
    customers = make_customers(env)
    check_policies(env, customers, make_policies(env))
    run_sized(
        env,
        "create(vals_list): N requests in one call",
        create_cases(env, customers),
        [n for n in CREATE_SIZES if n <= max_n],
        explain,
    )
    for title, rows in (
        ("open a request form", bench_form(env, customers)),
        ("list view: search_read", bench_list(env, customers)),
    ):
        print_rows(title, rows)
        for row in rows:
            summarize(row.case, row.n, row.queries, row.ms)
    run_sized(
        env,
        "_escalate_sla_breach() over N breached requests (notified 3 days ago)",
        escalation_cases(env, customers),
        [n for n in ESCALATION_SIZES if n <= max_n],
        explain,
    )


def main(argv=None):
    return run_bench(__doc__, max(CREATE_SIZES), run, argv)


if __name__ == "__main__":
    sys.exit(main())
