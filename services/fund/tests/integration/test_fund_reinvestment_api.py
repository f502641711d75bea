"""Wenzhou reinvestment over HTTP: worked example 1 both ways (the stateless calculator and a
recorded sub-fund's portfolio), the 1.5× target at one fen, and the stage tests at their
boundaries (FUND-SUB-REINVEST, -CREDIT, -EXCLUDE, FUND-SUB-STAGE-EARLY, -ALL)."""

from __future__ import annotations

import copy
from typing import Any

from fund.api.sub_fund_schemas import WORKED_EXAMPLE_1

from .conftest import GROUP, MOTHER, Api, new_sub_fund, payment

EXPECTED = {
    "A": ("20000000.00", "wenzhou_registered"),
    "B": ("20000000.00", "relocation"),
    "C": ("10000000.00", "talent_or_team"),
    "D": ("8000000.00", "acquisition"),
    "E": ("0.00", "none"),
    "F": ("2000000.00", "subsidiary"),
    "G": ("0.00", "none"),
}
UNLISTED = {"listed": False, "is_partnership": False, "is_venture_capital_firm": False}


def outcomes(body: dict[str, Any], rule_id: str) -> list[str]:
    return [f["outcome"] for f in body["decision"]["findings"] if f["rule_id"] == rule_id]


def assert_worked_example(out: dict[str, Any]) -> None:
    assert {line["company"]: (line["credited"], line["case"]) for line in out["lines"]} == EXPECTED
    assert out["credited_total"] == "60000000.00"
    assert out["target"] == "60000000.00"
    assert out["shortfall"] == "0.00"
    assert out["passes"] is True
    assert out["by_case"]["relocation"] == "20000000.00"
    assert out["by_case"]["none"] == "0.00"
    assert outcomes(out, "FUND-SUB-REINVEST") == ["pass"]
    assert outcomes(out, "FUND-SUB-REINVEST-EXCLUDE") == ["warn"]  # G, and why
    assert "FUND-SUB-REINVEST" not in out["decision"]["failed_rules"]


async def test_worked_example_1_stateless(api: Api) -> None:
    out = await api.post("/calc/reinvestment", WORKED_EXAMPLE_1)
    assert_worked_example(out)
    assert out["sub_fund_id"] is None
    assert out["stage"] is None  # no paid-in given
    b = next(line for line in out["lines"] if line["company"] == "B")
    assert b["candidates"] == {"relocation": "20000000.00"}


async def test_one_fen_short_of_1_5_times_fails(api: Api) -> None:
    body = copy.deepcopy(WORKED_EXAMPLE_1)
    body["investments"][0]["amount"] = "19999999.99"
    out = await api.post("/calc/reinvestment", body)
    assert out["credited_total"] == "59999999.99"
    assert out["shortfall"] == "0.01"
    assert out["passes"] is False
    assert out["decision"]["failed_rules"] == ["FUND-SUB-REINVEST"]
    assert out["missing"]["reinvestment"] == "0.01"


async def test_exclusions_need_the_stay_commitment(api: Api) -> None:
    body = copy.deepcopy(WORKED_EXAMPLE_1)
    body["investments"][1]["wenzhou"]["stay_commitment_years"] = 4  # B: 5 years required
    out = await api.post("/calc/reinvestment", body)
    b = next(line for line in out["lines"] if line["company"] == "B")
    assert (b["credited"], b["case"]) == ("0.00", "none")
    assert out["credited_total"] == "40000000.00"
    assert out["decision"]["failed_rules"] == ["FUND-SUB-REINVEST"]


def _stage(kind: str) -> dict[str, Any]:
    facts: dict[str, Any] = {
        "independent_legal_person": True,
        "product_status": "prototype" if kind == "seed" else "marketed",
        "little_or_no_sales": kind == "seed",
        "high_tech_or_business_model": kind == "seed",
        "employees": 10 if kind == "seed" else 500,
        "prior_year_revenue": "0.00" if kind == "seed" else "150000000.00",
    }
    if kind == "growth":
        facts["recognised_tech_sme"] = True
    return facts


async def test_stage_tests_at_their_boundaries(api: Api) -> None:
    def item(company: str, amount: str, kind: str) -> dict[str, Any]:
        return {
            "company": company,
            "amount": amount,
            "invested_on": "2023-05-01",
            "wenzhou": {"registered_in_wenzhou": True},
            "stage_facts": _stage(kind),
        }

    # Paid-in 20,000,000: seed + start-up ≥ 10,000,000; with growth ≥ 20,000,000.
    body: dict[str, Any] = {
        "mother_fund_commitment": "40000000.00",
        "mother_fund_paid_in": "20000000.00",
        "recognised_on": "2024-06-30",
        "investments": [item("种子", "10000000.00", "seed"), item("成长", "9999999.99", "growth")],
    }
    out = await api.post("/calc/reinvestment", body)
    stage = out["stage"]
    assert stage["stages"] == {"种子": "seed", "成长": "growth"}
    assert (stage["early_invested"], stage["early_target"], stage["early_passes"]) == (
        "10000000.00",
        "10000000.00",
        True,
    )
    assert (stage["all_invested"], stage["all_target"], stage["all_passes"]) == (
        "19999999.99",
        "20000000.00",
        False,
    )
    assert out["missing"]["all_stages"] == "0.01"
    assert outcomes(out, "FUND-SUB-STAGE-EARLY") == ["pass"]
    assert outcomes(out, "FUND-SUB-STAGE-ALL") == ["fail"]

    body["investments"][1]["amount"] = "10000000.00"
    out = await api.post("/calc/reinvestment", body)
    assert out["stage"]["all_passes"] is True
    assert "FUND-SUB-STAGE-ALL" not in out["decision"]["failed_rules"]

    body["investments"][0]["amount"] = "9999999.99"
    out = await api.post("/calc/reinvestment", body)
    assert outcomes(out, "FUND-SUB-STAGE-EARLY") == ["fail"]
    assert out["missing"]["early_stage"] == "0.01"


