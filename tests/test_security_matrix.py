"""Access rights and record rules of the three addons (issue 7, "Security").

The EXPECTED table is the intended policy, written out by hand: one row per
(role, model), the four operations read/write/create/unlink. Every model the
three addons define must have a row for every role; a model missing from the
table fails the test. Wizards (transient models) have their own table, create
only. The record rules are then checked on real records: technicians see their
own jobs (and the cards and repair logs of them), portal customers their own
records, depot keepers their own depots (transfers, old parts, reconciliations,
and in Odoo stock the quants, pickings and moves) while still doing their work
there as themselves, and two companies never see each other's data.
"""

from datetime import timedelta

from odoo import Command, fields
from odoo.addons.aftersales_parts.tests import common as parts_common
from odoo.addons.aftersales_warranty.tests import common as warranty_common
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user

from ._base import SuiteCase

ADDONS = ("aftersales_service", "aftersales_parts", "aftersales_warranty", "aftersales_workshop")
OPS = ("read", "write", "create", "unlink")
ROLES = (
    "agent",
    "technician",
    "dispatcher",
    "supervisor",
    "manager",
    "keeper",
    "portal",
    "public",
    "advisor",
    "inspector",
)

ROLE_GROUPS = {
    "agent": "aftersales_service.group_aftersales_agent",
    "technician": "aftersales_service.group_aftersales_technician",
    "dispatcher": "aftersales_service.group_aftersales_dispatcher",
    "supervisor": "aftersales_service.group_aftersales_supervisor",
    "manager": "aftersales_service.group_aftersales_manager",
    "keeper": "aftersales_parts.group_aftersales_depot_keeper",
    "portal": "base.group_portal",
    "advisor": "aftersales_workshop.group_aftersales_advisor",
    "inspector": "aftersales_workshop.group_aftersales_inspector",
}

NONE = "----"
R = "r---"
RW = "rw--"
RWC = "rwc-"
RC = "r-c-"
ALL = "rwcu"

