import sys
import threading
import time
import traceback
from unittest.mock import patch

from psycopg2.extensions import ISOLATION_LEVEL_READ_COMMITTED

from odoo import SUPERUSER_ID, api
from odoo.addons.aftersales_service.models.aftersales_write_guard import suite_writes
from odoo.modules.registry import DummyRLock, Registry
from odoo.sql_db import db_connect
from odoo.tests import TransactionCase, new_test_user
from odoo.tools import mute_logger


def force_write(records, values):
    """Test setup only: writes `values` (a state, a figure only the suite
    writes) on `records` inside the suite's write context, without their
    steps. Never use it for the behaviour a test checks."""
    with suite_writes(records.env):
        records.write(values)
    return records


def force_create(model, vals):
    """Test setup only: creates records of `model` in a state or with figures
    only the suite sets, inside the suite's write context."""
    with suite_writes(model.env):
        return model.create(vals)


def correct_figure(record, name, value, reason, user):
    """Corrects figure `name` of `record` as `user` with Correct a Figure
    (the one way a person changes a figure only the suite writes)."""
    Wizard = record.env["aftersales.correction.wizard"].with_user(user)
    field_type = record._fields[name].type
    value_field = {"datetime": "new_datetime", "date": "new_date"}.get(field_type, "new_number")
    wizard = Wizard.create(
        {
            "res_model": record._name,
            "res_id": record.id,
            "field_name": name,
            value_field: value,
            "reason": reason,
        }
    )
    return wizard.action_confirm()


OFFICE_HOURS = ((8, 12, "morning"), (13, 17, "afternoon"))
ROUND_THE_CLOCK = ((0, 24, "full_day"),)


def make_calendar(env, name, periods, days=range(7)):
    """A Shanghai working calendar: the same (from, to, day_period) periods on
    each of `days` (0 = Monday)."""
    return env["resource.calendar"].create(
        {
            "name": name,
            "tz": "Asia/Shanghai",
            "attendance_ids": [
                (
                    0,
                    0,
                    {
                        "name": f"{day} {frm}",
                        "dayofweek": str(day),
                        "hour_from": frm,
                        "hour_to": to,
                        "day_period": period,
                    },
                )
                for day in days
                for frm, to, period in periods
            ],
        }
    )


SUITE = ("aftersales_service", "aftersales_parts", "aftersales_warranty")


def load_zh_cn(env):
    """Activates Simplified Chinese and loads the suite's zh_CN catalogues
    (field labels, views, reports), as a Chinese database has them."""
    env["res.lang"]._activate_lang("zh_CN")
    installed = env["ir.module.module"].search([("name", "in", SUITE), ("state", "=", "installed")])
    env["ir.module.module"]._load_module_terms(installed.mapped("name"), ["zh_CN"])


