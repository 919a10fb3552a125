"""Nearest-depot search for a missing part: one SQL statement whatever the
number of depots, against a per-depot loop.

Opens the registry of the bench database, works as the superuser in one
transaction and rolls it back: no record is left behind.

Fixture (deterministic, random.Random(7)):

* 10,000 spare parts (storable products);
* depots added in steps up to 500 (real stock.warehouse records, so each
  has its locations, picking types and routes), each standing in one of the
  shipped counties (coordinates from the county data) and holding 20 parts
  of the long tail; 50 "wear" parts are stocked in a third of the depots;
* stock put with real quants in each depot's stock location.

Measured at 100, 250 and 500 depots, for 20 searches of wear parts from a
depot that lacks them:

* ``_aftersales_nearest_with_stock``: queries per search (must stay the
  same as the depots grow) and mean ms;
* the naive way, ``stock.quant._get_available_quantity`` for each depot
  then a sort by distance: queries and ms, and the time ratio.
"""

import random
import time

from benchlib import print_table, run_bench, summarize

PARTS = 10_000
WEAR_PARTS = 50
DEPOT_STEPS = (100, 250, 500)
TAIL_PER_DEPOT = 20
WEAR_SHARE = 3  # one depot in three stocks the wear parts
SEARCHES = 20
SEED = 7


def make_parts(env):
    vals = [
        {
            "name": f"备件 {i:05d}",
            "default_code": f"PJ{i:05d}",
            "type": "consu",
            "is_storable": True,
            "aftersales_is_spare_part": True,
            "standard_price": 10.0 + i % 90,
            "aftersales_part_class": "wear" if i < WEAR_PARTS else "other",
        }
        for i in range(PARTS)
    ]
    return env["product.product"].create(vals)


def add_depots(env, rng, counties, parts, start, stop):
    depots = env["stock.warehouse"].create(
        [
            {
                "name": f"备件点 {i:03d}",
                "code": f"B{i:03d}",
                "aftersales_is_depot": True,
                "aftersales_level": "county",
                "aftersales_county_id": rng.choice(counties).id,
            }
            for i in range(start, stop)
        ]
    )
    wear, tail = parts[:WEAR_PARTS], parts[WEAR_PARTS:]
    quants = []
    for index, depot in enumerate(depots, start):
        stocked = rng.sample(tail.ids, TAIL_PER_DEPOT)
        if index % WEAR_SHARE == 0:
            stocked += wear.ids
        quants += [
            {"product_id": pid, "location_id": depot.lot_stock_id.id, "quantity": rng.randint(1, 20)}
            for pid in stocked
        ]
    env["stock.quant"].create(quants)
    env.flush_all()
    return depots


def timed(env, work):
    env.invalidate_all()
    before, start = env.cr.sql_log_count, time.perf_counter()
    work()
    return env.cr.sql_log_count - before, (time.perf_counter() - start) * 1000


def naive(env, origin, product, depots):
    Quant = env["stock.quant"]
    found = [(d, Quant._get_available_quantity(product, d.lot_stock_id)) for d in depots if d != origin]
    return sorted((d for d, qty in found if qty >= 1), key=lambda d: d.aftersales_county_id.latitude)


def run(env, _max_n, _explain):
    rng = random.Random(SEED)
    counties = env["aftersales.county"].search([], order="code")
    t0 = time.perf_counter()
    parts = make_parts(env)
    print(f"{len(parts)} parts created in {time.perf_counter() - t0:.1f} s")
    depots = env["stock.warehouse"]
    rows = []
    for size in DEPOT_STEPS:
        t0 = time.perf_counter()
        depots |= add_depots(env, rng, counties, parts, len(depots), size)
        print(f"{len(depots)} depots ready ({time.perf_counter() - t0:.1f} s for this step)")
        origin = depots.filtered(lambda d: d.id % WEAR_SHARE)[:1] or depots[1]
        wear = parts[:WEAR_PARTS]
        sql_q = sql_ms = loop_q = loop_ms = 0.0
        found = 0
        for product in wear[:SEARCHES]:
            q, ms = timed(env, lambda p=product, o=origin: o._aftersales_nearest_with_stock(p, 1))
            sql_q, sql_ms = sql_q + q, sql_ms + ms
            found += len(origin._aftersales_nearest_with_stock(product, 1))
            q, ms = timed(env, lambda p=product, o=origin, ds=depots: naive(env, o, p, ds))
            loop_q, loop_ms = loop_q + q, loop_ms + ms
        rows.append(
            (
                str(size),
                str(PARTS),
                f"{sql_q / SEARCHES:.0f}",
                f"{sql_ms / SEARCHES:.1f}",
                f"{loop_q / SEARCHES:.0f}",
                f"{loop_ms / SEARCHES:.1f}",
                f"{loop_ms / sql_ms:.0f}x",
                f"{found / SEARCHES:.0f}",
            )
        )
        summarize(
            f"nearest depots with stock, {size} depots",
            1,
            round(sql_q / SEARCHES),
            sql_ms / SEARCHES,
            f"per-depot loop: {loop_q / SEARCHES:.0f} queries, {loop_ms / sql_ms:.0f}x slower",
        )
    print_table(
        "Nearest depots holding a missing part (per search)",
        ("depots", "parts", "SQL queries", "SQL ms", "loop queries", "loop ms", "loop/SQL", "proposed"),
        rows,
    )


if __name__ == "__main__":
    raise SystemExit(run_bench(__doc__, 0, run))
