"""One rule, written once (issue 12): the paths that used to carry their own
copy of a rule give the same answer on the same inputs.

* Working time: booking (the booking constraint), dispatch (the intervals the
  wizard hands to the engine) and the SLA clock (the deadline of a request)
  on one calendar with a lunch break, a weekend and a public holiday, in two
  time zones other than UTC.
* Skills: booking and dispatch for the same technician / product pairs.
* Booked states: the Python overlap check, the database's exclusion
  constraint and dispatch's view of a technician's bookings.
* Great-circle distance: the SQL expression and the Python function.
* Planned range: one Python rule, refused alike on create, on write and when
  a dispatch plan is booked.
"""

from ast import literal_eval
from datetime import datetime, timedelta

import psycopg2.errors
import pytz

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..engine import geo, worktime
from ..models.aftersales_request import BOOKED_STATES, REQUEST_STATES
from ..models.aftersales_request_sla import ONSITE_PENDING_STATES
from .common import AftersalesCase, make_calendar

WITH_LUNCH = ((8, 12, "morning"), (12, 13, "lunch"), (13, 17, "afternoon"))
# Local dates: Mon 2030-03-04 .. Sun 2030-03-10; Wednesday is a public holiday.
MONDAY, TUESDAY, WEDNESDAY, SATURDAY = 4, 5, 6, 9
# (local day of March 2030, local hour, hours) -> is [start, start + hours) working time
SLOTS = {
    (MONDAY, 10, 1): True,
    (MONDAY, 8, 4): True,  # up to 12:00 sharp
    (MONDAY, 11.5, 1): False,  # runs into the lunch break
    (MONDAY, 12.5, 0.25): False,  # 12:30 is lunch
    (MONDAY, 13, 0.5): True,
    (MONDAY, 16.5, 1): False,  # runs past 17:00
    (TUESDAY, 7.5, 1): False,  # starts before 08:00
    (TUESDAY, 8, 1): True,
    (WEDNESDAY, 10, 1): False,  # public holiday
    (SATURDAY, 10, 1): False,  # weekend
}


class _Undo(Exception):
    """Raised to roll a savepoint back after a call that passed."""


class AgreementCase(AftersalesCase):
    def _passes(self, call, refusal):
        """True when `call` passes, False when it raises the ValidationError
        `refusal` (a part of its message); what it wrote is undone either way."""
        try:
            with self.env.cr.savepoint():
                call()
                self.env.flush_all()
                raise _Undo
        except _Undo:
            return True
        except ValidationError as error:
            self.assertIn(refusal, str(error))
            return False
        finally:
            self.env.invalidate_all()


def local_to_utc(tz, day, hour):
    moment = datetime(2030, 3, day) + timedelta(hours=hour)
    return pytz.timezone(tz).localize(moment).astimezone(pytz.utc).replace(tzinfo=None)


