"""Tables every service schema carries (created by `govkit.platform.migration.upgrade_0002`).

Named without a schema: the session's `search_path` is the service's schema. All three are
append-only for the service role (INSERT, SELECT): a republished calendar year is a new version,
a re-set parameter value a new row that supersedes the earlier one, a decision is never edited.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, UUID

from govkit.db import NAMING_CONVENTION

metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)

calendar_years = sa.Table(
    "calendar_years",
    metadata,
    sa.Column("year", sa.Integer, primary_key=True),
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("holidays", JSONB, nullable=False),  # ISO dates, ascending
    sa.Column("makeup_days", JSONB, nullable=False),
    sa.Column("notice_no", sa.String(200), nullable=False),
    sa.Column("notice_date", sa.Date, nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("published_by", sa.String(200), nullable=False),
    sa.Column("published_by_user", sa.String(200)),
)

parameter_values = sa.Table(
    "parameter_values",
    metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(always=True), primary_key=True),
    sa.Column("path", sa.String(200), nullable=False),
    sa.Column("region", sa.String(12)),  # county code; NULL = the whole city
    sa.Column("value", JSONB(none_as_null=False)),  # JSON null = deliberately not configured
    sa.Column("effective_from", sa.Date, nullable=False),
    sa.Column("effective_to", sa.Date),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("created_by", sa.String(200), nullable=False),
    sa.Column("created_by_user", sa.String(200)),
)

decisions = sa.Table(
    "decisions",
    metadata,
    sa.Column("decision_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("subject", sa.String(200), nullable=False),
    sa.Column("outcome", sa.String(20), nullable=False),
    sa.Column("as_of", sa.Date, nullable=False),
    sa.Column("rules_version", sa.String(100), nullable=False),
    sa.Column("findings", JSONB, nullable=False),
    sa.Column("parameters_used", JSONB, nullable=False),
    sa.Column("trace", JSONB, nullable=False),
    sa.Column("warnings", JSONB, nullable=False),
    sa.Column("result", JSONB, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("created_by", sa.String(200), nullable=False),
    sa.Column("created_by_user", sa.String(200)),
    sa.Column("request_id", sa.String(128)),
)
