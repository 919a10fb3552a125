"""An accessory with its own three-guarantee period (phone battery 6 months...)."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine.entitlement import MAIN_PART, UNIT


class AftersalesWarrantyPolicyAccessory(models.Model):
    _name = "aftersales.warranty.policy.accessory"
    _description = "Three-Guarantee Accessory Period"
    _order = "policy_id, sequence, id"

    sequence = fields.Integer(default=10)
    policy_id = fields.Many2one("aftersales.warranty.policy", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="policy_id.company_id", store=True, index=True)
    code = fields.Char(
        required=True,
        help="Component code used on repair events and in evaluate_claim, e.g. battery, headset, charger.",
    )
    name = fields.Char(required=True, translate=True)
    months = fields.Integer(required=True, help="Three-guarantee period of the accessory.")

    _code_unique = models.Constraint("UNIQUE(policy_id, code)", "An accessory code appears once per policy.")
    _months_positive = models.Constraint("CHECK(months >= 0)", "An accessory period cannot be negative.")

    @api.constrains("code")
    def _check_code(self):
        for accessory in self:
            if accessory.code in (UNIT, MAIN_PART) or not accessory.code.strip():
                raise ValidationError(
                    self.env._(
                        "Accessory %(name)s of policy %(policy)s: the code %(code)s is reserved; "
                        "use a code of its own such as battery or charger.",
                        name=accessory.name,
                        policy=accessory.policy_id.name,
                        code=accessory.code,
                    )
                )
