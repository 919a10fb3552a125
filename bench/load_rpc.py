"""Load test of the after-sales addons through Odoo 19's JSON-2 API.

Started by `make load` (scripts/load.sh), which runs a real Odoo server on
127.0.0.1 with workers and a database with demo data, and gives the demo
users API keys (the --keys file). Plain threads, no Odoo import: N clients
each run a realistic mix of operations until the duration is over or the
request budget is spent, whichever comes first, then a table is printed.

Operations (each is one or more HTTP requests, each under the demo user of
the role that does it in real life):

- create_request   agent1     aftersales.request/create
- dispatch         dispatcher search the queue, dispatch wizard create,
                              action_propose, action_confirm
- check_in         tech_*     search a scheduled job of their own, action_check_in
- parts_issue      keeper     search an open request, aftersales.part.line/create,
                              action_issue
- warranty_eval    agent2     aftersales.warranty.card/evaluate_claim

Errors raised by business rules (UserError / ValidationError, HTTP 422:
technician already booked, request no longer scheduled, stock shortage ...)
are counted apart from server errors (other HTTP errors, 5xx) and transport
errors (connection refused, time-out).

The target is always 127.0.0.1: any other --host is refused."""

import argparse
import contextlib
import datetime
import http.client
import json
import random
import sys
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

ALLOWED_HOST = "127.0.0.1"
BUSINESS_ERRORS = {
    "odoo.exceptions.UserError",
    "odoo.exceptions.ValidationError",
    "odoo.exceptions.RedirectWarning",
}
TECHNICIANS = ["tech_zhang", "tech_li", "tech_wang", "tech_liu", "tech_chen", "tech_huang"]
# Relative weight of each operation in the mix.
MIX = {
    "create_request": 35,
    "warranty_eval": 25,
    "check_in": 15,
    "parts_issue": 15,
    "dispatch": 10,
}


def m2o(value):
    """The id of a many2one as read (JSON-2 gives [id, display_name])."""
    return value[0] if isinstance(value, list) else value


class Stop(Exception):
    """The request budget or the time is spent: the client ends."""


class CallError(Exception):
    def __init__(self, kind, message):
        super().__init__(message)
        self.kind = kind  # "business", "server" or "transport"


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = defaultdict(list)  # name -> [seconds] of successful + failed samples
        self.errors = defaultdict(lambda: {"business": 0, "server": 0, "transport": 0})
        self.skipped = defaultdict(int)
        self.samples = defaultdict(dict)  # kind -> {message: count}

    def record(self, name, seconds, kind=None, message=None):
        with self.lock:
            self.latencies[name].append(seconds)
            if kind:
                self.errors[name][kind] += 1
            if message:
                short = " ".join(str(message).split())[:160]
                self.samples[kind][short] = self.samples[kind].get(short, 0) + 1

    def skip(self, name):
        with self.lock:
            self.skipped[name] += 1


class Budget:
    """Shared bounds: a deadline and a maximum number of HTTP requests."""

    def __init__(self, duration, max_requests):
        self.deadline = time.monotonic() + duration
        self.max_requests = max_requests
        self.sent = 0
        self.lock = threading.Lock()

    def take(self):
        with self.lock:
            if self.sent >= self.max_requests or time.monotonic() >= self.deadline:
                raise Stop
            self.sent += 1

    def over(self):
        return self.sent >= self.max_requests or time.monotonic() >= self.deadline


