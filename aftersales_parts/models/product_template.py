from odoo import api, fields, models
from odoo.exceptions import ValidationError

PART_CLASSES = [("wear", "Wear Part"), ("special", "Special Part"), ("other", "Other Part")]


class ProductTemplate(models.Model):
    _inherit = "product.template"

    aftersales_is_spare_part = fields.Boolean(string="Spare Part", index=True)
    aftersales_part_class = fields.Selection(
        PART_CLASSES,
        string="Part Class",
        default="other",
        help="Wear parts (易损件) and special parts (特殊件) are held in every county depot.",
    )
    aftersales_fits_ids = fields.Many2many(
        "product.template",
        "aftersales_part_fits_rel",
        "part_id",
        "product_id",
        string="Fits Products",
        help="The products this part may be fitted to. Empty: any product.",
    )
    aftersales_recover_old_part = fields.Boolean(
        string="Recover Old Part",
        default=True,
        help="The replaced part comes back to the depot and waits for its disposition.",
    )

    @api.constrains("aftersales_is_spare_part", "is_storable")
    def _check_aftersales_storable(self):
        wrong = self.filtered(lambda t: t.aftersales_is_spare_part and not t.is_storable)
        if wrong:
            raise ValidationError(
                self.env._(
                    "%(parts)s: a spare part must be a storable product so depots can track it.",
                    parts=", ".join(wrong.mapped("display_name")),
                )
            )

    def _aftersales_fits(self, product_template):
        """True when this part may be fitted to the given product."""
        self.ensure_one()
        return not self.aftersales_fits_ids or product_template in self.aftersales_fits_ids
