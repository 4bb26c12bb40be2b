"""the organisation's employer register

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 01:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import sync_server.db.types

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "employers",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sync_server.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sync_server.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("wrapped_key", sa.LargeBinary(), nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_employers_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employers")),
    )
    op.create_index(
        "ix_employers_organisation_seq", "employers", ["organisation_id", "seq"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_employers_organisation_seq", table_name="employers")
    op.drop_table("employers")
