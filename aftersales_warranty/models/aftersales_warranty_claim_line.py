"""One completed warranty job on a manufacturer claim: the parts used at their
stock cost and the labour hours at the claim's rate."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .aftersales_warranty_claim import ACTIVE_STATES

# What a user edits on a line; only while the claim is a draft.
EDITABLE_FIELDS = {"claim_id", "request_id", "parts_cost", "labour_hours"}


class AftersalesWarrantyClaimLine(models.Model):
    _name = "aftersales.warranty.claim.line"
    _inherit = ["aftersales.write.guard"]
    _description = "Manufacturer Claim Job"
    # The parts cost and the labour hours come from the job (readonly
    # computes); a supervisor corrects them with a reason on a draft claim
    # (a rejected claim goes back to draft first), kept in the claim's chatter.
    _correctable_fields = ("parts_cost", "labour_hours")
    _order = "claim_id, id"
    _rec_name = "request_id"
    _check_company_auto = True

    claim_id = fields.Many2one(
        "aftersales.warranty.claim",
        string="Manufacturer Claim",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="claim_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="claim_id.currency_id")
    claim_state = fields.Selection(related="claim_id.state", store=True, string="Claim Status")
    request_id = fields.Many2one(
        "aftersales.request",
        string="Service Request",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    partner_id = fields.Many2one(related="request_id.partner_id", string="Customer")
    product_id = fields.Many2one(related="request_id.product_id")
    lot_id = fields.Many2one(related="request_id.lot_id")
    done_date = fields.Datetime(related="request_id.done_date", string="Done On")
    parts_cost = fields.Monetary(
        string="Parts at Cost",
        compute="_compute_from_request",
        store=True,
        precompute=True,
        help="Stock value of the parts used on the job (its parts lines' cost).",
    )
    labour_hours = fields.Float(compute="_compute_from_request", store=True, precompute=True)
    labour_amount = fields.Monetary(string="Labour", compute="_compute_amounts", store=True)
    amount_total = fields.Monetary(string="Total", compute="_compute_amounts", store=True)

    _request_on_one_active_claim = models.UniqueIndex(
        "(request_id) WHERE claim_state != 'cancelled'",
        "A service request can be on one active manufacturer claim only.",
    )

    @api.depends("request_id")
    def _compute_from_request(self):
        for line in self:
            line.parts_cost = line.request_id.parts_cost
            line.labour_hours = line.request_id.labour_hours

    @api.depends("labour_hours", "claim_id.labour_rate", "currency_id")
    def _compute_amounts(self):
        for line in self:
            line.labour_amount = line.currency_id.round(line.labour_hours * line.claim_id.labour_rate)
            line.amount_total = line.parts_cost + line.labour_amount

    # ------------------------------------------------------------------ corrections

    def _check_correctable(self, name):
        self.claim_id._check_draft()
        return super()._check_correctable(name)

    def _correction_thread(self):
        return self.claim_id

    def action_correct_figure(self):
        """Correct a Figure on this job (its parts cost or labour hours)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.aftersales_correction_wizard_action"
        )
        action["context"] = {"default_res_model": self._name, "default_res_id": self.id}
        return action

    # ------------------------------------------------------------------ checks

    @api.model_create_multi
    def create(self, vals_list):
        claims = self.env["aftersales.warranty.claim"].browse(
            {vals["claim_id"] for vals in vals_list if vals.get("claim_id")}
        )
        claims._check_draft()
        self._check_requests_free([vals.get("request_id") for vals in vals_list])
        return super().create(vals_list)

    def write(self, vals):
        if EDITABLE_FIELDS & set(vals):
            self.claim_id._check_draft()
            if vals.get("claim_id"):
                self.env["aftersales.warranty.claim"].browse(vals["claim_id"])._check_draft()
            if vals.get("request_id"):
                self._check_requests_free([vals["request_id"]], exclude=self)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_in_draft(self):
        self.claim_id.filtered(lambda c: c.state != "cancelled")._check_draft()

    def _check_requests_free(self, request_ids, exclude=None):
        """A job goes on one active claim only (the unique index is the last
        guard against two transactions; this gives the readable message)."""
        request_ids = [rid for rid in request_ids if rid]
        if not request_ids:
            return
        if len(request_ids) != len(set(request_ids)):
            raise ValidationError(self.env._("A service request appears twice on the claims created."))
        taken = self.sudo().search(
            [
                ("request_id", "in", request_ids),
                ("claim_state", "in", ACTIVE_STATES),
                ("id", "not in", (exclude or self.browse()).ids),
            ],
            limit=1,
        )
        if taken:
            raise ValidationError(
                self.env._(
                    "%(request)s is already on claim %(claim)s (%(state)s): a job is claimed once.",
                    request=taken.request_id.name,
                    claim=taken.claim_id.name,
                    state=taken.claim_id._state_label(),
                )
            )

    @api.constrains("request_id", "claim_id")
    def _check_request_claimable(self):
        for line in self:
            request, claim = line.request_id, line.claim_id
            if request.state not in ("done", "closed") or request.warranty_state != "in":
                raise ValidationError(
                    self.env._(
                        "%(request)s cannot be claimed: only finished jobs under warranty go on a "
                        "manufacturer claim.",
                        request=request.name,
                    )
                )
            if request.warranty_manufacturer_id != claim.manufacturer_id:
                raise ValidationError(
                    self.env._(
                        "%(request)s was made by %(maker)s, not by %(manufacturer)s of claim %(claim)s.",
                        request=request.name,
                        maker=request.warranty_manufacturer_id.display_name
                        or self.env._("no known manufacturer"),
                        manufacturer=claim.manufacturer_id.display_name,
                        claim=claim.name,
                    )
                )
