"""One conversion of a three-guarantee policy into the entitlement engine's
plain data (issue 12): a card's cover on its form and a batch evaluation
read the policy the same way."""

import dataclasses

from odoo.tests import tagged

from ..engine import entitlement as ent
from ..models.aftersales_warranty_policy import ENGINE_FIELDS
from .common import WarrantyCase


@tagged("post_install", "-at_install")
class TestPolicyEngineData(WarrantyCase):
    def test_every_engine_term_comes_from_the_policy(self):
        engine_terms = {field.name for field in dataclasses.fields(ent.Policy)}
        self.assertEqual(engine_terms, {*ENGINE_FIELDS, "accessory_months"})

    def test_single_card_and_batch_paths_agree(self):
        self.tv_policy.write(
            {
                "refund_days": 8,
                "exchange_days": 16,
                "main_part_months": 24,
                "max_repairs": 3,
                "parts_wait_days": 60,
                "repairer_delay_days": 20,
                "daily_depreciation_rate": 0.15,
                "count_sale_day": True,
                "accessory_ids": [
                    (0, 0, {"code": "remote", "name": "遥控器", "months": 3}),
                    (0, 0, {"code": "stand", "name": "底座", "months": 6}),
                ],
            }
        )
        cards = self._card() | self._card(self.washer, price=2500.0)
        self.env.invalidate_all()
        _cards, batch_policies, repairs = cards._load_for_evaluation()
        for card in cards:
            with self.subTest(policy=card.policy_id.name):
                single = card._engine_card().policy
                self.assertEqual(single, card._engine_card(batch_policies, repairs).policy)
                self.assertEqual(single, batch_policies[card.policy_id.id])
        tv_terms = batch_policies[self.tv_policy.id]
        self.assertEqual((tv_terms.refund_days, tv_terms.count_sale_day), (8, True))
        self.assertEqual(dict(tv_terms.accessory_months), {"remote": 3, "stand": 6})
