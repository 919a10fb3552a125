"""Demo data only: how the demo workshop jobs reach their states.

The demo file (demo/aftersales_workshop_demo.xml) gives each job as a story:
the service request and the job as the advisor enters them, then the steps
of the suite in order, each as the demo user who takes it (the advisor
signs the reception, writes and sends the estimate, records the consent;
the technician issues parts, proposes added items and does the
self-check; the inspector does the final check...). Every state and every
figure is what those steps produce; the write guard checks the demo as it
checks anyone. The requests and jobs get no external id: uninstalling the
addon removes the jobs and keeps the service requests, as it does for a
user's.

Nothing here runs outside the demo file (a ``<function>`` tag in a
``noupdate`` block: once, when the demo is installed).
"""

import base64

from odoo import api, models
from odoo.addons.aftersales_service.models.aftersales_demo import demo_actor
from odoo.tools import file_open


def _signature(path):
    with file_open(path, "rb") as image:
        return base64.b64encode(image.read())


class AftersalesWorkshopJob(models.Model):
    _inherit = "aftersales.workshop.job"

    @api.model
    def _demo_story(self, advisor, request_vals, job_vals, steps):
        """Demo data only: the advisor (user id) registers the request
        `request_vals` and its job `job_vals` (belongings as
        ``belongings``: [(name, quantity, note)]), then `steps` run in
        order, each ``(step, user id, *arguments)``:

        - ``technician`` employee id: the dispatcher puts the technician on the request;
        - ``reception`` name, file: the customer signs the reception record;
        - ``line`` values: a line of the estimate (``product`` an xml id);
        - ``send`` / ``propose`` / ``deliver`` / ``cancel``: the buttons;
        - ``sign`` name, file: the customer signs the waiting quotation at the counter;
        - ``phone`` name, words: the customer consents on the phone;
        - ``issue`` / ``used``: the parts are issued / confirmed as used;
        - ``self_check`` / ``final_check`` result, note: the check, filled and recorded;
        - ``submit``: to the final check;
        - ``settle`` name, file: the belongings are handed back, the customer signs
          the settlement.
        """
        belongings = job_vals.pop("belongings", [])
        Request = demo_actor(self.env["aftersales.request"], advisor)
        request = Request.create(request_vals)
        job = demo_actor(self, advisor).create(
            {
                **job_vals,
                "request_id": request.id,
                "advisor_id": advisor,
                "belonging_ids": [
                    (0, 0, {"name": name, "quantity": qty, "note": note}) for name, qty, note in belongings
                ],
            }
        )
        for step, user, *args in steps:
            getattr(demo_actor(job, user), f"_demo_job_{step}")(*args)
        return job.id

    def _demo_job_technician(self, employee):
        return self.request_id.write({"technician_id": employee})

    def _demo_job_reception(self, name, path):
        self.write({"reception_signature": _signature(path), "reception_signed_by": name})
        return self.action_sign_reception()

    def _demo_job_line(self, values):
        values = dict(values)
        if values.get("product"):
            values["product_id"] = self.env.ref(values.pop("product")).id
        return self.env["aftersales.workshop.line"].create({"job_id": self.id, **values})

    def _demo_job_send(self):
        return self.action_send_estimate()

    def _demo_job_propose(self):
        return self.action_send_amendment()

    def _demo_job_sign(self, name, path):
        return self._demo_consent("counter", {"signed_by": name, "signature": _signature(path)})

    def _demo_job_phone(self, name, words):
        return self._demo_consent("phone", {"signed_by": name, "words": words})

    def _demo_consent(self, channel, values):
        Wizard = self.env["aftersales.workshop.consent.wizard"].with_context(
            default_job_id=self.id, default_channel=channel
        )
        return Wizard.create(values).action_confirm()

    def _demo_job_issue(self):
        return self.request_id.action_issue_parts()

    def _demo_job_used(self):
        return self.request_id.action_confirm_parts_used()

    def _demo_job_self_check(self, result, note=None):
        return self._demo_check(self.action_self_check(), result, note)

    def _demo_job_final_check(self, result, note=None):
        return self._demo_check(self.action_final_check(), result, note)

    def _demo_check(self, action, result, note):
        check = self.env["aftersales.workshop.qc"].browse(action["res_id"])
        check.line_ids.write({"result": result})
        if note:
            check.write({"note": note})
        return check.action_record()

    def _demo_job_submit(self):
        return self.action_submit_qc()

    def _demo_job_settle(self, name, path):
        self.belonging_ids.write({"returned": True})
        return self.write({"settlement_signature": _signature(path), "settlement_signed_by": name})

    def _demo_job_deliver(self):
        return self.action_deliver()

    def _demo_job_cancel(self):
        return self.action_cancel()
