"""Sub-funds over HTTP: registration (direct and from a signed application), ETags, idempotent
replay, paid-in under FUND-RISK-LAST-IN, and the early-exit check (FUND-EARLY-EXIT, -PRICE)."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import asyncpg

from devstack.testing import TestDatabase

from .conftest import (
    GROUP,
    MANAGER,
    MARKET,
    MOTHER,
    Api,
    P,
    approved_application,
    new_sub_fund,
    payment,
    step,
    sub_fund_body,
)

OTHERS_HALF = [  # 30,000,000 of the others' 60,000,000: the mother fund may reach 20,000,000
    payment(MANAGER, "500000.00", "2023-04-10"),
    payment(GROUP, "17500000.00", "2023-04-10"),
    payment(MARKET, "12000000.00", "2023-04-12"),
]


async def test_register_directly_then_read_it_with_its_etag(api: Api) -> None:
    r = await api.client.post(f"{P}/sub-funds", json=sub_fund_body(), headers=api.keyed(api.write))
    assert r.status_code == 201, r.text
    body = r.json()
    sub_fund_id = body["sub_fund_id"]
    assert r.headers["Location"] == f"{P}/sub-funds/{sub_fund_id}"
    assert r.headers["ETag"] == '"1"'
    assert body["application_id"] is None
    assert body["size"] == "100000000.00"
    assert body["mother_fund_commitment"] == "40000000.00"
    assert body["mother_fund_share"] == "0.400000"
    assert body["term"]["ends_on"] == "2031-03-15"  # 4 + 3 + 1 years after registration
    assert body["reporting_from"] == "2023-03-15"
    assert [c["role"] for c in body["contributors"]] == ["mother_fund", "manager", "other", "other"]
    assert body["paid_in_total"] == "0.00"

    got = await api.client.get(f"{P}/sub-funds/{sub_fund_id}", headers=api.read)
    assert got.status_code == 200
    assert got.json() == body
    assert got.headers["ETag"] == '"1"'
    cached = await api.client.get(
        f"{P}/sub-funds/{sub_fund_id}", headers={**api.read, "If-None-Match": '"1"'}
    )
    assert cached.status_code == 304

    listed = await api.get("/sub-funds", name="瓯江科创", linked="false")
    assert sub_fund_id in [s["sub_fund_id"] for s in listed["items"]]
    assert (await api.get("/sub-funds", name="no such fund"))["items"] == []


async def test_listing_is_paged(api: Api) -> None:
    ids = [(await new_sub_fund(api, name=f"分页子基金{i}"))["sub_fund_id"] for i in range(3)]
    first = await api.get("/sub-funds", name="分页子基金", limit=2)
    second = await api.get("/sub-funds", name="分页子基金", limit=2, cursor=first["next_cursor"])
    assert [s["sub_fund_id"] for s in first["items"] + second["items"]] == ids
    assert second["next_cursor"] is None


async def test_registration_is_idempotent(api: Api) -> None:
    headers = api.keyed(api.write)
    first = await api.client.post(
        f"{P}/sub-funds", json=sub_fund_body(name="幂等子基金"), headers=headers
    )
    again = await api.client.post(
        f"{P}/sub-funds", json=sub_fund_body(name="幂等子基金"), headers=headers
    )
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert len((await api.get("/sub-funds", name="幂等子基金"))["items"]) == 1
    other = await api.client.post(
        f"{P}/sub-funds", json=sub_fund_body(name="另一个"), headers=headers
    )
    assert other.status_code == 422


async def test_registration_refuses_inconsistent_bodies(api: Api) -> None:
    two_mothers = sub_fund_body()
    two_mothers["contributors"][1]["role"] = "mother_fund"
    for body in (
        sub_fund_body(size="100000000.01"),  # not the commitments' total
        two_mothers,
        sub_fund_body(colour="blue"),  # unknown field
        sub_fund_body(region="3303"),
        sub_fund_body(registered_on="2099-01-01"),
        sub_fund_body(reporting_from="2023-01-01"),  # before registration
    ):
        r = await api.client.post(f"{P}/sub-funds", json=body, headers=api.keyed(api.write))
        assert r.status_code == 422, r.text
    r = await api.client.post(f"{P}/sub-funds", json=sub_fund_body(), headers=api.read)
    assert r.status_code == 403


async def test_unknown_sub_fund_ids_are_404(api: Api) -> None:
    missing = uuid.uuid4()
    await api.get(f"/sub-funds/{missing}", expect=404)
    await api.get(f"/sub-funds/{missing}/paid-in", expect=404)
    await api.get(f"/sub-funds/{missing}/investments", expect=404)
    await api.get(f"/sub-funds/{missing}/investments/{uuid.uuid4()}", expect=404)
    await api.get(f"/sub-funds/{missing}/reinvestment", expect=404)
    await api.post(
        f"/sub-funds/{missing}/paid-in",
        {"payments": OTHERS_HALF},
        headers=api.keyed(api.write),
        expect=404,
    )
    await api.post(
        f"/sub-funds/{missing}/early-exit-check", {"demand_deposit_rate": "0.0035"}, expect=404
    )
    sub_fund = await new_sub_fund(api)
    await api.get(f"/sub-funds/{sub_fund['sub_fund_id']}/investments/{uuid.uuid4()}", expect=404)
    path = f"/sub-funds/{sub_fund['sub_fund_id']}/reinvestment"
    await api.get(path, recognised_on="1900-01-01", expect=422)
    await api.get("/sub-funds", cursor="eyJzZXEiOiAxMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDB9", expect=422)


# ---- from an application ---------------------------------------------------------------------


async def _signed_application(api: Api) -> str:
    app_id = await approved_application(api, "2024-03-20")
    await step(api, app_id, "start_notice", "2024-03-21")
    await step(api, app_id, "close_notice", "2024-04-01")
    await step(api, app_id, "sign", "2024-04-10")
    return app_id


async def test_register_from_a_signed_application_once(api: Api) -> None:
    app_id = await _signed_application(api)
    body = sub_fund_body(application_id=app_id, registered_on="2024-05-20")
    del body["agreement_signed_on"]
    created = await api.post("/sub-funds", body, headers=api.keyed(api.write), expect=201)
    assert created["application_id"] == app_id
    assert created["agreement_signed_on"] == "2024-04-10"  # the application's signing day
    listed = await api.get("/sub-funds", application_id=app_id)
    assert [s["sub_fund_id"] for s in listed["items"]] == [created["sub_fund_id"]]

    again = await api.post("/sub-funds", body, headers=api.keyed(api.write), expect=409)
    assert again["sub_fund_id"] == created["sub_fund_id"]


async def test_an_unsigned_application_cannot_become_a_sub_fund(api: Api) -> None:
    app_id = await approved_application(api, "2024-03-20")  # approved, not signed
    problem = await api.post(
        "/sub-funds",
        sub_fund_body(application_id=app_id, registered_on="2024-05-20"),
        headers=api.keyed(api.write),
        expect=422,
    )
    assert problem["rule_id"] == "FUND-PROC-STAGES"
    assert problem["clause"]
    unknown = await api.post(
        "/sub-funds",
        sub_fund_body(application_id=str(uuid.uuid4())),
        headers=api.keyed(api.write),
        expect=422,
    )
    assert unknown["errors"][0]["pointer"] == "#/application_id"


# ---- paid-in: FUND-RISK-LAST-IN ------------------------------------------------------------------


async def _tranche(api: Api, sub_fund_id: str, payments: list[Any], expect: int = 201) -> Any:
    return await api.post(
        f"/sub-funds/{sub_fund_id}/paid-in",
        {"called_on": "2023-04-01", "payments": payments},
        headers=api.keyed(api.write),
        expect=expect,
    )


async def test_mother_fund_beyond_pro_rata_is_refused_and_nothing_stored(api: Api) -> None:
    sub_fund_id = (await new_sub_fund(api))["sub_fund_id"]
    problem = await _tranche(
        api,
        sub_fund_id,
        [*OTHERS_HALF, payment(MOTHER, "20000000.01", "2023-04-20")],
        expect=422,
    )
    assert problem["rule_id"] == "FUND-RISK-LAST-IN"
    assert problem["clause"].startswith("温政办〔2021〕73号")
    assert problem["failed_rules"] == ["FUND-RISK-LAST-IN"]
    assert "20000000.00" in problem["detail"]
    listed = await api.get(f"/sub-funds/{sub_fund_id}/paid-in")
    assert listed["items"] == []
    assert listed["paid_in_total"] == "0.00"


async def test_mother_fund_exactly_pro_rata_and_last_is_accepted(api: Api) -> None:
    sub_fund_id = (await new_sub_fund(api))["sub_fund_id"]
    tranche = await _tranche(
        api, sub_fund_id, [*OTHERS_HALF, payment(MOTHER, "20000000.00", "2023-04-20")]
    )
    assert tranche["total"] == "50000000.00"
    assert tranche["decision"]["outcome"] == "pass"
    assert tranche["decision"]["result"]["allowed_total"] == "20000000.00"
    decision = await api.get(f"/decisions/{tranche['decision_id']}")
    assert [f["rule_id"] for f in decision["findings"]] == ["FUND-RISK-LAST-IN"]

    listed = await api.get(f"/sub-funds/{sub_fund_id}/paid-in")
    assert [t["tranche_id"] for t in listed["items"]] == [tranche["tranche_id"]]
    totals = {t["name"]: t for t in listed["totals"]}
    assert totals[MOTHER]["paid_in"] == "20000000.00"
    assert totals[MOTHER]["outstanding"] == "20000000.00"
    assert totals[MOTHER]["paid_in_ratio"] == "0.500000"
    assert totals[GROUP]["paid_in"] == "17500000.00"
    assert listed["paid_in_total"] == "50000000.00"
    assert listed["mother_fund"]["allowed_total"] == "20000000.00"
    assert listed["mother_fund"]["due_now"] == "0.00"
    sub_fund = await api.client.get(f"{P}/sub-funds/{sub_fund_id}", headers=api.read)
    assert sub_fund.headers["ETag"] == '"2"'  # paid-in changed the sub-fund
    assert sub_fund.json()["paid_in_total"] == "50000000.00"

    # A next tranche where the others pay first again: the mother fund's share follows.
    await _tranche(
        api,
        sub_fund_id,
        [payment(GROUP, "3000000.00", "2023-09-01"), payment(MOTHER, "2000000.00", "2023-09-02")],
    )
    await _tranche(api, sub_fund_id, [payment(MOTHER, "0.01", "2023-09-03")], expect=422)


async def test_the_mother_fund_pays_last(api: Api) -> None:
    sub_fund_id = (await new_sub_fund(api))["sub_fund_id"]
    late_market = [*OTHERS_HALF[:2], payment(MARKET, "12000000.00", "2023-04-25")]
    problem = await _tranche(
        api, sub_fund_id, [*late_market, payment(MOTHER, "20000000.00", "2023-04-20")], expect=422
    )
    assert problem["rule_id"] == "FUND-RISK-LAST-IN"
    assert problem["paid_after_mother_fund"] == [MARKET]
    # Before registration (2023-03-15) the mother fund pays nothing.
    early = [payment(GROUP, "17500000.00", "2023-03-01"), payment(MOTHER, "1.00", "2023-03-10")]
    problem = await _tranche(api, sub_fund_id, early, expect=422)
    assert problem["rule_id"] == "FUND-RISK-LAST-IN"


async def test_paid_in_refuses_what_is_not_a_fact(api: Api) -> None:
    sub_fund_id = (await new_sub_fund(api))["sub_fund_id"]
    beyond = await _tranche(
        api, sub_fund_id, [payment(MANAGER, "1000000.01", "2023-04-10")], expect=422
    )
    assert beyond["errors"][0]["pointer"] == "#/payments/0/amount"
    stranger = await _tranche(api, sub_fund_id, [payment("某人", "1.00", "2023-04-10")], expect=422)
    assert stranger["errors"][0]["pointer"] == "#/payments/0"
    await _tranche(api, sub_fund_id, [payment(GROUP, "1.00", "2099-04-10")], expect=422)
    twice = [payment(GROUP, "1.00", "2023-04-10"), payment(GROUP, "2.00", "2023-04-11")]
    await _tranche(api, sub_fund_id, twice, expect=422)
    await _tranche(api, sub_fund_id, [payment(GROUP, "-1.00", "2023-04-10")], expect=422)


async def test_paid_in_replay_records_once(api: Api) -> None:
    sub_fund_id = (await new_sub_fund(api))["sub_fund_id"]
    headers = api.keyed(api.write)
    body = {"payments": [payment(GROUP, "1000000.00", "2023-04-10")]}
    first = await api.post(f"/sub-funds/{sub_fund_id}/paid-in", body, headers=headers, expect=201)
    again = await api.post(f"/sub-funds/{sub_fund_id}/paid-in", body, headers=headers, expect=201)
    assert again == first
    listed = await api.get(f"/sub-funds/{sub_fund_id}/paid-in")
    assert len(listed["items"]) == 1
    assert listed["paid_in_total"] == "1000000.00"


# ---- early exit ----------------------------------------------------------------------------------


async def _exit_sub_fund(api: Api) -> str:
    """Registered 2021-12-25; the mother fund paid 10,000,000 on 2022-01-01 and 5,000,000 on
    2023-01-01 (after the others each time); one investment on 2022-09-01."""
    sub_fund_id = str(
        (
            await new_sub_fund(
                api,
                name="提前退出子基金",
                registered_on="2021-12-25",
                agreement_signed_on="2021-12-20",
            )
        )["sub_fund_id"]
    )
    await _tranche(
        api,
        sub_fund_id,
        [payment(GROUP, "15000000.00", "2021-12-28"), payment(MOTHER, "10000000.00", "2022-01-01")],
    )
    await _tranche(
        api,
        sub_fund_id,
        [payment(GROUP, "7500000.00", "2022-12-20"), payment(MOTHER, "5000000.00", "2023-01-01")],
    )
    invested = await api.post(
        f"/sub-funds/{sub_fund_id}/investments",
        {
            "company": "温州某科技有限公司",
            "invested_on": "2022-09-01",
            "amount": "5000000.00",
            "stake_after": "0.10",
            "target": {"listed": False, "is_partnership": False, "is_venture_capital_firm": False},
            "wenzhou": {"registered_in_wenzhou": True},
        },
        headers=api.keyed(api.write),
        expect=201,
    )
    assert invested["status"] == "accepted"
    return sub_fund_id


async def test_early_exit_floor_price_to_the_fen(api: Api) -> None:
    sub_fund_id = await _exit_sub_fund(api)
    check = {"as_of": "2024-01-01", "demand_deposit_rate": "0.0035", "amac_filed_on": "2022-06-01"}
    out = await api.post(f"/sub-funds/{sub_fund_id}/early-exit-check", check)
    # 10,000,000 × 0.35% × 730/360 + 5,000,000 × 0.35% × 365/360 = 70,972.22… + 17,743.05…
    assert out["principal"] == "15000000.00"
    assert out["interest"] == "88715.28"
    assert out["floor_price"] == "15088715.28"
    assert [(t["paid_on"], t["days"]) for t in out["tranches"]] == [
        ("2022-01-01", 730),
        ("2023-01-01", 365),
    ]
    assert out["triggers"] == []
    assert out["exit_may_be_requested"] is False
    assert out["agreed_price_ok"] is None
    outcomes = {f["rule_id"]: f["outcome"] for f in out["decision"]["findings"]}
    assert outcomes == {"FUND-EARLY-EXIT": "pass", "FUND-EARLY-EXIT-PRICE": "not_applicable"}

    at_floor = await api.post(
        f"/sub-funds/{sub_fund_id}/early-exit-check", {**check, "agreed_price": "15088715.28"}
    )
    assert at_floor["agreed_price_ok"] is True
    assert at_floor["decision"]["failed_rules"] == []
    below = await api.post(
        f"/sub-funds/{sub_fund_id}/early-exit-check", {**check, "agreed_price": "15088715.27"}
    )
    assert below["agreed_price_ok"] is False
    assert below["decision"]["failed_rules"] == ["FUND-EARLY-EXIT-PRICE"]


async def test_early_exit_triggers_that_hold(api: Api) -> None:
    sub_fund_id = await _exit_sub_fund(api)
    path = f"/sub-funds/{sub_fund_id}/early-exit-check"
    base = {"as_of": "2024-01-01", "demand_deposit_rate": "0.0035", "amac_filed_on": "2022-06-01"}
    # Half the core team changed without approval: trigger 6; approved, none.
    half = {**base, "core_team_members": 6, "core_team_members_changed": 3}
    assert (await api.post(path, half))["triggers"] == ["6"]
    assert (await api.post(path, {**half, "manager_change_approved": True}))["triggers"] == []
    assert (await api.post(path, {**half, "core_team_members_changed": 2}))["triggers"] == []
    # Not filed with AMAC within 1 year of registration (due 2022-12-26, a Monday): trigger 2.
    unfiled = await api.post(path, {**base, "amac_filed_on": "2022-12-27"})
    assert unfiled["triggers"] == ["2"]
    assert unfiled["exit_may_be_requested"] is True
    assert "FUND-EARLY-EXIT" in unfiled["decision"]["failed_rules"]
    on_time = await api.post(path, {**base, "amac_filed_on": "2022-12-26"})
    assert on_time["triggers"] == []
    many = await api.post(
        path,
        {**base, "non_compliant_investments": True, "penalised_for_illegal_operation": True},
    )
    assert many["triggers"] == ["4", "5"]
    await api.post(path, {**base, "core_team_members_changed": 1}, expect=422)
    await api.post(path, {**base, "demand_deposit_rate": "0.35"}, expect=200)
    await api.post(path, {**base, "demand_deposit_rate": "35"}, expect=422)


# ---- the migration ---------------------------------------------------------------------------

TABLES = {
    "sub_funds",
    "sub_fund_contributors",
    "paid_in_tranches",
    "paid_in_payments",
    "portfolio_investments",
    "major_events",
    "report_submissions",
}


async def test_migration_0005_downgrades_upgrades_and_grants_append_only(
    test_database: TestDatabase,
) -> None:
    from devstack import bootstrap as bs
    from devstack import migrate

    admin = test_database.admin.rsplit("/", 1)[0] + "/postgres"
    scratch = "wz_test_migration_fund_0005"
    await bs.drop_database(admin, scratch)
    urls = await bs.bootstrap(admin, scratch)
    query = "SELECT table_name FROM information_schema.tables WHERE table_schema = 'fund'"
    try:
        await asyncio.to_thread(migrate.upgrade, "fund", urls.migrator)
        await asyncio.to_thread(migrate.downgrade, "fund", urls.migrator, "fund_0004")
        conn = await asyncpg.connect(urls.migrator)
        try:
            assert not TABLES & {r["table_name"] for r in await conn.fetch(query)}
        finally:
            await conn.close()
        await asyncio.to_thread(migrate.upgrade, "fund", urls.migrator)
        conn = await asyncpg.connect(urls.services["fund"])
        try:
            assert {r["table_name"] for r in await conn.fetch(query)} >= TABLES
            assert await conn.fetchval(
                "SELECT count(*) FROM information_schema.table_constraints WHERE "
                "constraint_name = 'fk_concessions_sub_fund_id_sub_funds'"
            )
            rights = {
                (r["table_name"], r["privilege_type"])
                for r in await conn.fetch(
                    "SELECT table_name, privilege_type FROM information_schema.role_table_grants "
                    "WHERE grantee = 'fund_app' AND table_schema = 'fund'"
                )
            }
        finally:
            await conn.close()
        for table in TABLES - {"sub_funds"}:
            assert {p for t, p in rights if t == table} == {"SELECT", "INSERT"}, table
        assert {"SELECT", "INSERT", "UPDATE"} <= {p for t, p in rights if t == "sub_funds"}
    finally:
        await bs.drop_database(admin, scratch)
