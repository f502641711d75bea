"""Provisional deadlines: computed while a year's holiday calendar was not yet published.

`provisional` marks a deadline computed with Saturdays and Sundays as the only rest days of an
unpublished year (no public holidays, no make-up working days); `computation` holds how it was
computed (origin date, steps, and how many steps lead to its basis date) so that it can be
recomputed when the year is published.

Revision ID: fund_0006
Revises: fund_0005
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "fund_0006"
down_revision: str | None = "fund_0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "fund"


def upgrade() -> None:
    op.add_column(
        "deadlines",
        sa.Column("provisional", sa.Boolean, nullable=False, server_default=sa.false()),
        schema=SCHEMA,
    )
    op.add_column("deadlines", sa.Column("computation", JSONB), schema=SCHEMA)
    op.create_index(
        "ix_deadlines_provisional_open",
        "deadlines",
        ["deadline_id"],
        schema=SCHEMA,
        postgresql_where=sa.text("provisional AND status = 'open'"),
    )


def downgrade() -> None:
    op.drop_index("ix_deadlines_provisional_open", table_name="deadlines", schema=SCHEMA)
    op.drop_column("deadlines", "computation", schema=SCHEMA)
    op.drop_column("deadlines", "provisional", schema=SCHEMA)
