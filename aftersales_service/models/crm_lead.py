from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext


class CrmLead(models.Model):
    _inherit = "crm.lead"

    aftersales_request_ids = fields.One2many("aftersales.request", "lead_id", string="Service Requests")
    aftersales_request_count = fields.Integer(compute="_compute_aftersales_request_count")

    @api.depends("aftersales_request_ids")
    def _compute_aftersales_request_count(self):
        counts = dict(
            self.env["aftersales.request"]._read_group(
                [("lead_id", "in", self.ids)], ["lead_id"], ["__count"]
            )
        )
        for lead in self:
            lead.aftersales_request_count = counts.get(lead, 0)

    def action_create_aftersales_request(self):
        """One click from a lead to a service request, linked both ways."""
        self.ensure_one()
        if not self.partner_id:
            self._handle_partner_assignment(create_missing=True)
        phone = self.phone or self.partner_id.phone
        if not phone:
            raise UserError(
                self.env._(
                    "Lead %(name)s has no phone number: add one before opening a service request.",
                    name=self.name,
                )
            )
        request = self.env["aftersales.request"].create(
            {
                "partner_id": self.partner_id.id,
                "contact_name": self.contact_name or self.partner_id.name,
                "contact_phone": phone,
                "fault_description": html2plaintext(self.description or "") or self.name,
                "lead_id": self.id,
                "channel": "phone",
                "company_id": (self.company_id or self.env.company).id,
            }
        )
        return request._get_form_action()

    def action_view_aftersales_requests(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("aftersales_service.action_aftersales_request")
        action["domain"] = [("lead_id", "in", self.ids)]
        return action
