"""Plain tests of engine/dispatch.py (no database needed).

Reference week: Mon 2026-03-02 .. Wed 2026-03-04, Asia/Shanghai (UTC+8),
working 08:00-12:00 and 13:00-17:00 local. Locations lie on the equator and
the speed is chosen so that one degree of longitude takes 30 minutes.
"""

import itertools
import random
from datetime import datetime, timedelta

from odoo.tests import BaseCase

from ..engine import booking, dispatch, geo, worktime

SPEED = geo.haversine_km((0.0, 0.0), (0.0, 1.0)) * 2  # km/h: 1 degree = 30 min


def local(day, hour, minute=0):
    """Naive UTC datetime of a Shanghai local time in March 2026."""
    return datetime(2026, 3, day, hour, minute) - timedelta(hours=8)


def workday(day):
    return ((local(day, 8), local(day, 12)), (local(day, 13), local(day, 17)))


WEEK = workday(2) + workday(3) + workday(4)
NOW = local(2, 8)


def P(x):
    """A point x degrees east of (0, 0): 30 * x minutes away from it."""
    return (0.0, float(x))


def tech(tid, counties=(1,), skills=(10,), home=None, cap=0, intervals=WEEK, bookings=(), tz="Asia/Shanghai"):
    return dispatch.Technician(
        id=tid,
        name=f"Tech {tid}",
        county_ids=frozenset(counties),
        skill_ids=frozenset(skills),
        home=home,
        daily_capacity=cap,
        work_intervals=tuple(intervals),
        bookings=tuple(bookings),
        tz=tz,
    )


def job(jid, county=1, skill=None, location=None, hours=1.0, deadline=None, priority=0, earliest=None):
    return dispatch.Job(
        id=jid,
        county_id=county,
        skill_path=(skill,) if skill else (),
        location=location,
        duration=timedelta(hours=hours),
        deadline=deadline,
        priority=priority,
        earliest=earliest,
    )


def run(jobs, techs, now=NOW, **kw):
    return dispatch.dispatch(jobs, techs, now=now, speed_kmh=SPEED, **kw)


def by_job(result):
    return {p.job_id: p for p in result.proposals}


# --- candidates: county and skill ------------------------------------------------