async def test_calculator_refuses_bad_facts(api: Api) -> None:
    for change in (
        {"mother_fund_commitment": "0.00"},
        {"term_start": "2022-01-01"},  # without term_end
        {"investments": [{"company": "X", "amount": "1.00", "invested_on": "2023-01-01"}]},
        {"surprise": True},
    ):
        await api.post("/calc/reinvestment", {**WORKED_EXAMPLE_1, **change}, expect=422)


async def test_worked_example_1_from_recorded_investments(api: Api) -> None:
    """The same seven investments recorded in a sub-fund (registered 2022-01-10, size
    100,000,000, the mother fund 40,000,000): the recorded portfolio credits the same."""
    sub_fund_id = (await new_sub_fund(api, name="返投子基金", registered_on="2022-01-10"))[
        "sub_fund_id"
    ]
    for item in WORKED_EXAMPLE_1["investments"]:
        body = {
            "company": item["company"],
            "invested_on": item["invested_on"],
            "amount": item["amount"],
            "stake_after": "0.10",
            "target": UNLISTED,
            "wenzhou": item["wenzhou"],
        }
        out = await api.post(
            f"/sub-funds/{sub_fund_id}/investments",
            body,
            headers=api.keyed(api.write),
            expect=201,
        )
        assert out["status"] == "accepted", out["failed_rules"]
    # A rejected investment in a Wenzhou company is no part of the portfolio.
    refused = await api.post(
        f"/sub-funds/{sub_fund_id}/investments",
        {
            "company": "H",
            "invested_on": "2022-03-01",
            "amount": "5000000.00",
            "stake_after": "0.10",
            "target": {**UNLISTED, "is_venture_capital_firm": True},
            "wenzhou": {"registered_in_wenzhou": True},
        },
        headers=api.keyed(api.write),
        expect=201,
    )
    assert refused["status"] == "rejected"
    assert refused["failed_rules"] == ["FUND-INV-NOT-VC"]

    out = await api.get(f"/sub-funds/{sub_fund_id}/reinvestment", recognised_on="2024-06-30")
    assert_worked_example(out)
    assert out["sub_fund_id"] == sub_fund_id
    assert "H" not in {line["company"] for line in out["lines"]}
    assert all(line["investment_id"] for line in out["lines"])
    # Nothing paid in yet: the stage targets are zero, and no company facts were given.
    assert out["stage"]["mother_fund_paid_in"] == "0.00"
    assert out["missing"]["company_facts_for"] == ["A", "B", "C", "G"]

    # Recognised before the relocations and acquisitions: they do not count yet.
    early = await api.get(f"/sub-funds/{sub_fund_id}/reinvestment", recognised_on="2022-06-30")
    assert early["credited_total"] == "30000000.00"  # A 20,000,000 + C 2 × 5,000,000
    assert early["passes"] is False


async def test_recorded_stage_tests_use_the_mother_funds_paid_in(api: Api) -> None:
    sub_fund_id = (await new_sub_fund(api, name="阶段子基金"))["sub_fund_id"]  # 2023-03-15
    await api.post(
        f"/sub-funds/{sub_fund_id}/paid-in",
        {
            "payments": [
                payment(GROUP, "15000000.00", "2023-04-01"),
                payment(MOTHER, "10000000.00", "2023-04-02"),
            ]
        },
        headers=api.keyed(api.write),
        expect=201,
    )
    await api.post(
        f"/sub-funds/{sub_fund_id}/investments",
        {
            "company": "温州种子公司",
            "invested_on": "2023-05-01",
            "amount": "5000000.00",
            "stake_after": "0.10",
            "target": UNLISTED,
            "wenzhou": {"registered_in_wenzhou": True},
            "stage_facts": _stage("seed"),
        },
        headers=api.keyed(api.write),
        expect=201,
    )
    out = await api.get(f"/sub-funds/{sub_fund_id}/reinvestment", recognised_on="2024-06-30")
    stage = out["stage"]
    assert stage["mother_fund_paid_in"] == "10000000.00"
    assert (stage["early_invested"], stage["early_target"]) == ("5000000.00", "5000000.00")
    assert stage["early_passes"] is True
    assert (stage["all_target"], stage["all_passes"]) == ("10000000.00", False)
    assert outcomes(out, "FUND-SUB-STAGE-ALL") == ["fail"]
    before_paid_in = await api.get(
        f"/sub-funds/{sub_fund_id}/reinvestment", recognised_on="2023-04-01"
    )
    assert before_paid_in["stage"]["mother_fund_paid_in"] == "0.00"
