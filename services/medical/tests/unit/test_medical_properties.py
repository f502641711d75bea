"""Properties of settlement that must hold for any claims, statuses and terms."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from govkit.money import FEN, to_fen
from govkit.rules import ParameterSet, ParameterValue
from medical.domain import (
    CareSetting,
    Claim,
    HospitalLevel,
    NeedyCategory,
    NeedyRecord,
    SettlementResult,
    YearTotals,
    default_parameters,
    needy_status_on,
    settle,
    simulate,
    subtract,
)
from medical.domain import parameters as p

START = date(2022, 1, 1)
LIMIT = Decimal("100000")
THRESHOLD = Decimal("50000")
RECORDS = {
    "dibao": [NeedyRecord(NeedyCategory.DIBAO, date(2021, 6, 1))],
    "tekun": [NeedyRecord(NeedyCategory.TEKUN, date(2021, 6, 1))],
    "new": [NeedyRecord(NeedyCategory.DIBIAN, date(2022, 6, 15))],  # needy from July
    "none": [],
}


def build_params(ci_ratio: Decimal, ma_ratio: Decimal, commercial: bool) -> ParameterSet:
    values = {
        p.CI_DEDUCTIBLE: Decimal("20000"),
        p.CI_RATIO: ci_ratio,
        p.CI_ANNUAL_CAP: Decimal("300000"),
        p.MA_RATIO: ma_ratio,
    }
    if commercial:
        values[p.COMMERCIAL_TERMS] = {
            "deductible": "3000",
            "in_policy_ratio": "0.55",
            "over_limit_drug_ratio": "0.35",
            "special_drug_ratio": "0.65",
            "annual_cap": "150000",
        }
    return default_parameters().with_values(
        ParameterValue(path, value, START, None, "property test") for path, value in values.items()
    )


ratios = st.integers(0, 100).map(lambda n: Decimal(n) / 100)
params_st = st.builds(build_params, ratios, ratios, st.booleans())
fen = st.integers(0, 40_000_000).map(lambda n: (Decimal(n) / 100).quantize(FEN))


@st.composite
def claims(draw: st.DrawFn) -> Claim:
    basic, in_policy, total = sorted(draw(st.lists(fen, min_size=3, max_size=3)))
    out_fen = int((total - in_policy) * 100)
    over_limit = draw(st.integers(0, out_fen))
    special = draw(st.integers(0, out_fen - over_limit))
    guided = draw(st.booleans())
    return Claim(
        claim_id="c",
        person_id="p",
        service_date=START + timedelta(days=draw(st.integers(0, 364))),
        hospital="h",
        hospital_level=draw(st.sampled_from(HospitalLevel)),
        setting=draw(st.sampled_from(CareSetting)),
        total_cost=total,
        in_policy_cost=in_policy,
        basic_payout=basic,
        over_limit_catalogue_drugs=Decimal(over_limit) / 100,
        out_of_catalogue_special_drugs=Decimal(special) / 100,
        followed_guidance=guided,
        referred=guided,
    )


claim_lists = st.lists(claims(), min_size=1, max_size=8)
who = st.sampled_from(sorted(RECORDS))


def sequential(batch: list[Claim], person: str, params: ParameterSet) -> list[SettlementResult]:
    totals = YearTotals(2022)
    results = []
    for c in batch:
        r = settle(c, totals, needy_status_on(RECORDS[person], c.service_date), params)
        totals = r.totals_after
        results.append(r)
    return results


@settings(max_examples=200, deadline=None)
@given(claim_lists, who, params_st)
def test_layers_add_up_and_are_fen_exact(
    batch: list[Claim], person: str, params: ParameterSet
) -> None:
    for r in sequential(batch, person, params):
        parts = (
            r.basic,
            r.critical_illness,
            r.assistance,
            r.commercial,
            r.resolution,
            r.final_self_pay,
        )
        assert sum(parts) == r.claim.total_cost
        assert all(x >= 0 and x == x.quantize(FEN) for x in parts)
        assert r.after_basic - r.critical_illness == r.after_critical_illness
        assert r.after_critical_illness - r.assistance == r.after_assistance
        if not r.needy:
            assert r.assistance == r.commercial == r.resolution == 0
        if person == "none":
            assert r.totals_after.ci_paid <= Decimal("300000")  # the ordinary cap


@settings(max_examples=200, deadline=None)
@given(claim_lists, params_st)
def test_assistance_never_exceeds_the_annual_limit(
    batch: list[Claim], params: ParameterSet
) -> None:
    results = sequential(batch, "dibao", params)
    assert results[-1].totals_after.ma_paid <= LIMIT
    for r in results:
        assert r.assistance <= LIMIT - r.totals_before.ma_paid


@settings(max_examples=100, deadline=None)
@given(claim_lists, params_st)
def test_tekun_assistance_is_never_capped(batch: list[Claim], params: ParameterSet) -> None:
    rate = max(params.get(p.MA_RATIO, START), Decimal("0.80"))
    for r in sequential(batch, "tekun", params):
        assert r.assistance == to_fen(r.after_critical_illness * rate)


@settings(max_examples=200, deadline=None)
@given(claim_lists, params_st)
def test_resolution_keeps_the_year_at_or_below_the_threshold(
    batch: list[Claim], params: ParameterSet
) -> None:
    followed = [replace(c, followed_guidance=True, referred=True) for c in batch]
    totals = sequential(followed, "dibao", params)[-1].totals_after
    assert totals.final_self_pay == min(totals.self_pay_before_resolution, THRESHOLD)
    assert totals.resolution == max(Decimal(0), totals.self_pay_before_resolution - THRESHOLD)


@settings(max_examples=150, deadline=None)
@given(claim_lists, who, params_st)
def test_simulate_equals_sequential_settle(
    batch: list[Claim], person: str, params: ParameterSet
) -> None:
    assert simulate(batch, {}, {"p": RECORDS[person]}, params) == sequential(batch, person, params)


@settings(max_examples=150, deadline=None)
@given(claim_lists, who, params_st)
def test_subtract_restores_every_step(
    batch: list[Claim], person: str, params: ParameterSet
) -> None:
    results = sequential(batch, person, params)
    for r in results:
        assert subtract(r.totals_after, r) == r.totals_before
    final = results[-1].totals_after
    for r in results:
        final = subtract(final, r)
    assert final == YearTotals(2022)
