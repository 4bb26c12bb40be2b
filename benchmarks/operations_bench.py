"""Backup and restore at a municipality's year (issue 25): 3,000 clients of 50 jobcoaches
with 150,000 visits, each sealed through the server's real sealing (a data key per record,
wrapped by the server key), and an audit chain of 250,000 entries: a year of 50 devices
that sync 20 times a working day (each pull and push is audited).

``server.backup_s.visits150000``: ``backup`` of that SQLite database (online backup API,
key escrow with Argon2id, checksums). ``server.restore_s.visits150000``: ``restore`` of it
into a new data directory (checksums, passphrase, the audit chain of the copy verified with
the key, the copy, migration, a new epoch, the chain verified again). Targets: 60 s and 120 s.
``server.rotate_key_s.visits150000``: ``rotate-key`` on the restored server (every data key
re-wrapped under a new server key, 500 per transaction, clients indexed again; no pause for
other processes, none run). The issue sets no target: the figure tells an administrator how
long a rotation runs.
The visits go in by bulk insert rather than through 3,000 pushes: the figures are about the
copy, not the writing.
"""

from __future__ import annotations

import base64
import logging
import secrets
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pydantic import SecretStr
from sqlalchemy import insert

from fieldapp.wire import Role
from sync_server.app import build_context
from sync_server.audit import Actor, Event
from sync_server.bootstrap import prepare
from sync_server.db.schema import ClientRow, RecordRow
from sync_server.demo import ORGANISATION, load_demo
from sync_server.operations import backup, restore, rotation
from sync_server.services import admin
from sync_server.services.context import ServerContext
from sync_server.services.unit_of_work import CLIENTS, RECORDS
from sync_server.settings import Settings
from tests.factories import build_client, build_visit

TARGETS = {
    "server.backup_s.visits150000": "<= 60",
    "server.restore_s.visits150000": "<= 120",
}
JOBCOACHES, CLIENTS_N, VISITS = 50, 3000, 150_000
AUDIT_ENTRIES = 250_000
PASSPHRASE = "benchmark passphrase, long enough"


def _seed(ctx: ServerContext, log: logging.Logger) -> None:
    organisation = admin.find_organisation(ctx, ORGANISATION)
    coaches = [
        admin.create_user(ctx, organisation, f"bench-coach-{n}", Role.JOBCOACH)
        for n in range(JOBCOACHES)
    ]
    now = datetime.now(UTC)
    seq = 0
    clients = []
    with ctx.db.write() as session:
        rows = []
        for n in range(CLIENTS_N):
            client = build_client(id=uuid.uuid4(), given_name=f"Bench {n}")
            sealed = ctx.sealer.seal(CLIENTS, str(client.id), client.model_dump(mode="json"))
            seq += 1
            rows.append(
                {
                    "id": client.id,
                    "organisation_id": organisation,
                    "jobcoach_id": coaches[n % JOBCOACHES],
                    "version": 1,
                    "seq": seq,
                    "created_at": now,
                    "updated_at": now,
                    "wrapped_key": sealed.wrapped_key,
                    "sealed": sealed.ciphertext,
                    "target_group": "bijstand",
                }
            )
            clients.append(client.id)
        session.execute(insert(ClientRow), rows)
    for start in range(0, VISITS, 5000):
        with ctx.db.write() as session:
            rows = []
            for n in range(start, min(start + 5000, VISITS)):
                at = now - timedelta(hours=n % 5000)
                visit = build_visit(
                    id=uuid.uuid4(), client_id=clients[n % CLIENTS_N], started_at=at
                )
                sealed = ctx.sealer.seal(RECORDS, str(visit.id), visit.model_dump(mode="json"))
                seq += 1
                rows.append(
                    {
                        "id": visit.id,
                        "kind": "visit",
                        "client_id": visit.client_id,
                        "author_device_id": None,
                        "version": 1,
                        "seq": seq,
                        "occurred_at": at,
                        "created_at": now,
                        "updated_at": now,
                        "wrapped_key": sealed.wrapped_key,
                        "sealed": sealed.ciphertext,
                    }
                )
            session.execute(insert(RecordRow), rows)
            per_batch = AUDIT_ENTRIES * len(rows) // VISITS
            syncs = [
                Event("pull" if k % 2 else "push", "caseload", str(coaches[k % JOBCOACHES]), "ok")
                for k in range(per_batch)
            ]
            ctx.audit(session, Actor("device", None, Role.JOBCOACH.value), *syncs)
    log.info("  %d clients, %d visits sealed, %d audit entries", CLIENTS_N, VISITS, AUDIT_ENTRIES)


def run(log: logging.Logger) -> dict[str, float]:
    work = Path(__file__).resolve().parent / ".work"
    work.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="veldwerk-operations-", dir=work) as tmp:
        root = Path(tmp)
        key = base64.b64encode(secrets.token_bytes(32)).decode()
        settings = Settings(_env_file=None, data_dir=root / "live", server_key=SecretStr(key))
        ctx = build_context(settings)
        prepare(ctx)
        load_demo(ctx)
        _seed(ctx, log)
        ctx.db.dispose()
        started = time.perf_counter()
        made = backup.backup(settings, root / "backup", PASSPHRASE, now=datetime.now(UTC))
        backup_s = time.perf_counter() - started
        log.info("  backup: %.1f s, %.0f MB", backup_s, made.database.bytes / 1e6)
        fresh = Settings(_env_file=None, data_dir=root / "restored")
        started = time.perf_counter()
        restore.restore(fresh, root / "backup", PASSPHRASE, now=datetime.now(UTC))
        restore_s = time.perf_counter() - started
        log.info("  restore: %.1f s", restore_s)
        again = build_context(fresh)
        prepare(again)
        started = time.perf_counter()
        done = rotation.rotate(again, settle_seconds=0)
        rotate_s = time.perf_counter() - started
        again.db.dispose()
        log.info("  rotate-key: %.1f s, %d keys re-wrapped", rotate_s, sum(done.rewrapped.values()))
    return {
        "server.backup_s.visits150000": round(backup_s, 2),
        "server.restore_s.visits150000": round(restore_s, 2),
        "server.rotate_key_s.visits150000": round(rotate_s, 2),
    }
