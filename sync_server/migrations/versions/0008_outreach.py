"""the Flying Squad's events and employers' requests for a visit

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 11:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import sync_server.db.types

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _when(name: str) -> sa.Column[object]:
    return sa.Column(name, sync_server.db.types.UtcDateTime(timezone=True), nullable=False)


def _organisation_key(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["organisation_id"],
        ["organisations.id"],
        name=op.f(f"fk_{table}_organisation_id_organisations"),
    )


def upgrade() -> None:
    op.create_table(
        "outreach_events",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        _when("created_at"),
        _when("updated_at"),
        sa.Column("wrapped_key", sa.LargeBinary(), nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=True),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.Column("regulations", sa.Integer(), nullable=False),
        sa.Column("self_tests", sa.Integer(), nullable=False),
        sa.Column("referrals", sa.Integer(), nullable=False),
        _organisation_key("outreach_events"),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_outreach_events_author_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outreach_events")),
    )
    op.create_index(
        "ix_outreach_events_organisation_day",
        "outreach_events",
        ["organisation_id", "started_on"],
        unique=False,
    )
    op.create_table(
        "visit_requests",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        _when("received_at"),
        _when("updated_at"),
        sa.Column("open", sa.Boolean(), nullable=False),
        sa.Column("wrapped_key", sa.LargeBinary(), nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        _organisation_key("visit_requests"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_requests")),
    )
    op.create_index(
        "ix_visit_requests_organisation_seq",
        "visit_requests",
        ["organisation_id", "seq"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_visit_requests_organisation_seq", table_name="visit_requests")
    op.drop_table("visit_requests")
    op.drop_index("ix_outreach_events_organisation_day", table_name="outreach_events")
    op.drop_table("outreach_events")
