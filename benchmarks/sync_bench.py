"""Sync benchmarks: real devices (encrypted store, outbox, sync engine) against a real server.

Each part starts ``python -m sync_server serve`` (one process, SQLite in a data directory, the
demo organisation) on loopback and enrolls devices as the demo jobcoach ``jobcoach1``:

- Push: two like devices, each with 50 clients (created and synced first) and then 1,000
  visits of about 1 KB recorded offline. Device A syncs with its engine: the push in batches of
  200, then the pull, which brings A's own 1,000 visits back (the server does not leave out a
  device's own writes). Device B's outbox is turned into the very request bodies its engine
  would send (before anything is sent), and those bytes are posted with a plain httpx client,
  one batch after the other. The ratio compares B's plain posts with A's push phase (up to the
  engine's last push progress report), so 1.0 means the engine adds nothing to the wire.
  A goes first: B's visits would otherwise come back in A's pull.
- First pull: a fresh server gets 1,000 clients and 10,000 visits (visits spread over the
  clients in time order, as a caseload grows) pushed with httpx; then a new device enrolls and
  its first sync pulls everything, each page applied durably before the cursor moves.
- First pull with work records: a second server gets the same caseload and also the demo
  employer register and a placement and two goals per client (1,000 placements, 2,000 goals).
  After one warm-up pull from it, new devices pull from the two servers in turn
  (:data:`PULL_ROUNDS` each); the ratio divides the medians (with / without); target at most
  1.2.
- Raw pull: in the same rounds, another new device fetches and parses the very pages of the
  first pull without applying them (the engine's own API client). The first pull over it says
  what storing costs beyond the wire; target at most 2.0.
- Growth: two more servers with the same 1,000 clients, one with 10,000 visits and one with
  50,000; new devices pull from them in turn (:data:`GROWTH_ROUNDS` each). For 4.6 times the
  records a linear pull takes 4.6 times as long; target at most 5.5.

Afterwards the server database and the devices are checked: every visit stored exactly once,
outboxes empty, the new device holding the whole caseload.
"""

from __future__ import annotations

import base64
import logging
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from pydantic import SecretStr
from sqlalchemy import select

from benchmarks.work_records import work_of
from fieldapp.domain.client import Client
from fieldapp.domain.outbox import EntityKind, Operation
from fieldapp.domain.ports import ENTITY_KINDS, Entity
from fieldapp.domain.sync_state import SyncState
from fieldapp.domain.visit import Visit, VisitType
from fieldapp.services.caseload import CaseloadService, VisitRecord
from fieldapp.services.demo_work import demo_employers
from fieldapp.storage import crypto
from fieldapp.storage.caseload import CaseloadStore
from fieldapp.storage.outbox import DeviceOutbox
from fieldapp.storage.store import EncryptedStore
from fieldapp.storage.sync_state import SyncStateStore
from fieldapp.sync.api import SyncApi
from fieldapp.sync.engine import SyncEngine, SyncProgress, SyncReport, to_wire
from fieldapp.sync.enrollment import enroll
from fieldapp.sync.transport import make_client
from fieldapp.wire import (
    API_PREFIX,
    MAX_BATCH,
    Change,
    EnrollRequest,
    EnrollResponse,
    Outcome,
    PushRequest,
    PushResponse,
)
from sync_server.app import build_context
from sync_server.audit import Actor
from sync_server.bootstrap import prepare
from sync_server.db.schema import ClientRow, RecordRow
from sync_server.demo import load_demo
from sync_server.services import admin, devices
from sync_server.services.context import ServerContext
from sync_server.settings import Settings

USER = "jobcoach1"
PUSH_CLIENTS = 50
PUSH_VISITS = 1_000
PULL_CLIENTS = 1_000
PULL_VISITS = 10_000
PULL_ROUNDS = 3
"""First pulls timed with and without the work records, alternating (each server warm)."""
GROWTH_VISITS = 50_000
GROWTH_ROUNDS = 2
"""First pulls of 10,000 and of 50,000 visits, alternating (the same 1,000 clients)."""
BATCH = MAX_BATCH
PASSPHRASE = "benchmark-passphrase-lang-genoeg"
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
NOTES = ("Werkplekbezoek: afspraken over begintijden en reistijd doorgenomen, loopt goed. " * 13)[
    :1000
]

