"""Portfolio investments over HTTP: checked by FUND-INV-* before they are recorded; a failing one
is stored only as rejected (201, with its stored decision) and counts for nothing afterwards."""

from __future__ import annotations

from typing import Any

from .conftest import Api, new_sub_fund

UNLISTED = {"listed": False, "is_partnership": False, "is_venture_capital_firm": False}


def investment(company: str, amount: str, **changes: Any) -> dict[str, Any]:
    return {
        "company": company,
        "invested_on": "2023-06-01",
        "amount": amount,
        "stake_after": "0.10",
        "target": UNLISTED,
        "wenzhou": {"registered_in_wenzhou": True},
        **changes,
    }


async def invest(api: Api, sub_fund_id: str, body: dict[str, Any], expect: int = 201) -> Any:
    return await api.post(
        f"/sub-funds/{sub_fund_id}/investments",
        body,
        headers=api.keyed(api.write),
        expect=expect,
    )


async def test_single_company_limit_at_both_sides_of_20_percent(api: Api) -> None:
    sub_fund_id = (await new_sub_fund(api))["sub_fund_id"]  # size 100,000,000 → 20,000,000
    first = await invest(api, sub_fund_id, investment("温州甲科技有限公司", "19999999.99"))
    assert first["status"] == "accepted"
    assert first["failed_rules"] == []
    # Same company, spelt with other spacing and case: cumulative exactly 20,000,000.00 passes.
    exact = await invest(api, sub_fund_id, investment(" 温州甲科技有限公司 ", "0.01"))
    assert exact["status"] == "accepted"
    single = next(f for f in exact["decision"]["findings"] if f["rule_id"] == "FUND-INV-SINGLE-MAX")
    assert single["outcome"] == "pass"
    assert single["facts"]["cumulative"] == "20000000.00"

    over = await invest(api, sub_fund_id, investment("温州甲科技有限公司", "0.01"))
    assert over["status"] == "rejected"
    assert over["failed_rules"] == ["FUND-INV-SINGLE-MAX"]
    stored = await api.get(f"/decisions/{over['decision_id']}")
    assert stored["failed_rules"] == ["FUND-INV-SINGLE-MAX"]
    assert stored["outcome"] == "fail"

    rejected = await api.get(f"/sub-funds/{sub_fund_id}/investments", status="rejected")
    assert [i["investment_id"] for i in rejected["items"]] == [over["investment_id"]]
    accepted = await api.get(f"/sub-funds/{sub_fund_id}/investments", status="accepted")
    assert len(accepted["items"]) == 2
    one = await api.get(f"/sub-funds/{sub_fund_id}/investments/{over['investment_id']}")
    assert one["status"] == "rejected"
    assert one["facts"]["amount"] == "0.01"


async def test_a_rejected_investment_does_not_count_later(api: Api) -> None:
    sub_fund_id = (await new_sub_fund(api))["sub_fund_id"]
    listed = {**UNLISTED, "listed": True}
    refused = await invest(api, sub_fund_id, investment("乙公司", "15000000.00", target=listed))
    assert refused["status"] == "rejected"
    assert refused["failed_rules"] == ["FUND-INV-UNLISTED"]
    # The 15,000,000 refused is no prior investment: 20,000,000 more still fits.
    later = await invest(api, sub_fund_id, investment("乙公司", "20000000.00"))
    assert later["status"] == "accepted"
    reinvest = await api.get(f"/sub-funds/{sub_fund_id}/reinvestment", recognised_on="2024-06-30")
    assert reinvest["credited_total"] == "20000000.00"
    assert [line["investment_id"] for line in reinvest["lines"]] == [later["investment_id"]]


