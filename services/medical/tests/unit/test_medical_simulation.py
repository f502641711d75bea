"""Reversal and batch simulation with running totals."""

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

import pytest

from govkit.rules import ParameterSet
from medical.domain import (
    Claim,
    MedicalDomainError,
    NeedyCategory,
    NeedyRecord,
    YearTotals,
    needy_status_on,
    settle,
    simulate,
    subtract,
)

D = Decimal
ClaimFactory = Callable[..., Claim]
DIBAO = [NeedyRecord(NeedyCategory.DIBAO, date(2021, 6, 1))]


def test_reversal_restores_the_totals_exactly(claim: ClaimFactory, params: ParameterSet) -> None:
    first = settle(claim(), None, needy_status_on(DIBAO, date(2022, 3, 10)), params)
    second_claim = claim(claim_id="c2", total="12345.67", in_policy="9876.54", basic="1234.56")
    second = settle(
        second_claim, first.totals_after, needy_status_on(DIBAO, date(2022, 3, 10)), params
    )
    assert subtract(second.totals_after, second) == first.totals_after
    assert subtract(first.totals_after, first) == YearTotals(2022)
    # Taking the first claim out of the later totals leaves exactly the second claim's part.
    assert subtract(second.totals_after, first) == second.contribution


def test_reversal_refuses_what_was_never_added(claim: ClaimFactory, params: ParameterSet) -> None:
    r = settle(claim(), None, needy_status_on(DIBAO, date(2022, 3, 10)), params)
    with pytest.raises(MedicalDomainError):
        subtract(YearTotals(2022), r)
    with pytest.raises(MedicalDomainError):
        subtract(YearTotals(2023, claims=5), r)


def test_simulate_equals_settling_one_by_one(claim: ClaimFactory, params: ParameterSet) -> None:
    claims = [
        claim(claim_id="a", person="x"),
        claim(claim_id="b", person="y", day=date(2022, 5, 1)),
        claim(
            claim_id="c",
            person="x",
            day=date(2022, 6, 1),
            total="90000",
            in_policy="80000",
            basic="40000",
        ),
        claim(claim_id="d", person="x", day=date(2023, 1, 5)),  # a new year starts from zero
    ]
    statuses = {"x": DIBAO}  # y has no record: ordinary terms
    initial = {"x": YearTotals(2022, claims=2, ma_paid=D("90000"), deductible_used=D("3000"))}
    results = simulate(claims, initial, statuses, params)

    totals = {("x", 2022): initial["x"]}
    for c, r in zip(claims, results, strict=True):
        before = totals.get((c.person_id, c.year))
        expected = settle(
            c, before, needy_status_on(statuses.get(c.person_id, []), c.service_date), params
        )
        assert r == expected
        totals[(c.person_id, c.year)] = expected.totals_after
    assert not results[1].needy
    assert results[2].totals_after.ma_paid == D("100000.00")
    assert results[3].totals_before == YearTotals(2023)


def test_simulate_many_persons_keeps_each_years_totals_the_sum_of_its_claims(
    claim: ClaimFactory, params: ParameterSet
) -> None:
    """Its speed is measured by bench/settlement (simulate row), not here."""
    people = {f"p{i}": DIBAO if i % 3 else [] for i in range(50)}
    claims = [
        claim(
            claim_id=f"c{i}",
            person=f"p{i % 50}",
            day=date(2022, 1, 1) + timedelta(days=i % 360),
            total=f"{15000 + (i * 7919) % 120000 + (i * 31) % 50000}.{i % 100:02d}",
            in_policy=f"{15000 + (i * 7919) % 120000}.00",
            basic=f"{5000 + (i * 104729) % 10000}.00",
            guided=i % 2 == 0,
        )
        for i in range(1_000)
    ]
    results = simulate(claims, {}, people, params)
    assert len(results) == 1_000
    last: dict[str, YearTotals] = {}
    summed: dict[str, YearTotals] = {}
    for c, r in zip(claims, results, strict=True):
        assert r.totals_before == last.get(c.person_id, YearTotals(2022))
        last[c.person_id] = r.totals_after
        summed[c.person_id] = summed.get(c.person_id, YearTotals(2022)).plus(r.contribution)
        assert r.final_self_pay == r.self_pay - r.resolution
    assert last == summed
    assert all(last[f"p{i}"].ma_paid == 0 for i in range(0, 50, 3))  # not needy: no assistance
    assert all(last[f"p{i}"].ma_paid <= D("100000.00") for i in range(50))  # MED-MA-LIMIT
