"""Sub-funds, contributors, paid-in records, portfolio investments, reporting duties and submissions.

Revision ID: fund_0005
Revises: fund_0004
Create Date: 2026-11-30
"""

from collections.abc import Sequence

revision: str = "fund_0005"
down_revision: str | None = "fund_0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "fund"


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
