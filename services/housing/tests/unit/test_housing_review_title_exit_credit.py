"""The joint review (HOUS-CERT), title (HOUS-TITLE-*, HOUS-NO-SALE), exits and integrity
records."""

from __future__ import annotations

from datetime import date

import pytest

from housing.domain import (
    DEFAULT_PARAMETERS,
    Approval,
    ExitReason,
    HousingDomainError,
    IntegrityFacts,
    Opinion,
    PartyRole,
    Plan,
    RecordKind,
    TitleAct,
    TitleFacts,
    Transferee,
    certificate_decision,
    check_title,
    decide_exit,
    record_decision,
    required_departments,
    review_state,
)

ON = date(2024, 6, 3)
REQUIRED = required_departments(DEFAULT_PARAMETERS, ON, "330302")


def opinion(dept: str, agrees: bool = True, on: date = ON) -> Opinion:
    return Opinion(dept, "王某", on, agrees, "" if agrees else "配套设施不足")


def test_the_five_departments_of_the_text_are_required() -> None:
    assert REQUIRED == (
        "housing_construction",
        "development_reform",
        "economy_information",
        "natural_resources_planning",
        "ecology_environment",
    )


def test_certificate_only_when_every_required_department_agreed() -> None:
    all_agree = review_state(REQUIRED, [opinion(d) for d in REQUIRED])
    assert all_agree.complete
    plans = (Plan.CONSTRUCTION, Plan.ALLOCATION, Plan.OPERATION)
    d = certificate_decision(
        all_agree,
        plans,
        number="鹿保租认〔2024〕1号",
        issued_on=ON,
        params=DEFAULT_PARAMETERS,
        county="330302",
    )
    assert d.outcome.value == "pass"
    four = review_state(REQUIRED, [opinion(d) for d in REQUIRED[:4]])
    assert four.missing == ("ecology_environment",)
    refused = certificate_decision(
        four, plans, number="x", issued_on=ON, params=DEFAULT_PARAMETERS, county="330302"
    )
    assert refused.failed_rules == ["HOUS-CERT"]
    assert refused.findings[0].facts["missing_opinions"] == ["ecology_environment"]


def test_the_latest_opinion_of_a_department_counts() -> None:
    ops = [opinion(d) for d in REQUIRED]
    ops.append(opinion("development_reform", agrees=False, on=date(2024, 6, 4)))
    state = review_state(REQUIRED, ops)
    assert state.disagreed == ("development_reform",)
    ops.append(opinion("development_reform", agrees=True, on=date(2024, 6, 5)))
    assert review_state(REQUIRED, ops).complete


def test_a_county_may_add_a_department() -> None:
    params = DEFAULT_PARAMETERS.with_overrides(
        {"housing.review.departments": [*REQUIRED, "fire_rescue"]}
    )
    assert required_departments(params, ON, "330302")[-1] == "fire_rescue"


def whole_transfer(**changes: object) -> TitleFacts:
    base: dict[str, object] = {
        "act": TitleAct.TRANSFER,
        "whole": True,
        "transferee": Transferee.ENTITY,
        "approval": Approval("鹿城区人民政府", "鹿政函〔2024〕8号", date(2024, 5, 20)),
        "keeps_affordable_nature": True,
        "keeps_land_use": True,
    }
    base.update(changes)
    return TitleFacts(**base)  # type: ignore[arg-type]


def title_failed(facts: TitleFacts) -> list[str]:
    return check_title(facts, DEFAULT_PARAMETERS, ON, "330302").failed_rules


def test_whole_registration_transfer_and_mortgage_pass_split_ones_fail() -> None:
    for act in (TitleAct.REGISTRATION, TitleAct.MORTGAGE):
        assert title_failed(TitleFacts(act, True)) == []
        assert title_failed(TitleFacts(act, False)) == ["HOUS-TITLE-WHOLE"]
    assert title_failed(whole_transfer()) == []
    assert title_failed(whole_transfer(whole=False)) == ["HOUS-TITLE-WHOLE"]


def test_a_transfer_needs_approval_and_keeps_nature_and_land_use() -> None:
    assert title_failed(whole_transfer(approval=None)) == ["HOUS-TITLE-TRANSFER"]
    assert title_failed(whole_transfer(keeps_affordable_nature=False)) == ["HOUS-TITLE-TRANSFER"]
    assert title_failed(whole_transfer(keeps_land_use=None)) == ["HOUS-TITLE-TRANSFER"]
    late = Approval("鹿城区人民政府", "鹿政函〔2024〕9号", date(2024, 6, 4))
    assert title_failed(whole_transfer(approval=late)) == ["HOUS-TITLE-TRANSFER"]


def test_inside_an_industrial_project_only_with_the_production_buildings() -> None:
    alone = whole_transfer(inside_industrial_project=True, with_production_buildings=False)
    assert title_failed(alone) == ["HOUS-TITLE-TRANSFER"]
    together = whole_transfer(inside_industrial_project=True, with_production_buildings=True)
    assert title_failed(together) == []


def test_no_sale_open_or_in_disguise() -> None:
    assert title_failed(TitleFacts(TitleAct.SALE, True)) == ["HOUS-NO-SALE"]
    assert title_failed(whole_transfer(transferee=Transferee.INDIVIDUALS)) == ["HOUS-NO-SALE"]


def test_exits_end_the_tenancy_and_violations_are_recorded() -> None:
    kw = {
        "starts_on": date(2024, 3, 1),
        "ends_on": date(2029, 2, 28),
        "params": DEFAULT_PARAMETERS,
        "region": "330302",
    }
    public = decide_exit(ExitReason.PUBLIC_RENTAL_HOUSING, date(2025, 7, 1), **kw)  # type: ignore[arg-type]
    assert (public.obliged, public.violation) == (True, False)
    assert public.decision.findings[0].rule_id == "HOUS-TENANT-EXIT"
    sublet = decide_exit(ExitReason.SUBLETTING, date(2025, 7, 1), **kw)  # type: ignore[arg-type]
    assert sublet.violation
    assert sublet.decision.findings[0].outcome.value == "warn"
    with pytest.raises(HousingDomainError):
        decide_exit(ExitReason.TERM_ENDED, date(2029, 2, 27), **kw)  # type: ignore[arg-type]
    with pytest.raises(HousingDomainError):
        decide_exit(ExitReason.VOLUNTARY, date(2024, 2, 1), **kw)  # type: ignore[arg-type]


def test_integrity_records_name_a_rule_of_this_policy() -> None:
    facts = IntegrityFacts(
        PartyRole.OPERATOR, RecordKind.VIOLATION, ON, "租金超标", "HOUS-RENT-CAP"
    )
    d = record_decision(facts, "9133**********2DL", DEFAULT_PARAMETERS, ON, "330302")
    assert d.findings[0].rule_id == "HOUS-CREDIT"
    with pytest.raises(HousingDomainError):
        record_decision(
            IntegrityFacts(PartyRole.OPERATOR, RecordKind.VIOLATION, ON, "x", "FUND-SUB-SIZE-MIN"),
            "p",
            DEFAULT_PARAMETERS,
            ON,
            None,
        )
