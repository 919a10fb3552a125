"""Plain tests of engine/routing.py (no database needed).

Points lie near the equator; at ``SPEED`` one degree takes 30 minutes.
"""

import itertools
import random
from datetime import datetime, timedelta

from odoo.tests import BaseCase

from ..engine import geo, routing

DEGREE_KM = geo.haversine_km((0.0, 0.0), (0.0, 1.0))
SPEED = DEGREE_KM * 2  # km/h: 1 degree = 30 min
T0 = datetime(2026, 3, 2, 0)
ORIGIN = (0.0, 0.0)


def P(x, y=0.0):
    """x degrees east and y degrees north of (0, 0)."""
    return (float(y), float(x))


def stop(sid, location, minutes=30, window_start=None, window_end=None):
    return routing.Stop(sid, location, timedelta(minutes=minutes), window_start, window_end)


def minutes(n):
    return T0 + timedelta(minutes=n)


def greedy(stops, start=ORIGIN, **kw):
    return routing.greedy_route(start, T0, stops, speed_kmh=SPEED, **kw)


def optimise(stops, start=ORIGIN, **kw):
    return routing.optimise_route(start, T0, stops, speed_kmh=SPEED, **kw)


def _cross(p1, p2, p3, p4):
    def side(a, b, c):
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    return side(p1, p2, p3) * side(p1, p2, p4) < 0 and side(p3, p4, p1) * side(p3, p4, p2) < 0


def _has_crossing(start, stops, order):
    where = {s.id: s.location for s in stops}
    path = [start] + [where[sid] for sid in order]
    legs = list(itertools.pairwise(path))
    return any(_cross(*legs[i], *legs[j]) for i in range(len(legs)) for j in range(i + 2, len(legs)))


# --- greedy --------------------------------------------------------------------------


