"""Completion surveys and the discrepancies they record (AD-SURVEY).

Revision ID: airdefence_0004
Revises: airdefence_0003
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, UUID

from govkit.platform.migration import restrict_to_insert_select

revision: str = "airdefence_0004"
down_revision: str | None = "airdefence_0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "airdefence"
AREA = sa.Numeric(12, 2)


def _created() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("request_id", sa.String(128)),
    ]


def _seq() -> sa.Column:  # type: ignore[type-arg]
    return sa.Column("seq", sa.BigInteger, sa.Identity(always=True), nullable=False)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    referred, _, _ = target.partition(".")
    return sa.ForeignKeyConstraint(
        [column], [f"{SCHEMA}.{target}"], name=op.f(f"fk_{table}_{column}_{referred}")
    )


def upgrade() -> None:
    op.create_table(
        "surveys",
        sa.Column("survey_id", UUID(as_uuid=True), nullable=False),
        _seq(),
        sa.Column("works_id", UUID(as_uuid=True), nullable=False),
        sa.Column("surveyed_on", sa.Date, nullable=False),
        sa.Column("surveyor", sa.String(200), nullable=False),
        sa.Column("report_no", sa.String(200), nullable=False),
        sa.Column("basement_floor_area", AREA, nullable=False),
        sa.Column("net_parking_area", AREA),
        sa.Column("public_spaces_in_air_defence_area", sa.Integer, nullable=False),
        sa.Column("zones", JSONB, nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("failed_rules", JSONB, nullable=False),
        sa.Column("decision_id", UUID(as_uuid=True), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        *_created(),
        sa.PrimaryKeyConstraint("survey_id", name=op.f("pk_surveys")),
        sa.UniqueConstraint("seq", name=op.f("uq_surveys_seq")),
        _fk("surveys", "works_id", "works.works_id"),
        sa.CheckConstraint(
            "basement_floor_area > 0 AND (net_parking_area IS NULL OR net_parking_area >= 0) "
            "AND public_spaces_in_air_defence_area >= 0",
            name=op.f("ck_surveys_figures"),
        ),
        schema=SCHEMA,
    )
    op.create_index(op.f("ix_surveys_works_id"), "surveys", ["works_id"], schema=SCHEMA)
    op.create_table(
        "discrepancies",
        sa.Column("discrepancy_id", UUID(as_uuid=True), nullable=False),
        _seq(),
        sa.Column("works_id", UUID(as_uuid=True), nullable=False),
        sa.Column("survey_id", UUID(as_uuid=True), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("subject", sa.String(500), nullable=False),
        sa.Column("planned", sa.String(500)),
        sa.Column("surveyed", sa.String(500)),
        sa.Column("difference", AREA),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("resolved_on", sa.Date),
        sa.Column("resolution", sa.String(200)),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        *_created(),
        sa.PrimaryKeyConstraint("discrepancy_id", name=op.f("pk_discrepancies")),
        sa.UniqueConstraint("seq", name=op.f("uq_discrepancies_seq")),
        _fk("discrepancies", "works_id", "works.works_id"),
        _fk("discrepancies", "survey_id", "surveys.survey_id"),
        sa.CheckConstraint(
            "status IN ('open', 'resolved') AND (status = 'open') = (resolved_on IS NULL)",
            name=op.f("ck_discrepancies_status"),
        ),
        schema=SCHEMA,
    )
    op.create_index(op.f("ix_discrepancies_works_id"), "discrepancies", ["works_id"], schema=SCHEMA)
    op.create_index(
        op.f("ix_discrepancies_survey_id"), "discrepancies", ["survey_id"], schema=SCHEMA
    )
    restrict_to_insert_select(SCHEMA, "surveys")


def downgrade() -> None:
    op.drop_table("discrepancies", schema=SCHEMA)
    op.drop_table("surveys", schema=SCHEMA)
