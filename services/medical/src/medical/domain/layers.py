"""The four layers and the high-cost resolution, one function each, over resolved terms.

Shared by the settlement (which runs them) and its explanation (which cites what they read).
"""

from __future__ import annotations

from decimal import Decimal

from govkit.money import to_fen
from govkit.rules import ParameterNotConfigured
from medical.domain import parameters as p
from medical.domain.arithmetic import ZERO, after_deductible, capped, high_cost_resolution, left
from medical.domain.claims import CareSetting, Claim
from medical.domain.needy import NeedyStatus
from medical.domain.special_diseases import in_ordinary_outpatient_pool, shared_limit_left
from medical.domain.terms import SettlementTerms
from medical.domain.totals import YearTotals


def basic_layer(
    claim: Claim, in_policy: Decimal, totals: YearTotals, terms: SettlementTerms
) -> tuple[Decimal, Decimal, Decimal]:
    """(payout, deductible consumed, the part paid against the ordinary outpatient limit): the
    basic settlement's figure, or the configured terms' within the limit the claim draws on."""
    if claim.basic_payout is not None:
        return to_fen(claim.basic_payout), ZERO, ZERO
    basic = terms.require_basic()
    deductible_left = left(basic.deductible, totals.basic_deductible_used)
    raw, consumed = after_deductible(in_policy, deductible_left, basic.ratios[claim.hospital_level])
    if in_ordinary_outpatient_pool(
        claim.setting is CareSetting.OUTPATIENT,
        claim.disease_listed,
        basic.outpatient_annual_cap is not None,
    ):
        assert basic.outpatient_annual_cap is not None
        paid = capped(raw, left(basic.outpatient_annual_cap, totals.basic_paid_outpatient))
        return paid, consumed, paid
    room = (
        None if basic.annual_cap is None else shared_limit_left(basic.annual_cap, totals.basic_paid)
    )
    return capped(raw, room), consumed, ZERO


def needy_critical_illness(
    r1: Decimal, totals: YearTotals, terms: SettlementTerms
) -> tuple[Decimal, Decimal]:
    """(CI, deductible consumed): halved deductible, ratio of at least 80%, no cap."""
    deductible_left = left(terms.needy_ci_deductible(), totals.deductible_used)
    return after_deductible(r1, deductible_left, terms.needy_ci_ratio())


def ordinary_critical_illness(
    r1: Decimal, totals: YearTotals, terms: SettlementTerms
) -> tuple[Decimal, Decimal]:
    deductible_left = left(terms.number(p.CI_DEDUCTIBLE), totals.deductible_used)
    raw, consumed = after_deductible(r1, deductible_left, terms.number(p.CI_RATIO))
    return min(raw, left(terms.number(p.CI_ANNUAL_CAP), totals.ci_paid)), consumed


def assistance_room(
    status: NeedyStatus, totals: YearTotals, terms: SettlementTerms
) -> Decimal | None:
    """What is left of the year's assistance limit; None for 特困 (取消救助限额)."""
    return None if status.tekun else left(terms.number(p.MA_ANNUAL_LIMIT), totals.ma_paid)


def assistance_layer(
    r2: Decimal, status: NeedyStatus, totals: YearTotals, terms: SettlementTerms
) -> Decimal:
    """MA = min(R2 × ratio, what is left of the limit); no deductible (不设起付线)."""
    return capped(to_fen(r2 * terms.assistance_ratio()), assistance_room(status, totals, terms))


def commercial_layer(
    claim: Claim, r3: Decimal, totals: YearTotals, terms: SettlementTerms
) -> tuple[Decimal, Decimal]:
    """(payout, deductible consumed); nothing while the terms are unconfigured (said in findings)."""
    cs = terms.commercial
    if cs is None:
        return ZERO, ZERO
    consumed = min(r3, left(cs.deductible, totals.cs_deductible_used))
    raw = to_fen(
        (r3 - consumed) * cs.in_policy_ratio
        + claim.over_limit_catalogue_drugs * cs.over_limit_drug_ratio
        + claim.out_of_catalogue_special_drugs * cs.special_drug_ratio
    )
    room = None if cs.annual_cap is None else left(cs.annual_cap, totals.cs_paid)
    return capped(raw, room), consumed


def resolution_applies(claim: Claim, status: NeedyStatus) -> bool:
    """执行就医指导方案、且经规范转诊的困难群众."""
    return status.needy and claim.followed_guidance and claim.referred


def high_cost(
    claim: Claim, status: NeedyStatus, totals: YearTotals, self_pay: Decimal, terms: SettlementTerms
) -> tuple[Decimal, str | None]:
    """(H, who funds it): the part of this claim taking the year's self-pay above the threshold.

    The year's self-pay counted is the needy residue only (`needy_self_pay`): what is left after
    the four layers of claims settled while the person was needy. Self-pay from claims settled
    before benefits started did not go through the four layers and does not count.
    """
    if not resolution_applies(claim, status):
        return ZERO, None
    threshold = terms.number(p.HIGH_COST_THRESHOLD)
    resolution = high_cost_resolution(totals.needy_self_pay, self_pay, threshold)
    if not resolution:
        return ZERO, None
    if terms.funding_channel is None:  # H is only recorded with who pays it
        raise ParameterNotConfigured(p.HIGH_COST_FUNDING_CHANNEL, terms.on, terms.county)
    return resolution, terms.funding_channel
