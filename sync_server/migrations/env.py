"""Alembic environment: runs against the connection :mod:`sync_server.db.migrate` hands in."""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from sync_server.db.schema import Base

config = context.config
connection = config.attributes["connection"]

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    if connection.dialect.name == "postgresql":
        # Several server processes may start at once: one migrates, the others wait.
        connection.execute(text("SELECT pg_advisory_xact_lock(815470001)"))
    context.run_migrations()
