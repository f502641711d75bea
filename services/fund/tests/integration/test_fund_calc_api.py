"""The calculators over HTTP: worked examples 2, 3 and 4 to the fen, both sides of every band."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import Api, P

# -- worked example 4: the mother fund's fee --------------------------------------------------


async def test_worked_example_4_mother_fund_fee(api: Api) -> None:
    body = {
        "invested_total_at_year_start": "1000000000.00",
        "rating": "good",
        "as_of": "2024-01-01",
    }
    out = await api.post("/calc/mother-fund-fee", body)
    assert out["annual_fee"] == "8000000.00"
    assert out["upfront_draw"] == "3000000.00"
    assert out["balance"] == "5000000.00"
    assert out["rate"] == "0.008"
    assert out["rating"] == "good"
    (finding,) = out["decision"]["findings"]
    assert finding["rule_id"] == "FUND-MGMT-FEE"
    assert finding["clause"] == "温政办〔2021〕73号 五（一）"
    assert out["decision"]["parameters_used"]["fund.mgmt_fee.rate.good"]["value"] == "0.008"


@pytest.mark.parametrize(
    ("rating", "annual", "balance"),
    [
        ("excellent", "10000000.00", "7000000.00"),
        ("qualified", "6000000.00", "3000000.00"),
        ("below_standard", "4000000.00", "1000000.00"),
    ],
)
async def test_mother_fund_fee_by_rating(api: Api, rating: str, annual: str, balance: str) -> None:
    body = {"invested_total_at_year_start": "1000000000.00", "rating": rating}
    out = await api.post("/calc/mother-fund-fee", body)
    assert (out["annual_fee"], out["upfront_draw"], out["balance"]) == (
        annual,
        "3000000.00",
        balance,
    )


async def test_before_the_rating_only_the_upfront_draw_is_known(api: Api) -> None:
    out = await api.post("/calc/mother-fund-fee", {"invested_total_at_year_start": "123456789.01"})
    assert out["upfront_draw"] == "370370.37"  # 123,456,789.01 × 0.6% × 50% = 370,370.367…
    assert out["annual_fee"] is None
    assert out["balance"] is None
    assert out["rating"] is None


@pytest.mark.parametrize(
    "body",
    [
        {"invested_total_at_year_start": "-1.00", "rating": "good"},
        {"invested_total_at_year_start": "1000.00", "rating": "outstanding"},
        {"invested_total_at_year_start": "1000.00", "extra": 1},
        {"rating": "good"},
    ],
)
async def test_mother_fund_fee_nonsense(api: Api, body: dict[str, Any]) -> None:
    r = await api.client.post(f"{P}/calc/mother-fund-fee", json=body, headers=api.read)
    assert r.status_code == 422
    assert r.json()["code"] == "validation-error"


# -- the sub-fund's fee cap ---------------------------------------------------------------------


async def test_sub_fund_fee_cap_in_the_investment_period(api: Api) -> None:
    out = await api.post(
        "/calc/sub-fund-fee-cap", {"period": "investment", "paid_in_total": "80000000.00"}
    )
    assert out["annual_cap"] == "2000000.00"
    assert out["rate_cap"] == "0.025"
    assert out["rule_id"] == "FUND-SUB-FEE-INVEST"
    assert out["clause"] == "温政办〔2021〕73号 三（一）7"
    assert out["basis"] == "paid_in_total"
    assert out["basis_amount"] == "80000000.00"
    assert out["decision"] is None
    assert out["within_cap"] is None
    assert "fund.subfund.fee.investment_period_max_rate" in out["parameters_used"]


@pytest.mark.parametrize(
    ("charged", "within", "excess", "outcome"),
    [("2000000.00", True, "0.00", "pass"), ("2000000.01", False, "0.01", "fail")],
)
async def test_a_charged_fee_is_checked_against_the_cap(
    api: Api, charged: str, within: bool, excess: str, outcome: str
) -> None:
    body = {"period": "investment", "paid_in_total": "80000000.00", "charged": charged}
    out = await api.post("/calc/sub-fund-fee-cap", body)
    assert out["within_cap"] is within
    assert out["excess"] == excess
    assert out["decision"]["outcome"] == outcome
    assert out["decision"]["findings"][0]["rule_id"] == "FUND-SUB-FEE-INVEST"


async def test_exit_period_cap_is_on_unexited_principal(api: Api) -> None:
    body = {"period": "exit", "unexited_principal": "45000000.00", "charged": "450000.01"}
    out = await api.post("/calc/sub-fund-fee-cap", body)
    assert out["annual_cap"] == "450000.00"
    assert out["excess"] == "0.01"
    assert out["decision"]["failed_rules"] == ["FUND-SUB-FEE-EXIT"]


async def test_no_fee_in_the_extension_period(api: Api) -> None:
    body = {"period": "extension", "paid_in_total": "80000000.00", "charged": "0.01"}
    out = await api.post("/calc/sub-fund-fee-cap", body)
    assert out["annual_cap"] == "0.00"
    assert out["decision"]["failed_rules"] == ["FUND-SUB-FEE-EXTENSION"]


@pytest.mark.parametrize(
    "body",
    [
        {"period": "investment"},
        {"period": "exit", "paid_in_total": "1.00"},
        {"period": "holiday", "paid_in_total": "1.00"},
        {"period": "investment", "paid_in_total": "-1.00"},
    ],
)
async def test_sub_fund_fee_cap_nonsense(api: Api, body: dict[str, Any]) -> None:
    r = await api.client.post(f"{P}/calc/sub-fund-fee-cap", json=body, headers=api.read)
    assert r.status_code == 422


# -- worked example 2: the pre-liquidation price ------------------------------------------------

PRE = {
    "buyer": "manager",
    "original_investment": "30000000.00",
    "first_paid_in_on": "2018-06-15",
    "base_date": "2024-03-20",
    "subfund_paid_in_capital": "100000000.00",
    "subfund_external_investment": "80000000.00",
    "investments_compliant": True,
}


async def test_worked_example_2_after_four_years(api: Api) -> None:
    out = await api.post("/calc/concession/pre-liquidation", PRE)
    assert out["price"] == "31826136.99"
    assert out["interest"] == "1826136.99"
    assert out["year5_start"] == "2022-06-16"  # the day after the 4th anniversary
    assert out["free_period_end"] == "2022-06-15"
    assert (out["whole_years"], out["remaining_days"], out["day_count_basis"]) == (1, 279, 365)
    assert out["lpr"]["published_on"] == "2024-03-20"
    assert out["lpr"]["lpr_1y_percent"] == "3.45"
    assert out["lpr"]["rate"] == "0.0345"
    assert "全国银行间同业拆借中心" in out["lpr"]["source"]
    assert out["within_free_period"] is False
    assert out["eligible"] is True
    later = {f["rule_id"]: f for f in out["decision"]["findings"]}["FUND-CONC-PRE-LATER"]
    assert later["outcome"] == "pass"
    assert later["clause"] == "温政办〔2021〕73号 五（二）1"
    assert later["facts"]["lpr_published_on"] == "2024-03-20"
    assert out["warnings"] == []


async def test_worked_example_2_within_four_years_inclusive(api: Api) -> None:
    out = await api.post("/calc/concession/pre-liquidation", PRE | {"base_date": "2022-06-15"})
    assert out["price"] == "30000000.00"
    assert out["interest"] == "0.00"
    assert out["within_free_period"] is True
    assert out["lpr"] is None
    outcomes = {f["rule_id"]: f["outcome"] for f in out["decision"]["findings"]}
    assert outcomes["FUND-CONC-PRE-4Y"] == "pass"
    assert outcomes["FUND-CONC-PRE-LATER"] == "not_applicable"


async def test_the_day_after_four_years_interest_runs(api: Api) -> None:
    out = await api.post("/calc/concession/pre-liquidation", PRE | {"base_date": "2022-06-16"})
    # 30,000,000 × 3.70% (quote of 2022-05-20) × 1/365 = 3,041.0958…
    assert out["lpr"]["published_on"] == "2022-05-20"
    assert out["lpr"]["lpr_1y_percent"] == "3.70"
    assert (out["whole_years"], out["remaining_days"]) == (0, 1)
    assert out["interest"] == "3041.10"
    assert out["price"] == "30003041.10"


async def test_a_third_party_buys_at_auction_with_the_price_as_floor(api: Api) -> None:
    out = await api.post("/calc/concession/pre-liquidation", PRE | {"buyer": "third_party"})
    assert out["auction_floor"] is True
    assert out["price"] == "31826136.99"
    third = {f["rule_id"]: f for f in out["decision"]["findings"]}["FUND-CONC-THIRD-PARTY"]
    assert third["outcome"] == "pass"
    assert third["facts"]["floor"] == "31826136.99"


@pytest.mark.parametrize(
    ("external", "compliant", "outcome"),
    [("80000000.00", True, "pass"), ("79999999.99", True, "fail"), ("90000000.00", False, "fail")],
)
async def test_the_80_percent_invested_condition(
    api: Api, external: str, compliant: bool, outcome: str
) -> None:
    body = PRE | {"subfund_external_investment": external, "investments_compliant": compliant}
    out = await api.post("/calc/concession/pre-liquidation", body)
    later = {f["rule_id"]: f for f in out["decision"]["findings"]}["FUND-CONC-PRE-LATER"]
    assert later["outcome"] == outcome
    assert out["eligible"] is (outcome == "pass")


async def test_without_the_sub_fund_figures_the_price_is_given_with_a_warning(api: Api) -> None:
    body = {k: PRE[k] for k in ("original_investment", "first_paid_in_on", "base_date")}
    out = await api.post("/calc/concession/pre-liquidation", body)
    assert out["price"] == "31826136.99"
    assert out["warnings"]
    assert out["decision"]["warnings"] == out["warnings"]


async def test_no_lpr_published_before_the_base_date_is_a_clear_422(api: Api) -> None:
    body = PRE | {"first_paid_in_on": "2014-01-02", "base_date": "2019-08-19"}
    problem = await api.post("/calc/concession/pre-liquidation", body, expect=422)
    assert problem["code"] == "rule-violation"
    assert problem["rule_id"] == "FUND-CONC-PRE-LATER"
    assert "2019-08-19" in problem["detail"]
    assert problem["clause"] == "温政办〔2021〕73号 五（二）1"


async def test_the_first_quote_is_used_from_its_publication_day(api: Api) -> None:
    body = PRE | {"first_paid_in_on": "2014-01-02", "base_date": "2019-08-20"}
    out = await api.post("/calc/concession/pre-liquidation", body)
    assert out["lpr"]["published_on"] == "2019-08-20"
    assert out["lpr"]["lpr_1y_percent"] == "4.25"


async def test_a_base_date_before_the_first_paid_in_is_refused(api: Api) -> None:
    body = PRE | {"base_date": "2018-06-14"}
    problem = await api.post("/calc/concession/pre-liquidation", body, expect=422)
    assert problem["rule_id"] == "FUND-CONC-PRE-4Y"


@pytest.mark.parametrize(
    "changes",
    [
        {"original_investment": "-30000000.00"},
        {"original_investment": "0"},
        {"base_date": "2024-13-01"},
        {"base_date": "1800-01-01"},
        {"buyer": "anyone"},
        {"subfund_external_investment": None},
        {"lpr": "3.45"},
    ],
)
async def test_pre_liquidation_nonsense(api: Api, changes: dict[str, Any]) -> None:
    r = await api.client.post(
        f"{P}/calc/concession/pre-liquidation", json=PRE | changes, headers=api.read
    )
    assert r.status_code == 422, r.text


# -- worked example 3: the post-liquidation concession ------------------------------------------


def post(credited: str, **changes: Any) -> dict[str, Any]:
    return {
        "mother_fund_paid_in": "20000000.00",
        "credited_reinvestment": credited,
        "mother_fund_total_returns": "5000000.00",
        "as_of": "2024-03-20",
    } | changes


async def test_worked_example_3(api: Api) -> None:
    out = await api.post("/calc/concession/post-liquidation", post("36000000.00"))
    assert out["reinvestment_ratio"] == "1.800000"
    assert out["band_rate"] == "0.60"
    assert out["band"] == "60%"
    assert out["concession"] == "3000000.00"
    assert out["manager_minimum"] == "600000.00"
    outcomes = {f["rule_id"]: f["outcome"] for f in out["decision"]["findings"]}
    assert outcomes == {"FUND-CONC-POST-LIQ": "pass", "FUND-CONC-SHARE": "pass"}


@pytest.mark.parametrize(
    ("credited", "band", "concession", "outcome"),
    [
        ("29999999.99", "0%", "0.00", "not_applicable"),  # just under 150%
        ("30000000.00", "40%", "2000000.00", "pass"),  # exactly 150%
        ("35000000.00", "40%", "2000000.00", "pass"),  # exactly 175%
        ("35000000.01", "60%", "3000000.00", "pass"),  # just over 175%
        ("40000000.01", "80%", "4000000.00", "pass"),  # just over 200%
    ],
)
async def test_post_liquidation_bands(
    api: Api, credited: str, band: str, concession: str, outcome: str
) -> None:
    out = await api.post("/calc/concession/post-liquidation", post(credited))
    assert (out["band"], out["concession"]) == (band, concession)
    post_liq = out["decision"]["findings"][0]
    assert post_liq["rule_id"] == "FUND-CONC-POST-LIQ"
    assert post_liq["outcome"] == outcome


async def test_exactly_200_percent_follows_the_text_and_warns(api: Api) -> None:
    """② "175%至200%（含）" gives 60%; the rules summary's 80% (③ "200%以上") is flagged."""
    out = await api.post("/calc/concession/post-liquidation", post("40000000.00"))
    assert out["band"] == "60%"
    assert out["concession"] == "3000000.00"
    assert out["decision"]["outcome"] == "warn"
    assert out["decision"]["warned_rules"] == ["FUND-CONC-POST-LIQ"]
    assert "0.80" in out["decision"]["findings"][0]["message_en"]