TARGETS = {
    "sync.push_1000_queued_s": "<= 5",
    "sync.push_vs_raw_http_ratio": ">= 0.5",
    "sync.first_pull_s.clients1000_visits10000": "<= 10",
    "sync.first_pull_placements_s.clients1000_visits10000": "",
    "sync.first_pull_placements_ratio.clients1000_visits10000": "<= 1.2",
    "sync.first_pull_over_raw_pull_ratio.clients1000_visits10000": "<= 2.0",
    "sync.raw_pull_s.clients1000_visits10000": "",
    "sync.first_pull_s.clients1000_visits50000": "",
    "sync.first_pull_growth_ratio.visits50000_over_10000": "<= 5.5",
}
_ACCEPTED = frozenset({Outcome.APPLIED, Outcome.DUPLICATE})
_ADMIN = Actor("admin_cli", None, "admin")
_JSON = {"Content-Type": "application/json"}


def _now() -> datetime:
    return datetime.now(UTC)


def _client(n: int) -> Client:
    return Client(id=uuid.uuid4(), given_name=f"Bench {n}", created_at=NOW, updated_at=NOW)


def _visit(client_id: uuid.UUID, n: int) -> Visit:
    return Visit(
        id=uuid.uuid4(),
        client_id=client_id,
        type=VisitType.WORKPLACE_VISIT,
        started_at=NOW - timedelta(minutes=n),
        duration_minutes=45,
        notes_internal=NOTES,
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    url: str
    """Base URL without the API prefix, as a device is configured."""
    ctx: ServerContext
    """The same database, opened here: pairing codes and checks of what was stored."""

    def pairing_code(self, username: str = USER) -> str:
        return devices.issue_pairing_code(self.ctx, admin.find_user(self.ctx, username), _ADMIN)


@contextmanager
def _server(data_dir: Path, log: logging.Logger) -> Iterator[Server]:
    key = base64.b64encode(secrets.token_bytes(32)).decode()
    database_url = f"sqlite:///{data_dir / 'veldwerk.sqlite3'}"
    settings = Settings(data_dir=data_dir, database_url=database_url, server_key=SecretStr(key))
    ctx = build_context(settings)
    port = _free_port()
    process: subprocess.Popen[bytes] | None = None
    try:
        prepare(ctx)
        load_demo(ctx)
        env = {**os.environ, "VELDWERK_SERVER_KEY": key, "VELDWERK_LOG_LEVEL": "WARNING"}
        command = [
            sys.executable, "-m", "sync_server", "--data-dir", str(data_dir),
            "--database-url", database_url, "serve", "--port", str(port),
        ]  # fmt: skip
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(url + API_PREFIX + "/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("the benchmark server did not start")
            time.sleep(0.05)
        log.info("  server up on port %d", port)
        yield Server(url, ctx)
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=30)
        ctx.db.dispose()


class Device:
    """A field device as the app assembles it: encrypted store, caseload, outbox, engine."""

    def __init__(self, directory: Path) -> None:
        kdf = crypto.KdfParams(
            algorithm="argon2id",
            salt=os.urandom(crypto.SALT_BYTES),
            memory_kib=19 * 1024,
            iterations=2,
            lanes=1,
        )  # unlock time is not measured here; the store benchmark does that
        self.store = EncryptedStore.create(directory, PASSPHRASE, kdf=kdf)
        self.caseload = CaseloadStore(self.store, _now)
        self.service = CaseloadService(self.caseload, _now)
        self.outbox = DeviceOutbox(self.store, _now)
        self.states = SyncStateStore(self.store)

    def enroll(self, server: Server) -> None:
        enroll(
            self.states,
            server.url,
            server.pairing_code(),
            device_label="benchmark",
            client_for=make_client,
            clock=_now,
        )

    def token(self) -> str:
        enrollment = self.states.load_sync_state().enrollment
        assert enrollment is not None
        return enrollment.token.get_secret_value()

    def _api_for(self, state: SyncState) -> SyncApi:
        assert state.enrollment is not None
        return SyncApi(make_client(state.enrollment.server_url), self.token())

    def engine_api(self) -> SyncApi:
        """The API client the engine would use for this device."""
        return self._api_for(self.states.load_sync_state())

    def engine(self) -> SyncEngine:
        return SyncEngine(
            self.outbox, self.states, self._api_for, _now, self._revoked, batch_size=BATCH
        )

    @staticmethod
    def _revoked() -> None:
        raise RuntimeError("the benchmark device was revoked")

    def close(self) -> None:
        self.store.close()


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise RuntimeError(f"sync benchmark check failed: {message}")


def _stored_visits(server: Server, client_ids: list[uuid.UUID]) -> list[uuid.UUID]:
    with server.ctx.db.read() as session:
        query = select(RecordRow.id).where(
            RecordRow.kind == EntityKind.VISIT.value, RecordRow.client_id.in_(client_ids)
        )
        return list(session.execute(query).scalars())


# -- push ------------------------------------------------------------------------------


def _device_with_clients(root: Path, name: str, server: Server) -> tuple[Device, list[Client]]:
    """Enrolled, with 50 clients created and synced."""
    device = Device(root / name)
    device.enroll(server)
    clients = [_client(n) for n in range(PUSH_CLIENTS)]
    for person in clients:
        device.service.save_client(person)
    report = device.engine().sync()
    _check(report.sent == PUSH_CLIENTS, f"{name}: {report.sent} clients sent")
    return device, clients


def _queue_visits(device: Device, clients: list[Client]) -> None:
    """1,000 visits recorded offline, spread over the clients as the days go."""
    for n in range(PUSH_VISITS):
        visit = _visit(clients[n % PUSH_CLIENTS].id, n)
        device.service.record_visit(VisitRecord(visit=visit))


def _request_bodies(device: Device) -> list[bytes]:
    """The push bodies the engine would send for this outbox, byte for byte."""
    changes = [to_wire(change) for change in device.outbox.sendable()]
    return [
        PushRequest(changes=changes[start : start + BATCH]).model_dump_json().encode()
        for start in range(0, len(changes), BATCH)
    ]


def _timed_sync(device: Device) -> tuple[SyncReport, float, float]:
    """One engine sync: (report, whole sync in s, push phase in s)."""
    push_done = 0.0

    def progress(event: SyncProgress) -> None:
        nonlocal push_done
        if event.phase == "push":
            push_done = time.perf_counter()

    started = time.perf_counter()
    report = device.engine().sync(progress)
    return report, time.perf_counter() - started, push_done - started


def _raw_push(server: Server, token: str, bodies: list[bytes]) -> tuple[float, list[bytes]]:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    answers: list[bytes] = []
    with httpx.Client(base_url=server.url + API_PREFIX, headers=headers, timeout=60) as http:
        started = time.perf_counter()
        for body in bodies:
            response = http.post("/sync/push", content=body)
            response.raise_for_status()
            answers.append(response.content)
        seconds = time.perf_counter() - started
    return seconds, answers


def _push_part(root: Path, log: logging.Logger) -> dict[str, float]:
    with _server(root / "server-push", log) as server:
        started = time.perf_counter()
        device_a, clients_a = _device_with_clients(root, "device-a", server)
        device_b, clients_b = _device_with_clients(root, "device-b", server)
        device_a.engine().sync()  # B's clients: A's timed pull then brings only its own
        _queue_visits(device_a, clients_a)
        _queue_visits(device_b, clients_b)
        bodies = _request_bodies(device_b)
        log.info(
            "  setup: 2 devices, %d clients and %d queued visits each, in %.1f s",
            PUSH_CLIENTS,
            PUSH_VISITS,
            time.perf_counter() - started,
        )
        try:
            report, engine_s, engine_push_s = _timed_sync(device_a)
            raw_s, answers = _raw_push(server, device_b.token(), bodies)

            _check(report.sent == PUSH_VISITS, f"engine reported {report.sent} sent")
            _check(report.rejected == report.conflicts == 0, "engine push refused changes")
            _check(device_a.outbox.changes() == [], "device A's outbox is not empty")
            results = [r for a in answers for r in PushResponse.model_validate_json(a).results]
            _check(len(results) == PUSH_VISITS, f"raw push answered {len(results)}")
            _check(all(r.outcome in _ACCEPTED for r in results), "raw push refused changes")
            for name, clients in (("A", clients_a), ("B", clients_b)):
                stored = _stored_visits(server, [person.id for person in clients])
                _check(
                    len(stored) == len(set(stored)) == PUSH_VISITS,
                    f"server holds {len(stored)} visits of {name}",
                )
        finally:
            device_a.close()
            device_b.close()
    log.info(
        "  engine: %d visits pushed in %.2f s (push phase %.2f s, pull of %d after it %.2f s)",
        report.sent,
        engine_s,
        engine_push_s,
        report.pulled,
        engine_s - engine_push_s,
    )
    log.info(
        "  plain httpx, same %d request bodies (%d KB): %.2f s",
        len(bodies),
        sum(len(b) for b in bodies) // 1024,
        raw_s,
    )
    return {
        "sync.push_1000_queued_s": engine_s,
        "sync.push_raw_http_s": raw_s,
        "sync.push_vs_raw_http_ratio": raw_s / engine_push_s,
    }


# -- first pull --------------------------------------------------------------------------


def _change(entity: Entity) -> Change:
    kind = ENTITY_KINDS[type(entity)]
    client_id = entity.id if isinstance(entity, Client) else getattr(entity, "client_id", None)
    return Change(
        change_id=uuid.uuid4(),
        entity=kind,
        entity_id=entity.id,
        client_id=client_id,
        operation=Operation.UPSERT,
        entity_version=1,
        base_version=0,
        body=entity.model_dump(mode="json"),
    )


def _push_all(server: Server, entities: list[Entity]) -> None:
    """Push ``entities`` as another device of the user would, in batches."""
    with httpx.Client(base_url=server.url + API_PREFIX, timeout=120) as http:
        request = EnrollRequest(pairing_code=server.pairing_code(), device_label="seeder")
        answer = http.post("/enroll", content=request.model_dump_json(), headers=_JSON)
        answer.raise_for_status()
        token = EnrollResponse.model_validate_json(answer.content).token
        headers = {**_JSON, "Authorization": f"Bearer {token}"}
        changes = [_change(entity) for entity in entities]
        for start in range(0, len(changes), BATCH):
            body = PushRequest(changes=changes[start : start + BATCH]).model_dump_json()
            response = http.post("/sync/push", content=body, headers=headers)
            response.raise_for_status()
            outcomes = PushResponse.model_validate_json(response.content).results
            _check(all(r.outcome in _ACCEPTED for r in outcomes), "seeding push refused")


def _seed(server: Server, visit_count: int = PULL_VISITS) -> list[Client]:
    """1,000 clients and their visits in the user's caseload, pushed by another device."""
    clients = [_client(n) for n in range(PULL_CLIENTS)]
    visits = [_visit(clients[n % PULL_CLIENTS].id, n) for n in range(visit_count)]
    _push_all(server, [*clients, *visits])
    return clients


def _seed_work(server: Server, clients: list[Client]) -> None:
    """The demo employer register, and a placement and two goals for each client."""
    employers = demo_employers(NOW)
    work = [
        record
        for n, client in enumerate(clients)
        for record in work_of(client.id, employers[n % len(employers)], n, NOW.date())
    ]
    _push_all(server, [*employers, *work])


def _first_pull(
    server: Server,
    directory: Path,
    log: logging.Logger,
    what: str,
    *,
    placements: int = 0,
    visit_count: int = PULL_VISITS,
) -> float:
    """A new device's first sync, timed; checks it holds the whole caseload afterwards."""
    device = Device(directory)
    try:
        device.enroll(server)
        pages = 0

        def count_pages(event: SyncProgress) -> None:
            nonlocal pages
            pages += event.phase == "pull"

        started = time.perf_counter()
        report = device.engine().sync(count_pages)
        seconds = time.perf_counter() - started
        log.info("  %s: %d records in %d pages, %.2f s", what, report.pulled, pages, seconds)
        client_ids = device.caseload.client_ids()
        dossiers = [device.service.dossier(cid) for cid in client_ids]
        visits = sum(len(dossier.visits) for dossier in dossiers)
        placed = sum(len(dossier.placements) for dossier in dossiers)
        _check(len(client_ids) == PULL_CLIENTS, f"device holds {len(client_ids)} clients")
        _check(visits == visit_count, f"device holds {visits} visits")
        _check(placed == placements, f"device holds {placed} placements")
        _check(device.outbox.changes() == [], "a first pull left changes in the outbox")
        return seconds
    finally:
        device.close()


def _raw_pull(server: Server, directory: Path, log: logging.Logger) -> float:
    """The pages a new device's first sync fetches, fetched and read the same way (the same
    client, the same parsing) but not applied: the floor for the first pull."""
    device = Device(directory)
    try:
        device.enroll(server)
        records = pages = 0
        cursor: str | None = None
        started = time.perf_counter()
        with device.engine_api() as api:
            while True:
                page = api.pull(cursor)
                records += len(page.records)
                pages += 1
                cursor = page.cursor
                if not page.has_more:
                    break
        seconds = time.perf_counter() - started
        log.info("  raw pull: %d records in %d pages, %.2f s", records, pages, seconds)
        _check(records == PULL_CLIENTS + PULL_VISITS, f"raw pull fetched {records}")
        return seconds
    finally:
        device.close()


def _growth_part(root: Path, log: logging.Logger) -> dict[str, float]:
    """First pulls of 10,000 and 50,000 visits of the same 1,000 clients, alternating."""
    with (
        _server(root / "server-10k", log) as small,
        _server(root / "server-50k", log) as large,
    ):
        started = time.perf_counter()
        _seed(small)
        _seed(large, GROWTH_VISITS)
        log.info("  seeded 10,000 and 50,000 visits in %.1f s", time.perf_counter() - started)
        tens, fifties = [], []
        for n in range(GROWTH_ROUNDS):
            tens.append(_first_pull(small, root / f"device-10k-{n}", log, "10,000 visits"))
            fifties.append(
                _first_pull(
                    large,
                    root / f"device-50k-{n}",
                    log,
                    "50,000 visits",
                    visit_count=GROWTH_VISITS,
                )
            )
    return {
        "sync.first_pull_s.clients1000_visits50000": statistics.median(fifties),
        "sync.first_pull_growth_ratio.visits50000_over_10000": (
            statistics.median(fifties) / statistics.median(tens)
        ),
    }


def _pull_part(root: Path, log: logging.Logger) -> dict[str, float]:
    with (
        _server(root / "server-pull", log) as server,
        _server(root / "server-work", log) as server_work,
    ):
        started = time.perf_counter()
        _seed(server)
        with server.ctx.db.read() as session:
            seeded = len(session.execute(select(RecordRow.id)).all())
            seeded_clients = len(session.execute(select(ClientRow.id)).all())
        _check(
            (seeded_clients, seeded) == (PULL_CLIENTS, PULL_VISITS),
            f"seeded {seeded_clients} clients, {seeded} visits",
        )
        log.info(
            "  seeded %d clients and %d visits over HTTP in %.1f s",
            PULL_CLIENTS,
            PULL_VISITS,
            time.perf_counter() - started,
        )
        first = _first_pull(server, root / "device-new", log, "new device (cold server)")
        _seed_work(server_work, _seed(server_work))
        with server_work.ctx.db.read() as session:
            records = len(session.execute(select(RecordRow.id)).all())
        _check(records == PULL_VISITS + 3 * PULL_CLIENTS, f"{records} records with the work")
        _first_pull(
            server_work,
            root / "device-warm",
            log,
            "with work (cold server)",
            placements=PULL_CLIENTS,
        )
        plain, work, raw = [], [], []
        for n in range(PULL_ROUNDS):  # alternating, so a slower spell hits both
            plain.append(_first_pull(server, root / f"device-plain-{n}", log, "new device"))
            raw.append(_raw_pull(server, root / f"device-raw-{n}", log))
            work.append(
                _first_pull(
                    server_work,
                    root / f"device-work-{n}",
                    log,
                    "new device, with work",
                    placements=PULL_CLIENTS,
                )
            )
    return {
        "sync.first_pull_s.clients1000_visits10000": first,
        "sync.first_pull_placements_s.clients1000_visits10000": statistics.median(work),
        "sync.first_pull_placements_ratio.clients1000_visits10000": (
            statistics.median(work) / statistics.median(plain)
        ),
        "sync.raw_pull_s.clients1000_visits10000": statistics.median(raw),
        "sync.first_pull_over_raw_pull_ratio.clients1000_visits10000": (
            statistics.median(plain) / statistics.median(raw)
        ),
    }


def run(log: logging.Logger) -> dict[str, float]:
    results: dict[str, float] = {}
    work = Path(__file__).resolve().parent / ".work"
    work.mkdir(exist_ok=True)
    parts: list[Callable[[Path, logging.Logger], dict[str, float]]] = [
        _push_part,
        _pull_part,
        _growth_part,
    ]
    with tempfile.TemporaryDirectory(prefix="veldwerk-sync-", dir=work) as tmp:
        for part in parts:
            results.update(part(Path(tmp), log))
    return results
