"""Duties (AD-DUTIES): schedules and their occurrences; the counties' measures register
(AD-COUNTY-MEASURES), seeded with Wenzhou's twelve counties.

Revision ID: airdefence_0006
Revises: airdefence_0005
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

from govkit.platform.migration import restrict_to_insert_select

revision: str = "airdefence_0006"
down_revision: str | None = "airdefence_0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "airdefence"
KINDS = "'maintenance', 'professional_repair', 'peace_war_conversion', 'emergency_drill'"
# GB/T 2260 codes of Wenzhou's county-level divisions (the data is the migration's own copy).
COUNTIES = (
    ("330302", "鹿城区"),
    ("330303", "龙湾区"),
    ("330304", "瓯海区"),
    ("330305", "洞头区"),
    ("330324", "永嘉县"),
    ("330326", "平阳县"),
    ("330327", "苍南县"),
    ("330328", "文成县"),
    ("330329", "泰顺县"),
    ("330381", "瑞安市"),
    ("330382", "乐清市"),
    ("330383", "龙港市"),
)
DUE = "2021-12-31"  # 五（二）「在2021年12月底前」


def _created() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("request_id", sa.String(128)),
    ]


def _versioned() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "duty_schedules",
        sa.Column("schedule_id", UUID(as_uuid=True), nullable=False),
        sa.Column("seq", sa.BigInteger, sa.Identity(always=True), nullable=False),
        sa.Column("works_id", UUID(as_uuid=True), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("interval_months", sa.Integer, nullable=False),
        sa.Column("starts_on", sa.Date, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        *_created(),
        sa.PrimaryKeyConstraint("schedule_id", name=op.f("pk_duty_schedules")),
        sa.UniqueConstraint("seq", name=op.f("uq_duty_schedules_seq")),
        sa.ForeignKeyConstraint(
            ["works_id"],
            [f"{SCHEMA}.works.works_id"],
            name=op.f("fk_duty_schedules_works_id_works"),
        ),
        sa.CheckConstraint(f"kind IN ({KINDS})", name=op.f("ck_duty_schedules_kind")),
        sa.CheckConstraint(
            "interval_months BETWEEN 1 AND 120", name=op.f("ck_duty_schedules_interval")
        ),
        schema=SCHEMA,
    )
    op.create_index(
        op.f("ix_duty_schedules_works_id"), "duty_schedules", ["works_id"], schema=SCHEMA
    )
    op.create_table(
        "duties",
        sa.Column("duty_id", UUID(as_uuid=True), nullable=False),
        sa.Column("seq", sa.BigInteger, sa.Identity(always=True), nullable=False),
        sa.Column("schedule_id", UUID(as_uuid=True), nullable=False),
        sa.Column("works_id", UUID(as_uuid=True), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("n", sa.Integer, nullable=False),
        sa.Column("due", sa.Date, nullable=False),
        sa.Column("provisional", sa.Boolean, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("done_on", sa.Date),
        sa.Column("report", sa.Text),
        sa.Column("county", sa.String(6), nullable=False),
        sa.Column("responsible_uscc", sa.String(18), nullable=False),
        sa.Column("responsible_name", sa.String(200), nullable=False),
        *_versioned(),
        *_created(),
        sa.PrimaryKeyConstraint("duty_id", name=op.f("pk_duties")),
        sa.UniqueConstraint("seq", name=op.f("uq_duties_seq")),
        sa.UniqueConstraint("schedule_id", "n", name=op.f("uq_duties_schedule_id_n")),
        sa.ForeignKeyConstraint(
            ["schedule_id"],
            [f"{SCHEMA}.duty_schedules.schedule_id"],
            name=op.f("fk_duties_schedule_id_duty_schedules"),
        ),
        sa.ForeignKeyConstraint(
            ["works_id"], [f"{SCHEMA}.works.works_id"], name=op.f("fk_duties_works_id_works")
        ),
        sa.CheckConstraint(f"kind IN ({KINDS})", name=op.f("ck_duties_kind")),
        sa.CheckConstraint(
            "status IN ('open', 'met', 'cancelled') AND (status = 'met') = (done_on IS NOT NULL)",
            name=op.f("ck_duties_status"),
        ),
        sa.CheckConstraint("n >= 1", name=op.f("ck_duties_n")),
        schema=SCHEMA,
    )
    op.create_index(op.f("ix_duties_due_duty_id"), "duties", ["due", "duty_id"], schema=SCHEMA)
    op.create_index(op.f("ix_duties_works_id"), "duties", ["works_id"], schema=SCHEMA)
    op.create_table(
        "county_measures",
        sa.Column("area_code", sa.String(6), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("due", sa.Date, nullable=False),
        sa.Column("issued_on", sa.Date),
        sa.Column("document_no", sa.String(200)),
        sa.Column("title", sa.String(200)),
        *_versioned(),
        *_created(),
        sa.PrimaryKeyConstraint("area_code", name=op.f("pk_county_measures")),
        sa.CheckConstraint("area_code ~ '^3303[0-9]{2}$'", name=op.f("ck_county_measures_code")),
        sa.CheckConstraint(
            "kind IN ('county', 'functional_zone')", name=op.f("ck_county_measures_kind")
        ),
        sa.CheckConstraint(
            "(issued_on IS NULL) = (document_no IS NULL)", name=op.f("ck_county_measures_issued")
        ),
        schema=SCHEMA,
    )
    op.execute(
        sa.text(
            f"INSERT INTO {SCHEMA}.county_measures (area_code, name, kind, due, version, "
            "updated_at, created_at, created_by) VALUES "
            + ", ".join(
                f"('{code}', '{name}', 'county', DATE '{DUE}', 1, now(), now(), 'airdefence_0006')"
                for code, name in COUNTIES
            )
        )
    )
    restrict_to_insert_select(SCHEMA, "duty_schedules")


def downgrade() -> None:
    op.drop_table("county_measures", schema=SCHEMA)
    op.drop_table("duties", schema=SCHEMA)
    op.drop_table("duty_schedules", schema=SCHEMA)
