"""Two advisors accept the estimate of one job at the same moment, each in a
transaction of its own: the job row is locked and read again, so one wins
and the other is refused; the work opens once and the parts are planned
once."""

import uuid

from odoo.addons.aftersales_service.models.aftersales_write_guard import suite_writes
from odoo.addons.aftersales_service.tests.common import CommittedWork, force_write
from odoo.tests import TransactionCase, tagged

from .estimate_common import SIGNATURE

RACE_LOSERS = {"UserError", "SerializationFailure", "TransactionRollbackError"}


@tagged("post_install", "-at_install")
class TestEstimateConsentConcurrency(CommittedWork, TransactionCase):
    def _setup_data(self, env):
        group = env.ref("aftersales_workshop.group_aftersales_advisor")
        advisors = env["res.users"].create(
            [
                {
                    "name": f"并发服务顾问 {i}",
                    "login": f"as_ws_race_{uuid.uuid4().hex[:12]}",
                    "group_ids": [(6, 0, [group.id, env.ref("base.group_user").id])],
                }
                for i in range(2)
            ]
        )
        partner = env["res.partner"].create({"name": "并发测试车主", "phone": "13800000002"})
        part = env["product.product"].create(
            {
                "name": "并发测试刹车片",
                "type": "consu",
                "is_storable": True,
                "standard_price": 100.0,
                "list_price": 180.0,
                "aftersales_is_spare_part": True,
            }
        )
        labour = env["product.product"].create(
            {"name": "并发测试工时", "type": "service", "list_price": 80.0}
        )
        warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
        workshop = env["aftersales.workshop"].create({"name": "并发测试车间", "depot_id": warehouse.id})
        request = env["aftersales.request"].create(
            {"partner_id": partner.id, "channel": "walk_in", "fault_description": "并发测试：刹车异响"}
        )
        job = env["aftersales.workshop.job"].create({"request_id": request.id, "workshop_id": workshop.id})
        force_write(job, {"state": "estimate", "old_parts_choice": "leave"})
        env["aftersales.workshop.line"].create(
            [
                {"job_id": job.id, "kind": "labour", "product_id": labour.id, "quantity": 1.0},
                {"job_id": job.id, "kind": "part", "product_id": part.id, "quantity": 1.0},
            ]
        )
        job.action_send_estimate()
        return {
            "job": job.id,
            "advisors": advisors.ids,
            "partner": partner.id,
            "products": (part | labour).ids,
            "workshop": workshop.id,
            "request": request.id,
        }

    def _cleanup(self, ids):
        def work(env):
            job = env["aftersales.workshop.job"].browse(ids["job"])
            with suite_writes(env):
                orders = job.sale_order_ids
                orders._action_cancel()
                job.request_id.part_line_ids.unlink()
                orders.unlink()
                job.unlink()
            env["aftersales.request"].browse(ids["request"]).unlink()
            env["aftersales.workshop"].browse(ids["workshop"]).unlink()
            env["product.product"].browse(ids["products"]).action_archive()
            advisors = env["res.users"].browse(ids["advisors"])
            partners = advisors.partner_id | env["res.partner"].browse(ids["partner"])
            advisors.action_archive()
            partners.action_archive()

        self._committed(work)

    def _fixture(self):
        ids = self._committed(self._setup_data)
        self.addCleanup(self._cleanup, ids)
        return ids

    @staticmethod
    def _sign(env, job_id, order_id):
        wizard = (
            env["aftersales.workshop.consent.wizard"]
            .with_context(default_job_id=job_id, default_channel="counter")
            .create({"order_id": order_id, "signed_by": "并发测试车主", "signature": SIGNATURE})
        )
        wizard.action_confirm()

    def _figures(self, ids):
        def read(env):
            job = env["aftersales.workshop.job"].browse(ids["job"])
            return (
                job.state,
                sorted(job.sale_order_ids.mapped(lambda o: (o.aftersales_version, o.state))),
                len(job.request_id.part_line_ids),
                job.line_ids.mapped("consent_state"),
                job.estimate_order_id.aftersales_consent_user_id.id,
            )

        return self._committed(read)

    def _accept_same_version(self, read_committed):
        ids = self._fixture()
        order_id = self._committed(
            lambda env: env["aftersales.workshop.job"].browse(ids["job"]).estimate_order_id.id
        )

        def load(env, _arg):
            env["aftersales.workshop.job"].browse(ids["job"]).fetch(["state"])  # both read "consent"
            return None

        outcomes = self._race(
            [(uid, None) for uid in ids["advisors"]],
            load,
            lambda env, _state: self._sign(env, ids["job"], order_id),
            read_committed=read_committed,
        )
        self.assertEqual(outcomes.count("won"), 1, outcomes)
        state, orders, part_lines, consents, signer = self._figures(ids)
        self.assertEqual((state, orders, part_lines), ("in_work", [(1, "sale")], 1))
        self.assertEqual(consents, ["accepted", "accepted"])
        self.assertIn(signer, ids["advisors"])
        return outcomes

    def test_two_advisors_accept_one_version_at_once(self):
        """As the server runs them (repeatable read)."""
        outcomes = self._accept_same_version(read_committed=False)
        self.assertLessEqual(set(outcomes) - {"won"}, RACE_LOSERS, outcomes)

    def test_the_job_lock_alone_accepts_once(self):
        """In read committed, where nothing else would stop the second
        acceptance: the job's row lock and the state read again after it."""
        outcomes = self._accept_same_version(read_committed=True)
        self.assertEqual(sorted(outcomes), ["UserError", "won"], outcomes)

    def test_two_advisors_accept_two_versions_at_once(self):
        """Version 1 was revised (cancelled) and version 2 sent; version 1 is
        back in a sent state anyway (reopened by hand). One advisor has the
        customer sign version 1 at the counter while the other has version 2
        signed: one wins, the other is refused, the work opens once."""
        ids = self._fixture()

        def revise(env):
            job = env["aftersales.workshop.job"].browse(ids["job"])
            first = job.estimate_order_id
            job.action_revise()
            job.action_send_estimate()
            force_write(first, {"state": "sent"})
            return first.id, job.estimate_order_id.id

        versions = self._committed(revise)
        outcomes = self._race(
            [(uid, order_id) for uid, order_id in zip(ids["advisors"], versions, strict=True)],
            lambda env, order_id: order_id,
            lambda env, order_id: self._sign(env, ids["job"], order_id),
            read_committed=True,
        )
        self.assertEqual(sorted(outcomes), ["UserError", "won"], outcomes)
        state, orders, part_lines, _consents, signer = self._figures(ids)
        self.assertEqual(state, "in_work")
        self.assertEqual(orders, [(1, "cancel"), (2, "sale")])
        self.assertEqual(part_lines, 1)
        self.assertEqual(signer, ids["advisors"][1])

    def test_an_acceptance_and_a_revision_at_once(self):
        """One advisor has the estimate signed while the other revises it:
        either the work opens or the estimate goes back, never both."""
        ids = self._fixture()
        order_id = self._committed(
            lambda env: env["aftersales.workshop.job"].browse(ids["job"]).estimate_order_id.id
        )
        signer, reviser = ids["advisors"]

        def during(env, uid):
            if uid == signer:
                self._sign(env, ids["job"], order_id)
            else:
                env["aftersales.workshop.job"].browse(ids["job"]).action_revise()

        outcomes = self._race(
            [(signer, signer), (reviser, reviser)], lambda env, uid: uid, during, read_committed=True
        )
        self.assertEqual(sorted(outcomes), ["UserError", "won"], outcomes)
        state, orders, part_lines, consents, _signer = self._figures(ids)
        self.assertIn(
            (state, orders, part_lines, consents),
            [
                ("in_work", [(1, "sale")], 1, ["accepted", "accepted"]),
                ("estimate", [(1, "cancel")], 0, ["proposed", "proposed"]),
            ],
        )
