"""the server key the audit chain's head is written with, so that a key can be rotated

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 18:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_head") as batch:
        batch.add_column(sa.Column("key_id", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_head") as batch:
        batch.drop_column("key_id")
