"""Settlement through the four layers, starting with the worked example of the brief."""

import json
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal

import pytest

from govkit.rules import Outcome, ParameterNotConfigured, ParameterSet, ParameterValue
from medical.domain import (
    POLICY_EXPIRED,
    CareSetting,
    Claim,
    HospitalLevel,
    MedicalDomainError,
    NeedyCategory,
    NeedyRecord,
    SettlementResult,
    YearTotals,
    default_parameters,
    needy_status_on,
    settle,
)
from medical.domain import parameters as p

D = Decimal
ClaimFactory = Callable[..., Claim]
DIBAO = [NeedyRecord(NeedyCategory.DIBAO, date(2021, 6, 1))]
TEKUN = [NeedyRecord(NeedyCategory.TEKUN, date(2021, 6, 1))]


def run(
    claims: Sequence[Claim],
    records: Sequence[NeedyRecord],
    params: ParameterSet,
    totals: YearTotals | None = None,
) -> list[SettlementResult]:
    results = []
    for c in claims:
        r = settle(c, totals, needy_status_on(records, c.service_date), params)
        totals = r.totals_after
        results.append(r)
    return results


def outcomes(r: SettlementResult) -> dict[str, Outcome]:
    return {f.rule_id: f.outcome for f in r.findings}


def test_worked_example(claim: ClaimFactory) -> None:
    """Ordinary CI deductible 20,000 at 60%; MA 80%, limit 100,000; a 低保 person's first claim."""
    params = default_parameters().with_values(
        [
            ParameterValue(p.CI_DEDUCTIBLE, D("20000"), date(2022, 1, 1), None, "configured"),
            ParameterValue(p.CI_RATIO, D("0.60"), date(2022, 1, 1), None, "configured"),
        ]
    )
    c = claim(total="300000", in_policy="250000", basic="150000", guided=True)
    r = settle(c, YearTotals(2022), needy_status_on(DIBAO, c.service_date), params)

    assert r.needy
    assert r.after_basic == D("100000.00")  # R1
    assert r.totals_after.deductible_used == D("10000.00")  # D = 20,000 × 50%
    assert r.critical_illness == D("72000.00")  # 80% × 90,000
    assert r.after_critical_illness == D("28000.00")  # R2
    assert r.assistance == D("22400.00")
    assert r.commercial == D("0.00")
    assert r.self_pay == D("55600.00")
    assert r.resolution == D("5600.00")
    assert r.final_self_pay == D("50000.00")
    assert str(r.final_self_pay) == "50000.00"
    assert r.resolution_channel
    assert "慈善医疗救助共富基金" in r.resolution_channel
    assert r.totals_after == YearTotals(
        2022,
        claims=1,
        basic_paid=D("150000"),
        deductible_used=D("10000"),
        ci_paid=D("72000"),
        ma_paid=D("22400"),
        self_pay_before_resolution=D("55600"),
        resolution=D("5600"),
        final_self_pay=D("50000"),
        needy_self_pay=D("55600"),
    )
    found = outcomes(r)
    assert found["MED-COMMERCIAL"] is Outcome.WARN  # terms not configured → CS = 0, said so
    assert found["MED-HIGHCOST"] is Outcome.PASS
    assert found["MED-CI-RATIO"] is Outcome.PASS
    assert found["MED-ONE-STOP"] is Outcome.PASS
    assert all(f.clause.startswith("温政办〔2021〕78号") for f in r.findings)
    assert r.warnings == ()
    assert r.parameters_used[p.CI_DEDUCTIBLE].source == "configured"
    assert r.as_dict()["final_self_pay"] == "50000.00"
    assert json.loads(json.dumps(r.as_dict()))["parameters_used"][p.CI_RATIO]["value"] == "0.60"
    ratio = next(f for f in r.findings if f.rule_id == "MED-CI-RATIO")
    assert ratio.parameters == {p.CI_RATIO: "0.60", p.CI_NEEDY_RATIO_FLOOR: "0.80"}


def test_assistance_limit_exhausted_exactly(claim: ClaimFactory, params: ParameterSet) -> None:
    first, second, third = run(
        [
            claim(claim_id="a"),
            claim(claim_id="b", total="600000", in_policy="600000", basic="115000"),
            claim(claim_id="c", total="100000", in_policy="100000", basic="50000"),
        ],
        DIBAO,
        params,
    )
    assert first.assistance == D("22400.00")
    assert second.critical_illness == D("388000.00")  # deductible already used up
    assert second.assistance == D("77600.00")  # exactly what was left
    assert second.totals_after.ma_paid == D("100000.00")
    assert third.after_critical_illness == D("10000.00")
    assert third.assistance == D("0.00")
    limit = next(f for f in third.findings if f.rule_id == "MED-MA-LIMIT")
    assert limit.facts["limit_reached"] is True
    assert third.totals_after.ma_paid == D("100000.00")


