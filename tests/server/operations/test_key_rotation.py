"""Key rotation (issue 25, item 3) on SQLite and PostgreSQL: every per-record key is re-wrapped
under a new server key, the old key opens nothing any more, the audit chain records it and
verifies, search and devices' cursors go on working; while a server takes pushes; and a
``kill -9`` in the middle loses nothing, after which the command goes on where it stopped."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, select

from fieldapp.wire import Role
from sync_server import audit, key_ring
from sync_server.audit import Actor, ChainKeys, verify
from sync_server.blind_index import TokenKind, normalise_name, token
from sync_server.db.schema import AuditEntry, AuditHead, ClientSearchToken, RecordRow, User
from sync_server.demo_casework import seed_casework
from sync_server.key_ring import KeyRing, KeySource
from sync_server.keys import ServerKeyError, write_key_file
from sync_server.operations import rotation
from sync_server.sealing import Sealed, Sealer, SealError, key_ids
from sync_server.services import admin, client_search
from sync_server.services.client_search import SearchQuery
from sync_server.services.context import ServerContext
from sync_server.services.pull import Cursor, decode_cursor, encode_cursor
from sync_server.services.unit_of_work import RECORDS
from tests.factories import build_client
from tests.server.changes import change_of, push
from tests.server.conftest import LiveServer, enroll
from tests.server.operations.test_restore_drill import Pusher
from tests.server.people import person

pytestmark = [pytest.mark.usefixtures("demo"), pytest.mark.timeout(300)]

Opened = dict[tuple[str, str], Any]


def _sealed(ctx: ServerContext) -> dict[tuple[str, str], Sealed]:
    """Every sealed value in the database, by table and row id."""
    found: dict[tuple[str, str], Sealed] = {}
    with ctx.db.read() as session:
        for model in rotation.KEYED_TABLES:
            value = model.sealed_payload if hasattr(model, "sealed_payload") else model.sealed
            rows = session.execute(select(model.id, model.wrapped_key, value)).all()
            for row_id, wrapped, sealed in rows:
                if wrapped is not None:
                    found[(model.__tablename__, str(row_id))] = Sealed(wrapped, sealed)
        for user_id, packed in session.execute(select(User.id, User.totp_secret)).all():
            if packed is not None:
                found[(User.__tablename__, str(user_id))] = Sealed.unpacked(packed)
    return found


def _opened(sealer: Sealer, sealed: dict[tuple[str, str], Sealed]) -> Opened:
    return {(table, row): sealer.open(table, row, value) for (table, row), value in sealed.items()}


def _only(master: bytes) -> Sealer:
    return Sealer(KeySource(KeyRing.of(master)))


def _chain(ring: KeyRing) -> ChainKeys:
    return ChainKeys(ring.audit_keys(), ring.active_index)


def test_every_key_is_rewrapped_and_the_old_key_opens_nothing(ctx: ServerContext) -> None:
    seed_casework(ctx)
    sealed_before = _sealed(ctx)
    assert {table for table, _ in sealed_before} >= {
        "clients",
        "records",
        "referrals",
        "employers",
        "outreach_events",
        "visit_requests",
        "users",
    }
    documents = _opened(ctx.sealer, sealed_before)
    old = key_ring.read(ctx.settings.key_file)
    someone = admin.find_user(ctx, "jobcoach1")
    cursor = encode_cursor(ctx, someone, Cursor(12, 3))
    names = _names(documents)
    found_before = _search(ctx, names)
    assert all(found_before)

    done = rotation.rotate(ctx, settle_seconds=0)

    ring = key_ring.read(ctx.settings.key_file)
    assert ring.masters[:1] == old.masters and len(ring.masters) == 2
    assert ring.pending == 0 and ring.active.key_id == done.key_id != old.active.key_id
    assert sum(done.rewrapped.values()) == len(sealed_before) and not done.resumed
    after = _sealed(ctx)
    assert {k: v.ciphertext for k, v in after.items()} == {
        k: v.ciphertext for k, v in sealed_before.items()
    }  # only the keys were wrapped again: the values are as they were
    assert _opened(_only(ring.masters[-1]), after) == documents
    old_only = _only(old.masters[0])
    for (table, row), value in after.items():
        assert key_ids(value.wrapped_key, ring.first).wrap == done.key_id
        with pytest.raises(SealError):
            old_only.open(table, row, value)
    with ctx.db.read() as session:
        assert verify(session, ctx.chain_keys()).ok
        assert not verify(session, _chain(old)).ok  # the head is no longer the old key's
        said = session.execute(
            select(AuditEntry.result).where(AuditEntry.action == "key.rotate")
        ).scalars()
        assert list(said) == ["started", "done"]
        assert session.execute(select(AuditHead.key_id)).scalar_one() == done.key_id
    assert decode_cursor(ctx, someone, cursor) == Cursor(12, 3)  # a device's cursor from before
    assert _search(ctx, names) == found_before
    with ctx.db.read() as session:  # the blind index was made again, under the new key alone
        stored = set(session.execute(select(ClientSearchToken.token)).scalars())
    for document in (doc for (table, _), doc in documents.items() if table == "clients"):
        name = normalise_name(f"{document['given_name']} {document['family_name']}")
        assert token(ring.newest.search, TokenKind.NAME, name) in stored
        assert token(old.first.search, TokenKind.NAME, name) not in stored


def _names(documents: Opened) -> list[str]:
    clients = [doc for (table, _), doc in documents.items() if table == "clients"]
    return [f"{doc['given_name']} {doc['family_name']}" for doc in clients[:5]]


def _search(ctx: ServerContext, names: list[str]) -> list[set[uuid.UUID]]:
    dpo = person(ctx, "dpo", Role.DATA_PROTECTION_OFFICER)
    found = [client_search.find(ctx, dpo, SearchQuery(name=name)).clients for name in names]
    return [{client.client_id for client in clients} for clients in found]


def test_whoever_holds_the_old_key_cannot_rewrite_what_came_after(ctx: ServerContext) -> None:
    old = key_ring.read(ctx.settings.key_file)
    rotation.rotate(ctx, settle_seconds=0)
    stolen = old.first.audit
    with ctx.db.write() as session:
        head = session.execute(select(AuditHead)).scalar_one()
        last = session.get(AuditEntry, head.last_id)
        assert last is not None
        last.result = "forged"
        last.mac = audit._entry_mac(stolen, last, last.prev_mac)
        head.last_entry_mac = last.mac
        head.last_mac = audit._head_mac(stolen, head.first_id, head.last_id, last.mac)
    with ctx.db.read() as session:
        result = verify(session, ctx.chain_keys())
    assert not result.ok
    # The server's next write does not build on the forged head (that would hide it again).
    with pytest.raises(audit.AuditTamperedError), ctx.db.write() as session:
        ctx.audit(session, Actor.system(), audit.Event("pull", "caseload", "x"))
    with ctx.db.read() as session:
        assert not verify(session, ctx.chain_keys()).ok


def test_a_head_turned_back_to_the_old_key_is_refused(ctx: ServerContext) -> None:
    old = key_ring.read(ctx.settings.key_file)
    rotation.rotate(ctx, settle_seconds=0)
    with ctx.db.write() as session:
        head = session.execute(select(AuditHead)).scalar_one()
        head.key_id = old.first.key_id
        head.last_mac = audit._head_mac(
            old.first.audit, head.first_id, head.last_id, head.last_entry_mac
        )
    with pytest.raises(ServerKeyError, match="older than the active one"), ctx.db.write() as s:
        ctx.audit(s, Actor.system(), audit.Event("pull", "caseload", "x"))


def test_a_row_that_does_not_open_keeps_the_new_key_pending(ctx: ServerContext) -> None:
    seed_casework(ctx)
    with ctx.db.write() as session:
        victim = session.execute(select(RecordRow).limit(1)).scalar_one()
        victim_id = victim.id
        victim.wrapped_key = bytes(60)  # damaged
    with pytest.raises(rotation.RotationError, match=f"1 rows .* records {victim_id}"):
        rotation.rotate(ctx, settle_seconds=0)
    ring = key_ring.read(ctx.settings.key_file)
    assert ring.pending == 1  # not made active
    assert _under_new_key(ctx) == (_under_new_key(ctx)[1] - 1, _under_new_key(ctx)[1])
    with ctx.db.write() as session:
        session.execute(delete(RecordRow).where(RecordRow.id == victim_id))
    done = rotation.rotate(ctx, settle_seconds=0)
    assert done.resumed and key_ring.read(ctx.settings.key_file).pending == 0


def test_a_key_file_that_is_not_the_servers_is_refused_before_anything_changes(
    ctx: ServerContext, tmp_path: Path
) -> None:
    """As when the command runs with another data directory's key file, or in a shell
    without the server's key setting (it makes a key file of its own)."""
    stray = tmp_path / "elsewhere" / "server.key"
    stray.parent.mkdir()
    write_key_file(stray, KeyRing.of(bytes(range(32))).text())
    before = (ctx.settings.key_file.read_text(), stray.read_text())
    other = ServerContext(ctx.settings, ctx.db, KeySource.of_file(stray), ctx.clock)
    with pytest.raises(rotation.RotationError, match="does not verify with this key file"):
        rotation.rotate(other, settle_seconds=0)
    assert (ctx.settings.key_file.read_text(), stray.read_text()) == before


