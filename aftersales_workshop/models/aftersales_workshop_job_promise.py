"""The promised completion time of a workshop job (预计交车时间) and late
delivery.

The advisor sets the first promise at the estimate. From then on it is a
system figure: it changes only through *Agree a New Time*, which records
the change with the customer told (aftersales_workshop_promise.py). A
cron warns the advisor, a number of hours set in the settings before the
promise passes, on every job that is not ready yet. The KPIs compare the
handover with the first promise."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.addons.aftersales_service.models.aftersales_write_guard import suite_writes, user_roles
from odoo.addons.aftersales_service.tools import user_datetime
from odoo.exceptions import UserError

# A job in these states is not ready: its promise may still be missed.
NOT_READY = ("reception", "estimate", "consent", "in_work", "qc")
WARNING_ACTIVITY = "aftersales_workshop.mail_activity_promise_warning"


class AftersalesWorkshopJobPromise(models.Model):
    _inherit = "aftersales.workshop.job"
    _field_roles = {"promised_date": ("advisor",)}

    promised_date = fields.Datetime(
        string="Promised Completion",
        tracking=True,
        copy=False,
        index=True,
        help="The completion time promised to the customer. Once set, it changes only through "
        "Agree a New Time, which keeps both promises.",
    )
    promise_locked = fields.Boolean(compute="_compute_promise_locked")
    first_promised_date = fields.Datetime(
        string="First Promise", compute="_compute_first_promised_date", store=True, copy=False
    )
    promise_ids = fields.One2many("aftersales.workshop.promise", "job_id", string="Promise History")
    promise_count = fields.Integer(
        string="Promises Changed", compute="_compute_first_promised_date", store=True
    )
    promise_warned = fields.Boolean(
        readonly=True, copy=False, help="The advisor was warned that the current promise is close."
    )
    delivered_on_time = fields.Boolean(
        string="On Time (First Promise)",
        compute="_compute_delivered_on_time",
        store=True,
        help="Handed over no later than the first promised time.",
    )
    is_late = fields.Boolean(
        string="Late",
        compute="_compute_is_late",
        search="_search_is_late",
        help="Not ready, and the promised time has passed.",
    )

    @api.depends("promised_date")
    def _compute_promise_locked(self):
        for job in self:
            job.promise_locked = bool(job._origin.promised_date)

    @api.depends("promised_date", "promise_ids.old_date")
    def _compute_first_promised_date(self):
        for job in self:
            first = job.promise_ids.sorted("id")[:1]
            job.first_promised_date = first.old_date if first else job.promised_date
            job.promise_count = len(job.promise_ids)

    @api.depends("delivered_date", "first_promised_date")
    def _compute_delivered_on_time(self):
        for job in self:
            job.delivered_on_time = bool(
                job.delivered_date
                and job.first_promised_date
                and job.delivered_date <= job.first_promised_date
            )

    @api.depends("state", "promised_date")
    def _compute_is_late(self):
        now = fields.Datetime.now()
        for job in self:
            job.is_late = bool(job.state in NOT_READY and job.promised_date and job.promised_date < now)

    def _search_is_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        late = [("state", "in", NOT_READY), ("promised_date", "<", fields.Datetime.now())]
        return late if (operator == "=") == value else ["!", "&", *late]

    # ------------------------------------------------------------------ the promise moves only by its step

    def _check_client_values(self, vals, creating=False):
        if not creating and "promised_date" in vals:
            promised = self.filtered("promised_date")
            if promised and not self._unchanged("promised_date", vals["promised_date"], False):
                raise UserError(
                    self.env._(
                        "The completion time of %(jobs)s is promised to the customer: change it with "
                        "Agree a New Time, which keeps both promises and when the customer was told.",
                        jobs=", ".join(promised.mapped("name")),
                    )
                )
        return super()._check_client_values(vals, creating=creating)

    def _agree_new_promise(self, new_date, reason, told_by, channel):
        """The step of *Agree a New Time*: records the change with the
        customer told, and moves the promise."""
        self.ensure_one()
        self._check_can_agree_promise(new_date, reason)
        self._lock_rows()
        now = fields.Datetime.now()
        old = self.promised_date
        with suite_writes(self.env):
            self.env["aftersales.workshop.promise"].create(
                {
                    "job_id": self.id,
                    "old_date": old,
                    "new_date": new_date,
                    "reason": reason.strip(),
                    "told_by_id": told_by.id,
                    "told_on": now,
                    "channel": channel,
                    "told_in_time": now < old,
                    "user_id": self.env.uid,
                }
            )
            self.write({"promised_date": new_date, "promise_warned": False})
        self.activity_feedback(
            [WARNING_ACTIVITY], feedback=self.env._("A new completion time was agreed with the customer.")
        )
        self.message_post(
            body=self.env._(
                "New completion time agreed with the customer: %(new)s (was %(old)s), told by %(user)s. "
                "Reason: %(reason)s",
                new=user_datetime(self.env, new_date),
                old=user_datetime(self.env, old),
                user=told_by.name,
                reason=reason.strip(),
            )
        )
        return True

    def _check_can_agree_promise(self, new_date, reason):
        if "advisor" not in user_roles(self.env):
            raise UserError(
                self.env._("Only a service advisor agrees a new completion time with the customer.")
            )
        if self.state in ("delivered", "cancelled"):
            raise UserError(
                self.env._(
                    "%(job)s is %(state)s: there is no completion time left to agree.",
                    job=self.name,
                    state=self._state_labels()[self.state],
                )
            )
        if not self.promised_date:
            raise UserError(
                self.env._(
                    "%(job)s has no promised completion yet: set the first promise on the job.", job=self.name
                )
            )
        if not (reason or "").strip():
            raise UserError(
                self.env._("Give the reason why the promised time of %(job)s moves.", job=self.name)
            )
        if not new_date or new_date <= fields.Datetime.now():
            raise UserError(
                self.env._(
                    "%(job)s: the new completion time (%(new)s) must be in the future.",
                    job=self.name,
                    new=user_datetime(self.env, new_date) or "-",
                )
            )
        if new_date == self.promised_date:
            raise UserError(
                self.env._("%(job)s: the new completion time is the one already promised.", job=self.name)
            )

    # ------------------------------------------------------------------ warning before the promise passes

    @api.model
    def _cron_warn_promises(self):
        jobs = self._promises_to_warn()
        jobs._warn_promise()
        self.env["ir.cron"]._commit_progress(len(jobs))

    @api.model
    def _promises_to_warn(self):
        """Jobs not ready whose promise passes within their company's
        warning hours (or has passed), not warned yet for that promise."""
        now = fields.Datetime.now()
        jobs = self.browse()
        for company in self.env["res.company"].sudo().search([]):
            horizon = now + timedelta(hours=company.aftersales_promise_warning_hours)
            jobs |= self.sudo().search(
                [
                    ("company_id", "=", company.id),
                    ("state", "in", NOT_READY),
                    ("promise_warned", "=", False),
                    ("promised_date", "!=", False),
                    ("promised_date", "<=", horizon),
                ]
            )
        return jobs

    def _warn_promise(self):
        if not self:
            return
        activity_type = self.env.ref(WARNING_ACTIVITY)
        model_id = self.env["ir.model"]._get_id(self._name)
        self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": job.id,
                    "activity_type_id": activity_type.id,
                    "automated": True,
                    "user_id": (job.advisor_id or job.create_uid).id,
                    "date_deadline": fields.Date.context_today(job, job.promised_date),
                    "summary": job._promise_warning_text(),
                }
                for job in self
            ]
        )
        with suite_writes(self.env):
            self.write({"promise_warned": True})

    def _promise_warning_text(self):
        self.ensure_one()
        user = self.advisor_id or self.create_uid
        env = self.with_context(lang=user.lang, tz=user.tz).env
        return env._(
            "%(job)s is promised for %(time)s and is not ready: tell the customer before then and agree a new time.",
            job=self.name,
            time=user_datetime(env, self.promised_date),
        )