@tagged("post_install", "-at_install")
class TestWorkingTimeAgrees(AgreementCase):
    """Booking, dispatch and the SLA clock answer "is this working time"
    from one computation (Odoo's calendar), so they cannot disagree."""

    def _setup_zone(self, tz):
        calendar = make_calendar(self.env, f"午休日历 {tz}", WITH_LUNCH, days=range(5))
        calendar.tz = tz
        self.env["resource.calendar.leaves"].create(
            {
                "name": "公共假日",
                "calendar_id": calendar.id,
                "date_from": local_to_utc(tz, WEDNESDAY, 0),
                "date_to": local_to_utc(tz, WEDNESDAY + 1, 0),
            }
        )
        technician = self.env["hr.employee"].create(
            {
                "name": f"日历技师 {tz}",
                "is_aftersales_technician": True,
                "tz": tz,
                "resource_calendar_id": calendar.id,
                "aftersales_county_ids": [(6, 0, self.nanshan.ids)],
            }
        )
        policy = self.env["aftersales.sla.policy"].create(
            {
                "name": f"工作时间 {tz}",
                "sequence": 1,
                "request_type": "installation",
                "onsite_hours": 1,
                "use_working_calendar": True,
                "calendar_id": calendar.id,
            }
        )
        return calendar, technician, policy

    def _booking_accepts(self, technician, start, end):
        request = self._new_request(technician_id=technician.id)
        request.action_assign()

        def book():
            request.write({"planned_start": start, "planned_end": end})
            request.action_schedule()

        return self._passes(book, "outside their working hours")

    def _onsite_deadline(self, policy, start, hours):
        policy.onsite_hours = hours
        request = self._new_request(request_type="installation", notified_date=start)
        self.assertEqual(request.sla_policy_id, policy)
        return request.onsite_deadline

    def test_booking_dispatch_and_sla_clock_agree(self):
        for tz in ("Asia/Shanghai", "America/New_York"):
            with self.subTest(tz=tz):
                calendar, technician, policy = self._setup_zone(tz)
                week = (local_to_utc(tz, MONDAY - 1, 0), local_to_utc(tz, SATURDAY + 2, 0))
                dispatch_intervals = (
                    self.env["aftersales.dispatch.wizard"]
                    ._engine_technicians(technician, *week)[0]
                    .work_intervals
                )
                sla_intervals = (
                    self.env["resource.calendar"]
                    ._aftersales_working_times(calendar.ids, *week)[calendar.id]
                    .intervals
                )
                self.assertEqual(list(dispatch_intervals), list(sla_intervals))
                for (day, hour, hours), expected in SLOTS.items():
                    start = local_to_utc(tz, day, hour)
                    end = start + timedelta(hours=hours)
                    verdicts = {
                        "booking": self._booking_accepts(technician, start, end),
                        "dispatch": worktime.within_working_time(dispatch_intervals, start, end),
                        # The clock runs `hours` in `hours` exactly when the span is working time.
                        "sla": self._onsite_deadline(policy, start, hours) == end,
                    }
                    self.assertEqual(
                        verdicts, dict.fromkeys(verdicts, expected), f"{tz} March {day} {hour} h + {hours} h"
                    )
                # Fri 16-17 (1 h), weekend, Mon 08-12 (4 h) -> Mon 12:00, the start of lunch.
                self.assertEqual(
                    self._onsite_deadline(policy, local_to_utc(tz, 8, 16), 5), local_to_utc(tz, 11, 12)
                )
                # Mon 16:00 + 3 h: Mon 16-17, Tue 08-10 (the holiday Wednesday is not reached).
                self.assertEqual(
                    self._onsite_deadline(policy, local_to_utc(tz, MONDAY, 16), 3),
                    local_to_utc(tz, TUESDAY, 10),
                )
                # Tue 16:00 + 2 h: Tue 16-17, then Thursday 08-09 (Wednesday is a holiday).
                self.assertEqual(
                    self._onsite_deadline(policy, local_to_utc(tz, TUESDAY, 16), 2), local_to_utc(tz, 7, 9)
                )
                policy.unlink()

    def _installation_closed(self, name, date_from, date_to):
        """An installation policy of 2 working hours on a new office-hours
        calendar `name`, closed from `date_from` to `date_to`."""
        calendar = make_calendar(self.env, name, WITH_LUNCH, days=range(5))
        self.env["resource.calendar.leaves"].create(
            {"name": "停业", "calendar_id": calendar.id, "date_from": date_from, "date_to": date_to}
        )
        self.env["aftersales.sla.policy"].create(
            {
                "name": name,
                "sequence": 1,
                "request_type": "installation",
                "onsite_hours": 2,
                "use_working_calendar": True,
                "calendar_id": calendar.id,
            }
        )

    def test_deadline_beyond_the_first_horizon(self):
        """A holiday longer than the first horizon the SLA clock loads only
        delays the deadline."""
        self._installation_closed("长假日历", datetime(2030, 3, 3), datetime(2030, 5, 3))
        request = self._new_request(request_type="installation", notified_date=datetime(2030, 3, 4, 2))
        # The leave ends on Fri 2030-05-03 at 08:00 Shanghai (00:00 UTC): 08:00-10:00 that day.
        self.assertEqual(request.onsite_deadline, datetime(2030, 5, 3, 2))

    def test_calendar_closed_for_years_is_named(self):
        self._installation_closed("停业日历", datetime(2030, 3, 1), datetime(2034, 1, 1))
        with self.assertRaisesRegex(UserError, "停业日历 has no working time left within 1098 days"):
            self._new_request(request_type="installation", notified_date=datetime(2030, 3, 4, 2))
            self.env.flush_all()


