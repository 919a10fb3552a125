"""Demo data only: how the demo records of demo/*.xml reach their states.

The demo files create every record as a user enters it, in its initial
state, with the fields a user fills in. ``_demo_play`` then runs the suite's
own steps on it (assign, schedule, check in, finish, sign, close, answer a
complaint, complete its callback...), each as the demo user who takes that
step, so every state and every figure is what those steps produce: the
write guard checks the demo as it checks anyone.

A step stamps the current time. The demo tells stories of the past weeks
(requests done last month, a callback overdue since yesterday), so after a
step the times it stamped are moved to the moment of the story by
``_demo_backdate``, the one place where the demo writes a figure itself,
inside ``suite_writes``: the suite writing its own demo, never a client.
Moments are given as ``(days, hour, minute)``, China time on the day
``days`` from today's date in China, or as a datetime (UTC).

Nothing here runs outside the demo files (``<function>`` tags, in
``noupdate`` blocks: once, when the demo is installed).
"""

import base64
from datetime import datetime, time, timedelta

import pytz

from odoo import fields, models
from odoo.tools import file_open

from .aftersales_write_guard import suite_writes

DEMO_TZ = "Asia/Shanghai"

# The times each step of a request stamps.
REQUEST_STAMPS = {
    "received": ("notified_date",),
    "reply": ("replied_date",),
    "check_in": ("check_in_date", "travel_start_date"),
    "sign": ("signed_on",),
    "done": ("check_out_date", "done_date"),
    "escalate": ("escalation_date",),
}
COMPLAINT_STAMPS = {
    "answer": ("answered_date",),
    "close": ("closed_date",),
}


def demo_moment(value):
    """A moment of a demo story as a naive UTC datetime: ``(days, hour,
    minute)`` is China time on the day ``days`` from today in China; a
    datetime is returned as it is."""
    if not isinstance(value, (tuple, list)):
        return value
    days, hour, minute = value
    tz = pytz.timezone(DEMO_TZ)
    day = datetime.now(tz).date() + timedelta(days=days)
    return tz.localize(datetime.combine(day, time(hour, minute))).astimezone(pytz.utc).replace(tzinfo=None)


def demo_actor(records, user):
    """`records` as `user` (a user id), in that user's language; without a
    user, as the suite itself runs a scheduled action (the superuser)."""
    if user:
        records = records.with_user(user)
    return records.with_context(lang=records.env.user.lang)


class AftersalesWriteGuard(models.AbstractModel):
    _inherit = "aftersales.write.guard"

    def _demo_backdate(self, values):
        """Demo data only: writes the moments `values` ({field: moment}) on
        `self`, as the suite, untracked (moving a stamp to the time of the
        story is no change anyone made). A date field takes the day of the
        moment in China."""
        tz = pytz.timezone(DEMO_TZ)
        written = {}
        for name, value in values.items():
            moment = demo_moment(value)
            if self._fields[name].type == "date" and isinstance(moment, datetime):
                moment = pytz.utc.localize(moment).astimezone(tz).date()
            written[name] = moment
        with suite_writes(self.env):
            self.with_context(tracking_disable=True).write(written)