def test_a_rotation_stopped_after_the_key_became_active_only_says_it_is_done(
    ctx: ServerContext,
) -> None:
    done = rotation.rotate(ctx, settle_seconds=0)
    with ctx.db.write() as session:  # as if killed between activation and the last entry
        last = session.execute(select(AuditEntry).order_by(AuditEntry.id.desc())).scalars()
        assert next(last).result == "done"
    _drop_last_entry(ctx)
    again = rotation.rotate(ctx, settle_seconds=0)
    assert again.resumed and again.key_id == done.key_id
    assert len(key_ring.read(ctx.settings.key_file).masters) == 2  # no third key
    with ctx.db.read() as session:
        assert verify(session, ctx.chain_keys()).ok


def _drop_last_entry(ctx: ServerContext) -> None:
    """Take the newest entry off the chain as the server's key would (a test's shortcut)."""
    key = key_ring.read(ctx.settings.key_file).newest.audit
    with ctx.db.write() as session:
        head = session.execute(select(AuditHead)).scalar_one()
        previous = session.get(AuditEntry, head.last_id - 1)
        assert previous is not None
        session.execute(delete(AuditEntry).where(AuditEntry.id == head.last_id))
        head.last_id, head.last_entry_mac = previous.id, previous.mac
        head.last_mac = audit._head_mac(key, head.first_id, head.last_id, previous.mac)


