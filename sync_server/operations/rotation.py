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
from sqlalchemy.exc import OperationalError

from fieldapp.domain.client import Client
from sync_server import key_ring
from sync_server.audit import (
    Actor,
    AuditTamperedError,
    Event,
    check_head,
    head_key_id,
    record,
    switch_key,
)
from sync_server.db.outreach_tables import OutreachEventRow, VisitRequestRow
from sync_server.db.schema import (
    AuditEntry,
    ClientRow,
    EmployerRow,
    RecordRow,
    ReferralRow,
    User,
)
from sync_server.key_ring import KeyRing
from sync_server.keys import KEY_BYTES, ServerKeyError
from sync_server.sealing import Sealed, SealError
from sync_server.services.client_search import index_client
from sync_server.services.context import ServerContext

ROTATOR = Actor("admin_cli", None, "admin")
BATCH = 500
MAX_PASSES = 5
DEADLOCK_RETRIES = 5
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
    unreadable: list[tuple[str, str]] = field(default_factory=list)
    """Rows (table, id) whose key does not open with the ring: left as they are, and the
    new key is not made active while there are any."""


def _preflight(ctx: ServerContext) -> None:
    """Refuse before anything changes unless the audit chain's head verifies with this key
    ring: another ring (a shell without the server's key setting, a stray key file) would
    otherwise start a chain of its own."""
    try:
        with ctx.db.write() as session:
            check_head(session, ctx.audit_key)
    except (AuditTamperedError, ServerKeyError) as error:
        raise RotationError(
            "the audit chain does not verify with this key file: is it the server's own "
            "(same --data-dir, and no VELDWERK_SERVER_KEY on the server)? Run verify-audit"
        ) from error


def _last_said(ctx: ServerContext, key_id: str) -> str | None:
    """What the audit chain last said of a rotation to ``key_id`` (started, done, none)."""
    with ctx.db.read() as session:
        query = (
            select(AuditEntry.result)
            .where(AuditEntry.action == "key.rotate", AuditEntry.object_id == key_id)
            .order_by(AuditEntry.id.desc())
            .limit(1)
        )
        return session.execute(query).scalar_one_or_none()


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


def _rewrap_batch(
    ctx: ServerContext, model: Any, after: Any, batch: int, unreadable: list[tuple[str, str]]
) -> tuple[Any, int, int]:
    """Re-wrap the next batch of ``model``'s rows after id ``after``: the last id seen, how
    many rows were read and how many re-wrapped. A deadlock with a push (PostgreSQL locks
    rows) runs the batch again."""
    for attempt in range(DEADLOCK_RETRIES):
        try:
            return _rewrap_rows(ctx, model, after, batch, unreadable)
        except OperationalError:
            if attempt == DEADLOCK_RETRIES - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def _rewrap_rows(
    ctx: ServerContext, model: Any, after: Any, batch: int, unreadable: list[tuple[str, str]]
) -> tuple[Any, int, int]:
    table = model.__tablename__
    sealer, moved, skipped = ctx.sealer, 0, []
    with ctx.db.write() as session:
        query = select(model).order_by(model.id).limit(batch).with_for_update()
        if after is not None:
            query = query.where(model.id > after)
        rows = session.execute(query).scalars().all()
        for row in rows:
            if row.wrapped_key is None:  # shredded by retention: nothing left to open
                continue
            try:
                wrapped = sealer.rewrap(table, str(row.id), row.wrapped_key)
                client = (
                    Client.model_validate(sealer.open_row(table, row))
                    if wrapped is not None and model is ClientRow
                    else None
                )
            except (SealError, ValueError):
                skipped.append((table, str(row.id)))
                continue
            if wrapped is None:
                continue
            row.wrapped_key, moved = wrapped, moved + 1
            if client is not None:
                index_client(ctx, session, row.organisation_id, client)
    unreadable.extend(skipped)  # only once the batch committed: a retried one says it again
    return (rows[-1].id if rows else after), len(rows), moved


def _rewrap_table(
    ctx: ServerContext, model: Any, progress: Progress, batch: int, done: Rotation
) -> int:
    after, total = None, 0
    while True:
        after, read, moved = _rewrap_batch(ctx, model, after, batch, done.unreadable)
        total += moved
        if moved:
            progress(model.__tablename__, moved)
        if read < batch:
            return total


def _rewrap_secrets(
    ctx: ServerContext, progress: Progress, unreadable: list[tuple[str, str]]
) -> int:
    """The users' sealed TOTP secrets (few: one batch)."""
    sealer, moved = ctx.sealer, 0
    with ctx.db.write() as session:
        users = session.execute(select(User.id, User.totp_secret).with_for_update()).all()
        for user_id, packed in users:
            if packed is None:
                continue
            sealed = Sealed.unpacked(packed)
            try:
                wrapped = sealer.rewrap(User.__tablename__, str(user_id), sealed.wrapped_key)
            except SealError:
                unreadable.append((User.__tablename__, str(user_id)))
                continue
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
    _preflight(ctx)
    present = ctx.key_source.ring()
    if not present.pending and len(present.masters) > 1:
        key_id = present.newest.key_id
        if _last_said(ctx, key_id) == "started":  # stopped between step 5's two writes
            _record(ctx, key_id, "done")
            return Rotation(key_id, resumed=True)
    ring, resumed = _start(ctx)
    new_id = ring.newest.key_id
    time.sleep(settle_seconds)
    if ctx.key_source.holding(new_id).newest.key_id != new_id:
        raise RotationError("the server does not read the key file it was given")
    _switch_audit(ctx, new_id)
    done = Rotation(new_id, resumed)
    while done.passes < MAX_PASSES:
        done.passes += 1
        done.unreadable.clear()
        moved = {
            model.__tablename__: _rewrap_table(ctx, model, tell, batch, done)
            for model in KEYED_TABLES
        }
        moved[User.__tablename__] = _rewrap_secrets(ctx, tell, done.unreadable)
        for table, count in moved.items():
            done.rewrapped[table] = done.rewrapped.get(table, 0) + count
        if not any(moved.values()):
            break
    else:
        raise RotationError(
            "keys sealed under the old key kept coming: a server process does not read the "
            "key file again (is it the same file?); run rotate-key again once they do"
        )
    _refuse_unreadable(done)
    path = ctx.key_source.path
    assert path is not None  # _start refused a key from settings
    key_ring.replace(path, key_ring.read(path).activated())
    ctx.key_source.reload(force=True)
    _record(ctx, new_id, "done")
    return done


def _refuse_unreadable(done: Rotation) -> None:
    if not done.unreadable:
        return
    tables = ", ".join(sorted({table for table, _ in done.unreadable}))
    first_table, first_id = done.unreadable[0]
    raise RotationError(
        f"{len(done.unreadable)} rows do not open with the key ring (in {tables}; the first: "
        f"{first_table} {first_id}); everything else is re-wrapped, and the new key stays "
        "pending. Restore those rows from a backup or remove them, then run rotate-key again"
    )


def _record(ctx: ServerContext, key_id: str, result: str) -> None:
    with ctx.db.write() as session:
        event = Event("key.rotate", "server_key", key_id, result)
        record(session, ctx.audit_key, ROTATOR, [event], ctx.clock())
