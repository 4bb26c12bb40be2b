"""The audit chain: appended by real use, and every kind of tampering named at its first entry.

Tampering is done as an attacker with database access would: raw ``UPDATE``/``DELETE`` on
``audit_log`` and ``audit_head`` (the server key, which keys the HMACs, is not in the database).
"""

from __future__ import annotations

import base64
import gc
import itertools
import uuid
import warnings
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, create_engine, delete, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql import Executable

from fieldapp.wire import Outcome, Role
from sync_server import audit
from sync_server.audit import Actor, Event, Verification
from sync_server.db.schema import AuditHead, Base
from sync_server.services import admin, devices
from sync_server.services.context import ServerContext
from tests.clock import Clock
from tests.factories import FIXED_NOW, build_client
from tests.server.changes import change_of, push
from tests.server.conftest import ADMIN, LiveServer, enroll

LOG = Base.metadata.tables["audit_log"]
HEAD = Base.metadata.tables["audit_head"]
COLUMNS = tuple(column.name for column in LOG.columns if column.name != "id")
"""Every column an attacker could move between rows (``id`` orders the chain)."""


# --- helpers -------------------------------------------------------------------------------


def _verify(ctx: ServerContext, key: bytes | None = None) -> Verification:
    with warnings.catch_warnings():
        # verify() leaves PostgreSQL's server-side cursor open when it stops early: see
        # test_verify_closes_its_cursor_when_it_stops_early for that bug on its own.
        warnings.filterwarnings(
            "ignore", ".*ServerCursor.*deleted while still open", ResourceWarning
        )
        with ctx.db.read() as session:
            result = audit.verify(session, ctx.keys.audit if key is None else key)
    return result


def _rows(ctx: ServerContext) -> list[dict[str, Any]]:
    with ctx.db.read() as session:
        result = session.execute(select(LOG).order_by(LOG.c.id))
        return [dict(row._mapping) for row in result]


def _ids(ctx: ServerContext) -> list[int]:
    return [row["id"] for row in _rows(ctx)]


def _tamper(ctx: ServerContext, *statements: Executable) -> None:
    with ctx.db.write() as session:
        for statement in statements:
            session.execute(statement)


def _changed(column: str, old: Any) -> Any:
    """A value surely different from ``old``, as small a change as the column allows."""
    if column == "at":
        return old + timedelta(microseconds=1)
    if column == "actor_id":
        return uuid.uuid4()
    if column in {"mac", "prev_mac"}:
        return bytes([old[0] ^ 1]) + old[1:]
    return old + "x"


def _swap(first: dict[str, Any], second: dict[str, Any]) -> list[Executable]:
    return [
        update(LOG).where(LOG.c.id == first["id"]).values({c: second[c] for c in COLUMNS}),
        update(LOG).where(LOG.c.id == second["id"]).values({c: first[c] for c in COLUMNS}),
    ]


@pytest.fixture
def chain(ctx: ServerContext, clock: Clock, demo: uuid.UUID) -> int:
    """The demo set-up plus a user, a device enrolled and revoked: returns the entry count."""
    clock.advance(minutes=5)
    admin.create_user(ctx, demo, "extra.coach", Role.JOBCOACH)
    clock.advance(minutes=5)
    code = devices.issue_pairing_code(ctx, admin.find_user(ctx, "extra.coach"), ADMIN)
    clock.advance(minutes=1)
    device = devices.enroll(ctx, code, "phone")
    clock.advance(hours=1)
    devices.revoke_device(ctx, device.device_id, demo, ADMIN)
    return len(_rows(ctx))


# --- an untampered chain -------------------------------------------------------------------


