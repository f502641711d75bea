"""Early warning of poverty caused by illness (因病致贫返贫风险预警, 三（一）3).

Data from medical insurance (self-pay), civil affairs (household income), health and the
disability federation are joined per person; a person whose year's self-pay, or its ratio to
household income, reaches a configured threshold (inclusive) is flagged for proactive help.
The text gives no figures, so at least one threshold must be configured.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from govkit.rules import Finding, Outcome, ParameterNotConfigured, ParameterSet
from medical.domain import parameters as p
from medical.domain.catalogue import RULES
from medical.domain.terms import money

RATIO_PLACES = Decimal("0.0001")

# 整合医保、民政、卫健、残联等单位数据: the four departments whose data the watch joins.
SOURCES = ("medical_insurance", "civil_affairs", "health", "disabled_persons_federation")
SOURCE_NAMES_ZH = {
    "medical_insurance": "医保",
    "civil_affairs": "民政",
    "health": "卫健",
    "disabled_persons_federation": "残联",
}


@dataclass(frozen=True, slots=True)
class FeedStatus:
    """A department's current feed on the watch day: loaded (as of when) or missing, stale or not."""

    source: str
    as_of: date | None  # None: never loaded
    age_days: int | None
    stale: bool

    @property
    def missing(self) -> bool:
        return self.as_of is None


def feed_statuses(
    latest: Mapping[str, date], on: date, max_age_days: int
) -> tuple[FeedStatus, ...]:
    """Each source's feed on `on`: missing, or its age; stale once older than `max_age_days`."""
    out = []
    for source in SOURCES:
        as_of = latest.get(source)
        if as_of is None:
            out.append(FeedStatus(source, None, None, False))
            continue
        age = max((on - as_of).days, 0)
        out.append(FeedStatus(source, as_of, age, age > max_age_days))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class RiskFacts:
    person_id: str
    year_self_pay: Decimal  # 医保: the year's self-pay
    household_income: Decimal | None = None  # 民政: annual household income, when known
    sources: frozenset[str] = frozenset()  # which departments' data were joined for the person


@dataclass(frozen=True, slots=True)
class RiskFlag:
    person_id: str
    by_self_pay: bool
    by_income_ratio: bool
    income_ratio: Decimal | None
    finding: Finding


def join_sources(
    self_pay: Mapping[str, Decimal],
    household_income: Mapping[str, Decimal],
    other_sources: Mapping[str, Iterable[str]] | None = None,
) -> tuple[RiskFacts, ...]:
    """One RiskFacts per person with medical-insurance data; other_sources: name → person IDs."""
    seen: dict[str, set[str]] = {}
    for source, people in (other_sources or {}).items():
        for person in people:
            seen.setdefault(person, set()).add(source)
    return tuple(
        RiskFacts(
            person,
            amount,
            household_income.get(person),
            frozenset({"medical_insurance", *seen.get(person, ())})
            | ({"civil_affairs"} if person in household_income else set()),
        )
        for person, amount in sorted(self_pay.items())
    )


def risk_watch(
    people: Iterable[RiskFacts], on: date, params: ParameterSet, county: str | None = None
) -> tuple[RiskFlag, ...]:
    """The people to flag, each with a MED-RISK-WATCH finding naming the threshold reached."""
    amount_limit = _optional(params, p.RISK_SELF_PAY_THRESHOLD, on, county)
    ratio_limit = _optional(params, p.RISK_INCOME_RATIO_THRESHOLD, on, county)
    if amount_limit is None and ratio_limit is None:
        raise ParameterNotConfigured(p.RISK_SELF_PAY_THRESHOLD, on, county)
    flags = []
    for person in people:
        by_amount = amount_limit is not None and person.year_self_pay >= amount_limit
        income = person.household_income
        # Compared without division so that "reaches" is exact; no income but self-pay reaches any.
        by_ratio = (
            ratio_limit is not None
            and income is not None
            and person.year_self_pay > 0
            and person.year_self_pay >= ratio_limit * income
        )
        if not (by_amount or by_ratio):
            continue
        income_ratio = (person.year_self_pay / income).quantize(RATIO_PLACES) if income else None
        shown = "—" if income_ratio is None else str(income_ratio)
        finding = RULES.finding(
            "MED-RISK-WATCH",
            Outcome.WARN,
            f"年度自负{person.year_self_pay}元（占家庭收入{shown}），达到预警标准，应主动救助",
            f"year's self-pay {person.year_self_pay} (ratio to household income {shown}) "
            "reaches the watch threshold: assist proactively",
            {
                "year_self_pay": str(person.year_self_pay),
                "household_income": None if income is None else str(income),
                "sources": sorted(person.sources),
            },
            {
                p.RISK_SELF_PAY_THRESHOLD: None if amount_limit is None else str(amount_limit),
                p.RISK_INCOME_RATIO_THRESHOLD: None if ratio_limit is None else str(ratio_limit),
            },
        )
        flags.append(RiskFlag(person.person_id, by_amount, by_ratio, income_ratio, finding))
    return tuple(flags)


def _optional(params: ParameterSet, path: str, on: date, county: str | None) -> Decimal | None:
    try:
        value = params.get(path, on, county)
    except ParameterNotConfigured:
        return None
    return money(value, path, "MED-RISK-WATCH")
