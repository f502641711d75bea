"""Tables of the housing service, all in schema "housing".

This module holds the metadata and the reference data every part reads: the districts (county
codes with name and tier, effective-dated versions) and the yearly figures the targets are
assessed on. Both are append-only: a new row supersedes an earlier one for the same key, and
both stay on record. Each part's own tables live beside it on the same metadata. Money is
NUMERIC(16,2), areas NUMERIC(12,2) (m² or 亩).
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, UUID

from govkit.db import make_metadata
from govkit.store.columns import created_columns, required_ref, step_columns, versioned_columns

SCHEMA = "housing"
metadata = make_metadata(SCHEMA)

MONEY = sa.Numeric(16, 2)
AREA = sa.Numeric(12, 2)

# A district's version in force on a day: the latest row (by id) among those with the highest
# effective_from on or before it whose effective_to has not passed.
districts = sa.Table(
    "districts",
    metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(always=True), primary_key=True),
    sa.Column("code", sa.String(6), nullable=False),
    sa.Column("name", sa.String(50), nullable=False),
    sa.Column("tier", sa.String(20), nullable=False),  # housing.domain.Tier
    sa.Column("effective_from", sa.Date, nullable=False),
    sa.Column("effective_to", sa.Date),
    sa.Column("source", sa.Text, nullable=False),
    *created_columns(),
)

# One district's figures for one year; the row with the highest version counts.
district_figures = sa.Table(
    "district_figures",
    metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(always=True), primary_key=True),
    sa.Column("district", sa.String(6), nullable=False),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("new_housing_units", sa.Integer, nullable=False),
    sa.Column("new_affordable_units", sa.Integer, nullable=False),
    sa.Column("affordable_units_raised", sa.Integer, nullable=False),
    sa.Column("residential_land_area", AREA),
    sa.Column("affordable_land_area", AREA),
    sa.Column("source", sa.Text, nullable=False),
    *created_columns(),
    sa.UniqueConstraint("district", "year", "version"),
)


# ---- tenants, projects, the joint review, rents, leases, title, integrity records ----------

tenant_applications = sa.Table(
    "tenant_applications",
    metadata,
    sa.Column("application_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("resident_id_hash", sa.String(64), nullable=False),
    sa.Column("resident_id_masked", sa.String(20), nullable=False),
    sa.Column("name", sa.String(100)),
    sa.Column("work_district", sa.String(6), nullable=False),
    sa.Column("employer_name", sa.String(200), nullable=False),
    sa.Column("employer_uscc_hash", sa.String(64), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),  # housing.service.tenants.Status
    sa.Column("facts", JSONB, nullable=False),  # the facts the check evaluated (no resident ID)
    sa.Column("check_decision_id", UUID(as_uuid=True), nullable=False),
    sa.Column("check_outcome", sa.String(20), nullable=False),
    sa.Column("checked_as_of", sa.Date, nullable=False),
    sa.Column("reviewed_on", sa.Date),
    *versioned_columns(),
    *created_columns(),
)

projects = sa.Table(
    "projects",
    metadata,
    sa.Column("project_id", UUID(as_uuid=True), primary_key=True),
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
    sa.Column("stage", sa.String(20), nullable=False),  # housing.service.projects.Stage
    sa.Column("facts", JSONB, nullable=False),
    sa.Column("check_decision_id", UUID(as_uuid=True), nullable=False),
    sa.Column("check_outcome", sa.String(20), nullable=False),
    sa.Column("plans", JSONB, nullable=False),  # the plans the joint review examines
    sa.Column("required_departments", JSONB),  # fixed when submitted
    sa.Column("submitted_on", sa.Date),
    sa.Column("certificate_no", sa.String(100), unique=True),
    sa.Column("certificate_issued_on", sa.Date),
    sa.Column("certificate_decision_id", UUID(as_uuid=True)),
    sa.Column("closed_on", sa.Date),  # refused or withdrawn
    *versioned_columns(),
    *created_columns(),
)

project_steps = sa.Table(
    "project_steps",
    metadata,
    sa.Column("transition_id", UUID(as_uuid=True), primary_key=True),
    required_ref("project_id", "projects.project_id"),
    *step_columns(30),
    *created_columns(),
    sa.UniqueConstraint("project_id", "seq"),
)

review_opinions = sa.Table(
    "review_opinions",
    metadata,
    sa.Column("opinion_id", UUID(as_uuid=True), primary_key=True),
    required_ref("project_id", "projects.project_id"),
    sa.Column("department", sa.String(60), nullable=False),
    sa.Column("reviewer", sa.String(200), nullable=False),
    sa.Column("given_on", sa.Date, nullable=False),
    sa.Column("agrees", sa.Boolean, nullable=False),
    sa.Column("reasons", sa.Text, nullable=False),
    *created_columns(),
)

# Every deadline and tracked end date: the review's steps where the county sets a period, and
# each lease's end. "Overdue" is not stored: open and due before the as-of day.
deadlines = sa.Table(
    "deadlines",
    metadata,
    sa.Column("deadline_id", UUID(as_uuid=True), primary_key=True),
    sa.Column(
        "kind", sa.String(30), nullable=False
    ),  # review_opinion | review_decision | lease_end
    sa.Column("rule_id", sa.String(40), nullable=False),
    sa.Column("subject", sa.Text, nullable=False),
    sa.Column("due", sa.Date, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),  # open | met | cancelled
    sa.Column("done_on", sa.Date),
    sa.Column("county", sa.String(6)),
    sa.Column("entity", sa.String(300), nullable=False),
    sa.Column("project_id", UUID(as_uuid=True)),
    sa.Column("lease_id", UUID(as_uuid=True)),
    sa.Column("department", sa.String(60)),
    sa.Column("note", sa.Text),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    *created_columns(),
)

market_rents = sa.Table(
    "market_rents",
    metadata,
    sa.Column("market_rent_id", UUID(as_uuid=True), primary_key=True),
    required_ref("project_id", "projects.project_id"),
    sa.Column("unit_type", sa.String(20)),  # null: every unit of the project
    sa.Column("unit_area", AREA),  # null: every area of the type
    sa.Column("amount", MONEY, nullable=False),
    sa.Column("basis", sa.String(20), nullable=False),
    sa.Column("source", sa.String(40), nullable=False),
    sa.Column("valued_on", sa.Date, nullable=False),
    sa.Column("appraiser", sa.String(200)),
    sa.Column("commissioned_by", sa.String(20)),
    sa.Column("reference", sa.String(200)),
    *created_columns(),
)

leases = sa.Table(
    "leases",
    metadata,
    sa.Column("lease_id", UUID(as_uuid=True), primary_key=True),
    required_ref("project_id", "projects.project_id"),
    required_ref("application_id", "tenant_applications.application_id"),
    sa.Column("resident_id_hash", sa.String(64), nullable=False),
    sa.Column("resident_id_masked", sa.String(20), nullable=False),
    sa.Column("county", sa.String(6), nullable=False),
    sa.Column("unit_label", sa.String(60), nullable=False),
    sa.Column("unit_type", sa.String(20), nullable=False),
    sa.Column("unit_area", AREA, nullable=False),
    sa.Column("starts_on", sa.Date, nullable=False),
    sa.Column("original_ends_on", sa.Date, nullable=False),
    sa.Column("ends_on", sa.Date, nullable=False),  # after renewals
    sa.Column("monthly_rent", MONEY, nullable=False),  # the rent in force
    sa.Column("market_rent_id", UUID(as_uuid=True), nullable=False),
    sa.Column("renewals", sa.Integer, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),  # active | ended
    sa.Column("ended_on", sa.Date),
    sa.Column("end_reason", sa.String(40)),
    sa.Column("end_note", sa.Text),
    sa.Column("decision_id", UUID(as_uuid=True), nullable=False),
    *versioned_columns(),
    *created_columns(),
)

lease_renewals = sa.Table(
    "lease_renewals",
    metadata,
    sa.Column("renewal_id", UUID(as_uuid=True), primary_key=True),
    required_ref("lease_id", "leases.lease_id"),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("agreed_on", sa.Date, nullable=False),
    sa.Column("starts_on", sa.Date, nullable=False),
    sa.Column("ends_on", sa.Date, nullable=False),
    sa.Column("monthly_rent", MONEY, nullable=False),
    sa.Column("special_reason", sa.Text, nullable=False),
    sa.Column("market_rent_id", UUID(as_uuid=True), nullable=False),
    sa.Column("decision_id", UUID(as_uuid=True), nullable=False),
    *created_columns(),
    sa.UniqueConstraint("lease_id", "seq"),
)

title_acts = sa.Table(
    "title_acts",
    metadata,
    sa.Column("act_id", UUID(as_uuid=True), primary_key=True),
    required_ref("project_id", "projects.project_id"),
    sa.Column("act", sa.String(20), nullable=False),
    sa.Column("on", sa.Date, nullable=False),
    sa.Column("facts", JSONB, nullable=False),
    sa.Column("decision_id", UUID(as_uuid=True), nullable=False),
    *created_columns(),
)

integrity_records = sa.Table(
    "integrity_records",
    metadata,
    sa.Column("record_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("role", sa.String(20), nullable=False),  # housing.domain.PartyRole
    sa.Column("party_hash", sa.String(64), nullable=False),
    sa.Column("party_masked", sa.String(20), nullable=False),
    sa.Column("party_uscc", sa.String(18)),  # entities only; tenants are kept hashed
    sa.Column("party_name", sa.String(200)),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("occurred_on", sa.Date, nullable=False),
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("rule_id", sa.String(40)),
    sa.Column("project_id", UUID(as_uuid=True)),
    sa.Column("lease_id", UUID(as_uuid=True)),
    sa.Column("decision_id", UUID(as_uuid=True), nullable=False),
    *created_columns(),
)
