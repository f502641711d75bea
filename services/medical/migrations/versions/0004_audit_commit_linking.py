"""Audit records of settlements linked into the chain at commit (`audit_pending` + trigger).

Revision ID: medical_0004
Revises: medical_0003
Create Date: 2026-12-02
"""

from collections.abc import Sequence

from govkit.audit.migration import create_commit_linking, drop_commit_linking

revision: str = "medical_0004"
down_revision: str | None = "medical_0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "medical"


def upgrade() -> None:
    create_commit_linking(SCHEMA)


def downgrade() -> None:
    drop_commit_linking(SCHEMA)
