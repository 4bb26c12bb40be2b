"""What the server holds for a device's user, read straight from its database."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select

from sync_server.db.schema import ClientRow, IdempotencyRow, RecordRow
from sync_server.services.context import ServerContext


def stored_versions(ctx: ServerContext, user_id: uuid.UUID) -> dict[uuid.UUID, int]:
    """Every client and record of the user's caseload on the server: id -> version."""
    with ctx.db.read() as session:
        clients = session.execute(
            select(ClientRow.id, ClientRow.version).where(ClientRow.jobcoach_id == user_id)
        ).all()
        ids = [row.id for row in clients]
        records = session.execute(
            select(RecordRow.id, RecordRow.version).where(RecordRow.client_id.in_(ids))
        ).all()
    return {row.id: row.version for row in [*clients, *records]}


def stored_ids(ctx: ServerContext, ids: set[uuid.UUID]) -> set[uuid.UUID]:
    """Which of ``ids`` the server holds, as a client or a record (each id at most once: it
    is the primary key)."""
    with ctx.db.read() as session:
        clients = session.execute(select(ClientRow.id).where(ClientRow.id.in_(ids))).scalars()
        records = session.execute(select(RecordRow.id).where(RecordRow.id.in_(ids))).scalars()
        return {*clients, *records}


def keys_used(ctx: ServerContext, device_id: uuid.UUID) -> int:
    """Idempotency keys stored for a device: one per change applied, never two."""
    with ctx.db.read() as session:
        return int(
            session.execute(
                select(func.count())
                .select_from(IdempotencyRow)
                .where(IdempotencyRow.device_id == device_id)
            ).scalar_one()
        )
