"""Three-guarantee policy (三包规定) of a product category or product."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine import entitlement as ent

# The policy's fields the entitlement engine's Policy takes, besides the
# accessories' periods.
ENGINE_FIELDS = (
    "refund_days",
    "exchange_days",
    "warranty_months",
    "main_part_months",
    "max_repairs",
    "parts_wait_days",
    "repairer_delay_days",
    "daily_depreciation_rate",
    "count_sale_day",
)


class AftersalesWarrantyPolicy(models.Model):
    """Periods, counts and the depreciation rate of the three guarantees.

    Public data contract: name, refund_days, exchange_days, warranty_months,
    main_part_months, max_repairs, parts_wait_days, repairer_delay_days,
    daily_depreciation_rate (percent per day) and count_sale_day.
    """

    _name = "aftersales.warranty.policy"
    _description = "Three-Guarantee Policy"
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Empty: the policy is shared by every company."
    )
    refund_days = fields.Integer(
        string="Refund Window (days)",
        default=7,
        required=True,
        help="A performance fault within this many days of the sale: refund, exchange or repair.",
    )
    exchange_days = fields.Integer(
        string="Exchange Window (days)",
        default=15,
        required=True,
        help="A performance fault within this many days of the sale: exchange or repair.",
    )
    warranty_months = fields.Integer(
        string="Unit Period (months)",
        default=12,
        required=True,
        help="Free repair of the whole unit during this period.",
    )
    main_part_months = fields.Integer(
        string="Main Part Period (months)",
        help="Free repair of the main parts; 0 means the unit period applies.",
    )
    max_repairs = fields.Integer(
        string="Repairs Before Exchange",
        default=2,
        required=True,
        help="Repaired this many times within the period and still faulty: free exchange.",
    )
    parts_wait_days = fields.Integer(
        string="Parts-Waiting Limit (days)",
        default=90,
        required=True,
        help="Unrepaired for lack of parts after this many days: free exchange.",
    )
    repairer_delay_days = fields.Integer(
        string="Repairer-Delay Limit (days)",
        default=30,
        required=True,
        help="Repair longer than this through the repairer's own fault: free exchange.",
    )
    daily_depreciation_rate = fields.Float(
        string="Daily Depreciation (%/day)",
        digits=(6, 4),
        help="Percent of the price deducted per day used on a refund, e.g. 0.1.",
    )
    count_sale_day = fields.Boolean(
        string="Sale Day Is Day 1",
        help="Unticked (default): counting starts the day after the sale (Civil Code art. 201).",
    )
    product_categ_ids = fields.Many2many(
        "product.category",
        string="Product Categories",
        help="Products of these categories (and their sub-categories) follow this policy.",
    )
    product_ids = fields.Many2many(
        "product.product",
        "aftersales_warranty_policy_product_rel",
        "policy_id",
        "product_id",
        string="Products",
        help="Products that follow this policy whatever their category.",
    )
    main_part_product_ids = fields.Many2many(
        "product.product",
        "aftersales_warranty_policy_main_part_rel",
        "policy_id",
        "product_id",
        string="Main Parts",
        help="Spare parts that are main parts (主要部件) under this policy.",
    )
    accessory_ids = fields.One2many("aftersales.warranty.policy.accessory", "policy_id", string="Accessories")
    card_count = fields.Integer(compute="_compute_card_count")
    note = fields.Text(help="Source of the figures (regulation, annex, manufacturer terms).")

    _figures_positive = models.Constraint(
        "CHECK(refund_days >= 0 AND exchange_days >= 0 AND warranty_months >= 0 AND "
        "main_part_months >= 0 AND max_repairs >= 0 AND parts_wait_days >= 0 AND "
        "repairer_delay_days >= 0 AND daily_depreciation_rate >= 0)",
        "The periods, counts and the depreciation rate of a policy cannot be negative.",
    )

    @api.constrains("refund_days", "exchange_days", "daily_depreciation_rate")
    def _check_windows(self):
        for policy in self:
            if policy.refund_days > policy.exchange_days:
                raise ValidationError(
                    self.env._(
                        "Policy %(policy)s: the refund window (%(refund)s days) cannot be longer "
                        "than the exchange window (%(exchange)s days).",
                        policy=policy.name,
                        refund=policy.refund_days,
                        exchange=policy.exchange_days,
                    )
                )
            if policy.daily_depreciation_rate > 100:
                raise ValidationError(
                    self.env._(
                        "Policy %(policy)s: the daily depreciation is a percentage per day "
                        "(0.1 means 0.1 %%/day); %(rate)s is too high.",
                        policy=policy.name,
                        rate=policy.daily_depreciation_rate,
                    )
                )

    def _compute_card_count(self):
        counts = dict(
            self.env["aftersales.warranty.card"]._read_group(
                [("policy_id", "in", self.ids)], ["policy_id"], ["__count"]
            )
        )
        for policy in self:
            policy.card_count = counts.get(policy, 0)

    def _engine_policies(self):
        """The one conversion of policies into the entitlement engine's plain
        data: ``{policy id: ent.Policy}``. One query for the accessories of
        all the policies, besides reading the policies' fields."""
        months = {}
        for accessory in self.env["aftersales.warranty.policy.accessory"].search_fetch(
            [("policy_id", "in", self.ids)], ["policy_id", "code", "months"]
        ):
            months.setdefault(accessory.policy_id.id, {})[accessory.code] = accessory.months
        return {
            policy.id: ent.Policy(
                **{fname: policy[fname] for fname in ENGINE_FIELDS},
                accessory_months=months.get(policy.id, {}),
            )
            for policy in self
        }

    def _component_codes(self):
        self.ensure_one()
        return [ent.UNIT, ent.MAIN_PART, *self.accessory_ids.mapped("code")]

    @api.model
    def _for_products(self, products, company=None):
        """Policy of each product: ``{product.id: policy}`` (missing = none).

        A policy naming the product wins, then the nearest category up the
        tree; a company's own policy wins over a shared one. Two queries
        whatever the number of products.
        """
        company = company or self.env.company
        policies = self.search_fetch(
            [("company_id", "in", [company.id, False])],
            ["product_ids", "product_categ_ids", "company_id", "sequence"],
        )
        by_product, by_categ = {}, {}
        for policy in policies.sorted(lambda p: (not p.company_id, p.sequence, p.id)):
            for product_id in policy.product_ids.ids:
                by_product.setdefault(product_id, policy)
            for categ_id in policy.product_categ_ids.ids:
                by_categ.setdefault(categ_id, policy)
        result = {}
        for product in products:
            policy = by_product.get(product.id)
            if not policy:
                chain = [int(c) for c in (product.categ_id.parent_path or "").split("/") if c]
                policy = next((by_categ[c] for c in reversed(chain) if c in by_categ), None)
            if policy:
                result[product.id] = policy
        return result

    @api.model
    def _find_for_product(self, product, company=None):
        """The policy of one product, or an empty recordset."""
        return self._for_products(product, company).get(product.id, self.browse())

    def action_view_cards(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_warranty.action_aftersales_warranty_card"
        )
        action["domain"] = [("policy_id", "in", self.ids)]
        return action
