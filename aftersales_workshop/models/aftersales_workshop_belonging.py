"""A belonging or accessory the customer leaves with the unit (随车物品): the
remote control, the charger, the spare wheel. Listed on the reception
record the customer signs, ticked as returned at handover."""

from odoo import api, fields, models
from odoo.addons.aftersales_service.tools import user_number
from odoo.exceptions import UserError, ValidationError

# Written at reception; frozen once the customer has signed it.
RECORD_FIELDS = ("name", "quantity", "note", "job_id", "sequence")


class AftersalesWorkshopBelonging(models.Model):
    _name = "aftersales.workshop.belonging"
    _description = "Belonging Left with a Unit"
    _inherit = ["aftersales.write.guard"]
    _order = "job_id, sequence, id"
    _field_roles = dict.fromkeys((*RECORD_FIELDS, "returned"), ("advisor",))

    job_id = fields.Many2one("aftersales.workshop.job", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="job_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Item", required=True)
    quantity = fields.Float(default=1.0, digits=(16, 2))
    note = fields.Char()
    returned = fields.Boolean(string="Returned at Handover")

    @api.constrains("quantity")
    def _check_quantity(self):
        wrong = self.filtered(lambda line: line.quantity <= 0)
        if wrong:
            raise ValidationError(
                self.env._(
                    "%(job)s: the quantity of %(item)s must be positive (%(quantity)s).",
                    job=wrong[0].job_id.name,
                    item=wrong[0].name,
                    quantity=user_number(self.env, wrong[0].quantity),
                )
            )

    def _check_client_values(self, vals, creating=False):
        jobs = self.env["aftersales.workshop.job"].browse(vals.get("job_id")) if creating else self.job_id
        if creating or any(
            name in vals and not self._unchanged(name, vals[name], False) for name in RECORD_FIELDS
        ):
            self._check_reception_unsigned(jobs)
        if "returned" in vals:
            closed = jobs.filtered(lambda job: job.state in ("delivered", "cancelled"))
            if closed:
                raise UserError(
                    self.env._(
                        "%(jobs)s is closed: its belongings can no longer be ticked.",
                        jobs=", ".join(closed.mapped("name")),
                    )
                )
        return super()._check_client_values(vals, creating=creating)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_before_signature(self):
        self._check_reception_unsigned(self.job_id)

    def _check_reception_unsigned(self, jobs):
        signed = jobs.filtered("reception_signed_on")
        if signed:
            raise UserError(
                self.env._(
                    "The reception record of %(jobs)s is signed by the customer: its belongings "
                    "can no longer be added, changed or removed.",
                    jobs=", ".join(signed.mapped("name")),
                )
            )
