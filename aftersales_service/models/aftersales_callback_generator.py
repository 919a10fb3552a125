"""The daily callback generator: loads the customers, sales and services
each rule needs in a few set-based queries, asks engine/callbacks.py which
calls are due, creates the missing ones and deals them to the agents."""

from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models

from ..engine import callbacks as rules

AGENT_GROUP = "aftersales_service.group_aftersales_agent"


class AftersalesCallbackGenerator(models.Model):
    _inherit = "aftersales.callback"

    @api.model
    def _cron_generate_callbacks(self):
        for company in self.env["res.company"].search([]):
            created = self.with_company(company)._generate_callbacks(company)
            self.env["ir.cron"]._commit_progress(len(created))

    @api.model
    def _generate_callbacks(self, company, now=None):
        """Creates the callbacks due for `company` at `now` and assigns the
        unassigned ones due by today. Running it twice creates nothing new."""
        now = now or fields.Datetime.now()
        today = fields.Date.context_today(self, now)
        vals_list = self._after_service_vals(self._recent_done_requests(company, now, 0), company)
        vals_list += self._cadence_vals(company, now, today)
        last_contacts = self._last_contacts()  # loaded once for the two rules that need it
        vals_list += self._followup_vals(company, now, last_contacts)
        vals_list += self._coverage_vals(company, today, last_contacts)
        vals_list += self._new_customer_vals(company, now, today)
        created = self._create_missing(vals_list)
        self._assign_to_agents(company, today)
        return created

    # ------------------------------------------------------------------ helpers
    @api.model
    def _rule_vals(self, company, partner_id, purpose, key, due, **extra):
        return {
            "company_id": company.id,
            "partner_id": partner_id,
            "purpose": purpose,
            "window_key": key,
            "date_due": due,
            **extra,
        }

    @api.model
    def _quota_partner_domain(self, company):
        """Customers the proactive rules may call: not excluded by finance."""
        return [
            ("aftersales_finance_excluded", "=", False),
            ("company_id", "in", [company.id, False]),
        ]

    @api.model
    def _excluded_partner_ids(self, partner_ids):
        if not partner_ids:
            return set()
        return set(
            self.env["res.partner"]
            .with_context(active_test=False)
            ._search([("id", "in", list(partner_ids)), ("aftersales_finance_excluded", "=", True)])
        )

    @api.model
    def _last_contacts(self):
        """{partner_id: last done callback} over all customers, one query."""
        return {
            partner.id: last
            for partner, last in self.sudo()._read_group(
                [("state", "=", "done")], ["partner_id"], ["date_done:max"]
            )
        }

    # ------------------------------------------------------------------ rules
    @api.model
    def _recent_done_requests(self, company, now, extra_days):
        grace = company.aftersales_callback_grace_days
        return (
            self.env["aftersales.request"]
            .sudo()
            .search_fetch(
                [
                    ("company_id", "=", company.id),
                    ("state", "in", ("done", "closed")),
                    ("partner_id", "!=", False),
                    ("done_date", ">=", now - timedelta(days=grace + extra_days)),
                ],
                ["partner_id", "done_date", "callback_deadline", "user_id"],
            )
        )

    @api.model
    def _after_service_vals(self, requests, company):
        days = company.aftersales_callback_after_done_days
        return [
            self._rule_vals(
                company,
                request.partner_id.id,
                "after_service",
                rules.request_key(request.id),
                fields.Date.to_date(
                    request.callback_deadline or rules.after_done_due(request.done_date, days)
                ),
                request_id=request.id,
                user_id=request.user_id.id,
            )
            for request in requests
            if request.done_date
        ]

    @api.model
    def _cadence_vals(self, company, now, today):
        cadence = rules.parse_cadence(company.aftersales_callback_cadence)
        if not cadence:
            return []
        grace = company.aftersales_callback_grace_days
        oldest = today - timedelta(days=cadence[-1] + grace)
        invoices = (
            self.env["account.move"]
            .sudo()
            .search_fetch(
                [
                    ("company_id", "=", company.id),
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("invoice_date", ">=", oldest),
                    ("invoice_date", "<=", today),
                ],
                ["commercial_partner_id", "invoice_date"],
            )
        )
        anchors = [
            (
                inv.commercial_partner_id.id,
                inv.invoice_date,
                (),
                lambda day, inv=inv: rules.invoice_key(inv.id, day),
                {},
            )
            for inv in invoices
        ]
        after_done = (company.aftersales_callback_after_done_days,)
        anchors += [
            (
                req.partner_id.id,
                fields.Date.context_today(self, req.done_date),
                after_done,
                lambda day, req=req: rules.request_key(req.id, day),
                {"request_id": req.id},
            )
            for req in self._recent_done_requests(company, now, cadence[-1])
        ]
        excluded = self._excluded_partner_ids({anchor[0] for anchor in anchors})
        return [
            self._rule_vals(company, partner_id, "sale_cadence", key_of(day), due, cadence_day=day, **extra)
            for partner_id, anchor, skip, key_of, extra in anchors
            if partner_id not in excluded
            for day, due in rules.due_cadence_steps(anchor, cadence, today, grace, skip)
        ]

    @api.model
    def _followup_vals(self, company, now, last_contacts):
        partners = (
            self.env["res.partner"]
            .sudo()
            .search_fetch(
                [("aftersales_follow_up", "=", True), *self._quota_partner_domain(company)], ["create_date"]
            )
        )
        waiting = {
            partner.id
            for [partner] in self.sudo()._read_group(
                [("purpose", "=", "follow_up"), ("state", "=", "todo"), ("partner_id", "in", partners.ids)],
                ["partner_id"],
            )
        }
        vals_list = []
        for partner in partners:
            if partner.id in waiting:
                continue
            last = last_contacts.get(partner.id) or partner.create_date
            due = rules.followup_due(last, company.aftersales_followup_max_hours, now)
            if due:
                vals_list.append(
                    self._rule_vals(
                        company,
                        partner.id,
                        "follow_up",
                        rules.followup_key(due),
                        fields.Date.context_today(self, due),
                    )
                )
        return vals_list

    @api.model
    def _coverage_vals(self, company, today, last_contacts):
        month = rules.month_key(today)
        targets = {"5": company.aftersales_callback_coverage_5, "4": company.aftersales_callback_coverage_4}
        partners = (
            self.env["res.partner"]
            .sudo()
            .search_fetch(
                [("aftersales_star_grade", "in", list(targets)), *self._quota_partner_domain(company)],
                ["aftersales_star_grade"],
            )
        )
        this_month = self.sudo().search_fetch(
            [
                ("purpose", "=", "grade_coverage"),
                ("window_key", "=", month),
                ("partner_id", "in", partners.ids),
            ],
            ["partner_id", "state"],
        )
        called = {c.partner_id.id for c in this_month if c.state != "cancelled"}
        blocked = {c.partner_id.id for c in this_month if c.state == "cancelled"}
        by_grade = defaultdict(list)
        for partner in partners:
            if partner.id not in blocked:
                by_grade[partner.aftersales_star_grade].append((partner.id, last_contacts.get(partner.id)))
        vals_list = []
        for grade, percent in targets.items():
            grade_size = sum(1 for p in partners if p.aftersales_star_grade == grade)
            quota = rules.coverage_quota(grade_size, percent)
            vals_list += [
                self._rule_vals(company, partner_id, "grade_coverage", month, today)
                for partner_id in rules.pick_for_coverage(by_grade[grade], called, quota)
            ]
        return vals_list

    @api.model
    def _new_customer_vals(self, company, now, today):
        days = company.aftersales_callback_new_customer_days
        partners = (
            self.env["res.partner"]
            .sudo()
            .search_fetch(
                [
                    ("create_date", ">=", now - timedelta(days=days + 1)),
                    ("parent_id", "=", False),
                    *self._quota_partner_domain(company),
                    "|",
                    ("customer_rank", ">", 0),
                    ("aftersales_star_grade", "!=", False),
                ],
                ["create_date"],
            )
        )
        vals_list = []
        for partner in partners:
            due = rules.new_customer_due(fields.Date.context_today(self, partner.create_date), days, today)
            if due:
                vals_list.append(self._rule_vals(company, partner.id, "new_customer", "new", due))
        return vals_list

    # ------------------------------------------------------------------ agents
    @api.model
    def _callback_agents(self, company):
        return (
            self.env.ref(AGENT_GROUP)
            .sudo()
            .user_ids.filtered(lambda u: u.active and not u.share and company in u.company_ids)
            .sorted("id")
        )

    @api.model
    def _assign_to_agents(self, company, today):
        """Deals the unassigned callbacks due by `today` round-robin to the
        agents, each up to the daily target minus the calls they already have."""
        agents = self._callback_agents(company)
        if not agents:
            return {}
        load = dict(
            self.sudo()._read_group(
                [
                    ("company_id", "=", company.id),
                    ("state", "=", "todo"),
                    ("user_id", "in", agents.ids),
                    ("date_due", "<=", today),
                ],
                ["user_id"],
                ["__count"],
            )
        )
        target = company.aftersales_callback_daily_target
        unassigned = self.sudo().search(
            [
                ("company_id", "=", company.id),
                ("state", "=", "todo"),
                ("user_id", "=", False),
                ("date_due", "<=", today),
            ],
            order="date_due, id",
        )
        dealt = rules.deal_round_robin(
            unassigned.ids, [(agent.id, target - load.get(agent, 0)) for agent in agents]
        )
        by_agent = defaultdict(list)
        for callback_id, agent_id in dealt.items():
            by_agent[agent_id].append(callback_id)
        for agent_id, callback_ids in by_agent.items():
            self.sudo().browse(callback_ids).write({"user_id": agent_id})
        return dealt
