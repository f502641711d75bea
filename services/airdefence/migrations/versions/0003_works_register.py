"""The works register: works, their free handover and their registrations.

Revision ID: airdefence_0003
Revises: airdefence_0002
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, UUID

from govkit.platform.migration import restrict_to_insert_select

revision: str = "airdefence_0003"
down_revision: str | None = "airdefence_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "airdefence"
AREA = sa.Numeric(12, 2)
USCC = "'^[0-9A-HJ-NPQRTUWXY]{18}$'"
# Records the service only ever adds to: its role may INSERT and SELECT them, nothing else.
APPEND_ONLY = ("handovers", "registrations")


def _created() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("request_id", sa.String(128)),
    ]


def _seq() -> sa.Column:  # type: ignore[type-arg]
    return sa.Column("seq", sa.BigInteger, sa.Identity(always=True), nullable=False)


def _works_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["works_id"], [f"{SCHEMA}.works.works_id"], name=op.f(f"fk_{table}_works_id_works")
    )


def upgrade() -> None:
    op.create_table(
        "works",
        sa.Column("works_id", UUID(as_uuid=True), nullable=False),
        _seq(),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("project_name", sa.String(200), nullable=False),
        sa.Column("county", sa.String(6), nullable=False),
        sa.Column("land", sa.String(40), nullable=False),
        sa.Column("jiejian", sa.Boolean, nullable=False),
        sa.Column("land_supply_plan_states_state_ownership", sa.Boolean),
        sa.Column("builder_uscc", sa.String(18), nullable=False),
        sa.Column("builder_name", sa.String(200), nullable=False),
        sa.Column("builder_category", sa.String(40), nullable=False),
        sa.Column("in_enclosed_area", sa.Boolean, nullable=False),
        sa.Column("community", sa.String(200)),
        sa.Column("basement_floor_area", AREA, nullable=False),
        sa.Column("net_parking_area", AREA),
        sa.Column("public_spaces_in_air_defence_area", sa.Integer, nullable=False),
        sa.Column("peacetime_use", sa.String(40), nullable=False),
        sa.Column("zones", JSONB, nullable=False),
        sa.Column("quality", JSONB),
        sa.Column("accepted_on", sa.Date),
        sa.Column("acceptance_certificate", sa.String(100)),
        sa.Column("handed_over_on", sa.Date),
        sa.Column("registered_on", sa.Date),
        sa.Column("registration_certificate", sa.String(100)),
        sa.Column("owner_uscc", sa.String(18)),
        sa.Column("owner_name", sa.String(200)),
        sa.Column("status", sa.String(30), nullable=False),
        sa.Column("ownership", sa.String(30), nullable=False),
        sa.Column("registration_subject", sa.String(40)),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        *_created(),
        sa.PrimaryKeyConstraint("works_id", name=op.f("pk_works")),
        sa.UniqueConstraint("seq", name=op.f("uq_works_seq")),
        sa.CheckConstraint("county ~ '^3303[0-9]{2}$'", name=op.f("ck_works_county")),
        sa.CheckConstraint(
            "land IN ('state_owned_construction', 'collective', 'village_retained')",
            name=op.f("ck_works_land"),
        ),
        sa.CheckConstraint(
            "builder_category IN ('party_government_organ', 'public_institution', "
            "'city_development_group', 'village_collective', 'other')",
            name=op.f("ck_works_builder_category"),
        ),
        sa.CheckConstraint(f"builder_uscc ~ {USCC}", name=op.f("ck_works_builder_uscc")),
        sa.CheckConstraint(f"owner_uscc ~ {USCC}", name=op.f("ck_works_owner_uscc")),
        sa.CheckConstraint(
            "basement_floor_area > 0 AND (net_parking_area IS NULL OR "
            "(net_parking_area >= 0 AND net_parking_area <= basement_floor_area))",
            name=op.f("ck_works_areas"),
        ),
        sa.CheckConstraint(
            "public_spaces_in_air_defence_area >= 0", name=op.f("ck_works_public_spaces")
        ),
        sa.CheckConstraint(
            "status IN ('under_construction', 'accepted', 'handed_over', 'registered')",
            name=op.f("ck_works_status"),
        ),
        sa.CheckConstraint(
            "ownership IN ('state', 'not_transferred', 'not_determined')",
            name=op.f("ck_works_ownership"),
        ),
        sa.CheckConstraint(
            "registered_on IS NULL OR (accepted_on IS NOT NULL AND registered_on >= accepted_on)",
            name=op.f("ck_works_registered_after_acceptance"),
        ),
        schema=SCHEMA,
    )
    for column in ("county", "builder_uscc", "owner_uscc", "peacetime_use", "status"):
        op.create_index(op.f(f"ix_works_{column}"), "works", [column], schema=SCHEMA)

    op.create_table(
        "handovers",
        sa.Column("handover_id", UUID(as_uuid=True), nullable=False),
        sa.Column("works_id", UUID(as_uuid=True), nullable=False),
        sa.Column("handed_over_on", sa.Date, nullable=False),
        sa.Column("from_uscc", sa.String(18), nullable=False),
        sa.Column("from_name", sa.String(200), nullable=False),
        sa.Column("to_uscc", sa.String(18), nullable=False),
        sa.Column("to_name", sa.String(200), nullable=False),
        sa.Column("designation_document", sa.String(200), nullable=False),
        sa.Column("free_of_charge", sa.Boolean, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        *_created(),
        sa.PrimaryKeyConstraint("handover_id", name=op.f("pk_handovers")),
        sa.UniqueConstraint("works_id", name=op.f("uq_handovers_works_id")),
        _works_fk("handovers"),
        sa.CheckConstraint("free_of_charge", name=op.f("ck_handovers_free_of_charge")),
        sa.CheckConstraint("from_uscc <> to_uscc", name=op.f("ck_handovers_parties")),
        schema=SCHEMA,
    )

    op.create_table(
        "registrations",
        sa.Column("registration_id", UUID(as_uuid=True), nullable=False),
        _seq(),
        sa.Column("works_id", UUID(as_uuid=True), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("registered_on", sa.Date, nullable=False),
        sa.Column("certificate_no", sa.String(100), nullable=False),
        sa.Column("owner_uscc", sa.String(18), nullable=False),
        sa.Column("owner_name", sa.String(200), nullable=False),
        sa.Column("subject", sa.String(40), nullable=False),
        sa.Column("basis", sa.Text, nullable=False),
        sa.Column("decision_id", UUID(as_uuid=True), nullable=False),
        *_created(),
        sa.PrimaryKeyConstraint("registration_id", name=op.f("pk_registrations")),
        sa.UniqueConstraint("seq", name=op.f("uq_registrations_seq")),
        _works_fk("registrations"),
        sa.CheckConstraint("kind IN ('first', 'transfer')", name=op.f("ck_registrations_kind")),
        schema=SCHEMA,
    )
    op.create_index(op.f("ix_registrations_works_id"), "registrations", ["works_id"], schema=SCHEMA)
    # One first registration per works.
    op.create_index(
        "uq_registrations_first",
        "registrations",
        ["works_id"],
        unique=True,
        schema=SCHEMA,
        postgresql_where=sa.text("kind = 'first'"),
    )
    for table in APPEND_ONLY:
        restrict_to_insert_select(SCHEMA, table)


def downgrade() -> None:
    for table in ("registrations", "handovers", "works"):
        op.drop_table(table, schema=SCHEMA)