class TestRoutingEngine(BaseCase):
    def test_greedy_on_a_line(self):
        route = greedy([stop(3, P(3)), stop(1, P(1)), stop(2, P(2))])
        assert route.order == (1, 2, 3)
        self.assertAlmostEqual(route.travel_km, 3 * DEGREE_KM, delta=1e-9 * 3 * DEGREE_KM)
        # 30 min driving + 30 min on site per stop
        assert route.starts == (minutes(30), minutes(90), minutes(150))
        assert route.feasible

    def test_greedy_on_a_square(self):
        stops = [stop(1, P(1, 1)), stop(2, P(0, 1)), stop(3, P(1, 0))]
        route = greedy(stops)
        assert route.order == (2, 1, 3)  # (0,1) and (1,0) tie: the lower id goes first
        self.assertAlmostEqual(route.travel_km, 3 * DEGREE_KM, delta=1e-3 * 3 * DEGREE_KM)

    def test_road_factor_lengthens_the_route(self):
        route = greedy([stop(1, P(1))], road_factor=1.5)
        self.assertAlmostEqual(route.travel_km, 1.5 * DEGREE_KM)
        assert route.starts == (minutes(45),)

    def test_stops_without_location_add_nothing(self):
        route = greedy([stop(1, P(1)), stop(2, None), stop(3, P(2))])
        assert route.order == (2, 1, 3)
        self.assertAlmostEqual(route.travel_km, 2 * DEGREE_KM)
        assert route.starts == (T0, minutes(60), minutes(120))
        route = greedy([stop(1, P(1)), stop(2, P(2))], start=None)
        self.assertAlmostEqual(route.travel_km, DEGREE_KM)

    def test_empty_route_and_bad_speed(self):
        assert greedy([]) == routing.Route((), (), 0.0, True)
        assert optimise([]) == routing.Route((), (), 0.0, True)
        with self.assertRaises(ValueError):
            routing.greedy_route(ORIGIN, T0, [stop(1, P(1))], speed_kmh=0)

    # --- time windows ----------------------------------------------------------------------

    def test_waiting_for_a_window_start(self):
        stops = [stop(1, P(0.5), window_start=minutes(180), window_end=minutes(240)), stop(2, P(1))]
        route = greedy(stops)
        assert route.order == (1, 2)
        assert route.starts == (minutes(180), minutes(225))
        assert route.feasible

    def test_greedy_skips_a_stop_whose_window_is_gone(self):
        # stop 1 is the nearest, but its window closes before anyone can get there
        route = greedy([stop(1, P(0.2), window_end=minutes(1)), stop(2, P(1)), stop(3, P(2))])
        assert route.order == (2, 3, 1)  # it goes last, planned late
        assert not route.feasible

    def test_greedy_looks_one_stop_ahead_only(self):
        # both windows can be met from the start, so the nearest stop goes first;
        # stop 2 is then late and the route says so
        stops = [stop(1, P(0.5)), stop(2, P(-1), window_end=minutes(40))]
        route = greedy(stops)
        assert route.order == (1, 2)
        assert route.starts == (minutes(15), minutes(90))
        assert not route.feasible

    def test_infeasible_route_is_flagged_and_takes_the_earliest_window_end(self):
        stops = [
            stop(1, P(2), window_end=minutes(20)),
            stop(2, P(1), window_end=minutes(10)),
            stop(3, P(3), window_end=minutes(30)),
        ]
        route = greedy(stops)
        assert route.order == (2, 1, 3)
        assert not route.feasible
        assert route.starts[0] == minutes(30)  # planned late rather than dropped

    def test_every_window_met_when_feasible(self):
        rng = random.Random(5)
        for _ in range(30):
            stops = []
            for sid in range(1, 8):
                opens = rng.randrange(0, 480, 30)
                window = (
                    (minutes(opens), minutes(opens + rng.choice([60, 120, 600])))
                    if rng.random() < 0.5
                    else (None, None)
                )
                stops.append(
                    stop(sid, P(rng.uniform(-1, 1), rng.uniform(-1, 1)), rng.choice([15, 30, 60]), *window)
                )
            for route in (greedy(stops), optimise(stops)):
                by_id = {s.id: s for s in stops}
                late = [
                    sid
                    for sid, start in zip(route.order, route.starts, strict=True)
                    if by_id[sid].window_end is not None and start > by_id[sid].window_end
                ]
                early = [
                    sid
                    for sid, start in zip(route.order, route.starts, strict=True)
                    if by_id[sid].window_start is not None and start < by_id[sid].window_start
                ]
                assert early == []
                assert route.feasible == (late == [])
                assert sorted(route.order) == sorted(by_id)

    # --- optimisation ------------------------------------------------------------------------

    def test_optimise_untangles_a_crossing(self):
        # nearest neighbour draws a path that crosses itself
        stops = [
            stop(1, P(0.2, 0.3)),
            stop(2, P(0.0, 0.1)),
            stop(3, P(0.4, 0.0)),
            stop(4, P(0.2, 0.1)),
            stop(5, P(0.1, 0.4)),
        ]
        first, better = greedy(stops), optimise(stops)
        assert _has_crossing(ORIGIN, stops, first.order)
        assert not _has_crossing(ORIGIN, stops, better.order)
        assert better.travel_km < first.travel_km - 10
        assert better.feasible

    def test_optimise_reverses_a_segment(self):
        # moving single stops (or-opt) gets stuck at (4, 1, 6, 2, 3, 5), 133.5 km;
        # reversing the segment 2, 6, 1 (2-opt) then more moves reach 127.6 km
        points = [(0.5, 0.1), (0.3, 0.2), (0.1, 0.3), (0.1, 0.0), (0.1, 0.4), (0.4, 0.3)]
        stops = [stop(sid, point, 10) for sid, point in enumerate(points, start=1)]
        speed = {"speed_kmh": 40}
        first = routing.greedy_route(ORIGIN, T0, stops, **speed)
        better = routing.optimise_route(ORIGIN, T0, stops, **speed)
        assert first.order == (4, 2, 6, 1, 3, 5)
        self.assertAlmostEqual(first.travel_km, 144.0, delta=0.1)
        assert better.order == (4, 3, 5, 2, 6, 1)
        self.assertAlmostEqual(better.travel_km, 127.6, delta=0.1)

    def test_optimise_fixes_a_nearest_neighbour_detour(self):
        stops = [stop(1, P(1)), stop(2, P(-1.5)), stop(3, P(2.5))]
        assert greedy(stops).order == (1, 3, 2)  # 1 + 1.5 + 4 = 6.5 degrees
        route = optimise(stops)
        self.assertAlmostEqual(route.travel_km, 5.5 * DEGREE_KM)
        assert route.order == (2, 1, 3)  # 1.5 + 2.5 + 1.5 = 5.5 degrees

    def test_optimise_keeps_windows_even_if_a_shorter_route_exists(self):
        # without its window, stop 1 would best be visited after stop 2
        stops = [stop(1, P(1), window_end=minutes(31)), stop(2, P(-1.5)), stop(3, P(2.5))]
        route = optimise(stops)
        assert route.feasible
        assert route.order[0] == 1
        self.assertAlmostEqual(route.travel_km, 6.5 * DEGREE_KM)

    def test_optimise_never_longer_than_greedy_and_deterministic(self):
        rng = random.Random(42)
        shorter = 0
        for _ in range(40):
            stops = [
                stop(
                    sid,
                    P(rng.uniform(0, 1), rng.uniform(0, 1)) if rng.random() < 0.9 else None,
                    rng.choice([20, 40]),
                )
                for sid in range(1, rng.randint(2, 12))
            ]
            if rng.random() < 0.5:
                stops[0] = stop(stops[0].id, stops[0].location, 20, window_end=minutes(rng.randint(10, 200)))
            first, better = greedy(stops), optimise(stops)
            assert better.travel_km <= first.travel_km + 1e-9
            assert better.feasible or not first.feasible
            assert optimise(stops) == better
            shorter += better.travel_km < first.travel_km - 1e-6
        assert shorter > 10

    def test_max_rounds_zero_is_the_greedy_route(self):
        stops = [stop(1, P(1)), stop(2, P(-1.5)), stop(3, P(2.5))]
        assert optimise(stops, max_rounds=0) == greedy(stops)

    def test_route_in_order_keeps_the_order_and_matches_evaluation(self):
        base = datetime(2026, 3, 2, 0, 0)
        stops = [
            routing.Stop(id=1, location=(22.60, 113.90), duration=timedelta(hours=1)),
            routing.Stop(id=2, location=(22.50, 113.90), duration=timedelta(hours=1)),
            routing.Stop(id=3, location=(22.55, 113.90), duration=timedelta(hours=1)),
        ]
        kept = routing.route_in_order((22.50, 113.90), base, stops, speed_kmh=40)
        best = routing.optimise_route((22.50, 113.90), base, stops, speed_kmh=40)
        assert kept.order == (1, 2, 3)
        assert best.travel_km < kept.travel_km