@tagged("post_install", "-at_install")
class TestSkillsAgree(AgreementCase):
    """Booking and dispatch apply one skill rule: a technician skilled in a
    product category covers its sub-categories, not its parent nor siblings."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Category = cls.env["product.category"]
        cls.appliances = Category.create({"name": "家电"})
        cls.aircon = Category.create({"name": "空调", "parent_id": cls.appliances.id})
        cls.split_unit = Category.create({"name": "分体机", "parent_id": cls.aircon.id})
        cls.fridges = Category.create({"name": "冰箱", "parent_id": cls.appliances.id})
        cls.county = cls.env["aftersales.county"].create(
            {"name": "技能测试区", "code": "449997", "city": "深圳市", "state_id": cls.guangdong.id}
        )
        cls.skilled, cls.unskilled = cls.env["hr.employee"].create(
            [
                {
                    "name": name,
                    "is_aftersales_technician": True,
                    "resource_calendar_id": cls.round_the_clock.id,
                    "aftersales_county_ids": [(6, 0, cls.county.ids)],
                    "aftersales_skill_ids": [(6, 0, skills.ids)],
                }
                for name, skills in (("空调技师", cls.aircon), ("新技师", Category))
            ]
        )
        cls.products = {
            name: cls.env["product.product"].create({"name": f"产品 {name}", "categ_id": categ.id})
            for name, categ in (
                ("parent", cls.appliances),
                ("same", cls.aircon),
                ("child", cls.split_unit),
                ("sibling", cls.fridges),
            )
        }

    def _request(self, product_key):
        product = self.products.get(product_key)
        return self._new_request(county_id=self.county.id, product_id=product.id if product else False)

    def _booking_accepts(self, technician, product_key):
        request = self._request(product_key)
        request.write({"technician_id": technician.id})
        request.action_assign()
        start = datetime(2030, 3, 4, 2)
        return self._passes(
            lambda: request.write({"planned_start": start, "planned_end": start + timedelta(hours=1)}),
            "lack the skill",
        )

    def _dispatch_places(self, technician, product_key):
        others = (self.skilled | self.unskilled) - technician
        others.aftersales_county_ids = [(5, 0, 0)]
        request = self._request(product_key)
        result = self.env["aftersales.dispatch.wizard"]._run_engine(request)
        others.aftersales_county_ids = [(6, 0, self.county.ids)]
        if result.unplaced:
            self.assertEqual(result.unplaced[0].code, "no_skill_match")
            return False
        self.assertEqual(result.proposals[0].technician_id, technician.id)
        return True

    def test_booking_and_dispatch_agree(self):
        expected = {
            (self.skilled, "same"): True,
            (self.skilled, "child"): True,
            (self.skilled, "parent"): False,
            (self.skilled, "sibling"): False,
            (self.skilled, None): True,  # no product: no skill needed
            (self.unskilled, "same"): False,
            (self.unskilled, "child"): False,
            (self.unskilled, None): True,
        }
        for (technician, product_key), covered in expected.items():
            with self.subTest(technician=technician.name, product=product_key):
                self.assertEqual(
                    (
                        self._booking_accepts(technician, product_key),
                        self._dispatch_places(technician, product_key),
                    ),
                    (covered, covered),
                )


@tagged("post_install", "-at_install")
class TestBookedStatesAgree(AgreementCase):
    """The states that hold a technician's time are BOOKED_STATES, for the
    Python overlap check, the database's exclusion constraint and dispatch."""

    START = datetime(2030, 3, 4, 2)

    def _held_by(self, state):
        """Books the technician at START on a request, then moves that request
        to `state` directly (whatever the workflow would allow)."""
        holder = self._new_request(
            technician_id=self.technician.id,
            state="assigned",
            planned_start=self.START,
            planned_end=self.START + timedelta(hours=2),
        )
        self.env.flush_all()
        self.env.cr.execute("UPDATE aftersales_request SET state = %s WHERE id = %s", (state, holder.id))
        self.env.invalidate_all()
        return holder

    def _overlapping_request(self):
        return self._new_request(
            technician_id=self.technician.id,
            state="assigned",
            planned_start=self.START + timedelta(hours=1),
            planned_end=self.START + timedelta(hours=3),
        )

    def _python_refuses(self):
        return not self._passes(self._overlapping_request, "already booked")

    @mute_logger("odoo.sql_db")  # the refused INSERT is the point, not an error
    def _database_refuses(self):
        try:
            with self.env.cr.savepoint(), self.env["aftersales.request"]._deferred_booking_checks():
                self._overlapping_request()
                self.env.flush_all()
                raise _Undo
        except _Undo:
            return False
        except psycopg2.errors.ExclusionViolation:
            return True
        finally:
            self.env.invalidate_all()

    def _dispatch_sees(self, holder):
        bookings = self.env["aftersales.dispatch.wizard"]._existing_bookings(
            self.technician, self.START - timedelta(days=1), self.START + timedelta(days=1)
        )
        return holder.id in [booking.job_id for booking in bookings[self.technician.id]]

    def test_the_three_paths_agree_on_every_state(self):
        for state, _label in REQUEST_STATES:
            with self.subTest(state=state):
                holder = self._held_by(state)
                held = state in BOOKED_STATES
                self.assertEqual(
                    {
                        "python": self._python_refuses(),
                        "database": self._database_refuses(),
                        "dispatch": self._dispatch_sees(holder),
                    },
                    {"python": held, "database": held, "dispatch": held},
                )
                self.env.cr.execute(
                    "UPDATE aftersales_request SET technician_id = NULL WHERE id = %s", (holder.id,)
                )


