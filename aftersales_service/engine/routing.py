"""Order the stops of one technician's day.

Plain Python (standard library only), no Odoo import. Datetimes are naive
UTC, locations ``(lat, lon)`` pairs in degrees or ``None``.

Rules
-----
* The route starts at ``start_location`` at ``start_time`` and ends at the
  last stop (no return leg). Each leg is driven at ``speed_kmh``; its length
  is the great-circle distance times ``road_factor`` (road km), and
  ``Route.travel_km`` is the sum of the legs.
* A stop without location adds 0 km and 0 minutes and leaves the
  technician where they were: the next leg starts from the last known
  location. While that is unknown too (no ``start_location``), legs are 0 km.
* Time windows bound the *start* of a stop: arriving before
  ``window_start`` means waiting until it; starting after ``window_end`` is
  late and makes the route infeasible (the stop is still planned, late).
  A stop then lasts ``duration``.
* :func:`greedy_route` is nearest-neighbour: from where the technician is,
  it goes to the nearest stop whose window can still be met (ties: earliest
  ``window_end``, none last, then lowest id). When no remaining stop can be
  met, it takes the one with the earliest ``window_end`` (ties: nearest,
  then lowest id) and the route is infeasible.
* :func:`optimise_route` starts from the greedy route and, for at most
  ``max_rounds`` rounds, applies the best move among all 2-opt moves
  (reverse a segment) and or-opt moves (move one stop elsewhere). A move is
  accepted only if it makes the route strictly shorter and does not make
  feasibility worse: neither the number of late stops nor the total
  lateness may grow. It stops when no move is accepted. Ties between moves
  go to the first one found in a fixed scan order, so the result is
  deterministic. The optimised route is never longer than the greedy one.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from .geo import check_speed, road_km

_EPSILON_KM = 1e-9


@dataclass(frozen=True)
class Stop:
    """A visit; when set, it must *start* within ``[window_start, window_end]``."""

    id: int
    location: tuple | None
    duration: timedelta
    window_start: datetime | None = None
    window_end: datetime | None = None


@dataclass(frozen=True)
class Route:
    """Stops in visiting order with their planned starts; ``feasible`` when
    every window is respected."""

    order: tuple
    starts: tuple
    travel_km: float
    feasible: bool


class _Plan:
    """Distances between the start (index 0) and the stops (index i + 1)."""

    def __init__(self, start_location, start_time, stops, speed_kmh, road_factor):
        check_speed(speed_kmh, road_factor)
        self.start_time = start_time
        self.stops = list(stops)
        self.minutes_per_km = 60.0 / speed_kmh
        points = [start_location] + [stop.location for stop in self.stops]
        self.points = points
        self.km = [[road_km(a, b, road_factor) for b in points] for a in points]

    def leg(self, here, index):
        """(km, where the technician is afterwards) for going to stop ``index``."""
        point = index + 1
        if self.points[point] is None:
            return 0.0, here
        return self.km[here][point], point

    def arrive(self, here, now, index):
        """(km, position, planned start) when going to stop ``index`` now."""
        km, position = self.leg(here, index)
        arrival = now + timedelta(minutes=km * self.minutes_per_km)
        window_start = self.stops[index].window_start
        start = arrival if window_start is None or arrival >= window_start else window_start
        return km, position, start

    def evaluate(self, order):
        """(total km, late stops, total lateness, starts) of visiting ``order``."""
        here, now = 0, self.start_time
        total, late, lateness, starts = 0.0, 0, timedelta(0), []
        for index in order:
            km, here, start = self.arrive(here, now, index)
            total += km
            window_end = self.stops[index].window_end
            if window_end is not None and start > window_end:
                late += 1
                lateness += start - window_end
            starts.append(start)
            now = start + self.stops[index].duration
        return total, late, lateness, starts

    def route(self, order):
        total, late, _lateness, starts = self.evaluate(order)
        return Route(
            order=tuple(self.stops[i].id for i in order),
            starts=tuple(starts),
            travel_km=total,
            feasible=late == 0,
        )


def _window_end_key(stop):
    return (stop.window_end is None, stop.window_end or datetime.min)


def _greedy_order(plan):
    remaining = list(range(len(plan.stops)))
    order = []
    here, now = 0, plan.start_time
    while remaining:
        reachable, fallback = None, None
        for index in remaining:
            stop = plan.stops[index]
            km, position, start = plan.arrive(here, now, index)
            on_time = stop.window_end is None or start <= stop.window_end
            if on_time:
                key = (km, _window_end_key(stop), stop.id)
                if reachable is None or key < reachable[0]:
                    reachable = (key, index, position, start)
            else:
                key = (_window_end_key(stop), km, stop.id)
                if fallback is None or key < fallback[0]:
                    fallback = (key, index, position, start)
        _key, index, here, start = reachable or fallback
        order.append(index)
        remaining.remove(index)
        now = start + plan.stops[index].duration
    return order


def greedy_route(start_location, start_time, stops, *, speed_kmh, road_factor=1.0):
    """Nearest-neighbour route through ``stops``; see the module docstring."""
    plan = _Plan(start_location, start_time, stops, speed_kmh, road_factor)
    return plan.route(_greedy_order(plan))


def _moves(order):
    """Every 2-opt and or-opt neighbour of ``order``, in a fixed order."""
    size = len(order)
    for i in range(size - 1):
        for j in range(i + 1, size):
            yield order[:i] + order[i : j + 1][::-1] + order[j + 1 :]
    for i in range(size):
        rest = order[:i] + order[i + 1 :]
        for position in range(size):
            if position != i:  # position i would give ``order`` back
                yield [*rest[:position], order[i], *rest[position:]]


def optimise_route(start_location, start_time, stops, *, speed_kmh, road_factor=1.0, max_rounds=50):
    """Greedy route improved by 2-opt and or-opt; see the module docstring."""
    plan = _Plan(start_location, start_time, stops, speed_kmh, road_factor)
    order = _greedy_order(plan)
    km, late, lateness, _starts = plan.evaluate(order)
    for _round in range(max_rounds):
        best, bound = None, km
        for candidate in _moves(order):
            c_km, c_late, c_lateness, _ = plan.evaluate(candidate)
            if c_km < bound - _EPSILON_KM and c_late <= late and c_lateness <= lateness:
                best, bound = (c_km, c_late, c_lateness, candidate), c_km
        if best is None:
            break
        km, late, lateness, order = best
    return plan.route(order)


def route_in_order(start_location, start_time, stops, *, speed_kmh, road_factor=1.0):
    """The route visiting ``stops`` in the order given (no reordering)."""
    plan = _Plan(start_location, start_time, stops, speed_kmh, road_factor)
    return plan.route(list(range(len(plan.stops))))