class TestDispatchEngine(BaseCase):
    def test_county_filter(self):
        result = run([job(1, county=2)], [tech(1, counties=(1,)), tech(2, counties=(2, 3))])
        (proposal,) = result.proposals
        assert (proposal.technician_id, proposal.candidates, proposal.start) == (2, 1, NOW)
        assert proposal.end == NOW + timedelta(hours=1)
        assert result.unplaced == ()

    def test_skill_filter(self):
        techs = [tech(1, skills=(10,)), tech(2, skills=(20, 30))]
        result = run([job(1, skill=20)], techs)
        assert (result.proposals[0].technician_id, result.proposals[0].candidates) == (2, 1)
        result = run([job(1, skill=None)], techs)
        assert (result.proposals[0].technician_id, result.proposals[0].candidates) == (1, 2)

    def test_unplaceable_reasons(self):
        techs = [tech(1, counties=(1, 2), skills=(10,)), tech(2, counties=(1,), skills=(10,))]
        result = run([job(1, county=9), job(2, county=None), job(3, county=1, skill=99)], techs)
        assert result.proposals == ()
        unplaced = {u.job_id: u for u in result.unplaced}
        assert unplaced[1].code == dispatch.NO_COUNTY_MATCH == "no_county_match"
        assert unplaced[1].params == {"county_id": 9}
        assert (unplaced[2].code, unplaced[2].params) == ("no_county_match", {"county_id": None})
        assert unplaced[3].code == dispatch.NO_SKILL_MATCH == "no_skill_match"
        assert unplaced[3].params == {"county_id": 1, "skill_id": 99, "covering": 2}

    def test_no_slot_when_the_job_fits_no_interval(self):
        result = run([job(1, hours=5)], [tech(1), tech(2)])
        (unplaced,) = result.unplaced
        assert (unplaced.job_id, unplaced.code) == (1, dispatch.NO_SLOT)
        assert unplaced.params == {"candidates": 2, "duration_minutes": 300}

    def test_no_slot_after_the_horizon(self):
        result = run([job(1, earliest=local(4, 17))], [tech(1)])
        assert result.unplaced[0].code == "no_slot"

    def test_invalid_arguments(self):
        with self.assertRaises(ValueError):
            dispatch.dispatch([job(1)], [tech(1)], now=NOW, speed_kmh=0)
        with self.assertRaises(ValueError):
            run([job(1, hours=0)], [tech(1)])
        backwards = dispatch.Booking(local(2, 10), local(2, 9), None)
        with self.assertRaises(ValueError):
            run([job(1)], [tech(1, bookings=[backwards])])

    # --- working time ------------------------------------------------------------------

    def test_job_not_fitting_before_the_end_of_an_interval_goes_to_the_next_one(self):
        result = run([job(1, hours=3, earliest=local(2, 10))], [tech(1)])
        assert result.proposals[0].start == local(2, 13)
        assert result.proposals[0].end == local(2, 16)
        # 3.5 h left in the afternoon: a 4 h job waits for the next morning
        result = run([job(1, hours=4, earliest=local(2, 13, 30))], [tech(1)])
        assert result.proposals[0].start == local(3, 8)

    def test_leave_gap_is_skipped(self):
        intervals = (workday(2)[0], *workday(4))  # Monday afternoon and Tuesday on leave
        result = run([job(1, hours=4), job(2, hours=4)], [tech(1, intervals=intervals)])
        starts = {p.job_id: p.start for p in result.proposals}
        assert starts == {1: local(2, 8), 2: local(4, 8)}

    def test_now_and_earliest_are_respected(self):
        result = run([job(1)], [tech(1)], now=local(2, 9, 17))
        assert result.proposals[0].start == local(2, 9, 17)
        result = run([job(1, earliest=local(3, 14, 10))], [tech(1)])
        assert result.proposals[0].start == local(3, 14, 10)

    def test_touching_intervals_count_as_one(self):
        # calendars end a day at 23:59:59.999999; the 2 h job runs across midnight UTC
        intervals = (
            (datetime(2026, 3, 1, 16), datetime(2026, 3, 2, 15, 59, 59, 999999)),
            (datetime(2026, 3, 2, 16), datetime(2026, 3, 3, 15, 59, 59, 999999)),
        )
        result = run(
            [job(1, hours=2)], [tech(1, intervals=intervals, tz="UTC")], now=datetime(2026, 3, 2, 15)
        )
        assert result.proposals[0].start == datetime(2026, 3, 2, 15)

    # --- bookings and travel ---------------------------------------------------------------

    def test_travel_from_home_to_the_first_job_of_the_day(self):
        result = run([job(1, location=P(0))], [tech(1, home=P(0.5))])
        proposal = result.proposals[0]
        assert proposal.start == local(2, 8, 15)
        self.assertAlmostEqual(proposal.travel_minutes, 15)
        assert proposal.code == dispatch.EARLIEST_START == "earliest_start"
        assert proposal.params == {
            "candidates": 1,
            "with_slot": 1,
            "start": local(2, 8, 15),
            "origin": dispatch.ORIGIN_HOME,
            "origin_job_id": None,
            "travel_known": True,
            "travel_minutes": 15,
            "day_load": 0,
            "late_minutes": None,
        }

    def test_existing_booking_respected_with_travel_after_it(self):
        busy = dispatch.Booking(local(2, 9), local(2, 10), P(1), job_id=77)
        # 08:00-09:00 would leave no time to drive 30 min to the 09:00 booking
        result = run([job(1, location=P(0))], [tech(1, home=P(0), bookings=[busy])])
        proposal = result.proposals[0]
        assert proposal.start == local(2, 10, 30)
        self.assertAlmostEqual(proposal.travel_minutes, 30)
        assert (proposal.params["origin"], proposal.params["origin_job_id"]) == (dispatch.ORIGIN_JOB, 77)
        assert (proposal.params["travel_minutes"], proposal.params["day_load"]) == (30, 1)

    def test_existing_booking_respected_with_travel_before_it(self):
        busy = dispatch.Booking(local(2, 9), local(2, 10), P(1))
        # 08:00-08:30 plus 30 min of driving reaches the booking exactly at 09:00
        result = run([job(1, location=P(0), hours=0.5)], [tech(1, home=P(0), bookings=[busy])])
        assert result.proposals[0].start == local(2, 8)
        # one more minute of work does not fit any more
        result = run([job(1, location=P(0), hours=31 / 60)], [tech(1, home=P(0), bookings=[busy])])
        assert result.proposals[0].start == local(2, 10, 30)

    def test_booking_of_an_earlier_day_is_not_the_origin(self):
        busy = dispatch.Booking(local(2, 16), local(2, 17), P(2))
        result = run([job(1, location=P(0), earliest=local(3, 8))], [tech(1, home=P(0), bookings=[busy])])
        assert result.proposals[0].start == local(3, 8)
        assert result.proposals[0].travel_minutes == 0

    def test_proposals_of_the_run_become_bookings(self):
        result = run([job(1, location=P(0)), job(2, location=P(1))], [tech(1, home=P(0))])
        starts = by_job(result)
        assert starts[1].start == local(2, 8)
        assert starts[2].start == local(2, 9, 30)
        assert (starts[2].params["origin"], starts[2].params["origin_job_id"]) == ("job", 1)

    def test_unknown_locations_mean_no_travel(self):
        busy = dispatch.Booking(local(2, 8), local(2, 9), None)
        result = run([job(1, location=P(3))], [tech(1, home=P(0), bookings=[busy])])
        assert result.proposals[0].start == local(2, 9)
        params = result.proposals[0].params
        assert (params["origin"], params["travel_known"]) == (dispatch.ORIGIN_BOOKING, False)


