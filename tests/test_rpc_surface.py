"""The RPC surface of the suite: which model methods a client may call.

Every public method (name without a leading ``_``) that the three addons
define on a model is callable over ``/json/2``, ``/jsonrpc`` and ``/xmlrpc``
unless it carries ``@api.private``. The census below walks the registry and
fails on any such method that is neither an ORM override nor listed in
``ALLOWED`` -- a new business method must be listed (a button, the documented
API) or made private. The HTTP cases then call some private methods over a
real server, as an internal user with an API key, and see them refused,
while the documented ``evaluate_claim`` answers."""

import inspect
from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.service.model import get_public_method
from odoo.tests import HttpCase, TransactionCase, get_db_name, new_test_user, tagged

from ._base import SuiteCase

ADDONS = ("aftersales_service", "aftersales_parts", "aftersales_warranty", "aftersales_workshop")
PREFIX = "odoo.addons.aftersales_"

# Public methods that override or extend the ORM / an upstream public method:
# their RPC exposure is the framework's, not ours.
ORM_METHODS = frozenset(
    {
        "create",
        "write",
        "unlink",
        "copy",
        "copy_data",
        "name_search",
        "read_group",
        "formatted_read_group",
        "web_read_group",
        "default_get",
        "onchange",
        "fields_get",
        "get_views",
        "name_create",
        "search",
        "search_count",
        "search_read",
        "read",
        "web_read",
        "web_search_read",
        "web_save",
        "toggle_active",
        "action_archive",
        "action_unarchive",
    }
)

