"""Tables of the medical service, all in schema "medical" (created by migration medical_0003).

Money is NUMERIC(16,2). Resident ID numbers are never stored: a person is found by the keyed
hash of the number (`govkit.ids.lookup_hash`) and shown by its masked form.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, UUID

from govkit.db import make_metadata
from medical.domain.resettlement import AMOUNTS

SCHEMA = "medical"
metadata = make_metadata(SCHEMA)

MONEY = sa.Numeric(16, 2)
CATEGORIES = ("tekun", "dibao", "dibian", "illness_poverty", "other_special")
TOTAL_COLUMNS = (
    "basic_paid",
    "basic_deductible_used",
    "deductible_used",
    "ci_paid",
    "ma_paid",
    "cs_deductible_used",
    "cs_paid",
    "self_pay_before_resolution",
    "resolution",
    "final_self_pay",
    "needy_self_pay",
    "basic_paid_outpatient",
)
LAYER_COLUMNS = (
    "basic",
    "after_basic",
    "critical_illness",
    "after_critical_illness",
    "assistance",
    "after_assistance",
    "commercial",
    "self_pay",
    "resolution",
    "final_self_pay",
)


def _created() -> list[sa.Column[object]]:
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_by_user", sa.String(200)),
        sa.Column("request_id", sa.String(128)),
    ]


persons = sa.Table(
    "persons",
    metadata,
    sa.Column("person_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("resident_id_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("resident_id_masked", sa.String(18), nullable=False),
    sa.Column("name", sa.String(100)),
    sa.Column("county", sa.String(6)),
    sa.Column("household_income", MONEY),
    sa.Column("source", sa.String(200), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    *_created(),
)

needy_records = sa.Table(
    "needy_records",
    metadata,
    sa.Column("record_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("person_id", UUID(as_uuid=True), sa.ForeignKey("persons.person_id"), nullable=False),
    sa.Column("category", sa.String(20), nullable=False),
    sa.Column("recognised_on", sa.Date, nullable=False),
    sa.Column("exited_on", sa.Date),
    sa.Column("gradual_exit_from", sa.Date),
    sa.Column("source", sa.String(200), nullable=False),
    sa.Column("import_batch_id", UUID(as_uuid=True)),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    *_created(),
    sa.UniqueConstraint("person_id", "category", "recognised_on"),
)

year_totals = sa.Table(
    "year_totals",
    metadata,
    sa.Column(
        "person_id", UUID(as_uuid=True), sa.ForeignKey("persons.person_id"), primary_key=True
    ),
    sa.Column("year", sa.Integer, primary_key=True),
    sa.Column("claims", sa.Integer, nullable=False),
    *(sa.Column(name, MONEY, nullable=False) for name in TOTAL_COLUMNS),
    sa.Column("resettlement_pending", sa.Boolean, nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)

settlements = sa.Table(
    "settlements",
    metadata,
    sa.Column("settlement_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("seq", sa.BigInteger, sa.Identity(always=True), nullable=False, unique=True),
    sa.Column("person_id", UUID(as_uuid=True), sa.ForeignKey("persons.person_id"), nullable=False),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("claim_id", sa.String(100), nullable=False),
    sa.Column("hospital", sa.String(200), nullable=False),
    sa.Column("hospital_level", sa.String(20), nullable=False),
    sa.Column("setting", sa.String(20), nullable=False),
    sa.Column("service_date", sa.Date, nullable=False),
    sa.Column("county", sa.String(6)),
    sa.Column("total_cost", MONEY, nullable=False),
    sa.Column("in_policy_cost", MONEY, nullable=False),
    sa.Column("basic_payout_input", MONEY),
    sa.Column("over_limit_catalogue_drugs", MONEY, nullable=False),
    sa.Column("out_of_catalogue_special_drugs", MONEY, nullable=False),
    sa.Column("followed_guidance", sa.Boolean, nullable=False),
    sa.Column("referred", sa.Boolean, nullable=False),
    sa.Column("needy", sa.Boolean, nullable=False),
    sa.Column("category", sa.String(20)),
    *(sa.Column(name, MONEY, nullable=False) for name in LAYER_COLUMNS),
    sa.Column("resolution_channel", sa.Text),
    # The rest of the claim's contribution to the year's totals (deductibles consumed).
    sa.Column("basic_deductible_used", MONEY, nullable=False),
    sa.Column("deductible_used", MONEY, nullable=False),
    sa.Column("cs_deductible_used", MONEY, nullable=False),
    sa.Column("basic_paid_outpatient", MONEY, nullable=False),
    sa.Column("disease_code", sa.String(100)),
    sa.Column("disease_listed", sa.Boolean, nullable=False),
    sa.Column("outcome", sa.String(20), nullable=False),
    sa.Column("rules_version", sa.String(100), nullable=False),
    sa.Column("decision_id", UUID(as_uuid=True), nullable=False),
    sa.Column("status", sa.String(10), nullable=False),
    sa.Column("reversal_id", UUID(as_uuid=True)),
    sa.Column("reversed_at", sa.DateTime(timezone=True)),
    *_created(),
)

settlement_reversals = sa.Table(
    "settlement_reversals",
    metadata,
    sa.Column("reversal_id", UUID(as_uuid=True), primary_key=True),
    sa.Column(
        "settlement_id",
        UUID(as_uuid=True),
        sa.ForeignKey("settlements.settlement_id"),
        nullable=False,
        unique=True,
    ),
    sa.Column("person_id", UUID(as_uuid=True), nullable=False),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("totals_before", JSONB, nullable=False),
    sa.Column("totals_after", JSONB, nullable=False),
    sa.Column("later_settlements", JSONB, nullable=False),
    *_created(),
)

# What an adjustment changes of a settlement: every layer and what it adds to the totals.
ADJUSTED_COLUMNS = AMOUNTS

settlement_adjustments = sa.Table(
    "settlement_adjustments",
    metadata,
    sa.Column("adjustment_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("seq", sa.BigInteger, sa.Identity(always=True), nullable=False, unique=True),
    sa.Column(
        "settlement_id",
        UUID(as_uuid=True),
        sa.ForeignKey("settlements.settlement_id"),
        nullable=False,
        index=True,
    ),
    sa.Column("reversal_id", UUID(as_uuid=True), sa.ForeignKey("settlement_reversals.reversal_id")),
    sa.Column("person_id", UUID(as_uuid=True), nullable=False),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("needy", sa.Boolean, nullable=False),
    sa.Column("category", sa.String(20)),
    *(sa.Column(name, MONEY, nullable=False) for name in ADJUSTED_COLUMNS),
    sa.Column("resolution_channel", sa.Text),
    sa.Column("decision_id", UUID(as_uuid=True), nullable=False),
    *_created(),
)

RISK_SOURCES = ("medical_insurance", "civil_affairs", "health", "disabled_persons_federation")

risk_feeds = sa.Table(
    "risk_feeds",
    metadata,
    sa.Column("feed_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("source", sa.String(40), nullable=False),
    sa.Column("as_of", sa.Date, nullable=False),
    sa.Column("rows", sa.Integer, nullable=False),
    sa.Column("note", sa.Text),
    *_created(),
)

risk_feed_entries = sa.Table(
    "risk_feed_entries",
    metadata,
    sa.Column("feed_id", UUID(as_uuid=True), sa.ForeignKey("risk_feeds.feed_id"), primary_key=True),
    sa.Column("resident_id_hash", sa.String(64), primary_key=True),
    sa.Column("person_id", UUID(as_uuid=True), index=True),
    sa.Column("household_income", MONEY),
    sa.Column("details", JSONB, nullable=False),
)

import_batches = sa.Table(
    "import_batches",
    metadata,
    sa.Column("batch_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("content_sha256", sa.String(64), nullable=False, index=True),
    sa.Column("filename", sa.String(300)),
    sa.Column("format", sa.String(10), nullable=False),
    sa.Column("encoding", sa.String(20), nullable=False),
    sa.Column("valid_rows_only", sa.Boolean, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("rows_total", sa.Integer, nullable=False),
    sa.Column("rows_valid", sa.Integer, nullable=False),
    sa.Column("rows_invalid", sa.Integer, nullable=False),
    sa.Column("persons_created", sa.Integer, nullable=False),
    sa.Column("persons_updated", sa.Integer, nullable=False),
    sa.Column("records_created", sa.Integer, nullable=False),
    sa.Column("records_updated", sa.Integer, nullable=False),
    sa.Column("records_unchanged", sa.Integer, nullable=False),
    sa.Column("report", JSONB, nullable=False),
    *_created(),
)

special_diseases = sa.Table(
    "special_diseases",
    metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(always=True), primary_key=True),
    sa.Column("code", sa.String(100), nullable=False),
    sa.Column("name_zh", sa.String(200), nullable=False),
    sa.Column("name_en", sa.String(300), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("effective_from", sa.Date),
    sa.Column("effective_to", sa.Date),
    sa.Column("source", sa.Text, nullable=False),
    *_created(),
)
