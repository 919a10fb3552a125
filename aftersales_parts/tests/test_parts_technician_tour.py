from datetime import timedelta

from odoo import fields
from odoo.addons.aftersales_service.tests.common import ROUND_THE_CLOCK, force_create, make_calendar
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPartsOnThePhone(HttpCase):
    browser_size = "390x844"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("en_US")  # the tour reads English labels
        cls.env["stock.warehouse"].search([("aftersales_is_depot", "=", True)]).aftersales_is_depot = False
        nanshan = cls.env.ref("aftersales_service.county_440305")
        depot = cls.env["stock.warehouse"].create(
            {
                "name": "南山手机测试备件点",
                "code": "TPH",
                "aftersales_is_depot": True,
                "aftersales_county_id": nanshan.id,
                "aftersales_county_ids": [(6, 0, nanshan.ids)],
            }
        )
        tech_user = new_test_user(
            cls.env,
            "as_parts_phone",
            groups="aftersales_service.group_aftersales_technician",
            name="技师 孙浩",
            tz="Asia/Shanghai",
            lang="en_US",
        )
        technician = cls.env["hr.employee"].create(
            {
                "name": "孙浩",
                "user_id": tech_user.id,
                "is_aftersales_technician": True,
                "resource_calendar_id": make_calendar(cls.env, "全天候（配件测试）", ROUND_THE_CLOCK).id,
                "aftersales_county_ids": [(6, 0, nanshan.ids)],
            }
        )
        cls.capacitor = cls.env["product.product"].create(
            {
                "name": "空调电容 35μF",
                "type": "consu",
                "is_storable": True,
                "standard_price": 12.0,
                "aftersales_is_spare_part": True,
                "aftersales_part_class": "wear",
            }
        )
        quant = (
            cls.env["stock.quant"]
            .with_context(inventory_mode=True)
            .create(
                {
                    "product_id": cls.capacitor.id,
                    "location_id": depot.lot_stock_id.id,
                    "inventory_quantity": 5,
                }
            )
        )
        quant.action_apply_inventory()
        customer = cls.env["res.partner"].create(
            {
                "name": "南山测试客户",
                "phone": "0755-26880001",
                "street": "南山区科技园",
                "city": "深圳市",
                "state_id": cls.env.ref("base.state_cn_GD").id,
            }
        )
        start = fields.Datetime.now().replace(second=0, microsecond=0) - timedelta(minutes=30)
        cls.job = force_create(
            cls.env["aftersales.request"],
            {
                "partner_id": customer.id,
                "contact_name": "陈先生",
                "contact_phone": "13812345678",
                "fault_description": "空调启动困难",
                "county_id": nanshan.id,
                "technician_id": technician.id,
                "planned_start": start,
                "planned_end": start + timedelta(hours=2),
                "state": "in_progress",
            },
        )
        cls.line = cls.env["aftersales.part.line"].create(
            {
                "request_id": cls.job.id,
                "product_id": cls.capacitor.id,
                "planned_qty": 2,
            }
        )
        cls.line.action_issue()

    def test_technician_confirms_parts_on_the_phone(self):
        self.start_tour(
            f"/odoo/action-aftersales_service.action_aftersales_request_technician_today/{self.job.id}",
            "aftersales_parts_technician_tour",
            login="as_parts_phone",
            timeout=120,
        )
        self.line.invalidate_recordset()
        self.assertEqual(self.line.state, "to_return")
        self.assertEqual(self.line.used_qty, 1)
        consume = self.line.move_ids.filtered(lambda m: m.aftersales_kind == "consume")
        self.assertEqual((consume.state, consume.quantity), ("done", 1))