# --- daily capacity ----------------------------------------------------------------------

# 12:00 UTC Mon .. 04:00 UTC Tue = 20:00 Mon .. 12:00 Tue in Shanghai; the
# local day changes at 16:00 UTC.
NIGHT = ((datetime(2026, 3, 2, 12), datetime(2026, 3, 3, 4)),)
EVENING = dispatch.Booking(datetime(2026, 3, 2, 13), datetime(2026, 3, 2, 14), None)


def _night(cap, jobs):
    return run(jobs, [tech(1, cap=cap, intervals=NIGHT, bookings=[EVENING])], now=datetime(2026, 3, 2, 12))


class TestDispatchCapacityAndChoice(BaseCase):
    def test_capacity_counts_the_local_day(self):
        result = _night(1, [job(1), job(2)])
        assert by_job(result)[1].start == datetime(2026, 3, 2, 16)  # local midnight
        assert [(u.job_id, u.code) for u in result.unplaced] == [(2, "no_slot")]

    def test_capacity_two_fills_the_evening_then_moves_to_the_next_local_day(self):
        result = _night(2, [job(1), job(2)])
        assert [p.start for p in result.proposals] == [datetime(2026, 3, 2, 12), datetime(2026, 3, 2, 16)]

    def test_capacity_zero_is_unlimited(self):
        result = _night(0, [job(1), job(2), job(3)])
        starts = [p.start for p in result.proposals]
        assert starts == [datetime(2026, 3, 2, 12), datetime(2026, 3, 2, 14), datetime(2026, 3, 2, 15)]

    def test_booking_across_local_midnight_is_not_overlapped(self):
        # 15:00-17:00 UTC = 23:00 Mon - 01:00 Tue local: it belongs to Monday but
        # still blocks the first hour of Tuesday
        overnight = dispatch.Booking(datetime(2026, 3, 2, 15), datetime(2026, 3, 2, 17), None)
        techs = [tech(1, intervals=NIGHT, bookings=[overnight])]
        result = run([job(1, earliest=datetime(2026, 3, 2, 16))], techs, now=datetime(2026, 3, 2, 12))
        assert result.proposals[0].start == datetime(2026, 3, 2, 17)

    # --- choice between candidates -----------------------------------------------------------

    def test_tighter_deadline_gets_the_earlier_slot(self):
        jobs = [
            job(1, hours=3, deadline=local(3, 12), priority=5),
            job(2, hours=3, deadline=local(2, 12)),
        ]
        result = run(jobs, [tech(1)])
        assert [p.job_id for p in result.proposals] == [2, 1]
        assert by_job(result)[2].start == local(2, 8)
        assert by_job(result)[1].start == local(2, 13)
        assert all(p.within_deadline for p in result.proposals)

    def test_priority_then_id_when_deadlines_tie_and_no_deadline_last(self):
        deadline = local(4, 17)
        jobs = [
            job(1, hours=4, priority=9),
            job(2, hours=4, deadline=deadline),
            job(3, hours=4, deadline=deadline, priority=1),
            job(4, hours=4, deadline=deadline, priority=1),
        ]
        result = run(jobs, [tech(1)])
        assert [p.job_id for p in result.proposals] == [3, 4, 2, 1]
        assert [p.start for p in result.proposals] == [local(2, 8), local(2, 13), local(3, 8), local(3, 13)]

    def test_load_spreads_between_equal_technicians(self):
        result = run([job(i) for i in range(1, 5)], [tech(2), tech(1)])
        assert [(p.technician_id, p.start) for p in result.proposals] == [
            (1, local(2, 8)),
            (2, local(2, 8)),
            (1, local(2, 9)),
            (2, local(2, 9)),
        ]

    def test_load_penalty_prefers_the_less_loaded_technician(self):
        busy = [
            dispatch.Booking(local(2, 14), local(2, 15), None),
            dispatch.Booking(local(2, 15), local(2, 16), None),
        ]
        late_start = ((local(2, 8, 30), local(2, 12)),)
        techs = [tech(1, bookings=busy), tech(2, intervals=late_start)]
        result = run([job(1)], techs, load_penalty_minutes=30)  # 08:00 + 2 x 30 > 08:30
        assert (result.proposals[0].technician_id, result.proposals[0].start) == (2, local(2, 8, 30))
        assert result.proposals[0].code == dispatch.BEST_LOAD
        assert (result.proposals[0].params["candidates"], result.proposals[0].params["with_slot"]) == (2, 2)
        result = run([job(1)], techs, load_penalty_minutes=0)
        assert (result.proposals[0].technician_id, result.proposals[0].start) == (1, local(2, 8))
        assert result.proposals[0].code == dispatch.EARLIEST_START
        assert result.proposals[0].params["candidates"] == 2

    def test_within_deadline_false_when_only_a_late_slot_exists(self):
        busy = dispatch.Booking(local(2, 8), local(2, 12), None)
        result = run([job(1, deadline=local(2, 10))], [tech(1, bookings=[busy])])
        proposal = result.proposals[0]
        assert proposal.start == local(2, 13)
        assert proposal.within_deadline is False
        assert proposal.params["late_minutes"] == 180


