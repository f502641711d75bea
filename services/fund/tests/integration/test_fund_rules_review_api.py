"""A reviewer's pass over 温政办〔2021〕73号, black-box: every rule ID with the clause read from the
text, and the thresholds and roundings the other API tests leave open, at both sides.

Readings (Civil Code art. 1259): 以上/以下/以内/不超过/不低于 include the number; 超过 excludes it.
Amounts round half up to the fen (四舍五入), once, at the end.
"""

from __future__ import annotations

import copy
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from fund.api.check_schemas import EXAMPLE_APPLICATION
from fund.api.sub_fund_schemas import WORKED_EXAMPLE_1

from .conftest import Api, new_sub_fund

DOC = "温政办〔2021〕73号"

# Each rule of rules/fund.md with the clause that states it, read from the policy text.
CLAUSES = {
    "FUND-STAGE-SEED": "一（二）",
    "FUND-STAGE-STARTUP": "一（二）",
    "FUND-STAGE-GROWTH": "一（二）",
    "FUND-SUB-LEGAL-FORM": "三（一）",
    "FUND-SUB-SIZE-MIN": "三（一）1",
    "FUND-SUB-RATIO-MAX": "三（一）2",
    "FUND-SUB-NOT-LARGEST": "三（一）2",
    "FUND-SUB-TERM": "三（一）3",
    "FUND-SUB-FIELD": "三（一）4",
    "FUND-SUB-REINVEST": "三（一）5",
    "FUND-SUB-REINVEST-CREDIT": "三（一）5（1）至（6）",
    "FUND-SUB-REINVEST-EXCLUDE": "三（一）5",
    "FUND-SUB-STAGE-EARLY": "三（一）6",
    "FUND-SUB-STAGE-ALL": "三（一）6",
    "FUND-SUB-FEE-INVEST": "三（一）7",
    "FUND-SUB-FEE-EXIT": "三（一）7",
    "FUND-SUB-FEE-EXTENSION": "三（一）7",
    "FUND-SUB-FEE-PARITY": "三（一）7",
    "FUND-SUB-DOMICILE": "三（一）8",
    "FUND-APPLICANT-DOMESTIC": "三（二）1",
    "FUND-APPLICANT-FOREIGN": "三（二）1（1）至（5）",
    "FUND-MANAGER-CAPITAL": "三（二）2（1）",
    "FUND-MANAGER-COMMIT": "三（二）2（2）",
    "FUND-MANAGER-TEAM": "三（二）3",
    "FUND-MANAGER-TRACK": "三（二）4",
    "FUND-MANAGER-CONTROLS": "三（二）5",
    "FUND-PROC-STAGES": "三（三）",
    "FUND-PROC-EXPERTS": "三（三）3",
    "FUND-PROC-NOTICE": "三（三）5",
    "FUND-PROC-FILING": "三（三）6",
    "FUND-PROC-SIGN-6M": "三（四）",
    "FUND-CONC-PROC": "五（三）",
    "FUND-INV-UNLISTED": "三（五）1",
    "FUND-INV-SINGLE-MAX": "三（五）2",
    "FUND-INV-NOT-PARTNERSHIP": "三（五）3",
    "FUND-INV-NOT-VC": "三（五）4",
    "FUND-INV-NO-CONTROL": "三（五）5",
    "FUND-INV-PROHIBITED": "六（六）",
    "FUND-INV-NO-RECYCLE": "六（五）",
    "FUND-MGMT-FEE": "五（一）",
    "FUND-CONC-SHARE": "五（二）",
    "FUND-CONC-PRE-4Y": "五（二）1",
    "FUND-CONC-PRE-LATER": "五（二）1",
    "FUND-CONC-THIRD-PARTY": "五（二）1",
    "FUND-CONC-POST-LIQ": "五（二）2",
    "FUND-RISK-COMMIT-30": "六（一）",
    "FUND-RISK-INCREASE": "六（一）",
    "FUND-RISK-PRIORITY": "六（二）",
    "FUND-RISK-LAST-IN": "六（三）",
    "FUND-RISK-OBSERVER": "六（四）",
    "FUND-REPORT-MAJOR": "六（七）",
    "FUND-REPORT-QUARTERLY": "六（七）",
    "FUND-REPORT-ANNUAL": "六（七）",
    "FUND-EARLY-EXIT": "六（八）",
    "FUND-EARLY-EXIT-PRICE": "六（八）",
    "FUND-TRANSITION": "八",
}


async def test_every_rule_is_listed_with_the_clause_of_the_text(api: Api) -> None:
    body = await api.get("/rules")
    listed = {r["id"]: r["clause"] for r in body["rules"]}
    assert listed == {rule_id: f"{DOC} {ref}" for rule_id, ref in CLAUSES.items()}


