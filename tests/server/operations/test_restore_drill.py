"""The restore drill (issue 25, item 2): a server under push load is backed up, the backup is
restored into a fresh directory and database, and then every change acknowledged before the
backup began is there and opens, the audit chain verifies, and the device syncs on: its old
cursor pulls everything again, and sending its changes again adds no duplicate."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from fieldapp.domain.outbox import EntityKind
from fieldapp.wire import MAX_BATCH, Change
from sync_server.app import build_context
from sync_server.audit import verify
from sync_server.bootstrap import prepare
from sync_server.db import migrate
from sync_server.db.schema import RecordRow
from sync_server.operations import backup, restore
from sync_server.services.context import ServerContext
from sync_server.services.unit_of_work import RECORDS
from sync_server.settings import Settings
from tests.factories import build_client, build_visit
from tests.server.changes import change_of, pull_all, push
from tests.server.conftest import LiveServer, database_for, enroll

pytestmark = pytest.mark.usefixtures("demo")
PASSPHRASE = "correct horse battery"
BATCH = 5


class Pusher:
    """A device that keeps pushing visits of its client, remembering what was acknowledged,
    in order, until stopped."""

    def __init__(self, server: LiveServer, token: str, client_id: uuid.UUID) -> None:
        self.api = server.client(token)
        self.client_id = client_id
        self.acknowledged: list[Change] = []
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with self.api:
            while not self.stop.is_set():
                changes = [change_of(build_visit(client_id=self.client_id)) for _ in range(BATCH)]
                results = push(self.api, *changes)
                assert {r.outcome.value for r in results} == {"applied"}, results
                with self.lock:
                    self.acknowledged += changes

    def so_far(self) -> list[Change]:
        with self.lock:
            return list(self.acknowledged)

    def until(self, count: int) -> None:
        while len(self.so_far()) < count:
            assert self.thread.is_alive(), "the pusher stopped (a push was refused)"
            self.stop.wait(0.01)


@pytest.fixture
def restored_settings(
    tmp_path: Path, settings: Settings, postgres_admin_url: str | None
) -> Iterator[Settings]:
    """A fresh data directory and an empty database of the same engine."""
    engine = "sqlite" if settings.resolved_database_url().startswith("sqlite") else "postgresql"
    for url in database_for(engine, tmp_path / "restored-db", postgres_admin_url):
        yield Settings(data_dir=tmp_path / "restored", database_url=url)


def _records(ctx: ServerContext) -> dict[uuid.UUID, RecordRow]:
    with ctx.db.read() as session:
        return {row.id: row for row in session.execute(select(RecordRow)).scalars()}


def test_a_backup_under_load_restores_with_every_acknowledged_change(
    ctx: ServerContext,
    server: LiveServer,
    tmp_path: Path,
    restored_settings: Settings,
) -> None:
    phone = enroll(ctx, server, "jobcoach1")
    client = build_client(id=uuid.uuid4())
    with server.client(phone.token) as api:
        push(api, change_of(client))
        _, cursor = pull_all(api)
    pusher = Pusher(server, phone.token, client.id)
    pusher.thread.start()
    pusher.until(20)
    before = pusher.so_far()  # acknowledged before the backup began
    made = backup.backup(ctx.settings, tmp_path / "backup", PASSPHRASE, now=ctx.clock())
    pusher.until(len(pusher.so_far()) + 20)  # it went on pushing during and after the backup
    pusher.stop.set()
    pusher.thread.join(timeout=30)
    everything = pusher.so_far()
    with server.client(phone.token) as api:
        _, cursor = pull_all(api, cursor)  # the device's cursor after all of it

    restore.restore(restored_settings, tmp_path / "backup", PASSPHRASE, now=datetime.now(UTC))
    again = build_context(restored_settings)
    prepare(again)
    try:
        rows = _records(again)
        for change in before:
            row = rows[change.entity_id]
            assert again.sealer.open_row(RECORDS, row) == change.body
        if made.counts:  # SQLite: the manifest's counts are the restored database's
            assert len(rows) == made.counts["records"]
        after_backup = {c.entity_id for c in everything} - set(rows)
        assert len(after_backup) >= 20  # acknowledged after the snapshot: only the device has them
        with again.db.read() as session:
            assert verify(session, again.keys.audit).ok
        _sync_on(again, phone.token, cursor, everything)
    finally:
        again.db.dispose()


def _sync_on(ctx: ServerContext, token: str, cursor: str | None, sent: list[Change]) -> None:
    live = LiveServer(ctx).start()
    try:
        with live.client(token) as api:
            pages, _ = pull_all(api, cursor)  # a cursor from before the restore
            pulled = [r.entity_id for page in pages for r in page.records]
            assert len(pulled) == len(set(pulled))
            assert set(_records(ctx)) <= set(pulled)  # everything again
            # the device sends all it has again, in batches as its engine would (the pusher
            # may have made more than one request may carry)
            results = [
                result
                for start in range(0, len(sent), MAX_BATCH)
                for result in push(api, *sent[start : start + MAX_BATCH])
            ]
        assert {r.outcome.value for r in results} <= {"applied", "duplicate"}
        visits = _records(ctx)
        assert {c.entity_id for c in sent} <= set(visits)
        with ctx.db.read() as session:
            count = session.execute(
                select(func.count()).where(RecordRow.kind == EntityKind.VISIT.value)
            ).scalar_one()
        assert count == len(sent)  # no duplicate
    finally:
        live.stop()


def test_a_backup_from_the_release_before_key_rotation_restores(
    ctx: ServerContext, tmp_path: Path, restored_settings: Settings
) -> None:
    """Its audit head has no key id column yet: the copy is verified before it is migrated."""
    migrate.downgrade(ctx.db.engine, "0011")
    made = backup.backup(ctx.settings, tmp_path / "old", PASSPHRASE, now=ctx.clock())
    assert made.schema_revision == "0011"
    restore.restore(restored_settings, tmp_path / "old", PASSPHRASE, now=datetime.now(UTC))
    again = build_context(restored_settings)
    prepare(again)
    try:
        with again.db.read() as session:
            assert migrate.current(session.connection()) == migrate.revisions()[-1]
            assert verify(session, again.chain_keys()).ok
    finally:
        again.db.dispose()