class Client:
    """JSON-2 calls as the demo users, one HTTP connection per call."""

    def __init__(self, port, db, keys, timeout, budget, stats):
        self.port, self.db, self.keys, self.timeout = port, db, keys, timeout
        self.budget, self.stats = budget, stats

    def call(self, login, model, method, ids=None, record=True, **kwargs):
        if record:
            self.budget.take()
        body = dict(kwargs)
        if ids is not None:
            body["ids"] = ids
        payload = json.dumps(body).encode()
        headers = {
            "Content-Type": "application/json",
            "Authorization": f"bearer {self.keys[login]['key']}",
            "X-Odoo-Database": self.db,
        }
        start = time.perf_counter()
        try:
            conn = http.client.HTTPConnection(ALLOWED_HOST, self.port, timeout=self.timeout)
            try:
                conn.request("POST", f"/json/2/{model}/{method}", payload, headers)
                response = conn.getresponse()
                status, data = response.status, response.read()
            finally:
                conn.close()
        except (OSError, http.client.HTTPException) as exc:  # TimeoutError is an OSError
            error = CallError("transport", f"{type(exc).__name__}: {exc}")
        else:
            error = None
            if status != 200:
                try:
                    info = json.loads(data)
                    name, message = info.get("name", ""), info.get("message", "")
                except ValueError:
                    name, message = "", data[:200].decode(errors="replace")
                kind = "business" if status == 422 and name in BUSINESS_ERRORS else "server"
                error = CallError(kind, f"HTTP {status} {name.rsplit('.', 1)[-1]}: {message}")
        elapsed = time.perf_counter() - start
        if record:
            self.stats.record(f"{model}/{method}", elapsed, error and error.kind, error and str(error))
        if error:
            raise error
        return json.loads(data)


class Scenario:
    """The operations, on data found in the demo database at start."""

    def __init__(self, client, fixtures):
        self.client, self.fx = client, fixtures

    def create_request(self, rnd):
        template = rnd.choice(self.fx["templates"])
        vals = dict(template)
        vals["fault_description"] = (
            f"Load test: {rnd.choice(['不制冷', '漏水', '不开机', '噪音大', '显示故障'])}"
        )
        vals["channel"] = rnd.choice(["phone", "portal", "chat"])
        vals["priority"] = rnd.choice(["0", "0", "0", "1"])
        self.client.call("agent1", "aftersales.request", "create", vals_list=[vals])
        return True

    def dispatch(self, rnd):
        call = self.client.call
        queue = call(
            "dispatcher",
            "aftersales.request",
            "search",
            domain=[
                ("state", "in", ["new", "assigned"]),
                ("planned_start", "=", False),
                ("request_type", "!=", "consultation"),
                ("county_id", "!=", False),
            ],
            order="id desc",
            limit=15,
        )
        if not queue:
            return False
        picked = rnd.sample(queue, min(3, len(queue)))
        wizard = call(
            "dispatcher",
            "aftersales.dispatch.wizard",
            "create",
            vals_list=[{"request_ids": [(6, 0, picked)]}],
        )
        call("dispatcher", "aftersales.dispatch.wizard", "action_propose", ids=wizard)
        call("dispatcher", "aftersales.dispatch.wizard", "action_confirm", ids=wizard)
        return True

    def check_in(self, rnd):
        login = rnd.choice(self.fx["technicians"])
        jobs = self.client.call(
            login,
            "aftersales.request",
            "search",
            domain=[("state", "=", "scheduled"), ("technician_user_id", "=", self.fx["uids"][login])],
            order="planned_start",
            limit=5,
        )
        if not jobs:
            return False
        self.client.call(login, "aftersales.request", "action_check_in", ids=[rnd.choice(jobs)])
        return True

    def parts_issue(self, rnd):
        call = self.client.call
        requests = call(
            "keeper",
            "aftersales.request",
            "search_read",
            domain=[
                ("state", "in", ["new", "assigned", "scheduled", "in_progress"]),
                ("product_id", "in", [int(pid) for pid in self.fx["parts_by_product"]]),
                ("depot_id", "!=", False),
            ],
            fields=["product_id"],
            order="id desc",
            limit=30,
        )
        if not requests:
            return False
        request = rnd.choice(requests)
        part = rnd.choice(self.fx["parts_by_product"][str(m2o(request["product_id"]))])
        line = call(
            "keeper",
            "aftersales.part.line",
            "create",
            vals_list=[{"request_id": request["id"], "product_id": part, "planned_qty": 1.0}],
        )
        call("keeper", "aftersales.part.line", "action_issue", ids=line)
        return True

    def warranty_eval(self, rnd):
        card_id, invoice_date = rnd.choice(self.fx["cards"])
        start = datetime.date.fromisoformat(invoice_date)
        span = max((datetime.date.today() - start).days, 0)
        fault = start + datetime.timedelta(days=rnd.randint(0, span))
        self.client.call(
            "agent2",
            "aftersales.warranty.card",
            "evaluate_claim",
            ids=[card_id],
            fault_date=fault.isoformat(),
            component="unit",
        )
        return True


