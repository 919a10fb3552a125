"""Set-up for the reception, quality check and promise tests: a car with an
odometer, the job's technician, and helpers that sign a reception and pass
the checks through their real steps."""

import base64
import io

from PIL import Image

from odoo.addons.aftersales_service.tests.common import force_create, force_write

from .common import WorkshopCase


def png_signature(colour=(20, 20, 120)):
    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), colour).save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue())


def force_passed_final_check(job, checker):
    """Test setup only, for tests of later steps (handover, settlement): a
    recorded, passed final check on `job`, without going through the check."""
    return force_create(
        job.env["aftersales.workshop.qc"],
        {
            "job_id": job.id,
            "kind": "final",
            "round": job.rework_count,
            "state": "done",
            "result": "passed",
            "checker_id": checker.id,
            "line_ids": [(0, 0, {"name": "总检", "result": "pass"})],
        },
    )


def sign_settlement(job, user):
    """The customer's signature on the settlement, as the advisor records it
    at handover (the handover's own gate)."""
    job.with_user(user).write({"settlement_signed_by": "陈先生", "settlement_signature": png_signature()})


class QualityCase(WorkshopCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.car = cls.env["product.product"].create(
            {
                "name": "一汽轿车 奔腾 B70",
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
                "aftersales_meter_unit": "km",
            }
        )
        cls.vin = cls.env["stock.lot"].create({"name": "LFV2A21K5E3012345", "product_id": cls.car.id})

    @classmethod
    def _job_for(cls, **overrides):
        """A job whose request has the technician 张伟 (login as_tech)."""
        vals = {"channel": "walk_in", "product_id": cls.aircon.id, "county_id": cls.nanshan.id}
        request = cls._new_request(**{**vals, "technician_id": cls.technician.id, **overrides})
        return cls.env["aftersales.workshop.job"].create(
            {"request_id": request.id, "workshop_id": cls.workshop.id}
        )

    @classmethod
    def _car_job(cls, **overrides):
        return cls._job_for(product_id=cls.car.id, lot_id=cls.vin.id, **overrides)

    def _sign(self, job, **values):
        job.with_user(self.advisor).write({"reception_signature": png_signature(), **values})
        job.with_user(self.advisor).action_sign_reception()
        return job

    def _in_work(self, job):
        return force_write(job, {"state": "in_work"})

    def _fill(self, check, result="pass", user=None, note=None):
        user = user or self.env.user
        check.line_ids.with_user(user).write({"result": result})
        if note:
            check.with_user(user).write({"note": note})
        return check

    def _self_check(self, job, result="pass"):
        """The technician opens, fills and records the self-check."""
        action = job.with_user(self.tech_user).action_self_check()
        check = self.env["aftersales.workshop.qc"].browse(action["res_id"])
        self._fill(check, result, self.tech_user, note="风机异响未消除" if result == "fail" else None)
        check.with_user(self.tech_user).action_record()
        return check

    def _final_check(self, job, result="pass", inspector=None):
        inspector = inspector or self.inspector
        action = job.with_user(inspector).action_final_check()
        check = self.env["aftersales.workshop.qc"].browse(action["res_id"])
        self._fill(
            check, result, inspector, note="试机 30 分钟后仍不制冷，返工" if result == "fail" else None
        )
        check.with_user(inspector).action_record()
        return check
