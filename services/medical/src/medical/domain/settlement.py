"""One-stop settlement of a claim through the four layers and the high-cost resolution.

Order (三（三）9–11): basic insurance → critical illness → medical assistance → commercial
insurance → high-cost resolution, with the parameters in force on the service date. A person who
is not needy on that day gets basic insurance and the ordinary critical-illness terms only.

Only the arithmetic runs here; the findings that explain it are derived on first access
(`explanation`), which keeps batch re-settlement fast.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Any

from govkit.money import to_fen
from govkit.rules import (
    Finding,
    Outcome,
    ParameterSet,
    ParameterValue,
    overall_outcome,
)
from medical.domain.arithmetic import ZERO
from medical.domain.catalogue import RULES_VERSION
from medical.domain.claims import Claim
from medical.domain.errors import MedicalDomainError
from medical.domain.explanation import explain, parameters_read
from medical.domain.layers import (
    assistance_layer,
    basic_layer,
    commercial_layer,
    high_cost,
    needy_critical_illness,
    ordinary_critical_illness,
)
from medical.domain.needy import NeedyStatus
from medical.domain.terms import SettlementTerms, resolve_terms
from medical.domain.totals import YearTotals
from medical.domain.validity import PolicyWarning


@dataclass(frozen=True)
class SettlementResult:
    claim: Claim
    status: NeedyStatus
    totals_before: YearTotals
    basic: Decimal  # layer 1
    after_basic: Decimal  # R1 = in-policy cost − basic
    critical_illness: Decimal  # CI, layer 2
    after_critical_illness: Decimal  # R2 = R1 − CI
    assistance: Decimal  # MA, layer 3
    after_assistance: Decimal  # R3 = R2 − MA
    commercial: Decimal  # CS, layer 4
    self_pay: Decimal  # S = total − basic − CI − MA − CS
    resolution: Decimal  # H, paid through `resolution_channel`
    resolution_channel: str | None
    final_self_pay: Decimal  # S − H
    contribution: YearTotals  # this claim's own part of the year's totals
    totals_after: YearTotals
    terms: SettlementTerms = field(repr=False)
    rules_version: str = RULES_VERSION

    @property
    def as_of(self) -> date:
        return self.claim.service_date

    @property
    def needy(self) -> bool:
        return self.status.needy

    @property
    def warnings(self) -> tuple[PolicyWarning, ...]:
        return self.terms.warnings

    @cached_property
    def findings(self) -> tuple[Finding, ...]:
        return explain(self)

    @cached_property
    def parameters_used(self) -> Mapping[str, ParameterValue]:
        return parameters_read(self)

    @property
    def outcome(self) -> Outcome:
        return overall_outcome(self.findings)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: money as decimal strings."""
        layers = {
            "basic": self.basic,
            "after_basic": self.after_basic,
            "critical_illness": self.critical_illness,
            "after_critical_illness": self.after_critical_illness,
            "assistance": self.assistance,
            "after_assistance": self.after_assistance,
            "commercial": self.commercial,
            "self_pay": self.self_pay,
            "resolution": self.resolution,
            "final_self_pay": self.final_self_pay,
        }
        return {
            "claim_id": self.claim.claim_id,
            "person_id": self.claim.person_id,
            "as_of": self.as_of.isoformat(),
            "rules_version": self.rules_version,
            "outcome": self.outcome.value,
            "needy": self.needy,
            "category": self.status.category.value if self.status.category else None,
            "status_reason_zh": self.status.reason_zh,
            "status_reason_en": self.status.reason_en,
            **{k: str(v) for k, v in layers.items()},
            "resolution_channel": self.resolution_channel,
            "totals_before": totals_as_dict(self.totals_before),
            "totals_after": totals_as_dict(self.totals_after),
            "findings": [f.as_dict() for f in self.findings],
            "warnings": [w.as_dict() for w in self.warnings],
            "parameters_used": {k: v.as_dict() for k, v in self.parameters_used.items()},
        }


def totals_as_dict(t: YearTotals) -> dict[str, Any]:
    return {
        "year": t.year,
        "claims": t.claims,
        "basic_paid": str(t.basic_paid),
        "basic_deductible_used": str(t.basic_deductible_used),
        "deductible_used": str(t.deductible_used),
        "ci_paid": str(t.ci_paid),
        "ma_paid": str(t.ma_paid),
        "cs_deductible_used": str(t.cs_deductible_used),
        "cs_paid": str(t.cs_paid),
        "self_pay_before_resolution": str(t.self_pay_before_resolution),
        "resolution": str(t.resolution),
        "final_self_pay": str(t.final_self_pay),
        "needy_self_pay": str(t.needy_self_pay),
        "basic_paid_outpatient": str(t.basic_paid_outpatient),
    }


def settle(
    claim: Claim,
    year_to_date_totals: YearTotals | None,
    person_status: NeedyStatus,
    params: ParameterSet,
) -> SettlementResult:
    """Settle one claim. Raises ParameterNotConfigured when a figure it needs is unconfigured."""
    if person_status.on != claim.service_date:
        raise MedicalDomainError(
            "MED-GROUPS",
            "身份状态须为就诊（出院）当日的状态",
            "person_status must be the status on the service date",
        )
    totals = year_to_date_totals or YearTotals(claim.year)
    if totals.year != claim.year:
        raise MedicalDomainError(
            None,
            f"年度累计为{totals.year}年，就诊日期为{claim.year}年",
            f"year-to-date totals are for {totals.year}, the claim is in {claim.year}",
        )
    terms = resolve_terms(params, claim.service_date, claim.county)
    return settle_with_terms(claim, totals, person_status, terms)


def settle_with_terms(
    claim: Claim, totals: YearTotals, status: NeedyStatus, terms: SettlementTerms
) -> SettlementResult:
    """settle() once the terms for the day and county are resolved (simulate caches them)."""
    total, in_policy = to_fen(claim.total_cost), to_fen(claim.in_policy_cost)
    basic, basic_deductible, outpatient_pool = basic_layer(claim, in_policy, totals, terms)
    r1 = in_policy - basic
    if status.needy:
        ci, deductible = needy_critical_illness(r1, totals, terms)
        r2 = r1 - ci
        ma = assistance_layer(r2, status, totals, terms)
        r3 = r2 - ma
        cs, cs_deductible = commercial_layer(claim, r3, totals, terms)
    else:
        ci, deductible = ordinary_critical_illness(r1, totals, terms)
        r2 = r3 = r1 - ci
        ma = cs = cs_deductible = ZERO
    self_pay = total - basic - ci - ma - cs
    resolution, channel = high_cost(claim, status, totals, self_pay, terms)
    final = self_pay - resolution
    contribution = YearTotals(
        claim.year,
        1,
        basic - outpatient_pool,
        basic_deductible,
        deductible,
        ci,
        ma,
        cs_deductible,
        cs,
        self_pay,
        resolution,
        final,
        self_pay if status.needy else ZERO,
        outpatient_pool,
    )
    return SettlementResult(
        claim=claim,
        status=status,
        totals_before=totals,
        basic=basic,
        after_basic=r1,
        critical_illness=ci,
        after_critical_illness=r2,
        assistance=ma,
        after_assistance=r3,
        commercial=cs,
        self_pay=self_pay,
        resolution=resolution,
        resolution_channel=channel,
        final_self_pay=final,
        contribution=contribution,
        totals_after=totals.plus(contribution),
        terms=terms,
    )
