"""which employer passed a concern, so that an employer's list opens only their own

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 14:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import sync_server.db.types

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "concern_facts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("employer_id", sa.Uuid(), nullable=False),
        sa.Column("reported_at", sync_server.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["id"], ["records.id"], name=op.f("fk_concern_facts_id_records"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_concern_facts_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_concern_facts")),
    )
    op.create_index(
        "ix_concern_facts_employer",
        "concern_facts",
        ["employer_id", "reported_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_concern_facts_employer", table_name="concern_facts")
    op.drop_table("concern_facts")
