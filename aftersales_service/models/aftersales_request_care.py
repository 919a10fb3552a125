"""Complaints and callbacks of a service request, and the quality callback
created when the request is done."""

from odoo import api, fields, models


class AftersalesRequestCare(models.Model):
    _inherit = "aftersales.request"

    complaint_ids = fields.One2many("aftersales.complaint", "request_id", string="Complaints")
    complaint_count = fields.Integer(compute="_compute_care_counts")
    callback_ids = fields.One2many("aftersales.callback", "request_id", string="Callbacks")
    callback_count = fields.Integer(compute="_compute_care_counts")

    @api.depends("complaint_ids", "callback_ids")
    def _compute_care_counts(self):
        counts = {
            model: dict(
                self.env[model]._read_group([("request_id", "in", self.ids)], ["request_id"], ["__count"])
            )
            for model in ("aftersales.complaint", "aftersales.callback")
        }
        for request in self:
            request.complaint_count = counts["aftersales.complaint"].get(request, 0)
            request.callback_count = counts["aftersales.callback"].get(request, 0)

    def _create_quality_callbacks(self):
        """The after-service callback of each done request (once per request)."""
        Callback = self.env["aftersales.callback"].sudo()
        vals_list = []
        for company, requests in (
            self.filtered(lambda r: r.partner_id and r.done_date).grouped("company_id").items()
        ):
            vals_list += Callback._after_service_vals(requests, company)
        return Callback._create_missing(vals_list)

    def _on_transition(self, action, previous):
        result = super()._on_transition(action, previous)
        if action == "done":
            self._schedule_quality_callback()
        return result

    def _schedule_quality_callback(self):
        self._create_quality_callbacks()
        activity_type = self.env.ref(
            "aftersales_service.mail_activity_quality_callback", raise_if_not_found=False
        )
        if not activity_type:
            return
        for request in self.filtered("callback_deadline"):
            request.activity_schedule(
                activity_type_id=activity_type.id,
                date_deadline=fields.Date.to_date(request.callback_deadline),
                user_id=(request.user_id or self.env.user).id,
                summary=self.env._("Quality callback for %(name)s", name=request.name),
            )
