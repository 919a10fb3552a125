from odoo import api, models


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _create_user_from_template(self, values):
        """A portal user (the portal wizard's invitation, or a sign-up) reads
        the times of their requests and e-mails in their own time zone from
        the start: a customer without one gets the one their address gives."""
        user = super()._create_user_from_template(values)
        if not user.tz:
            user.partner_id.tz = user.partner_id._aftersales_guess_tz()
        return user