# Buttons (``<button type="object">`` in a view of the model, or of a list of
# that model embedded in another form), client calls and the documented API.
BUTTON, JS, API = "button", "js", "api"
ALLOWED = {
    "aftersales.callback": {
        "action_done": BUTTON,
        "action_cancel": BUTTON,
        "action_reset": BUTTON,
        "action_open_request": BUTTON,
        "action_open_complaint": BUTTON,
    },
    "aftersales.complaint": {
        "action_start": BUTTON,
        "action_approve_solution": BUTTON,
        "action_answer": BUTTON,
        "action_reopen": BUTTON,
        "action_close": BUTTON,
        "action_cancel": BUTTON,
        "action_reset": BUTTON,
        "action_view_callbacks": BUTTON,
        "action_view_penalties": BUTTON,
        "action_raise_penalty": BUTTON,
    },
    "aftersales.discount.slip": {
        "action_submit": BUTTON,
        "action_approve": BUTTON,
        "action_reject": BUTTON,
        "action_reset_to_draft": BUTTON,
        "action_cancel": BUTTON,
        "action_post": BUTTON,
        "action_view_credit_note": BUTTON,
    },
    "aftersales.dispatch.wizard": {"action_propose": BUTTON, "action_confirm": BUTTON},
    "aftersales.monthly.summary.wizard": {"action_print": BUTTON},
    "aftersales.old.part": {
        "action_recover": BUTTON,
        "action_write_off": BUTTON,
        "action_return_central": BUTTON,
        "action_return_supplier": BUTTON,
    },
    "aftersales.part.line": {
        "action_issue": BUTTON,
        "action_return": BUTTON,
        "action_cancel": BUTTON,
        "action_find_part": BUTTON,
    },
    "aftersales.parts.reconciliation": {
        "action_compute": BUTTON,
        "action_confirm": BUTTON,
        "action_reset": BUTTON,
        "action_print": BUTTON,
    },
    "aftersales.parts.shortage.wizard": {"action_search": BUTTON, "action_drop_ship": BUTTON},
    "aftersales.parts.shortage.wizard.line": {"action_request_transfer": BUTTON},
    "aftersales.parts.transfer": {
        "action_submit": BUTTON,
        "action_approve": BUTTON,
        "action_reject": BUTTON,
        "action_reset": BUTTON,
        "action_cancel": BUTTON,
        "action_receive": BUTTON,
    },
    "aftersales.penalty": {
        "action_confirm": BUTTON,
        "action_done": BUTTON,
        "action_cancel": BUTTON,
        "action_reset": BUTTON,
    },
    "aftersales.replenishment.wizard": {"action_suggest": BUTTON, "action_apply": BUTTON},
    "aftersales.request": {
        # aftersales_service
        "action_assign": BUTTON,
        "action_schedule": BUTTON,
        "action_done": BUTTON,
        "action_close": BUTTON,
        "action_cancel": BUTTON,
        "action_reject": BUTTON,
        "action_request_revisit": BUTTON,
        "action_reopen": BUTTON,
        "action_view_followups": BUTTON,
        "action_create_opportunity": BUTTON,
        "action_optimise_routes": BUTTON,
        "action_start_travel": BUTTON,
        "action_start": BUTTON,
        "action_check_in": JS,  # checkin_button.js, with the phone's position
        "action_view_complaints": BUTTON,
        "action_view_callbacks": BUTTON,
        "action_mark_replied": BUTTON,
        # aftersales_parts
        "action_issue_parts": BUTTON,
        "action_confirm_parts_used": BUTTON,
        "action_return_parts": BUTTON,
        "action_create_invoice": BUTTON,
        "action_view_invoice": BUTTON,
        "action_view_parts_moves": BUTTON,
        "action_view_old_parts": BUTTON,
        "action_view_parts_transfers": BUTTON,
        # aftersales_warranty
        "action_warranty_evaluate": BUTTON,
        "action_view_warranty_card": BUTTON,
        # aftersales_workshop
        "action_receive_in_workshop": BUTTON,
    },
    "aftersales.request.reason.wizard": {"action_confirm": BUTTON},
    "aftersales.correction.wizard": {"action_confirm": BUTTON},
    "aftersales.warranty.card": {
        "evaluate_claim": API,
        "evaluate_claims": API,
        "action_view_repairs": BUTTON,
        "action_evaluate": BUTTON,
        "action_close": BUTTON,
        "action_print": BUTTON,
    },
    "aftersales.warranty.claim": {
        "action_submit": BUTTON,
        "action_approve": BUTTON,
        "action_reject": BUTTON,
        "action_reset": BUTTON,
        "action_cancel": BUTTON,
        "action_create_invoice": BUTTON,
        "action_settle": BUTTON,
        "action_view_invoice": BUTTON,
        "action_view_requests": BUTTON,
    },
    "aftersales.warranty.claim.line": {"action_correct_figure": BUTTON},
    "aftersales.warranty.claim.generate.wizard": {"action_generate": BUTTON},
    "aftersales.warranty.policy": {"action_view_cards": BUTTON},
    "aftersales.warranty.remedy.wizard": {"action_record": BUTTON, "action_apply": BUTTON},
    "aftersales.workshop.job": {
        "action_sign_reception": BUTTON,
        "action_send_estimate": BUTTON,
        "action_revise": BUTTON,
        "action_submit_qc": BUTTON,
        "action_deliver": BUTTON,
        "action_cancel": BUTTON,
        "action_view_request": BUTTON,
        # the estimate, the consent and the settlement
        "action_send_amendment": BUTTON,
        "action_sign_at_counter": BUTTON,
        "action_record_phone_consent": BUTTON,
        "action_refuse_items": BUTTON,
        "action_view_quotations": BUTTON,
        "action_view_invoices": BUTTON,
        "action_print_settlement": BUTTON,
        "action_self_check": BUTTON,
        "action_final_check": BUTTON,
    },
    "aftersales.workshop.consent.wizard": {"action_confirm": BUTTON},
    "aftersales.workshop.refusal.wizard": {"action_confirm": BUTTON},
    "sale.order": {"action_view_aftersales_workshop_job": BUTTON},
    "aftersales.workshop.qc": {"action_record": BUTTON},
    "aftersales.workshop.promise.wizard": {"action_confirm": BUTTON},
    "crm.lead": {
        "action_create_aftersales_request": BUTTON,
        "action_view_aftersales_requests": BUTTON,
    },
    "hr.employee": {"action_aftersales_create_van": BUTTON},
    "res.partner": {
        "action_view_aftersales_requests": BUTTON,
        "action_new_aftersales_request": BUTTON,
    },
}

