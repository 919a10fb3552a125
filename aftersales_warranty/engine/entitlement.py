"""Three-guarantee (三包) entitlement rules: refund, exchange or free repair.

Plain Python (standard library + ``dateutil``), no Odoo import, so the rules
can be unit-tested on their own. Invalid input raises :class:`EntitlementError`
with a code and its parameters; the ORM wrapper words it in the reader's
language and raises a ``ValidationError``.

Source: 《部分商品修理更换退货责任规定》 (1995). :data:`RULES` maps every rule
code to ``(article, English summary, Chinese summary)`` for documentation.

Conventions
-----------
* Dates are ``datetime.date``. Money is rounded with ``round(x, 2)``.
* Day counting: with ``Policy.count_sale_day`` False (default) day 1 is the
  day *after* the invoice date (Civil Code art. 201), so an N-day window ends
  on ``invoice_date + N days`` inclusive. With ``count_sale_day`` True the
  invoice date is day 1 and the window ends on ``invoice_date + N - 1``.
* Repair days: each repair event lasts ``(date_out or fault_date) - date_in``
  calendar days (never negative); ``parts_wait_days`` is a part of that span,
  recorded only to tell the causes apart. Events with ``date_in`` after the
  fault date are ignored.
* The warranty ends ``warranty_months`` after the invoice date (one day
  earlier if ``count_sale_day``) plus the total repair days (art. 8). The
  main-part and accessory periods are extended the same way. The 7/15-day
  refund and exchange windows are never extended.

Evaluation order (first match wins), see :func:`evaluate`:

1. ``excluded``: a non-three-guarantee case, paid repair only.
2. ``seven_day``: refund, exchange or repair; refund at the invoice price.
3. ``fifteen_day``: exchange or repair (refund if no same model is in stock).
4. Within the component's warranty: ``parts_delay``, ``repairer_delay`` and
   ``two_repairs`` make an exchange (or a depreciated refund) due; otherwise
   free repair under ``warranty`` / ``main_part_warranty`` /
   ``accessory_warranty``.
5. ``expired``: nothing free.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import MappingProxyType

from dateutil.relativedelta import relativedelta

UNIT = "unit"
MAIN_PART = "main_part"
REMEDIES = ("refund", "exchange", "repair")
EXCLUSIONS = ("misuse", "unauthorized_repair", "no_voucher", "tampered", "force_majeure")
DELAY_CAUSES = ("parts", "repairer")

# Article numbers checked against published copies of the 1995 text (articles
# 8 to 14 confirmed). The two marked "unconfirmed" are our best reading: no
# source giving their numbers could be found.
RULES = {
    "extension": (
        "第八条",
        "The period runs from the invoice date; repair and parts-waiting time is added to it.",
        "三包有效期自开具发票之日起计算，扣除修理占用和无零配件待修的时间。",
    ),
    "seven_day": (
        "第九条",
        "Fault within 7 days of sale: refund at the invoice price, exchange or repair.",
        "售出之日起7日内发生性能故障，可选择退货、换货或修理。",
    ),
    "fifteen_day": (
        "第十条",
        "Fault within 15 days of sale: exchange for the same model or repair.",
        "售出之日起15日内发生性能故障，可选择换货或修理。",
    ),
    "two_repairs": (
        "第十一条",
        "Still faulty after two repairs within the period: free exchange or refund.",
        "三包有效期内修理两次仍不能正常使用，免费调换或退货。",
    ),
    "parts_delay": (
        "第十二条",
        "Not repaired within 90 days for lack of parts: free exchange.",
        "因生产者未供应零配件，送修超过90日未修好，免费调换。",
    ),
    "repairer_delay": (
        "第十二条",
        "Repair took over 30 days through the repairer's fault: free exchange.",
        "因修理者自身原因修理期超过30日，免费调换。",
    ),
    "no_same_model": (
        "第十三条",
        "Exchange due but no same model in stock: refund without depreciation.",
        "符合换货条件但无同型号同规格产品，予以退货。",
    ),
    "depreciation": (
        "第十三条",
        "Refund instead of an available exchange: depreciation for days used, repair time excluded.",
        "有同型号产品而要求退货，按使用天数收取折旧费，扣除修理和待修时间。",
    ),
    "exchange_restart": (
        "第十四条",
        "After an exchange the period starts again from the exchange date.",
        "换货后的三包有效期自换货之日起重新计算。",
    ),
    "warranty": (
        "第十五条",  # unconfirmed: best reading of the free-repair article
        "Fault within the period: free repair (parts and labour).",
        "三包有效期内由修理者免费修理（含材料费和工时费）。",
    ),
    "main_part_warranty": (
        "第十五条",  # unconfirmed, as "warranty"; main-part periods come from the catalogue (art. 8 notes)
        "Main part fault after the unit period, within the main-part period: free repair.",
        "整机三包期满、主要部件三包期内的主要部件故障，免费修理。",
    ),
    "accessory_warranty": (
        "第十五条",  # unconfirmed, as "warranty"
        "Accessory fault within the accessory's own period: free repair.",
        "附件在其三包有效期内故障，免费修理。",
    ),
    "excluded": (
        "第十七条",  # unconfirmed: best reading of the article listing non-三包 cases
        "Misuse, unauthorised repair, no voucher, tampered voucher or force majeure: paid repair only.",
        "使用维护保管不当、非三包修理者拆动、无凭证、凭证涂改或不可抗力：不实行三包，可收费修理。",
    ),
    "expired": (
        "第八条",
        "Fault after the (extended) three-guarantee period: no free remedy.",
        "超过三包有效期，不再免费三包。",
    ),
}

EXCHANGE_RULES = ("parts_delay", "repairer_delay", "two_repairs")


# Codes of EntitlementError and the params each one carries.
UNKNOWN_COMPONENT = "unknown_component"  # component, known (codes), on_repair (bool)
NEGATIVE_POLICY = "negative_policy"  # fields (names of the Policy fields below zero)
REPAIR_BEFORE_SALE = "repair_before_sale"  # date_in, sale_date
REPAIR_OUT_BEFORE_IN = "repair_out_before_in"  # date_in, date_out
UNKNOWN_DELAY_CAUSE = "unknown_delay_cause"  # cause, known
WAIT_EXCEEDS_SPAN = "wait_exceeds_span"  # date_in, wait_days, span_days
FAULT_BEFORE_SALE = "fault_before_sale"  # fault_date, sale_date
FAULT_IN_FUTURE = "fault_in_future"  # fault_date, today
UNKNOWN_EXCLUSION = "unknown_exclusion"  # exclusion, known
NEGATIVE_PRICE = "negative_price"  # price

_ERROR_TEXTS = {
    UNKNOWN_COMPONENT: "Unknown component {component!r}: expected one of {known_text}.",
    NEGATIVE_POLICY: "The three-guarantee policy has a negative period or rate: {fields_text}.",
    REPAIR_BEFORE_SALE: "Repair date in {date_in} is before the sale date {sale_date}.",
    REPAIR_OUT_BEFORE_IN: "Repair date out {date_out} is before its date in {date_in}.",
    UNKNOWN_DELAY_CAUSE: "Unknown repair delay cause {cause!r}.",
    WAIT_EXCEEDS_SPAN: "Repair from {date_in}: {wait_days} parts-waiting days do not fit in its "
    "{span_days}-day span.",
    FAULT_BEFORE_SALE: "The fault date {fault_date} is before the sale date {sale_date}.",
    FAULT_IN_FUTURE: "The fault date {fault_date} is in the future (today is {today}).",
    UNKNOWN_EXCLUSION: "Unknown exclusion {exclusion!r}: expected one of {known_text}.",
    NEGATIVE_PRICE: "The price cannot be negative ({price}).",
}


class EntitlementError(ValueError):
    """Invalid input to the entitlement rules: ``code`` (one of the codes
    above) and ``params`` (the values in question: dates, codes, figures).
    The caller words the message; ``str()`` is a plain English sentence for
    logs and plain-Python callers."""

    def __init__(self, code, **params):
        self.code = code
        self.params = params
        texts = {
            f"{key}_text": ", ".join(map(str, value))
            for key, value in params.items()
            if isinstance(value, tuple)
        }
        super().__init__(_ERROR_TEXTS[code].format(**params, **texts))


@dataclass(frozen=True)
class Policy:
    """Three-guarantee terms of a product category.

    ``daily_depreciation_rate`` is in PERCENT per day (0.1 means 0.1 %/day).
    ``main_part_months`` 0 means main parts share the unit period.
    ``accessory_months`` maps an accessory code to its own period in months.
    """

    refund_days: int = 7
    exchange_days: int = 15
    warranty_months: int = 12
    main_part_months: int = 0
    max_repairs: int = 2
    parts_wait_days: int = 90
    repairer_delay_days: int = 30
    daily_depreciation_rate: float = 0.0
    count_sale_day: bool = False
    accessory_months: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "accessory_months", MappingProxyType(dict(self.accessory_months)))


@dataclass(frozen=True)
class RepairEvent:
    """One stay in repair; ``date_out`` is None while it is open."""

    date_in: date
    date_out: date | None = None
    parts_wait_days: int = 0
    fixed: bool = False
    component: str = UNIT
    delay_cause: str | None = None


@dataclass(frozen=True)
class Card:
    """A three-guarantee card (三包凭证): the sale and its repair history."""

    invoice_date: date
    price: float
    policy: Policy
    repairs: tuple = ()

    def __post_init__(self):
        object.__setattr__(self, "repairs", tuple(self.repairs))


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------


_POLICY_NUMBERS = (
    "refund_days",
    "exchange_days",
    "warranty_months",
    "main_part_months",
    "max_repairs",
    "parts_wait_days",
    "repairer_delay_days",
    "daily_depreciation_rate",
)


def _check_component(policy, component, on_repair=False):
    if component not in (UNIT, MAIN_PART) and component not in policy.accessory_months:
        known = (UNIT, MAIN_PART, *sorted(policy.accessory_months))
        raise EntitlementError(UNKNOWN_COMPONENT, component=component, known=known, on_repair=on_repair)


def _check_policy(policy):
    negative = tuple(name for name in _POLICY_NUMBERS if getattr(policy, name) < 0) + tuple(
        f"accessory_months[{code}]" for code, months in sorted(policy.accessory_months.items()) if months < 0
    )
    if negative:
        raise EntitlementError(NEGATIVE_POLICY, fields=negative)


def _check_event(card, event, fault_date):
    if event.date_in < card.invoice_date:
        raise EntitlementError(REPAIR_BEFORE_SALE, date_in=event.date_in, sale_date=card.invoice_date)
    if event.date_out is not None and event.date_out < event.date_in:
        raise EntitlementError(REPAIR_OUT_BEFORE_IN, date_in=event.date_in, date_out=event.date_out)
    if event.delay_cause not in (None, *DELAY_CAUSES):
        raise EntitlementError(UNKNOWN_DELAY_CAUSE, cause=event.delay_cause, known=DELAY_CAUSES)
    _check_component(card.policy, event.component, on_repair=True)
    span = _span(event, fault_date) if event.date_out or event.date_in <= fault_date else None
    if event.parts_wait_days < 0 or (span is not None and event.parts_wait_days > span):
        raise EntitlementError(
            WAIT_EXCEEDS_SPAN, date_in=event.date_in, wait_days=event.parts_wait_days, span_days=span
        )


def _check_inputs(card, fault_date, today, component, exclusion):
    if fault_date < card.invoice_date:
        raise EntitlementError(FAULT_BEFORE_SALE, fault_date=fault_date, sale_date=card.invoice_date)
    if fault_date > today:
        raise EntitlementError(FAULT_IN_FUTURE, fault_date=fault_date, today=today)
    if exclusion and exclusion is not True and exclusion not in EXCLUSIONS:
        raise EntitlementError(UNKNOWN_EXCLUSION, exclusion=exclusion, known=EXCLUSIONS)
    if card.price < 0:
        raise EntitlementError(NEGATIVE_PRICE, price=card.price)
    _check_policy(card.policy)
    _check_component(card.policy, component)
    for event in card.repairs:
        _check_event(card, event, fault_date)


# ---------------------------------------------------------------------------
# Periods
# ---------------------------------------------------------------------------


def _window_end(start, days, count_sale_day):
    """Last day (inclusive) of a ``days``-day window opened on ``start``."""
    return start + timedelta(days=days - 1 if count_sale_day else days)


def _months_end(start, months, count_sale_day, extra_days):
    end = start + relativedelta(months=months) + timedelta(days=extra_days)
    return end - timedelta(days=1) if count_sale_day else end


def _card_end(card, months, repair_days):
    return _months_end(card.invoice_date, months, card.policy.count_sale_day, repair_days)


def _span(event, fault_date):
    """Calendar days the event has lasted at ``fault_date`` (open events)."""
    return max(((event.date_out or fault_date) - event.date_in).days, 0)


def _counted(card, fault_date):
    return [event for event in card.repairs if event.date_in <= fault_date]


def _periods(card, fault_date, component):
    """Warranty ends, repair days and days used at ``fault_date``."""
    policy = card.policy
    repair_days = sum(_span(event, fault_date) for event in _counted(card, fault_date))
    ends = {
        "warranty_end": _card_end(card, policy.warranty_months, repair_days),
        "main_part_warranty_end": _card_end(
            card, policy.main_part_months or policy.warranty_months, repair_days
        ),
    }
    ends["component_warranty_end"] = _component_end(card, component, ends, repair_days)
    days_used = (fault_date - card.invoice_date).days + (1 if policy.count_sale_day else 0)
    return {**ends, "repair_days": repair_days, "days_used": max(days_used - repair_days, 0)}


def _component_end(card, component, ends, repair_days):
    if component == UNIT:
        return ends["warranty_end"]
    if component == MAIN_PART:
        return max(ends["warranty_end"], ends["main_part_warranty_end"])
    return _card_end(card, card.policy.accessory_months[component], repair_days)


# ---------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------


def _in_group(event, component):
    """Repairs that count towards ``component`` (the unit includes its main parts)."""
    if component == UNIT:
        return event.component in (UNIT, MAIN_PART)
    return event.component == component


def _exchange_rule(card, fault_date, component, end):
    """Rule code of an exchange-making event (art. 11-12), or None."""
    policy = card.policy
    events = _counted(card, fault_date)
    if any(
        e.delay_cause == "parts" and not e.fixed and _span(e, fault_date) > policy.parts_wait_days
        for e in events
    ):
        return "parts_delay"
    if any(e.delay_cause == "repairer" and _span(e, fault_date) > policy.repairer_delay_days for e in events):
        return "repairer_delay"
    # date_in <= fault_date <= end, so every counted event started within the warranty.
    done = [e for e in events if e.date_out is not None and e.date_in <= end and _in_group(e, component)]
    if len(done) >= policy.max_repairs:
        return "two_repairs"
    return None


def _warranty_rule(component, fault_date, periods):
    if component in (UNIT, MAIN_PART):
        return "warranty" if fault_date <= periods["warranty_end"] else "main_part_warranty"
    return "accessory_warranty"


def _rule(card, fault_date, component, exclusion, periods):
    policy = card.policy
    if exclusion:
        return "excluded"
    if fault_date <= _window_end(card.invoice_date, policy.refund_days, policy.count_sale_day):
        return "seven_day"
    if fault_date <= _window_end(card.invoice_date, policy.exchange_days, policy.count_sale_day):
        return "fifteen_day"
    end = periods["component_warranty_end"]
    if fault_date > end:
        return "expired"
    return _exchange_rule(card, fault_date, component, end) or _warranty_rule(component, fault_date, periods)


def _remedies(rule, same_model_available):
    if rule in ("excluded", "expired"):
        return []
    if rule in ("seven_day", "fifteen_day", *EXCHANGE_RULES) and not same_model_available:
        return ["refund", "repair"]  # art. 13: no same model -> refund
    if rule in ("seven_day", *EXCHANGE_RULES):
        return list(REMEDIES)
    if rule == "fifteen_day":
        return ["exchange", "repair"]
    return ["repair"]


def _money(card, rule, remedies, days_used):
    """``(refund_amount, depreciation)``; depreciation only on an exchange-rule refund."""
    price = float(card.price)
    if "refund" not in remedies:
        return 0.0, 0.0
    if rule not in EXCHANGE_RULES or "exchange" not in remedies:
        return round(price, 2), 0.0
    depreciation = min(round(price * card.policy.daily_depreciation_rate / 100 * days_used, 2), price)
    return round(price - depreciation, 2), depreciation


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def evaluate(card, fault_date, today, component=UNIT, exclusion=False, same_model_available=True):
    """Entitlement of ``card`` for a fault of ``component`` on ``fault_date``.

    ``exclusion`` is False/None or one of :data:`EXCLUSIONS` (True = an
    unspecified exclusion). Returns a dict with ``remedies`` (subset of
    ``['refund', 'exchange', 'repair']`` in that order), ``free``, ``rule``
    (a :data:`RULES` key), ``article``, ``refund_amount``, ``depreciation``,
    ``warranty_end``, ``main_part_warranty_end``, ``component_warranty_end``,
    ``days_used`` and ``repair_days``. Raises :class:`EntitlementError` on
    invalid input.
    """
    _check_inputs(card, fault_date, today, component, exclusion)
    periods = _periods(card, fault_date, component)
    rule = _rule(card, fault_date, component, exclusion, periods)
    remedies = _remedies(rule, same_model_available)
    refund_amount, depreciation = _money(card, rule, remedies, periods["days_used"])
    return {
        "remedies": remedies,
        "free": rule not in ("excluded", "expired"),
        "rule": rule,
        "article": RULES[rule][0],
        "refund_amount": refund_amount,
        "depreciation": depreciation,
        **periods,
    }


def periods(card, on_date, component=UNIT):
    """Warranty ends of ``card`` as they stand on ``on_date`` (no rule applied).

    Returns ``warranty_end``, ``main_part_warranty_end``,
    ``component_warranty_end``, ``repair_days`` and ``days_used``; repair
    days counted up to ``on_date`` extend every period (art. 8). Used to show
    a card's current cover; raises :class:`EntitlementError` on invalid input.
    """
    if on_date < card.invoice_date:
        on_date = card.invoice_date
    _check_policy(card.policy)
    _check_component(card.policy, component)
    return _periods(card, on_date, component)


def evaluate_many(items):
    """Evaluate ``(card, kwargs)`` pairs; one result dict per item, in order.

    ``kwargs`` holds the keyword arguments of :func:`evaluate`
    (``fault_date``, ``today`` and optionally ``component``, ``exclusion``,
    ``same_model_available``).
    """
    return [evaluate(card, **kwargs) for card, kwargs in items]
