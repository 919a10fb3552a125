import uuid

from odoo.addons.aftersales_service.tests.common import CommittedWork, force_create, force_write
from odoo.tests import TransactionCase, tagged

RACE_LOSERS = {"UserError", "SerializationFailure", "TransactionRollbackError"}


@tagged("post_install", "-at_install")
class TestClaimApprovalConcurrency(CommittedWork, TransactionCase):
    """Two supervisors approve the same submitted claim at the same moment,
    each in its own transaction: the claim is approved once, with one line
    of history; the other approval is refused (it waits on the row lock and
    then sees the claim approved, or fails to serialize and would be retried
    by the server, which then refuses it)."""

    PARALLEL = 2

    def _setup_data(self, env):
        manufacturer = env["res.partner"].create({"name": "并发测试厂家", "is_company": True})
        group = env.ref("aftersales_service.group_aftersales_supervisor")
        users = env["res.users"].create(
            [
                {
                    "name": f"并发主管 {i}",
                    "login": f"as_claim_race_{uuid.uuid4().hex[:12]}",
                    "group_ids": [(6, 0, [group.id, env.ref("base.group_user").id])],
                }
                for i in range(self.PARALLEL)
            ]
        )
        claim = force_create(
            env["aftersales.warranty.claim"],
            {
                "manufacturer_id": manufacturer.id,
                "state": "submitted",
            },
        )
        return claim.id, users.ids, manufacturer.id

    def _cleanup(self, ids):
        claim_id, user_ids, manufacturer_id = ids

        def work(env):
            claim = env["aftersales.warranty.claim"].browse(claim_id)
            force_write(claim, {"state": "cancelled"})
            claim.unlink()
            users = env["res.users"].browse(user_ids)
            partners = users.partner_id
            users.action_archive()
            (partners | env["res.partner"].browse(manufacturer_id)).action_archive()

        self._committed(work)

    def test_parallel_approvals_approve_once(self):
        """As the server runs them (repeatable read)."""
        outcomes = self._approve_race()
        self.assertLessEqual(set(outcomes) - {"won"}, RACE_LOSERS, outcomes)

    def test_lock_and_recheck_alone_approve_once(self):
        """In read committed, where the database would let the second update
        overwrite the first: only the row lock and the state read again after
        it refuse the second approval."""
        outcomes = self._approve_race(read_committed=True)
        self.assertEqual(sorted(outcomes), ["UserError", "won"], outcomes)

    def _approve_race(self, read_committed=False):
        ids = self._committed(self._setup_data)
        self.addCleanup(self._cleanup, ids)
        claim_id, user_ids, _manufacturer_id = ids

        def load(env, _arg):
            claim = env["aftersales.warranty.claim"].browse(claim_id)
            claim.fetch(["state", "name"])  # both read "submitted" before the race
            return claim

        outcomes = self._race(
            [(user_id, None) for user_id in user_ids],
            load,
            lambda _env, claim: claim.action_approve(),
            read_committed=read_committed,
        )
        self.assertEqual(outcomes.count("won"), 1, outcomes)

        def figures(env):
            claim = env["aftersales.warranty.claim"].browse(claim_id)
            return (
                claim.state,
                claim.approved_by_id.id,
                [(h.from_state, h.to_state, h.user_id.id) for h in claim.history_ids],
            )

        state, approver, history = self._committed(figures)
        self.assertEqual(state, "approved")
        self.assertIn(approver, user_ids)
        self.assertEqual(history, [("submitted", "approved", approver)])
        return outcomes