# Public names kept for Python callers but closed to RPC (@api.private).
PRIVATE = {
    "aftersales.part.line": {"action_confirm_use"},  # through the request's button only
    "aftersales.request": {"action_create_followup"},  # no button; used from code
    "aftersales.workshop.job": {"workshop_dashboard_counts"},  # the dashboard's counters, from Python
    "stock.warehouse": {"action_aftersales_make_depot"},  # no button; used from code
}


def is_private(model, name):
    """As the RPC dispatcher decides it (odoo.service.model)."""
    try:
        get_public_method(model, name)
    except AccessError:
        return True
    return False


@tagged("post_install", "-at_install")
class TestRpcSurfaceCensus(SuiteCase, TransactionCase):
    def _suite_models(self):
        """Models the three addons create or extend, as ir.model lists them."""
        IrModel = self.env["ir.model"]
        ids = (
            self.env["ir.model.data"]
            .search([("model", "=", "ir.model"), ("module", "in", ADDONS)])
            .mapped("res_id")
        )
        records = IrModel.browse(ids).filtered(
            lambda m: any(mod.startswith("aftersales_") for mod in (m.modules or "").split(", "))
        )
        return sorted(set(records.mapped("model")))

    def _public_methods(self, model_name):
        """{name: defining module} of the public functions our classes define."""
        cls = type(self.env[model_name])
        found = {}
        for klass in cls.mro():
            if not klass.__module__.startswith(PREFIX):
                continue
            for name, attr in vars(klass).items():
                if name.startswith("_") or not inspect.isfunction(attr):
                    continue
                found.setdefault(name, klass.__module__)
        return found

    def _is_framework_method(self, model_name, name):
        """ORM override, onchange/compute, or override of an upstream method."""
        if name in ORM_METHODS:
            return True
        cls = type(self.env[model_name])
        attr = getattr(cls, name)
        if getattr(attr, "_onchange", None) or getattr(attr, "_depends", None):
            return True
        return any(name in vars(klass) for klass in cls.mro()[1:] if not klass.__module__.startswith(PREFIX))

    def test_models_are_found(self):
        models = self._suite_models()
        for name in (
            "aftersales.request",
            "aftersales.part.line",
            "aftersales.warranty.card",
            "res.partner",
            "stock.warehouse",
        ):
            self.assertIn(name, models)
        # Every model carrying code of ours is listed by ir.model.
        with_code = {
            name
            for name in self.env.registry
            if any(k.__module__.startswith(PREFIX) for k in type(self.env[name]).mro())
        }
        self.assertLessEqual(with_code, set(models))

    def test_every_public_method_is_allowed_or_private(self):
        unlisted, seen = [], set()
        for model_name in self._suite_models():
            model = self.env[model_name]
            for name, module in sorted(self._public_methods(model_name).items()):
                seen.add((model_name, name))
                if self._is_framework_method(model_name, name):
                    continue
                if name in ALLOWED.get(model_name, {}):
                    self.assertFalse(
                        is_private(model, name),
                        f"{model_name}.{name} is in ALLOWED but private: drop it from ALLOWED",
                    )
                    continue
                if is_private(model, name):
                    # The flag Odoo's @api.private sets, on our own function.
                    self.assertTrue(
                        any(getattr(vars(k).get(name), "_api_private", False) for k in type(model).mro()),
                    )
                    continue
                unlisted.append(f"{model_name}.{name} ({module})")
        self.assertFalse(
            unlisted,
            "Public methods callable over RPC but not in ALLOWED: list them in "
            "tests/test_rpc_surface.py (a button or the documented API) or mark them "
            "@api.private / rename them with a leading underscore:\n  " + "\n  ".join(unlisted),
        )
        # No stale entries: each allowed or private name still exists.
        for table in (ALLOWED, PRIVATE):
            for model_name, names in table.items():
                for name in names:
                    self.assertIn((model_name, name), seen, f"{model_name}.{name} no longer exists")

    def test_private_table_is_private(self):
        for model_name, names in PRIVATE.items():
            for name in names:
                self.assertTrue(is_private(self.env[model_name], name), f"{model_name}.{name}")

    def test_allowed_buttons_are_in_views(self):
        """An ALLOWED button is on a view of the suite; otherwise it should be
        private, not allowed."""
        view_ids = (
            self.env["ir.model.data"]
            .search([("model", "=", "ir.ui.view"), ("module", "in", ADDONS)])
            .mapped("res_id")
        )
        archs = "\n".join(self.env["ir.ui.view"].browse(view_ids).mapped("arch_db"))
        missing = [
            f"{model_name}.{name}"
            for model_name, names in ALLOWED.items()
            for name, kind in names.items()
            if kind == BUTTON and f'name="{name}"' not in archs
        ]
        self.assertFalse(missing, f"Allowed as buttons but on no view: {missing}")


