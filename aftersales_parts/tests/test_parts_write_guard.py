"""Issue 13 on the parts: a computed field outside the writer's role passes a
create only with the value its compute gives (the request's depot, the
location a part line is taken from)."""

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import PartsCase


@tagged("post_install", "-at_install")
class TestPartsWriteGuard(PartsCase):
    def test_depot_forged_on_create_is_refused(self):
        """The depot is the dispatcher's and the keeper's: an agent's create
        may carry only the depot of the request's county."""
        Request = self.env["aftersales.request"].with_user(self.agent)
        vals = self._request_vals(county_id=self.nanshan.id)
        with self.assertRaisesRegex(
            UserError,
            r"客服 王芳 cannot write «Depot» of a new service request of 深圳市华强电器有限公司: it is not part of their role.*"
            r"«Depot» 南山备件点",
        ):
            Request.create({**vals, "depot_id": self.beijing.id})
        self.assertFalse(self.env["aftersales.request"].search([("depot_id", "=", self.beijing.id)]))
        self.assertEqual(Request.create({**vals, "depot_id": self.depot.id}).depot_id, self.depot)
        # Without the county it comes from, the depot is still the one worked out.
        with self.assertRaisesRegex(UserError, "cannot write «Depot»"):
            Request.create({**self._request_vals(), "depot_id": self.beijing.id})
        # The form sends the depot back with the county: it saves.
        form = Form(self.env["aftersales.request"].with_user(self.agent))
        form.partner_id = self.customer
        form.fault_description = "空调漏水"
        form.county_id = self.nanshan
        self.assertEqual(form.depot_id, self.depot)
        self.assertEqual(form.save().depot_id, self.depot)
        # A dispatcher books another depot.
        request = Request.with_user(self.dispatcher).create({**vals, "depot_id": self.beijing.id})
        self.assertEqual(request.depot_id, self.beijing)

    def test_source_location_forged_on_create_is_refused(self):
        """A dispatcher plans a part on a job; where it is taken from (the
        technician's van, else the depot) is the keeper's: the create may
        carry only the location worked out."""
        self.technician.aftersales_depot_id = self.depot
        self.technician.action_aftersales_create_van()
        job = self._job(technician=self.technician)
        van = self.technician.aftersales_van_location_id
        Line = self.env["aftersales.part.line"].with_user(self.dispatcher)
        vals = {"request_id": job.id, "product_id": self.capacitor.id}
        with self.assertRaisesRegex(
            UserError,
            r"调度 李强 cannot write «Taken From» of the new part 空调电容 35μF of SR\S+: it is not part of their role",
        ):
            Line.create({**vals, "source_location_id": self.central.lot_stock_id.id})
        self.assertFalse(job.part_line_ids)
        line = Line.create({**vals, "source_location_id": van.id})
        self.assertEqual(line.source_location_id, van)
        # The keeper takes it from the central depot.
        line = Line.with_user(self.keeper).create(
            {**vals, "source_location_id": self.central.lot_stock_id.id}
        )
        self.assertEqual(line.source_location_id, self.central.lot_stock_id)
