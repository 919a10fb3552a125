from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    aftersales_depot_id = fields.Many2one(
        "stock.warehouse",
        string="Depot",
        domain=[("aftersales_is_depot", "=", True)],
        help="The depot the technician draws parts from.",
    )
    aftersales_van_location_id = fields.Many2one(
        "stock.location",
        string="Van Stock",
        readonly=True,
        copy=False,
        help="The parts the technician carries, a location under their depot.",
    )

    @api.constrains("aftersales_depot_id", "aftersales_van_location_id")
    def _check_aftersales_van_depot(self):
        for employee in self.filtered("aftersales_van_location_id"):
            if employee.aftersales_van_location_id.warehouse_id != employee.aftersales_depot_id:
                raise ValidationError(
                    self.env._(
                        "The van of %(name)s belongs to depot %(depot)s; move its stock back "
                        "before changing the technician's depot.",
                        name=employee.name,
                        depot=employee.aftersales_van_location_id.warehouse_id.name,
                    )
                )

    def action_aftersales_create_van(self):
        """Give each technician a van location under their depot."""
        for employee in self.filtered(lambda e: not e.aftersales_van_location_id):
            if not employee.aftersales_depot_id:
                raise UserError(
                    self.env._("Choose the depot of %(name)s before creating a van.", name=employee.name)
                )
            employee.aftersales_van_location_id = (
                self.env["stock.location"]
                .sudo()
                .create(
                    {
                        "name": self.env._("Van %(name)s", name=employee.name),
                        "usage": "internal",
                        "location_id": employee.aftersales_depot_id.view_location_id.id,
                        "company_id": employee.aftersales_depot_id.company_id.id,
                    }
                )
            )
        return True