@pytest.mark.parametrize(("manager", "outcome"), [("600000.00", "pass"), ("599999.99", "fail")])
async def test_the_manager_gets_at_least_20_percent(api: Api, manager: str, outcome: str) -> None:
    out = await api.post(
        "/calc/concession/post-liquidation", post("36000000.00", manager_concession=manager)
    )
    share = {f["rule_id"]: f for f in out["decision"]["findings"]}["FUND-CONC-SHARE"]
    assert share["outcome"] == outcome
    assert share["clause"] == "温政办〔2021〕73号 五（二）"


async def test_no_concession_without_its_preconditions(api: Api) -> None:
    out = await api.post(
        "/calc/concession/post-liquidation",
        post("36000000.00", recovered_principal_and_agreed_returns=False),
    )
    assert out["concession"] == "0.00"
    assert out["decision"]["failed_rules"] == ["FUND-CONC-POST-LIQ"]


@pytest.mark.parametrize(
    "changes",
    [
        {"mother_fund_paid_in": "0"},
        {"mother_fund_paid_in": "-20000000.00"},
        {"credited_reinvestment": "-1.00"},
        {"mother_fund_total_returns": "abc"},
        {"manager_concession": "-0.01"},
        {"as_of": "2024-02-30"},
        {"bonus": True},
    ],
)
async def test_post_liquidation_nonsense(api: Api, changes: dict[str, Any]) -> None:
    r = await api.client.post(
        f"{P}/calc/concession/post-liquidation",
        json=post("36000000.00") | changes,
        headers=api.read,
    )
    assert r.status_code == 422, r.text