# Roles, in the order of ROLES:
#   agent technician dispatcher supervisor manager keeper portal public advisor inspector
EXPECTED = {
    # ---- aftersales_service: configuration, readable by every employee
    "aftersales.county": (R, R, R, R, ALL, R, NONE, NONE, R, R),
    "aftersales.stage": (R, R, R, R, ALL, R, NONE, NONE, R, R),
    # Supervisors organise the service teams (members, leader, counties covered).
    "aftersales.team": (R, R, R, RW, ALL, R, NONE, NONE, R, R),
    "aftersales.sla.policy": (R, R, R, R, ALL, R, NONE, NONE, R, R),
    "aftersales.complaint.class": (R, R, R, R, ALL, R, R, NONE, R, R),
    # ---- aftersales_service: the work
    # Inspectors read the requests of the workshop jobs they check (record rule).
    "aftersales.request": (RWC, RW, RWC, RWC, ALL, RWC, R, NONE, RWC, R),
    "aftersales.complaint": (RWC, NONE, RWC, RWC, ALL, RWC, R, NONE, RWC, NONE),
    "aftersales.callback": (RWC, NONE, RWC, RWC, ALL, RWC, NONE, NONE, RWC, NONE),
    "aftersales.penalty": (NONE, NONE, NONE, RWC, ALL, NONE, NONE, NONE, NONE, NONE),
    "aftersales.discount.slip": (NONE, NONE, NONE, RWC, ALL, NONE, NONE, NONE, NONE, NONE),
    "aftersales.discount.slip.line": (NONE, NONE, NONE, ALL, ALL, NONE, NONE, NONE, NONE, NONE),
    # Meter readings: the suite records them in the user's step (create), nobody
    # edits them (every field a system figure); technicians read those of their jobs.
    "aftersales.meter.reading": (RC, RC, RC, RC, ALL, RC, NONE, NONE, RC, R),
    # ---- aftersales_service: reports (SQL views), supervisors read
    "aftersales.request.report": (NONE, NONE, NONE, R, R, NONE, NONE, NONE, NONE, NONE),
    "aftersales.callback.report": (NONE, NONE, NONE, R, R, NONE, NONE, NONE, NONE, NONE),
    "aftersales.complaint.report": (NONE, NONE, NONE, R, R, NONE, NONE, NONE, NONE, NONE),
    # ---- aftersales_parts (the keeper group implies the agent group)
    # Agents keep unlink on part lines: they plan the parts of a request and must
    # be able to drop a mistaken plan; the model refuses to delete a line once
    # issued (test_agent_deletes_only_planned_part_lines).
    "aftersales.part.line": (ALL, RW, ALL, ALL, ALL, ALL, NONE, NONE, ALL, NONE),
    "aftersales.old.part": (R, R, R, RWC, RWC, RWC, NONE, NONE, R, NONE),
    "aftersales.parts.transfer": (RWC, NONE, RWC, RWC, ALL, RWC, NONE, NONE, RWC, NONE),
    # The keeper is the one a reconciliation audits: they compute and confirm the
    # month of their own depots, never delete it (supervisors do), and read the
    # lines, which only Compute writes (as superuser): nobody writes or deletes a
    # line by hand, or a confirmed month would lose a difference.
    "aftersales.parts.reconciliation": (R, NONE, R, ALL, ALL, RWC, NONE, NONE, R, NONE),
    "aftersales.parts.reconciliation.line": (R, NONE, R, R, R, R, NONE, NONE, R, NONE),
    # ---- aftersales_warranty
    # The periods and the depreciation decide who pays: the manager's
    # configuration; the supervisor who executes a remedy does not set them.
    "aftersales.warranty.policy": (R, R, R, R, ALL, R, NONE, NONE, R, NONE),
    "aftersales.warranty.policy.accessory": (R, R, R, R, ALL, R, NONE, NONE, R, NONE),
    # Technicians and portal customers read the cards, and the repair logs of the
    # cards, of their own jobs / their own units only (record rules).
    "aftersales.warranty.card": (RC, R, RC, RWC, ALL, RC, R, NONE, RC, NONE),
    "aftersales.warranty.repair": (RC, R, RC, RWC, ALL, RC, R, NONE, RC, NONE),
    # A station (the depot keeper) prepares and submits the manufacturer claims;
    # only a supervisor approves, rejects, invoices, settles or deletes them.
    "aftersales.warranty.claim": (R, NONE, R, ALL, ALL, RWC, NONE, NONE, R, NONE),
    "aftersales.warranty.claim.line": (R, NONE, R, ALL, ALL, ALL, NONE, NONE, R, NONE),
    "aftersales.warranty.claim.history": (R, NONE, R, R, R, R, NONE, NONE, R, NONE),
    # ---- aftersales_workshop
    "aftersales.workshop": (R, R, R, R, ALL, R, NONE, NONE, R, R),
    "aftersales.workshop.job": (R, RW, R, ALL, ALL, R, NONE, NONE, RWC, RW),
    # The advisor writes the estimate; a technician proposes added items on own
    # jobs (record rule) and drops a proposal still unanswered (the model keeps
    # accepted and refused items).
    "aftersales.workshop.line": (R, ALL, R, ALL, ALL, R, NONE, NONE, ALL, R),
    # The reception's belongings: the advisor lists them (until the customer signs).
    "aftersales.workshop.belonging": (R, R, R, ALL, ALL, R, NONE, NONE, ALL, R),
    # Checklists: configuration, read by every employee.
    "aftersales.workshop.qc.template": (R, R, R, R, ALL, R, NONE, NONE, R, R),
    "aftersales.workshop.qc.template.item": (R, R, R, R, ALL, R, NONE, NONE, R, R),
    # Checks: the technician fills the self-check, the inspector the final check;
    # a recorded check is never deleted (the model refuses it).
    "aftersales.workshop.qc": (R, RWC, R, R, ALL, R, NONE, NONE, R, RWC),
    "aftersales.workshop.qc.line": (R, RWC, R, R, ALL, R, NONE, NONE, R, RWC),
    # Promise changes: recorded by the advisor's step, never edited.
    "aftersales.workshop.promise": (R, NONE, R, RC, RC, R, NONE, NONE, RC, NONE),
}

