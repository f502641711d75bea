"""The catalogue: all 24 rules of rules/housing.md, cited, each produced by some evaluator."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal as D

from govkit.rules import Finding, Outcome
from govkit.rules.evaluation import make_finding
from housing.domain import (
    CLAUSES,
    DEFAULT_PARAMETERS,
    DEFAULT_REGISTRY,
    PARAMETERS,
    RULES,
    Approval,
    ExitReason,
    IntegrityFacts,
    LeaseTerms,
    PartyRole,
    RecordKind,
    RenewalTerms,
    Term,
    TitleAct,
    TitleFacts,
    YearFigures,
    certificate_decision,
    check_lease,
    check_project,
    check_renewal,
    check_tenant,
    check_title,
    decide_exit,
    evaluate_targets,
    plans_for_review,
    record_decision,
    review_state,
)
from housing.domain.examples import (
    EXAMPLE_AS_OF,
    EXAMPLE_MARKET_RENT,
    EXAMPLE_PROJECT,
    EXAMPLE_TENANT,
)

CATALOGUE = [
    "HOUS-TARGET-SHARE", "HOUS-TARGET-CITY", "HOUS-LAND-SUPPLY", "HOUS-LAND-SOURCE",
    "HOUS-TENANT-NO-HOME", "HOUS-TENANT-CONTRACT", "HOUS-TENANT-CONTRIB", "HOUS-TENANT-EXIT",
    "HOUS-UNIT-DORM", "HOUS-UNIT-RESIDENTIAL", "HOUS-UNIT-SMALL-SHARE", "HOUS-UNIT-CONVERTED",
    "HOUS-PROJECT-MIN", "HOUS-PROJECT-DORM-ONLY", "HOUS-INDUSTRIAL-RATIO", "HOUS-CERT",
    "HOUS-RENT-CAP", "HOUS-MARKET-RENT", "HOUS-LEASE-TERM", "HOUS-LEASE-RENEWAL",
    "HOUS-TITLE-WHOLE", "HOUS-TITLE-TRANSFER", "HOUS-NO-SALE", "HOUS-CREDIT",
]  # fmt: skip


def test_all_24_rules_in_catalogue_order_with_clauses() -> None:
    assert [r.id for r in RULES] == CATALOGUE
    for r in RULES:
        assert re.fullmatch(
            r"温政办〔2021〕75号 [一二三四五六](（[一二三四五六]）)?\d?", r.clause
        ), r.clause
        assert r.kind.value == "computed"
    assert CLAUSES["HOUS-TENANT-CONTRIB"] == "温政办〔2021〕75号 二（一）3"
    assert CLAUSES["HOUS-NO-SALE"] == "温政办〔2021〕75号 六（三）"


def test_every_parameter_a_rule_reads_is_defined_and_cited() -> None:
    defined = {d.path for d in PARAMETERS}
    for r in RULES:
        assert set(r.parameters) <= defined, r.id
    for d in PARAMETERS:
        assert d.default.source.startswith("温政办〔2021〕75号"), d.path


def test_every_rule_id_is_produced_by_some_evaluator() -> None:
    seen = {
        f.rule_id for f in check_tenant(EXAMPLE_TENANT, DEFAULT_PARAMETERS, EXAMPLE_AS_OF).findings
    }
    seen |= {
        f.rule_id
        for f in check_project(
            EXAMPLE_PROJECT, DEFAULT_REGISTRY, DEFAULT_PARAMETERS, EXAMPLE_AS_OF
        ).findings
    }
    lease = LeaseTerms(Term(date(2024, 3, 1), 60), D("2000.00"))
    seen |= {
        f.rule_id
        for f in check_lease(
            lease, EXAMPLE_MARKET_RENT, DEFAULT_PARAMETERS, EXAMPLE_AS_OF, None
        ).findings
    }
    renewal = check_renewal(
        original_end=date(2029, 2, 28),
        current_end=date(2029, 2, 28),
        previous_renewals=0,
        renewal=RenewalTerms(12, None, D("2000.00"), "照顾老人"),
        market=EXAMPLE_MARKET_RENT,
        unit_area=None,
        params=DEFAULT_PARAMETERS,
        as_of=date(2029, 1, 2),
        region=None,
    )
    seen |= {f.rule_id for f in renewal.decision.findings}
    title = TitleFacts(
        TitleAct.TRANSFER,
        True,
        approval=Approval("区政府", "文号", EXAMPLE_AS_OF),
        keeps_affordable_nature=True,
        keeps_land_use=True,
    )
    seen |= {
        f.rule_id for f in check_title(title, DEFAULT_PARAMETERS, EXAMPLE_AS_OF, None).findings
    }
    state = review_state(("housing_construction",), [])
    cert = certificate_decision(
        state,
        plans_for_review(EXAMPLE_PROJECT.construction_mode),
        number="1",
        issued_on=EXAMPLE_AS_OF,
        params=DEFAULT_PARAMETERS,
        county="330302",
    )
    seen |= {f.rule_id for f in cert.findings}
    credit = record_decision(
        IntegrityFacts(PartyRole.TENANT, RecordKind.VIOLATION, EXAMPLE_AS_OF, "转租"),
        "x",
        DEFAULT_PARAMETERS,
        EXAMPLE_AS_OF,
        None,
    )
    seen |= {f.rule_id for f in credit.findings}
    ex = decide_exit(
        ExitReason.VOLUNTARY,
        EXAMPLE_AS_OF,
        starts_on=date(2024, 1, 1),
        ends_on=date(2025, 1, 1),
        params=DEFAULT_PARAMETERS,
        region=None,
    )
    seen |= {f.rule_id for f in ex.decision.findings}
    t = evaluate_targets(
        2021,
        DEFAULT_REGISTRY.all_on(date(2021, 12, 31)),
        {"330302": YearFigures("330302", 2021, 10, 3, 3)},
        {},
        DEFAULT_PARAMETERS,
    )
    seen |= {f.rule_id for f in t.decision.findings}
    assert seen == set(CATALOGUE)


def test_the_fast_finding_equals_the_constructed_one() -> None:
    args = ("HOUS-CERT", "clause", Outcome.PASS, "中文", "English", {"a": 1}, {"p": D(1)})
    fast = make_finding(*args)
    assert type(fast) is Finding
    assert fast == Finding(*args)


def test_the_twelve_districts_and_their_tiers() -> None:
    districts = DEFAULT_REGISTRY.all_on(date(2022, 1, 1))
    assert len(districts) == 12
    tiers = {d.code: d.tier.value for d in districts}
    assert [c for c, t in tiers.items() if t == "net_inflow"] == [
        "330302",
        "330303",
        "330304",
        "330381",
    ]
    assert sorted(c for c, t in tiers.items() if t == "other") == ["330328", "330329"]