# --- random instances: determinism, purity, invariants ---------------------------------------


def _instance(seed, n_jobs=200, n_techs=20, n_counties=8):
    rng = random.Random(seed)
    centres = {
        c: (31.0 + rng.uniform(-0.5, 0.5), 121.0 + rng.uniform(-0.5, 0.5)) for c in range(1, n_counties + 1)
    }

    def near(county):
        lat, lon = centres[county]
        return (lat + rng.uniform(-0.1, 0.1), lon + rng.uniform(-0.1, 0.1))

    techs = []
    for tid in range(1, n_techs + 1):
        home_county = rng.randint(1, n_counties)
        counties = {home_county} | {rng.randint(1, n_counties) for _ in range(2)}
        days = rng.sample([2, 3, 4], rng.randint(1, 3))
        intervals = tuple(sorted(iv for day in days for iv in workday(day)))
        cap = rng.choice([0, 3, 5])
        existing = []
        for day in days:
            for hour in rng.sample([8, 10, 14, 16], rng.randint(0, 2)):
                if cap and sum(1 for b in existing if b.start.date() == local(day, hour).date()) >= cap:
                    continue
                existing.append(dispatch.Booking(local(day, hour), local(day, hour, 45), near(home_county)))
        techs.append(
            tech(
                tid,
                counties,
                rng.sample(range(1, 6), 3),
                near(home_county),
                cap,
                intervals,
                sorted(existing, key=lambda b: b.start),
            )
        )
    jobs = []
    for jid in range(1, n_jobs + 1):
        county = rng.randint(1, n_counties + 1)  # the last county nobody may cover
        if county > n_counties:
            county, location = None if rng.random() < 0.5 else 99, None
        else:
            location = near(county) if rng.random() < 0.9 else None
        deadline = local(2, 10) + timedelta(hours=rng.randint(0, 60)) if rng.random() < 0.8 else None
        earliest = (
            local(2, 8) + timedelta(minutes=rng.randrange(0, 48 * 60, 5)) if rng.random() < 0.3 else None
        )
        jobs.append(
            job(
                jid,
                county,
                rng.choice([None, 1, 2, 3, 4, 5]),
                location,
                rng.choice([0.5, 1, 1.5, 2]),
                deadline,
                rng.randint(0, 2),
                earliest,
            )
        )
    return jobs, techs


