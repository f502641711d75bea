"""A review deadline that runs into a year whose holiday notice is not published is recorded as
provisional (weekends only) with what it is counted from, and recomputed on publication.

Revision ID: housing_0005
Revises: housing_0004
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "housing_0005"
down_revision: str | None = "housing_0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "housing"


def upgrade() -> None:
    op.add_column(
        "deadlines",
        sa.Column("provisional", sa.Boolean, nullable=False, server_default=sa.false()),
        schema=SCHEMA,
    )
    op.add_column("deadlines", sa.Column("basis_date", sa.Date), schema=SCHEMA)
    op.add_column("deadlines", sa.Column("working_days", sa.Integer), schema=SCHEMA)
    op.create_check_constraint(
        "ck_deadlines_provisional_basis",
        "deadlines",
        "NOT provisional OR (basis_date IS NOT NULL AND working_days IS NOT NULL)",
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_constraint("ck_deadlines_provisional_basis", "deadlines", schema=SCHEMA)
    for column in ("working_days", "basis_date", "provisional"):
        op.drop_column("deadlines", column, schema=SCHEMA)