def load_fixtures(client):
    """What the clients work on, read from the demo data (not counted)."""

    def call(login, model, method, **kw):
        return client.call(login, model, method, record=False, **kw)

    requests = call(
        "supervisor",
        "aftersales.request",
        "search_read",
        domain=[
            ("request_type", "!=", "consultation"),
            ("county_id", "!=", False),
            ("partner_id", "!=", False),
            ("product_id", "!=", False),
        ],
        fields=["partner_id", "product_id", "contact_name", "contact_phone", "request_type"],
        limit=200,
    )
    templates = {}
    for req in requests:
        key = (m2o(req["partner_id"]), m2o(req["product_id"]))
        templates.setdefault(
            key,
            {
                "partner_id": m2o(req["partner_id"]),
                "product_id": m2o(req["product_id"]),
                "contact_name": req["contact_name"],
                "contact_phone": req["contact_phone"],
                "request_type": req["request_type"] if req["request_type"] != "complaint" else "repair",
            },
        )
    products = call(
        "supervisor",
        "product.product",
        "read",
        ids=sorted({m2o(req["product_id"]) for req in requests}),
        fields=["product_tmpl_id"],
    )
    parts = call(
        "keeper",
        "product.product",
        "search_read",
        domain=[("aftersales_is_spare_part", "=", True), ("is_storable", "=", True)],
        fields=["product_tmpl_id"],
    )
    fits = {
        tmpl["id"]: tmpl["aftersales_fits_ids"]
        for tmpl in call(
            "keeper",
            "product.template",
            "read",
            ids=sorted({m2o(p["product_tmpl_id"]) for p in parts}),
            fields=["aftersales_fits_ids"],
        )
    }
    parts_by_product = {}
    for product in products:
        fitting = [
            part["id"]
            for part in parts
            if not fits[m2o(part["product_tmpl_id"])]
            or m2o(product["product_tmpl_id"]) in fits[m2o(part["product_tmpl_id"])]
        ]
        if fitting:
            parts_by_product[str(product["id"])] = fitting
    cards = call(
        "agent2",
        "aftersales.warranty.card",
        "search_read",
        domain=[("state", "=", "active"), ("policy_id", "!=", False)],
        fields=["invoice_date"],
    )
    return {
        "templates": list(templates.values()),
        "parts_by_product": parts_by_product,
        "cards": [(card["id"], card["invoice_date"]) for card in cards],
        "technicians": [login for login in TECHNICIANS if login in client.keys],
        "uids": {login: value["uid"] for login, value in client.keys.items()},
    }


def run_client(index, scenario, budget, stats, seed, think):
    rnd = random.Random(seed * 1000 + index)
    names, weights = zip(*MIX.items(), strict=True)
    while not budget.over():
        name = rnd.choices(names, weights)[0]
        start = time.perf_counter()
        try:
            done = getattr(scenario, name)(rnd)
        except Stop:
            return
        except CallError as error:
            stats.record(name, time.perf_counter() - start, error.kind)
        else:
            if done:
                stats.record(name, time.perf_counter() - start)
            else:
                stats.skip(name)
        if think:
            time.sleep(rnd.uniform(0, 2 * think))


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def print_table(title, header, lines):
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(header)]

    def fmt(cells):
        return "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    print(f"\n== {title}")
    print(fmt(header))
    print(fmt(["-" * w for w in widths]))
    for line in lines:
        print(fmt(line))


def table_lines(stats, names, elapsed, total_label):
    header = ["operation", "count", "req/s", "p50 ms", "p95 ms", "max ms", "business", "server", "transport"]
    lines, everything = [], []
    totals = {"business": 0, "server": 0, "transport": 0}
    for name in names:
        values = stats.latencies.get(name, [])
        errors = stats.errors[name]
        everything += values
        for kind in totals:
            totals[kind] += errors[kind]
        lines.append(row(name, values, elapsed, errors))
    lines.append(row(total_label, everything, elapsed, totals))
    return header, lines


