"""A step of a manufacturer claim: who moved it, when, from which state to
which, and why (the rejection reason). Written by the claim, never edited."""

from odoo import fields, models

from .aftersales_warranty_claim import CLAIM_STATES


class AftersalesWarrantyClaimHistory(models.Model):
    _name = "aftersales.warranty.claim.history"
    _inherit = ["aftersales.write.guard"]
    _description = "Manufacturer Claim History"
    _order = "date, id"

    claim_id = fields.Many2one(
        "aftersales.warranty.claim",
        string="Manufacturer Claim",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    company_id = fields.Many2one(related="claim_id.company_id", store=True, index=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True)
    user_id = fields.Many2one(
        "res.users", string="By", required=True, default=lambda self: self.env.user, readonly=True
    )
    from_state = fields.Selection(CLAIM_STATES, string="From", readonly=True)
    to_state = fields.Selection(CLAIM_STATES, string="To", required=True, readonly=True)
    reason = fields.Text(readonly=True)
