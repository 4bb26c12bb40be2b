"""The audit log: who did what to which client record, when, with what result; never the data.

Entries are append-only and chained: each entry's ``mac`` is an HMAC (keyed from the server
key, which is not in the database) over its own fields, its id and the previous entry's mac.
The head row holds an HMAC over the last id and mac, so cutting entries off the end shows too.
Appends take the head row's lock, so concurrent server processes append in one order.

:func:`verify` walks the chain and names the first entry that was edited, removed or moved.

A key rotation switches the chain to the new server key (:func:`switch_key`): the head names the
key its entries are written with, every append (under the head's lock) uses that key, and the
entries after the switch commit to those before it. :func:`verify` walks forward through the
ring's keys and wants the head under the ring's active key or a newer one, so whoever holds an
old key cannot rewrite what was written after the switch.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from sync_server.db.group_commit import BEFORE_COMMIT
from sync_server.db.schema import AuditEntry, AuditHead, table_of

logger = logging.getLogger(__name__)
HEAD = "main"
GENESIS = bytes(32)

KeyLookup = Callable[[str | None], bytes]
"""The audit key of a key id (the head's; None for a head from before key ids were kept)."""


@dataclass(frozen=True)
class ChainKeys:
    """The audit keys of the server's key ring, oldest first, for :func:`verify`."""

    keys: tuple[bytes, ...]
    floor: int = 0
    """The index of the ring's active key: the head must verify under it or a newer one."""

    @classmethod
    def single(cls, key: bytes) -> ChainKeys:
        return cls((key,))


def _lookup(keys: bytes | KeyLookup) -> KeyLookup:
    if isinstance(keys, bytes):
        fixed = keys
        return lambda _key_id: fixed
    return keys


@dataclass(frozen=True)
class Actor:
    """Who acts: a person (``user``), a device acting for its user, or the ``system``."""

    kind: str
    id: uuid.UUID | None
    role: str

    @classmethod
    def system(cls) -> Actor:
        return cls("system", None, "system")


@dataclass(frozen=True)
class Event:
    action: str
    object_type: str
    object_id: str
    result: str = "ok"


@dataclass
class _Fields:
    """An entry's columns before it is written (plain values: appends are a hot path)."""

    id: int
    at: datetime
    actor_type: str
    actor_id: uuid.UUID | None
    role: str
    action: str
    object_type: str
    object_id: str
    result: str
    prev_mac: bytes
    mac: bytes = b""


def _entry_mac(key: bytes, entry: AuditEntry | _Fields, prev_mac: bytes) -> bytes:
    fields = (
        str(entry.id),
        entry.at.isoformat(),
        entry.actor_type,
        str(entry.actor_id or ""),
        entry.role,
        entry.action,
        entry.object_type,
        entry.object_id,
        entry.result,
        prev_mac.hex(),
    )
    return hmac.new(key, "\x1f".join(fields).encode(), hashlib.sha256).digest()


def _head_mac(key: bytes, first_id: int, last_id: int, last_mac: bytes) -> bytes:
    text = f"head\x1f{first_id}\x1f{last_id}\x1f{last_mac.hex()}"
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def genesis_head(key: bytes, key_id: str | None = None) -> AuditHead:
    return AuditHead(
        name=HEAD,
        first_id=1,
        last_id=0,
        last_entry_mac=GENESIS,
        last_mac=_head_mac(key, 1, 0, GENESIS),
        key_id=key_id,
    )


_INSERT_ENTRIES = insert(table_of(AuditEntry))
"""Every push appends: built once."""


class AuditTamperedError(Exception):
    """The chain's head does not verify under its key: someone changed the log or its head
    outside the server. Nothing more is written onto it (that would hide the change)."""


def _head(session: Session, keys: KeyLookup) -> tuple[AuditHead, bytes]:
    """The head, locked, and its key, once its mac is checked: an append, a retention cut or
    a key switch never builds on a head someone changed (the next append would otherwise give
    an altered tail a valid head again)."""
    query = select(AuditHead).where(AuditHead.name == HEAD).with_for_update()
    head = session.execute(query).scalar_one()
    key = keys(head.key_id)
    expected = _head_mac(key, head.first_id, head.last_id, head.last_entry_mac)
    if not hmac.compare_digest(head.last_mac, expected):
        logger.error("the audit chain's head does not verify: refusing to write onto it")
        raise AuditTamperedError("the audit chain's head does not verify")
    return head, key


def record(
    session: Session, key: bytes | KeyLookup, actor: Actor, events: list[Event], at: datetime
) -> None:
    """Append ``events`` in the caller's transaction (they commit or vanish with its change)."""
    _append(session, _lookup(key), [(actor, event, at) for event in events])


def record_at_commit(
    session: Session, key: bytes | KeyLookup, actor: Actor, events: list[Event], at: datetime
) -> None:
    """Like :func:`record`, but appended just before a grouped transaction commits, for all
    its jobs at once (one read and write of the head instead of one per job)."""
    pending: list[tuple[Actor, Event, datetime]] = session.info.setdefault(_PENDING, [])
    if not pending:
        hooks = session.info.setdefault(BEFORE_COMMIT, [])
        lookup = _lookup(key)
        hooks.append(lambda s: _append(s, lookup, s.info.pop(_PENDING, [])))
    pending.extend((actor, event, at) for event in events)


_PENDING = "veldwerk_audit_pending"


def _append(session: Session, keys: KeyLookup, items: list[tuple[Actor, Event, datetime]]) -> None:
    if not items:
        return
    head, key = _head(session, keys)
    last_id, prev_mac = head.last_id, head.last_entry_mac
    rows = []
    for actor, event, when in items:
        last_id += 1
        entry = _Fields(
            id=last_id,
            at=when.astimezone(UTC),  # as the database gives it back, so the mac verifies
            actor_type=actor.kind,
            actor_id=actor.id,
            role=actor.role,
            action=event.action,
            object_type=event.object_type,
            object_id=event.object_id,
            result=event.result,
            prev_mac=prev_mac,
        )
        entry.mac = _entry_mac(key, entry, prev_mac)
        rows.append(dict(vars(entry)))  # shallow: asdict deep-copies every value
        prev_mac = entry.mac
    # Core insert: the ORM bulk path costs more than the rows themselves on this hot path.
    session.execute(_INSERT_ENTRIES, rows)
    head.last_id, head.last_entry_mac = last_id, prev_mac
    head.last_mac = _head_mac(key, head.first_id, last_id, prev_mac)


def switch_key(
    session: Session, keys: KeyLookup, key_id: str, *, actor: Actor, event: Event, at: datetime
) -> None:
    """Record ``event`` (under the head's key) and write every later entry under ``key_id``."""
    _append(session, keys, [(actor, event, at)])
    head, _ = _head(session, keys)
    head.key_id = key_id
    head.last_mac = _head_mac(keys(key_id), head.first_id, head.last_id, head.last_entry_mac)


def check_head(session: Session, keys: KeyLookup) -> None:
    """Raise :class:`AuditTamperedError` unless the head verifies under the key it names."""
    _head(session, keys)


def head_key_id(session: Session) -> str | None:
    return session.execute(select(AuditHead.key_id).where(AuditHead.name == HEAD)).scalar_one()


def drop_before(session: Session, keys: bytes | KeyLookup, cutoff: datetime) -> int:
    """Retention: remove the oldest entries up to ``cutoff``; the chain stays verifiable."""
    head, key = _head(session, _lookup(keys))
    keep_from = session.execute(
        select(AuditEntry.id).where(AuditEntry.at >= cutoff).order_by(AuditEntry.id).limit(1)
    ).scalar_one_or_none()
    new_first = head.last_id if keep_from is None else keep_from  # the newest entry stays
    if new_first <= head.first_id:
        return 0
    removed = session.query(AuditEntry).filter(AuditEntry.id < new_first).delete()
    head.first_id = new_first
    head.last_mac = _head_mac(key, new_first, head.last_id, head.last_entry_mac)
    session.flush()
    return removed


@dataclass(frozen=True)
class Verification:
    entries: int
    first_broken_id: int | None
    reason: str

    @property
    def ok(self) -> bool:
        return self.first_broken_id is None and not self.reason


def verify(session: Session, keys: bytes | ChainKeys, batch: int = 5000) -> Verification:
    """Walk the chain in id order; report the first entry that does not fit.

    The walk starts at the head's ``first_id``: entries before it left by retention, and the
    first kept entry's ``prev_mac`` is taken as the anchor. Each entry is checked under the key
    of the one before it or, after a rotation, a newer key of the ring (never an older one).
    """
    ring = ChainKeys.single(keys) if isinstance(keys, bytes) else keys
    # The head's own columns only: a backup's copy is verified before it is migrated.
    columns = (AuditHead.first_id, AuditHead.last_id, AuditHead.last_entry_mac, AuditHead.last_mac)
    head = session.execute(select(*columns).where(AuditHead.name == HEAD)).one()
    expected_id, prev_mac, count, at = head.first_id, GENESIS, 0, 0
    query = select(AuditEntry).order_by(AuditEntry.id)
    with session.execute(query.execution_options(yield_per=batch)) as result:
        for entry in result.scalars():
            if entry.id != expected_id:
                return Verification(count, expected_id, "missing entry (deleted or renumbered)")
            if count == 0 and entry.id > 1:
                prev_mac = entry.prev_mac
            if entry.prev_mac != prev_mac:
                return Verification(count, entry.id, "does not follow the previous entry")
            found = _entry_key(ring.keys, at, entry, prev_mac)
            if found is None:
                return Verification(count, entry.id, "content changed")
            expected_id, prev_mac, count, at = expected_id + 1, entry.mac, count + 1, found
    last_id = expected_id - 1
    under = _first_key(
        ring.keys,
        max(at, ring.floor),
        lambda k: _head_mac(k, head.first_id, head.last_id, head.last_entry_mac),
        head.last_mac,
    )
    if head.last_id != last_id or head.last_entry_mac != prev_mac or under is None:
        reason = "entries cut off the end (head does not match)"
        return Verification(count, min(head.last_id, last_id) + 1, reason)
    return Verification(count, None, "")


def _entry_key(keys: tuple[bytes, ...], start: int, entry: AuditEntry, prev: bytes) -> int | None:
    return _first_key(keys, start, lambda key: _entry_mac(key, entry, prev), entry.mac)


def _first_key(
    keys: tuple[bytes, ...], start: int, mac_of: Callable[[bytes], bytes], mac: bytes
) -> int | None:
    """The index of the first key from ``start`` on under which ``mac`` is right."""
    for index in range(start, len(keys)):
        if hmac.compare_digest(mac, mac_of(keys[index])):
            return index
    return None


def client_access_log(session: Session, object_ids: list[str]) -> list[AuditEntry]:
    """Entries about these objects (a client and its records), oldest first, for the DPO."""
    query = select(AuditEntry).where(AuditEntry.object_id.in_(object_ids)).order_by(AuditEntry.id)
    return list(session.execute(query).scalars())
