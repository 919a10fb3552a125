"""Cross-module scenarios: the suite as a whole, across the three addons."""

from datetime import datetime, time, timedelta

from odoo import fields
from odoo.tests import TransactionCase, new_test_user

from ._base import SuiteCase

SIGNATURE_PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


class TestSuiteInstalled(SuiteCase, TransactionCase):
    def test_three_addons_installed_in_dependency_order(self):
        modules = self.env["ir.module.module"].search(
            [("name", "in", ("aftersales_service", "aftersales_parts", "aftersales_warranty"))]
        )
        self.assertEqual(set(modules.mapped("state")), {"installed"})
        deps = {m.name: set(m.dependencies_id.mapped("name")) for m in modules}
        self.assertIn("aftersales_service", deps["aftersales_parts"])
        self.assertIn("aftersales_parts", deps["aftersales_warranty"])
        self.assertNotIn("aftersales_parts", deps["aftersales_service"], "service knows nothing of parts")


class TestLifecycleAcrossRoles(SuiteCase, TransactionCase):
    """A call comes in as a lead; the agent opens a request, the dispatcher
    books a technician, the technician works it from their phone login and
    the customer signs; the agent closes it. Each step runs as its role."""

    def test_call_to_signature(self):
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        agent = new_test_user(env, "s_agent", groups="aftersales_service.group_aftersales_agent")
        dispatcher = new_test_user(env, "s_disp", groups="aftersales_service.group_aftersales_dispatcher")
        tech_user = new_test_user(env, "s_tech", groups="aftersales_service.group_aftersales_technician")
        seven_days = env["resource.calendar"].create(
            {
                "name": "售后七天班 08-20",
                "tz": "Asia/Shanghai",
                "attendance_ids": [
                    (
                        0,
                        0,
                        {
                            "name": str(day),
                            "dayofweek": str(day),
                            "hour_from": 8,
                            "hour_to": 20,
                            "day_period": "full_day",
                        },
                    )
                    for day in range(7)
                ],
            }
        )
        technician = env["hr.employee"].create(
            {
                "name": "王师傅",
                "user_id": tech_user.id,
                "is_aftersales_technician": True,
                "resource_calendar_id": seven_days.id,
                "aftersales_county_ids": [(4, env.ref("aftersales_service.county_370102").id)],
            }
        )
        customer = env["res.partner"].create(
            {
                "name": "济南鲁信商贸",
                "phone": "0531-88123456",
                "street": "历下区泉城路180号",
                "city": "济南市",
                "state_id": env.ref("base.state_cn_SD").id,
            }
        )
        lead = env["crm.lead"].create(
            {
                "name": "冷柜不制冷",
                "partner_id": customer.id,
                "user_id": agent.id,
                "description": "超市冷柜温度降不下来",
            }
        )
        request = env["aftersales.request"].browse(
            lead.with_user(agent).action_create_aftersales_request()["res_id"]
        )
        self.assertEqual(request.county_id.code, "370102")

        # Tomorrow 10:00 in Jinan (02:00 UTC), inside the technician's hours.
        start = datetime.combine(fields.Date.context_today(self.env.user) + timedelta(days=1), time(2, 0))
        as_dispatcher = request.with_user(dispatcher)
        as_dispatcher.write(
            {
                "technician_id": technician.id,
                "planned_start": start,
                "planned_end": start + timedelta(hours=2),
            }
        )
        as_dispatcher.action_assign()
        as_dispatcher.action_schedule()

        as_tech = request.with_user(tech_user)
        as_tech.action_start()
        as_tech.write(
            {"work_done": "更换温控器，制冷恢复", "signature": SIGNATURE_PNG, "signed_by": "李经理"}
        )
        as_tech.action_done()
        request.with_user(agent).action_close()

        self.assertEqual(request.state, "closed")
        self.assertEqual(request.onsite_status, "met")
        self.assertTrue(request.signed_on)
        self.assertEqual(lead.aftersales_request_count, 1)
