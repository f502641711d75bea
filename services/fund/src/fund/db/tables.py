"""Tables of the fund service, all in schema "fund".

This module holds the metadata and the tables every part of the service shares: the LPR
reference data and the deadlines register. Each part's own tables live beside it
(`fund.db.applications`, `fund.db.portfolio`) on the same metadata. Money is NUMERIC(18,2);
rates are fractions NUMERIC(9,6) unless the column says percent.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, UUID

from govkit.db import make_metadata
from govkit.store.columns import created_columns

SCHEMA = "fund"
metadata = make_metadata(SCHEMA)

MONEY = sa.Numeric(18, 2)
PERCENT = sa.Numeric(6, 3)


lpr_quotes = sa.Table(
    "lpr_quotes",
    metadata,
    sa.Column("published_on", sa.Date, primary_key=True),
    sa.Column("lpr_1y_percent", PERCENT, nullable=False),
    sa.Column("lpr_5y_percent", PERCENT),
    sa.Column("source", sa.String(300), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    *created_columns(),
)

# Every statutory deadline, stored with the rule that set it. "Overdue" is not stored: it is
# `status = 'open' AND due < today`, computed when listed.
deadlines = sa.Table(
    "deadlines",
    metadata,
    sa.Column("deadline_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("rule_id", sa.String(60), nullable=False),
    sa.Column("due", sa.Date, nullable=False),
    sa.Column("basis_date", sa.Date, nullable=False),
    sa.Column("subject", sa.String(200), nullable=False),
    sa.Column("application_id", UUID(as_uuid=True)),
    sa.Column("sub_fund_id", UUID(as_uuid=True)),
    sa.Column("concession_id", UUID(as_uuid=True)),
    sa.Column("status", sa.String(12), nullable=False),
    sa.Column("done_on", sa.Date),
    sa.Column("note", sa.Text),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    *created_columns(),
    # Computed while a year's holiday calendar was unpublished (weekends only); recomputed from
    # `computation` ({"origin", "steps", "basis_steps"}) when the year is published (0006).
    sa.Column("provisional", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("computation", JSONB),
)