def outcome_of(decision: dict[str, Any], rule_id: str) -> str:
    (found,) = [f for f in decision["findings"] if f["rule_id"] == rule_id]
    outcome: str = found["outcome"]
    return outcome


# -- 八 transition and 三（二）1 foreign applicants, over POST /checks/application -------------


def application(**changes: Any) -> dict[str, Any]:
    body = copy.deepcopy(EXAMPLE_APPLICATION) | {"as_of": "2024-03-20"}
    return body | copy.deepcopy(changes)


FOREIGN = {
    "licensed_by_home_regulator": True,
    "registered_capital_usd": "2000000.00",
    "capital_in_cash_only": True,
    "overseas_operating_years": "3",
    "overseas_aum_usd": "30000000.00",
    "major_penalty_last_3_years": False,
    "under_investigation": False,
    "key_people_overseas_years": ["5", "3", "3"],
    "record_and_governance": {"attested": True, "by": "Overseas GP Ltd", "on": "2024-03-01"},
}


def increase(**changes: Any) -> dict[str, Any]:
    terms = {
        "registered_on": "2023-03-20",
        "accepted_on": "2024-03-20",
        "all_contributors_resolved": True,
        "at_par": True,
        "waives_penalty_interest": True,
        "shares_existing_returns": True,
    }
    return application(kind="capital_increase", capital_increase=terms | changes)


def foreign(**changes: Any) -> dict[str, Any]:
    return application(applicant={**EXAMPLE_APPLICATION["applicant"], "foreign": FOREIGN | changes})


APPLICATION_CASES: list[tuple[str, dict[str, Any], str, str]] = [
    # Signed after 2020-12-31 and before 2021-12-20: opt-in within 3 months of 2021-11-17.
    ("signed-2021-01-01-no-opt-in", application(signed_on="2021-01-01"), "FUND-TRANSITION", "warn"),
    ("opt-in-on-2022-02-17", application(signed_on="2021-06-01", opted_in_on="2022-02-17"),
     "FUND-TRANSITION", "pass"),
    ("opt-in-on-2022-02-18", application(signed_on="2021-06-01", opted_in_on="2022-02-18"),
     "FUND-TRANSITION", "fail"),
    ("signed-2021-12-19-opted-in", application(signed_on="2021-12-19", opted_in_on="2021-12-30"),
     "FUND-TRANSITION", "pass"),
    ("signed-2021-12-20", application(signed_on="2021-12-20"), "FUND-TRANSITION", "pass"),
    # 发布之日起: an opt-in before publication (2021-11-17) or before the signing is no opt-in
    ("opt-in-before-publication", application(signed_on="2021-06-01", opted_in_on="2021-11-16"),
     "FUND-TRANSITION", "fail"),
    ("opt-in-on-publication", application(signed_on="2021-06-01", opted_in_on="2021-11-17"),
     "FUND-TRANSITION", "pass"),
    ("opt-in-before-signing", application(signed_on="2021-12-01", opted_in_on="2021-11-30"),
     "FUND-TRANSITION", "fail"),
    # 六（一） 注册时间不超过12个月（自注册之日起至受理之日止）: a registered sub-fund only
    ("increase-accepted-before-registration", increase(accepted_on="2023-03-19"),
     "FUND-RISK-INCREASE", "fail"),
    ("increase-accepted-on-registration", increase(accepted_on="2023-03-20"),
     "FUND-RISK-INCREASE", "pass"),
    # 至少1名具有5年以上，2名具有3年以上
    ("foreign-5-5-3", foreign(key_people_overseas_years=["5", "5", "3"]),
     "FUND-APPLICANT-FOREIGN", "pass"),
    ("foreign-senior-4.99", foreign(key_people_overseas_years=["4.99", "3", "3"]),
     "FUND-APPLICANT-FOREIGN", "fail"),
    ("foreign-third-2.99", foreign(key_people_overseas_years=["5", "3", "2.99"]),
     "FUND-APPLICANT-FOREIGN", "fail"),
    ("foreign-capital-not-cash", foreign(capital_in_cash_only=False),
     "FUND-APPLICANT-FOREIGN", "fail"),
    ("foreign-unlicensed", foreign(licensed_by_home_regulator=False),
     "FUND-APPLICANT-FOREIGN", "fail"),
    ("foreign-penalised", foreign(major_penalty_last_3_years=True),
     "FUND-APPLICANT-FOREIGN", "fail"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("body", "rule_id", "expected"),
    [c[1:] for c in APPLICATION_CASES],
    ids=[c[0] for c in APPLICATION_CASES],
)
async def test_application_boundaries(
    api: Api, body: dict[str, Any], rule_id: str, expected: str
) -> None:
    d = await api.post("/checks/application", body)
    assert outcome_of(d, rule_id) == expected
    assert d["failed_rules"] == ([rule_id] if expected == "fail" else [])
    assert d["outcome"] == expected


# -- calculators: half up to the fen ------------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "rating", "annual", "upfront", "balance"),
    [
        # 1,000,000.50 × 1% = 10,000.005 → 10,000.01; × 0.6% × 50% = 3,000.0015 → 3,000.00
        ("1000000.50", "excellent", "10000.01", "3000.00", "7000.01"),
        # 1,000,015.00 × 0.6% × 50% = 3,000.045 → 3,000.05 (half up, not to even)
        ("1000015.00", "qualified", "6000.09", "3000.05", "3000.04"),
        # 1,000,000.75 × 0.8% = 8,000.006 → 8,000.01
        ("1000000.75", "good", "8000.01", "3000.00", "5000.01"),
        ("1000000.00", "below_standard", "4000.00", "3000.00", "1000.00"),
    ],
)
async def test_mother_fund_fee_rounds_half_up(
    api: Api, base: str, rating: str, annual: str, upfront: str, balance: str
) -> None:
    body = {"invested_total_at_year_start": base, "rating": rating, "as_of": "2024-01-01"}
    out = await api.post("/calc/mother-fund-fee", body)
    assert (out["annual_fee"], out["upfront_draw"], out["balance"]) == (annual, upfront, balance)