@tagged("post_install", "-at_install")
class TestDistanceAgrees(AgreementCase):
    """The SQL great-circle distance (nearest depots) is the Python one."""

    POINTS = [
        (39.9042, 116.4074),
        (31.2304, 121.4737),
        (22.5333, 113.9304),
        (0.0, 0.1),
        (0.0, 180.0),
        (-33.8688, 151.2093),
        (22.5334, 113.9305),
    ]

    def test_sql_and_python_give_the_same_km(self):
        pairs = [(a, b) for a in self.POINTS for b in self.POINTS]
        expression = geo.haversine_sql("a_lat", "a_lon", "b_lat", "b_lon")
        self.env.cr.execute(
            f"SELECT {expression} FROM (VALUES %s) AS p(a_lat, a_lon, b_lat, b_lon)"
            % ", ".join(["(%s::float, %s::float, %s::float, %s::float)"] * len(pairs)),
            [x for a, b in pairs for x in (*a, *b)],
        )
        for (a, b), (km,) in zip(pairs, self.env.cr.fetchall(), strict=True):
            self.assertAlmostEqual(km, geo.haversine_km(a, b), places=6, msg=f"{a} -> {b}")

    def test_counties_without_coordinates_have_no_distance_in_either(self):
        County = self.env["aftersales.county"]
        nowhere = County.create(
            {"name": "无坐标区", "code": "449996", "city": "深圳市", "state_id": self.guangdong.id}
        )
        self.nanshan.write({"latitude": 22.5333, "longitude": 113.9304})
        self.haidian.write({"latitude": 39.9593, "longitude": 116.2982})
        County.flush_model()
        for a, b in ((self.nanshan, self.haidian), (self.nanshan, nowhere), (nowhere, nowhere)):
            self.env.cr.execute(
                f"SELECT {County._distance_sql('a', 'b')} FROM aftersales_county a, aftersales_county b"
                " WHERE a.id = %s AND b.id = %s",
                (a.id, b.id),
            )
            km = self.env.cr.fetchone()[0]
            python = geo.haversine_km(a._point(), b._point()) if a._point() and b._point() else None
            if python is None:
                self.assertIsNone(km)
            else:
                self.assertAlmostEqual(km, python, places=6)


@tagged("post_install", "-at_install")
class TestPlannedRangeOnce(AgreementCase):
    """One planned-range rule: no database CHECK repeats it, and create,
    write and a booked dispatch plan refuse the same ranges."""

    START = datetime(2030, 3, 4, 2)

    def test_no_second_copy_in_the_database(self):
        self.env.cr.execute(
            """SELECT conname FROM pg_constraint
                WHERE conrelid = 'aftersales_request'::regclass AND contype = 'c'
                  AND pg_get_constraintdef(oid) LIKE '%%planned_end%%'"""
        )
        self.assertEqual(self.env.cr.fetchall(), [])

    def _refused(self, call):
        return not self._passes(call, "must come after the planned start")

    def test_create_write_and_dispatch_agree(self):
        self.technician.resource_calendar_id = self.round_the_clock
        for hours, refused in ((-1, True), (0, True), (1, False)):
            end = self.START + timedelta(hours=hours)
            request = self._new_request()
            with self.subTest(hours=hours):
                self.assertEqual(
                    (
                        self._refused(
                            lambda end=end: self._new_request(planned_start=self.START, planned_end=end)
                        ),
                        self._refused(
                            lambda end=end, r=request: r.write(
                                {"planned_start": self.START, "planned_end": end}
                            )
                        ),
                        self._refused(
                            lambda end=end, r=request: r._book_proposals(
                                {r.id: (self.technician, self.START, end)}
                            )
                        ),
                    ),
                    (refused, refused, refused),
                )


@tagged("post_install", "-at_install")
class TestOnsitePendingStatesAgree(AgreementCase):
    """The on-site clock runs in the same states for the breach search, its
    index and the shipped automation rule."""

    def test_automation_rule_uses_the_same_states(self):
        automation = self.env.ref("aftersales_service.automation_onsite_deadline_breach")
        states = [
            tuple(leaf[2])
            for leaf in literal_eval(automation.filter_domain)
            if isinstance(leaf, (list, tuple)) and leaf[0] == "state"
        ]
        self.assertEqual(states, [ONSITE_PENDING_STATES])
        self.assertIn(("state", "in", ONSITE_PENDING_STATES), self.env["aftersales.request"]._breach_domain())