async def test_each_investment_rule_names_itself(api: Api) -> None:
    sub_fund_id = (await new_sub_fund(api))["sub_fund_id"]
    cases: list[tuple[dict[str, Any], list[str]]] = [
        (investment("丙合伙", "1.00", target={**UNLISTED, "is_partnership": True}),
         ["FUND-INV-NOT-PARTNERSHIP"]),
        (investment("丁创投", "1.00", target={**UNLISTED, "is_venture_capital_firm": True}),
         ["FUND-INV-NOT-VC"]),
        (investment("戊地产", "1.00", target={**UNLISTED, "real_estate_industry": True}),
         ["FUND-INV-PROHIBITED"]),
        (investment("己公司", "1.00", funded_from_recovered_proceeds=True),
         ["FUND-INV-NO-RECYCLE"]),
        (investment("庚理财", "1.00", asset_class="wealth_management", stake_after=None,
                    wenzhou=None), ["FUND-INV-PROHIBITED"]),
    ]  # fmt: skip
    for body, failed in cases:
        out = await invest(api, sub_fund_id, body)
        assert out["status"] == "rejected", body
        assert out["failed_rules"] == failed

    deposit = await invest(
        api,
        sub_fund_id,
        investment("温州银行", "5000000.00", asset_class="bank_deposit", stake_after=None),
    )
    assert deposit["status"] == "accepted"


async def test_control_is_flagged_above_half_not_refused(api: Api) -> None:
    sub_fund_id = (await new_sub_fund(api))["sub_fund_id"]
    half = await invest(api, sub_fund_id, investment("辛公司", "1.00", stake_after="0.50"))
    assert half["status"] == "accepted"
    assert half["decision"]["outcome"] == "pass"
    above = await invest(api, sub_fund_id, investment("壬公司", "1.00", stake_after="0.500001"))
    assert above["status"] == "accepted"
    assert above["decision"]["outcome"] == "warn"
    control = next(
        f for f in above["decision"]["findings"] if f["rule_id"] == "FUND-INV-NO-CONTROL"
    )
    assert control["outcome"] == "warn"


async def test_company_stage_is_classified_with_its_reasons(api: Api) -> None:
    sub_fund_id = (await new_sub_fund(api))["sub_fund_id"]
    seed_facts = {
        "independent_legal_person": True,
        "product_status": "prototype",
        "little_or_no_sales": True,
        "high_tech_or_business_model": True,
        "employees": 12,
        "prior_year_revenue": "0.00",
    }
    out = await invest(api, sub_fund_id, investment("癸公司", "1000000.00", stage_facts=seed_facts))
    assert out["stage"] == "seed"
    stage_findings = {
        f["rule_id"]: f["outcome"]
        for f in out["decision"]["findings"]
        if f["rule_id"].startswith("FUND-STAGE-")
    }
    assert stage_findings["FUND-STAGE-SEED"] == "pass"


async def test_investments_refuse_impossible_facts_and_replay(api: Api) -> None:
    sub_fund_id = (await new_sub_fund(api))["sub_fund_id"]  # registered 2023-03-15
    await invest(api, sub_fund_id, investment("甲", "1.00", invested_on="2023-03-14"), expect=422)
    await invest(api, sub_fund_id, investment("甲", "1.00", invested_on="2099-01-01"), expect=422)
    await invest(api, sub_fund_id, investment("甲", "0.00"), expect=422)
    await invest(api, sub_fund_id, investment("甲", "1.00", stake_after="1.2"), expect=422)
    await invest(api, sub_fund_id, investment("甲", "1.00", stake_after=None), expect=422)
    await invest(api, sub_fund_id, investment("甲", "1.00", wenzhou=None), expect=422)
    unpaired = investment("甲", "1.00", wenzhou={"registered_in_wenzhou": False,
                                                 "acquired_by_wenzhou_stake": "0.6"})  # fmt: skip
    await invest(api, sub_fund_id, unpaired, expect=422)

    headers = api.keyed(api.write)
    body = investment("重放公司", "1000000.00")
    path = f"/sub-funds/{sub_fund_id}/investments"
    first = await api.post(path, body, headers=headers, expect=201)
    again = await api.post(path, body, headers=headers, expect=201)
    assert again == first
    page = await api.get(path, company="重放公司")
    assert len(page["items"]) == 1
