"""MED-SPECIAL-DISEASES: outpatient care of a listed disease shares the annual basic-insurance
limit with inpatient care; other outpatient care draws on its own limit, where one is set."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from govkit.rules import Outcome, ParameterSet
from medical.domain import (
    CareSetting,
    Claim,
    NeedyRecord,
    SettlementResult,
    needy_status_on,
    settle,
)
from medical.domain.special_diseases import CATALOGUE, catalogue_on

D = Decimal
TERMS = {
    "deductible": "0",
    "ratios": {"primary": "0.90", "secondary": "0.80", "tertiary": "0.80"},
    "annual_cap": "100000",
    "outpatient_annual_cap": "5000",
}


@pytest.fixture(scope="module")
def params(configure: Callable[..., ParameterSet]) -> ParameterSet:
    return configure(BASIC_TERMS=TERMS, CI_ANNUAL_CAP=D("400000"))


def run(claims: Sequence[Claim], params: ParameterSet) -> list[SettlementResult]:
    out, totals = [], None
    records: list[NeedyRecord] = []
    for c in claims:
        r = settle(c, totals, needy_status_on(records, c.service_date), params)
        totals = r.totals_after
        out.append(r)
    return out


def outpatient(claim: Callable[..., Claim], cid: str, in_policy: str, code: str | None) -> Claim:
    listed = code is not None and any(e.code == code for e in catalogue_on(date(2022, 5, 1)))
    c = claim(claim_id=cid, day=date(2022, 5, 1), total=in_policy, in_policy=in_policy,
              basic=None, setting=CareSetting.OUTPATIENT, guided=False)  # fmt: skip
    return replace(c, disease_code=code, disease_listed=listed)


def inpatient(claim: Callable[..., Claim], cid: str, in_policy: str) -> Claim:
    return claim(claim_id=cid, day=date(2022, 6, 1), total=in_policy, in_policy=in_policy,
                 basic=None, guided=False)  # fmt: skip


def test_the_catalogue_lists_the_first_batch_from_the_plans_first_day() -> None:
    codes = {e.code for e in catalogue_on(date(2022, 1, 1))}
    assert {"diabetes-insulin", "uraemia-dialysis", "schizoaffective-maintenance"} <= codes
    assert "diabetes-insulin" not in {e.code for e in catalogue_on(date(2021, 12, 31))}
    assert len([e for e in CATALOGUE if e.effective_from == date(2022, 1, 1)]) == 6


def test_ordinary_outpatient_care_draws_on_its_own_limit(claim: Callable[..., Claim], params: ParameterSet) -> None:  # fmt: skip
    (r,) = run([outpatient(claim, "o1", "10000.00", None)], params)
    assert r.basic == D("5000.00")  # 80% × 10,000 = 8,000, the outpatient limit is 5,000
    assert r.totals_after.basic_paid_outpatient == D("5000.00")
    assert r.totals_after.basic_paid == D("0.00")  # the shared annual limit is untouched


def test_a_listed_disease_outpatient_shares_the_inpatient_limit(claim: Callable[..., Claim], params: ParameterSet) -> None:  # fmt: skip
    out, inp = run(
        [outpatient(claim, "o1", "10000.00", "diabetes-insulin"), inpatient(claim, "i1", "120000.00")],
        params,
    )  # fmt: skip
    assert out.basic == D("8000.00")  # not held to the 5,000 outpatient limit
    assert out.totals_after.basic_paid == D("8000.00")
    assert out.totals_after.basic_paid_outpatient == D("0.00")
    # Inpatient 80% × 120,000 = 96,000, but only 100,000 − 8,000 of the shared limit is left.
    assert inp.basic == D("92000.00")
    assert inp.totals_after.basic_paid == D("100000.00")
    found = {f.rule_id: f for f in out.findings}["MED-SPECIAL-DISEASES"]
    assert found.outcome is Outcome.PASS
    assert found.facts["shared_limit"] == "100000.00"
    assert found.facts["shared_paid_after"] == "8000.00"


def test_at_the_shared_limit_a_listed_outpatient_gets_nothing_an_ordinary_one_still_does(
    claim: Callable[..., Claim], params: ParameterSet
) -> None:
    inp = inpatient(claim, "i1", "125000.00")  # 80% = exactly 100,000: the shared limit
    results = run(
        [
            inp,
            replace(outpatient(claim, "o1", "1000.00", "uraemia-dialysis"), service_date=date(2022, 7, 1)),
            replace(outpatient(claim, "o2", "1000.00", None), service_date=date(2022, 7, 2)),
        ],
        params,
    )  # fmt: skip
    assert [r.basic for r in results] == [D("100000.00"), D("0.00"), D("800.00")]
    assert results[-1].totals_after.basic_paid == D("100000.00")
    assert results[-1].totals_after.basic_paid_outpatient == D("800.00")


def test_just_below_the_shared_limit_the_last_cent_is_paid(claim: Callable[..., Claim], params: ParameterSet) -> None:  # fmt: skip
    inp = inpatient(claim, "i1", "124999.98")  # 80% = 99,999.98 (rounded to the fen)
    listed = replace(outpatient(claim, "o1", "1000.00", "uraemia-dialysis"), service_date=date(2022, 7, 1))  # fmt: skip
    first, second = run([inp, listed], params)
    assert first.basic == D("99999.98")
    assert second.basic == D("0.02")


def test_an_unlisted_code_is_settled_as_ordinary_outpatient_care_and_says_so(
    claim: Callable[..., Claim], params: ParameterSet
) -> None:
    (r,) = run([outpatient(claim, "o1", "10000.00", "not-a-listed-disease")], params)
    assert r.basic == D("5000.00")
    found = {f.rule_id: f for f in r.findings}["MED-SPECIAL-DISEASES"]
    assert found.outcome is Outcome.WARN
    assert found.facts["listed"] is False


def test_without_an_outpatient_limit_every_claim_shares_the_annual_one(
    claim: Callable[..., Claim], configure: Callable[..., ParameterSet]
) -> None:
    terms = {k: v for k, v in TERMS.items() if k != "outpatient_annual_cap"}
    params = configure(BASIC_TERMS=terms, CI_ANNUAL_CAP=D("400000"))
    (r,) = run([outpatient(claim, "o1", "10000.00", None)], params)
    assert r.basic == D("8000.00")
    assert r.totals_after.basic_paid == D("8000.00")
