"""Sub-fund applications and their workflow: expert panels, notice, objections, signing, filing; concession applications.

Revision ID: fund_0004
Revises: fund_0003
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, UUID

revision: str = "fund_0004"
down_revision: str | None = "fund_0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "fund"

STAGES = (
    "application",
    "pre_review",
    "due_diligence",
    "expert_review",
    "investment_decision",
    "public_notice",
    "objection_investigation",
    "signing",
    "post_investment",
    "closed",
    "rejected",
    "withdrawn",
    "terminated",
)
EXPERT_GROUPS = ("government", "vc_self_regulatory", "outside")
CONCESSION_STAGES = (
    "applied",
    "reviewed",
    "submitted",
    "decided",
    "notice",
    "objection",
    "cleared",
    "executed",
    "rejected",
)


def _in(column: str, values: Sequence[str]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _created() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("request_id", sa.String(128)),
    ]


def upgrade() -> None:
    op.create_table(
        "applications",
        sa.Column("application_id", UUID(as_uuid=True), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("applicant", sa.String(200), nullable=False),
        sa.Column("region", sa.String(6)),
        sa.Column("stage", sa.String(40), nullable=False),
        sa.Column("facts", JSONB, nullable=False),
        sa.Column("check_decision_id", UUID(as_uuid=True)),
        sa.Column("check_outcome", sa.String(20)),
        sa.Column("submitted_on", sa.Date),
        sa.Column("approved_on", sa.Date),
        sa.Column("notice_started_on", sa.Date),
        sa.Column("objection_raised_on", sa.Date),
        sa.Column("sign_extension_months", sa.Integer, nullable=False, server_default="0"),
        sa.Column("signed_on", sa.Date),
        sa.Column("filed_on", sa.Date),
        sa.Column("last_action_on", sa.Date),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        *_created(),
        sa.PrimaryKeyConstraint("application_id", name=op.f("pk_applications")),
        sa.CheckConstraint(_in("stage", STAGES), name=op.f("ck_applications_stage")),
        sa.CheckConstraint(
            "sign_extension_months BETWEEN 0 AND 12",
            name=op.f("ck_applications_extension_range"),
        ),
        sa.CheckConstraint("version >= 1", name=op.f("ck_applications_version_positive")),
        sa.CheckConstraint(
            "filed_on IS NULL OR (signed_on IS NOT NULL AND filed_on >= signed_on)",
            name=op.f("ck_applications_filed_after_signed"),
        ),
        sa.CheckConstraint(
            "signed_on IS NULL OR (approved_on IS NOT NULL AND signed_on >= approved_on)",
            name=op.f("ck_applications_signed_after_approved"),
        ),
        schema=SCHEMA,
    )
    op.create_index("ix_applications_stage", "applications", ["stage"], schema=SCHEMA)
    op.create_index(
        "ix_applications_created", "applications", ["created_at", "application_id"], schema=SCHEMA
    )

    op.create_table(
        "application_transitions",
        sa.Column("transition_id", UUID(as_uuid=True), nullable=False),
        sa.Column("application_id", UUID(as_uuid=True), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("from_stage", sa.String(40), nullable=False),
        sa.Column("to_stage", sa.String(40), nullable=False),
        sa.Column("on", sa.Date, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("extension_months", sa.Integer),
        *_created(),
        sa.PrimaryKeyConstraint("transition_id", name=op.f("pk_application_transitions")),
        sa.ForeignKeyConstraint(
            ["application_id"],
            [f"{SCHEMA}.applications.application_id"],
            name=op.f("fk_application_transitions_application_id_applications"),
        ),
        sa.UniqueConstraint(
            "application_id", "seq", name=op.f("uq_application_transitions_application_id_seq")
        ),
        sa.CheckConstraint(
            _in("from_stage", STAGES), name=op.f("ck_application_transitions_from_stage")
        ),
        sa.CheckConstraint(
            _in("to_stage", STAGES), name=op.f("ck_application_transitions_to_stage")
        ),
        schema=SCHEMA,
    )

    op.create_table(
        "expert_opinions",
        sa.Column("opinion_id", UUID(as_uuid=True), nullable=False),
        sa.Column("application_id", UUID(as_uuid=True), nullable=False),
        sa.Column("transition_id", UUID(as_uuid=True), nullable=False),
        sa.Column("expert", sa.String(200), nullable=False),
        sa.Column("expert_group", sa.String(40), nullable=False),
        sa.Column("opinion_given", sa.Boolean, nullable=False),
        sa.Column("independent", sa.Boolean, nullable=False),
        sa.Column("recommendation", sa.String(20)),
        sa.Column("opinion", sa.Text, nullable=False, server_default=""),
        *_created(),
        sa.PrimaryKeyConstraint("opinion_id", name=op.f("pk_expert_opinions")),
        sa.ForeignKeyConstraint(
            ["application_id"],
            [f"{SCHEMA}.applications.application_id"],
            name=op.f("fk_expert_opinions_application_id_applications"),
        ),
        sa.ForeignKeyConstraint(
            ["transition_id"],
            [f"{SCHEMA}.application_transitions.transition_id"],
            name=op.f("fk_expert_opinions_transition_id_application_transitions"),
        ),
        sa.CheckConstraint(
            _in("expert_group", EXPERT_GROUPS), name=op.f("ck_expert_opinions_expert_group")
        ),
        schema=SCHEMA,
    )
    op.create_index(
        "ix_expert_opinions_application_id", "expert_opinions", ["application_id"], schema=SCHEMA
    )

    op.create_table(
        "concessions",
        sa.Column("concession_id", UUID(as_uuid=True), nullable=False),
        sa.Column("sub_fund_id", UUID(as_uuid=True), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("stage", sa.String(30), nullable=False),
        sa.Column("applicant", sa.String(200), nullable=False),
        sa.Column("region", sa.String(6)),
        sa.Column("amount", sa.Numeric(18, 2)),
        sa.Column("inputs", JSONB, nullable=False),
        sa.Column("result", JSONB, nullable=False),
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
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        *_created(),
        sa.PrimaryKeyConstraint("concession_id", name=op.f("pk_concessions")),
        sa.CheckConstraint(
            _in("kind", ("pre_liquidation", "post_liquidation")), name=op.f("ck_concessions_kind")
        ),
        sa.CheckConstraint(_in("stage", CONCESSION_STAGES), name=op.f("ck_concessions_stage")),
        sa.CheckConstraint("version >= 1", name=op.f("ck_concessions_version_positive")),
        sa.CheckConstraint("amount IS NULL OR amount >= 0", name=op.f("ck_concessions_amount")),
        schema=SCHEMA,
    )
    op.create_index("ix_concessions_sub_fund_id", "concessions", ["sub_fund_id"], schema=SCHEMA)

    op.create_table(
        "concession_transitions",
        sa.Column("transition_id", UUID(as_uuid=True), nullable=False),
        sa.Column("concession_id", UUID(as_uuid=True), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("action", sa.String(30), nullable=False),
        sa.Column("from_stage", sa.String(30), nullable=False),
        sa.Column("to_stage", sa.String(30), nullable=False),
        sa.Column("on", sa.Date, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        *_created(),
        sa.PrimaryKeyConstraint("transition_id", name=op.f("pk_concession_transitions")),
        sa.ForeignKeyConstraint(
            ["concession_id"],
            [f"{SCHEMA}.concessions.concession_id"],
            name=op.f("fk_concession_transitions_concession_id_concessions"),
        ),
        sa.UniqueConstraint(
            "concession_id", "seq", name=op.f("uq_concession_transitions_concession_id_seq")
        ),
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_table("concession_transitions", schema=SCHEMA)
    op.drop_table("concessions", schema=SCHEMA)
    op.drop_table("expert_opinions", schema=SCHEMA)
    op.drop_table("application_transitions", schema=SCHEMA)
    op.drop_table("applications", schema=SCHEMA)
