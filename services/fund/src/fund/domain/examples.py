"""A typical valid application (benchmarks, OpenAPI examples, tests)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from fund.domain.application_facts import (
    Applicant,
    ApplicationFacts,
    ApplicationKind,
    Contributor,
    ContributorRole,
    FeeTerms,
    FundTerm,
    LegalForm,
    Manager,
    TrackRecord,
    TrackRecordBasis,
)
from fund.domain.attestation import Attestation

EXAMPLE_AS_OF = date(2024, 3, 20)
_ATTESTED = Attestation(True, "张三（申请机构法定代表人）", date(2024, 3, 1))

EXAMPLE_APPLICATION = ApplicationFacts(
    fund_name="温州瓯江科创股权投资合伙企业（有限合伙）",
    kind=ApplicationKind.NEW_FUND,
    legal_form=LegalForm.LIMITED_PARTNERSHIP,
    mother_fund_is_general_partner=False,
    total_size=Decimal("100000000.00"),
    mother_fund_commitment=Decimal("30000000.00"),
    contributors=(
        Contributor(
            "瓯江创投管理有限公司", Decimal("1000000.00"), ContributorRole.MANAGER, True, True
        ),
        Contributor(
            "温州某产业集团有限公司", Decimal("40000000.00"), ContributorRole.OTHER, True, True
        ),
        Contributor("某市场化母基金", Decimal("29000000.00"), ContributorRole.OTHER, False, False),
    ),
    term=FundTerm(
        investment_years=Decimal(4),
        exit_years=Decimal(3),
        extension_years=Decimal(1),
        extension_approved=True,
    ),
    fees=FeeTerms(
        investment_period_rate=Decimal("0.02"),
        exit_period_rate=Decimal("0.01"),
        includes_all_expenses=True,
        mother_fund_rate=Decimal("0.02"),
        lowest_other_rate=Decimal("0.02"),
    ),
    registered_in_wenzhou=True,
    applicant=Applicant(
        "瓯江创投管理有限公司",
        lawfully_established=True,
        paid_in_capital=Decimal("20000000.00"),
        major_violation_last_3_years=False,
    ),
    manager=Manager(
        name="瓯江创投管理有限公司",
        is_applicant_or_affiliate=True,
        paid_in_capital=Decimal("20000000.00"),
        amac_registered=True,
        senior_managers_years=(Decimal(8), Decimal(5), Decimal(3)),
        key_member_penalised=False,
        track_record=TrackRecord(
            TrackRecordBasis.MANAGER, Decimal("500000000.00"), successful_cases=6
        ),
        controls=_ATTESTED,
        sector_rank=42,
        wenzhou_local=True,
    ),
    investment_field=_ATTESTED,
    observer_seat=Attestation(True, "温州市基金投资有限公司", date(2024, 3, 1)),
)