class AftersalesCase(TransactionCase):
    """Records every after-sales test needs: a customer in Shenzhen, a
    technician with a phone login, and users of each role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        # The demo database is made for China (only zh_CN active): tests that read
        # English text and formats need English active too.
        cls.env["res.lang"]._activate_lang("en_US")
        cls.company = cls.env.company
        cls.guangdong = cls.env.ref("base.state_cn_GD")
        cls.nanshan = cls.env.ref("aftersales_service.county_440305")
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "深圳市华强电器有限公司",
                "phone": "0755-26881234",
                "street": "南山区科技园南区高新南七道",
                "city": "深圳市",
                "state_id": cls.guangdong.id,
                "country_id": cls.env.ref("base.cn").id,
            }
        )
        cls.agent = new_test_user(
            cls.env,
            "as_agent",
            groups="aftersales_service.group_aftersales_agent",
            name="客服 王芳",
        )
        cls.dispatcher = new_test_user(
            cls.env,
            "as_dispatcher",
            groups="aftersales_service.group_aftersales_dispatcher",
            name="调度 李强",
        )
        cls.tech_user = new_test_user(
            cls.env,
            "as_tech",
            groups="aftersales_service.group_aftersales_technician",
            name="技师 张伟",
        )
        cls.other_tech_user = new_test_user(
            cls.env,
            "as_tech2",
            groups="aftersales_service.group_aftersales_technician",
            name="技师 刘洋",
        )
        cls.round_the_clock = make_calendar(cls.env, "全天候值班", ROUND_THE_CLOCK)
        cls.haidian = cls.env.ref("aftersales_service.county_110108")
        technician_vals = {
            "is_aftersales_technician": True,
            "resource_calendar_id": cls.round_the_clock.id,
            "aftersales_county_ids": [(6, 0, (cls.nanshan | cls.haidian).ids)],
        }
        cls.technician = cls.env["hr.employee"].create(
            {"name": "张伟", "user_id": cls.tech_user.id, **technician_vals}
        )
        cls.other_technician = cls.env["hr.employee"].create(
            {"name": "刘洋", "user_id": cls.other_tech_user.id, **technician_vals}
        )

    @classmethod
    def _request_vals(cls, **overrides):
        vals = {
            "partner_id": cls.customer.id,
            "contact_name": "陈先生",
            "contact_phone": "13812345678",
            "fault_description": "空调不制冷，外机有异响",
            "request_type": "repair",
        }
        vals.update(overrides)
        return vals

    @classmethod
    def _new_request(cls, **overrides):
        """A request; one set up in a state or with figures only the suite
        writes (`state="assigned"`, `done_date=...`) is created with
        `force_create`."""
        Request = cls.env["aftersales.request"]
        vals = cls._request_vals(**overrides)
        if "state" in overrides or set(overrides) & Request._guarded_system_fields():
            return force_create(Request, vals)
        return Request.create(vals)


class CommittedWork:
    """For tests that need real, separate transactions (races, crashes):
    `_committed(work)` runs `work(env)` in a cursor of its own and commits,
    `_race(...)` runs contenders in threads, a transaction each.

    The cursors are real connections (`db_connect`), never the registry's
    test cursors, under pytest-odoo and Odoo's own runner alike. Such tests
    are post_install: at_install tests run inside the install's transaction,
    whose data no other connection sees yet.

    Nothing here waits for ever: a row lock is waited for `LOCK_TIMEOUT`
    at most, the contenders wait `BARRIER_TIMEOUT` for each other and
    `RACE_TIMEOUT` in all; a contender still running then fails the test
    with its stack."""

    LOCK_TIMEOUT = "60s"
    BARRIER_TIMEOUT = 30
    RACE_TIMEOUT = 180

    @classmethod
    def setUpClass(cls):
        if "at_install" in cls.test_tags or "post_install" not in cls.test_tags:
            raise TypeError(f"{cls.__name__} commits in other transactions: tag it post_install, -at_install")
        super().setUpClass()

    def _cursor(self, read_committed=False):
        """A cursor on a connection of its own (repeatable read, as Odoo's,
        or read committed), that waits for a row lock LOCK_TIMEOUT at most
        (the pool resets the setting when it lends the connection again)."""
        cr = db_connect(self.env.cr.dbname).cursor()
        if read_committed:
            cr.connection.set_isolation_level(ISOLATION_LEVEL_READ_COMMITTED)
        cr.execute("SET lock_timeout = %s", [self.LOCK_TIMEOUT])
        return cr

    def _committed(self, work, uid=SUPERUSER_ID):
        with self._cursor() as cr:
            result = work(api.Environment(cr, uid, {"tracking_disable": True}))
            cr.commit()
            return result

    @staticmethod
    def _remove_scheduling_fixture(env, request_ids, technician_ids, partner_ids, calendar_ids):
        """Deletes what a committed scheduling test made: its requests, its
        technicians with their resources and work contacts, its customers and
        calendars."""
        env["aftersales.request"].browse(request_ids).unlink()
        technicians = env["hr.employee"].browse(technician_ids)
        resources, contacts = technicians.resource_id, technicians.work_contact_id
        technicians.unlink()
        resources.unlink()
        (env["res.partner"].browse(partner_ids) | contacts).unlink()
        env["resource.calendar"].browse(calendar_ids).unlink()

    def _race(self, contenders, before, during, context=None, read_committed=False):
        """Runs one contender per (uid, arg) of `contenders`, each in a thread
        and a transaction of its own: `state = before(env, arg)` (reads done
        before the race), then every thread waits for the others and runs
        `during(env, state)`, flushes and commits. Returns the outcomes in
        the order they ended: "won", or the class name of the error.

        Odoo's runner holds the registry lock (`Registry._lock`) while it
        runs the tests, and a thread that looks the registry up (as
        `api.Environment` does for a new cursor) would wait for it for
        ever: as Odoo's own test mode does for its HTTP threads, the lock is
        a dummy during the race. The registry is loaded, so nothing builds
        it meanwhile."""
        barrier = threading.Barrier(len(contenders))
        outcomes = []
        context = {"tracking_disable": True} if context is None else context

        def contend(uid, arg):
            try:
                with self._cursor(read_committed) as cr:
                    env = api.Environment(cr, uid, context)
                    state = before(env, arg)
                    barrier.wait(timeout=self.BARRIER_TIMEOUT)
                    during(env, state)
                    env.flush_all()
                    cr.commit()
                    outcomes.append("won")
            except Exception as error:  # the loser's error is the outcome
                outcomes.append(type(error).__name__)

        threads = [threading.Thread(target=contend, args=contender, daemon=True) for contender in contenders]
        # The losers' refused queries are outcomes, not errors of the run's log.
        with patch.object(Registry, "_lock", DummyRLock()), mute_logger("odoo.sql_db"):
            for thread in threads:
                thread.start()
            deadline = time.monotonic() + self.RACE_TIMEOUT
            for thread in threads:
                thread.join(timeout=max(0.0, deadline - time.monotonic()))
        stuck = [thread for thread in threads if thread.is_alive()]
        if stuck:
            frames = sys._current_frames()
            stacks = "\n".join(
                "".join(traceback.format_stack(frames[t.ident])) for t in stuck if t.ident in frames
            )
            self.fail(
                f"{len(stuck)} of {len(threads)} contenders still running after "
                f"{self.RACE_TIMEOUT} s; outcomes so far {outcomes}:\n{stacks}"
            )
        self.assertEqual(len(outcomes), len(contenders), outcomes)
        return outcomes
