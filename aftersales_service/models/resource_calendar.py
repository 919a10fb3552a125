from datetime import timedelta

from odoo import api, models

from ..engine.sla import WorkingCalendar


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    @api.model
    def _aftersales_working_calendars(self, calendar_ids, date_from, horizon_days=400):
        """Plain-data copies of calendars for the SLA engine: weekly
        attendances and company-wide closures from `date_from` on. Two
        queries whatever the number of calendars."""
        calendars = self.browse(calendar_ids)
        attendances = {cid: [] for cid in calendar_ids}
        for att in self.env["resource.calendar.attendance"].search_fetch(
            [
                ("calendar_id", "in", calendar_ids),
                ("display_type", "=", False),
                ("day_period", "!=", "lunch"),
            ],
            ["calendar_id", "dayofweek", "hour_from", "hour_to"],
        ):
            attendances[att.calendar_id.id].append(
                (int(att.dayofweek), att.hour_from, att.hour_to)
            )
        leaves = {cid: [] for cid in calendar_ids}
        for leave in self.env["resource.calendar.leaves"].search_fetch(
            [
                ("calendar_id", "in", calendar_ids),
                ("resource_id", "=", False),
                ("date_to", ">=", date_from),
                ("date_from", "<=", date_from + timedelta(days=horizon_days)),
            ],
            ["calendar_id", "date_from", "date_to"],
        ):
            leaves[leave.calendar_id.id].append((leave.date_from, leave.date_to))
        return {
            calendar.id: WorkingCalendar(
                tz=calendar.tz or "Asia/Shanghai",
                attendances=tuple(sorted(attendances[calendar.id])),
                leaves=tuple(sorted(leaves[calendar.id])),
            )
            for calendar in calendars
        }
