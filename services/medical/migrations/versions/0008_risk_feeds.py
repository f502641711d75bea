"""Risk-watch feeds (三（一）3): dated loads of the four departments' data, and their entries.

Each load of a source (medical_insurance, civil_affairs, health, disabled_persons_federation) is
kept with the day its data is as of; the latest load of a source is its current feed. Entries are
found by the keyed hash of the resident ID (never the number), with the person when registered.
Loads are append-only for the service role.

Revision ID: medical_0008
Revises: medical_0007
Create Date: 2026-12-09
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, UUID

from govkit.platform.migration import restrict_to_insert_select

revision: str = "medical_0008"
down_revision: str | None = "medical_0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "medical"
SOURCES = "'medical_insurance', 'civil_affairs', 'health', 'disabled_persons_federation'"


def upgrade() -> None:
    op.create_table(
        "risk_feeds",
        sa.Column("feed_id", UUID(as_uuid=True), nullable=False),
        sa.Column("source", sa.String(40), nullable=False),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("rows", sa.Integer, nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_by_user", sa.String(200)),
        sa.Column("request_id", sa.String(128)),
        sa.PrimaryKeyConstraint("feed_id", name=op.f("pk_risk_feeds")),
        sa.CheckConstraint(f"source IN ({SOURCES})", name=op.f("ck_risk_feeds_source")),
        schema=SCHEMA,
    )
    op.create_index(
        op.f("ix_risk_feeds_source_as_of"), "risk_feeds", ["source", "as_of"], schema=SCHEMA
    )
    op.create_table(
        "risk_feed_entries",
        sa.Column("feed_id", UUID(as_uuid=True), nullable=False),
        sa.Column("resident_id_hash", sa.String(64), nullable=False),
        sa.Column("person_id", UUID(as_uuid=True)),
        sa.Column("household_income", sa.Numeric(16, 2)),
        sa.Column("details", JSONB, nullable=False),
        sa.PrimaryKeyConstraint("feed_id", "resident_id_hash", name=op.f("pk_risk_feed_entries")),
        sa.ForeignKeyConstraint(
            ["feed_id"],
            [f"{SCHEMA}.risk_feeds.feed_id"],
            name=op.f("fk_risk_feed_entries_feed_id_risk_feeds"),
        ),
        schema=SCHEMA,
    )
    op.create_index(
        op.f("ix_risk_feed_entries_person_id"), "risk_feed_entries", ["person_id"], schema=SCHEMA
    )
    for table in ("risk_feeds", "risk_feed_entries"):
        restrict_to_insert_select(SCHEMA, table)


def downgrade() -> None:
    op.drop_table("risk_feed_entries", schema=SCHEMA)
    op.drop_table("risk_feeds", schema=SCHEMA)
