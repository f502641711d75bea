"""Re-settlement after a reversal: settlement_adjustments, and year_totals.resettlement_pending.

An adjustment records, per layer, the signed difference between a settlement as it stands (its
row plus earlier adjustments) and its in-order recomputation without the reversed claim. Like
reversals, adjustments are append-only for the service role.

Revision ID: medical_0006
Revises: medical_0005
Create Date: 2026-12-09
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

from govkit.platform.migration import restrict_to_insert_select

revision: str = "medical_0006"
down_revision: str | None = "medical_0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "medical"
MONEY = sa.Numeric(16, 2)
DELTAS = (
    "basic",
    "after_basic",
    "critical_illness",
    "after_critical_illness",
    "assistance",
    "after_assistance",
    "commercial",
    "self_pay",
    "resolution",
    "final_self_pay",
    "basic_deductible_used",
    "deductible_used",
    "cs_deductible_used",
    "needy_self_pay",
)


def upgrade() -> None:
    op.create_table(
        "settlement_adjustments",
        sa.Column("adjustment_id", UUID(as_uuid=True), nullable=False),
        sa.Column("seq", sa.BigInteger, sa.Identity(always=True), nullable=False),
        sa.Column("settlement_id", UUID(as_uuid=True), nullable=False),
        sa.Column("reversal_id", UUID(as_uuid=True)),
        sa.Column("person_id", UUID(as_uuid=True), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("needy", sa.Boolean, nullable=False),
        sa.Column("category", sa.String(20)),
        *(sa.Column(name, MONEY, nullable=False) for name in DELTAS),
        sa.Column("resolution_channel", sa.Text),
        sa.Column("decision_id", UUID(as_uuid=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_by_user", sa.String(200)),
        sa.Column("request_id", sa.String(128)),
        sa.PrimaryKeyConstraint("adjustment_id", name=op.f("pk_settlement_adjustments")),
        sa.UniqueConstraint("seq", name=op.f("uq_settlement_adjustments_seq")),
        sa.ForeignKeyConstraint(
            ["settlement_id"],
            [f"{SCHEMA}.settlements.settlement_id"],
            name=op.f("fk_settlement_adjustments_settlement_id_settlements"),
        ),
        sa.ForeignKeyConstraint(
            ["reversal_id"],
            [f"{SCHEMA}.settlement_reversals.reversal_id"],
            name=op.f("fk_settlement_adjustments_reversal_id_settlement_reversals"),
        ),
        schema=SCHEMA,
    )
    op.create_index(
        op.f("ix_settlement_adjustments_settlement_id"),
        "settlement_adjustments",
        ["settlement_id"],
        schema=SCHEMA,
    )
    op.create_index(
        op.f("ix_settlement_adjustments_person_id_year"),
        "settlement_adjustments",
        ["person_id", "year"],
        schema=SCHEMA,
    )
    restrict_to_insert_select(SCHEMA, "settlement_adjustments")
    op.add_column(
        "year_totals",
        sa.Column("resettlement_pending", sa.Boolean, nullable=False, server_default=sa.false()),
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_column("year_totals", "resettlement_pending", schema=SCHEMA)
    op.drop_table("settlement_adjustments", schema=SCHEMA)
