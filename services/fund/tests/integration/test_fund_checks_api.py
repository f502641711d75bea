"""POST /fund/v1/checks/*: worked example 6 and both sides of every application-time threshold,
one portfolio investment (FUND-INV-*), company stages (FUND-STAGE-*), validation and auth."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from fund.api.check_schemas import EXAMPLE_APPLICATION

from .conftest import Api, P

AS_OF = "2024-03-20"
APPLICATION_RULES = {
    "FUND-TRANSITION", "FUND-SUB-LEGAL-FORM", "FUND-SUB-SIZE-MIN", "FUND-SUB-RATIO-MAX",
    "FUND-SUB-NOT-LARGEST", "FUND-SUB-TERM", "FUND-SUB-FEE-INVEST", "FUND-SUB-FEE-EXIT",
    "FUND-SUB-FEE-EXTENSION", "FUND-SUB-FEE-PARITY", "FUND-SUB-DOMICILE", "FUND-SUB-FIELD",
    "FUND-APPLICANT-DOMESTIC", "FUND-APPLICANT-FOREIGN", "FUND-MANAGER-CAPITAL",
    "FUND-MANAGER-COMMIT", "FUND-MANAGER-TEAM", "FUND-MANAGER-TRACK", "FUND-MANAGER-CONTROLS",
    "FUND-RISK-COMMIT-30", "FUND-RISK-INCREASE", "FUND-RISK-PRIORITY", "FUND-RISK-OBSERVER",
}  # fmt: skip


def application(**changes: Any) -> dict[str, Any]:
    body = copy.deepcopy(EXAMPLE_APPLICATION)
    body["as_of"] = AS_OF
    body.update(copy.deepcopy(changes))
    return body


def amounts(size: str, mother: str, largest: str, manager: str | None = None) -> dict[str, Any]:
    """Worked example 6: a 1% manager stake and one large confirmed contributor."""
    return application(
        total_size=size,
        mother_fund_commitment=mother,
        contributors=[
            {
                "name": "瓯江创投管理有限公司",
                "commitment": manager or f"{float(size) / 100:.2f}",
                "role": "manager",
                "commitment_letter": True,
                "capacity_proof": True,
            },
            {
                "name": "温州某产业集团有限公司",
                "commitment": largest,
                "commitment_letter": True,
                "capacity_proof": True,
            },
        ],
    )


def term(inv: str, exit_: str, ext: str = "0", approved: bool = False) -> dict[str, Any]:
    return application(
        term={
            "investment_years": inv,
            "exit_years": exit_,
            "extension_years": ext,
            "extension_approved": approved,
        }
    )


def finding(decision: dict[str, Any], rule_id: str) -> dict[str, Any]:
    (found,) = [f for f in decision["findings"] if f["rule_id"] == rule_id]
    return found


async def check(api: Api, body: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = await api.post("/checks/application", body)
    return result


async def test_the_example_application_passes_every_rule_with_clauses_and_parameters(
    api: Api,
) -> None:
    d = await check(api, application())
    assert d["outcome"] == "pass"
    assert d["failed_rules"] == []
    assert d["warned_rules"] == []
    assert {f["rule_id"] for f in d["findings"]} == APPLICATION_RULES
    assert all(f["clause"].startswith("温政办〔2021〕73号") for f in d["findings"])
    assert finding(d, "FUND-SUB-NOT-LARGEST")["clause"] == "温政办〔2021〕73号 三（一）2"
    size = finding(d, "FUND-SUB-SIZE-MIN")
    assert size["facts"] == {"total_size": "100000000.00"}
    assert size["parameters"] == {"fund.subfund.size_min": "50000000"}
    assert d["as_of"] == AS_OF
    assert d["rules_version"]
    assert d["subject"] == "fund.application"
    used = d["parameters_used"]["fund.subfund.size_min"]
    assert used["value"] == "50000000"
    assert used["effective_from"] == "2021-12-20"
    assert "三（一）1" in used["source"]
    assert d["stored"] is False
    assert "decision_id" not in d


# -- worked example 6: thresholds are inclusive, both sides ------------------------------------


@pytest.mark.parametrize(
    ("body", "failed"),
    [
        (amounts("50000000.00", "15000000.00", "20000000.00"), []),
        (amounts("49999999.99", "15000000.00", "20000000.00"), ["FUND-SUB-SIZE-MIN"]),
        (amounts("100000000.00", "40000000.00", "50000000.00"), []),
        (amounts("100000000.00", "40000000.01", "50000000.00"), ["FUND-SUB-RATIO-MAX"]),
        (amounts("100000000.00", "30000000.00", "30000000.00"), ["FUND-SUB-NOT-LARGEST"]),
        (amounts("100000000.00", "29999999.99", "30000000.00"), []),
        (term("4", "4"), []),
        (term("4", "4", "2", approved=False), ["FUND-SUB-TERM"]),
        (term("4", "4", "2", approved=True), []),
        (term("4", "4", "2.01", approved=True), ["FUND-SUB-TERM"]),
        (term("4.01", "3.99"), ["FUND-SUB-TERM"]),
        (term("3.99", "4.01"), ["FUND-SUB-TERM"]),
        (term("4", "4.5"), ["FUND-SUB-TERM"]),
    ],
    ids=[
        "size-exactly-50m",
        "size-1-fen-short",
        "ratio-exactly-40pc",
        "ratio-1-fen-over",
        "equal-to-largest",
        "1-fen-below-largest",
        "term-4+4",
        "term-4+4+2-unapproved",
        "term-4+4+2-approved",
        "extension-over-2",
        "investment-over-4",
        "exit-over-4",
        "term-over-8",
    ],
)
async def test_worked_example_6(api: Api, body: dict[str, Any], failed: list[str]) -> None:
    d = await check(api, body)
    assert d["failed_rules"] == failed
    assert d["outcome"] == ("fail" if failed else "pass")


async def test_the_mother_fund_alone_is_the_largest_contributor(api: Api) -> None:
    body = application(
        contributors=[
            {
                "name": "瓯江创投管理有限公司",
                "commitment": "1000000.00",
                "role": "manager",
                "commitment_letter": True,
                "capacity_proof": True,
            }
        ],
        mother_fund_commitment="30000000.00",
    )
    d = await check(api, body)
    assert "FUND-SUB-NOT-LARGEST" in d["failed_rules"]


# -- every other application-time threshold, both sides -----------------------------------------

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


def fees(**changes: str | bool) -> dict[str, Any]:
    base: dict[str, Any] = {
        "investment_period_rate": "0.02",
        "exit_period_rate": "0.01",
        "includes_all_expenses": True,
        "mother_fund_rate": "0.02",
        "lowest_other_rate": "0.02",
    }
    return application(fees={k: v for k, v in (base | changes).items() if v is not None})


def applicant(**changes: Any) -> dict[str, Any]:
    return application(applicant={**EXAMPLE_APPLICATION["applicant"], **changes})


def manager(**changes: Any) -> dict[str, Any]:
    return application(manager={**EXAMPLE_APPLICATION["manager"], **changes})


def track(size: str, cases: int, basis: str = "manager", members: int = 0) -> dict[str, Any]:
    record = {
        "basis": basis,
        "filed_vc_fund_size": size,
        "successful_cases": cases,
        "core_members": members,
    }
    return manager(track_record=record)


def commitments(manager_amount: str, affiliate: str | None) -> dict[str, Any]:
    people: list[dict[str, Any]] = [
        {
            "name": "管理机构",
            "commitment": manager_amount,
            "role": "manager",
            "commitment_letter": True,
            "capacity_proof": True,
        },
        {
            "name": "大出资人",
            "commitment": "40000000.00",
            "commitment_letter": True,
            "capacity_proof": True,
        },
    ]
    if affiliate:
        people.append({"name": "关联方", "commitment": affiliate, "role": "manager_affiliate"})
    return application(contributors=people)


def confirmed(amount: str) -> dict[str, Any]:
    """Confirmed commitments of `amount` out of a 100,000,000 fund (the rest unconfirmed)."""
    return application(
        contributors=[
            {
                "name": "管理机构",
                "commitment": "1000000.00",
                "role": "manager",
                "commitment_letter": True,
                "capacity_proof": True,
            },
            {
                "name": "已确认出资人",
                "commitment": amount,
                "commitment_letter": True,
                "capacity_proof": True,
            },
            {"name": "意向出资人", "commitment": "31000000.00", "commitment_letter": True},
        ]
    )


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


CASES: list[tuple[str, dict[str, Any], str, str]] = [
    ("fee-invest-2.5pc", fees(investment_period_rate="0.025"), "FUND-SUB-FEE-INVEST", "pass"),
    ("fee-invest-over", fees(investment_period_rate="0.02501"), "FUND-SUB-FEE-INVEST", "fail"),
    ("fee-exit-1pc", fees(exit_period_rate="0.01"), "FUND-SUB-FEE-EXIT", "pass"),
    ("fee-exit-over", fees(exit_period_rate="0.0101"), "FUND-SUB-FEE-EXIT", "fail"),
    ("fee-extension-0", fees(extension_period_rate="0"), "FUND-SUB-FEE-EXTENSION", "pass"),
    ("fee-extension-any", fees(extension_period_rate="0.001"), "FUND-SUB-FEE-EXTENSION", "fail"),
    ("fee-parity-equal", fees(mother_fund_rate="0.02", lowest_other_rate="0.02"),
     "FUND-SUB-FEE-PARITY", "pass"),
    ("fee-parity-higher", fees(mother_fund_rate="0.0201", lowest_other_rate="0.02"),
     "FUND-SUB-FEE-PARITY", "fail"),
    ("fee-parity-lower", fees(mother_fund_rate="0.0199", lowest_other_rate="0.02"),
     "FUND-SUB-FEE-PARITY", "pass"),
    ("fee-parity-no-mother-rate", fees(mother_fund_rate=None), "FUND-SUB-FEE-PARITY", "warn"),
    ("fee-parity-no-other-rate", fees(lowest_other_rate=None), "FUND-SUB-FEE-PARITY", "warn"),
    ("fee-parity-no-rates", fees(mother_fund_rate=None, lowest_other_rate=None),
     "FUND-SUB-FEE-PARITY", "warn"),
    ("fee-expenses-extra", fees(includes_all_expenses=False), "FUND-SUB-FEE-PARITY", "fail"),
    ("fee-expenses-extra-no-rates", fees(includes_all_expenses=False, mother_fund_rate=None),
     "FUND-SUB-FEE-PARITY", "fail"),
    ("legal-form-other", application(legal_form="other"), "FUND-SUB-LEGAL-FORM", "fail"),
    ("mother-fund-gp", application(mother_fund_is_general_partner=True),
     "FUND-SUB-LEGAL-FORM", "fail"),
    ("company", application(legal_form="company"), "FUND-SUB-LEGAL-FORM", "pass"),
    ("outside-wenzhou", application(registered_in_wenzhou=False), "FUND-SUB-DOMICILE", "warn"),
    ("field-unattested", application(investment_field={"attested": False}),
     "FUND-SUB-FIELD", "fail"),
    ("field-without-who", application(investment_field={"attested": True, "on": "2024-03-01"}),
     "FUND-SUB-FIELD", "fail"),
    ("applicant-10m", applicant(paid_in_capital="10000000.00"), "FUND-APPLICANT-DOMESTIC", "pass"),
    ("applicant-short", applicant(paid_in_capital="9999999.99"),
     "FUND-APPLICANT-DOMESTIC", "fail"),
    ("applicant-violation", applicant(major_violation_last_3_years=True),
     "FUND-APPLICANT-DOMESTIC", "fail"),
    ("foreign-at-minima", applicant(foreign=FOREIGN), "FUND-APPLICANT-FOREIGN", "pass"),
    ("foreign-capital-short", applicant(foreign=FOREIGN | {"registered_capital_usd": "1999999.99"}),
     "FUND-APPLICANT-FOREIGN", "fail"),
    ("foreign-aum-short", applicant(foreign=FOREIGN | {"overseas_aum_usd": "29999999.99"}),
     "FUND-APPLICANT-FOREIGN", "fail"),
    ("foreign-years-short", applicant(foreign=FOREIGN | {"overseas_operating_years": "2.99"}),
     "FUND-APPLICANT-FOREIGN", "fail"),
    ("foreign-people-short", applicant(foreign=FOREIGN | {"key_people_overseas_years": ["5", "3"]}),
     "FUND-APPLICANT-FOREIGN", "fail"),
    ("foreign-investigated", applicant(foreign=FOREIGN | {"under_investigation": True}),
     "FUND-APPLICANT-FOREIGN", "fail"),
    ("manager-10m", manager(paid_in_capital="10000000.00"), "FUND-MANAGER-CAPITAL", "pass"),
    ("manager-short", manager(paid_in_capital="9999999.99"), "FUND-MANAGER-CAPITAL", "fail"),
    ("manager-unregistered", manager(amac_registered=False), "FUND-MANAGER-CAPITAL", "fail"),
    ("commit-1pc", commitments("1000000.00", None), "FUND-MANAGER-COMMIT", "pass"),
    ("commit-short", commitments("999999.99", None), "FUND-MANAGER-COMMIT", "fail"),
    ("commit-0.5pc+affiliate", commitments("500000.00", "500000.00"),
     "FUND-MANAGER-COMMIT", "pass"),
    ("commit-0.5pc-short", commitments("499999.99", "500000.01"), "FUND-MANAGER-COMMIT", "fail"),
    ("commit-together-short", commitments("500000.00", "499999.99"),
     "FUND-MANAGER-COMMIT", "fail"),
    ("team-3x3", manager(senior_managers_years=["3", "3", "3"]), "FUND-MANAGER-TEAM", "pass"),
    ("team-short", manager(senior_managers_years=["3", "3", "2.99"]), "FUND-MANAGER-TEAM", "fail"),
    ("team-penalised", manager(key_member_penalised=True), "FUND-MANAGER-TEAM", "fail"),
    ("track-200m-3", track("200000000.00", 3), "FUND-MANAGER-TRACK", "pass"),
    ("track-aum-short", track("199999999.99", 3), "FUND-MANAGER-TRACK", "fail"),
    ("track-cases-short", track("200000000.00", 2), "FUND-MANAGER-TRACK", "fail"),
    ("track-team-3", track("200000000.00", 3, "core_team", 3), "FUND-MANAGER-TRACK", "pass"),
    ("track-team-2", track("200000000.00", 3, "core_team", 2), "FUND-MANAGER-TRACK", "fail"),
    ("controls-unattested", manager(controls={"attested": False}),
     "FUND-MANAGER-CONTROLS", "fail"),
    ("confirmed-30pc", confirmed("29000000.00"), "FUND-RISK-COMMIT-30", "pass"),  # + manager 1m
    ("confirmed-short", confirmed("28999999.99"), "FUND-RISK-COMMIT-30", "fail"),
    ("increase-12-months", increase(), "FUND-RISK-INCREASE", "pass"),
    ("increase-too-late", increase(accepted_on="2024-03-21"), "FUND-RISK-INCREASE", "fail"),
    ("increase-not-at-par", increase(at_par=False), "FUND-RISK-INCREASE", "fail"),
    ("rank-50", manager(sector_rank=50, wenzhou_local=False), "FUND-RISK-PRIORITY", "pass"),
    ("rank-51", manager(sector_rank=51, wenzhou_local=False),
     "FUND-RISK-PRIORITY", "not_applicable"),
    ("observer-unattested", application(observer_seat={"attested": False}),
     "FUND-RISK-OBSERVER", "fail"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("body", "rule_id", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
async def test_application_thresholds(
    api: Api, body: dict[str, Any], rule_id: str, expected: str
) -> None:
    d = await check(api, body)
    assert finding(d, rule_id)["outcome"] == expected
    if expected == "fail":
        assert rule_id in d["failed_rules"]
        assert d["outcome"] == "fail"
    if expected == "warn":
        assert d["warned_rules"] == [rule_id]
        assert d["outcome"] == "warn"


async def test_a_foreign_applicant_is_judged_by_the_foreign_conditions_only(api: Api) -> None:
    d = await check(api, applicant(paid_in_capital="0.00", foreign=FOREIGN))
    assert finding(d, "FUND-APPLICANT-DOMESTIC")["outcome"] == "not_applicable"
    assert d["failed_rules"] == []


async def test_a_sub_fund_signed_before_2021_is_not_evaluated_under_these_rules(api: Api) -> None:
    d = await check(api, application(signed_on="2020-12-31"))
    assert [f["rule_id"] for f in d["findings"]] == ["FUND-TRANSITION"]
    assert d["outcome"] == "warn"
    assert d["result"] == {"evaluated": False}


async def test_evaluating_before_the_policy_took_effect_is_flagged(api: Api) -> None:
    d = await check(api, application(as_of="2021-12-19"))
    assert d["outcome"] == "warn"
    assert d["warnings"]
    assert d["findings"][0]["rule_id"] == "FUND-TRANSITION"


async def test_without_as_of_the_law_of_today_applies(api: Api) -> None:
    body = application()
    del body["as_of"]
    d = await check(api, body)
    assert d["outcome"] == "pass"
    assert d["as_of"] >= "2024-01-01"


async def test_what_if_overrides_apply_to_one_check_only(api: Api) -> None:
    body = application(parameter_overrides={"fund.subfund.size_min": "200000000"})
    d = await check(api, body)
    assert d["failed_rules"] == ["FUND-SUB-SIZE-MIN"]
    assert d["parameter_overrides"] == {"fund.subfund.size_min": "200000000"}
    assert (await check(api, application()))["failed_rules"] == []


async def test_an_unknown_override_is_a_validation_problem(api: Api) -> None:
    r = await api.client.post(
        f"{P}/checks/application",
        json=application(parameter_overrides={"fund.no.such": "1"}),
        headers=api.read,
    )
    assert r.status_code == 422
    assert r.json()["code"] == "validation-error"


# -- refusals: facts the rules cannot judge -----------------------------------------------------


async def test_commitments_above_the_size_are_refused_naming_the_rule(api: Api) -> None:
    body = application(total_size="50000000.00")  # commitments add up to 100,000,000
    problem = await api.post("/checks/application", body, expect=422)
    assert problem["code"] == "rule-violation"
    assert problem["rule_id"] == "FUND-SUB-SIZE-MIN"
    assert problem["clause"] == "温政办〔2021〕73号 三（一）1"


async def test_a_capital_increase_without_its_facts_is_refused(api: Api) -> None:
    problem = await api.post(
        "/checks/application", application(kind="capital_increase"), expect=422
    )
    assert problem["rule_id"] == "FUND-RISK-INCREASE"


@pytest.mark.parametrize(
    ("changes", "pointer"),
    [
        ({"surprise": True}, "/surprise"),
        ({"total_size": "-50000000.00"}, "/total_size"),
        ({"total_size": "0"}, "/total_size"),
        ({"total_size": "50000000.001"}, "/total_size"),
        ({"total_size": "fifty million"}, "/total_size"),
        ({"mother_fund_commitment": "-1.00"}, "/mother_fund_commitment"),
        ({"signed_on": "2024-02-30"}, "/signed_on"),
        ({"signed_on": "20240301"}, "/signed_on"),
        ({"as_of": "9999-12-31"}, "/as_of"),
        ({"legal_form": "trust"}, "/legal_form"),
        ({"region": "Lucheng"}, "/region"),
        ({"fees": {"investment_period_rate": "-0.01", "exit_period_rate": "0.01",
                   "includes_all_expenses": True}}, "/fees/investment_period_rate"),
        ({"fees": {"investment_period_rate": "1.5", "exit_period_rate": "0.01",
                   "includes_all_expenses": True}}, "/fees/investment_period_rate"),
        ({"term": {"investment_years": "-1", "exit_years": "4"}}, "/term/investment_years"),
        ({"contributors": [{"name": "x", "commitment": "-5.00"}]}, "/contributors/0/commitment"),
        ({"contributors": [{"name": "x", "commitment": "5.00", "share": 1}]},
         "/contributors/0/share"),
        ({"manager": {"name": "only a name"}}, "/manager"),
    ],
    ids=lambda v: str(v)[:40] if isinstance(v, dict) else v,
)  # fmt: skip
async def test_nonsense_is_a_validation_problem_never_a_500(
    api: Api, changes: dict[str, Any], pointer: str
) -> None:
    r = await api.client.post(
        f"{P}/checks/application", json=application(**changes), headers=api.read
    )
    assert r.status_code == 422, r.text
    problem = r.json()
    assert r.headers["content-type"].startswith("application/problem+json")
    assert problem["code"] == "validation-error"
    assert any(e["pointer"].startswith(f"#{pointer}") for e in problem["errors"]), problem


async def test_a_body_that_is_not_json_is_a_validation_problem(api: Api) -> None:
    r = await api.client.post(
        f"{P}/checks/application",
        content=b"{not json",
        headers={**api.read, "Content-Type": "application/json"},
    )
    assert r.status_code == 422


@pytest.mark.parametrize(
    "path", ["/checks/application", "/checks/investment", "/checks/company-stage"]
)
async def test_checks_need_a_token_with_fund_read(api: Api, path: str) -> None:
    r = await api.client.post(f"{P}{path}", json={})
    assert r.status_code == 401
    r = await api.client.post(f"{P}{path}", json={}, headers=api.headers("medical:read"))
    assert r.status_code == 403


# -- one portfolio investment -------------------------------------------------------------------


def investment(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "target": {
            "name": "温州某光电科技有限公司",
            "listed": False,
            "is_partnership": False,
            "is_venture_capital_firm": False,
        },
        "amount": "15000000.00",
        "stake_after": "0.15",
        "subfund_size": "100000000.00",
        "prior_investments_in_company": "5000000.00",
        "as_of": AS_OF,
    }
    for key, value in changes.items():
        if key in ("listed", "is_partnership", "is_venture_capital_firm", "real_estate_industry"):
            body["target"][key] = value
        else:
            body[key] = value
    return body


INVESTMENTS: list[tuple[str, dict[str, Any], str, str]] = [
    ("20pc-with-prior", investment(), "FUND-INV-SINGLE-MAX", "pass"),
    ("1-fen-over-20pc", investment(amount="15000000.01"), "FUND-INV-SINGLE-MAX", "fail"),
    ("prior-counts", investment(prior_investments_in_company="5000000.01"),
     "FUND-INV-SINGLE-MAX", "fail"),
    ("listed", investment(listed=True), "FUND-INV-UNLISTED", "fail"),
    ("partnership", investment(is_partnership=True), "FUND-INV-NOT-PARTNERSHIP", "fail"),
    ("vc-firm", investment(is_venture_capital_firm=True), "FUND-INV-NOT-VC", "fail"),
    ("stake-50pc", investment(stake_after="0.5"), "FUND-INV-NO-CONTROL", "pass"),
    ("stake-over-50pc", investment(stake_after="0.50000001"), "FUND-INV-NO-CONTROL", "warn"),
    ("actual-control", investment(gains_actual_control=True), "FUND-INV-NO-CONTROL", "warn"),
    ("real-estate", investment(real_estate_industry=True), "FUND-INV-PROHIBITED", "fail"),
    ("futures", investment(asset_class="futures"), "FUND-INV-PROHIBITED", "fail"),
    ("bond-aa+", investment(asset_class="enterprise_bond", bond_rating="AA+"),
     "FUND-INV-PROHIBITED", "fail"),
    ("bond-aaa", investment(asset_class="enterprise_bond", bond_rating="AAA"),
     "FUND-INV-PROHIBITED", "warn"),
    ("approved-donation", investment(asset_class="donation", approved_public_welfare_donation=True),
     "FUND-INV-PROHIBITED", "pass"),
    ("recycled", investment(funded_from_recovered_proceeds=True), "FUND-INV-NO-RECYCLE", "fail"),
    ("bank-deposit", investment(asset_class="bank_deposit", funded_from_recovered_proceeds=True),
     "FUND-INV-NO-RECYCLE", "pass"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("body", "rule_id", "expected"),
    [c[1:] for c in INVESTMENTS],
    ids=[c[0] for c in INVESTMENTS],
)
async def test_investment_check(
    api: Api, body: dict[str, Any], rule_id: str, expected: str
) -> None:
    d = await api.post("/checks/investment", body)
    assert finding(d, rule_id)["outcome"] == expected
    assert (rule_id in d["failed_rules"]) is (expected == "fail")


async def test_a_passing_investment_lists_every_rule_with_its_facts(api: Api) -> None:
    d = await api.post("/checks/investment", investment())
    assert d["outcome"] == "pass"
    assert d["subject"] == "fund.investment"
    assert {f["rule_id"] for f in d["findings"]} == {
        "FUND-INV-PROHIBITED", "FUND-INV-NO-RECYCLE", "FUND-INV-UNLISTED", "FUND-INV-SINGLE-MAX",
        "FUND-INV-NOT-PARTNERSHIP", "FUND-INV-NOT-VC", "FUND-INV-NO-CONTROL",
    }  # fmt: skip
    single = finding(d, "FUND-INV-SINGLE-MAX")
    assert single["facts"]["cumulative"] == "20000000.00"
    assert single["facts"]["ratio"] == "0.200000"
    assert single["clause"] == "温政办〔2021〕73号 三（五）2"


@pytest.mark.parametrize(
    "changes",
    [
        {"amount": "-1.00"},
        {"amount": "0"},
        {"subfund_size": "0"},
        {"stake_after": "1.2"},
        {"prior_investments_in_company": "-0.01"},
        {"asset_class": "crypto"},
        {"target": {"name": "x"}},
    ],
)
async def test_investment_nonsense_is_a_validation_problem(
    api: Api, changes: dict[str, Any]
) -> None:
    r = await api.client.post(
        f"{P}/checks/investment", json=investment() | changes, headers=api.read
    )
    assert r.status_code == 422, r.text


# -- company stage ------------------------------------------------------------------------------


def company(**changes: Any) -> dict[str, Any]:
    return {
        "name": "温州某智能装备有限公司",
        "independent_legal_person": True,
        "listed": False,
        "product_status": "marketed",
        "little_or_no_sales": False,
        "high_tech_or_business_model": True,
        "employees": 300,
        "prior_year_revenue": "50000000.00",
        "national_high_tech_enterprise": False,
        "recognised_tech_sme": True,
        "as_of": AS_OF,
    } | changes


@pytest.mark.parametrize(
    ("changes", "stage"),
    [
        ({}, "startup"),
        ({"employees": 301}, "growth"),
        ({"prior_year_revenue": "50000000.01"}, "growth"),
        ({"prior_year_revenue": "100000000.00", "national_high_tech_enterprise": True}, "startup"),
        ({"prior_year_revenue": "100000000.01", "national_high_tech_enterprise": True}, "growth"),
        ({"listed": True, "prior_year_revenue": "200000000.00"}, "growth"),
        ({"employees": 500, "prior_year_revenue": "200000000.01"}, "none"),
        ({"employees": 500, "recognised_tech_sme": False}, "none"),
        ({"product_status": "prototype", "little_or_no_sales": True}, "seed"),
        ({"product_status": "concept", "little_or_no_sales": True}, "seed"),
    ],
)
async def test_company_stage(api: Api, changes: dict[str, Any], stage: str) -> None:
    d = await api.post("/checks/company-stage", company(**changes))
    assert d["stage"] == stage
    assert d["result"] == {"stage": stage}
    stages = {f["rule_id"]: f["outcome"] for f in d["findings"]}
    assert set(stages) == {"FUND-STAGE-SEED", "FUND-STAGE-STARTUP", "FUND-STAGE-GROWTH"}
    assert "fail" not in stages.values()  # classification judges no one
    if stage != "none":
        assert stages[f"FUND-STAGE-{stage.upper()}"] == "pass"


async def test_company_stage_says_why_not_and_cites_the_parameters(api: Api) -> None:
    d = await api.post("/checks/company-stage", company(employees=301))
    startup = finding(d, "FUND-STAGE-STARTUP")
    assert startup["outcome"] == "not_applicable"
    assert "301" in startup["message_zh"]
    assert startup["clause"] == "温政办〔2021〕73号 一（二）"
    used = d["parameters_used"]["fund.stage.startup.max_employees"]
    assert used["value"] == 300
    assert used["effective_from"] == "2021-12-20"


async def test_company_stage_rejects_negative_staff(api: Api) -> None:
    r = await api.client.post(
        f"{P}/checks/company-stage", json=company(employees=-1), headers=api.read
    )
    assert r.status_code == 422


# -- OpenAPI ------------------------------------------------------------------------------------


async def test_every_request_body_here_has_examples(api: Api) -> None:
    spec = (await api.client.get("/openapi.json")).json()
    for path in (
        "/checks/application",
        "/checks/investment",
        "/checks/company-stage",
        "/calc/sub-fund-fee-cap",
        "/calc/mother-fund-fee",
        "/calc/concession/pre-liquidation",
        "/calc/concession/post-liquidation",
    ):
        body = spec["paths"][f"{P}{path}"]["post"]["requestBody"]["content"]["application/json"]
        assert body.get("examples"), path
    put = spec["paths"][f"{P}/reference/lpr/{{published_on}}"]["put"]
    assert put["requestBody"]["content"]["application/json"]["examples"]
    examples = spec["paths"][f"{P}/checks/application"]["post"]["requestBody"]["content"][
        "application/json"
    ]["examples"]
    assert len(examples) >= 6
