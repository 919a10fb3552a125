"""The repair log (修理记录) of a three-guarantee card."""

from odoo import api, fields, models
from odoo.addons.aftersales_service.tools import user_date
from odoo.exceptions import ValidationError

DELAY_CAUSES = [("parts", "Waiting for Parts"), ("repairer", "Repairer's Fault")]


class AftersalesWarrantyRepair(models.Model):
    """One stay in repair. Public data contract: card_id, date_in, date_out,
    parts_wait_days, fixed, component ('unit' / 'main_part' / accessory
    code), delay_cause ('parts' / 'repairer' / False)."""

    _name = "aftersales.warranty.repair"
    _inherit = ["aftersales.write.guard"]
    _description = "Three-Guarantee Repair Event"
    _order = "date_in desc, id desc"
    _check_company_auto = True

    card_id = fields.Many2one(
        "aftersales.warranty.card",
        string="Card",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(related="card_id.company_id", store=True, index=True)
    lot_id = fields.Many2one(related="card_id.lot_id", store=True, index=True, string="Serial Number")
    partner_id = fields.Many2one(related="card_id.partner_id", string="Customer")
    request_id = fields.Many2one(
        "aftersales.request",
        string="Service Request",
        index="btree_not_null",
        check_company=True,
        ondelete="set null",
    )
    date_in = fields.Date(
        string="Date In",
        required=True,
        default=fields.Date.context_today,
        help="Day the unit was handed in (or reported) for repair.",
    )
    date_out = fields.Date(string="Date Out", help="Empty while the repair is open.")
    parts_wait_days = fields.Integer(
        string="Days Waiting for Parts",
        help="Part of the repair span spent waiting for parts (tells the delay causes apart).",
    )
    fixed = fields.Boolean(help="The repair made the unit work again.")
    component = fields.Char(
        required=True,
        default="unit",
        help="unit, main_part or an accessory code of the card's policy.",
    )
    delay_cause = fields.Selection(DELAY_CAUSES, string="Delay Cause")
    days_in_repair = fields.Integer(
        compute="_compute_days_in_repair",
        help="Date out minus date in in calendar days; an open repair counts up to today.",
    )
    note = fields.Text()

    @api.depends("date_in", "date_out")
    def _compute_days_in_repair(self):
        today = fields.Date.context_today(self)
        for event in self:
            end = event.date_out or today
            event.days_in_repair = max((end - event.date_in).days, 0) if event.date_in else 0

    @api.constrains("date_in", "date_out", "parts_wait_days", "card_id")
    def _check_dates(self):
        today = fields.Date.context_today(self)
        for event in self:
            card = event.card_id
            if event.date_in < card.invoice_date:
                raise ValidationError(
                    self.env._(
                        "Repair of card %(card)s: the date in %(date_in)s is before the sale date %(sale)s.",
                        card=card.name,
                        date_in=user_date(self.env, event.date_in),
                        sale=user_date(self.env, card.invoice_date),
                    )
                )
            if event.date_in > today or (event.date_out and event.date_out > today):
                raise ValidationError(
                    self.env._(
                        "Repair of card %(card)s: the repair dates cannot be in the future.",
                        card=card.name,
                    )
                )
            if event.date_out and event.date_out < event.date_in:
                raise ValidationError(
                    self.env._(
                        "Repair of card %(card)s: the date out %(date_out)s is before the date in "
                        "%(date_in)s.",
                        card=card.name,
                        date_out=user_date(self.env, event.date_out),
                        date_in=user_date(self.env, event.date_in),
                    )
                )
            span = ((event.date_out or today) - event.date_in).days
            if event.parts_wait_days < 0 or event.parts_wait_days > span:
                raise ValidationError(
                    self.env._(
                        "Repair of card %(card)s: %(wait)s days waiting for parts do not fit in the "
                        "%(span)s days of the repair.",
                        card=card.name,
                        wait=event.parts_wait_days,
                        span=span,
                    )
                )

    @api.constrains("component", "card_id")
    def _check_component(self):
        for event in self:
            policy = event.card_id.policy_id
            if policy and event.component not in policy._component_codes():
                raise ValidationError(
                    self.env._(
                        "Repair of card %(card)s: unknown component %(component)s; expected one of "
                        "%(known)s.",
                        card=event.card_id.name,
                        component=event.component,
                        known=[
                            event.card_id._portal_component_label(code) for code in policy._component_codes()
                        ],
                    )
                )
