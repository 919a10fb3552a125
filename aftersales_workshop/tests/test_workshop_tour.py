"""The browser tour of one workshop job, one tour per person as that person
logs in (an Odoo tour runs as one login): the advisor on a tablet receives
the unit and sends the estimate, the customer signs it in the portal, an
added item is consented to on the phone, the final check fails and the job
is reworked, the settlement is signed and the invoice posted.

The technician issues and uses the parts on the request (the field flow,
tested in aftersales_parts); every other step is taken in the browser."""

from odoo.addons.aftersales_service.tests.common import force_write
from odoo.tests import HttpCase, tagged

from .estimate_common import EstimateCase


@tagged("post_install", "-at_install")
class TestWorkshopTour(EstimateCase, HttpCase):
    browser_size = "820x1180"  # the advisor's tablet
    touch_enabled = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Names no demo part shares, to pick them in the browser.
        cls.compressor.name = "巡检压缩机"
        cls.capacitor.name = "巡检电容"
        # A one-item general checklist, first of all.
        cls.env["aftersales.workshop.qc.template"].create(
            {
                "name": "巡检总检",
                "sequence": 0,
                "item_ids": [(0, 0, {"name": "制冷试机 30 分钟正常"})],
            }
        )

    def _tour(self, job, name, login):
        self.start_tour(f"/odoo/aftersales.workshop.job/{job.id}", name, login=login, timeout=180)
        job.invalidate_recordset()

    def test_one_job_from_reception_to_the_posted_invoice(self):
        job = self._new_job(technician_id=self.technician.id, county_id=self.nanshan.id)
        force_write(job.request_id, {"warranty_state": "out"})  # the unit is out of 三包
        portal = self._portal_user()

        self._tour(job, "aftersales_workshop_advisor_estimate_tour", self.advisor.login)
        self.assertEqual(job.state, "consent")
        self.assertEqual(job.customer_words, "空调不制冷，外机不转")
        self.assertTrue(job.reception_signature and job.reception_signed_on)
        order = job.estimate_order_id
        self.assertEqual(
            {ln.product_id.id: ln.product_uom_qty for ln in order.order_line},
            {self.labour.id: 2.0, self.compressor.id: 1.0},
        )

        self.start_tour(f"/my/orders/{order.id}", "aftersales_workshop_portal_sign_tour", login=portal.login)
        job.invalidate_recordset()
        self.assertEqual((job.state, order.state), ("in_work", "sale"))
        self.assertEqual((job.consent_channel, order.aftersales_consent_user_id), ("portal", portal))

        self._tour(job, "aftersales_workshop_added_item_tour", self.advisor.login)
        added = job.line_ids.filtered("is_addition")
        self.assertEqual((added.product_id, added.consent_state), (self.capacitor, "accepted"))
        self.assertEqual(added.order_id.aftersales_consent_channel, "phone")

        request = job.request_id
        request.with_user(self.tech_user).action_issue_parts()
        request.with_user(self.tech_user).action_confirm_parts_used()

        self._tour(job, "aftersales_workshop_self_check_tour", self.tech_user.login)
        self.assertEqual(job.state, "qc")
        self._tour(job, "aftersales_workshop_final_check_fail_tour", self.inspector.login)
        self.assertEqual((job.state, job.rework_count), ("in_work", 1))
        self._tour(job, "aftersales_workshop_self_check_tour", self.tech_user.login)
        self._tour(job, "aftersales_workshop_final_check_pass_tour", self.inspector.login)
        self.assertEqual(job.state, "ready")
        finals = job.qc_ids.filtered(lambda qc: qc.kind == "final").sorted("round")
        self.assertEqual(finals.mapped("result"), ["failed", "passed"])
        self.assertEqual(finals.checker_id, self.inspector)

        self._tour(job, "aftersales_workshop_handover_tour", self.advisor.login)
        self.assertEqual(job.state, "delivered")
        self.assertTrue(job.settlement_signature)
        invoice = job.invoice_ids
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(
            {ln.product_id.id: ln.quantity for ln in invoice.invoice_line_ids.filtered("product_id")},
            {self.labour.id: 2.0, self.compressor.id: 1.0, self.capacitor.id: 1.0},
        )
