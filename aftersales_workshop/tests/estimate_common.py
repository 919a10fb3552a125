import base64

from odoo.addons.aftersales_service.tests.common import force_write
from odoo.tests import new_test_user

from .common import WorkshopCase

# A 1x1 PNG: a signature.
SIGNATURE = base64.b64encode(
    base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg=="
    )
)


class EstimateCase(WorkshopCase):
    """Labour at 80 an hour (costing 50 an hour inside), compressors and
    capacitors in stock at the workshop's depot, and the request's
    technician on the job."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.labour = cls.env["product.product"].create(
            {"name": "维修工时", "type": "service", "list_price": 80.0, "taxes_id": [(5, 0, 0)]}
        )
        cls.company.write(
            {"aftersales_labour_product_id": cls.labour.id, "aftersales_workshop_labour_cost": 50.0}
        )
        cls.customer.email = "huaqiang@example.com"
        cls._stock(cls.compressor, cls.depot.lot_stock_id, 5.0)
        cls._stock(cls.capacitor, cls.depot.lot_stock_id, 10.0)

    def _estimate_job(
        self, warranty="out", lines=(("labour", None, 2.0), ("part", "compressor", 1.0)), **vals
    ):
        """A job at the estimate, with its lines written by the advisor."""
        job = self._new_job(technician_id=self.technician.id, county_id=self.nanshan.id)
        force_write(job.request_id, {"warranty_state": warranty})
        force_write(job, {"state": "estimate"})
        job.with_user(self.advisor).write({"old_parts_choice": vals.pop("old_parts_choice", "leave")})
        for kind, part, qty in lines:
            self._add_line(job, kind, part, qty, **vals)
        return job

    def _add_line(self, job, kind, part=None, qty=1.0, user=None, **vals):
        values = {"job_id": job.id, "kind": kind, "quantity": qty, **vals}
        if part:
            values["product_id"] = getattr(self, part).id
        return self.env["aftersales.workshop.line"].with_user(user or self.advisor).create(values)

    def _sent(self, **kwargs):
        job = self._estimate_job(**kwargs)
        job.with_user(self.advisor).action_send_estimate()
        return job

    def _consent(self, job, channel="counter", order=None, user=None, **vals):
        """The advisor records the customer's consent (tablet signature, or
        the phone for added items) to the waiting quotation."""
        Wizard = self.env["aftersales.workshop.consent.wizard"].with_user(user or self.advisor)
        wizard = Wizard.with_context(default_job_id=job.id, default_channel=channel).create(
            {
                "signed_by": "陈先生",
                "signature": SIGNATURE if channel == "counter" else False,
                "words": "同意更换，费用我来出" if channel == "phone" else False,
                **({"order_id": order.id} if order else {}),
                **vals,
            }
        )
        return wizard.action_confirm()

    def _in_work(self, **kwargs):
        job = self._sent(**kwargs)
        self._consent(job)
        return job

    def _portal_user(self):
        return new_test_user(
            self.env, "as_ws_portal", groups="base.group_portal", name="陈先生", partner_id=self.customer.id
        )
