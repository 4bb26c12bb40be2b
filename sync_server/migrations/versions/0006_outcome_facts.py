"""what the outcome report counts: placement and ladder facts, target group and employer kind

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 08:00:00

Records stored before this revision get their facts when the server starts
(``sync_server/bootstrap.py``): they are sealed, and migrations never see the server key.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _fact_keys(table: str) -> list[Any]:
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["id"], ["records.id"], name=op.f(f"fk_{table}_id_records"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name=op.f(f"fk_{table}_client_id_clients"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f(f"fk_{table}_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def upgrade() -> None:
    # Plain ALTER TABLE, never SQLite's batch copy: dropping the old clients table would
    # cascade to every record that refers to it.
    op.add_column("clients", sa.Column("target_group", sa.String(length=40), nullable=True))
    op.add_column("employers", sa.Column("kind", sa.String(length=40), nullable=True))
    op.create_table(
        "placement_facts",
        *_fact_keys("placement_facts"),
        sa.Column("employer_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("end_reason", sa.String(length=40), nullable=True),
        sa.Column("loonkostensubsidie", sa.Boolean(), nullable=False),
        sa.Column("jobcoaching", sa.String(length=20), nullable=True),
        sa.Column("no_risk_policy", sa.Boolean(), nullable=False),
        sa.Column("workplace_adaptation", sa.Boolean(), nullable=False),
        sa.Column("in_company_supporter", sa.Boolean(), nullable=False),
    )
    op.create_index(
        "ix_placement_facts_organisation", "placement_facts", ["organisation_id"], unique=False
    )
    op.create_table(
        "ladder_facts",
        *_fact_keys("ladder_facts"),
        sa.Column("rung", sa.Integer(), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
    )
    op.create_index(
        "ix_ladder_facts_organisation", "ladder_facts", ["organisation_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_ladder_facts_organisation", table_name="ladder_facts")
    op.drop_table("ladder_facts")
    op.drop_index("ix_placement_facts_organisation", table_name="placement_facts")
    op.drop_table("placement_facts")
    op.drop_column("employers", "kind")  # SQLite 3.35 and later drop a column in place
    op.drop_column("clients", "target_group")