@pytest.mark.parametrize(
    "path",
    [
        "/calc/sub-fund-fee-cap",
        "/calc/mother-fund-fee",
        "/calc/concession/pre-liquidation",
        "/calc/concession/post-liquidation",
    ],
)
async def test_calculators_need_fund_read(api: Api, path: str) -> None:
    assert (await api.client.post(f"{P}{path}", json={})).status_code == 401
    r = await api.client.post(f"{P}{path}", json={}, headers=api.headers("housing:read"))
    assert r.status_code == 403


async def test_what_if_values_that_leave_no_answer_are_a_422_not_a_500(api: Api) -> None:
    body = PRE | {"parameter_overrides": {"fund.concession.pre.day_count_basis": 0}}
    r = await api.client.post(f"{P}/calc/concession/pre-liquidation", json=body, headers=api.read)
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["pointer"] == "#/parameter_overrides"


async def test_what_if_day_count_basis(api: Api) -> None:
    body = PRE | {"parameter_overrides": {"fund.concession.pre.day_count_basis": 366}}
    out = await api.post("/calc/concession/pre-liquidation", body)
    # 30,000,000 × 3.45% × (1 + 279/366) = 1,823,975.41 (the baseline, /365, is unchanged)
    assert out["interest"] == "1823975.41"
    assert out["day_count_basis"] == 366
    assert (await api.post("/calc/concession/pre-liquidation", PRE))["interest"] == "1826136.99"