def test_real_use_appends_one_verifiable_chain(ctx: ServerContext, chain: int) -> None:
    rows = _rows(ctx)
    assert [row["id"] for row in rows] == list(range(1, chain + 1))
    actions = {row["action"] for row in rows}
    assert {"create", "import_routing", "issue_pairing_code", "enroll", "revoke"} <= actions
    # Each entry carries the previous entry's mac: one chain, not independent entries.
    assert rows[0]["prev_mac"] == audit.GENESIS
    assert all(b["prev_mac"] == a["mac"] for a, b in itertools.pairwise(rows))
    with ctx.db.read() as session:
        head = session.execute(select(AuditHead)).scalar_one()
    assert (head.first_id, head.last_id) == (1, chain)
    assert _verify(ctx) == Verification(chain, None, "")
    # Another key (a forger without the server key) does not make a chain that verifies.
    assert _verify(ctx, key=bytes(32)) == Verification(0, 1, "content changed")


# --- tampering with entries ----------------------------------------------------------------


def _set(entry_id: int, values: dict[str, Any]) -> Executable:
    return update(LOG).where(LOG.c.id == entry_id).values(values)


def test_an_edited_field_is_named_at_its_entry(ctx: ServerContext, chain: int) -> None:
    """Each column of a middle entry edited alone (then put back): named at that entry."""
    victim = _rows(ctx)[chain // 2]
    assert victim["id"] not in (1, chain)
    assert {"action", "object_id", "result", "actor_id", "at"} <= set(COLUMNS)
    for column in COLUMNS:
        _tamper(ctx, _set(victim["id"], {column: _changed(column, victim[column])}))
        result = _verify(ctx)
        assert (result.first_broken_id, result.entries) == (victim["id"], victim["id"] - 1), column
        expected = (
            "does not follow the previous entry" if column == "prev_mac" else "content changed"
        )
        assert result.reason == expected, column
        _tamper(ctx, _set(victim["id"], {column: victim[column]}))
        assert _verify(ctx).ok, column


def test_an_actor_id_removed_is_named(ctx: ServerContext, chain: int) -> None:
    """A device's entry made to look like the system's (actor id emptied)."""
    victim = next(row for row in _rows(ctx) if row["actor_type"] == "device")
    _tamper(ctx, _set(victim["id"], {"actor_id": None}))
    assert _verify(ctx).first_broken_id == victim["id"]


def test_a_deleted_middle_entry_is_named(ctx: ServerContext, chain: int) -> None:
    middle = chain // 2
    _tamper(ctx, delete(LOG).where(LOG.c.id == middle))
    result = _verify(ctx)
    assert (result.first_broken_id, result.entries) == (middle, middle - 1)
    assert result.reason == "missing entry (deleted or renumbered)"


def test_two_swapped_entries_are_named_at_the_earlier(ctx: ServerContext, chain: int) -> None:
    rows = _rows(ctx)
    first, second = rows[3], rows[chain - 3]
    _tamper(ctx, *_swap(first, second))
    moved = _rows(ctx)[3]
    assert {c: moved[c] for c in COLUMNS} == {c: second[c] for c in COLUMNS}
    result = _verify(ctx)
    assert (result.first_broken_id, result.entries) == (first["id"], first["id"] - 1)
    assert result.reason == "does not follow the previous entry"


def test_entries_cut_off_the_end_show_through_the_head(ctx: ServerContext, chain: int) -> None:
    _tamper(ctx, delete(LOG).where(LOG.c.id > chain - 2))
    result = _verify(ctx)
    assert (result.first_broken_id, result.entries) == (chain - 1, chain - 2)
    assert result.reason == "entries cut off the end (head does not match)"
    _tamper(ctx, delete(LOG))
    assert _verify(ctx) == Verification(0, 1, "entries cut off the end (head does not match)")


# --- tampering with the head ---------------------------------------------------------------


def test_an_edited_head_is_detected(ctx: ServerContext, chain: int) -> None:
    with ctx.db.read() as session:
        head = dict(session.execute(select(HEAD)).one()._mapping)
    _tamper(ctx, update(HEAD).values(last_mac=bytes(32)))
    assert _verify(ctx) == Verification(
        chain, chain + 1, "entries cut off the end (head does not match)"
    )
    _tamper(ctx, update(HEAD).values(last_mac=head["last_mac"]))
    assert _verify(ctx).ok
    # Pretending retention removed the oldest entries, without removing them ...
    _tamper(ctx, update(HEAD).values(first_id=3))
    assert _verify(ctx).first_broken_id == 3
    # ... or after removing them: the head's mac cannot be redone without the key.
    _tamper(ctx, delete(LOG).where(LOG.c.id < 3))
    assert _verify(ctx) == Verification(
        chain - 2, chain + 1, "entries cut off the end (head does not match)"
    )


def test_an_edited_head_last_id_is_detected(ctx: ServerContext, chain: int) -> None:
    for wrong in (chain - 1, chain + 5):
        _tamper(ctx, update(HEAD).values(last_id=wrong))
        assert _verify(ctx).first_broken_id == min(chain, wrong) + 1, wrong
        _tamper(ctx, update(HEAD).values(last_id=chain))


# --- retention -----------------------------------------------------------------------------


def test_retention_keeps_the_chain_verifiable(
    ctx: ServerContext, chain: int, clock: Clock, demo: uuid.UUID
) -> None:
    clock.advance(days=30)
    cutoff = clock.now - timedelta(days=1)
    for username in ("late.one", "late.two"):
        admin.create_user(ctx, demo, username, Role.JOBCOACH)
    with ctx.db.write() as session:
        removed = audit.drop_before(session, ctx.keys.audit, cutoff)
    assert removed == chain
    assert _ids(ctx) == [chain + 1, chain + 2]
    assert _verify(ctx) == Verification(2, None, "")
    # The chain goes on after retention ...
    clock.advance(minutes=1)
    admin.create_user(ctx, demo, "late.three", Role.JOBCOACH)
    assert _verify(ctx) == Verification(3, None, "")
    # ... and retention's new first entry is as protected as any other.
    _tamper(ctx, delete(LOG).where(LOG.c.id == chain + 1))
    result = _verify(ctx)
    assert (result.first_broken_id, result.entries) == (chain + 1, 0)


def test_retention_of_everything_keeps_the_newest_entry(ctx: ServerContext, chain: int) -> None:
    with ctx.db.write() as session:
        removed = audit.drop_before(session, ctx.keys.audit, FIXED_NOW + timedelta(days=365))
        again = audit.drop_before(session, ctx.keys.audit, FIXED_NOW + timedelta(days=365))
    assert (removed, again) == (chain - 1, 0)
    assert _ids(ctx) == [chain]
    assert _verify(ctx) == Verification(1, None, "")
    _tamper(ctx, update(LOG).values(result="ok, honestly"))
    assert _verify(ctx).first_broken_id == chain


def test_an_edited_first_entry_after_retention_is_named(ctx: ServerContext, chain: int) -> None:
    """After retention the first entry's prev_mac is the anchor; it is still under its mac."""
    with ctx.db.write() as session:
        audit.drop_before(session, ctx.keys.audit, FIXED_NOW + timedelta(minutes=1))
    first = _rows(ctx)[0]
    assert first["id"] > 1
    _tamper(ctx, update(LOG).where(LOG.c.id == first["id"]).values(prev_mac=bytes(32)))
    assert _verify(ctx).first_broken_id == first["id"]


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_verify_closes_its_cursor_when_it_stops_early(ctx: ServerContext, chain: int) -> None:
    """Only PostgreSQL opens a server-side cursor for ``yield_per``."""
    _tamper(ctx, delete(LOG).where(LOG.c.id == 2))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with ctx.db.read() as session:
            assert audit.verify(session, ctx.keys.audit).first_broken_id == 2
        gc.collect()
    assert [str(w.message) for w in caught if w.category is ResourceWarning] == []


# --- no client data ------------------------------------------------------------------------


def _as_text(value: Any) -> str:
    if isinstance(value, bytes | memoryview):
        raw = bytes(value)
        return raw.decode("latin-1") + raw.hex() + base64.b64encode(raw).decode()
    return str(value)


@pytest.mark.usefixtures("demo")
def test_audit_entries_hold_no_client_data(ctx: ServerContext, server: LiveServer) -> None:
    canary = "Canary-Zq7x-" + "".join(chr(ord("a") + int(c, 16)) for c in uuid.uuid4().hex[:12])
    client = build_client(
        given_name=canary,
        family_name=canary,
        notes=canary,
        address={"postcode": "1091 AB", "house_number": 3, "street": canary, "city": canary},
    )
    device = enroll(ctx, server, "jobcoach1")
    with server.client(device.token) as api:
        (result,) = push(api, change_of(client))
    assert result.outcome is Outcome.APPLIED
    rows = _rows(ctx)
    pushed = [row for row in rows if row["action"] == "push_client"]
    assert [(r["object_id"], r["actor_id"]) for r in pushed] == [(str(client.id), device.device_id)]
    for row in rows:
        for column, value in row.items():
            assert canary.lower() not in _as_text(value).lower(), (row["id"], column)
    assert _verify(ctx).ok


# --- property: any single tampering is named exactly -----------------------------------------

KEY = b"\x07" * 32
EDITABLE = COLUMNS
ACTORS = (
    Actor.system(),
    Actor("device", uuid.UUID(int=7), "jobcoach"),
    Actor("admin_cli", None, "admin"),
)
_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_0123456789-", min_size=1, max_size=16)
_event = st.builds(Event, action=_word, object_type=_word, object_id=_word, result=_word)
_batch = st.tuples(
    st.sampled_from(ACTORS),
    st.lists(_event, min_size=1, max_size=4),
    st.integers(min_value=0, max_value=10**9),
)


def _memory_chain(batches: list[tuple[Actor, list[Event], int]]) -> Engine:
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine, tables=[LOG, HEAD])
    with Session(engine) as session, session.begin():
        session.add(audit.genesis_head(KEY))
    for actor, events, microseconds in batches:
        with Session(engine) as session, session.begin():
            at = FIXED_NOW + timedelta(microseconds=microseconds)
            audit.record(session, KEY, actor, events, at)
    return engine