@pytest.mark.parametrize(
    ("body", "cap", "outcome", "rule_id"),
    [
        # 1,000,000.20 × 2.5% = 25,000.005 → cap 25,000.01, which may be charged; a fen more may not
        ({"period": "investment", "paid_in_total": "1000000.20", "charged": "25000.01"},
         "25000.01", "pass", "FUND-SUB-FEE-INVEST"),
        ({"period": "investment", "paid_in_total": "1000000.20", "charged": "25000.02"},
         "25000.01", "fail", "FUND-SUB-FEE-INVEST"),
        # 1,000,050.50 × 1% = 10,000.505 → 10,000.51
        ({"period": "exit", "unexited_principal": "1000050.50", "charged": "10000.51"},
         "10000.51", "pass", "FUND-SUB-FEE-EXIT"),
        ({"period": "exit", "unexited_principal": "1000050.50", "charged": "10000.52"},
         "10000.51", "fail", "FUND-SUB-FEE-EXIT"),
        ({"period": "extension", "paid_in_total": "1000000.00", "charged": "0.00"},
         "0.00", "pass", "FUND-SUB-FEE-EXTENSION"),
    ],
)  # fmt: skip
async def test_sub_fund_fee_cap_rounds_half_up(
    api: Api, body: dict[str, Any], cap: str, outcome: str, rule_id: str
) -> None:
    out = await api.post("/calc/sub-fund-fee-cap", body)
    assert out["annual_cap"] == cap
    assert out["decision"]["outcome"] == outcome
    assert out["decision"]["findings"][0]["rule_id"] == rule_id
    assert out["decision"]["failed_rules"] == ([rule_id] if outcome == "fail" else [])


async def test_post_liquidation_concession_rounds_half_up(api: Api) -> None:
    body = {
        "mother_fund_paid_in": "20000000.00",
        "credited_reinvestment": "36000000.00",  # 180%: 60%
        "mother_fund_total_returns": "1000.01",
        "as_of": "2024-03-20",
    }
    out = await api.post("/calc/concession/post-liquidation", body)
    assert out["concession"] == "600.01"  # 600.006
    assert out["manager_minimum"] == "120.00"  # 20% of 600.01 = 120.002


PRE = {
    "buyer": "manager",
    "original_investment": "30000000.00",
    "subfund_paid_in_capital": "100000000.00",
    "subfund_external_investment": "80000000.00",
    "investments_compliant": True,
}


