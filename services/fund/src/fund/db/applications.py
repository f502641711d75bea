"""Tables of sub-fund applications and their workflow, and of concession applications.

An application row holds the procedure's state (`fund.domain.ApplicationState`) flattened into
columns, plus a `version` for optimistic concurrency (`ETag`/`If-Match`). Every step taken is a
row of `application_transitions`; the expert panel's opinions are kept with the step that
completed the review. Concession applications (五（三）) follow the same pattern.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, UUID

from fund.db.tables import MONEY, metadata
from govkit.store.columns import created_columns, required_ref, step_columns, versioned_columns

applications = sa.Table(
    "applications",
    metadata,
    sa.Column("application_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),  # the sub-fund's name
    sa.Column("applicant", sa.String(200), nullable=False),
    sa.Column("region", sa.String(6)),
    sa.Column("stage", sa.String(40), nullable=False),  # fund.domain.ProcedureStage
    sa.Column("facts", JSONB, nullable=False),  # the request body the check evaluated
    sa.Column("check_decision_id", UUID(as_uuid=True)),  # latest stored check decision
    sa.Column("check_outcome", sa.String(20)),
    sa.Column("submitted_on", sa.Date),
    sa.Column("approved_on", sa.Date),
    sa.Column("notice_started_on", sa.Date),
    sa.Column("objection_raised_on", sa.Date),
    sa.Column("sign_extension_months", sa.Integer, nullable=False),
    sa.Column("signed_on", sa.Date),
    sa.Column("filed_on", sa.Date),
    sa.Column("last_action_on", sa.Date),
    *versioned_columns(),
    *created_columns(),
)

application_transitions = sa.Table(
    "application_transitions",
    metadata,
    sa.Column("transition_id", UUID(as_uuid=True), primary_key=True),
    required_ref("application_id", "applications.application_id"),
    *step_columns(40),
    sa.Column("extension_months", sa.Integer),
    *created_columns(),
    sa.UniqueConstraint("application_id", "seq"),
)

expert_opinions = sa.Table(
    "expert_opinions",
    metadata,
    sa.Column("opinion_id", UUID(as_uuid=True), primary_key=True),
    required_ref("application_id", "applications.application_id"),
    required_ref("transition_id", "application_transitions.transition_id"),
    sa.Column("expert", sa.String(200), nullable=False),
    sa.Column("expert_group", sa.String(40), nullable=False),  # fund.domain.ExpertGroup
    sa.Column("opinion_given", sa.Boolean, nullable=False),
    sa.Column("independent", sa.Boolean, nullable=False),
    sa.Column("recommendation", sa.String(20)),
    sa.Column("opinion", sa.Text, nullable=False),
    *created_columns(),
)

concessions = sa.Table(
    "concessions",
    metadata,
    sa.Column("concession_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("sub_fund_id", UUID(as_uuid=True), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),  # pre_liquidation | post_liquidation
    sa.Column("stage", sa.String(30), nullable=False),
    sa.Column("applicant", sa.String(200), nullable=False),
    sa.Column("region", sa.String(6)),
    sa.Column("amount", MONEY),  # the price (pre-liquidation) or the concession (post)
    sa.Column("inputs", JSONB, nullable=False),
    sa.Column("result", JSONB, nullable=False),  # the calculation on the applied date
    sa.Column("decision_id", UUID(as_uuid=True)),
    sa.Column("applied_on", sa.Date, nullable=False),
    sa.Column("reviewed_on", sa.Date),
    sa.Column("submitted_on", sa.Date),
    sa.Column("decided_on", sa.Date),
    sa.Column("notice_started_on", sa.Date),
    sa.Column("objection_raised_on", sa.Date),
    sa.Column("cleared_on", sa.Date),
    sa.Column("executed_on", sa.Date),
    sa.Column("last_action_on", sa.Date, nullable=False),
    *versioned_columns(),
    *created_columns(),
)

concession_transitions = sa.Table(
    "concession_transitions",
    metadata,
    sa.Column("transition_id", UUID(as_uuid=True), primary_key=True),
    required_ref("concession_id", "concessions.concession_id"),
    *step_columns(30),
    *created_columns(),
    sa.UniqueConstraint("concession_id", "seq"),
)
