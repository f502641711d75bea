"""Tenant applications, projects and their joint review, deadlines, market rents, leases and
renewals, title acts and integrity records.

Revision ID: housing_0004
Revises: housing_0003
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, UUID

revision: str = "housing_0004"
down_revision: str | None = "housing_0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "housing"
MONEY = sa.Numeric(16, 2)
AREA = sa.Numeric(12, 2)

APPLICATION_STATUSES = ("submitted", "eligible", "ineligible", "allocated", "exited", "withdrawn")
PROJECT_STAGES = ("draft", "under_review", "recognised", "refused", "withdrawn")
MODES = ("new_build", "housing_conversion", "non_residential_conversion")
LAND = (
    "enterprise_own_idle_land",
    "industrial_park_supporting",
    "idle_existing_buildings",
    "collective_commercial_land",
    "new_state_land",
)
UNIT_TYPES = ("dormitory", "residential")
DEADLINE_KINDS = ("review_opinion", "review_decision", "lease_end")
DEADLINE_STATUSES = ("open", "met", "cancelled")
EXIT_REASONS = (
    "term_ended",
    "voluntary",
    "public_rental_housing",
    "property_housing",
    "damage",
    "unauthorised_renovation",
    "subletting",
    "lending",
    "change_of_use",
)
ROLES = ("investor", "builder", "operator", "employer", "tenant")


def _in(column: str, values: Sequence[str]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


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


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{SCHEMA}.{target}.{column}"],
        name=op.f(f"fk_{table}_{column}_{target}"),
    )


def upgrade() -> None:
    op.create_table(
        "tenant_applications",
        sa.Column("application_id", UUID(as_uuid=True), nullable=False),
        sa.Column("resident_id_hash", sa.String(64), nullable=False),
        sa.Column("resident_id_masked", sa.String(20), nullable=False),
        sa.Column("name", sa.String(100)),
        sa.Column("work_district", sa.String(6), nullable=False),
        sa.Column("employer_name", sa.String(200), nullable=False),
        sa.Column("employer_uscc_hash", sa.String(64), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("facts", JSONB, nullable=False),
        sa.Column("check_decision_id", UUID(as_uuid=True), nullable=False),
        sa.Column("check_outcome", sa.String(20), nullable=False),
        sa.Column("checked_as_of", sa.Date, nullable=False),
        sa.Column("reviewed_on", sa.Date),
        *_versioned(),
        *_created(),
        sa.PrimaryKeyConstraint("application_id", name=op.f("pk_tenant_applications")),
        sa.CheckConstraint(
            _in("status", APPLICATION_STATUSES), name=op.f("ck_tenant_applications_status")
        ),
        sa.CheckConstraint("version >= 1", name=op.f("ck_tenant_applications_version")),
        schema=SCHEMA,
    )
    op.create_index(
        "ix_tenant_applications_resident",
        "tenant_applications",
        ["resident_id_hash"],
        schema=SCHEMA,
    )
    # One live application per person (submitted, eligible or allocated).
    op.create_index(
        "uq_tenant_applications_live_person",
        "tenant_applications",
        ["resident_id_hash"],
        unique=True,
        schema=SCHEMA,
        postgresql_where=sa.text("status IN ('submitted', 'eligible', 'ineligible', 'allocated')"),
    )
    op.create_index(
        "ix_tenant_applications_created",
        "tenant_applications",
        ["created_at", "application_id"],
        schema=SCHEMA,
    )

    op.create_table(
        "projects",
        sa.Column("project_id", UUID(as_uuid=True), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("district", sa.String(6), nullable=False),
        sa.Column("construction_mode", sa.String(40), nullable=False),
        sa.Column("land_source", sa.String(40), nullable=False),
        sa.Column("investor_name", sa.String(200), nullable=False),
        sa.Column("investor_uscc", sa.String(18), nullable=False),
        sa.Column("investor_uscc_hash", sa.String(64), nullable=False),
        sa.Column("operator_name", sa.String(200)),
        sa.Column("operator_uscc", sa.String(18)),
        sa.Column("operator_uscc_hash", sa.String(64)),
        sa.Column("builder_name", sa.String(200)),
        sa.Column("builder_uscc", sa.String(18)),
        sa.Column("builder_uscc_hash", sa.String(64)),
        sa.Column("stage", sa.String(20), nullable=False),
        sa.Column("facts", JSONB, nullable=False),
        sa.Column("check_decision_id", UUID(as_uuid=True), nullable=False),
        sa.Column("check_outcome", sa.String(20), nullable=False),
        sa.Column("plans", JSONB, nullable=False),
        sa.Column("required_departments", JSONB),
        sa.Column("submitted_on", sa.Date),
        sa.Column("certificate_no", sa.String(100)),
        sa.Column("certificate_issued_on", sa.Date),
        sa.Column("certificate_decision_id", UUID(as_uuid=True)),
        sa.Column("closed_on", sa.Date),
        *_versioned(),
        *_created(),
        sa.PrimaryKeyConstraint("project_id", name=op.f("pk_projects")),
        sa.UniqueConstraint("certificate_no", name=op.f("uq_projects_certificate_no")),
        sa.CheckConstraint(_in("stage", PROJECT_STAGES), name=op.f("ck_projects_stage")),
        sa.CheckConstraint(_in("construction_mode", MODES), name=op.f("ck_projects_mode")),
        sa.CheckConstraint(_in("land_source", LAND), name=op.f("ck_projects_land_source")),
        sa.CheckConstraint(
            "(stage = 'recognised') = (certificate_no IS NOT NULL AND certificate_issued_on IS NOT NULL)",
            name=op.f("ck_projects_certificate"),
        ),
        sa.CheckConstraint("version >= 1", name=op.f("ck_projects_version")),
        schema=SCHEMA,
    )
    op.create_index("ix_projects_created", "projects", ["created_at", "project_id"], schema=SCHEMA)
    for party in ("investor", "operator", "builder"):
        op.create_index(
            f"ix_projects_{party}_uscc_hash", "projects", [f"{party}_uscc_hash"], schema=SCHEMA
        )

    op.create_table(
        "project_steps",
        sa.Column("transition_id", UUID(as_uuid=True), nullable=False),
        sa.Column("project_id", UUID(as_uuid=True), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("action", sa.String(30), nullable=False),
        sa.Column("from_stage", sa.String(30), nullable=False),
        sa.Column("to_stage", sa.String(30), nullable=False),
        sa.Column("on", sa.Date, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        *_created(),
        sa.PrimaryKeyConstraint("transition_id", name=op.f("pk_project_steps")),
        _fk("project_steps", "project_id", "projects"),
        sa.UniqueConstraint("project_id", "seq", name=op.f("uq_project_steps_project_id_seq")),
        schema=SCHEMA,
    )

    op.create_table(
        "review_opinions",
        sa.Column("opinion_id", UUID(as_uuid=True), nullable=False),
        sa.Column("project_id", UUID(as_uuid=True), nullable=False),
        sa.Column("department", sa.String(60), nullable=False),
        sa.Column("reviewer", sa.String(200), nullable=False),
        sa.Column("given_on", sa.Date, nullable=False),
        sa.Column("agrees", sa.Boolean, nullable=False),
        sa.Column("reasons", sa.Text, nullable=False),
        *_created(),
        sa.PrimaryKeyConstraint("opinion_id", name=op.f("pk_review_opinions")),
        _fk("review_opinions", "project_id", "projects"),
        sa.CheckConstraint("agrees OR reasons <> ''", name=op.f("ck_review_opinions_reasons")),
        schema=SCHEMA,
    )
    op.create_index("ix_review_opinions_project", "review_opinions", ["project_id"], schema=SCHEMA)

    op.create_table(
        "deadlines",
        sa.Column("deadline_id", UUID(as_uuid=True), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("rule_id", sa.String(40), nullable=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("due", sa.Date, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("done_on", sa.Date),
        sa.Column("county", sa.String(6)),
        sa.Column("entity", sa.String(300), nullable=False),
        sa.Column("project_id", UUID(as_uuid=True)),
        sa.Column("lease_id", UUID(as_uuid=True)),
        sa.Column("department", sa.String(60)),
        sa.Column("note", sa.Text),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        *_created(),
        sa.PrimaryKeyConstraint("deadline_id", name=op.f("pk_deadlines")),
        sa.CheckConstraint(_in("kind", DEADLINE_KINDS), name=op.f("ck_deadlines_kind")),
        sa.CheckConstraint(_in("status", DEADLINE_STATUSES), name=op.f("ck_deadlines_status")),
        sa.CheckConstraint(
            "(status = 'met') = (done_on IS NOT NULL)", name=op.f("ck_deadlines_done_on")
        ),
        schema=SCHEMA,
    )
    op.create_index("ix_deadlines_due", "deadlines", ["due", "deadline_id"], schema=SCHEMA)
    op.create_index("ix_deadlines_project", "deadlines", ["project_id"], schema=SCHEMA)
    op.create_index("ix_deadlines_lease", "deadlines", ["lease_id"], schema=SCHEMA)

    op.create_table(
        "market_rents",
        sa.Column("market_rent_id", UUID(as_uuid=True), nullable=False),
        sa.Column("project_id", UUID(as_uuid=True), nullable=False),
        sa.Column("unit_type", sa.String(20)),
        sa.Column("unit_area", AREA),
        sa.Column("amount", MONEY, nullable=False),
        sa.Column("basis", sa.String(20), nullable=False),
        sa.Column("source", sa.String(40), nullable=False),
        sa.Column("valued_on", sa.Date, nullable=False),
        sa.Column("appraiser", sa.String(200)),
        sa.Column("commissioned_by", sa.String(20)),
        sa.Column("reference", sa.String(200)),
        *_created(),
        sa.PrimaryKeyConstraint("market_rent_id", name=op.f("pk_market_rents")),
        _fk("market_rents", "project_id", "projects"),
        sa.CheckConstraint("amount > 0", name=op.f("ck_market_rents_amount")),
        sa.CheckConstraint(
            "unit_type IS NULL OR " + _in("unit_type", UNIT_TYPES),
            name=op.f("ck_market_rents_unit_type"),
        ),
        sa.CheckConstraint(
            "unit_area IS NULL OR (unit_type IS NOT NULL AND unit_area > 0)",
            name=op.f("ck_market_rents_unit_area"),
        ),
        sa.CheckConstraint(
            _in("basis", ("per_unit", "per_m2")), name=op.f("ck_market_rents_basis")
        ),
        sa.CheckConstraint(
            _in("source", ("third_party_appraisal", "government_reference")),
            name=op.f("ck_market_rents_source"),
        ),
        schema=SCHEMA,
    )
    op.create_index(
        "ix_market_rents_project", "market_rents", ["project_id", "valued_on"], schema=SCHEMA
    )

    op.create_table(
        "leases",
        sa.Column("lease_id", UUID(as_uuid=True), nullable=False),
        sa.Column("project_id", UUID(as_uuid=True), nullable=False),
        sa.Column("application_id", UUID(as_uuid=True), nullable=False),
        sa.Column("resident_id_hash", sa.String(64), nullable=False),
        sa.Column("resident_id_masked", sa.String(20), nullable=False),
        sa.Column("county", sa.String(6), nullable=False),
        sa.Column("unit_label", sa.String(60), nullable=False),
        sa.Column("unit_type", sa.String(20), nullable=False),
        sa.Column("unit_area", AREA, nullable=False),
        sa.Column("starts_on", sa.Date, nullable=False),
        sa.Column("original_ends_on", sa.Date, nullable=False),
        sa.Column("ends_on", sa.Date, nullable=False),
        sa.Column("monthly_rent", MONEY, nullable=False),
        sa.Column("market_rent_id", UUID(as_uuid=True), nullable=False),
        sa.Column("renewals", sa.Integer, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("ended_on", sa.Date),
        sa.Column("end_reason", sa.String(40)),
        sa.Column("end_note", sa.Text),
        sa.Column("decision_id", UUID(as_uuid=True), nullable=False),
        *_versioned(),
        *_created(),
        sa.PrimaryKeyConstraint("lease_id", name=op.f("pk_leases")),
        _fk("leases", "project_id", "projects"),
        _fk("leases", "application_id", "tenant_applications"),
        sa.ForeignKeyConstraint(
            ["market_rent_id"],
            [f"{SCHEMA}.market_rents.market_rent_id"],
            name=op.f("fk_leases_market_rent_id_market_rents"),
        ),
        sa.CheckConstraint(_in("status", ("active", "ended")), name=op.f("ck_leases_status")),
        sa.CheckConstraint(_in("unit_type", UNIT_TYPES), name=op.f("ck_leases_unit_type")),
        sa.CheckConstraint(
            "ends_on >= original_ends_on AND original_ends_on >= starts_on",
            name=op.f("ck_leases_dates"),
        ),
        sa.CheckConstraint("monthly_rent > 0", name=op.f("ck_leases_rent")),
        sa.CheckConstraint(
            "(status = 'ended') = (ended_on IS NOT NULL AND end_reason IS NOT NULL)",
            name=op.f("ck_leases_ended"),
        ),
        sa.CheckConstraint(
            "end_reason IS NULL OR " + _in("end_reason", EXIT_REASONS),
            name=op.f("ck_leases_end_reason"),
        ),
        schema=SCHEMA,
    )
    op.create_index(
        "uq_leases_active_unit",
        "leases",
        ["project_id", "unit_label"],
        unique=True,
        schema=SCHEMA,
        postgresql_where=sa.text("status = 'active'"),
    )
    op.create_index(
        "uq_leases_active_application",
        "leases",
        ["application_id"],
        unique=True,
        schema=SCHEMA,
        postgresql_where=sa.text("status = 'active'"),
    )
    op.create_index("ix_leases_resident", "leases", ["resident_id_hash"], schema=SCHEMA)
    op.create_index("ix_leases_created", "leases", ["created_at", "lease_id"], schema=SCHEMA)

    op.create_table(
        "lease_renewals",
        sa.Column("renewal_id", UUID(as_uuid=True), nullable=False),
        sa.Column("lease_id", UUID(as_uuid=True), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("agreed_on", sa.Date, nullable=False),
        sa.Column("starts_on", sa.Date, nullable=False),
        sa.Column("ends_on", sa.Date, nullable=False),
        sa.Column("monthly_rent", MONEY, nullable=False),
        sa.Column("special_reason", sa.Text, nullable=False),
        sa.Column("market_rent_id", UUID(as_uuid=True), nullable=False),
        sa.Column("decision_id", UUID(as_uuid=True), nullable=False),
        *_created(),
        sa.PrimaryKeyConstraint("renewal_id", name=op.f("pk_lease_renewals")),
        _fk("lease_renewals", "lease_id", "leases"),
        sa.UniqueConstraint("lease_id", "seq", name=op.f("uq_lease_renewals_lease_id_seq")),
        sa.CheckConstraint("ends_on >= starts_on", name=op.f("ck_lease_renewals_dates")),
        schema=SCHEMA,
    )

    op.create_table(
        "title_acts",
        sa.Column("act_id", UUID(as_uuid=True), nullable=False),
        sa.Column("project_id", UUID(as_uuid=True), nullable=False),
        sa.Column("act", sa.String(20), nullable=False),
        sa.Column("on", sa.Date, nullable=False),
        sa.Column("facts", JSONB, nullable=False),
        sa.Column("decision_id", UUID(as_uuid=True), nullable=False),
        *_created(),
        sa.PrimaryKeyConstraint("act_id", name=op.f("pk_title_acts")),
        _fk("title_acts", "project_id", "projects"),
        sa.CheckConstraint(
            _in("act", ("registration", "transfer", "mortgage", "sale")),
            name=op.f("ck_title_acts_act"),
        ),
        schema=SCHEMA,
    )
    op.create_index("ix_title_acts_project", "title_acts", ["project_id", "on"], schema=SCHEMA)

    op.create_table(
        "integrity_records",
        sa.Column("record_id", UUID(as_uuid=True), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("party_hash", sa.String(64), nullable=False),
        sa.Column("party_masked", sa.String(20), nullable=False),
        sa.Column("party_uscc", sa.String(18)),
        sa.Column("party_name", sa.String(200)),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("occurred_on", sa.Date, nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("rule_id", sa.String(40)),
        sa.Column("project_id", UUID(as_uuid=True)),
        sa.Column("lease_id", UUID(as_uuid=True)),
        sa.Column("decision_id", UUID(as_uuid=True), nullable=False),
        *_created(),
        sa.PrimaryKeyConstraint("record_id", name=op.f("pk_integrity_records")),
        sa.CheckConstraint(_in("role", ROLES), name=op.f("ck_integrity_records_role")),
        sa.CheckConstraint(
            _in("kind", ("violation", "commendation")), name=op.f("ck_integrity_records_kind")
        ),
        sa.CheckConstraint(
            "(role = 'tenant') = (party_uscc IS NULL)", name=op.f("ck_integrity_records_party")
        ),
        schema=SCHEMA,
    )
    op.create_index(
        "ix_integrity_records_party", "integrity_records", ["party_hash"], schema=SCHEMA
    )
    op.create_index(
        "ix_integrity_records_created",
        "integrity_records",
        ["created_at", "record_id"],
        schema=SCHEMA,
    )


def downgrade() -> None:
    for table in (
        "integrity_records",
        "title_acts",
        "lease_renewals",
        "leases",
        "market_rents",
        "deadlines",
        "review_opinions",
        "project_steps",
        "projects",
        "tenant_applications",
    ):
        op.drop_table(table, schema=SCHEMA)
