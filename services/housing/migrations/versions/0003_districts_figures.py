"""Districts (county codes, names and tiers of 一（三）, effective-dated) and yearly figures.

Revision ID: housing_0003
Revises: housing_0002
Create Date: 2026-12-03
"""

from collections.abc import Sequence
from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "housing_0003"
down_revision: str | None = "housing_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "housing"
TIERS = ("net_inflow", "key", "other")
SOURCE = "温政办〔2021〕75号 一（三）"
# The text's districts and tiers, from the first day of the 14th Five-Year Plan (2021-01-01).
DISTRICTS = (
    ("330302", "鹿城区", "net_inflow"),
    ("330303", "龙湾区", "net_inflow"),
    ("330304", "瓯海区", "net_inflow"),
    ("330381", "瑞安市", "net_inflow"),
    ("330305", "洞头区", "key"),
    ("330324", "永嘉县", "key"),
    ("330326", "平阳县", "key"),
    ("330327", "苍南县", "key"),
    ("330383", "龙港市", "key"),
    ("330382", "乐清市", "key"),
    ("330328", "文成县", "other"),
    ("330329", "泰顺县", "other"),
)


def _created() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("request_id", sa.String(128)),
    ]


def upgrade() -> None:
    districts = op.create_table(
        "districts",
        sa.Column("id", sa.BigInteger, sa.Identity(always=True), nullable=False),
        sa.Column("code", sa.String(6), nullable=False),
        sa.Column("name", sa.String(50), nullable=False),
        sa.Column("tier", sa.String(20), nullable=False),
        sa.Column("effective_from", sa.Date, nullable=False),
        sa.Column("effective_to", sa.Date),
        sa.Column("source", sa.Text, nullable=False),
        *_created(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_districts")),
        sa.CheckConstraint("code ~ '^[0-9]{6}$'", name=op.f("ck_districts_code_format")),
        sa.CheckConstraint(
            f"tier IN ({', '.join(repr(t) for t in TIERS)})", name=op.f("ck_districts_tier")
        ),
        sa.CheckConstraint(
            "effective_to IS NULL OR effective_to >= effective_from",
            name=op.f("ck_districts_range"),
        ),
        schema=SCHEMA,
    )
    op.create_index("ix_districts_code", "districts", ["code", "effective_from"], schema=SCHEMA)
    now = datetime.now(UTC)
    op.bulk_insert(
        districts,
        [
            {
                "code": code,
                "name": name,
                "tier": tier,
                "effective_from": date(2021, 1, 1),
                "effective_to": None,
                "source": SOURCE,
                "created_at": now,
                "created_by": "migration housing_0003",
                "request_id": None,
            }
            for code, name, tier in DISTRICTS
        ],
    )
    op.create_table(
        "district_figures",
        sa.Column("id", sa.BigInteger, sa.Identity(always=True), nullable=False),
        sa.Column("district", sa.String(6), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("new_housing_units", sa.Integer, nullable=False),
        sa.Column("new_affordable_units", sa.Integer, nullable=False),
        sa.Column("affordable_units_raised", sa.Integer, nullable=False),
        sa.Column("residential_land_area", sa.Numeric(12, 2)),
        sa.Column("affordable_land_area", sa.Numeric(12, 2)),
        sa.Column("source", sa.Text, nullable=False),
        *_created(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_district_figures")),
        sa.UniqueConstraint(
            "district", "year", "version", name=op.f("uq_district_figures_district_year_version")
        ),
        sa.CheckConstraint(
            "new_housing_units >= 0 AND new_affordable_units >= 0 AND affordable_units_raised >= 0"
            " AND new_affordable_units <= new_housing_units",
            name=op.f("ck_district_figures_units"),
        ),
        sa.CheckConstraint(
            "(residential_land_area IS NULL OR residential_land_area >= 0) AND "
            "(affordable_land_area IS NULL OR affordable_land_area >= 0)",
            name=op.f("ck_district_figures_land"),
        ),
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_table("district_figures", schema=SCHEMA)
    op.drop_index("ix_districts_code", table_name="districts", schema=SCHEMA)
    op.drop_table("districts", schema=SCHEMA)
