"""Tables of the airdefence service, all in schema "airdefence" (migrations airdefence_0003…).

The works register holds each works' facts, its acceptance and the ownership the rules give it;
the handover and registrations are the registration steps, each a row of its own; surveys keep
the completion survey's figures, and each discrepancy they found is a row, open until resolved.
Leases, parking allocations, ledger entries and transfers are the peacetime record; duty
schedules and their occurrences the owner's duties; county_measures the counties' measures. Areas are
NUMERIC(12,2) square metres, money NUMERIC(16,2); `seq` columns give stable paging.
Organisations' codes (USCC) are public registration data and kept in the clear for the
register's look-ups; the audit log masks them.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, UUID

from govkit.db import make_metadata
from govkit.store.columns import created_columns, required_ref, versioned_columns

SCHEMA = "airdefence"
metadata = make_metadata(SCHEMA)

AREA = sa.Numeric(12, 2)
MONEY = sa.Numeric(16, 2)


def paging_seq() -> sa.Column[int]:
    """Insertion order, the stable key that list cursors page by."""
    return sa.Column("seq", sa.BigInteger, sa.Identity(always=True), nullable=False, unique=True)


def works_ref() -> sa.Column[object]:
    return required_ref("works_id", "works.works_id")


works = sa.Table(
    "works",
    metadata,
    sa.Column("works_id", UUID(as_uuid=True), primary_key=True),
    paging_seq(),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("project_name", sa.String(200), nullable=False),
    sa.Column("county", sa.String(6), nullable=False, index=True),
    sa.Column("land", sa.String(40), nullable=False),
    sa.Column("jiejian", sa.Boolean, nullable=False),
    sa.Column("land_supply_plan_states_state_ownership", sa.Boolean),
    sa.Column("builder_uscc", sa.String(18), nullable=False, index=True),
    sa.Column("builder_name", sa.String(200), nullable=False),
    sa.Column("builder_category", sa.String(40), nullable=False),
    sa.Column("in_enclosed_area", sa.Boolean, nullable=False),
    sa.Column("community", sa.String(200)),
    sa.Column("basement_floor_area", AREA, nullable=False),
    sa.Column("net_parking_area", AREA),
    sa.Column("public_spaces_in_air_defence_area", sa.Integer, nullable=False),
    sa.Column("peacetime_use", sa.String(40), nullable=False, index=True),
    sa.Column("zones", JSONB, nullable=False),
    sa.Column("quality", JSONB),
    sa.Column("accepted_on", sa.Date),
    sa.Column("acceptance_certificate", sa.String(100)),
    sa.Column("handed_over_on", sa.Date),
    sa.Column("registered_on", sa.Date),
    sa.Column("registration_certificate", sa.String(100)),
    sa.Column("owner_uscc", sa.String(18), index=True),
    sa.Column("owner_name", sa.String(200)),
    sa.Column("status", sa.String(30), nullable=False, index=True),
    sa.Column("ownership", sa.String(30), nullable=False),
    sa.Column("registration_subject", sa.String(40)),
    *versioned_columns(),
    *created_columns(),
)

handovers = sa.Table(
    "handovers",
    metadata,
    sa.Column("handover_id", UUID(as_uuid=True), primary_key=True),
    works_ref(),
    sa.Column("handed_over_on", sa.Date, nullable=False),
    sa.Column("from_uscc", sa.String(18), nullable=False),
    sa.Column("from_name", sa.String(200), nullable=False),
    sa.Column("to_uscc", sa.String(18), nullable=False),
    sa.Column("to_name", sa.String(200), nullable=False),
    sa.Column("designation_document", sa.String(200), nullable=False),
    sa.Column("free_of_charge", sa.Boolean, nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    *created_columns(),
    sa.UniqueConstraint("works_id"),
)

# kind: first (首次登记) | transfer (转移登记, with a transfer record)
registrations = sa.Table(
    "registrations",
    metadata,
    sa.Column("registration_id", UUID(as_uuid=True), primary_key=True),
    paging_seq(),
    works_ref(),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("registered_on", sa.Date, nullable=False),
    sa.Column("certificate_no", sa.String(100), nullable=False),
    sa.Column("owner_uscc", sa.String(18), nullable=False),
    sa.Column("owner_name", sa.String(200), nullable=False),
    sa.Column("subject", sa.String(40), nullable=False),
    sa.Column("basis", sa.Text, nullable=False),
    sa.Column("decision_id", UUID(as_uuid=True), nullable=False),
    *created_columns(),
    sa.Index("ix_registrations_works_id", "works_id"),
    sa.Index(
        "uq_registrations_first",
        "works_id",
        unique=True,
        postgresql_where=sa.text("kind = 'first'"),
    ),
)

surveys = sa.Table(
    "surveys",
    metadata,
    sa.Column("survey_id", UUID(as_uuid=True), primary_key=True),
    paging_seq(),
    works_ref(),
    sa.Column("surveyed_on", sa.Date, nullable=False),
    sa.Column("surveyor", sa.String(200), nullable=False),
    sa.Column("report_no", sa.String(200), nullable=False),
    sa.Column("basement_floor_area", AREA, nullable=False),
    sa.Column("net_parking_area", AREA),
    sa.Column("public_spaces_in_air_defence_area", sa.Integer, nullable=False),
    sa.Column("zones", JSONB, nullable=False),
    sa.Column("outcome", sa.String(20), nullable=False),
    sa.Column("failed_rules", JSONB, nullable=False),
    sa.Column("decision_id", UUID(as_uuid=True), nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    *created_columns(),
    sa.Index("ix_surveys_works_id", "works_id"),
)

# status: open | resolved
discrepancies = sa.Table(
    "discrepancies",
    metadata,
    sa.Column("discrepancy_id", UUID(as_uuid=True), primary_key=True),
    paging_seq(),
    works_ref(),
    required_ref("survey_id", "surveys.survey_id"),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("subject", sa.String(500), nullable=False),
    sa.Column("planned", sa.String(500)),
    sa.Column("surveyed", sa.String(500)),
    sa.Column("difference", AREA),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("resolved_on", sa.Date),
    sa.Column("resolution", sa.String(200)),
    *versioned_columns(),
    *created_columns(),
    sa.Index("ix_discrepancies_works_id", "works_id"),
    sa.Index("ix_discrepancies_survey_id", "survey_id"),
)

leases = sa.Table(
    "leases",
    metadata,
    sa.Column("lease_id", UUID(as_uuid=True), primary_key=True),
    paging_seq(),
    works_ref(),
    sa.Column("lessor_uscc", sa.String(18), nullable=False),
    sa.Column("lessor_name", sa.String(200), nullable=False),
    sa.Column("tenant_uscc", sa.String(18)),
    sa.Column("tenant_name", sa.String(200), nullable=False),
    sa.Column("leased_area", AREA, nullable=False),
    sa.Column("starts_on", sa.Date, nullable=False),
    sa.Column("ends_on", sa.Date, nullable=False),
    sa.Column("monthly_rent", MONEY, nullable=False),
    sa.Column("property_service_fee_payer", sa.String(20), nullable=False),
    sa.Column("monthly_property_service_fee", MONEY),
    sa.Column("contract_no", sa.String(200), nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    *created_columns(),
    sa.Index("ix_leases_works_id", "works_id"),
)

parking_allocations = sa.Table(
    "parking_allocations",
    metadata,
    sa.Column("allocation_id", UUID(as_uuid=True), primary_key=True),
    paging_seq(),
    works_ref(),
    sa.Column("allocated_on", sa.Date, nullable=False),
    sa.Column("community", sa.String(200)),
    sa.Column("spaces", sa.Integer, nullable=False),
    sa.Column("requests", JSONB, nullable=False),
    sa.Column("served", JSONB, nullable=False),
    sa.Column("waiting", JSONB, nullable=False),
    sa.Column("summary", JSONB, nullable=False),
    sa.Column("decision_id", UUID(as_uuid=True), nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    *created_columns(),
    sa.Index("ix_parking_allocations_works_id", "works_id"),
)

# entry_type: income (source: lease | parking | other) | use (purpose: AD-INCOME-USE's list)
ledger_entries = sa.Table(
    "ledger_entries",
    metadata,
    sa.Column("entry_id", UUID(as_uuid=True), primary_key=True),
    paging_seq(),
    works_ref(),
    sa.Column("entry_type", sa.String(10), nullable=False),
    sa.Column("on", sa.Date, nullable=False),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("amount", MONEY, nullable=False),
    sa.Column("source", sa.String(20)),
    sa.Column("purpose", sa.String(40)),
    sa.Column("lease_id", UUID(as_uuid=True), sa.ForeignKey("leases.lease_id")),
    sa.Column("owner_uscc", sa.String(18), nullable=False),
    sa.Column("owner_name", sa.String(200), nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    *created_columns(),
    sa.Index("ix_ledger_entries_works_id_year", "works_id", "year"),
    sa.Index("ix_ledger_entries_owner_uscc_year", "owner_uscc", "year"),
)

# kind: bankruptcy_liquidation | transfer_registration
transfers = sa.Table(
    "transfers",
    metadata,
    sa.Column("transfer_id", UUID(as_uuid=True), primary_key=True),
    paging_seq(),
    works_ref(),
    sa.Column("kind", sa.String(30), nullable=False),
    sa.Column("transferred_on", sa.Date, nullable=False),
    sa.Column("from_uscc", sa.String(18), nullable=False),
    sa.Column("from_name", sa.String(200), nullable=False),
    sa.Column("to_uscc", sa.String(18), nullable=False),
    sa.Column("to_name", sa.String(200), nullable=False),
    sa.Column("document", sa.String(200), nullable=False),
    sa.Column("certificate_no", sa.String(200)),
    sa.Column("duties_moved", sa.Integer, nullable=False),
    sa.Column("decision_id", UUID(as_uuid=True), nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    *created_columns(),
    sa.Index("ix_transfers_works_id", "works_id"),
)

duty_schedules = sa.Table(
    "duty_schedules",
    metadata,
    sa.Column("schedule_id", UUID(as_uuid=True), primary_key=True),
    paging_seq(),
    works_ref(),
    sa.Column("kind", sa.String(30), nullable=False),
    sa.Column("interval_months", sa.Integer, nullable=False),
    sa.Column("starts_on", sa.Date, nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    *created_columns(),
    sa.Index("ix_duty_schedules_works_id", "works_id"),
)

# One occurrence of a schedule: open until met (or cancelled); `provisional` while its due day
# lies in a year whose holiday calendar is not published (recomputed when it is).
duties = sa.Table(
    "duties",
    metadata,
    sa.Column("duty_id", UUID(as_uuid=True), primary_key=True),
    paging_seq(),
    required_ref("schedule_id", "duty_schedules.schedule_id"),
    works_ref(),
    sa.Column("kind", sa.String(30), nullable=False),
    sa.Column("n", sa.Integer, nullable=False),
    sa.Column("due", sa.Date, nullable=False),
    sa.Column("provisional", sa.Boolean, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("done_on", sa.Date),
    sa.Column("report", sa.Text),
    sa.Column("county", sa.String(6), nullable=False),
    sa.Column("responsible_uscc", sa.String(18), nullable=False),
    sa.Column("responsible_name", sa.String(200), nullable=False),
    *versioned_columns(),
    *created_columns(),
    sa.UniqueConstraint("schedule_id", "n"),
    sa.Index("ix_duties_due_duty_id", "due", "duty_id"),
    sa.Index("ix_duties_works_id", "works_id"),
)

# kind: county | functional_zone; the twelve counties are seeded by airdefence_0006.
county_measures = sa.Table(
    "county_measures",
    metadata,
    sa.Column("area_code", sa.String(6), primary_key=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("due", sa.Date, nullable=False),
    sa.Column("issued_on", sa.Date),
    sa.Column("document_no", sa.String(200)),
    sa.Column("title", sa.String(200)),
    *versioned_columns(),
    *created_columns(),
)
