"""Access rights and record rules of the three addons (issue 7, "Security").

The EXPECTED table is the intended policy, written out by hand: one row per
(role, model), the four operations read/write/create/unlink. Every model the
three addons define must have a row for every role; a model missing from the
table fails the test. Wizards (transient models) have their own table, create
only. The record rules are then checked on real records: technicians see their
own jobs, portal customers their own records, depot keepers their own depots,
and two companies never see each other's data.
"""

from datetime import timedelta

from odoo import Command, fields
from odoo.addons.aftersales_parts.tests import common as parts_common
from odoo.addons.aftersales_warranty.tests import common as warranty_common
from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from ._base import SuiteCase

ADDONS = ("aftersales_service", "aftersales_parts", "aftersales_warranty")
OPS = ("read", "write", "create", "unlink")
ROLES = ("agent", "technician", "dispatcher", "supervisor", "manager", "keeper", "portal", "public")

ROLE_GROUPS = {
    "agent": "aftersales_service.group_aftersales_agent",
    "technician": "aftersales_service.group_aftersales_technician",
    "dispatcher": "aftersales_service.group_aftersales_dispatcher",
    "supervisor": "aftersales_service.group_aftersales_supervisor",
    "manager": "aftersales_service.group_aftersales_manager",
    "keeper": "aftersales_parts.group_aftersales_depot_keeper",
    "portal": "base.group_portal",
}

NONE = "----"
R = "r---"
RW = "rw--"
RWC = "rwc-"
RC = "r-c-"
ALL = "rwcu"

# Roles, in the order of ROLES:
#   agent technician dispatcher supervisor manager keeper portal public
EXPECTED = {
    # ---- aftersales_service: configuration, readable by every employee
    "aftersales.county":               (R, R, R, R, ALL, R, NONE, NONE),
    "aftersales.stage":                (R, R, R, R, ALL, R, NONE, NONE),
    "aftersales.team":                 (R, R, R, R, ALL, R, NONE, NONE),
    "aftersales.sla.policy":           (R, R, R, R, ALL, R, NONE, NONE),
    "aftersales.complaint.class":      (R, R, R, R, ALL, R, R, NONE),
    # ---- aftersales_service: the work
    "aftersales.request":              (RWC, RW, RWC, RWC, ALL, RWC, R, NONE),
    "aftersales.complaint":            (RWC, NONE, RWC, RWC, ALL, RWC, R, NONE),
    "aftersales.callback":             (RWC, NONE, RWC, RWC, ALL, RWC, NONE, NONE),
    "aftersales.penalty":              (NONE, NONE, NONE, RWC, ALL, NONE, NONE, NONE),
    "aftersales.discount.slip":        (NONE, NONE, NONE, RWC, ALL, NONE, NONE, NONE),
    "aftersales.discount.slip.line":   (NONE, NONE, NONE, ALL, ALL, NONE, NONE, NONE),
    # ---- aftersales_service: reports (SQL views), supervisors read
    "aftersales.request.report":       (NONE, NONE, NONE, R, R, NONE, NONE, NONE),
    "aftersales.callback.report":      (NONE, NONE, NONE, R, R, NONE, NONE, NONE),
    "aftersales.complaint.report":     (NONE, NONE, NONE, R, R, NONE, NONE, NONE),
    # ---- aftersales_parts (the keeper group implies the agent group)
    "aftersales.part.line":            (ALL, RW, ALL, ALL, ALL, ALL, NONE, NONE),
    "aftersales.old.part":             (R, R, R, RWC, RWC, RWC, NONE, NONE),
    "aftersales.parts.transfer":       (RWC, NONE, RWC, RWC, ALL, RWC, NONE, NONE),
    "aftersales.parts.reconciliation": (R, NONE, R, ALL, ALL, ALL, NONE, NONE),
    "aftersales.parts.reconciliation.line": (R, NONE, R, ALL, ALL, ALL, NONE, NONE),
    # ---- aftersales_warranty
    "aftersales.warranty.policy":      (R, R, R, RWC, ALL, R, NONE, NONE),
    "aftersales.warranty.policy.accessory": (R, R, R, ALL, ALL, R, NONE, NONE),
    "aftersales.warranty.card":        (RC, R, RC, RWC, ALL, RC, R, NONE),
    "aftersales.warranty.repair":      (RC, R, RC, RWC, ALL, RC, R, NONE),
    "aftersales.warranty.claim":       (R, NONE, R, ALL, ALL, RWC, NONE, NONE),
    "aftersales.warranty.claim.line":  (R, NONE, R, ALL, ALL, ALL, NONE, NONE),
    "aftersales.warranty.claim.history": (R, NONE, R, R, R, R, NONE, NONE),
}