# Wizards: may the role open (create) it?
#   agent technician dispatcher supervisor manager keeper portal public advisor inspector
EXPECTED_WIZARD_CREATE = {
    "aftersales.request.reason.wizard": (1, 1, 1, 1, 1, 1, 0, 0, 1, 0),
    "aftersales.dispatch.wizard": (0, 0, 1, 1, 1, 0, 0, 0, 0, 0),
    "aftersales.dispatch.wizard.line": (0, 0, 1, 1, 1, 0, 0, 0, 0, 0),
    "aftersales.monthly.summary.wizard": (0, 0, 0, 1, 1, 0, 0, 0, 0, 0),
    "aftersales.correction.wizard": (0, 0, 0, 1, 1, 0, 0, 0, 0, 0),
    "aftersales.parts.shortage.wizard": (1, 0, 1, 1, 1, 1, 0, 0, 1, 0),
    "aftersales.parts.shortage.wizard.line": (1, 0, 1, 1, 1, 1, 0, 0, 1, 0),
    "aftersales.replenishment.wizard": (0, 0, 0, 1, 1, 1, 0, 0, 0, 0),
    "aftersales.replenishment.wizard.line": (0, 0, 0, 1, 1, 1, 0, 0, 0, 0),
    "aftersales.warranty.remedy.wizard": (1, 0, 1, 1, 1, 1, 0, 0, 1, 0),
    "aftersales.warranty.claim.generate.wizard": (0, 0, 0, 1, 1, 1, 0, 0, 0, 0),
    "aftersales.workshop.consent.wizard": (0, 0, 0, 1, 1, 0, 0, 0, 1, 0),
    "aftersales.workshop.refusal.wizard": (0, 0, 0, 1, 1, 0, 0, 0, 1, 0),
    "aftersales.workshop.promise.wizard": (0, 0, 0, 1, 1, 0, 0, 0, 1, 0),
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
        self.assertEqual(
            set(EXPECTED),
            self._own_models(transient=False),
            "EXPECTED must have a row for every model of the three addons, no more",
        )
        self.assertEqual(
            set(EXPECTED_WIZARD_CREATE),
            self._own_models(transient=True),
            "EXPECTED_WIZARD_CREATE must have a row for every wizard, no more",
        )
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
        old_parts = self.env["aftersales.old.part"].create(
            [
                {
                    "request_id": req.id,
                    "depot_id": self.depot.id,
                    "product_id": self.compressor.id,
                    "quantity": 1.0,
                }
                for req in (mine, other)
            ]
        )
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
        self._new_request(
            product_id=self.tv.id, lot_id=other.lot_id.id, technician_id=self.other_technician.id
        )
        cards = mine | other | loose
        self.assertEqual(mine.request_ids.technician_user_id, self.tech_user)
        self.assertSees(self.tech_user, cards, mine)
        self.assertSees(self.other_tech_user, cards, other)
        self.assertSees(self.users["agent"], cards, cards)
        self.assertSees(self.users["supervisor"], cards, cards)

    def test_technician_reads_only_repair_logs_of_own_jobs(self):
        mine = self._card()
        other = self._card()
        loose = self._card()
        job = self._new_request(
            product_id=self.tv.id, lot_id=mine.lot_id.id, technician_id=self.technician.id
        )
        earlier = self._new_request(
            product_id=self.tv.id, lot_id=mine.lot_id.id, technician_id=self.other_technician.id
        )
        other_job = self._new_request(
            product_id=self.tv.id, lot_id=other.lot_id.id, technician_id=self.other_technician.id
        )
        Repair = self.env["aftersales.warranty.repair"]
        day = fields.Date.context_today(self.env.user) - timedelta(days=20)

        def event(card, request=None, days=0):
            return Repair.create(
                {
                    "card_id": card.id,
                    "request_id": request.id if request else False,
                    "date_in": day + timedelta(days=days),
                    "component": "unit",
                }
            )

        mine_now = event(mine, job, days=10)
        # an earlier stay of the same unit, under another technician's job: part
        # of the unit's history the three-guarantee count needs
        mine_before = event(mine, earlier, days=1)
        others = event(other, other_job) | event(loose)
        events = mine_now | mine_before | others
        self.assertEqual(len(events), 4)
        tech = self.tech_user
        self.assertSees(tech, events, mine_now | mine_before)
        self.assertEqual(Repair.with_user(tech).search_count([("id", "in", events.ids)]), 2)
        self.assertEqual(mine.with_user(tech).repair_count, 2)
        with self.assertRaises(AccessError):
            others[0].with_user(tech).read(["date_in"])
        self.assertSees(self.other_tech_user, events, events - others[1])
        for role in ("agent", "supervisor"):
            self.assertSees(self.users[role], events, events, role)

    # ---------------------------------------------------------- portal

    def test_portal_customer_sees_only_own_records(self):
        portal = self.users["portal"]
        own_partner = portal.partner_id
        own_request = self._new_request(partner_id=own_partner.id)
        other_request = self._new_request()
        Complaint = self.env["aftersales.complaint"]
        complaint_vals = {
            "promised_date": fields.Date.context_today(self.env.user) + timedelta(days=3),
            "customer_words": "师傅上门迟到",
        }
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
        to_mine = Transfer.create(
            {**base, "dest_depot_id": self.depot.id, "source_depot_id": self.central.id}
        )
        from_mine = Transfer.create(
            {**base, "dest_depot_id": self.beijing.id, "source_depot_id": self.depot.id}
        )
        elsewhere = Transfer.create(
            {**base, "dest_depot_id": self.beijing.id, "source_depot_id": self.central.id}
        )
        transfers = to_mine | from_mine | elsewhere
        job = self._job()
        OldPart = self.env["aftersales.old.part"]
        old_mine = OldPart.create(
            {
                "request_id": job.id,
                "depot_id": self.depot.id,
                "product_id": self.compressor.id,
                "quantity": 1.0,
            }
        )
        old_other = OldPart.create(
            {
                "request_id": job.id,
                "depot_id": self.beijing.id,
                "product_id": self.compressor.id,
                "quantity": 1.0,
            }
        )
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

    def _keeper_of_depot(self):
        """The keeper role keeps Nanshan (self.depot) only; Guangzhou central and
        Haidian stay with the parts tests' keeper."""
        keeper = self.users["keeper"]
        self.depot.aftersales_keeper_id = keeper
        return keeper

    def test_depot_keeper_sees_only_own_stock(self):
        keeper = self._keeper_of_depot()
        self._stock(self.compressor, self.depot.lot_stock_id, 5)
        self._stock(self.compressor, self.depot.aftersales_field_location_id, 1)
        self._stock(self.compressor, self.beijing.lot_stock_id, 7)
        self._stock(self.compressor, self.central.lot_stock_id, 10)
        Quant = self.env["stock.quant"]
        domain = [("product_id", "=", self.compressor.id), ("quantity", ">", 0)]
        quants = Quant.search(domain)
        self.assertEqual(len(quants), 4)
        mine = quants.filtered(lambda q: q.location_id.warehouse_id == self.depot)
        other = quants.filtered(lambda q: q.location_id.warehouse_id == self.beijing)
        self.assertEqual(len(mine), 2)
        self.assertEqual(Quant.with_user(keeper).search_count(domain), 2)
        self.assertEqual(Quant.with_user(keeper).search(domain).ids, mine.ids)
        self.assertEqual(sum(Quant.with_user(keeper).search(domain).mapped("quantity")), 6)
        with self.assertRaises(AccessError):
            other.with_user(keeper).read(["quantity"])
        # The product's on-hand figure follows: the keeper counts their depot only
        # (the figure is cached per context, not per user: each read is fresh).
        for user, on_hand in ((keeper, 6), (self.users["supervisor"], 23)):
            self.compressor.invalidate_recordset(["qty_available"])
            self.assertEqual(self.compressor.with_user(user).qty_available, on_hand, user.login)
        # supervisors (who imply the keeper group), managers, agents, plain stock
        # users and an inventory administrator who keeps a depot see every depot
        stock_user = new_test_user(self.env, "sec_stock_user", groups="stock.group_stock_user")
        stock_admin = new_test_user(
            self.env,
            "sec_stock_admin_keeper",
            name="sec stock admin",
            groups="stock.group_stock_manager,aftersales_parts.group_aftersales_depot_keeper",
        )
        self.beijing.aftersales_keeper_id = stock_admin
        for user in (
            self.users["supervisor"],
            self.users["manager"],
            self.users["agent"],
            stock_user,
            stock_admin,
        ):
            self.assertEqual(Quant.with_user(user).search_count(domain), 4, user.login)

    def test_depot_keeper_sees_only_own_transfers(self):
        keeper = self._keeper_of_depot()
        self._stock(self.compressor, self.central.lot_stock_id, 10)
        supplier = self.env.ref("stock.stock_location_suppliers")

        def picking(picking_type, source, dest):
            return self.env["stock.picking"].create(
                {
                    "picking_type_id": picking_type.id,
                    "location_id": source.id,
                    "location_dest_id": dest.id,
                    "move_ids": [
                        Command.create(
                            {
                                "product_id": self.compressor.id,
                                "product_uom_qty": 1.0,
                                "product_uom": self.compressor.uom_id.id,
                                "location_id": source.id,
                                "location_dest_id": dest.id,
                            }
                        )
                    ],
                }
            )

        receipt = picking(self.depot.in_type_id, supplier, self.depot.lot_stock_id)
        outgoing = picking(self.depot.int_type_id, self.depot.lot_stock_id, self.beijing.lot_stock_id)
        elsewhere = picking(self.central.int_type_id, self.central.lot_stock_id, self.beijing.lot_stock_id)
        pickings = receipt | outgoing | elsewhere
        pickings.action_confirm()
        self.assertSees(keeper, pickings, receipt | outgoing)
        self.assertSees(keeper, pickings.move_ids, (receipt | outgoing).move_ids)
        self.assertEqual(
            self.env["stock.picking"].with_user(keeper).search_count([("id", "in", pickings.ids)]), 2
        )
        with self.assertRaises(AccessError):
            elsewhere.with_user(keeper).read(["name"])
        with self.assertRaises(AccessError):
            elsewhere.move_ids.with_user(keeper).read(["product_uom_qty"])
        # nor change it, nor make one between depots they do not keep
        with self.assertRaises(AccessError):
            elsewhere.with_user(keeper).write({"origin": "x"})
        with self.assertRaises(AccessError):
            self.env["stock.picking"].with_user(keeper).create(
                {
                    "picking_type_id": self.central.int_type_id.id,
                    "location_id": self.central.lot_stock_id.id,
                    "location_dest_id": self.beijing.lot_stock_id.id,
                }
            )
        for role in ("supervisor", "manager"):
            self.assertSees(self.users[role], pickings, pickings, role)
            self.assertSees(self.users[role], pickings.move_ids, pickings.move_ids, role)

    def test_depot_keeper_works_own_depot(self):
        """Issue, use and return from the keeper's depot, find a missing part in
        the other depots, receive the emergency transfer and validate its picking,
        all as the keeper with the stock rules on."""
        keeper = self._keeper_of_depot()
        self._stock(self.compressor, self.depot.lot_stock_id, 3)
        self._stock(self.capacitor, self.central.lot_stock_id, 10)
        self._stock(self.capacitor, self.beijing.lot_stock_id, 7)
        job = self._job(technician=self.technician)
        self.assertEqual(job.depot_id, self.depot)
        line = self._line(job, qty=2)
        line.with_user(keeper).action_issue()
        self.assertEqual(line.state, "issued")
        self.assertEqual(self._qty(self.compressor, self.depot.lot_stock_id), 1)
        self.assertEqual(self._qty(self.compressor, self.depot.aftersales_field_location_id), 2)
        line.with_user(keeper).used_qty = 1
        line.with_user(keeper).action_confirm_use()
        line.with_user(keeper).action_return()
        self.assertEqual(line.state, "done")
        self.assertEqual(self._qty(self.compressor, self.depot.lot_stock_id), 2)
        self.compressor.invalidate_recordset(["qty_available"])
        self.assertEqual(self.compressor.with_user(keeper).qty_available, 2)
        self.assertSees(keeper, line.move_ids, line.move_ids)
        self.assertEqual(len(line.move_ids), 3)
        # Find Part still lists the other depots' stock (one SQL statement)
        short = self._line(job, product=self.capacitor, qty=5)
        action = short.with_user(keeper).action_find_part()
        wizard = self.env["aftersales.parts.shortage.wizard"].browse(action["res_id"])
        self.assertEqual(
            [(w.depot_id, w.available_qty) for w in wizard.line_ids],
            [(self.central, 10.0), (self.beijing, 7.0)],
        )
        transfer = self.env["aftersales.parts.transfer"].browse(
            wizard.line_ids[0].with_user(keeper).action_request_transfer()["res_id"]
        )
        transfer.with_user(self.users["supervisor"]).action_approve()
        picking = transfer.picking_id
        self.assertEqual(
            (picking.location_id, picking.location_dest_id),
            (self.central.lot_stock_id, self.depot.lot_stock_id),
        )
        # the keeper opens the picking arriving at their depot, reserves and validates it
        Form(picking.with_user(keeper))
        picking.with_user(keeper).action_assign()
        picking.move_ids.with_user(keeper).picked = True
        picking.with_user(keeper).button_validate()
        self.assertEqual(picking.state, "done")
        transfer.with_user(keeper).action_receive()
        self.assertEqual(transfer.state, "done")
        self.assertEqual(self._qty(self.capacitor, self.depot.lot_stock_id), 5)
        self.assertEqual(self._qty(self.capacitor, self.central.lot_stock_id), 5)
        # the keeper counts their own depot (a count adjustment), not another one
        Count = self.env["stock.quant"].with_user(keeper).with_context(inventory_mode=True)
        Count.create(
            {
                "product_id": self.capacitor.id,
                "location_id": self.depot.lot_stock_id.id,
                "inventory_quantity": 4,
            }
        ).action_apply_inventory()
        self.assertEqual(self._qty(self.capacitor, self.depot.lot_stock_id), 4)
        with self.assertRaises(AccessError):
            Count.create(
                {
                    "product_id": self.capacitor.id,
                    "location_id": self.beijing.lot_stock_id.id,
                    "inventory_quantity": 1,
                }
            ).action_apply_inventory()
        self.assertEqual(self._qty(self.capacitor, self.beijing.lot_stock_id), 7)

    def test_depot_keeper_reconciles_only_own_depots(self):
        keeper = self._keeper_of_depot()
        self._stock(self.compressor, self.depot.lot_stock_id, 4)
        Reconciliation = self.env["aftersales.parts.reconciliation"]
        month = fields.Date.context_today(self.env.user).replace(day=1)
        mine = Reconciliation.with_user(keeper).create({"depot_id": self.depot.id, "date_from": month})
        mine.action_compute()
        line = mine.line_ids.filtered(lambda ln: ln.product_id == self.compressor)
        self.assertEqual((line.on_hand, line.closing, line.difference), (4.0, 4.0, 0.0))
        other = Reconciliation.create({"depot_id": self.beijing.id, "date_from": month})
        other.action_compute()
        self.assertSees(keeper, mine | other, mine)
        self.assertSees(keeper, (mine | other).line_ids, mine.line_ids)
        with self.assertRaises(AccessError):
            other.with_user(keeper).read(["name"])
        with self.assertRaises(AccessError):
            other.with_user(keeper).action_compute()
        with self.assertRaises(AccessError):
            Reconciliation.with_user(keeper).create({"depot_id": self.central.id, "date_from": month})
        # the lines are the computed ledger: read only, even on their own depot
        with self.assertRaises(AccessError):
            line.with_user(keeper).on_hand = 5.0
        with self.assertRaises(AccessError):
            mine.with_user(keeper).unlink()
        with self.assertRaises(AccessError):
            line.with_user(keeper).unlink()
        mine.with_user(keeper).action_confirm()
        self.assertEqual(mine.state, "done")
        self.assertSees(self.users["supervisor"], mine | other, mine | other)
        (mine | other).with_user(self.users["supervisor"]).unlink()
        self.assertFalse((mine | other).exists())

    # ---------------------------------------------------------- rights kept on purpose

    def test_agent_deletes_only_planned_part_lines(self):
        self._stock(self.compressor, self.depot.lot_stock_id, 2)
        job = self._job(technician=self.technician)
        planned, issued = self._line(job), self._line(job)
        issued.action_issue()
        agent = self.users["agent"]
        with self.assertRaises(UserError):
            issued.with_user(agent).unlink()
        planned.with_user(agent).unlink()
        self.assertFalse(planned.exists())
        self.assertEqual(job.part_line_ids, issued)

    # ---------------------------------------------------------- companies

    def test_companies_never_see_each_other(self):
        env = self.env
        company_b = env["res.company"].create({"name": "乙公司 售后"})
        env_b = env(context=dict(env.context, allowed_company_ids=[company_b.id]))
        user_b = new_test_user(
            env,
            "sec_manager_b",
            groups=ROLE_GROUPS["manager"],
            name="乙公司 经理",
            company_id=company_b.id,
            company_ids=[Command.set(company_b.ids)],
        )
        user_a = self.users["manager"]
        partner_b = env["res.partner"].create(
            {"name": "乙公司客户", "phone": "020-87654321", "company_id": company_b.id}
        )
        warehouse_b = env["stock.warehouse"].search([("company_id", "=", company_b.id)], limit=1)
        warehouse_b2 = env["stock.warehouse"].create(
            {"name": "乙公司 二库", "code": "SB2", "company_id": company_b.id}
        )
        complaint_vals = {
            "promised_date": fields.Date.context_today(self.env.user) + timedelta(days=3),
            "customer_words": "没人管",
        }
        a = {
            "aftersales.request": self._new_request(),
            "aftersales.parts.transfer": env["aftersales.parts.transfer"].create(
                {
                    "product_id": self.compressor.id,
                    "quantity": 1.0,
                    "dest_depot_id": self.depot.id,
                    "source_depot_id": self.central.id,
                }
            ),
            "aftersales.warranty.card": self._card(),
            "aftersales.warranty.claim": env["aftersales.warranty.claim"].create(
                {"manufacturer_id": self.manufacturer.id}
            ),
            "aftersales.complaint": env["aftersales.complaint"].create(
                {"partner_id": self.customer.id, **complaint_vals}
            ),
        }
        lot_b = env["stock.lot"].create(
            {"name": "SN-B-0001", "product_id": self.tv.id, "company_id": company_b.id}
        )
        b = {
            "aftersales.request": env_b["aftersales.request"].create(
                self._request_vals(partner_id=partner_b.id, company_id=company_b.id)
            ),
            "aftersales.parts.transfer": env_b["aftersales.parts.transfer"].create(
                {
                    "product_id": self.compressor.id,
                    "quantity": 1.0,
                    "company_id": company_b.id,
                    "dest_depot_id": warehouse_b.id,
                    "source_depot_id": warehouse_b2.id,
                }
            ),
            "aftersales.warranty.card": env_b["aftersales.warranty.card"].create(
                {
                    "lot_id": lot_b.id,
                    "partner_id": partner_b.id,
                    "company_id": company_b.id,
                    "invoice_date": self._days_ago(30),
                    "price": 3000.0,
                }
            ),
            "aftersales.warranty.claim": env_b["aftersales.warranty.claim"].create(
                {"manufacturer_id": self.manufacturer.id, "company_id": company_b.id}
            ),
            "aftersales.complaint": env_b["aftersales.complaint"].create(
                {"partner_id": partner_b.id, "company_id": company_b.id, **complaint_vals}
            ),
        }
        for model in a:
            with self.subTest(model=model):
                rec_a, rec_b = a[model].with_env(env), b[model].with_env(env)
                self.assertEqual(rec_b.company_id, company_b)
                self.assertSees(user_a, rec_a | rec_b, rec_a)
                self.assertSees(user_b, rec_a | rec_b, rec_b)
                self.assertFalse(rec_b.with_user(user_a).has_access("read"))
                self.assertFalse(rec_a.with_user(user_b).has_access("read"))
