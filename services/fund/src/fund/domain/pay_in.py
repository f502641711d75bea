"""六（三）: the mother fund pays in last, in step with the other contributors (FUND-RISK-LAST-IN)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from fund.domain.evaluation import FAIL, PASS, WARN, Evaluation, fraction, require_non_negative
from fund.domain.parameters import DEFAULT_PARAMETERS
from govkit.money import to_fen
from govkit.rules import Decision, ParameterSet

ZERO = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class PayInFacts:
    subfund_registered: bool
    mother_fund_commitment: Decimal
    mother_fund_paid_in: Decimal  # already paid
    others_commitment: Decimal
    others_paid_in: Decimal
    others_overdue: bool  # some contributor missed the agreed date


@dataclass(frozen=True, slots=True)
class PayInAllowance:
    allowed_total: Decimal  # the mother fund's paid-in may reach this, pro rata to the others
    due_now: Decimal  # what it may pay now
    may_refuse: bool
    decision: Decision


def mother_fund_pay_in(
    facts: PayInFacts,
    *,
    as_of: date,
    proposed: Decimal | None = None,
    params: ParameterSet = DEFAULT_PARAMETERS,
    region: str | None = None,
) -> PayInAllowance:
    """How much the mother fund may pay in now; checks a `proposed` payment when given."""
    f = facts
    require_non_negative(
        "FUND-RISK-LAST-IN",
        mother_fund_commitment=f.mother_fund_commitment,
        mother_fund_paid_in=f.mother_fund_paid_in,
        others_commitment=f.others_commitment,
        others_paid_in=f.others_paid_in,
    )
    ev = Evaluation(params, as_of, region)
    ratio = (
        min(f.others_paid_in / f.others_commitment, Decimal(1))
        if f.others_commitment
        else Decimal(0)
    )
    allowed = to_fen(f.mother_fund_commitment * ratio) if f.subfund_registered else ZERO
    due = max(allowed - f.mother_fund_paid_in, ZERO)
    facts_used = {
        "subfund_registered": f.subfund_registered,
        "others_paid_in_ratio": fraction(f.others_paid_in, f.others_commitment),
        "mother_fund_paid_in": f.mother_fund_paid_in,
        "allowed_total": allowed,
        "due_now": due,
        "others_overdue": f.others_overdue,
        "proposed": proposed,
    }
    rule = "FUND-RISK-LAST-IN"
    if proposed is not None and proposed > due:
        why_zh = (
            "子基金尚未完成注册"
            if not f.subfund_registered
            else f"超过按其他出资人到位比例可出资的{due}元"
        )
        why_en = (
            "the sub-fund is not registered yet"
            if not f.subfund_registered
            else f"more than the {due} allowed pro rata to the others' paid-in"
        )
        ev.add(
            rule,
            FAIL,
            f"拟出资{proposed}元：{why_zh}。",
            f"Proposed payment {proposed}: {why_en}.",
            facts_used,
        )
    elif f.others_overdue:
        ev.add(
            rule,
            WARN,
            f"其他出资人未按期到位，科技创投基金有权不予出资（按比例可出资{due}元）。",
            f"Other contributors are late: the mother fund may refuse to pay ({due} would be due pro rata).",
            facts_used,
        )
    else:
        ev.add(
            rule,
            PASS,
            f"按其他出资人到位比例，科技创投基金现可出资{due}元（累计不超过{allowed}元）。",
            f"Pro rata to the others, the mother fund may now pay {due} (in total up to {allowed}).",
            facts_used,
        )
    return PayInAllowance(
        allowed,
        due,
        f.others_overdue,
        ev.decision("fund.pay_in", {"allowed_total": allowed, "due_now": due}),
    )
