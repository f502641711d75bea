"""Stored records over HTTP: applications with their review, the joint review and its
certificate, leases with the rent cap, renewals and exits, title acts, integrity records, due
items and the look-ups."""

from __future__ import annotations

from typing import Any

from .conftest import (
    DEPARTMENTS,
    INVESTOR,
    OPERATOR,
    OTHER_RESIDENT,
    RESIDENT,
    Api,
    P,
    eligible_application,
    lease_body,
    new_project,
    recognised_project,
    step,
)

# ---- tenant applications -----------------------------------------------------------------------


async def test_an_application_is_stored_masked_and_reviewed(api: Api) -> None:
    from housing.api.check_schemas import EXAMPLE_TENANT

    body = {"resident_id": RESIDENT, "name": "张三", **EXAMPLE_TENANT, "as_of": "2024-03-20"}
    r = await api.client.post(
        f"{P}/tenant-applications", json=body, headers=api.keyed(api.write, "k1")
    )
    assert r.status_code == 201, r.text
    created = r.json()
    assert created["status"] == "submitted"
    assert created["resident_id_masked"] == "330302********1235"
    assert RESIDENT not in r.text
    assert r.headers["ETag"] == '"1"'
    again = await api.client.post(
        f"{P}/tenant-applications", json=body, headers=api.keyed(api.write, "k1")
    )
    assert again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    second = await api.client.post(f"{P}/tenant-applications", json=body, headers=api.write)
    assert second.status_code == 409, second.text
    reviewed = await step(
        api,
        f"/tenant-applications/{created['application_id']}/review",
        {"on": "2024-03-25"},
        headers=api.write,
    )
    assert reviewed["status"] == "eligible"
    assert reviewed["check"]["as_of"] == "2024-03-25"
    decision = await api.get(f"/decisions/{reviewed['check']['decision_id']}")
    assert decision["subject"] == "housing.tenant"
    audit = await api.get("/audit", headers=api.headers("audit:read"))
    assert RESIDENT not in str(audit)


async def test_review_refuses_a_stale_if_match_and_an_ineligible_applicant_stays_so(
    api: Api,
) -> None:
    from housing.api.check_schemas import EXAMPLE_TENANT

    short = {**EXAMPLE_TENANT["labour_contract"], "term_months": 11}
    body = {
        "resident_id": RESIDENT,
        **EXAMPLE_TENANT,
        "labour_contract": short,
        "as_of": "2024-03-20",
    }
    created = await api.post("/tenant-applications", body, headers=api.write, expect=201)
    app_id = created["application_id"]
    r = await api.client.post(
        f"{P}/tenant-applications/{app_id}/review",
        json={"on": "2024-03-25"},
        headers={**api.write, "If-Match": '"7"'},
    )
    assert r.status_code == 412
    r = await api.client.post(
        f"{P}/tenant-applications/{app_id}/review", json={"on": "2024-03-25"}, headers=api.write
    )
    assert r.status_code == 428
    reviewed = await step(
        api, f"/tenant-applications/{app_id}/review", {"on": "2024-03-25"}, headers=api.write
    )
    assert reviewed["status"] == "ineligible"
    assert reviewed["check"]["failed_rules"] == ["HOUS-TENANT-CONTRACT"]


# ---- projects and the joint review -------------------------------------------------------------