def row(name, values, elapsed, errors):
    if not values:
        return [name, "0", "0.0", "-", "-", "-", "0", "0", "0"]
    return [
        name,
        str(len(values)),
        f"{len(values) / elapsed:.1f}",
        f"{percentile(values, 50) * 1000:.0f}",
        f"{percentile(values, 95) * 1000:.0f}",
        f"{max(values) * 1000:.0f}",
        str(errors["business"]),
        str(errors["server"]),
        str(errors["transport"]),
    ]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default=ALLOWED_HOST, help="must be 127.0.0.1 (anything else is refused)")
    parser.add_argument("--port", type=int, default=8469)
    parser.add_argument("--db", default="aftersales_load")
    parser.add_argument(
        "--keys", required=True, help="JSON file {login: {uid, key}} written by scripts/load.sh"
    )
    parser.add_argument("--clients", type=int, default=30, help="concurrent clients (default 30)")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds (default 60)")
    parser.add_argument(
        "--max-requests", type=int, default=20000, help="HTTP requests in all (default 20000)"
    )
    parser.add_argument("--timeout", type=float, default=150.0, help="seconds per HTTP request")
    parser.add_argument("--think", type=float, default=0.0, help="mean pause between operations, s")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    if args.host != ALLOWED_HOST:
        parser.error(f"the load test only targets {ALLOWED_HOST}, not {args.host!r}")
    if not (1 <= args.clients <= 200):
        parser.error("--clients must be between 1 and 200")
    if not (0 < args.duration <= 3600):
        parser.error("--duration must be between 0 and 3600 seconds")
    if not (1 <= args.max_requests <= 1_000_000):
        parser.error("--max-requests must be between 1 and 1,000,000")
    if args.timeout <= 0 or args.think < 0:
        parser.error("--timeout must be positive and --think not negative")

    with open(args.keys) as keys_file:
        keys = json.load(keys_file)
    stats = Stats()
    setup = Client(args.port, args.db, keys, args.timeout, Budget(3600, 10**9), stats)
    try:
        fixtures = load_fixtures(setup)
    except CallError as error:
        print(f"cannot read the demo data: {error}", file=sys.stderr)
        return 2
    print(
        f"load test of http://{ALLOWED_HOST}:{args.port} (db {args.db}): {args.clients} clients, "
        f"{args.duration:g} s, at most {args.max_requests} requests; "
        f"{len(fixtures['templates'])} request templates, {len(fixtures['cards'])} warranty cards, "
        f"{len(fixtures['parts_by_product'])} appliances with parts, "
        f"{len(fixtures['technicians'])} technicians"
    )
    sys.stdout.flush()

    budget = Budget(args.duration, args.max_requests)
    client = Client(args.port, args.db, keys, args.timeout, budget, stats)
    scenario = Scenario(client, fixtures)
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=args.clients, thread_name_prefix="load") as pool:
        futures = [
            pool.submit(run_client, i, scenario, budget, stats, args.seed, args.think)
            for i in range(args.clients)
        ]
        for future in futures:
            future.result()
    elapsed = time.monotonic() - started
    why = "request budget spent" if budget.sent >= args.max_requests else "time over"

    print(f"\nran {elapsed:.1f} s ({why}), {budget.sent} HTTP requests, {args.clients} clients")
    header, lines = table_lines(stats, list(MIX), elapsed, "total (operations)")
    print_table("Operations (latency of the whole operation)", header, lines)
    if any(stats.skipped.values()):
        print(
            "skipped (nothing to work on): "
            + ", ".join(f"{name} {count}" for name, count in sorted(stats.skipped.items()))
        )
    calls = sorted(name for name in stats.latencies if "/" in name)
    header, lines = table_lines(stats, calls, elapsed, "total (HTTP requests)")
    print_table("HTTP requests (JSON-2 /json/2/<model>/<method>)", header, lines)
    for kind in ("business", "server", "transport"):
        samples = sorted(stats.samples[kind].items(), key=lambda item: -item[1])[:5]
        if samples:
            print(f"\nmost frequent {kind} errors:")
            for message, count in samples:
                print(f"  {count:6d}  {message}")
    return 0


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        sys.exit(main())
