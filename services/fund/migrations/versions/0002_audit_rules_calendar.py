"""Audit log, calendar publications, parameter values and decisions (all append-only).

Revision ID: fund_0002
Revises: fund_0001
Create Date: 2026-11-29
"""

from collections.abc import Sequence

from govkit.platform import migration as pm

revision: str = "fund_0002"
down_revision: str | None = "fund_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "fund"


def upgrade() -> None:
    pm.upgrade_0002(SCHEMA)


def downgrade() -> None:
    pm.downgrade_0002(SCHEMA)
