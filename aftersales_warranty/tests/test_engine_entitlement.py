"""Plain tests of engine/entitlement.py (no database needed).

Reference sale: invoiced Fri 2024-03-01 (2024 is a leap year). With the
default day counting, day 1 is 2024-03-02, so the 7-day window ends on
2024-03-08, the 15-day window on 2024-03-16 and a 12-month period on
2025-03-01.
"""

from datetime import date

from odoo.tests import BaseCase

from ..engine import entitlement as ent

TODAY = date(2027, 1, 1)
SOLD = date(2024, 3, 1)
TV = ent.Policy(warranty_months=12, main_part_months=36, daily_depreciation_rate=0.1)
WASHER = ent.Policy(warranty_months=12)
PHONE = ent.Policy(warranty_months=12, accessory_months={"battery": 6, "headset": 3, "charger": 12})
KEYS = {
    "remedies",
    "free",
    "rule",
    "article",
    "refund_amount",
    "depreciation",
    "warranty_end",
    "main_part_warranty_end",
    "component_warranty_end",
    "days_used",
    "repair_days",
}


def card(policy=TV, repairs=(), price=3000.0, invoice_date=SOLD):
    return ent.Card(invoice_date=invoice_date, price=price, policy=policy, repairs=tuple(repairs))


def repair(date_in, date_out=None, component="unit", **kwargs):
    return ent.RepairEvent(date_in=date_in, date_out=date_out, component=component, **kwargs)


def evaluate(the_card, fault_date, **kwargs):
    return ent.evaluate(the_card, fault_date, TODAY, **kwargs)


# --- 7-day / 15-day windows (art. 9, 10) ------------------------------------------


