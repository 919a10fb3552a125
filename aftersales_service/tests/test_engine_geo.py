"""Plain tests of engine/geo.py (no database needed)."""

from odoo.tests import BaseCase

from ..engine import geo

BEIJING = (39.9042, 116.4074)
SHANGHAI = (31.2304, 121.4737)


class TestGeoEngine(BaseCase):
    def test_beijing_shanghai_distance(self):
        self.assertAlmostEqual(geo.haversine_km(BEIJING, SHANGHAI), 1067, delta=5)

    def test_distance_is_symmetric_and_zero_on_the_spot(self):
        self.assertAlmostEqual(geo.haversine_km(BEIJING, SHANGHAI), geo.haversine_km(SHANGHAI, BEIJING))
        assert geo.haversine_km(BEIJING, BEIJING) == 0.0

    def test_one_degree_of_equator_and_antipodes(self):
        self.assertAlmostEqual(geo.haversine_km((0, 0), (0, 1)), 111.195, delta=0.01)
        self.assertAlmostEqual(geo.haversine_km((0, 0), (0, 180)), geo.EARTH_RADIUS_KM * 3.141592653589793)

    def test_travel_minutes(self):
        km = geo.haversine_km(BEIJING, SHANGHAI)
        self.assertAlmostEqual(geo.travel_minutes(BEIJING, SHANGHAI, 60), km)
        self.assertAlmostEqual(geo.travel_minutes(BEIJING, SHANGHAI, 120, road_factor=1.5), km * 1.5 / 2)

    def test_road_km_is_the_leg_of_dispatch_and_routes(self):
        km = geo.haversine_km(BEIJING, SHANGHAI)
        assert geo.road_km(BEIJING, SHANGHAI) == km
        self.assertAlmostEqual(geo.road_km(BEIJING, SHANGHAI, 1.3), km * 1.3)
        assert geo.road_km(None, SHANGHAI, 1.3) == geo.road_km(BEIJING, None) == 0.0

    def test_unknown_point_means_no_travel(self):
        assert geo.travel_minutes(None, SHANGHAI, 40) == 0.0
        assert geo.travel_minutes(BEIJING, None, 40) == 0.0
        assert geo.travel_minutes(None, None, 40) == 0.0

    def test_speed_must_be_positive(self):
        for speed in [0, -10, None]:
            with self.subTest(speed=speed):
                with self.assertRaises(ValueError):
                    geo.travel_minutes(BEIJING, SHANGHAI, speed)
                with self.assertRaises(ValueError):
                    geo.travel_minutes(None, SHANGHAI, speed)

    def test_road_factor_must_be_positive(self):
        with self.assertRaises(ValueError):
            geo.travel_minutes(BEIJING, SHANGHAI, 40, road_factor=0)
