"""Sub-funds and what hangs off them, in schema "fund" (created by migration fund_0005).

A sub-fund is either registered from a signed application (`application_id`) or directly, for
sub-funds set up before the system. Its contributors (the mother fund among them) pay in by
tranches; its portfolio investments are stored with the decision that checked them (a failing
one only as `rejected`); its reporting duties live in the shared `deadlines` register and the
submissions that answer them here. Money is NUMERIC(18,2); `seq` columns give stable paging.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, UUID

from fund.db.tables import MONEY, metadata
from govkit.store.columns import created_columns, required_ref, versioned_columns

YEARS = sa.Numeric(4, 1)
FRACTION = sa.Numeric(9, 6)


def _paging_seq() -> sa.Column[int]:
    """Insertion order, the stable key that list cursors page by."""
    return sa.Column("seq", sa.BigInteger, sa.Identity(always=True), nullable=False, unique=True)


def _listed_under_sub_fund(key: str) -> list[sa.Column[Any]]:
    """A row of one of a sub-fund's lists: its ID, its place in the list, the sub-fund."""
    return [sa.Column(key, UUID(as_uuid=True), primary_key=True), _paging_seq(), _sub_fund_ref()]


def _sub_fund_ref() -> sa.Column[object]:
    return required_ref("sub_fund_id", "sub_funds.sub_fund_id")


sub_funds = sa.Table(
    "sub_funds",
    metadata,
    sa.Column("sub_fund_id", UUID(as_uuid=True), primary_key=True),
    _paging_seq(),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("application_id", UUID(as_uuid=True), unique=True),
    sa.Column("region", sa.String(6)),
    sa.Column("size", MONEY, nullable=False),  # total committed (认缴) capital
    sa.Column("mother_fund_commitment", MONEY, nullable=False),
    sa.Column("agreement_signed_on", sa.Date),
    sa.Column("registered_on", sa.Date, nullable=False),
    sa.Column("investment_years", YEARS, nullable=False),
    sa.Column("exit_years", YEARS, nullable=False),
    sa.Column("extension_years", YEARS, nullable=False),
    sa.Column("reporting_from", sa.Date, nullable=False),
    *versioned_columns(),
    *created_columns(),
)

# role: mother_fund | manager | manager_affiliate | other; exactly one mother_fund per sub-fund.
contributors = sa.Table(
    "sub_fund_contributors",
    metadata,
    sa.Column("contributor_id", UUID(as_uuid=True), primary_key=True),
    _sub_fund_ref(),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("commitment", MONEY, nullable=False),
    *created_columns(),
    sa.UniqueConstraint("sub_fund_id", "name"),
)

paid_in_tranches = sa.Table(
    "paid_in_tranches",
    metadata,
    *_listed_under_sub_fund("tranche_id"),
    sa.Column("called_on", sa.Date),
    sa.Column("note", sa.Text),
    sa.Column("decision_id", UUID(as_uuid=True), nullable=False),  # FUND-RISK-LAST-IN check
    *created_columns(),
)

paid_in_payments = sa.Table(
    "paid_in_payments",
    metadata,
    sa.Column("payment_id", UUID(as_uuid=True), primary_key=True),
    required_ref("tranche_id", "paid_in_tranches.tranche_id"),
    _sub_fund_ref(),
    required_ref("contributor_id", "sub_fund_contributors.contributor_id"),
    sa.Column("amount", MONEY, nullable=False),
    sa.Column("paid_on", sa.Date, nullable=False),
    sa.UniqueConstraint("tranche_id", "contributor_id"),
)

# status: accepted | rejected (a rejected one is not part of the portfolio; kept with its
# decision). source: sub_fund | manager_other_fund (三（一）5（4）: counts for reinvestment only).
investments = sa.Table(
    "portfolio_investments",
    metadata,
    *_listed_under_sub_fund("investment_id"),
    sa.Column("source", sa.String(24), nullable=False),
    sa.Column("company", sa.String(200), nullable=False),
    sa.Column("company_key", sa.Text, nullable=False),  # normalised, for "same company"
    sa.Column("asset_class", sa.String(40), nullable=False),
    sa.Column("amount", MONEY, nullable=False),
    sa.Column("invested_on", sa.Date, nullable=False),
    sa.Column("stake_after", FRACTION),
    sa.Column("status", sa.String(10), nullable=False),
    sa.Column("failed_rules", JSONB, nullable=False),
    sa.Column("decision_id", UUID(as_uuid=True)),
    sa.Column("stage", sa.String(10)),  # fund.domain.CompanyStage when the facts were given
    sa.Column("facts", JSONB, nullable=False),  # the request body as checked
    *created_columns(),
)

major_events = sa.Table(
    "major_events",
    metadata,
    *_listed_under_sub_fund("event_id"),
    sa.Column("number", sa.Integer, nullable=False),  # 1, 2, … within the sub-fund
    sa.Column("occurred_on", sa.Date, nullable=False),
    sa.Column("description", sa.Text, nullable=False),
    required_ref("deadline_id", "deadlines.deadline_id"),
    *created_columns(),
    sa.UniqueConstraint("sub_fund_id", "number"),
)

# kind: quarterly | annual | major_event; subject: the period ("2024Q1", "2024") or the event's
# deadline subject. One submission per duty.
report_submissions = sa.Table(
    "report_submissions",
    metadata,
    *_listed_under_sub_fund("report_id"),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("subject", sa.String(200), nullable=False),
    sa.Column("event_id", UUID(as_uuid=True), sa.ForeignKey("major_events.event_id")),
    sa.Column("submitted_on", sa.Date, nullable=False),
    sa.Column("deadline_id", UUID(as_uuid=True), sa.ForeignKey("deadlines.deadline_id")),
    sa.Column("due", sa.Date),
    sa.Column("title", sa.String(200)),
    sa.Column("note", sa.Text),
    *created_columns(),
    sa.UniqueConstraint("sub_fund_id", "kind", "subject"),
)