# Wizards: may the role open (create) it?
#   agent technician dispatcher supervisor manager keeper portal public
EXPECTED_WIZARD_CREATE = {
    "aftersales.request.reason.wizard":        (1, 1, 1, 1, 1, 1, 0, 0),
    "aftersales.dispatch.wizard":              (0, 0, 1, 1, 1, 0, 0, 0),
    "aftersales.dispatch.wizard.line":         (0, 0, 1, 1, 1, 0, 0, 0),
    "aftersales.monthly.summary.wizard":       (0, 0, 0, 1, 1, 0, 0, 0),
    "aftersales.parts.shortage.wizard":        (1, 0, 1, 1, 1, 1, 0, 0),
    "aftersales.parts.shortage.wizard.line":   (1, 0, 1, 1, 1, 1, 0, 0),
    "aftersales.replenishment.wizard":         (0, 0, 0, 1, 1, 1, 0, 0),
    "aftersales.replenishment.wizard.line":    (0, 0, 0, 1, 1, 1, 0, 0),
    "aftersales.warranty.remedy.wizard":       (1, 0, 1, 1, 1, 1, 0, 0),
    "aftersales.warranty.claim.generate.wizard": (0, 0, 0, 1, 1, 1, 0, 0),
}


def _flags(code):
    return dict(zip(OPS, (c != "-" for c in code), strict=True))


