"""Subsidised enrolment in residents' basic medical insurance (三（三）8).

- Needy at the start of the year → the individual premium is paid in full by government
  (个人缴费部分由政府予以全额补助) and cover runs the whole year.
- Newly recognised during the year → enrolled in the month of recognition, cover from the 1st of
  the next month (当月参保，次月生效).
- Exits during the year → this year's enrolment stays valid; no subsidy from the next year.
- 低保/低边 in the gradual-exit period (渐退期) → still subsidised.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from govkit.money import to_fen
from govkit.rules import Decision, Finding, Outcome, ParameterNotConfigured, ParameterSet
from medical.domain import parameters as p
from medical.domain.catalogue import RULES, RULES_VERSION
from medical.domain.errors import MedicalDomainError
from medical.domain.needy import (
    CATEGORY_NAMES_ZH,
    NeedyRecord,
    NeedyStatus,
    first_of_next_month,
    needy_status_on,
)
from medical.domain.terms import money, ratio
from medical.domain.validity import policy_warnings

SUBJECT = "medical.enrolment_subsidy"


def enrolment_subsidy(
    person_records: Iterable[NeedyRecord],
    year: int,
    *,
    month: int | None = None,
    params: ParameterSet | None = None,
    county: str | None = None,
) -> Decision:
    """Whether the person's individual premium for `year` is subsidised, from when, why, how much.

    With `month`, the outcome says whether that month is covered by the subsidised enrolment.
    """
    if month is not None and not 1 <= month <= 12:
        raise MedicalDomainError(None, "月份须在1至12之间", "month must be within 1..12")
    params = params or p.default_parameters()
    records = tuple(person_records)
    jan1, dec31 = date(year, 1, 1), date(year, 12, 31)
    as_of = jan1 if month is None else date(year, month, 1)
    warnings = policy_warnings(params, as_of, county)
    at_start = needy_status_on(records, jan1)
    findings: list[Finding] = []

    covered_from: date | None
    if at_start.needy:
        covered_from, enrolled_in = jan1, None
        findings.append(_subsidised(at_start, year))
        if at_start.gradual_exit:
            findings.append(
                RULES.finding(
                    "MED-ENROL-TAPER",
                    Outcome.PASS,
                    "渐退期的低保、低边对象继续资助参保",
                    "低保/低边 in the gradual-exit period keep the subsidy",
                    {"year": year},
                )
            )
    else:
        recognised_on = _first_new_recognition(records, jan1, dec31)
        if recognised_on is None:
            findings.append(_not_subsidised(records, at_start, year))
            covered_from = enrolled_in = None
        else:
            covered_from, enrolled_in = first_of_next_month(recognised_on), recognised_on
            findings.append(
                RULES.finding(
                    "MED-ENROL-NEW",
                    Outcome.PASS,
                    f"{recognised_on.isoformat()}新认定，当月参保，{covered_from.isoformat()}起生效，个人缴费全额资助",
                    f"newly recognised on {recognised_on.isoformat()}: enrolled that month, "
                    f"covered from {covered_from.isoformat()}, premium paid in full",
                    {"recognised_on": recognised_on.isoformat()},
                )
            )

    exit_day = _exit_within(records, jan1, dec31) if covered_from else None
    if exit_day is not None:
        findings.append(
            RULES.finding(
                "MED-ENROL-EXIT",
                Outcome.PASS,
                f"{exit_day.isoformat()}退出，当年参保继续有效，{year + 1}年起不再资助参保",
                f"exits on {exit_day.isoformat()}: this year's enrolment stays valid, "
                f"no subsidy from {year + 1}",
                {"exited_on": exit_day.isoformat()},
            )
        )
    if month is not None and covered_from is not None and as_of < covered_from:
        findings.append(
            RULES.finding(
                "MED-ENROL-NEW",
                Outcome.FAIL,
                f"{year}年{month}月尚未生效（{covered_from.isoformat()}起生效）",
                f"{year}-{month:02d} is not yet covered (cover from {covered_from.isoformat()})",
            )
        )

    subsidised = covered_from is not None
    rate_pv = params.resolve(p.ENROL_SUBSIDY_RATIO, as_of, county)
    used = {p.ENROL_SUBSIDY_RATIO: rate_pv.as_dict()}
    rate = ratio(rate_pv.value, p.ENROL_SUBSIDY_RATIO, "MED-ENROL-SUBSIDY")
    amount: Decimal | None = None
    if subsidised:
        try:
            premium_pv = params.resolve(p.ENROL_INDIVIDUAL_PREMIUM, as_of, county)
        except ParameterNotConfigured:
            premium_pv = None
        if premium_pv is not None:
            used[p.ENROL_INDIVIDUAL_PREMIUM] = premium_pv.as_dict()
            premium = money(premium_pv.value, p.ENROL_INDIVIDUAL_PREMIUM, "MED-ENROL-SUBSIDY")
            amount = to_fen(premium * rate)
    return Decision(
        subject=SUBJECT,
        findings=tuple(findings),
        as_of=as_of,
        rules_version=RULES_VERSION,
        parameters_used=used,
        warnings=tuple(str(w) for w in warnings),
        result={
            "year": year,
            "month": month,
            "subsidised": subsidised,
            "enrolled_in": enrolled_in.strftime("%Y-%m") if enrolled_in else None,
            "covered_from": covered_from.isoformat() if covered_from else None,
            "subsidy_ratio": str(rate) if subsidised else None,
            # None while the year's individual premium is not configured: the ratio still holds.
            "subsidy_amount": str(amount) if amount is not None else None,
        },
    )


def _subsidised(status: NeedyStatus, year: int) -> Finding:
    assert status.category is not None
    name = CATEGORY_NAMES_ZH[status.category]
    return RULES.finding(
        "MED-ENROL-SUBSIDY",
        Outcome.PASS,
        f"{year}年初为{name}，居民医保个人缴费部分由政府全额补助",
        f"{status.category.value} at the start of {year}: individual premium paid in full",
        {"category": status.category.value, "recognised_since": str(status.recognised_since)},
    )


def _first_new_recognition(
    records: tuple[NeedyRecord, ...], jan1: date, dec31: date
) -> date | None:
    """The first day in the year a person not needy on 1 January becomes recognised."""
    days = sorted(r.recognised_on for r in records if jan1 <= r.recognised_on <= dec31)
    return days[0] if days else None


def _exit_within(records: tuple[NeedyRecord, ...], jan1: date, dec31: date) -> date | None:
    """The exit that leaves the person unrecognised at the end of the year, if it falls in it."""
    last_exit = needy_status_on(records, dec31).last_exit
    return last_exit if last_exit is not None and jan1 < last_exit <= dec31 else None


def _not_subsidised(records: tuple[NeedyRecord, ...], at_start: NeedyStatus, year: int) -> Finding:
    if at_start.last_exit is not None:
        return RULES.finding(
            "MED-ENROL-EXIT",
            Outcome.FAIL,
            f"已于{at_start.last_exit.isoformat()}退出，{year}年不再资助参保",
            f"exited on {at_start.last_exit.isoformat()}: no subsidy for {year}",
            {"exited_on": at_start.last_exit.isoformat()},
        )
    return RULES.finding(
        "MED-GROUPS",
        Outcome.FAIL,
        f"{year}年内无困难群众身份，不予资助参保",
        f"not recognised as needy in {year}: no subsidy",
    )
