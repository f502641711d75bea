"""A claim may carry a special-disease code; the limit inpatient and listed outpatient care share.

settlements.disease_code / disease_listed (whether the dated catalogue listed it on the service
date) and basic_paid_outpatient (the part of basic paid against the ordinary outpatient limit,
where one is configured), with its total in year_totals and its delta in settlement_adjustments.
Existing settlements were all paid against the one annual limit: 0.

Revision ID: medical_0007
Revises: medical_0006
Create Date: 2026-12-09
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "medical_0007"
down_revision: str | None = "medical_0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "medical"
MONEY = sa.Numeric(16, 2)


def upgrade() -> None:
    for table in ("settlements", "year_totals", "settlement_adjustments"):
        op.add_column(
            table,
            sa.Column("basic_paid_outpatient", MONEY, nullable=False, server_default="0"),
            schema=SCHEMA,
        )
    op.add_column("settlements", sa.Column("disease_code", sa.String(100)), schema=SCHEMA)
    op.add_column(
        "settlements",
        sa.Column("disease_listed", sa.Boolean, nullable=False, server_default=sa.false()),
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_column("settlements", "disease_listed", schema=SCHEMA)
    op.drop_column("settlements", "disease_code", schema=SCHEMA)
    for table in ("settlement_adjustments", "year_totals", "settlements"):
        op.drop_column(table, "basic_paid_outpatient", schema=SCHEMA)
