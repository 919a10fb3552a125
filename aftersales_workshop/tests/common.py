from odoo.addons.aftersales_parts.tests.common import PartsCase


class WorkshopCase(PartsCase):
    """A repair centre on the Nanshan depot, an advisor and an inspector, and a
    walk-in request for an air conditioner."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.workshop = cls.env["aftersales.workshop"].create(
            {"name": "南山家电维修中心", "depot_id": cls.depot.id, "county_id": cls.nanshan.id}
        )
        cls.advisor = cls._user("as_advisor", "aftersales_workshop.group_aftersales_advisor", "服务顾问 陈静")
        cls.inspector = cls._user(
            "as_inspector", "aftersales_workshop.group_aftersales_inspector", "质检员 孙浩"
        )

    @classmethod
    def _new_job(cls, **overrides):
        request = cls._new_request(channel="walk_in", product_id=cls.aircon.id, **overrides)
        return cls.env["aftersales.workshop.job"].create(
            {"request_id": request.id, "workshop_id": cls.workshop.id}
        )