@tagged("post_install", "-at_install")
class TestRpcSurfaceHttp(SuiteCase, HttpCase):
    """Private methods refused over real JSON-2 and JSON-RPC; the documented
    API answers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.agent = new_test_user(
            cls.env,
            "rpc_surface_agent",
            groups="base.group_user,aftersales_service.group_aftersales_supervisor",
        )
        categ = cls.env["product.category"].create({"name": "RPC 测试冰箱"})
        cls.env["aftersales.warranty.policy"].create(
            {
                "name": "RPC 测试三包",
                "warranty_months": 12,
                "main_part_months": 36,
                "product_categ_ids": [(6, 0, categ.ids)],
            }
        )
        product = cls.env["product.product"].create(
            {
                "name": "RPC 测试冰箱",
                "categ_id": categ.id,
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
            }
        )
        customer = cls.env["res.partner"].create({"name": "RPC 测试客户"})
        cls.card = cls.env["aftersales.warranty.card"].create(
            {
                "lot_id": cls.env["stock.lot"].create({"name": "RPC-SN-1", "product_id": product.id}).id,
                "partner_id": customer.id,
                "invoice_date": fields.Date.context_today(cls.env.user) - timedelta(days=30),
                "price": 2999.0,
            }
        )
        cls.request_rec = cls.env["aftersales.request"].create(
            {
                "partner_id": customer.id,
                "contact_name": "RPC 测试客户",
                "contact_phone": "13800001111",
                "fault_description": "RPC 测试：不制冷",
            }
        )
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.env.company.id)], limit=1)
        cls.key = (
            cls.env["res.users.apikeys"]
            .with_user(cls.agent)
            ._generate(scope="rpc", name="rpc surface", expiration_date=datetime.now() + timedelta(days=0.5))
        )
        cls.fault_date = (fields.Date.context_today(cls.env.user) - timedelta(days=2)).isoformat()

    # ------------------------------------------------------------------ helpers
    def _json2(self, model, method, **params):
        return self.url_open(
            f"/json/2/{model}/{method}",
            json=params,
            headers={"Authorization": f"Bearer {self.key}", "X-Odoo-Database": get_db_name()},
        )

    def _execute_kw(self, model, method, args, kwargs=None):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {
                "service": "object",
                "method": "execute_kw",
                "args": [get_db_name(), self.agent.id, self.agent.login, model, method, args, kwargs or {}],
            },
        }
        response = self.url_open("/jsonrpc", json=payload)
        self.assertEqual(response.status_code, 200)
        return response.json()

    PRIVATE_CALLS = (
        # (model, method, ids, kwargs): the @api.private ones and some "_" ones.
        ("aftersales.part.line", "action_confirm_use", [], {}),
        ("aftersales.request", "action_create_followup", "request", {}),
        ("stock.warehouse", "action_aftersales_make_depot", "warehouse", {}),
        ("aftersales.warranty.card", "_check_can_evaluate", "card", {}),
        ("aftersales.warranty.card", "_hash_key", [], {}),
        ("aftersales.request", "_portal_record_satisfaction", "request", {"score": 1, "comment": "rpc"}),
    )

    def _ids(self, ids):
        return (
            {"request": self.request_rec.ids, "warehouse": self.warehouse.ids, "card": self.card.ids}.get(
                ids, ids
            )
            if isinstance(ids, str)
            else ids
        )

    def _assert_untouched(self):
        self.assertFalse(
            self.env["aftersales.request"].search_count([("parent_id", "=", self.request_rec.id)])
        )
        self.request_rec.invalidate_recordset()
        self.assertFalse(self.request_rec.portal_satisfaction)

    # ------------------------------------------------------------------ JSON-2
    def test_json2_refuses_private_methods(self):
        for model, method, ids, kwargs in self.PRIVATE_CALLS:
            with self.subTest(model=model, method=method):
                response = self._json2(model, method, ids=self._ids(ids), **kwargs)
                self.assertEqual(response.status_code, 403, response.text)
                body = response.json()
                self.assertEqual(body["name"], "odoo.exceptions.AccessError")
                self.assertIn("cannot be called remotely", body["message"])
        self._assert_untouched()

    def test_json2_allows_the_documented_api(self):
        response = self._json2(
            "aftersales.warranty.card",
            "evaluate_claim",
            ids=self.card.ids,
            fault_date=self.fault_date,
            component="unit",
        )
        self.assertEqual(response.status_code, 200, response.text)
        result = response.json()
        self.assertEqual(result["card_id"], self.card.id)
        self.assertIn("free", result)
        self.assertIn("remedies", result)
        batch = self._json2(
            "aftersales.warranty.card",
            "evaluate_claims",
            ids=self.card.ids,
            fault_date=self.fault_date,
        )
        self.assertEqual(batch.status_code, 200, batch.text)
        self.assertEqual([r["card_id"] for r in batch.json()], self.card.ids)
        # A button of the allowed table answers too.
        button = self._json2("aftersales.warranty.card", "action_view_repairs", ids=self.card.ids)
        self.assertEqual(button.status_code, 200, button.text)
        self.assertEqual(button.json()["res_model"], "aftersales.warranty.repair")

    def test_json2_without_key_is_refused(self):
        response = self.url_open(
            "/json/2/aftersales.warranty.card/evaluate_claim",
            json={"ids": self.card.ids, "fault_date": self.fault_date},
            headers={"X-Odoo-Database": get_db_name()},
        )
        self.assertEqual(response.status_code, 401, response.text)

    # ------------------------------------------------------------------ JSON-RPC
    def test_jsonrpc_refuses_private_methods(self):
        for model, method, ids, kwargs in self.PRIVATE_CALLS:
            with self.subTest(model=model, method=method):
                body = self._execute_kw(model, method, [self._ids(ids)], kwargs)
                self.assertIn("error", body, body)
                self.assertEqual(body["error"]["data"]["name"], "odoo.exceptions.AccessError")
                self.assertIn("cannot be called remotely", body["error"]["data"]["message"])
        self._assert_untouched()

    def test_jsonrpc_allows_the_documented_api(self):
        body = self._execute_kw(
            "aftersales.warranty.card",
            "evaluate_claim",
            [self.card.ids],
            {"fault_date": self.fault_date},
        )
        self.assertNotIn("error", body, body)
        self.assertEqual(body["result"]["card_id"], self.card.id)