def test_assistance_limit_caps_a_claim_and_is_not_reached_by_others(
    claim: ClaimFactory, params: ParameterSet
) -> None:
    _first, second = run(
        [
            claim(claim_id="a"),
            claim(claim_id="b", total="200000", in_policy="200000", basic="100000"),
        ],
        DIBAO,
        params,
    )
    assert second.assistance == D("16000.00")
    assert second.totals_after.ma_paid == D("38400.00")  # 61,600 of the limit left
    _, capped = run(
        [
            claim(claim_id="a"),
            claim(claim_id="b", total="700000", in_policy="700000", basic="100000"),
        ],
        DIBAO,
        params,
    )
    assert capped.after_critical_illness == D("120000.00")
    assert capped.assistance == D("77600.00")  # 96,000 computed, 77,600 left
    assert capped.after_assistance == D("42400.00")


def test_tekun_has_no_assistance_limit(claim: ClaimFactory, params: ParameterSet) -> None:
    results = run(
        [
            claim(claim_id="a"),
            claim(claim_id="b", total="600000", in_policy="600000", basic="115000"),
            claim(claim_id="c", total="100000", in_policy="100000", basic="50000"),
        ],
        TEKUN,
        params,
    )
    assert results[2].assistance == D("8000.00")
    assert results[2].totals_after.ma_paid == D("108000.00")
    assert "特困" in next(f for f in results[2].findings if f.rule_id == "MED-MA-LIMIT").message_zh


def test_deductible_spans_two_claims(claim: ClaimFactory, params: ParameterSet) -> None:
    first, second = run(
        [
            claim(claim_id="a", total="16000", in_policy="16000", basic="10000"),
            claim(claim_id="b", total="20000", in_policy="20000", basic="10000"),
        ],
        DIBAO,
        params,
    )
    assert first.critical_illness == D("0.00")
    assert first.totals_after.deductible_used == D("6000.00")
    assert first.assistance == D("4800.00")  # assistance has no deductible
    assert second.critical_illness == D("4800.00")  # 80% × (10,000 − 4,000 left)
    assert second.totals_after.deductible_used == D("10000.00")
    assert second.assistance == D("4160.00")


def test_recognised_mid_month_ordinary_terms_then_needy_terms(
    claim: ClaimFactory, params: ParameterSet
) -> None:
    records = [NeedyRecord(NeedyCategory.DIBAO, date(2022, 3, 15))]
    march, april = run(
        [claim(claim_id="m", day=date(2022, 3, 20)), claim(claim_id="a", day=date(2022, 4, 2))],
        records,
        params,
    )
    assert not march.needy
    assert march.critical_illness == D("48000.00")  # 60% × (100,000 − 20,000), cap 400,000
    assert march.assistance == march.commercial == march.resolution == D("0.00")
    assert march.self_pay == D("102000.00")
    assert outcomes(march)["MED-ENROL-NEW"] is Outcome.NOT_APPLICABLE
    assert "2022-04-01" in march.status.reason_en
    assert april.needy
    assert april.critical_illness == D("80000.00")  # needy deductible already used in March
    assert april.assistance == D("16000.00")
    # 三（三）11 resolves what is left after the four layers for the needy: March's 102,000 was
    # settled before benefits started and does not count; April's 54,000 does: 4,000 resolved.
    assert april.totals_before.needy_self_pay == D("0.00")
    assert april.totals_after.self_pay_before_resolution == D("156000.00")
    assert april.totals_after.needy_self_pay == D("54000.00")
    assert april.resolution == D("4000.00")
    assert april.final_self_pay == D("50000.00")
    highcost = next(f for f in april.findings if f.rule_id == "MED-HIGHCOST")
    assert highcost.facts["self_pay_not_counted"] == "102000.00"
    assert "不计入" in highcost.message_zh


