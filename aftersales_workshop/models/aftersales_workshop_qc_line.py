"""One item of a quality check, copied from the checklist when the check
opens: the checker gives its result (pass, fail, not applicable) and a
note."""

from odoo import fields, models

QC_LINE_RESULTS = [("pass", "Pass"), ("fail", "Fail"), ("na", "N/A")]


class AftersalesWorkshopQcLine(models.Model):
    _name = "aftersales.workshop.qc.line"
    _description = "Quality Check Item"
    _inherit = ["aftersales.write.guard"]
    _order = "qc_id, sequence, id"
    _field_roles = dict.fromkeys(("result", "note"), ("technician", "inspector"))

    qc_id = fields.Many2one(
        "aftersales.workshop.qc",
        string="Quality Check",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="qc_id.company_id", store=True, index=True)
    kind = fields.Selection(related="qc_id.kind")
    sequence = fields.Integer(readonly=True)
    name = fields.Char(string="Item", required=True, readonly=True)
    description = fields.Text(string="How to Check", readonly=True)
    result = fields.Selection(QC_LINE_RESULTS)
    note = fields.Char()

    def _check_client_values(self, vals, creating=False):
        if not creating and ("result" in vals or "note" in vals):
            self.qc_id._check_filled_by_role()
        return super()._check_client_values(vals, creating=creating)