async def test_the_joint_review_refuses_a_certificate_without_every_department(api: Api) -> None:
    project = await new_project(api)
    pid = project["project_id"]
    assert project["stage"] == "draft"
    assert project["review"]["plans"] == ["construction", "allocation", "operation"]
    early = await step(
        api,
        f"/projects/{pid}/certificate",
        {"number": "X1", "issued_on": "2024-04-15"},
        headers=api.review,
        expect=422,
    )
    assert early["rule_id"] == "HOUS-CERT"
    submitted = await step(api, f"/projects/{pid}/submit", {"on": "2024-04-01"}, headers=api.write)
    assert submitted["review"]["missing_opinions"] == list(DEPARTMENTS)
    stranger = {"department": "tourism", "reviewer": "某", "given_on": "2024-04-08", "agrees": True}
    bad = await step(api, f"/projects/{pid}/opinions", stranger, headers=api.review, expect=422)
    assert bad["errors"][0]["pointer"] == "#/department"
    for d in DEPARTMENTS[:4]:
        opinion = {"department": d, "reviewer": "王某", "given_on": "2024-04-08", "agrees": True}
        await step(api, f"/projects/{pid}/opinions", opinion, headers=api.review)
    no = {
        "department": DEPARTMENTS[4],
        "reviewer": "赵某",
        "given_on": "2024-04-09",
        "agrees": False,
        "reasons": "环评未完备",
    }
    await step(api, f"/projects/{pid}/opinions", no, headers=api.review)
    refused = await step(
        api,
        f"/projects/{pid}/certificate",
        {"number": "鹿保租认〔2024〕1号", "issued_on": "2024-04-15"},
        headers=api.review,
        expect=422,
    )
    assert refused["rule_id"] == "HOUS-CERT"
    assert refused["disagreeing"] == ["ecology_environment"]
    assert refused["missing_opinions"] == []
    yes = {**no, "agrees": True, "reasons": "", "given_on": "2024-04-12"}
    await step(api, f"/projects/{pid}/opinions", yes, headers=api.review)
    done = await step(
        api,
        f"/projects/{pid}/certificate",
        {"number": "鹿保租认〔2024〕1号", "issued_on": "2024-04-15"},
        headers=api.review,
    )
    assert done["stage"] == "recognised"
    assert done["certificate"]["number"] == "鹿保租认〔2024〕1号"
    assert done["steps"][0]["action"] == "submit"
    forbidden = await api.client.post(
        f"{P}/projects/{pid}/certificate",
        json={"number": "y", "issued_on": "2024-04-15"},
        headers=api.write,
    )
    assert forbidden.status_code == 403


async def test_missing_opinions_are_named(api: Api) -> None:
    pid = (await new_project(api))["project_id"]
    await step(api, f"/projects/{pid}/submit", {"on": "2024-04-01"}, headers=api.write)
    opinion = {
        "department": DEPARTMENTS[0],
        "reviewer": "王某",
        "given_on": "2024-04-08",
        "agrees": True,
    }
    await step(api, f"/projects/{pid}/opinions", opinion, headers=api.review)
    refused = await step(
        api,
        f"/projects/{pid}/certificate",
        {"number": "n", "issued_on": "2024-04-15"},
        headers=api.review,
        expect=422,
    )
    assert refused["missing_opinions"] == list(DEPARTMENTS[1:])


async def test_converted_housing_reviews_allocation_and_operation_plans_only(api: Api) -> None:
    project = await new_project(
        api,
        construction_mode="housing_conversion",
        land_source="idle_existing_buildings",
        units=[{"type": "residential", "area": "120.00", "count": 8}],
    )
    assert project["review"]["plans"] == ["allocation", "operation"]
    assert project["check"]["outcome"] == "warn"


async def test_a_failing_project_cannot_be_submitted(api: Api) -> None:
    project = await new_project(api, units=[{"type": "residential", "area": "95.00", "count": 60}])
    refused = await step(
        api,
        f"/projects/{project['project_id']}/submit",
        {"on": "2024-04-01"},
        headers=api.write,
        expect=422,
    )
    assert refused["failed_rules"] == ["HOUS-UNIT-SMALL-SHARE", "HOUS-UNIT-RESIDENTIAL"]
    assert refused["rule_id"] == "HOUS-UNIT-SMALL-SHARE"


async def test_county_review_periods_become_due_items(api: Api) -> None:
    r = await api.client.put(
        f"{P}/admin/parameters/housing.review.opinion_working_days",
        json={
            "value": 10,
            "effective_from": "2024-01-01",
            "region": "330302",
            "source": "鹿城区保障性租赁住房项目审批操作指引",
        },
        headers=api.admin,
    )
    assert r.status_code == 200, r.text
    pid = (await new_project(api))["project_id"]
    project = await step(api, f"/projects/{pid}/submit", {"on": "2024-04-01"}, headers=api.write)
    due = {d["due"] for d in project["deadlines"]}
    assert due == {
        "2024-04-16"
    }  # 10 working days after 2024-04-01 (Qingming 04-04…04-06, 04-07 worked)
    items = await api.get("/due-items", on="2024-04-20", overdue="true")
    assert {i["kind"] for i in items["items"]} == {"review_opinion"}
    assert all(i["days_overdue"] == 4 for i in items["items"])
    opinion = {
        "department": DEPARTMENTS[0],
        "reviewer": "王某",
        "given_on": "2024-04-08",
        "agrees": True,
    }
    await step(api, f"/projects/{pid}/opinions", opinion, headers=api.review)
    items = await api.get("/due-items", on="2024-04-20", overdue="true")
    assert len(items["items"]) == 4