def test_a_stopped_rotation_goes_on_with_its_own_key(ctx: ServerContext) -> None:
    path = ctx.settings.key_file
    pending = key_ring.read(path).with_new(bytes(range(32)))
    key_ring.replace(path, pending)  # as a rotation stopped right after step 1 leaves it

    done = rotation.rotate(ctx, settle_seconds=0)

    assert done.resumed and done.key_id == pending.newest.key_id
    assert key_ring.read(path) == pending.activated()


def test_a_key_from_the_settings_is_not_rotated_and_nothing_changes(
    ctx: ServerContext, tmp_path: Path
) -> None:
    keyed = ServerContext(
        ctx.settings, ctx.db, KeySource(key_ring.read(ctx.settings.key_file)), ctx.clock
    )
    before = ctx.settings.key_file.read_text()
    with pytest.raises(rotation.RotationError, match="set in the settings"):
        rotation.rotate(keyed, settle_seconds=0)
    assert ctx.settings.key_file.read_text() == before


def test_rotation_while_a_device_pushes_loses_nothing(
    ctx: ServerContext, server: LiveServer
) -> None:
    phone = enroll(ctx, server, "jobcoach1")
    client = build_client(id=uuid.uuid4())
    with server.client(phone.token) as api:
        push(api, change_of(client))
    pusher = Pusher(server, phone.token, client.id)
    pusher.thread.start()
    pusher.until(20)
    run = _rotate_key(ctx, "--settle-seconds", "1.5", "--batch-size", "5")
    out, err = run.communicate(timeout=240)
    assert run.returncode == 0, err
    assert "records:" in out  # it told how far it got
    pusher.until(len(pusher.so_far()) + 20)  # it went on pushing after the rotation
    pusher.stop.set()
    pusher.thread.join(timeout=30)
    ring = key_ring.read(ctx.settings.key_file)
    newest = _only(ring.masters[-1])
    with ctx.db.read() as session:
        rows = {row.id: row for row in session.execute(select(RecordRow)).scalars()}
        assert verify(session, _chain(ring)).ok
    for change in pusher.so_far():
        assert newest.open_row(RECORDS, rows[change.entity_id]) == change.body


