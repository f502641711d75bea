"""Sub-fund applications and their workflow: expert panels, notice, objections, signing, filing; concession applications.

Revision ID: fund_0004
Revises: fund_0003
Create Date: 2026-11-30
"""

from collections.abc import Sequence

revision: str = "fund_0004"
down_revision: str | None = "fund_0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "fund"


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