# ---- leases ------------------------------------------------------------------------------------


async def test_allocation_rent_cap_renewal_and_exit(api: Api) -> None:
    pid = await recognised_project(api)
    cap = await api.get(
        f"/projects/{pid}/rent-cap", unit_type="residential", area="65.00", on="2024-05-01"
    )
    assert (cap["market_rent"], cap["rent_cap"], cap["renewal_floor"]) == (
        "2500.00",
        "2000.00",
        "2000.00",
    )
    app_id = await eligible_application(api)
    over = await api.client.post(
        f"{P}/leases", json=lease_body(app_id, pid, monthly_rent="2000.01"), headers=api.write
    )
    assert over.status_code == 422
    assert over.json()["rule_id"] == "HOUS-RENT-CAP"
    too_long = await api.client.post(
        f"{P}/leases", json=lease_body(app_id, pid, term_months=61), headers=api.write
    )
    assert too_long.json()["rule_id"] == "HOUS-LEASE-TERM"
    lease = await api.post(
        "/leases", lease_body(app_id, pid), headers=api.keyed(api.write), expect=201
    )
    assert lease["ends_on"] == "2029-04-30"
    application = await api.get(f"/tenant-applications/{app_id}")
    assert application["status"] == "allocated"
    lid = lease["lease_id"]
    low = {
        "agreed_on": "2024-06-01",
        "term_months": 36,
        "monthly_rent": "1999.99",
        "special_reason": "子女就读",
    }
    refused = await step(api, f"/leases/{lid}/renewals", low, headers=api.write, expect=422)
    assert refused["rule_id"] == "HOUS-LEASE-RENEWAL"
    renewed = await step(
        api, f"/leases/{lid}/renewals", {**low, "monthly_rent": "2000.00"}, headers=api.write
    )
    assert renewed["ends_on"] == "2032-04-30"
    assert renewed["renewals"][0]["starts_on"] == "2029-05-01"
    more = {**low, "monthly_rent": "2000.00", "term_months": 1}
    beyond = await step(api, f"/leases/{lid}/renewals", more, headers=api.write, expect=422)
    assert beyond["rule_id"] == "HOUS-LEASE-RENEWAL"
    items = await api.get("/due-items", on="2033-01-01")
    ends = [i for i in items["items"] if i["entity"] == f"/housing/v1/leases/{lid}"]
    assert [(i["due"], i["status"]) for i in ends] == [
        ("2029-04-30", "met"),
        ("2032-04-30", "open"),
    ]
    assert ends[1]["overdue"] is True
    ended = await step(
        api,
        f"/leases/{lid}/exit",
        {"reason": "subletting", "on": "2024-07-01", "note": "转租"},
        headers=api.write,
    )
    assert ended["status"] == "ended"
    assert ended["end_reason"] == "subletting"
    person = await api.post("/persons/lookup", {"resident_id": RESIDENT})
    assert person["resident_id_masked"] == "330302********1235"
    assert [a["status"] for a in person["applications"]] == ["exited"]
    assert person["exits"][0]["reason"] == "subletting"
    assert person["integrity_records"][0]["rule_id"] == "HOUS-TENANT-EXIT"
    again = await step(
        api,
        f"/leases/{lid}/exit",
        {"reason": "voluntary", "on": "2024-07-02"},
        headers=api.write,
        expect=422,
    )
    assert again["rule_id"] == "HOUS-TENANT-EXIT"