class SecurityFixture(SuiteCase, parts_common.PartsCase, warranty_common.WarrantyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {
            role: new_test_user(cls.env, f"sec_{role}", groups=group, name=f"sec {role}")
            for role, group in ROLE_GROUPS.items()
        }
        cls.users["public"] = cls.env.ref("base.public_user")


class TestAccessMatrix(SecurityFixture):
    def _own_models(self, transient):
        """The models the three addons define (not the ones they extend)."""
        imd = self.env["ir.model.data"].search([("model", "=", "ir.model"), ("module", "in", ADDONS)])
        models = self.env["ir.model"].browse(imd.mapped("res_id")).mapped("model")
        own = set()
        for name in models:
            model = self.env[name]
            if model._abstract or model._original_module not in ADDONS:
                continue
            if bool(model._transient) == transient:
                own.add(name)
        return own

    def test_table_covers_every_model(self):
        self.assertEqual(set(EXPECTED), self._own_models(transient=False),
                         "EXPECTED must have a row for every model of the three addons, no more")
        self.assertEqual(set(EXPECTED_WIZARD_CREATE), self._own_models(transient=True),
                         "EXPECTED_WIZARD_CREATE must have a row for every wizard, no more")
        for table in (EXPECTED, EXPECTED_WIZARD_CREATE):
            for model, row in table.items():
                self.assertEqual(len(row), len(ROLES), model)

    def test_model_access_matrix(self):
        for model, row in EXPECTED.items():
            for role, code in zip(ROLES, row, strict=True):
                records = self.env[model].with_user(self.users[role]).browse()
                for op, allowed in _flags(code).items():
                    with self.subTest(model=model, role=role, op=op):
                        self.assertEqual(records.has_access(op), allowed)
                        if allowed:
                            records.check_access(op)
                        else:
                            with self.assertRaises(AccessError):
                                records.check_access(op)

    def test_wizard_create_matrix(self):
        for model, row in EXPECTED_WIZARD_CREATE.items():
            for role, allowed in zip(ROLES, row, strict=True):
                with self.subTest(model=model, role=role):
                    records = self.env[model].with_user(self.users[role]).browse()
                    self.assertEqual(records.has_access("create"), bool(allowed))

    def test_matrix_matches_roles(self):
        """The roles' users really are what the table names (a mistyped group
        would make every row of a role wrong)."""
        public = self.users["public"]
        self.assertTrue(public._is_public())
        self.assertTrue(self.users["portal"]._is_portal())
        self.assertTrue(self.users["supervisor"].has_group("aftersales_parts.group_aftersales_depot_keeper"))
        self.assertFalse(self.users["dispatcher"].has_group("aftersales_parts.group_aftersales_depot_keeper"))
        self.assertFalse(self.users["manager"].has_group("aftersales_service.group_aftersales_technician"))


class TestRecordRules(SecurityFixture):
    def _visible(self, user, records):
        return records.with_user(user).search([("id", "in", records.ids)]).with_env(self.env)

    def assertSees(self, user, records, expected, msg=None):
        self.assertEqual(self._visible(user, records), expected, msg)

    # ---------------------------------------------------------- technician

    def test_technician_sees_only_own_jobs(self):
        mine = self._job(technician=self.technician)
        other = self._job(technician=self.other_technician)
        unassigned = self._job()
        requests = mine | other | unassigned
        lines = self._line(mine) | self._line(other)
        old_parts = self.env["aftersales.old.part"].create([
            {"request_id": req.id, "depot_id": self.depot.id, "product_id": self.compressor.id, "quantity": 1.0}
            for req in (mine, other)
        ])
        tech = self.tech_user
        self.assertSees(tech, requests, mine)
        self.assertSees(tech, lines, lines.filtered(lambda line: line.request_id == mine))
        self.assertSees(tech, old_parts, old_parts.filtered(lambda part: part.request_id == mine))
        self.assertTrue(other.with_user(tech).browse(other.id).has_access("read") is False)
        # the agent and the supervisor see every job
        for role in ("agent", "supervisor"):
            self.assertSees(self.users[role], requests, requests, role)
            self.assertSees(self.users[role], lines, lines, role)

    def test_technician_reads_only_cards_of_own_jobs(self):
        mine = self._card()
        other = self._card()
        loose = self._card()
        self._new_request(product_id=self.tv.id, lot_id=mine.lot_id.id, technician_id=self.technician.id)
        self._new_request(product_id=self.tv.id, lot_id=other.lot_id.id,
                          technician_id=self.other_technician.id)
        cards = mine | other | loose
        self.assertEqual(mine.request_ids.technician_user_id, self.tech_user)
        self.assertSees(self.tech_user, cards, mine)
        self.assertSees(self.other_tech_user, cards, other)
        self.assertSees(self.users["agent"], cards, cards)
        self.assertSees(self.users["supervisor"], cards, cards)

    # ---------------------------------------------------------- portal

    def test_portal_customer_sees_only_own_records(self):
        portal = self.users["portal"]
        own_partner = portal.partner_id
        own_request = self._new_request(partner_id=own_partner.id)
        other_request = self._new_request()
        Complaint = self.env["aftersales.complaint"]
        complaint_vals = {"promised_date": fields.Date.today() + timedelta(days=3), "customer_words": "师傅上门迟到"}
        own_complaint = Complaint.create({"partner_id": own_partner.id, **complaint_vals})
        other_complaint = Complaint.create({"partner_id": self.customer.id, **complaint_vals})
        own_card = self._card(partner=own_partner)
        other_card = self._card()
        self.assertSees(portal, own_request | other_request, own_request)
        self.assertSees(portal, own_complaint | other_complaint, own_complaint)
        self.assertSees(portal, own_card | other_card, own_card)
        for record in (own_request, own_complaint, own_card):
            self.assertFalse(record.with_user(portal).has_access("write"), record._name)
        public = self.users["public"]
        for record in (own_request, own_complaint, own_card):
            self.assertFalse(record.with_user(public).has_access("read"), record._name)

    # ---------------------------------------------------------- depot keeper

    def test_depot_keeper_sees_only_own_depots(self):
        keeper = self.users["keeper"]
        self.depot.aftersales_keeper_id = keeper
        Transfer = self.env["aftersales.parts.transfer"]
        base = {"product_id": self.compressor.id, "quantity": 1.0}
        to_mine = Transfer.create({**base, "dest_depot_id": self.depot.id, "source_depot_id": self.central.id})
        from_mine = Transfer.create({**base, "dest_depot_id": self.beijing.id, "source_depot_id": self.depot.id})
        elsewhere = Transfer.create({**base, "dest_depot_id": self.beijing.id, "source_depot_id": self.central.id})
        transfers = to_mine | from_mine | elsewhere
        job = self._job()
        OldPart = self.env["aftersales.old.part"]
        old_mine = OldPart.create({"request_id": job.id, "depot_id": self.depot.id,
                                   "product_id": self.compressor.id, "quantity": 1.0})
        old_other = OldPart.create({"request_id": job.id, "depot_id": self.beijing.id,
                                    "product_id": self.compressor.id, "quantity": 1.0})
        old_parts = old_mine | old_other
        self.assertSees(keeper, transfers, to_mine | from_mine)
        self.assertSees(keeper, old_parts, old_mine)
        self.assertTrue(old_mine.with_user(keeper).has_access("write"))
        self.assertFalse(old_other.with_user(keeper).has_access("write"))
        # supervisors imply the keeper group and still see every depot, as do
        # managers, and agents and dispatchers (no keeper group)
        for role in ("supervisor", "manager", "agent", "dispatcher"):
            self.assertSees(self.users[role], transfers, transfers, role)
            self.assertSees(self.users[role], old_parts, old_parts, role)

    # ---------------------------------------------------------- companies

    def test_companies_never_see_each_other(self):
        env = self.env
        company_b = env["res.company"].create({"name": "乙公司 售后"})
        env_b = env(context=dict(env.context, allowed_company_ids=[company_b.id]))
        user_b = new_test_user(env, "sec_manager_b", groups=ROLE_GROUPS["manager"], name="乙公司 经理",
                               company_id=company_b.id, company_ids=[Command.set(company_b.ids)])
        user_a = self.users["manager"]
        partner_b = env["res.partner"].create({"name": "乙公司客户", "phone": "020-87654321",
                                               "company_id": company_b.id})
        warehouse_b = env["stock.warehouse"].search([("company_id", "=", company_b.id)], limit=1)
        warehouse_b2 = env["stock.warehouse"].create({"name": "乙公司 二库", "code": "SB2",
                                                      "company_id": company_b.id})
        complaint_vals = {"promised_date": fields.Date.today() + timedelta(days=3), "customer_words": "没人管"}
        a = {
            "aftersales.request": self._new_request(),
            "aftersales.parts.transfer": env["aftersales.parts.transfer"].create({
                "product_id": self.compressor.id, "quantity": 1.0,
                "dest_depot_id": self.depot.id, "source_depot_id": self.central.id}),
            "aftersales.warranty.card": self._card(),
            "aftersales.warranty.claim": env["aftersales.warranty.claim"].create(
                {"manufacturer_id": self.manufacturer.id}),
            "aftersales.complaint": env["aftersales.complaint"].create(
                {"partner_id": self.customer.id, **complaint_vals}),
        }
        lot_b = env["stock.lot"].create({"name": "SN-B-0001", "product_id": self.tv.id, "company_id": company_b.id})
        b = {
            "aftersales.request": env_b["aftersales.request"].create(
                self._request_vals(partner_id=partner_b.id, company_id=company_b.id)),
            "aftersales.parts.transfer": env_b["aftersales.parts.transfer"].create({
                "product_id": self.compressor.id, "quantity": 1.0, "company_id": company_b.id,
                "dest_depot_id": warehouse_b.id, "source_depot_id": warehouse_b2.id}),
            "aftersales.warranty.card": env_b["aftersales.warranty.card"].create({
                "lot_id": lot_b.id, "partner_id": partner_b.id, "company_id": company_b.id,
                "invoice_date": self._days_ago(30), "price": 3000.0}),
            "aftersales.warranty.claim": env_b["aftersales.warranty.claim"].create(
                {"manufacturer_id": self.manufacturer.id, "company_id": company_b.id}),
            "aftersales.complaint": env_b["aftersales.complaint"].create(
                {"partner_id": partner_b.id, "company_id": company_b.id, **complaint_vals}),
        }
        for model in a:
            with self.subTest(model=model):
                rec_a, rec_b = a[model].with_env(env), b[model].with_env(env)
                self.assertEqual(rec_b.company_id, company_b)
                self.assertSees(user_a, rec_a | rec_b, rec_a)
                self.assertSees(user_b, rec_a | rec_b, rec_b)
                self.assertFalse(rec_b.with_user(user_a).has_access("read"))
                self.assertFalse(rec_a.with_user(user_b).has_access("read"))
