import pytz

from odoo import api, fields, models

# China keeps one time, Beijing time; pytz also lists Asia/Urumqi.
CHINA_TZ = "Asia/Shanghai"


class ResPartner(models.Model):
    _inherit = "res.partner"

    aftersales_county_id = fields.Many2one(
        "aftersales.county",
        string="County",
        compute="_compute_aftersales_county_id",
        store=True,
        readonly=False,
        index=True,
        help="Worked out from the address (province, city, street); can be set by hand.",
    )
    aftersales_request_ids = fields.One2many("aftersales.request", "partner_id")
    aftersales_request_count = fields.Integer(compute="_compute_aftersales_request_count")
    aftersales_star_grade = fields.Selection(
        [("1", "1 Star"), ("2", "2 Stars"), ("3", "3 Stars"), ("4", "4 Stars"), ("5", "5 Stars")],
        string="Customer Grade",
        index=True,
        help="Star grade: sets the share of these customers called back every month.",
    )
    aftersales_follow_up = fields.Boolean(
        string="Follow-up Customer",
        index=True,
        help="Called back at most every follow-up interval (48 h by default).",
    )
    aftersales_finance_excluded = fields.Boolean(
        string="Excluded by Finance",
        index=True,
        help="Flagged by finance: left out of the callback quotas.",
    )

    @api.depends("state_id", "city", "street", "street2")
    def _compute_aftersales_county_id(self):
        County = self.env["aftersales.county"]
        for partner in self:
            if not County._address_text(partner):
                continue
            county = County._match_record(partner)
            # An address we cannot read keeps the county chosen by hand.
            if county:
                partner.aftersales_county_id = county

    def _compute_aftersales_request_count(self):
        counts = dict(
            self.env["aftersales.request"]._read_group(
                [("partner_id", "child_of", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.aftersales_request_count = sum(
                count for p, count in counts.items() if p == partner or p.parent_id == partner
            )

    def action_view_aftersales_requests(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("aftersales_service.action_aftersales_request")
        action["domain"] = [("partner_id", "child_of", self.ids)]
        action["context"] = {"default_partner_id": self[:1].id}
        return action

    def action_new_aftersales_request(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "aftersales.request",
            "view_mode": "form",
            "views": [(False, "form")],
            "context": {"default_partner_id": self.id},
        }

    def _aftersales_guess_tz(self):
        """The time zone of a customer who has none: their country's when it
        keeps one time (China's for a Chinese address), else the inviting
        user's, else the one of the company's working hours."""
        self.ensure_one()
        country = self.country_id
        if country.code == "CN":
            return CHINA_TZ
        zones = pytz.country_timezones.get(country.code or "", [])
        if len(zones) == 1:
            return zones[0]
        return self.env.user.tz or self.env.company.resource_calendar_id.tz or False