def _run_random(jobs, techs):
    return dispatch.dispatch(jobs, techs, now=NOW, speed_kmh=40, road_factor=1.3)


class TestDispatchRandomInstances(BaseCase):
    def test_deterministic_and_independent_of_input_order(self):
        jobs, techs = _instance(7)
        first = _run_random(jobs, techs)
        assert _run_random(jobs, techs) == first
        rng = random.Random(1)
        shuffled_jobs, shuffled_techs = list(jobs), list(techs)
        rng.shuffle(shuffled_jobs)
        rng.shuffle(shuffled_techs)
        assert _run_random(shuffled_jobs, shuffled_techs) == first

    def test_inputs_are_not_mutated(self):
        jobs, techs = _instance(11)
        jobs.reverse()
        jobs_before, techs_before = list(jobs), list(techs)
        bookings_before = [t.bookings for t in techs]
        result = _run_random(jobs, techs)
        assert result.proposals
        assert jobs == jobs_before and techs == techs_before
        assert all(t.bookings is b for t, b in zip(techs, bookings_before, strict=True))

    def test_random_instance_invariants(self):
        jobs, techs = _instance(2026)
        result = _run_random(jobs, techs)
        jobs_by_id = {j.id: j for j in jobs}
        techs_by_id = {t.id: t for t in techs}
        placed = [p.job_id for p in result.proposals]
        assert sorted(placed + [u.job_id for u in result.unplaced]) == sorted(jobs_by_id)
        assert len(result.proposals) > 80
        assert {u.code for u in result.unplaced} <= {"no_county_match", "no_skill_match", "no_slot"}
        zone = dispatch.ZoneInfo("Asia/Shanghai")

        def day(moment):
            return moment.replace(tzinfo=dispatch.UTC).astimezone(zone).date()

        def travel(a, b):
            return timedelta(minutes=geo.travel_minutes(a, b, 40, 1.3))

        tolerance = timedelta(milliseconds=1)
        for tid, technician in techs_by_id.items():
            mine = [p for p in result.proposals if p.technician_id == tid]
            rows = [(b.start, b.end, b.location, None) for b in technician.bookings]
            rows += [(p.start, p.end, jobs_by_id[p.job_id].location, p) for p in mine]
            rows.sort(key=lambda row: row[0])
            for (a_start, a_end, a_loc, a_prop), (b_start, _b_end, b_loc, b_prop) in itertools.pairwise(rows):
                assert a_end <= b_start, f"overlap for technician {tid}"
                if (a_prop or b_prop) and day(a_start) == day(b_start):
                    assert b_start + tolerance >= a_end + travel(a_loc, b_loc)
            for index, (start, end, location, proposal) in enumerate(rows):
                if proposal is None:
                    continue
                the_job = jobs_by_id[proposal.job_id]
                assert end - start == the_job.duration
                assert worktime.within_working_time(technician.work_intervals, start, end)
                assert the_job.county_id in technician.county_ids
                assert booking.has_skill(technician.skill_ids, the_job.skill_path)
                assert start >= max(NOW, the_job.earliest or NOW)
                assert proposal.within_deadline == (the_job.deadline is None or start <= the_job.deadline)
                if technician.daily_capacity:
                    assert sum(1 for row in rows if day(row[0]) == day(start)) <= technician.daily_capacity
                if not any(day(row[0]) == day(start) for row in rows[:index]):
                    shift_start = max(
                        s for s, e in worktime.merge_intervals(technician.work_intervals) if s <= start
                    )
                    assert start + tolerance >= max(NOW, shift_start) + travel(technician.home, location)

    def test_a_job_late_anyway_leaves_the_slot_to_one_that_can_be_on_time(self):
        # One technician, free 08:00-10:00: two one-hour slots. Job 1 is already
        # past its deadline; job 2 can still be on time, but only at 08:00.
        two_hours = [(local(2, 8), local(2, 10))]
        jobs = [job(1, deadline=local(2, 7)), job(2, deadline=local(2, 8, 30))]
        result = by_job(run(jobs, [tech(1, intervals=two_hours)]))
        assert result[2].start == local(2, 8) and result[2].within_deadline
        assert result[1].start == local(2, 9) and not result[1].within_deadline
        assert [p.job_id for p in run(jobs, [tech(1, intervals=two_hours)]).proposals] == [1, 2]
