"""Leases and renewals (二（三）): HOUS-LEASE-TERM, HOUS-LEASE-RENEWAL, with HOUS-RENT-CAP and
HOUS-MARKET-RENT for the rent.

A lease's term counts from its first day (`starts_on`) by calendar months: N months end on the
day before the same-numbered day N months later, or the month's last day (Civil Code arts.
201–202, `govkit.calendar.term_last_day`); the day is not moved for holidays (art. 203 governs
deadlines for acts, not an agreed duration). A renewal runs from the day after the current end.
All renewals of a lease together are at most 36 months: a renewal ends no later than 36 months
after the original end. The text limits the renewal period, not the number of renewals; a county
may set a number (`housing.lease.renewal.max_count`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from govkit.calendar.periods import months_after, months_between, term_last_day
from govkit.rules import Decision, ParameterSet
from govkit.rules.evaluation import FAIL, PASS
from housing.domain.errors import HousingDomainError
from housing.domain.evaluation import HousingEvaluation
from housing.domain.parameters import (
    LEASE_MAX_MONTHS,
    RENEWAL_FLOOR_RATIO,
    RENEWAL_MAX_COUNT,
    RENEWAL_MAX_MONTHS,
)
from housing.domain.rent import MarketRent, market_rent_finding, rent_cap_finding, rent_limits

LEASE_SUBJECT = "housing.lease"
RENEWAL_SUBJECT = "housing.lease_renewal"


@dataclass(frozen=True, slots=True)
class Term:
    """A period from `first_day`: `months` long, or to `last_day` (exactly one of them)."""

    first_day: date
    months: int | None = None
    last_day: date | None = None

    def __post_init__(self) -> None:
        if (self.months is None) == (self.last_day is None):
            raise HousingDomainError(
                None,
                "期限须填写月数或终止日期之一",
                "give the term in months or its last day, not both",
            )
        if self.months is not None and self.months < 1:
            raise HousingDomainError(None, "期限须至少1个月", "a term is at least one month")
        if self.last_day is not None and self.last_day < self.first_day:
            raise HousingDomainError(
                None,
                f"终止日期{self.last_day}早于起始日期{self.first_day}",
                f"the term ends ({self.last_day}) before it starts ({self.first_day})",
            )

    @property
    def end(self) -> date:
        if self.last_day is not None:
            return self.last_day
        assert self.months is not None
        return term_last_day(self.first_day, self.months)

    def length(self) -> tuple[int, int]:
        """(whole months, days beyond)."""
        if self.months is not None:
            return self.months, 0
        return months_between(self.first_day, self.end)


@dataclass(frozen=True, slots=True)
class LeaseTerms:
    term: Term
    monthly_rent: Decimal
    unit_area: Decimal | None = None  # for a per-m² market rent


@dataclass(frozen=True, slots=True)
class RenewalTerms:
    months: int | None  # the renewal's length, or …
    last_day: date | None  # … its last day
    monthly_rent: Decimal
    special_reason: str  # 因特殊原因确实需要继续租住


def _length_text(months: int, days: int) -> tuple[str, str]:
    zh = f"{months}个月" + (f"零{days}天" if days else "")
    en = f"{months} months" + (f" and {days} days" if days else "")
    return zh, en


def lease_term_finding(ev: HousingEvaluation, term: Term) -> bool:
    """HOUS-LEASE-TERM: at most 60 months (inclusive: the 60th month's last day)."""
    maximum = ev.count(LEASE_MAX_MONTHS)
    latest = term_last_day(term.first_day, maximum)
    end = term.end
    months, days = term.length()
    zh_len, en_len = _length_text(months, days)
    used = {
        "starts_on": term.first_day,
        "ends_on": end,
        "months": months,
        "extra_days": days,
        "latest_end": latest,
    }
    params = ev.values(LEASE_MAX_MONTHS)
    if end <= latest:
        ev.add(
            "HOUS-LEASE-TERM",
            PASS,
            f"租赁期限{zh_len}（{term.first_day}至{end}），不超过{maximum}个月。",
            f"The lease runs {en_len} ({term.first_day} to {end}), at most {maximum} months.",
            used,
            params,
        )
        return True
    ev.add(
        "HOUS-LEASE-TERM",
        FAIL,
        f"租赁期限{zh_len}（{term.first_day}至{end}），超过{maximum}个月（最迟至{latest}）。",
        f"The lease runs {en_len} ({term.first_day} to {end}), beyond {maximum} months "
        f"(at most to {latest}).",
        used,
        params,
    )
    return False


def check_lease(
    terms: LeaseTerms,
    market: MarketRent,
    params: ParameterSet,
    as_of: date,
    region: str | None,
) -> Decision:
    """A first lease: its market rent, rent cap and term."""
    ev = HousingEvaluation(params, as_of, region)
    market_rent_finding(ev, market, terms.term.first_day)
    limits = rent_limits(ev, market, terms.unit_area)
    rent_cap_finding(ev, terms.monthly_rent, limits)
    lease_term_finding(ev, terms.term)
    return ev.decision(
        LEASE_SUBJECT,
        {
            "starts_on": terms.term.first_day,
            "ends_on": terms.term.end,
            "monthly_rent": terms.monthly_rent,
            "market_rent": limits.market,
            "rent_cap": limits.cap,
            "renewal_floor": limits.renewal_floor,
        },
    )


@dataclass(frozen=True, slots=True)
class RenewalOutcome:
    decision: Decision
    starts_on: date
    ends_on: date


def check_renewal(
    *,
    original_end: date,
    current_end: date,
    previous_renewals: int,
    renewal: RenewalTerms,
    market: MarketRent,
    unit_area: Decimal | None,
    params: ParameterSet,
    as_of: date,
    region: str | None,
) -> RenewalOutcome:
    """A renewal of a lease whose original term ended `original_end` and whose current term
    (after `previous_renewals` renewals) ends `current_end`."""
    term = Term(current_end + timedelta(days=1), renewal.months, renewal.last_day)
    ev = HousingEvaluation(params, as_of, region)
    market_rent_finding(ev, market, term.first_day)
    limits = rent_limits(ev, market, unit_area)
    maximum = ev.count(RENEWAL_MAX_MONTHS)
    max_count = ev.optional_count(RENEWAL_MAX_COUNT)
    latest = months_after(original_end, maximum)
    end = term.end
    total_months, total_days = months_between(original_end + timedelta(days=1), end)
    zh: list[str] = []
    en: list[str] = []
    if not renewal.special_reason.strip():
        zh.append("续租须有特殊原因")
        en.append("a renewal needs a special reason")
    if end > latest:
        total_zh, total_en = _length_text(total_months, total_days)
        zh.append(f"续租期限合计{total_zh}（至{end}），超过{maximum}个月（最迟至{latest}）")
        en.append(
            f"the renewals total {total_en} (to {end}), beyond {maximum} months (at most to {latest})"
        )
    if max_count is not None and previous_renewals + 1 > max_count:
        zh.append(f"已续租{previous_renewals}次，至多续租{max_count}次")
        en.append(f"{previous_renewals} renewals already; at most {max_count}")
    floor_pct = f"{limits.floor_ratio * 100:.0f}%"
    if renewal.monthly_rent < limits.renewal_floor:
        zh.append(
            f"续租租金{renewal.monthly_rent}元/月，低于市场租金{limits.market}元的{floor_pct}（{limits.renewal_floor}元）"
        )
        en.append(
            f"the renewal rent {renewal.monthly_rent}/month is below {floor_pct} of the market rent "
            f"{limits.market} ({limits.renewal_floor})"
        )
    ev.verdict(
        "HOUS-LEASE-RENEWAL",
        zh,
        en,
        f"因特殊原因续租至{end}（续租合计不超过{maximum}个月），租金{renewal.monthly_rent}元/月，"
        f"不低于市场租金的{floor_pct}（{limits.renewal_floor}元）。",
        f"Renewed for special reasons to {end} (renewals within {maximum} months in all) at "
        f"{renewal.monthly_rent}/month, not below {floor_pct} of the market rent ({limits.renewal_floor}).",
        {
            "special_reason": renewal.special_reason,
            "starts_on": term.first_day,
            "ends_on": end,
            "original_end": original_end,
            "latest_end": latest,
            "renewal_months_total": total_months,
            "renewal_extra_days_total": total_days,
            "previous_renewals": previous_renewals,
            "monthly_rent": renewal.monthly_rent,
            "market_rent": limits.market,
            "renewal_floor": limits.renewal_floor,
        },
        ev.values(RENEWAL_MAX_MONTHS, RENEWAL_MAX_COUNT, RENEWAL_FLOOR_RATIO)
        if max_count is not None
        else {**ev.values(RENEWAL_MAX_MONTHS, RENEWAL_FLOOR_RATIO), RENEWAL_MAX_COUNT: None},
    )
    decision = ev.decision(
        RENEWAL_SUBJECT,
        {
            "starts_on": term.first_day,
            "ends_on": end,
            "monthly_rent": renewal.monthly_rent,
            "market_rent": limits.market,
            "renewal_floor": limits.renewal_floor,
        },
    )
    return RenewalOutcome(decision, term.first_day, end)


def renewal_chain_end(original_end: date, renewals: Sequence[RenewalTerms]) -> date:
    """The end after `renewals`, each from the day after the previous end."""
    end = original_end
    for r in renewals:
        end = Term(end + timedelta(days=1), r.months, r.last_day).end
    return end