@pytest.mark.parametrize(
    ("april_total", "resolved"),
    [
        ("295999.99", "0.00"),  # needy self-pay 49,999.99: below the threshold
        ("296000.00", "0.00"),  # exactly 50,000: 化解至5万元以下 (inclusive), nothing to resolve
        ("296000.01", "0.01"),  # 50,000.01: the cent above is resolved
    ],
)
def test_high_cost_threshold_counts_only_the_needy_residue(
    claim: ClaimFactory, params: ParameterSet, april_total: str, resolved: str
) -> None:
    """A 低保 recognised on 2022-03-15 (benefits from 04-01). March: 102,000 of self-pay on the
    ordinary terms. April: in-policy 250,000, basic 150,000 → CI 80,000 (deductible used in
    March), MA 16,000; self-pay = total − 246,000."""
    records = [NeedyRecord(NeedyCategory.DIBAO, date(2022, 3, 15))]
    _march, april = run(
        [
            claim(claim_id="m", day=date(2022, 3, 20)),
            claim(claim_id="a", day=date(2022, 4, 2), total=april_total),
        ],
        records,
        params,
    )
    assert april.self_pay == D(april_total) - D("246000.00")
    assert april.resolution == D(resolved)
    assert april.totals_after.needy_self_pay == april.self_pay
    assert april.final_self_pay == april.self_pay - D(resolved)


def test_not_needy_with_unconfigured_cap_fails_clearly(
    claim: ClaimFactory, configure: Callable[..., ParameterSet]
) -> None:
    c = claim()
    with pytest.raises(ParameterNotConfigured) as err:
        settle(c, None, needy_status_on([], c.service_date), configure())
    assert err.value.path == p.CI_ANNUAL_CAP


def test_unconfigured_ordinary_deductible_raises(claim: ClaimFactory) -> None:
    c = claim()
    with pytest.raises(ParameterNotConfigured) as err:
        settle(c, None, needy_status_on(DIBAO, c.service_date), default_parameters())
    assert err.value.path == p.CI_DEDUCTIBLE


def test_claim_after_the_plan_expired_is_computed_with_a_warning(
    claim: ClaimFactory, params: ParameterSet
) -> None:
    c = claim(day=date(2026, 2, 1))
    r = settle(c, None, needy_status_on(DIBAO, c.service_date), params)
    assert r.final_self_pay == D("50000.00")
    assert [w.code for w in r.warnings] == [POLICY_EXPIRED]
    assert "2025-12-31" in r.warnings[0].message_en
    last_day = claim(day=date(2025, 12, 31))
    assert (
        settle(last_day, None, needy_status_on(DIBAO, last_day.service_date), params).warnings == ()
    )


def test_claim_before_the_plan_is_refused(claim: ClaimFactory, params: ParameterSet) -> None:
    c = claim(day=date(2021, 12, 31))
    with pytest.raises(MedicalDomainError):
        settle(c, None, needy_status_on(DIBAO, c.service_date), params)


def test_rounds_half_up_to_the_fen(
    claim: ClaimFactory, configure: Callable[..., ParameterSet]
) -> None:
    ci_85 = configure(CI_RATIO=D("0.85"))
    c = claim(total="22345.70", in_policy="22345.70", basic="0")
    r = settle(c, None, needy_status_on(DIBAO, c.service_date), ci_85)
    assert r.critical_illness == D("10493.85")  # 12,345.70 × 85% = 10,493.845
    assert r.after_critical_illness == D("11851.85")
    assert r.assistance == D("9481.48")
    ma_90 = configure(MA_RATIO=D("0.90"))
    c = claim(total="1000.05", in_policy="1000.05", basic="0")
    r = settle(c, None, needy_status_on(DIBAO, c.service_date), ma_90)
    assert r.critical_illness == D("0.00")  # inside the deductible
    assert r.assistance == D("900.05")  # 900.045, half up (not to even)


def test_layers_always_add_up_to_the_total(claim: ClaimFactory, params: ParameterSet) -> None:
    r = run([claim(total="123456.78", in_policy="98765.43", basic="45678.91")], DIBAO, params)[0]
    layers = r.basic + r.critical_illness + r.assistance + r.commercial + r.self_pay
    assert layers == D("123456.78")
    assert r.final_self_pay + r.resolution == r.self_pay


def test_commercial_layer_when_configured(
    claim: ClaimFactory, configure: Callable[..., ParameterSet]
) -> None:
    terms = {
        "deductible": "1000",
        "in_policy_ratio": "0.5",
        "over_limit_drug_ratio": "0.6",
        "special_drug_ratio": "0.7",
        "annual_cap": None,
    }
    c = claim(over_limit="10000", special="20000")
    r = settle(c, None, needy_status_on(DIBAO, c.service_date), configure(COMMERCIAL_TERMS=terms))
    assert r.after_assistance == D("5600.00")
    assert r.commercial == D("22300.00")  # 4,600 × 50% + 10,000 × 60% + 20,000 × 70%
    assert r.totals_after.cs_deductible_used == D("1000.00")
    assert r.self_pay == D("33300.00")
    assert r.resolution == D("0.00")
    assert outcomes(r)["MED-COMMERCIAL"] is Outcome.PASS
    capped = configure(COMMERCIAL_TERMS=terms | {"annual_cap": "10000"})
    assert settle(c, None, needy_status_on(DIBAO, c.service_date), capped).commercial == D(
        "10000.00"
    )