async def test_allocation_needs_an_eligible_applicant_a_recognised_project_and_a_free_unit(
    api: Api,
) -> None:
    draft = (await new_project(api))["project_id"]
    pid = await recognised_project(api)
    app_id = await eligible_application(api)
    r = await api.client.post(f"{P}/leases", json=lease_body(app_id, draft), headers=api.write)
    assert r.json()["rule_id"] == "HOUS-CERT"
    r = await api.client.post(
        f"{P}/leases",
        json=lease_body(app_id, pid, unit={"label": "1", "type": "residential", "area": "66.00"}),
        headers=api.write,
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["pointer"] == "#/unit"
    await api.post("/leases", lease_body(app_id, pid), headers=api.write, expect=201)
    other = await eligible_application(api, OTHER_RESIDENT)
    taken = await api.client.post(f"{P}/leases", json=lease_body(other, pid), headers=api.write)
    assert taken.status_code == 409
    r = await api.client.post(f"{P}/leases", json=lease_body(app_id, pid), headers=api.write)
    assert r.status_code == 409  # allocated already
    bad = await api.client.post(
        f"{P}/leases",
        json=lease_body(other, pid, term_months=None, ends_on="2024-04-30"),
        headers=api.write,
    )
    assert bad.status_code == 422


async def test_market_rent_records_need_their_source(api: Api) -> None:
    pid = await recognised_project(api)
    r = await api.client.post(
        f"{P}/projects/{pid}/market-rents",
        json={"amount": "2500.00", "source": "third_party_appraisal", "valued_on": "2024-01-10"},
        headers=api.write,
    )
    assert r.status_code == 422
    assert r.json()["rule_id"] == "HOUS-MARKET-RENT"
    gov = {
        "unit_type": "residential",
        "unit_area": "85.00",
        "amount": "2800.00",
        "source": "government_reference",
        "valued_on": "2024-02-01",
        "reference": "温住建发〔2024〕3号",
    }
    await api.post(f"/projects/{pid}/market-rents", gov, headers=api.write, expect=201)
    cap = await api.get(
        f"/projects/{pid}/rent-cap", unit_type="residential", area="85.00", on="2024-05-01"
    )
    assert cap["rent_cap"] == "2240.00"
    cap = await api.get(
        f"/projects/{pid}/rent-cap", unit_type="residential", area="65.00", on="2024-05-01"
    )
    assert cap["rent_cap"] == "2000.00"
    none = await api.client.get(
        f"{P}/projects/{pid}/rent-cap",
        params={"unit_type": "residential", "area": "65.00", "on": "2023-12-31"},
        headers=api.read,
    )
    assert none.json()["rule_id"] == "HOUS-MARKET-RENT"


# ---- title, integrity records, parties ---------------------------------------------------------


async def test_title_acts_are_checked_before_they_are_recorded(api: Api) -> None:
    pid = await recognised_project(api)
    split = {"act": "mortgage", "whole": False, "on": "2024-06-03"}
    r = await api.client.post(f"{P}/projects/{pid}/title-acts", json=split, headers=api.write)
    assert r.json()["rule_id"] == "HOUS-TITLE-WHOLE"
    sale = {"act": "sale", "whole": True, "on": "2024-06-03"}
    r = await api.client.post(f"{P}/projects/{pid}/title-acts", json=sale, headers=api.write)
    assert r.json()["rule_id"] == "HOUS-NO-SALE"
    whole = {"act": "registration", "whole": True, "on": "2024-06-03"}
    await api.post(f"/projects/{pid}/title-acts", whole, headers=api.write, expect=201)
    assert len((await api.get(f"/projects/{pid}/title-acts"))["items"]) == 1


async def test_integrity_records_and_the_party_look_up(api: Api) -> None:
    pid = await recognised_project(api)
    record: dict[str, Any] = {
        "role": "operator",
        "uscc": OPERATOR["uscc"],
        "name": OPERATOR["name"],
        "occurred_on": "2024-08-01",
        "description": "租金高于市场租金的80%",
        "rule_id": "HOUS-RENT-CAP",
        "project_id": pid,
    }
    await api.post("/integrity-records", record, headers=api.write, expect=201)
    bad = await api.client.post(
        f"{P}/integrity-records", json={**record, "rule_id": "HOUS-NOPE"}, headers=api.write
    )
    assert bad.status_code == 422
    listed = await api.get("/integrity-records", uscc=OPERATOR["uscc"])
    assert [i["rule_id"] for i in listed["items"]] == ["HOUS-RENT-CAP"]
    party = await api.get(f"/parties/{OPERATOR['uscc']}")
    assert [p["roles"] for p in party["projects"]] == [["operator"]]
    assert party["integrity_records"][0]["party_uscc"] == OPERATOR["uscc"]
    investor = await api.get(f"/parties/{INVESTOR['uscc']}")
    assert investor["projects"][0]["stage"] == "recognised"
    assert investor["integrity_records"] == []
    invalid = await api.client.get(f"{P}/parties/91330302MA2AB1C2DX", headers=api.read)
    assert invalid.status_code == 422


async def test_look_ups_of_unknown_people_and_parties_answer_empty(api: Api) -> None:
    person = await api.post("/persons/lookup", {"resident_id": OTHER_RESIDENT})
    assert person["applications"] == person["leases"] == person["exits"] == []
    r = await api.client.post(
        f"{P}/persons/lookup", json={"resident_id": "330302199001011234"}, headers=api.read
    )
    assert r.status_code == 422


# ---- figures and targets -----------------------------------------------------------------------


async def test_worked_example_5_targets_from_recorded_figures(api: Api) -> None:
    figures = {
        "new_housing_units": 10000,
        "new_affordable_units": 3000,
        "affordable_units_raised": 3000,
        "source": "鹿城区住建局",
    }
    await api.put("/admin/figures/2022/330302", figures, expect=201)
    same = await api.client.put(f"{P}/admin/figures/2022/330302", json=figures, headers=api.admin)
    assert same.status_code == 200
    wencheng = {
        **figures,
        "new_housing_units": 1000,
        "new_affordable_units": 50,
        "affordable_units_raised": 50,
        "source": "文成县住建局",
    }
    await api.put("/admin/figures/2022/330328", wencheng, expect=201)
    table = await api.get("/targets", year=2022)
    rows = {r["district"]: r for r in table["districts"]}
    assert len(rows) == 12
    assert (rows["330302"]["share_percent"], rows["330302"]["outcome"]) == ("30.00", "pass")
    assert (rows["330328"]["target_share"], rows["330328"]["outcome"]) == (None, "not_applicable")
    assert rows["330303"]["outcome"] == "warn"
    await api.put(
        "/admin/figures/2022/330302", {**figures, "new_affordable_units": 2999}, expect=201
    )
    table = await api.get("/targets", year=2022)
    lucheng = next(r for r in table["districts"] if r["district"] == "330302")
    assert (lucheng["share_percent"], lucheng["outcome"]) == ("29.99", "fail")
    assert table["failed_districts"] == ["330302"]
    assert lucheng["figures"]["version"] == 2
    bad = await api.client.put(f"{P}/admin/figures/2022/330399", json=figures, headers=api.admin)
    assert bad.status_code == 422
    bad = await api.client.put(
        f"{P}/admin/figures/2022/330302",
        json={**figures, "new_affordable_units": 10001},
        headers=api.admin,
    )
    assert bad.status_code == 422
    forbidden = await api.client.put(
        f"{P}/admin/figures/2022/330302", json=figures, headers=api.write
    )
    assert forbidden.status_code == 403


async def test_the_targets_chart_is_an_svg_of_the_same_figures(api: Api) -> None:
    import xml.etree.ElementTree as ET

    figures = {
        "new_housing_units": 10000,
        "new_affordable_units": 3000,
        "affordable_units_raised": 3000,
        "source": "鹿城区住建局",
    }
    await api.put("/admin/figures/2022/330302", figures, expect=201)
    await api.put(
        "/admin/figures/2022/330303", {**figures, "new_affordable_units": 2999}, expect=201
    )
    await api.put("/admin/figures/2022/330328", {**figures, "new_affordable_units": 50}, expect=201)
    r = await api.client.get(f"{P}/targets/chart.svg", params={"year": 2022}, headers=api.read)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("image/svg+xml")
    svg = ET.fromstring(r.text)  # noqa: S314 (our own service's answer)
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert svg.get("data-year") == "2022"
    bars = {b.get("data-district"): b for b in svg.findall("s:rect[@class='bar']", ns)}
    assert len(bars) == 12
    assert (bars["330302"].get("data-share"), bars["330302"].get("data-outcome")) == (
        "30.00",
        "pass",
    )
    assert bars["330302"].get("fill") == "#2e7d32"
    assert (bars["330303"].get("data-share"), bars["330303"].get("data-outcome")) == (
        "29.99",
        "fail",
    )
    assert bars["330303"].get("fill") == "#c62828"
    assert bars["330328"].get("data-target") == ""
    assert bars["330328"].get("data-outcome") == "not_applicable"
    assert bars["330304"].get("data-outcome") == "warn"
    lines = {t.get("data-district") for t in svg.findall("s:line[@class='target']", ns)}
    assert "330302" in lines
    assert "330328" not in lines
    names = [t.text for t in svg.findall("s:text[@class='district']", ns)]
    assert "鹿城区" in names
    assert "文成县" in names
    # The target line of a net-inflow district sits higher than a key district's.
    target_y = {
        t.get("data-district"): float(t.get("y1", "0"))
        for t in svg.findall("s:line[@class='target']", ns)
    }
    assert target_y["330302"] < target_y["330382"]
