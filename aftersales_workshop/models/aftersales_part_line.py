"""A part of a workshop job moves through the request's part line made when
the customer accepted it: from the workshop's depot to its on-job location
(issue), then to the customer (use), like a field visit's part, so the
depot reconciliation, the repair costs and the manufacturer's claims count
it alike. Nothing of a workshop job is issued before the customer's
consent."""

from odoo import api, fields, models
from odoo.exceptions import UserError

ISSUE_STATES = ("in_work", "qc")


class AftersalesPartLine(models.Model):
    _inherit = "aftersales.part.line"

    workshop_line_id = fields.Many2one(
        "aftersales.workshop.line",
        string="Workshop Estimate Line",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
    )
    sale_line_id = fields.Many2one(
        "sale.order.line",
        string="Quotation Line",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups="sales_team.group_sale_salesman",
    )

    @api.depends("workshop_line_id")
    def _compute_source_location_id(self):
        workshop = self.filtered(lambda ln: ln.workshop_line_id and ln.state in ("planned", False))
        for line in workshop:
            line.source_location_id = line.workshop_line_id.job_id.workshop_id.depot_id.lot_stock_id
        return super(AftersalesPartLine, self - workshop)._compute_source_location_id()

    def _carry_location(self):
        """At the workshop the part goes to the depot's on-job location, not
        to a technician's van."""
        self.ensure_one()
        if not self.workshop_line_id:
            return super()._carry_location()
        depot = self.workshop_line_id.job_id.workshop_id.depot_id
        depot._aftersales_ensure_locations()
        return depot.aftersales_field_location_id

    def action_issue(self):
        self._check_workshop_consent()
        return super().action_issue()

    def _check_workshop_consent(self):
        """A part of a workshop job is issued only once the customer has
        accepted it (the estimate, or the added item) and the work is open."""
        for line in self.filtered(lambda ln: ln.request_id.workshop_job_ids):
            job = line.request_id.workshop_job_ids[:1]
            item = line.workshop_line_id
            if not item or item.consent_state != "accepted":
                raise UserError(
                    self.env._(
                        "Part %(part)s of %(request)s cannot be issued: the customer has not consented "
                        "to it on workshop job %(job)s. Put it on the estimate (or propose it as an added "
                        "item) and get the customer's consent first.",
                        part=line.product_id.display_name,
                        request=line.request_id.name,
                        job=job.name,
                    )
                )
            if job.state not in ISSUE_STATES:
                raise UserError(
                    self.env._(
                        "Part %(part)s of %(request)s cannot be issued while workshop job %(job)s is "
                        "%(state)s.",
                        part=line.product_id.display_name,
                        request=line.request_id.name,
                        job=job.name,
                        state=job._state_labels()[job.state],
                    )
                )
