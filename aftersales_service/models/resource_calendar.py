from datetime import timedelta

import pytz

from odoo import api, models

from ..engine import worktime


def _naive_utc(moment):
    """Naive UTC of an aware datetime; a day that Odoo ends at 23:59:59.999999
    ends at midnight, so that consecutive days touch exactly."""
    moment = moment.astimezone(pytz.utc).replace(tzinfo=None)
    if moment.microsecond == 999999:
        moment += timedelta(microseconds=1)
    return moment


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    def _aftersales_work_intervals(self, start, end, resources=None):
        """The one source of working time of the suite: Odoo's own calendar
        computation (attendances without the lunch break, in the resource's or
        else the calendar's time zone, minus public holidays and leave)
        between two naive UTC datetimes, as merged naive UTC pairs for the
        engines. Returns ``{resource id: intervals}`` for each of `resources`,
        and for ``False`` (the calendar itself, no personal leave). One batch
        call, whatever the number of resources."""
        self.ensure_one()
        resources = resources or self.env["resource.resource"]
        intervals = self._work_intervals_batch(
            pytz.utc.localize(start), pytz.utc.localize(end), resources=resources
        )
        return {
            resource_id: worktime.merge_intervals(
                (_naive_utc(begin), _naive_utc(stop)) for begin, stop, _record in found
            )
            for resource_id, found in intervals.items()
        }

    @api.model
    def _aftersales_working_times(self, calendar_ids, date_from, date_to):
        """Working time of each calendar from `date_from` to `date_to` (naive
        UTC) as plain data for the SLA engine: ``{calendar id: WorkingTime}``."""
        return {
            calendar.id: worktime.WorkingTime(
                tz=calendar.tz,
                intervals=tuple(calendar._aftersales_work_intervals(date_from, date_to)[False]),
                until=date_to,
            )
            for calendar in self.browse(calendar_ids)
        }