def _rotate_key(ctx: ServerContext, *args: str) -> subprocess.Popen[str]:
    command = [
        sys.executable,
        "-m",
        "sync_server",
        "--data-dir",
        str(ctx.settings.data_dir),
        "--database-url",
        ctx.settings.resolved_database_url(),
        "rotate-key",
        *args,
    ]
    return subprocess.Popen(
        command,
        cwd=ctx.settings.data_dir.parent,
        env={k: v for k, v in os.environ.items() if not k.startswith("VELDWERK_")},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _under_new_key(ctx: ServerContext) -> tuple[int, int]:
    """Records whose key is wrapped under the rotation's new key (none before there is one),
    and all records."""
    ring = key_ring.read(ctx.settings.key_file)
    if len(ring.masters) == 1:
        return 0, 0
    with ctx.db.read() as session:
        wrapped = session.execute(select(RecordRow.wrapped_key)).scalars().all()
    moved = sum(key_ids(w, ring.first).wrap == ring.newest.key_id for w in wrapped)
    return moved, len(wrapped)


def test_kill_9_in_the_middle_loses_nothing_and_a_second_run_finishes(
    ctx: ServerContext,
) -> None:
    seed_casework(ctx)
    sealed_before = _sealed(ctx)
    documents = _opened(ctx.sealer, sealed_before)
    run = _rotate_key(ctx, "--settle-seconds", "0", "--batch-size", "1")
    deadline = time.monotonic() + 120
    while _under_new_key(ctx)[0] == 0:  # until it is re-wrapping the records
        assert run.poll() is None and time.monotonic() < deadline, "it never got to the records"
        time.sleep(0.005)
    # Stopped at once where it is (in a batch or between two), then killed: one record at a
    # time, it is far from done with the records when it stops.
    run.send_signal(signal.SIGSTOP)
    moved, total = _under_new_key(ctx)
    run.send_signal(signal.SIGKILL)
    run.communicate(timeout=30)
    assert 0 < moved < total, (moved, total)

    stopped = KeySource(key_ring.read(ctx.settings.key_file))
    assert key_ring.read(ctx.settings.key_file).pending == 1
    assert _opened(Sealer(stopped), _sealed(ctx)) == documents  # nothing lost, all opens
    with ctx.db.read() as session:
        assert verify(session, _chain(stopped.ring())).ok

    again = _rotate_key(ctx, "--settle-seconds", "0")
    out, err = again.communicate(timeout=240)
    assert again.returncode == 0, err
    assert "went on with the rotation that was stopped" in out
    ring = key_ring.read(ctx.settings.key_file)
    assert ring.pending == 0 and len(ring.masters) == 2  # the same new key, not a third
    after = _sealed(ctx)
    assert _opened(_only(ring.masters[-1]), after) == documents
    with ctx.db.read() as session:
        assert verify(session, _chain(ring)).ok
    assert _under_new_key(ctx)[0] == _under_new_key(ctx)[1]
