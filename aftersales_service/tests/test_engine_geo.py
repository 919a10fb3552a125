"""Plain pytest tests of engine/geo.py (no database needed).
"""

import pytest

from ..engine import geo

BEIJING = (39.9042, 116.4074)
SHANGHAI = (31.2304, 121.4737)


def test_beijing_shanghai_distance():
    assert geo.haversine_km(BEIJING, SHANGHAI) == pytest.approx(1067, abs=5)


def test_distance_is_symmetric_and_zero_on_the_spot():
    assert geo.haversine_km(BEIJING, SHANGHAI) == pytest.approx(geo.haversine_km(SHANGHAI, BEIJING))
    assert geo.haversine_km(BEIJING, BEIJING) == 0.0


def test_one_degree_of_equator_and_antipodes():
    assert geo.haversine_km((0, 0), (0, 1)) == pytest.approx(111.195, abs=0.01)
    assert geo.haversine_km((0, 0), (0, 180)) == pytest.approx(geo.EARTH_RADIUS_KM * 3.141592653589793)


def test_travel_minutes():
    km = geo.haversine_km(BEIJING, SHANGHAI)
    assert geo.travel_minutes(BEIJING, SHANGHAI, 60) == pytest.approx(km)
    assert geo.travel_minutes(BEIJING, SHANGHAI, 120, road_factor=1.5) == pytest.approx(km * 1.5 / 2)


def test_road_km_is_the_leg_of_dispatch_and_routes():
    km = geo.haversine_km(BEIJING, SHANGHAI)
    assert geo.road_km(BEIJING, SHANGHAI) == km
    assert geo.road_km(BEIJING, SHANGHAI, 1.3) == pytest.approx(km * 1.3)
    assert geo.road_km(None, SHANGHAI, 1.3) == geo.road_km(BEIJING, None) == 0.0


def test_unknown_point_means_no_travel():
    assert geo.travel_minutes(None, SHANGHAI, 40) == 0.0
    assert geo.travel_minutes(BEIJING, None, 40) == 0.0
    assert geo.travel_minutes(None, None, 40) == 0.0


@pytest.mark.parametrize("speed", [0, -10, None])
def test_speed_must_be_positive(speed):
    with pytest.raises(ValueError):
        geo.travel_minutes(BEIJING, SHANGHAI, speed)
    with pytest.raises(ValueError):
        geo.travel_minutes(None, SHANGHAI, speed)


def test_road_factor_must_be_positive():
    with pytest.raises(ValueError):
        geo.travel_minutes(BEIJING, SHANGHAI, 40, road_factor=0)
