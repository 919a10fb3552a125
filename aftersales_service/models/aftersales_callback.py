"""Callback (回访): one call to a customer, its outcome, and the requests or
complaints it opens. The rules that generate callbacks are in
aftersales_callback_generator.py and engine/callbacks.py."""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import user_date
from .aftersales_write_guard import suite_writes

CALLBACK_PURPOSES = [
    ("after_service", "After Service"),
    ("sale_cadence", "Sale / Service Cadence"),
    ("follow_up", "Follow-up Customer"),
    ("grade_coverage", "Star-Grade Coverage"),
    ("new_customer", "New Customer"),
    ("complaint", "Complaint"),
]
CALLBACK_STATES = [("todo", "To Do"), ("done", "Done"), ("cancelled", "Cancelled")]
# action -> (states it starts from, state it ends in)
TRANSITIONS = {
    "done": (("todo",), "done"),
    "cancel": (("todo",), "cancelled"),
    "reset": (("done", "cancelled"), "todo"),
}
SATISFIED_FROM = 4  # satisfaction score from which a customer counts as satisfied


class AftersalesCallback(models.Model):
    _name = "aftersales.callback"
    # Calling customers back is the agents' work (not a depot keeper's).
    _field_roles = dict.fromkeys(
        (
            "partner_id",
            "request_id",
            "complaint_id",
            "user_id",
            "purpose",
            "cadence_day",
            "date_due",
            "person_reached",
            "satisfaction",
            "satisfied",
            "content",
            "issue_found",
            "followup_request_id",
        ),
        ("agent",),
    )
    _description = "Customer Callback"
    _inherit = ["aftersales.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _transitions = TRANSITIONS
    _order = "state desc, date_due, id"
    _check_company_auto = True
    _rec_names_search = ["partner_id", "window_key"]

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, check_company=True
    )
    phone = fields.Char(related="partner_id.phone")
    request_id = fields.Many2one("aftersales.request", index=True, check_company=True)
    complaint_id = fields.Many2one("aftersales.complaint", index=True, check_company=True)
    user_id = fields.Many2one("res.users", string="Agent", index=True, tracking=True)
    purpose = fields.Selection(CALLBACK_PURPOSES, required=True, default="follow_up", index=True)
    cadence_day = fields.Integer(help="Day of the cadence (1, 3, 10, 30 ...) this call belongs to.")
    window_key = fields.Char(
        index=True,
        copy=False,
        readonly=True,
        help="Window of the duplicate guard: one callback per customer, purpose and window.",
    )
    date_due = fields.Date(string="Due", required=True, index=True, default=fields.Date.context_today)
    date_done = fields.Datetime(string="Done On", readonly=True, copy=False, index=True, tracking=True)
    state = fields.Selection(
        CALLBACK_STATES,
        default="todo",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    person_reached = fields.Char()
    satisfaction = fields.Integer(help="1 (very unhappy) to 5 (very happy).", tracking=True)
    satisfied = fields.Boolean(
        compute="_compute_satisfied",
        store=True,
        readonly=False,
        help="Ticked from a satisfaction of 4 or 5; can be changed by hand.",
        tracking=True,
    )
    content = fields.Text()
    issue_found = fields.Text()
    followup_request_id = fields.Many2one(
        "aftersales.request", string="Request Opened", readonly=True, copy=False
    )
    raised_complaint_ids = fields.One2many("aftersales.complaint", "origin_callback_id")

    _unique_window = models.Constraint(
        "UNIQUE(partner_id, purpose, window_key)",
        "This customer already has a callback for this purpose in this window.",
    )

    @api.depends("satisfaction")
    def _compute_satisfied(self):
        for callback in self:
            if callback.satisfaction:
                callback.satisfied = callback.satisfaction >= SATISFIED_FROM

    @api.depends("partner_id", "purpose", "date_due")
    @api.depends_context("lang")
    def _compute_display_name(self):
        purposes = dict(self._fields["purpose"]._description_selection(self.env))
        for callback in self:
            callback.display_name = " - ".join(
                part
                for part in (
                    callback.partner_id.name,
                    purposes.get(callback.purpose),
                    user_date(self.env, callback.date_due),
                )
                if part
            )

    @api.constrains("satisfaction")
    def _check_satisfaction(self):
        for callback in self:
            if callback.satisfaction and not 1 <= callback.satisfaction <= 5:
                raise ValidationError(
                    self.env._(
                        "Callback to %(partner)s: satisfaction is scored from 1 to 5, not %(score)s.",
                        partner=callback.partner_id.name,
                        score=callback.satisfaction,
                    )
                )

    # ------------------------------------------------------------------ creation
    @api.model
    def _create_missing(self, vals_list):
        """Creates the callbacks of `vals_list` whose (partner, purpose,
        window_key) does not exist yet -- the duplicate guard of every rule.
        One query for the existing keys, one batch create."""
        keys = {v["window_key"] for v in vals_list if v.get("window_key")}
        existing = set()
        if keys:
            existing = {
                (c.partner_id.id, c.purpose, c.window_key)
                for c in self.sudo()
                .with_context(active_test=False)
                .search_fetch([("window_key", "in", list(keys))], ["partner_id", "purpose", "window_key"])
            }
        new_vals, seen = [], set()
        for vals in vals_list:
            key = (vals["partner_id"], vals["purpose"], vals.get("window_key"))
            if vals.get("window_key") and (key in existing or key in seen):
                continue
            seen.add(key)
            new_vals.append(vals)
        with suite_writes(self.env):
            return self.create(new_vals)

    # ------------------------------------------------------------------ workflow
    @api.model
    def _transition_labels(self):
        return {
            "done": self.env._("mark done"),
            "cancel": self.env._("cancel"),
            "reset": self.env._("reset"),
        }

    def _workflow_record_names(self):
        return self.env._("callback %(names)s", names=", ".join(self.mapped("display_name")))

    def action_done(self):
        unreached = self.filtered(lambda c: not (c.person_reached or "").strip())
        if unreached:
            raise UserError(
                self.env._(
                    "Callback %(names)s: record the person reached before marking it done.",
                    names=", ".join(unreached.mapped("display_name")),
                )
            )
        self._move_to("done", {"date_done": fields.Datetime.now()})
        for callback in self.filtered(lambda c: c.complaint_id):
            callback.complaint_id.message_post(body=callback._outcome_note())
        return True

    def _outcome_note(self):
        self.ensure_one()
        if self.satisfied:
            return self.env._(
                "Callback by %(agent)s: %(person)s is satisfied (%(score)s/5).",
                agent=self.env.user.name,
                person=self.person_reached,
                score=self.satisfaction or "-",
            )
        return self.env._(
            "Callback by %(agent)s: %(person)s is NOT satisfied (%(score)s/5).",
            agent=self.env.user.name,
            person=self.person_reached,
            score=self.satisfaction or "-",
        )

    def action_cancel(self):
        return self._move_to("cancel")

    def action_reset(self):
        return self._move_to("reset", {"date_done": False})

    def _check_issue_found(self):
        self.ensure_one()
        if not (self.issue_found or "").strip():
            raise UserError(self.env._("Describe the issue found during the callback first."))

    def action_open_request(self):
        """Opens a service request from the issue found, in one click."""
        self.ensure_one()
        self._check_issue_found()
        if self.followup_request_id:
            return self.followup_request_id._get_form_action()
        phone = self.partner_id.phone or (self.request_id.contact_phone if self.request_id else False)
        if not phone:
            raise UserError(
                self.env._(
                    "%(partner)s has no phone number: add one to the customer before opening a request.",
                    partner=self.partner_id.name,
                )
            )
        request = self.env["aftersales.request"].create(
            {
                "partner_id": self.partner_id.id,
                "company_id": self.company_id.id,
                "contact_name": self.person_reached or self.partner_id.name,
                "contact_phone": phone,
                "fault_description": self.issue_found,
                "channel": "callback",
                "parent_id": self.request_id.id,
                "product_id": self.request_id.product_id.id,
                "lot_id": self.request_id.lot_id.id,
            }
        )
        with suite_writes(self.env):
            self.followup_request_id = request
        return request._get_form_action()

    def action_open_complaint(self):
        """Opens a complaint form prefilled from the issue found; the agent
        adds the promised date and saves."""
        self.ensure_one()
        self._check_issue_found()
        return {
            "type": "ir.actions.act_window",
            "res_model": "aftersales.complaint",
            "view_mode": "form",
            "views": [(False, "form")],
            "context": {
                "default_partner_id": self.partner_id.id,
                "default_request_id": self.request_id.id,
                "default_company_id": self.company_id.id,
                "default_origin_callback_id": self.id,
                "default_customer_words": self.issue_found,
            },
        }
