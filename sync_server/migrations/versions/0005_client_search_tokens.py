"""the data protection officer's blind index of clients

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 04:00:00

Clients stored before this revision are indexed when the server starts
(``sync_server/bootstrap.py``): the tokens need the server key, which migrations never see.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "client_search_tokens",
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("token", sa.LargeBinary(length=32), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name=op.f("fk_client_search_tokens_client_id_clients"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_client_search_tokens_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("client_id", "kind", "token", name=op.f("pk_client_search_tokens")),
    )
    op.create_index(
        "ix_client_search_tokens_lookup",
        "client_search_tokens",
        ["organisation_id", "kind", "token"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_client_search_tokens_lookup", table_name="client_search_tokens")
    op.drop_table("client_search_tokens")
