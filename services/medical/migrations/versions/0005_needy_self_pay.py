"""The high-cost threshold counts a needy person's residue only: year_totals.needy_self_pay.

Self-pay from claims settled while the person was not yet needy did not go through the four
layers (三（三）11) and no longer counts toward MED-HIGHCOST's threshold. Existing rows are
filled from their live settlements settled as needy.

Revision ID: medical_0005
Revises: medical_0004
Create Date: 2026-12-09
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "medical_0005"
down_revision: str | None = "medical_0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "medical"


def upgrade() -> None:
    op.add_column(
        "year_totals",
        sa.Column("needy_self_pay", sa.Numeric(16, 2), nullable=False, server_default="0"),
        schema=SCHEMA,
    )
    op.execute(
        "UPDATE medical.year_totals t SET needy_self_pay = coalesce(("
        "SELECT sum(s.self_pay) FROM medical.settlements s WHERE s.person_id = t.person_id "
        "AND s.year = t.year AND s.status = 'settled' AND s.needy), 0)"
    )
    op.create_check_constraint(
        op.f("ck_year_totals_needy_self_pay_within_self_pay"),
        "year_totals",
        "needy_self_pay >= 0 AND needy_self_pay <= self_pay_before_resolution",
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_constraint(
        op.f("ck_year_totals_needy_self_pay_within_self_pay"),
        "year_totals",
        type_="check",
        schema=SCHEMA,
    )
    op.drop_column("year_totals", "needy_self_pay", schema=SCHEMA)
