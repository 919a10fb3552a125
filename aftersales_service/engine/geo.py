"""Distances and travel times between points on the Earth.

Plain Python (standard library only), no Odoo import.

Rules
-----
* A point is a ``(latitude, longitude)`` pair in decimal degrees.
* :func:`haversine_km` is the great-circle distance on a sphere of radius
  ``EARTH_RADIUS_KM`` (the mean Earth radius, 6371.0088 km).
* :func:`haversine_sql` is the same formula as an SQL expression, for the
  queries that sort rows by distance in the database (nearest depots); a
  test compares the two on the same points.
* :func:`road_km` is that distance times ``road_factor`` (> 0, typically
  1.2-1.5, as roads are not straight lines); ``0.0`` when either point is
  unknown (``None``). Dispatch and routes count every leg with it.
* :func:`travel_minutes` turns it into driving time:
  ``road_km / speed_kmh * 60``. A speed or road factor that is not
  positive raises ``ValueError``, whatever the points.
"""

import math

EARTH_RADIUS_KM = 6371.0088


def haversine_km(a, b):
    """Great-circle distance in km between two ``(lat, lon)`` points in degrees."""
    lat1, lon1 = math.radians(a[0]), math.radians(a[1])
    lat2, lon2 = math.radians(b[0]), math.radians(b[1])
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def haversine_sql(lat1, lon1, lat2, lon2):
    """SQL expression of :func:`haversine_km` between two points given as SQL
    expressions of their latitudes and longitudes in degrees (NULL in, NULL
    out). The same formula and radius as the Python function."""
    h = (
        f"POWER(SIN(RADIANS(({lat2}) - ({lat1})) / 2), 2)"
        f" + COS(RADIANS({lat1})) * COS(RADIANS({lat2}))"
        f" * POWER(SIN(RADIANS(({lon2}) - ({lon1})) / 2), 2)"
    )
    return f"(2 * {EARTH_RADIUS_KM!r} * ASIN(LEAST(1.0, SQRT({h}))))"


def road_km(a, b, road_factor=1.0):
    """Road km from ``a`` to ``b``: great-circle km x ``road_factor``;
    ``0.0`` when either point is ``None``."""
    if a is None or b is None:
        return 0.0
    return haversine_km(a, b) * road_factor


def check_speed(speed_kmh, road_factor=1.0):
    """Raise ``ValueError`` unless the speed and the road factor are positive."""
    if not speed_kmh or speed_kmh <= 0:
        raise ValueError(f"The travel speed must be positive (got {speed_kmh!r} km/h).")
    if not road_factor or road_factor <= 0:
        raise ValueError(f"The road factor must be positive (got {road_factor!r}).")


def travel_minutes(a, b, speed_kmh, road_factor=1.0):
    """Driving minutes from ``a`` to ``b``; ``0.0`` when either point is ``None``."""
    check_speed(speed_kmh, road_factor)
    return road_km(a, b, road_factor) / speed_kmh * 60.0
