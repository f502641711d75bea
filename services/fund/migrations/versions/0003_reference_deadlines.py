"""LPR reference data (seeded from fund/data/lpr-1y.csv) and the deadlines register.

Revision ID: fund_0003
Revises: fund_0002
Create Date: 2026-11-30
"""

import csv
from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from importlib.resources import files

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

revision: str = "fund_0003"
down_revision: str | None = "fund_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "fund"
PERCENT = sa.Numeric(6, 3)
# The monthly 1-year (and 5-year) LPR quotes shipped with the package; newer ones are added by
# an operator through PUT /fund/v1/reference/lpr/{published_on}.
LPR_SOURCE = "全国银行间同业拆借中心 National Interbank Funding Center (lpr-1y.csv)"


def _created() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("request_id", sa.String(128)),
    ]


def upgrade() -> None:
    op.create_table(
        "lpr_quotes",
        sa.Column("published_on", sa.Date, nullable=False),
        sa.Column("lpr_1y_percent", PERCENT, nullable=False),
        sa.Column("lpr_5y_percent", PERCENT),
        sa.Column("source", sa.String(300), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        *_created(),
        sa.PrimaryKeyConstraint("published_on", name=op.f("pk_lpr_quotes")),
        sa.CheckConstraint(
            "lpr_1y_percent > 0 AND lpr_1y_percent < 100", name=op.f("ck_lpr_quotes_1y_range")
        ),
        sa.CheckConstraint(
            "lpr_5y_percent IS NULL OR (lpr_5y_percent > 0 AND lpr_5y_percent < 100)",
            name=op.f("ck_lpr_quotes_5y_range"),
        ),
        schema=SCHEMA,
    )
    _seed_lpr()
    op.create_table(
        "deadlines",
        sa.Column("deadline_id", UUID(as_uuid=True), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("rule_id", sa.String(60), nullable=False),
        sa.Column("due", sa.Date, nullable=False),
        sa.Column("basis_date", sa.Date, nullable=False),
        sa.Column("subject", sa.String(200), nullable=False, server_default=""),
        sa.Column("application_id", UUID(as_uuid=True)),
        sa.Column("sub_fund_id", UUID(as_uuid=True)),
        sa.Column("concession_id", UUID(as_uuid=True)),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("done_on", sa.Date),
        sa.Column("note", sa.Text),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        *_created(),
        sa.PrimaryKeyConstraint("deadline_id", name=op.f("pk_deadlines")),
        sa.CheckConstraint(
            "status IN ('open', 'met', 'cancelled')", name=op.f("ck_deadlines_status")
        ),
        sa.CheckConstraint(
            "(status = 'met') = (done_on IS NOT NULL)", name=op.f("ck_deadlines_done_on")
        ),
        sa.CheckConstraint("due >= basis_date", name=op.f("ck_deadlines_due_after_basis")),
        schema=SCHEMA,
    )
    op.create_index(
        "ix_deadlines_open_due",
        "deadlines",
        ["due"],
        schema=SCHEMA,
        postgresql_where=sa.text("status = 'open'"),
    )
    op.create_index(
        "ix_deadlines_application", "deadlines", ["application_id", "due"], schema=SCHEMA
    )
    op.create_index("ix_deadlines_sub_fund", "deadlines", ["sub_fund_id", "due"], schema=SCHEMA)
    op.create_index("ix_deadlines_concession", "deadlines", ["concession_id", "due"], schema=SCHEMA)


def _lpr_rows() -> list[dict[str, object]]:
    text = (files("fund") / "data" / "lpr-1y.csv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    now = datetime.now(UTC)
    return [
        {
            "published_on": date.fromisoformat(row["published_on"]),
            "lpr_1y_percent": Decimal(row["lpr_1y_percent"]),
            "lpr_5y_percent": Decimal(row["lpr_5y_percent"]) if row["lpr_5y_percent"] else None,
            "source": LPR_SOURCE,
            "updated_at": now,
            "created_at": now,
            "created_by": "migration",
            "request_id": None,
        }
        for row in csv.DictReader(lines)
    ]


def _seed_lpr() -> None:
    quotes = sa.table(
        "lpr_quotes",
        sa.column("published_on", sa.Date),
        sa.column("lpr_1y_percent", PERCENT),
        sa.column("lpr_5y_percent", PERCENT),
        sa.column("source", sa.String),
        sa.column("updated_at", sa.DateTime(timezone=True)),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("created_by", sa.String),
        sa.column("request_id", sa.String),
        schema=SCHEMA,
    )
    op.bulk_insert(quotes, _lpr_rows())


def downgrade() -> None:
    op.drop_table("deadlines", schema=SCHEMA)
    op.drop_table("lpr_quotes", schema=SCHEMA)