class TestEntitlementEngine(BaseCase):
    def test_seven_day_last_day_full_refund(self):
        result = evaluate(card(), date(2024, 3, 8))
        assert result["rule"] == "seven_day"
        assert result["remedies"] == ["refund", "exchange", "repair"]
        assert result["refund_amount"] == 3000.0
        assert result["depreciation"] == 0.0
        assert result["free"] is True
        assert result["article"] == ent.RULES["seven_day"][0]

    def test_day_after_seven_day_window_is_fifteen_day(self):
        result = evaluate(card(), date(2024, 3, 9))
        assert result["rule"] == "fifteen_day"
        assert result["remedies"] == ["exchange", "repair"]
        assert result["refund_amount"] == 0.0

    def test_fifteen_day_last_day_washing_machine(self):
        result = evaluate(card(WASHER, price=2000.0), date(2024, 3, 16))
        assert (result["rule"], result["remedies"]) == ("fifteen_day", ["exchange", "repair"])

    def test_day_after_fifteen_day_window_is_free_repair(self):
        result = evaluate(card(WASHER, price=2000.0), date(2024, 3, 17))
        assert (result["rule"], result["remedies"], result["free"]) == ("warranty", ["repair"], True)
        assert result["refund_amount"] == 0.0

    def test_warranty_end_default_counting(self):
        # 2024-03-01 + 12 months = 2025-03-01, inclusive.
        assert evaluate(card(WASHER), date(2025, 3, 1))["rule"] == "warranty"
        result = evaluate(card(WASHER), date(2025, 3, 2))
        assert result["warranty_end"] == date(2025, 3, 1)
        assert (result["rule"], result["remedies"], result["free"]) == ("expired", [], False)

    def test_count_sale_day_moves_every_boundary_one_day_earlier(self):
        for fault_date, rule in [
            (date(2024, 3, 7), "seven_day"),  # sale day is day 1: day 7 = 03-07
            (date(2024, 3, 8), "fifteen_day"),
            (date(2024, 3, 15), "fifteen_day"),  # day 15
            (date(2024, 3, 16), "warranty"),
            (date(2025, 2, 28), "warranty"),  # 2025-03-01 - 1 day
            (date(2025, 3, 1), "expired"),
        ]:
            with self.subTest(fault_date=fault_date, rule=rule):
                policy = ent.Policy(warranty_months=12, count_sale_day=True)
                result = evaluate(card(policy), fault_date)
                assert result["rule"] == rule
                assert result["warranty_end"] == date(2025, 2, 28)

    # --- exclusions (art. 17) --------------------------------------------------------

    def test_each_exclusion_gives_no_free_remedy(self):
        for exclusion in ent.EXCLUSIONS:
            with self.subTest(exclusion=exclusion):
                result = evaluate(card(), date(2024, 3, 5), exclusion=exclusion)
                assert (result["rule"], result["remedies"], result["free"]) == ("excluded", [], False)
                assert result["refund_amount"] == 0.0

    # --- two repairs (art. 11) -------------------------------------------------------------

    def test_two_completed_repairs_make_an_exchange_due(self):
        repairs = [repair(date(2024, 5, 1), date(2024, 5, 3)), repair(date(2024, 6, 1), date(2024, 6, 3))]
        result = evaluate(card(repairs=repairs), date(2024, 8, 1))
        assert result["rule"] == "two_repairs"
        assert result["remedies"] == ["refund", "exchange", "repair"]
        assert result["free"] is True

    def test_one_completed_repair_only_gives_repair(self):
        result = evaluate(card(repairs=[repair(date(2024, 5, 1), date(2024, 5, 3))]), date(2024, 8, 1))
        assert (result["rule"], result["remedies"]) == ("warranty", ["repair"])

    def test_open_repair_does_not_count_as_a_repair(self):
        repairs = [repair(date(2024, 5, 1), date(2024, 5, 3)), repair(date(2024, 7, 25))]
        assert evaluate(card(repairs=repairs), date(2024, 8, 1))["rule"] == "warranty"

    def test_main_part_repairs_count_for_the_unit(self):
        repairs = [
            repair(date(2024, 5, 1), date(2024, 5, 3), component="main_part"),
            repair(date(2024, 6, 1), date(2024, 6, 3), component="unit"),
        ]
        assert evaluate(card(repairs=repairs), date(2024, 8, 1))["rule"] == "two_repairs"

    def test_unit_repairs_do_not_count_for_the_main_part(self):
        repairs = [repair(date(2024, 5, 1), date(2024, 5, 3)), repair(date(2024, 6, 1), date(2024, 6, 3))]
        result = evaluate(card(repairs=repairs), date(2024, 8, 1), component="main_part")
        assert (result["rule"], result["remedies"]) == ("warranty", ["repair"])

    def test_accessory_repairs_do_not_count_for_the_unit(self):
        repairs = [
            repair(date(2024, 5, 1), date(2024, 5, 3), component="battery"),
            repair(date(2024, 6, 1), date(2024, 6, 3), component="battery"),
        ]
        assert evaluate(card(PHONE, repairs), date(2024, 8, 1))["rule"] == "warranty"
        assert evaluate(card(PHONE, repairs), date(2024, 8, 1), component="battery")["rule"] == "two_repairs"

    # --- delays (art. 12) ---------------------------------------------------------------------

    def test_open_91_days_waiting_for_parts_is_parts_delay(self):
        # 2024-04-01 + 91 days = 2024-07-01 (30 + 31 + 30 days).
        event = repair(date(2024, 4, 1), parts_wait_days=91, delay_cause="parts")
        result = evaluate(card(repairs=[event]), date(2024, 7, 1))
        assert result["rule"] == "parts_delay"
        assert result["remedies"] == ["refund", "exchange", "repair"]

    def test_90_days_waiting_for_parts_is_not_yet_parts_delay(self):
        event = repair(date(2024, 4, 1), parts_wait_days=90, delay_cause="parts")
        assert evaluate(card(repairs=[event]), date(2024, 6, 30))["rule"] == "warranty"

    def test_fixed_repair_is_not_parts_delay(self):
        event = repair(
            date(2024, 4, 1), date(2024, 7, 1), parts_wait_days=91, delay_cause="parts", fixed=True
        )
        assert evaluate(card(repairs=[event]), date(2024, 8, 1))["rule"] == "warranty"

    def test_31_day_repair_by_repairer_fault_is_repairer_delay(self):
        event = repair(date(2024, 4, 1), date(2024, 5, 2), fixed=True, delay_cause="repairer")
        assert evaluate(card(repairs=[event]), date(2024, 5, 10))["rule"] == "repairer_delay"

    def test_30_day_repair_by_repairer_fault_is_not_repairer_delay(self):
        event = repair(date(2024, 4, 1), date(2024, 5, 1), fixed=True, delay_cause="repairer")
        assert evaluate(card(repairs=[event]), date(2024, 5, 10))["rule"] == "warranty"

    # --- extension by repair time (art. 8) ------------------------------------------------

    def test_repair_days_extend_the_warranty(self):
        event = repair(date(2024, 5, 1), date(2024, 5, 21), fixed=True)  # 20 days
        the_card = card(WASHER, [event])
        result = evaluate(the_card, date(2025, 3, 11))  # old end 2025-03-01 + 10 days
        assert result["repair_days"] == 20
        assert result["warranty_end"] == date(2025, 3, 21)
        assert result["rule"] == "warranty"
        assert evaluate(the_card, date(2025, 3, 22))["rule"] == "expired"

    def test_refund_and_exchange_windows_are_not_extended(self):
        event = repair(date(2024, 3, 2), date(2024, 3, 6), fixed=True)
        assert evaluate(card(WASHER, [event]), date(2024, 3, 9))["rule"] == "fifteen_day"

    # --- main part and accessories ------------------------------------------------------------

    def test_main_part_fault_after_unit_period_is_free(self):
        # Unit period ends 2025-03-01, main-part period 2027-03-01.
        result = evaluate(card(), date(2025, 6, 1), component="main_part")
        assert (result["rule"], result["remedies"], result["free"]) == (
            "main_part_warranty",
            ["repair"],
            True,
        )
        assert result["main_part_warranty_end"] == date(2027, 3, 1)
        assert result["component_warranty_end"] == date(2027, 3, 1)

    def test_unit_fault_after_unit_period_is_expired_despite_main_part_period(self):
        result = evaluate(card(), date(2025, 6, 1), component="unit")
        assert (result["rule"], result["free"]) == ("expired", False)

    def test_battery_fault_at_month_7_is_expired_though_unit_is_covered(self):
        result = evaluate(card(PHONE), date(2024, 10, 1), component="battery")
        assert result["component_warranty_end"] == date(2024, 9, 1)
        assert (result["rule"], result["remedies"]) == ("expired", [])
        assert evaluate(card(PHONE), date(2024, 10, 1))["rule"] == "warranty"

    def test_battery_fault_at_month_5_is_accessory_warranty(self):
        result = evaluate(card(PHONE), date(2024, 8, 1), component="battery")
        assert (result["rule"], result["remedies"], result["free"]) == (
            "accessory_warranty",
            ["repair"],
            True,
        )

    # --- refund amounts (art. 13) --------------------------------------------------------------

    def test_depreciation_excludes_repair_days(self):
        # 2024-03-01 -> 2024-06-01 = 31 + 30 + 31 = 92 days; two 10-day repairs -> 72 days used.
        # Depreciation 3000 x 0.1 % x 72 = 216.00; refund 3000 - 216 = 2784.00.
        repairs = [repair(date(2024, 4, 1), date(2024, 4, 11)), repair(date(2024, 5, 1), date(2024, 5, 11))]
        result = evaluate(card(repairs=repairs), date(2024, 6, 1))
        assert result["rule"] == "two_repairs"
        assert (result["days_used"], result["repair_days"]) == (72, 20)
        assert result["depreciation"] == 216.0
        assert result["refund_amount"] == 2784.0

    def test_depreciation_is_capped_at_the_price(self):
        policy = ent.Policy(warranty_months=36, daily_depreciation_rate=1.0)
        repairs = [repair(date(2025, 1, 1), date(2025, 1, 2)), repair(date(2025, 2, 1), date(2025, 2, 2))]
        result = evaluate(card(policy, repairs), date(2025, 3, 1))
        assert (result["depreciation"], result["refund_amount"]) == (3000.0, 0.0)

    def test_no_same_model_gives_full_refund_instead_of_exchange(self):
        repairs = [repair(date(2024, 4, 1), date(2024, 4, 11)), repair(date(2024, 5, 1), date(2024, 5, 11))]
        result = evaluate(card(repairs=repairs), date(2024, 6, 1), same_model_available=False)
        assert result["remedies"] == ["refund", "repair"]
        assert (result["refund_amount"], result["depreciation"]) == (3000.0, 0.0)

    def test_no_same_model_in_first_fifteen_days_gives_full_refund(self):
        for fault_date in [date(2024, 3, 5), date(2024, 3, 12)]:
            with self.subTest(fault_date=fault_date):
                result = evaluate(card(), fault_date, same_model_available=False)
                assert result["remedies"] == ["refund", "repair"]
                assert result["refund_amount"] == 3000.0

    # --- restart after exchange (art. 14) -------------------------------------------------------

    def test_new_card_after_exchange_restarts_every_window(self):
        exchanged = date(2024, 9, 1)
        assert evaluate(card(), date(2024, 9, 5))["rule"] == "warranty"
        result = evaluate(card(invoice_date=exchanged), date(2024, 9, 5))
        assert result["rule"] == "seven_day"
        assert result["warranty_end"] == date(2025, 9, 1)

    # --- errors -------------------------------------------------------------------------------------

    def _error(self, callable_, *args, **kwargs):
        with self.assertRaises(ent.EntitlementError) as info:
            callable_(*args, **kwargs)
        return info.exception

    def test_fault_before_sale_is_an_error(self):
        error = self._error(evaluate, card(), date(2024, 2, 28))
        assert error.code == ent.FAULT_BEFORE_SALE
        assert error.params == {"fault_date": date(2024, 2, 28), "sale_date": date(2024, 3, 1)}
        assert str(error) == "The fault date 2024-02-28 is before the sale date 2024-03-01."

    def test_fault_in_the_future_is_an_error(self):
        error = self._error(ent.evaluate, card(), date(2024, 5, 2), date(2024, 5, 1))
        assert (error.code, error.params) == (
            ent.FAULT_IN_FUTURE,
            {"fault_date": date(2024, 5, 2), "today": date(2024, 5, 1)},
        )

    def test_unknown_exclusion_is_an_error(self):
        error = self._error(evaluate, card(), date(2024, 5, 1), exclusion="dropped")
        assert (error.code, error.params["exclusion"]) == (ent.UNKNOWN_EXCLUSION, "dropped")
        assert error.params["known"] == ent.EXCLUSIONS

    def test_unknown_component_is_an_error(self):
        error = self._error(evaluate, card(TV), date(2024, 5, 1), component="battery")
        assert error.code == ent.UNKNOWN_COMPONENT
        assert error.params == {"component": "battery", "known": ("unit", "main_part"), "on_repair": False}

    def test_date_out_before_date_in_is_an_error(self):
        event = repair(date(2024, 4, 10), date(2024, 4, 9))
        error = self._error(evaluate, card(repairs=[event]), date(2024, 5, 1))
        assert (error.code, error.params) == (
            ent.REPAIR_OUT_BEFORE_IN,
            {"date_in": date(2024, 4, 10), "date_out": date(2024, 4, 9)},
        )

    def test_negative_price_is_an_error(self):
        error = self._error(evaluate, card(price=-1.0), date(2024, 5, 1))
        assert (error.code, error.params) == (ent.NEGATIVE_PRICE, {"price": -1.0})

    def test_negative_policy_names_the_fields_not_the_object(self):
        policy = ent.Policy(refund_days=-1, daily_depreciation_rate=-0.1, accessory_months={"battery": -6})
        error = self._error(evaluate, card(policy), date(2024, 5, 1))
        assert error.code == ent.NEGATIVE_POLICY
        assert error.params == {
            "fields": ("refund_days", "daily_depreciation_rate", "accessory_months[battery]")
        }
        assert "Policy(" not in str(error)

    def test_impossible_parts_wait_days_is_an_error(self):
        for wait_days in [-1, 11]:
            with self.subTest(wait_days=wait_days):
                event = repair(
                    date(2024, 4, 1), date(2024, 4, 11), parts_wait_days=wait_days, delay_cause="parts"
                )
                error = self._error(evaluate, card(repairs=[event]), date(2024, 5, 1))
                assert (error.code, error.params) == (
                    ent.WAIT_EXCEEDS_SPAN,
                    {"date_in": date(2024, 4, 1), "wait_days": wait_days, "span_days": 10},
                )

    # --- batch -------------------------------------------------------------------------------------------

    def test_evaluate_many_returns_one_result_per_item_with_the_same_keys(self):
        items = [
            (card(), {"fault_date": date(2024, 3, 2), "today": TODAY}),
            (card(), {"fault_date": date(2025, 6, 1), "today": TODAY, "component": "main_part"}),
            (card(PHONE), {"fault_date": date(2024, 8, 1), "today": TODAY, "exclusion": "misuse"}),
        ]
        results = ent.evaluate_many(items)
        assert [r["rule"] for r in results] == ["seven_day", "main_part_warranty", "excluded"]
        assert all(set(r) == KEYS for r in results)

    # --- periods(): the cover of a card on a given day ---------------------------------

    def test_periods_extended_by_repair_days_and_clamped_before_sale(self):
        the_card = card(repairs=[repair(date(2024, 6, 1), date(2024, 6, 11))])
        result = ent.periods(the_card, date(2024, 7, 1))
        assert result["repair_days"] == 10
        assert result["warranty_end"] == date(2025, 3, 11)
        assert result["main_part_warranty_end"] == date(2027, 3, 11)
        assert ent.periods(the_card, date(2024, 1, 1))["days_used"] == 0
        with self.assertRaises(ent.EntitlementError):
            ent.periods(the_card, date(2024, 7, 1), component="battery")