@pytest.mark.parametrize(
    ("first_paid_in_on", "base_date", "within", "days", "interest"),
    [
        # The 4th anniversary 2022-06-18 is a Saturday: a pricing band is not a time limit, so
        # 4年内（含4年） ends on it (no holiday shift) and the price runs on day by day after it.
        ("2018-06-18", "2022-06-17", True, 0, "0.00"),
        ("2018-06-18", "2022-06-18", True, 0, "0.00"),
        # year 5's first day costs one day: 30,000,000 × 3.70% × 1/365 = 3,041.095… → 3,041.10
        ("2018-06-18", "2022-06-19", False, 1, "3041.10"),
        ("2018-06-18", "2022-06-20", False, 2, "6082.19"),  # × 2/365 = 6,082.191…
        ("2018-06-18", "2022-06-21", False, 3, "9123.29"),  # × 3/365 = 9,123.287…
        # 2 whole years and 1 day: 30,000,000 × 3.45% (2024-03-20) × (2 + 1/365) = 2,072,835.616…
        ("2018-03-20", "2024-03-21", False, 1, "2072835.62"),
    ],
)
async def test_pre_liquidation_around_the_fourth_anniversary(
    api: Api, first_paid_in_on: str, base_date: str, within: bool, days: int, interest: str
) -> None:
    body = PRE | {"first_paid_in_on": first_paid_in_on, "base_date": base_date}
    out = await api.post("/calc/concession/pre-liquidation", body)
    assert out["within_free_period"] is within
    assert out["remaining_days"] == days
    assert out["interest"] == interest
    assert out["price"] == str(Decimal("30000000.00") + Decimal(interest))
    assert outcome_of(out["decision"], "FUND-CONC-PRE-4Y") == (
        "pass" if within else "not_applicable"
    )
    # The band's end does not depend on the base date; year 5 starts the day after it.
    anniversary = date.fromisoformat(first_paid_in_on).replace(year=int(first_paid_in_on[:4]) + 4)
    assert out["free_period_end"] == anniversary.isoformat()
    assert out["year5_start"] == (anniversary + timedelta(days=1)).isoformat()
    finding = next(f for f in out["decision"]["findings"] if f["rule_id"] == "FUND-CONC-PRE-4Y")
    assert "不因节假日顺延" in finding["message_zh"]
    assert "no holiday shift" in finding["message_en"]


# -- 三（一）5 crediting and exclusions, over POST /calc/reinvestment ----------------------------


def example_1(company: str, **wenzhou: Any) -> dict[str, Any]:
    body = copy.deepcopy(WORKED_EXAMPLE_1)
    (item,) = [i for i in body["investments"] if i["company"] == company]
    item["wenzhou"] |= wenzhou
    return body


REINVEST_CASES: list[tuple[str, dict[str, Any], str, str, str]] = [
    # (3) 限于持股比例大于50%的收购: 50% is not enough
    ("acquired-50pc", example_1("D", acquired_by_wenzhou_stake="0.50"), "D", "0.00", "none"),
    ("acquired-50.01pc", example_1("D", acquired_by_wenzhou_stake="0.5001"), "D",
     "8000000.00", "acquisition"),
    # (5) 最高不超过子基金的投资额 (2,000,000)
    ("subsidiary-under-cap", example_1("F", wenzhou_subsidiary_investment="1999999.99"), "F",
     "1999999.99", "subsidiary"),
    ("subsidiary-over-cap", example_1("F", wenzhou_subsidiary_investment="2000000.01"), "F",
     "2000000.00", "subsidiary"),
    # 自认定之日（2024-06-30）前2年从温州迁出: 2022-06-30 is within, 2022-06-29 is not
    ("moved-out-2-years-before", example_1("G", moved_out_of_wenzhou_on="2022-06-30"), "G",
     "0.00", "none"),
    ("moved-out-a-day-earlier", example_1("G", moved_out_of_wenzhou_on="2022-06-29"), "G",
     "8000000.00", "relocation"),
    # 承诺5年内不迁出: 5 years is enough for a subsidiary too
    ("subsidiary-4-year-commitment", example_1("F", stay_commitment_years=4), "F", "0.00", "none"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("body", "company", "credited", "case"),
    [c[1:] for c in REINVEST_CASES],
    ids=[c[0] for c in REINVEST_CASES],
)
async def test_crediting_boundaries(
    api: Api, body: dict[str, Any], company: str, credited: str, case: str
) -> None:
    out = await api.post("/calc/reinvestment", body)
    (line,) = [line for line in out["lines"] if line["company"] == company]
    assert (line["credited"], line["case"]) == (credited, case)


# -- 六（八）2 registration within 3 months of signing, over the early-exit check ---------------


@pytest.mark.parametrize(
    ("signed_on", "triggers"),
    [
        # 3 months from 2021-09-24 end Friday 2021-12-24: registering on 12-25 is late
        ("2021-09-24", ["2"]),
        # from 2021-09-25 they end Saturday 12-25, on time (and would run to Monday 12-27)
        ("2021-09-25", []),
    ],
)
async def test_registration_more_than_3_months_after_signing_triggers_exit(
    api: Api, signed_on: str, triggers: list[str]
) -> None:
    sub = await new_sub_fund(
        api, name="注册期限子基金", registered_on="2021-12-25", agreement_signed_on="2021-12-20"
    )
    body = {
        "as_of": "2022-03-01",
        "demand_deposit_rate": "0.0035",
        "agreement_signed_on": signed_on,
    }
    out = await api.post(f"/sub-funds/{sub['sub_fund_id']}/early-exit-check", body)
    assert out["triggers"] == triggers
    assert ("FUND-EARLY-EXIT" in out["decision"]["failed_rules"]) is bool(triggers)
