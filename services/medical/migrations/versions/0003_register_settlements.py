"""Needy register, year totals, settlements and reversals, import batches, special diseases.

Revision ID: medical_0003
Revises: medical_0002
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, UUID

from govkit.platform.migration import restrict_to_insert_select

revision: str = "medical_0003"
down_revision: str | None = "medical_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "medical"
MONEY = sa.Numeric(16, 2)
CATEGORIES = "'tekun', 'dibao', 'dibian', 'illness_poverty', 'other_special'"
TOTALS = (
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
)
LAYERS = (
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


def _created() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_by_user", sa.String(200)),
        sa.Column("request_id", sa.String(128)),
    ]


def _non_negative(columns: Sequence[str]) -> str:
    return " AND ".join(f"{c} >= 0" for c in columns)


def upgrade() -> None:
    op.create_table(
        "persons",
        sa.Column("person_id", UUID(as_uuid=True), nullable=False),
        sa.Column("resident_id_hash", sa.String(64), nullable=False),
        sa.Column("resident_id_masked", sa.String(18), nullable=False),
        sa.Column("name", sa.String(100)),
        sa.Column("county", sa.String(6)),
        sa.Column("household_income", MONEY),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        *_created(),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_persons")),
        sa.UniqueConstraint("resident_id_hash", name=op.f("uq_persons_resident_id_hash")),
        sa.CheckConstraint("county ~ '^[0-9]{6}$'", name=op.f("ck_persons_county")),
        sa.CheckConstraint(
            "household_income IS NULL OR household_income >= 0",
            name=op.f("ck_persons_household_income"),
        ),
        schema=SCHEMA,
    )
    op.create_index(op.f("ix_persons_county"), "persons", ["county"], schema=SCHEMA)

    op.create_table(
        "needy_records",
        sa.Column("record_id", UUID(as_uuid=True), nullable=False),
        sa.Column("person_id", UUID(as_uuid=True), nullable=False),
        sa.Column("category", sa.String(20), nullable=False),
        sa.Column("recognised_on", sa.Date, nullable=False),
        sa.Column("exited_on", sa.Date),
        sa.Column("gradual_exit_from", sa.Date),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("import_batch_id", UUID(as_uuid=True)),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        *_created(),
        sa.PrimaryKeyConstraint("record_id", name=op.f("pk_needy_records")),
        sa.ForeignKeyConstraint(
            ["person_id"],
            [f"{SCHEMA}.persons.person_id"],
            name=op.f("fk_needy_records_person_id_persons"),
        ),
        sa.UniqueConstraint(
            "person_id",
            "category",
            "recognised_on",
            name=op.f("uq_needy_records_person_id_category_recognised_on"),
        ),
        sa.CheckConstraint(f"category IN ({CATEGORIES})", name=op.f("ck_needy_records_category")),
        sa.CheckConstraint(
            "exited_on IS NULL OR exited_on > recognised_on", name=op.f("ck_needy_records_exit")
        ),
        sa.CheckConstraint(
            "gradual_exit_from IS NULL OR (gradual_exit_from >= recognised_on "
            "AND (exited_on IS NULL OR gradual_exit_from < exited_on) "
            "AND category IN ('dibao', 'dibian', 'illness_poverty'))",
            name=op.f("ck_needy_records_gradual_exit"),
        ),
        schema=SCHEMA,
    )
    op.create_index(
        op.f("ix_needy_records_category_recognised_on"),
        "needy_records",
        ["category", "recognised_on"],
        schema=SCHEMA,
    )

    op.create_table(
        "year_totals",
        sa.Column("person_id", UUID(as_uuid=True), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("claims", sa.Integer, nullable=False, server_default="0"),
        *(sa.Column(c, MONEY, nullable=False, server_default="0") for c in TOTALS),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("person_id", "year", name=op.f("pk_year_totals")),
        sa.ForeignKeyConstraint(
            ["person_id"],
            [f"{SCHEMA}.persons.person_id"],
            name=op.f("fk_year_totals_person_id_persons"),
        ),
        sa.CheckConstraint(
            "claims >= 0 AND " + _non_negative(TOTALS), name=op.f("ck_year_totals_non_negative")
        ),
        schema=SCHEMA,
    )

    op.create_table(
        "settlements",
        sa.Column("settlement_id", UUID(as_uuid=True), nullable=False),
        sa.Column("seq", sa.BigInteger, sa.Identity(always=True), nullable=False),
        sa.Column("person_id", UUID(as_uuid=True), nullable=False),
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
        *(sa.Column(c, MONEY, nullable=False) for c in LAYERS),
        sa.Column("resolution_channel", sa.Text),
        sa.Column("basic_deductible_used", MONEY, nullable=False),
        sa.Column("deductible_used", MONEY, nullable=False),
        sa.Column("cs_deductible_used", MONEY, nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("rules_version", sa.String(100), nullable=False),
        sa.Column("decision_id", UUID(as_uuid=True), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("reversal_id", UUID(as_uuid=True)),
        sa.Column("reversed_at", sa.DateTime(timezone=True)),
        *_created(),
        sa.PrimaryKeyConstraint("settlement_id", name=op.f("pk_settlements")),
        sa.UniqueConstraint("seq", name=op.f("uq_settlements_seq")),
        sa.ForeignKeyConstraint(
            ["person_id"],
            [f"{SCHEMA}.persons.person_id"],
            name=op.f("fk_settlements_person_id_persons"),
        ),
        sa.CheckConstraint("status IN ('settled', 'reversed')", name=op.f("ck_settlements_status")),
        sa.CheckConstraint(
            "(status = 'reversed') = (reversal_id IS NOT NULL)",
            name=op.f("ck_settlements_reversal"),
        ),
        sa.CheckConstraint(
            "in_policy_cost <= total_cost AND "
            + _non_negative(("total_cost", "in_policy_cost", *LAYERS)),
            name=op.f("ck_settlements_amounts"),
        ),
        schema=SCHEMA,
    )
    # One live settlement per hospital claim: a resubmission under another key is refused.
    op.create_index(
        op.f("uq_settlements_hospital_claim_id"),
        "settlements",
        ["hospital", "claim_id"],
        unique=True,
        postgresql_where=sa.text("status = 'settled'"),
        schema=SCHEMA,
    )
    op.create_index(
        op.f("ix_settlements_person_id_year_seq"),
        "settlements",
        ["person_id", "year", "seq"],
        schema=SCHEMA,
    )
    op.create_index(
        op.f("ix_settlements_hospital_service_date"),
        "settlements",
        ["hospital", "service_date"],
        schema=SCHEMA,
    )
    op.create_index(
        op.f("ix_settlements_service_date"), "settlements", ["service_date"], schema=SCHEMA
    )

    op.create_table(
        "settlement_reversals",
        sa.Column("reversal_id", UUID(as_uuid=True), nullable=False),
        sa.Column("settlement_id", UUID(as_uuid=True), nullable=False),
        sa.Column("person_id", UUID(as_uuid=True), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("totals_before", JSONB, nullable=False),
        sa.Column("totals_after", JSONB, nullable=False),
        sa.Column("later_settlements", JSONB, nullable=False),
        *_created(),
        sa.PrimaryKeyConstraint("reversal_id", name=op.f("pk_settlement_reversals")),
        sa.UniqueConstraint("settlement_id", name=op.f("uq_settlement_reversals_settlement_id")),
        sa.ForeignKeyConstraint(
            ["settlement_id"],
            [f"{SCHEMA}.settlements.settlement_id"],
            name=op.f("fk_settlement_reversals_settlement_id_settlements"),
        ),
        schema=SCHEMA,
    )

    op.create_table(
        "import_batches",
        sa.Column("batch_id", UUID(as_uuid=True), nullable=False),
        sa.Column("content_sha256", sa.String(64), nullable=False),
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
        sa.PrimaryKeyConstraint("batch_id", name=op.f("pk_import_batches")),
        schema=SCHEMA,
    )
    op.create_index(
        op.f("ix_import_batches_content_sha256"),
        "import_batches",
        ["content_sha256"],
        schema=SCHEMA,
    )

    op.create_table(
        "special_diseases",
        sa.Column("id", sa.BigInteger, sa.Identity(always=True), nullable=False),
        sa.Column("code", sa.String(100), nullable=False),
        sa.Column("name_zh", sa.String(200), nullable=False),
        sa.Column("name_en", sa.String(300), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("effective_from", sa.Date),
        sa.Column("effective_to", sa.Date),
        sa.Column("source", sa.Text, nullable=False),
        *_created(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_special_diseases")),
        sa.CheckConstraint("kind IN ('special', 'chronic')", name=op.f("ck_special_diseases_kind")),
        sa.CheckConstraint(
            "effective_to IS NULL OR effective_from IS NULL OR effective_to >= effective_from",
            name=op.f("ck_special_diseases_effective_range"),
        ),
        schema=SCHEMA,
    )
    op.create_index(op.f("ix_special_diseases_code"), "special_diseases", ["code"], schema=SCHEMA)

    # Records of what happened are append-only for the service role.
    for table in ("settlement_reversals", "import_batches", "special_diseases"):
        restrict_to_insert_select(SCHEMA, table)


def downgrade() -> None:
    op.drop_table("special_diseases", schema=SCHEMA)
    op.drop_table("import_batches", schema=SCHEMA)
    op.drop_table("settlement_reversals", schema=SCHEMA)
    op.drop_table("settlements", schema=SCHEMA)
    op.drop_table("year_totals", schema=SCHEMA)
    op.drop_table("needy_records", schema=SCHEMA)
    op.drop_table("persons", schema=SCHEMA)
