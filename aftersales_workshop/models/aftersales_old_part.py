"""Old parts of a workshop job follow the customer's choice recorded with the
estimate: parts the customer takes home are handed back with the unit and
never enter the old-parts stock; the old parts of free three-guarantee
repairs go back to the manufacturer whatever the choice."""

from odoo import api, models


class AftersalesOldPart(models.Model):
    _inherit = "aftersales.old.part"

    @api.model
    def _create_for_lines(self, lines):
        kept = lines.filtered(lambda ln: ln.workshop_line_id._customer_takes_old_part())
        return super()._create_for_lines(lines - kept)
