"""Columns every service's records share: who wrote a row and when, its version, a procedure step."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import UUID


def created_columns() -> list[sa.Column[object]]:
    """Who wrote the row, when, and under which request (the audit log has the full story)."""
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("request_id", sa.String(128)),
    ]


def versioned_columns() -> list[sa.Column[object]]:
    """The row's version (its ETag, compared with If-Match) and when it last changed."""
    return [
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def step_columns(width: int) -> list[sa.Column[object]]:
    """One step of a procedure: its number within the owner, the move and who made it when."""
    return [
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("action", sa.String(width), nullable=False),
        sa.Column("from_stage", sa.String(width), nullable=False),
        sa.Column("to_stage", sa.String(width), nullable=False),
        sa.Column("on", sa.Date, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
    ]


def required_ref(name: str, target: str) -> sa.Column[object]:
    """A non-null UUID foreign key, e.g. `required_ref("sub_fund_id", "sub_funds.sub_fund_id")`."""
    return sa.Column(name, UUID(as_uuid=True), sa.ForeignKey(target), nullable=False)
