"""Alembic operations for the platform tables every service schema carries.

Each service's `0002_audit_rules_calendar.py` calls `upgrade_0002(SCHEMA)` / `downgrade_0002`.
These functions are part of released migrations: never change what they do. A later change to
these tables gets a new function (`upgrade_0003`, …) and a new revision in every service.

What 0002 creates, in the service's schema:

- `audit_log`: the hash-chained audit trail. The service role may INSERT and SELECT only
  (UPDATE, DELETE, TRUNCATE revoked, although the schema's default privileges grant more); a
  trigger refuses UPDATE, DELETE and TRUNCATE even for the owner unless it deliberately disables
  the trigger first — which the hash chain and the signed checkpoints then expose.
- `calendar_years`: published holiday notices, versioned (CAL-COVERAGE).
- `parameter_values`: operator-set parameter values, effective-dated, by region.
- `decisions`: stored evaluations with their findings, parameters and trace.

The last three are append-only for the service role as well (INSERT, SELECT).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, UUID

from govkit.migrations import app_role

APPEND_ONLY_TABLES = ("audit_log", "calendar_years", "parameter_values", "decisions")
_NOW = sa.text("now()")


def restrict_to_insert_select(schema: str, table: str) -> None:
    """The service role may INSERT and SELECT `table`, nothing else."""
    role = app_role(schema)
    op.execute(
        f'REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON "{schema}"."{table}" FROM "{role}"'
    )
    op.execute(f'GRANT SELECT, INSERT ON "{schema}"."{table}" TO "{role}"')


def create_audit_log(schema: str) -> None:
    op.create_table(
        "audit_log",
        sa.Column("sequence", sa.BigInteger, nullable=False, autoincrement=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_client", sa.String(200), nullable=False),
        sa.Column("actor_user", sa.String(200)),
        sa.Column("request_id", sa.String(128)),
        sa.Column("action", sa.String(100), nullable=False),
        sa.Column("entity_type", sa.String(100), nullable=False),
        sa.Column("entity_id", sa.String(200), nullable=False),
        sa.Column("before", sa.JSON),  # json, not jsonb: stored text hashes back exactly
        sa.Column("after", sa.JSON),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("sequence", name=op.f("pk_audit_log")),
        sa.UniqueConstraint("hash", name=op.f("uq_audit_log_hash")),
        sa.CheckConstraint("sequence > 0", name=op.f("ck_audit_log_sequence_positive")),
        sa.CheckConstraint(
            "hash ~ '^[0-9a-f]{64}$' AND prev_hash ~ '^[0-9a-f]{64}$'",
            name=op.f("ck_audit_log_hash_hex"),
        ),
        schema=schema,
    )
    op.create_index(
        op.f("ix_audit_log_entity"),
        "audit_log",
        ["entity_type", "entity_id", "sequence"],
        schema=schema,
    )
    op.create_index(op.f("ix_audit_log_occurred_at"), "audit_log", ["occurred_at"], schema=schema)
    op.create_index(op.f("ix_audit_log_actor_client"), "audit_log", ["actor_client"], schema=schema)
    op.create_index(op.f("ix_audit_log_actor_user"), "audit_log", ["actor_user"], schema=schema)
    op.create_index(op.f("ix_audit_log_action"), "audit_log", ["action"], schema=schema)
    op.execute(
        f'CREATE FUNCTION "{schema}".audit_log_append_only() RETURNS trigger '
        "LANGUAGE plpgsql AS $$ BEGIN "
        "RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP "
        "USING ERRCODE = 'insufficient_privilege'; "
        "END $$"
    )
    op.execute(
        f'CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON "{schema}".audit_log '
        f'FOR EACH ROW EXECUTE FUNCTION "{schema}".audit_log_append_only()'
    )
    op.execute(
        f'CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON "{schema}".audit_log '
        f'FOR EACH STATEMENT EXECUTE FUNCTION "{schema}".audit_log_append_only()'
    )


def drop_audit_log(schema: str) -> None:
    op.drop_table("audit_log", schema=schema)  # drops its triggers
    op.execute(f'DROP FUNCTION IF EXISTS "{schema}".audit_log_append_only()')


def create_calendar_years(schema: str) -> None:
    op.create_table(
        "calendar_years",
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("holidays", JSONB, nullable=False),
        sa.Column("makeup_days", JSONB, nullable=False),
        sa.Column("notice_no", sa.String(200), nullable=False),
        sa.Column("notice_date", sa.Date, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False, server_default=_NOW),
        sa.Column("published_by", sa.String(200), nullable=False),
        sa.Column("published_by_user", sa.String(200)),
        sa.PrimaryKeyConstraint("year", "version", name=op.f("pk_calendar_years")),
        sa.CheckConstraint("year BETWEEN 1949 AND 2999", name=op.f("ck_calendar_years_year")),
        sa.CheckConstraint("version >= 1", name=op.f("ck_calendar_years_version")),
        schema=schema,
    )


def create_parameter_values(schema: str) -> None:
    op.create_table(
        "parameter_values",
        sa.Column("id", sa.BigInteger, sa.Identity(always=True), nullable=False),
        sa.Column("path", sa.String(200), nullable=False),
        sa.Column("region", sa.String(12)),
        sa.Column("value", JSONB),
        sa.Column("effective_from", sa.Date, nullable=False),
        sa.Column("effective_to", sa.Date),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=_NOW),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_by_user", sa.String(200)),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_parameter_values")),
        sa.CheckConstraint(
            "effective_to IS NULL OR effective_to >= effective_from",
            name=op.f("ck_parameter_values_effective_range"),
        ),
        schema=schema,
    )
    op.create_index(
        op.f("ix_parameter_values_path_region_effective_from"),
        "parameter_values",
        ["path", "region", "effective_from"],
        schema=schema,
    )


def create_decisions(schema: str) -> None:
    op.create_table(
        "decisions",
        sa.Column("decision_id", UUID(as_uuid=True), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("rules_version", sa.String(100), nullable=False),
        sa.Column("findings", JSONB, nullable=False),
        sa.Column("parameters_used", JSONB, nullable=False),
        sa.Column("trace", JSONB, nullable=False),
        sa.Column("warnings", JSONB, nullable=False),
        sa.Column("result", JSONB, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=_NOW),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_by_user", sa.String(200)),
        sa.Column("request_id", sa.String(128)),
        sa.PrimaryKeyConstraint("decision_id", name=op.f("pk_decisions")),
        schema=schema,
    )
    op.create_index(
        op.f("ix_decisions_subject_created_at"),
        "decisions",
        ["subject", "created_at"],
        schema=schema,
    )


def upgrade_0002(schema: str) -> None:
    """Audit log, calendar publications, parameter values and decisions (append-only)."""
    create_audit_log(schema)
    create_calendar_years(schema)
    create_parameter_values(schema)
    create_decisions(schema)
    for table in APPEND_ONLY_TABLES:
        restrict_to_insert_select(schema, table)


def downgrade_0002(schema: str) -> None:
    op.drop_table("decisions", schema=schema)
    op.drop_table("parameter_values", schema=schema)
    op.drop_table("calendar_years", schema=schema)
    drop_audit_log(schema)