def _memory_verify(engine: Engine) -> Verification:
    with Session(engine) as session:
        return audit.verify(session, KEY, batch=3)


@settings(max_examples=40, deadline=None)
@given(batches=st.lists(_batch, min_size=1, max_size=5), data=st.data())
def test_any_single_tampering_is_named_at_its_position(
    batches: list[tuple[Actor, list[Event], int]], data: st.DataObject
) -> None:
    engine = _memory_chain(batches)
    try:
        with Session(engine) as session:
            rows = [dict(r._mapping) for r in session.execute(select(LOG).order_by(LOG.c.id))]
        count = len(rows)
        assert _memory_verify(engine) == Verification(count, None, "")
        kind = data.draw(st.sampled_from(["edit", "delete", "swap", "truncate"]), label="kind")
        if kind == "swap" and count < 2:
            kind = "edit"
        if kind == "edit":
            victim = rows[data.draw(st.integers(0, count - 1), label="entry")]
            column = data.draw(st.sampled_from(EDITABLE), label="column")
            statements: list[Executable] = [
                update(LOG)
                .where(LOG.c.id == victim["id"])
                .values({column: _changed(column, victim[column])})
            ]
            expected = victim["id"]
        elif kind == "delete":
            expected = data.draw(st.integers(1, count), label="entry")
            statements = [delete(LOG).where(LOG.c.id == expected)]
        elif kind == "swap":
            i = data.draw(st.integers(0, count - 2), label="first")
            j = data.draw(st.integers(i + 1, count - 1), label="second")
            statements, expected = _swap(rows[i], rows[j]), rows[i]["id"]
        else:
            expected = data.draw(st.integers(1, count), label="cut from")
            statements = [delete(LOG).where(LOG.c.id >= expected)]
        with Session(engine) as session, session.begin():
            for statement in statements:
                session.execute(statement)
        result = _memory_verify(engine)
        assert (result.first_broken_id, result.entries) == (expected, expected - 1), kind
    finally:
        engine.dispose()


def test_a_clock_in_local_time_still_verifies(ctx: ServerContext, clock: Clock) -> None:
    clock.now = FIXED_NOW.astimezone(ZoneInfo("Europe/Amsterdam"))
    assert clock.now == FIXED_NOW  # the same moment, only another offset
    admin.create_organisation(ctx, "Local time")
    assert _verify(ctx) == Verification(1, None, "")