class AftersalesRequest(models.Model):
    _inherit = "aftersales.request"

    def _demo_play(self, steps):
        """Demo data only: runs `steps` on the request `self`, in order. A
        step is ``(step, user id or False, moment or None, *arguments)``:

        - ``received``: the call came in at the moment (its clocks start there);
        - ``reply``, ``assign``, ``done``: the buttons of those names;
        - ``schedule`` [start, end]: the dispatcher books the times (or the
          ones on the request) and schedules;
        - ``check_in`` [latitude, longitude]: the technician arrives;
        - ``sign`` name, file: the customer signs on the technician's phone;
        - ``revisit`` / ``cancel`` / ``reject`` / ``close`` reason: the step
          with its written reason (``close`` without one: signed);
        - ``escalate``: the SLA cron escalates the breached clock;
        - ``escalation_done`` note: the escalation activity is dealt with;
        - ``callback`` values: the agent completes the quality callback the
          done step created.
        """
        self.ensure_one()
        for step, user, moment, *args in steps:
            request = demo_actor(self, user)
            getattr(request, f"_demo_step_{step}")(*args)
            if moment and step in REQUEST_STAMPS:
                self._demo_backdate(dict.fromkeys(REQUEST_STAMPS[step], moment))
            if moment and step == "done":
                self._demo_follow_done_date()
            if moment and step == "callback":
                self.callback_ids.filtered(lambda c: c.purpose == "after_service")._demo_backdate(
                    {"date_done": moment}
                )

    def _demo_step_received(self):
        return True

    def _demo_step_reply(self):
        return self.action_mark_replied()

    def _demo_step_assign(self):
        return self.action_assign()

    def _demo_step_schedule(self, start=None, end=None):
        if start:
            self.write({"planned_start": demo_moment(start), "planned_end": demo_moment(end)})
        return self.action_schedule()

    def _demo_step_check_in(self, latitude=None, longitude=None):
        return self.action_check_in(latitude, longitude)

    def _demo_step_sign(self, name, path):
        with file_open(path, "rb") as image:
            signature = base64.b64encode(image.read())
        return self.write({"signed_by": name, "signature": signature})

    def _demo_step_done(self):
        return self.action_done()

    def _demo_step_revisit(self, reason):
        return self._apply_reason("revisit", reason)

    def _demo_step_cancel(self, reason):
        return self._apply_reason("cancel", reason)

    def _demo_step_reject(self, reason):
        return self._apply_reason("reject", reason)

    def _demo_step_close(self, reason=None):
        return self._apply_reason("close", reason) if reason else self.action_close()

    def _demo_step_escalate(self):
        return self._escalate_sla_breach()

    def _demo_step_escalation_done(self, note):
        escalation = self.env.ref("aftersales_service.mail_activity_sla_escalation")
        return self.activity_ids.filtered(lambda a: a.activity_type_id == escalation).action_feedback(note)

    def _demo_step_callback(self, values):
        callback = self.callback_ids.filtered(lambda c: c.purpose == "after_service" and c.state == "todo")
        callback.write(values)
        callback.action_done()
        return self.activity_feedback(["aftersales_service.mail_activity_quality_callback"])

    def _demo_follow_done_date(self):
        """What the done step derived from its time moves with it: the due
        date of the quality callback and of its activity."""
        due = fields.Date.to_date(self.callback_deadline) if self.callback_deadline else False
        if not due:
            return
        self.callback_ids.filtered(lambda c: c.purpose == "after_service")._demo_backdate({"date_due": due})
        self.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("aftersales_service.mail_activity_quality_callback")
        ).date_deadline = due


class AftersalesComplaint(models.Model):
    _inherit = "aftersales.complaint"

    def _demo_play(self, steps):
        """Demo data only: runs `steps` on the complaint `self`, in order, as
        :meth:`AftersalesRequest._demo_play` does:

        - ``rule`` values: the supervisor rules (legitimacy, reason);
        - ``start``, ``answer``, ``close``, ``cancel``: the buttons of those
          names (an answer schedules its callback that day);
        - ``callback`` values: the agent completes the complaint's callback;
        - ``escalate``: the supervisor's deadline ran out at the moment, and
          the escalation cron moves the complaint on.
        """
        self.ensure_one()
        for step, user, moment, *args in steps:
            complaint = demo_actor(self, user)
            if step == "escalate":
                self._demo_backdate({"escalation_deadline": moment})
                complaint._escalate_overdue()
                continue
            getattr(complaint, f"_demo_step_{step}")(*args)
            if moment and step in COMPLAINT_STAMPS:
                self._demo_backdate(dict.fromkeys(COMPLAINT_STAMPS[step], moment))
            if moment and step == "answer":
                self.callback_ids.filtered(lambda c: c.state == "todo")._demo_backdate({"date_due": moment})
            if moment and step == "callback":
                self.callback_ids.filtered(lambda c: c.state == "done")._demo_backdate({"date_done": moment})

    def _demo_step_rule(self, values):
        return self.write(values)

    def _demo_step_start(self):
        return self.action_start()

    def _demo_step_answer(self):
        return self.action_answer()

    def _demo_step_callback(self, values):
        callback = self.callback_ids.filtered(lambda c: c.state == "todo")
        callback.write(values)
        return callback.action_done()

    def _demo_step_close(self):
        return self.action_close()

    def _demo_step_cancel(self):
        return self.action_cancel()
