"""Query count and wall time of the three-guarantee evaluation.

Opens the registry of the bench database, works as the superuser in one
transaction and rolls it back at the end (only the card sequence moves on).
Creates up to 10,000 colour-TV cards in bulk (serials, cards, and one closed
repair event on every other card), then measures ``cards.evaluate_claims()``
over 100, 1,000 and 10,000 cards and ``card.evaluate_claim()`` on one card,
each from empty ORM caches.

The query count of the batch must not grow with the number of cards: the
cards, policies, accessories and repair logs are read in a fixed number of
queries whatever the batch size. Figures only, never pass or fail.
"""

import sys
import time
from datetime import date, timedelta

from benchlib import print_table, run_bench, summarize  # bench/ is the script's folder

SIZES = (100, 1000, 10000)
SOLD = date(2024, 3, 1)
FAULT = date(2024, 9, 1)


def setup(env, count):
    """`count` cards on one colour-TV product, half with a repair event."""
    env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True))
    categ = env["product.category"].create({"name": "彩色电视机（基准）"})
    policy = env.ref("aftersales_warranty.policy_colour_tv")
    policy.product_categ_ids = [(4, categ.id)]
    product = env["product.product"].create(
        {
            "name": "基准彩电",
            "categ_id": categ.id,
            "type": "consu",
            "is_storable": True,
            "tracking": "serial",
            "list_price": 3000.0,
        }
    )
    customer = env["res.partner"].create({"name": "基准客户"})
    start = time.perf_counter()
    lots = env["stock.lot"].create(
        [{"name": f"BENCH{i:06d}", "product_id": product.id} for i in range(count)]
    )
    cards = env["aftersales.warranty.card"].create(
        [{"lot_id": lot.id, "partner_id": customer.id, "invoice_date": SOLD, "price": 3000.0} for lot in lots]
    )
    env["aftersales.warranty.repair"].create(
        [
            {
                "card_id": card.id,
                "date_in": SOLD + timedelta(days=60),
                "date_out": SOLD + timedelta(days=65),
                "fixed": True,
            }
            for card in cards[::2]
        ]
    )
    env.flush_all()
    print(f"created {count} cards in {time.perf_counter() - start:.1f} s")
    return cards


def measure(env, call):
    env.invalidate_all()
    before, start = env.cr.sql_log_count, time.perf_counter()
    result = call()
    return result, env.cr.sql_log_count - before, (time.perf_counter() - start) * 1000


def run(env, max_n, _explain):
    sizes = [n for n in SIZES if n <= max_n] or [max_n]
    cards = setup(env, max(sizes))
    measure(env, lambda: cards[:10].evaluate_claims(FAULT))  # warm the rule and parameter caches
    lines = []
    _result, queries, ms = measure(env, lambda: cards[0].evaluate_claim(FAULT))
    lines.append(["evaluate_claim (one card)", "1", str(queries), f"{ms:.1f}", f"{ms:.3f}"])
    for n in sizes:
        results, queries, ms = measure(env, lambda n=n: cards[:n].evaluate_claims(FAULT))
        assert len(results) == n
        lines.append(["evaluate_claims", str(n), str(queries), f"{ms:.1f}", f"{ms / n:.3f}"])
        summarize("evaluate_claims (三包 entitlement)", n, queries, ms)
    print_table(
        "evaluate_claims(2024-09-01) over N colour-TV cards (half with a repair)",
        ["case", "N", "queries", "ms", "ms/card"],
        lines,
    )
    counts = {line[2] for line in lines[1:]}
    print("query count constant in N:", "yes" if len(counts) == 1 else f"NO ({sorted(counts)})")
    rules = {}
    for result in results:
        rules[result["rule"]] = rules.get(result["rule"], 0) + 1
    print("rules over the largest batch:", rules)


def main(argv=None):
    return run_bench(__doc__, max(SIZES), run, argv)


if __name__ == "__main__":
    sys.exit(main())
