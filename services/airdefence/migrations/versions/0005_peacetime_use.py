"""Peacetime use: leases, parking allocations, the income ledger and transfers.

Revision ID: airdefence_0005
Revises: airdefence_0004
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, UUID

from govkit.platform.migration import restrict_to_insert_select

revision: str = "airdefence_0005"
down_revision: str | None = "airdefence_0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "airdefence"
AREA = sa.Numeric(12, 2)
MONEY = sa.Numeric(16, 2)
# Records the service only ever adds to: its role may INSERT and SELECT them, nothing else.
APPEND_ONLY = ("leases", "parking_allocations", "ledger_entries", "transfers")
USES = (
    "'maintenance', 'professional_repair', 'peace_war_conversion', 'emergency_drill', "
    "'maintenance_team', 'conversion_team'"
)


def _created() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("request_id", sa.String(128)),
    ]


def _head(table: str, key: str) -> list[sa.Column | sa.Constraint]:  # type: ignore[type-arg]
    """The row's ID, its paging position and its works."""
    return [
        sa.Column(key, UUID(as_uuid=True), nullable=False),
        sa.Column("seq", sa.BigInteger, sa.Identity(always=True), nullable=False),
        sa.Column("works_id", UUID(as_uuid=True), nullable=False),
        sa.PrimaryKeyConstraint(key, name=op.f(f"pk_{table}")),
        sa.UniqueConstraint("seq", name=op.f(f"uq_{table}_seq")),
        sa.ForeignKeyConstraint(
            ["works_id"], [f"{SCHEMA}.works.works_id"], name=op.f(f"fk_{table}_works_id_works")
        ),
    ]


def upgrade() -> None:
    op.create_table(
        "leases",
        *_head("leases", "lease_id"),
        sa.Column("lessor_uscc", sa.String(18), nullable=False),
        sa.Column("lessor_name", sa.String(200), nullable=False),
        sa.Column("tenant_uscc", sa.String(18)),
        sa.Column("tenant_name", sa.String(200), nullable=False),
        sa.Column("leased_area", AREA, nullable=False),
        sa.Column("starts_on", sa.Date, nullable=False),
        sa.Column("ends_on", sa.Date, nullable=False),
        sa.Column("monthly_rent", MONEY, nullable=False),
        sa.Column("property_service_fee_payer", sa.String(20), nullable=False),
        sa.Column("monthly_property_service_fee", MONEY),
        sa.Column("contract_no", sa.String(200), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        *_created(),
        sa.CheckConstraint(
            "leased_area > 0 AND ends_on >= starts_on AND monthly_rent >= 0 "
            "AND (monthly_property_service_fee IS NULL OR monthly_property_service_fee >= 0)",
            name=op.f("ck_leases_terms"),
        ),
        # AD-LEASE-FEE: the tenant pays the property service fee.
        sa.CheckConstraint(
            "property_service_fee_payer = 'tenant'", name=op.f("ck_leases_fee_payer")
        ),
        schema=SCHEMA,
    )
    op.create_index(op.f("ix_leases_works_id"), "leases", ["works_id"], schema=SCHEMA)

    op.create_table(
        "parking_allocations",
        *_head("parking_allocations", "allocation_id"),
        sa.Column("allocated_on", sa.Date, nullable=False),
        sa.Column("community", sa.String(200)),
        sa.Column("spaces", sa.Integer, nullable=False),
        sa.Column("requests", JSONB, nullable=False),
        sa.Column("served", JSONB, nullable=False),
        sa.Column("waiting", JSONB, nullable=False),
        sa.Column("summary", JSONB, nullable=False),
        sa.Column("decision_id", UUID(as_uuid=True), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        *_created(),
        sa.CheckConstraint("spaces >= 0", name=op.f("ck_parking_allocations_spaces")),
        schema=SCHEMA,
    )
    op.create_index(
        op.f("ix_parking_allocations_works_id"), "parking_allocations", ["works_id"], schema=SCHEMA
    )

    op.create_table(
        "ledger_entries",
        *_head("ledger_entries", "entry_id"),
        sa.Column("entry_type", sa.String(10), nullable=False),
        sa.Column("on", sa.Date, nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("amount", MONEY, nullable=False),
        sa.Column("source", sa.String(20)),
        sa.Column("purpose", sa.String(40)),
        sa.Column("lease_id", UUID(as_uuid=True)),
        sa.Column("owner_uscc", sa.String(18), nullable=False),
        sa.Column("owner_name", sa.String(200), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        *_created(),
        sa.ForeignKeyConstraint(
            ["lease_id"],
            [f"{SCHEMA}.leases.lease_id"],
            name=op.f("fk_ledger_entries_lease_id_leases"),
        ),
        sa.CheckConstraint("amount > 0", name=op.f("ck_ledger_entries_amount")),
        sa.CheckConstraint(
            'year = EXTRACT(YEAR FROM "on")::int', name=op.f("ck_ledger_entries_year")
        ),
        # AD-INCOME-USE: an income has its source, a use one of the listed purposes.
        sa.CheckConstraint(
            "(entry_type = 'income' AND source IN ('lease', 'parking', 'other') AND purpose IS NULL)"
            f" OR (entry_type = 'use' AND purpose IN ({USES}) AND source IS NULL AND lease_id IS NULL)",
            name=op.f("ck_ledger_entries_kind"),
        ),
        schema=SCHEMA,
    )
    op.create_index(
        op.f("ix_ledger_entries_works_id_year"),
        "ledger_entries",
        ["works_id", "year"],
        schema=SCHEMA,
    )
    op.create_index(
        op.f("ix_ledger_entries_owner_uscc_year"),
        "ledger_entries",
        ["owner_uscc", "year"],
        schema=SCHEMA,
    )

    op.create_table(
        "transfers",
        *_head("transfers", "transfer_id"),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("transferred_on", sa.Date, nullable=False),
        sa.Column("from_uscc", sa.String(18), nullable=False),
        sa.Column("from_name", sa.String(200), nullable=False),
        sa.Column("to_uscc", sa.String(18), nullable=False),
        sa.Column("to_name", sa.String(200), nullable=False),
        sa.Column("document", sa.String(200), nullable=False),
        sa.Column("certificate_no", sa.String(200)),
        sa.Column("duties_moved", sa.Integer, nullable=False),
        sa.Column("decision_id", UUID(as_uuid=True), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        *_created(),
        sa.CheckConstraint(
            "kind IN ('bankruptcy_liquidation', 'transfer_registration') AND from_uscc <> to_uscc",
            name=op.f("ck_transfers_kind"),
        ),
        schema=SCHEMA,
    )
    op.create_index(op.f("ix_transfers_works_id"), "transfers", ["works_id"], schema=SCHEMA)
    for table in APPEND_ONLY:
        restrict_to_insert_select(SCHEMA, table)


def downgrade() -> None:
    for table in ("transfers", "ledger_entries", "parking_allocations", "leases"):
        op.drop_table(table, schema=SCHEMA)