def test_basic_layer_computed_from_configured_terms(
    claim: ClaimFactory, configure: Callable[..., ParameterSet]
) -> None:
    terms = {
        "deductible": "1000",
        "ratios": {"primary": "0.90", "secondary": "0.80", "tertiary": "0.70"},
        "annual_cap": "200000",
    }
    params = configure(BASIC_TERMS=terms)
    primary = claim(total="11000", in_policy="11000", basic=None, level=HospitalLevel.PRIMARY)
    r = settle(primary, None, needy_status_on(DIBAO, primary.service_date), params)
    assert r.basic == D("9000.00")
    assert r.totals_after.basic_deductible_used == D("1000.00")
    tertiary = claim(total="11000", in_policy="11000", basic=None)
    assert settle(
        tertiary, r.totals_after, needy_status_on(DIBAO, primary.service_date), params
    ).basic == D("7700.00")
    with pytest.raises(ParameterNotConfigured):
        settle(primary, None, needy_status_on(DIBAO, primary.service_date), configure())
    lower_primary = terms | {"ratios": {"primary": "0.6", "secondary": "0.8", "tertiary": "0.7"}}
    with pytest.raises(MedicalDomainError) as err:
        settle(
            primary,
            None,
            needy_status_on(DIBAO, primary.service_date),
            configure(BASIC_TERMS=lower_primary),
        )
    assert err.value.rule_id == "MED-BASIC"


def test_outpatient_shares_ratio_and_limit(claim: ClaimFactory, params: ParameterSet) -> None:
    c = claim(setting=CareSetting.OUTPATIENT, total="3000", in_policy="3000", basic="1500")
    r = settle(
        c,
        YearTotals(2022, claims=3, ma_paid=D("99000")),
        needy_status_on(DIBAO, c.service_date),
        params,
    )
    assert outcomes(r)["MED-MA-OUTPATIENT"] is Outcome.PASS
    assert r.assistance == D("1000.00")  # 80% × 1,500 = 1,200, only 1,000 of the limit left


def test_no_resolution_without_guidance_and_referral(
    claim: ClaimFactory, params: ParameterSet
) -> None:
    r = run([claim(guided=False)], DIBAO, params)[0]
    assert r.self_pay == D("55600.00")
    assert r.resolution == D("0.00")
    assert r.final_self_pay == D("55600.00")
    assert r.resolution_channel is None
    assert outcomes(r)["MED-HIGHCOST"] is Outcome.NOT_APPLICABLE


def test_county_parameters_apply(claim: ClaimFactory, params: ParameterSet) -> None:
    ruian = params.with_values(
        [ParameterValue(p.MA_RATIO, D("0.90"), date(2022, 1, 1), None, "瑞安市", "330381")]
    )
    c = claim(county="330381")
    r = settle(c, None, needy_status_on(DIBAO, c.service_date), ruian)
    assert r.assistance == D("25200.00")
    assert r.parameters_used[p.MA_RATIO].region == "330381"


@pytest.mark.parametrize(
    ("kwargs", "rule_id"),
    [
        ({"total": "-1", "in_policy": "0", "basic": "0"}, None),
        ({"total": "100", "in_policy": "101", "basic": "0"}, None),
        ({"total": "100", "in_policy": "100", "basic": "100.01"}, "MED-BASIC"),
        ({"total": "100", "in_policy": "80", "basic": "0", "special": "30"}, "MED-COMMERCIAL"),
        ({"total": "100.001", "in_policy": "0", "basic": "0"}, None),
    ],
)
def test_impossible_claims_are_refused(
    claim: ClaimFactory, kwargs: dict[str, str], rule_id: str | None
) -> None:
    with pytest.raises(MedicalDomainError) as err:
        claim(**kwargs)
    assert err.value.rule_id == rule_id
    assert err.value.message_zh
    assert err.value.message_en


def test_status_and_totals_must_match_the_claim(claim: ClaimFactory, params: ParameterSet) -> None:
    c = claim()
    with pytest.raises(MedicalDomainError):
        settle(c, None, needy_status_on(DIBAO, date(2022, 1, 1)), params)
    with pytest.raises(MedicalDomainError):
        settle(c, YearTotals(2021), needy_status_on(DIBAO, c.service_date), params)
