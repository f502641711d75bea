"""Foundation: the service role's rights in its schema, idempotency keys.

Revision ID: airdefence_0001
Revises:
Create Date: 2026-11-28
"""

from collections.abc import Sequence

from govkit import migrations as gm

revision: str = "airdefence_0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "airdefence"


def upgrade() -> None:
    gm.grant_service_role(SCHEMA)
    gm.create_idempotency_table(SCHEMA)


def downgrade() -> None:
    gm.drop_idempotency_table(SCHEMA)
    gm.revoke_service_role(SCHEMA)
