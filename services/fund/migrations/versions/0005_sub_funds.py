"""Sub-funds, contributors, paid-in records, portfolio investments, reporting duties and submissions.

Revision ID: fund_0005
Revises: fund_0004
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, UUID

from govkit.platform.migration import restrict_to_insert_select

revision: str = "fund_0005"
down_revision: str | None = "fund_0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "fund"
MONEY = sa.Numeric(18, 2)
YEARS = sa.Numeric(4, 1)
FRACTION = sa.Numeric(9, 6)
# Records the service only ever adds to: its role may INSERT and SELECT them, nothing else.
APPEND_ONLY = (
    "sub_fund_contributors",
    "paid_in_tranches",
    "paid_in_payments",
    "portfolio_investments",
    "major_events",
    "report_submissions",
)


def _created() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("request_id", sa.String(128)),
    ]


def _seq() -> sa.Column:  # type: ignore[type-arg]
    return sa.Column("seq", sa.BigInteger, sa.Identity(always=True), nullable=False)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    referred, _, _ = target.partition(".")
    return sa.ForeignKeyConstraint(
        [column], [f"{SCHEMA}.{target}"], name=op.f(f"fk_{table}_{column}_{referred}")
    )


def _sub_fund_fk(table: str) -> sa.ForeignKeyConstraint:
    return _fk(table, "sub_fund_id", "sub_funds.sub_fund_id")


def upgrade() -> None:
    op.create_table(
        "sub_funds",
        sa.Column("sub_fund_id", UUID(as_uuid=True), nullable=False),
        _seq(),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("application_id", UUID(as_uuid=True)),
        sa.Column("region", sa.String(6)),
        sa.Column("size", MONEY, nullable=False),
        sa.Column("mother_fund_commitment", MONEY, nullable=False),
        sa.Column("agreement_signed_on", sa.Date),
        sa.Column("registered_on", sa.Date, nullable=False),
        sa.Column("investment_years", YEARS, nullable=False),
        sa.Column("exit_years", YEARS, nullable=False),
        sa.Column("extension_years", YEARS, nullable=False, server_default="0"),
        sa.Column("reporting_from", sa.Date, nullable=False),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        *_created(),
        sa.PrimaryKeyConstraint("sub_fund_id", name=op.f("pk_sub_funds")),
        sa.UniqueConstraint("seq", name=op.f("uq_sub_funds_seq")),
        sa.UniqueConstraint("application_id", name=op.f("uq_sub_funds_application_id")),
        _fk("sub_funds", "application_id", "applications.application_id"),
        sa.CheckConstraint(
            "size > 0 AND mother_fund_commitment > 0 AND mother_fund_commitment <= size",
            name=op.f("ck_sub_funds_amounts"),
        ),
        sa.CheckConstraint(
            "investment_years > 0 AND exit_years >= 0 AND extension_years >= 0",
            name=op.f("ck_sub_funds_term"),
        ),
        sa.CheckConstraint("region ~ '^[0-9]{6}$'", name=op.f("ck_sub_funds_region")),
        sa.CheckConstraint(
            "reporting_from >= registered_on", name=op.f("ck_sub_funds_reporting_from")
        ),
        schema=SCHEMA,
    )
    op.create_index(op.f("ix_sub_funds_name"), "sub_funds", ["name"], schema=SCHEMA)

    op.create_table(
        "sub_fund_contributors",
        sa.Column("contributor_id", UUID(as_uuid=True), nullable=False),
        sa.Column("sub_fund_id", UUID(as_uuid=True), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("commitment", MONEY, nullable=False),
        *_created(),
        sa.PrimaryKeyConstraint("contributor_id", name=op.f("pk_sub_fund_contributors")),
        _sub_fund_fk("sub_fund_contributors"),
        sa.UniqueConstraint(
            "sub_fund_id", "name", name=op.f("uq_sub_fund_contributors_sub_fund_id_name")
        ),
        sa.CheckConstraint(
            "role IN ('mother_fund', 'manager', 'manager_affiliate', 'other')",
            name=op.f("ck_sub_fund_contributors_role"),
        ),
        sa.CheckConstraint("commitment > 0", name=op.f("ck_sub_fund_contributors_commitment")),
        schema=SCHEMA,
    )
    op.create_index(
        "uq_sub_fund_contributors_one_mother_fund",
        "sub_fund_contributors",
        ["sub_fund_id"],
        unique=True,
        schema=SCHEMA,
        postgresql_where=sa.text("role = 'mother_fund'"),
    )

    op.create_table(
        "paid_in_tranches",
        sa.Column("tranche_id", UUID(as_uuid=True), nullable=False),
        _seq(),
        sa.Column("sub_fund_id", UUID(as_uuid=True), nullable=False),
        sa.Column("called_on", sa.Date),
        sa.Column("note", sa.Text),
        sa.Column("decision_id", UUID(as_uuid=True), nullable=False),
        *_created(),
        sa.PrimaryKeyConstraint("tranche_id", name=op.f("pk_paid_in_tranches")),
        sa.UniqueConstraint("seq", name=op.f("uq_paid_in_tranches_seq")),
        _sub_fund_fk("paid_in_tranches"),
        schema=SCHEMA,
    )
    op.create_index(
        op.f("ix_paid_in_tranches_sub_fund_id"), "paid_in_tranches", ["sub_fund_id"], schema=SCHEMA
    )

    op.create_table(
        "paid_in_payments",
        sa.Column("payment_id", UUID(as_uuid=True), nullable=False),
        sa.Column("tranche_id", UUID(as_uuid=True), nullable=False),
        sa.Column("sub_fund_id", UUID(as_uuid=True), nullable=False),
        sa.Column("contributor_id", UUID(as_uuid=True), nullable=False),
        sa.Column("amount", MONEY, nullable=False),
        sa.Column("paid_on", sa.Date, nullable=False),
        sa.PrimaryKeyConstraint("payment_id", name=op.f("pk_paid_in_payments")),
        _fk("paid_in_payments", "tranche_id", "paid_in_tranches.tranche_id"),
        _sub_fund_fk("paid_in_payments"),
        _fk("paid_in_payments", "contributor_id", "sub_fund_contributors.contributor_id"),
        sa.UniqueConstraint(
            "tranche_id",
            "contributor_id",
            name=op.f("uq_paid_in_payments_tranche_id_contributor_id"),
        ),
        sa.CheckConstraint("amount > 0", name=op.f("ck_paid_in_payments_amount")),
        schema=SCHEMA,
    )
    op.create_index(
        op.f("ix_paid_in_payments_sub_fund_id_paid_on"),
        "paid_in_payments",
        ["sub_fund_id", "paid_on"],
        schema=SCHEMA,
    )

    op.create_table(
        "portfolio_investments",
        sa.Column("investment_id", UUID(as_uuid=True), nullable=False),
        _seq(),
        sa.Column("sub_fund_id", UUID(as_uuid=True), nullable=False),
        sa.Column("source", sa.String(24), nullable=False),
        sa.Column("company", sa.String(200), nullable=False),
        sa.Column("company_key", sa.Text, nullable=False),
        sa.Column("asset_class", sa.String(40), nullable=False),
        sa.Column("amount", MONEY, nullable=False),
        sa.Column("invested_on", sa.Date, nullable=False),
        sa.Column("stake_after", FRACTION),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("failed_rules", JSONB, nullable=False),
        sa.Column("decision_id", UUID(as_uuid=True)),
        sa.Column("stage", sa.String(10)),
        sa.Column("facts", JSONB, nullable=False),
        *_created(),
        sa.PrimaryKeyConstraint("investment_id", name=op.f("pk_portfolio_investments")),
        sa.UniqueConstraint("seq", name=op.f("uq_portfolio_investments_seq")),
        _sub_fund_fk("portfolio_investments"),
        sa.CheckConstraint(
            "status IN ('accepted', 'rejected')", name=op.f("ck_portfolio_investments_status")
        ),
        sa.CheckConstraint(
            "source IN ('sub_fund', 'manager_other_fund')",
            name=op.f("ck_portfolio_investments_source"),
        ),
        sa.CheckConstraint("amount > 0", name=op.f("ck_portfolio_investments_amount")),
        sa.CheckConstraint(
            "stake_after IS NULL OR (stake_after >= 0 AND stake_after <= 1)",
            name=op.f("ck_portfolio_investments_stake_after"),
        ),
        sa.CheckConstraint(
            "status = 'accepted' OR decision_id IS NOT NULL",
            name=op.f("ck_portfolio_investments_rejected_has_decision"),
        ),
        schema=SCHEMA,
    )
    op.create_index(
        "ix_portfolio_investments_accepted_company",
        "portfolio_investments",
        ["sub_fund_id", "company_key"],
        schema=SCHEMA,
        postgresql_where=sa.text("status = 'accepted'"),
    )
    op.create_index(
        op.f("ix_portfolio_investments_sub_fund_id_seq"),
        "portfolio_investments",
        ["sub_fund_id", "seq"],
        schema=SCHEMA,
    )

    op.create_table(
        "major_events",
        sa.Column("event_id", UUID(as_uuid=True), nullable=False),
        _seq(),
        sa.Column("sub_fund_id", UUID(as_uuid=True), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("occurred_on", sa.Date, nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("deadline_id", UUID(as_uuid=True), nullable=False),
        *_created(),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_major_events")),
        sa.UniqueConstraint("seq", name=op.f("uq_major_events_seq")),
        _sub_fund_fk("major_events"),
        _fk("major_events", "deadline_id", "deadlines.deadline_id"),
        sa.UniqueConstraint(
            "sub_fund_id", "number", name=op.f("uq_major_events_sub_fund_id_number")
        ),
        sa.CheckConstraint("number > 0", name=op.f("ck_major_events_number")),
        schema=SCHEMA,
    )

    op.create_table(
        "report_submissions",
        sa.Column("report_id", UUID(as_uuid=True), nullable=False),
        _seq(),
        sa.Column("sub_fund_id", UUID(as_uuid=True), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("event_id", UUID(as_uuid=True)),
        sa.Column("submitted_on", sa.Date, nullable=False),
        sa.Column("deadline_id", UUID(as_uuid=True)),
        sa.Column("due", sa.Date),
        sa.Column("title", sa.String(200)),
        sa.Column("note", sa.Text),
        *_created(),
        sa.PrimaryKeyConstraint("report_id", name=op.f("pk_report_submissions")),
        sa.UniqueConstraint("seq", name=op.f("uq_report_submissions_seq")),
        _sub_fund_fk("report_submissions"),
        _fk("report_submissions", "event_id", "major_events.event_id"),
        _fk("report_submissions", "deadline_id", "deadlines.deadline_id"),
        sa.UniqueConstraint(
            "sub_fund_id",
            "kind",
            "subject",
            name=op.f("uq_report_submissions_sub_fund_id_kind_subject"),
        ),
        sa.CheckConstraint(
            "kind IN ('quarterly', 'annual', 'major_event')",
            name=op.f("ck_report_submissions_kind"),
        ),
        sa.CheckConstraint(
            "(kind = 'major_event') = (event_id IS NOT NULL)",
            name=op.f("ck_report_submissions_event"),
        ),
        schema=SCHEMA,
    )
    for table in APPEND_ONLY:
        restrict_to_insert_select(SCHEMA, table)
    # Concession applications (fund_0004) came before the sub-funds table: link them now.
    op.create_foreign_key(
        op.f("fk_concessions_sub_fund_id_sub_funds"),
        "concessions",
        "sub_funds",
        ["sub_fund_id"],
        ["sub_fund_id"],
        source_schema=SCHEMA,
        referent_schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_constraint(
        op.f("fk_concessions_sub_fund_id_sub_funds"),
        "concessions",
        schema=SCHEMA,
        type_="foreignkey",
    )
    for table in (
        "report_submissions",
        "major_events",
        "portfolio_investments",
        "paid_in_payments",
        "paid_in_tranches",
        "sub_fund_contributors",
        "sub_funds",
    ):
        op.drop_table(table, schema=SCHEMA)
