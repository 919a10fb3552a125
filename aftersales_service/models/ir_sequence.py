from odoo import api, models


class IrSequence(models.Model):
    _inherit = "ir.sequence"

    @api.model
    def _aftersales_next_batch(self, code, count):
        """`count` references from the company's sequence of `code`, in one
        query for a standard sequence without date ranges."""
        if not count:
            return []
        sequence = self.sudo().search(
            [("code", "=", code), ("company_id", "in", [self.env.company.id, False])],
            order="company_id",
            limit=1,
        )
        if not sequence:
            return [self.env._("New")] * count
        if sequence.implementation != "standard" or sequence.use_date_range:
            return [sequence._next() for _i in range(count)]
        self.env.cr.execute(
            "SELECT nextval(%s) FROM generate_series(1, %s)",
            [f"ir_sequence_{sequence.id:03d}", count],
        )
        return [sequence.get_next_char(number) for (number,) in self.env.cr.fetchall()]
