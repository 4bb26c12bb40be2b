"""``python -m sync_server rotate-key``: a new server key while the server runs.

Steps, each safe to stop at (a kill -9 included): running the command again goes on where it
stopped, since the key file and the database say how far it got.

1. The new key joins the key ring as *pending* (the key file is replaced in one step).
2. A pause longer than :data:`~sync_server.key_ring.RELOAD_SECONDS`, so that every server
   process has read the ring again and seals with the new key.
3. The audit chain switches to the new key, with an entry saying so.
4. Every per-record key is re-wrapped under the new key, in batches of one transaction each;
   the sealed values stay as they are. Clients are indexed again under the new search key.
   Passes repeat until one finds nothing left under an older key.
5. The new key becomes the ring's active key, and the audit chain records that it is done.

The old keys stay in the ring: the audit entries from before the switch verify with them, and
devices' cursors made with them stay good. Nothing sealed opens with them any more.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update

from fieldapp.domain.client import Client
from sync_server import key_ring
from sync_server.audit import Actor, Event, head_key_id, record, switch_key
from sync_server.db.outreach_tables import OutreachEventRow, VisitRequestRow
from sync_server.db.schema import ClientRow, EmployerRow, RecordRow, ReferralRow, User
from sync_server.key_ring import KeyRing
from sync_server.keys import KEY_BYTES
from sync_server.sealing import Sealed
from sync_server.services.client_search import index_client
from sync_server.services.context import ServerContext

ROTATOR = Actor("admin_cli", None, "admin")
BATCH = 500
MAX_PASSES = 5
KEYED_TABLES: tuple[Any, ...] = (
    ClientRow,
    RecordRow,
    EmployerRow,
    ReferralRow,
    OutreachEventRow,
    VisitRequestRow,
)
"""The tables with a ``wrapped_key`` column (their table name is the sealing's table too)."""

Progress = Callable[[str, int], None]
"""Told each table's name and how many of its keys one batch re-wrapped."""


class RotationError(Exception):
    """The key cannot be rotated here; the message says why. Nothing was changed."""


@dataclass
class Rotation:
    key_id: str
    resumed: bool
    rewrapped: dict[str, int] = field(default_factory=dict)
    passes: int = 0


def _start(ctx: ServerContext) -> tuple[KeyRing, bool]:
    """The ring with its new key pending: a new one, or the one a stopped rotation left."""
    path = ctx.key_source.path
    if path is None:
        raise RotationError(
            "the server key is set in the settings: rotation keeps its ring in the key file; "
            "move the key to the key file first (see docs/operations.md)"
        )
    ring = key_ring.read(path)
    if ring.pending:
        return ring, True
    ring = ring.with_new(secrets.token_bytes(KEY_BYTES))
    key_ring.replace(path, ring)
    return ring, False


def _switch_audit(ctx: ServerContext, key_id: str) -> None:
    with ctx.db.write() as session:
        if head_key_id(session) != key_id:
            event = Event("key.rotate", "server_key", key_id, "started")
            switch_key(session, ctx.audit_key, key_id, actor=ROTATOR, event=event, at=ctx.clock())


def _rewrap_batch(ctx: ServerContext, model: Any, after: Any, batch: int) -> tuple[Any, int, int]:
    """Re-wrap the next batch of ``model``'s rows after id ``after``: the last id seen, how
    many rows were read and how many re-wrapped."""
    table = model.__tablename__
    sealer, moved = ctx.sealer, 0
    with ctx.db.write() as session:
        query = select(model).order_by(model.id).limit(batch).with_for_update()
        if after is not None:
            query = query.where(model.id > after)
        rows = session.execute(query).scalars().all()
        for row in rows:
            if row.wrapped_key is None:  # shredded by retention: nothing left to open
                continue
            wrapped = sealer.rewrap(table, str(row.id), row.wrapped_key)
            if wrapped is None:
                continue
            row.wrapped_key, moved = wrapped, moved + 1
            if model is ClientRow:
                client = Client.model_validate(sealer.open_row(table, row))
                index_client(ctx, session, row.organisation_id, client)
    return (rows[-1].id if rows else after), len(rows), moved


def _rewrap_table(ctx: ServerContext, model: Any, progress: Progress, batch: int) -> int:
    after, total = None, 0
    while True:
        after, read, moved = _rewrap_batch(ctx, model, after, batch)
        total += moved
        if moved:
            progress(model.__tablename__, moved)
        if read < batch:
            return total


def _rewrap_secrets(ctx: ServerContext, progress: Progress) -> int:
    """The users' sealed TOTP secrets (few: one batch)."""
    sealer, moved = ctx.sealer, 0
    with ctx.db.write() as session:
        users = session.execute(select(User.id, User.totp_secret).with_for_update()).all()
        for user_id, packed in users:
            if packed is None:
                continue
            sealed = Sealed.unpacked(packed)
            wrapped = sealer.rewrap(User.__tablename__, str(user_id), sealed.wrapped_key)
            if wrapped is not None:
                repacked = Sealed(wrapped, sealed.ciphertext).packed()
                session.execute(update(User).where(User.id == user_id).values(totp_secret=repacked))
                moved += 1
    if moved:
        progress(User.__tablename__, moved)
    return moved


def rotate(
    ctx: ServerContext,
    *,
    settle_seconds: float = 3.0,
    batch: int = BATCH,
    progress: Progress | None = None,
) -> Rotation:
    """Rotate the server key (or finish a rotation that was stopped); see the module's text."""
    tell: Progress = progress or (lambda _table, _count: None)
    ring, resumed = _start(ctx)
    new_id = ring.newest.key_id
    time.sleep(settle_seconds)
    if ctx.key_source.holding(new_id).newest.key_id != new_id:
        raise RotationError("the server does not read the key file it was given")
    _switch_audit(ctx, new_id)
    done = Rotation(new_id, resumed)
    while done.passes < MAX_PASSES:
        done.passes += 1
        moved = {
            model.__tablename__: _rewrap_table(ctx, model, tell, batch) for model in KEYED_TABLES
        }
        moved[User.__tablename__] = _rewrap_secrets(ctx, tell)
        for table, count in moved.items():
            done.rewrapped[table] = done.rewrapped.get(table, 0) + count
        if not any(moved.values()):
            break
    else:
        raise RotationError(
            "keys sealed under the old key kept coming: a server process does not read the "
            "key file again (is it the same file?); run rotate-key again once they do"
        )
    path = ctx.key_source.path
    assert path is not None  # _start refused a key from settings
    key_ring.replace(path, key_ring.read(path).activated())
    ctx.key_source.reload()
    with ctx.db.write() as session:
        event = Event("key.rotate", "server_key", new_id, "done")
        record(session, ctx.audit_key, ROTATOR, [event], ctx.clock())
    return done
