"""Server push throughput: simulated devices pushing visits to a real server process.

Each run starts ``python -m sync_server serve`` on loopback (SQLite in a data directory; and
PostgreSQL when ``VELDWERK_TEST_DATABASE_URL`` names a server, in a scratch database), enrolls
200 devices, gives each its own client, and then lets all 200 push at once with httpx over
loopback, in two shapes: one visit per request (a jobcoach syncing after every visit, the worst
case) and batches of 50. A request that fails on the network is retried with the same change
ids, as the app does. Afterwards the database is read: every visit sent must be there exactly
once (``lost`` and ``duplicates``).

The server runs one process per core (``serve --workers N``), sharing the machine with the
load generator. The baseline is the stack's ceiling (issue 24, item 1;
:mod:`benchmarks.ceiling_app`): a minimal FastAPI endpoint that inserts the pushed rows with
one INSERT and COMMIT, under uvicorn, driven by the same generator with the same bodies from
the same 200 devices in the same run. Its setup is fixed and its own best: it runs with 1 and
with 2 worker processes, and the better of the two counts, so serving the project worse cannot
lower the ceiling too. Beside each ratio the absolute figures and the server's CPU per
request (its processes' user and system time from ``/proc``, over the requests) are reported.

``server.push.vs_raw_insert_ratio`` is retired: it compared against a bare sqlite3 loop whose
speed swung eightfold with disk noise.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from pydantic import SecretStr
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from benchmarks import ceiling_app
from benchmarks.process_cpu import tree_seconds
from benchmarks.report import median
from fieldapp.domain.client import Client
from fieldapp.domain.outbox import EntityKind, Operation
from fieldapp.domain.visit import Visit, VisitType
from fieldapp.wire import API_PREFIX, Change, Outcome
from sync_server.app import build_context
from sync_server.audit import Actor
from sync_server.bootstrap import prepare
from sync_server.db.schema import RecordRow
from sync_server.demo import load_demo
from sync_server.services import admin, devices
from sync_server.settings import Settings

DEVICES = 200
VISITS_BATCH1 = 8
"""Per device, one per request: 1,600 requests."""
BATCHES_BATCH50 = 2
"""Per device, 50 visits each: 20,000 visits."""
CEILING_WORKERS = (1, 2)
WORKERS = os.cpu_count() or 1
"""Server processes: one per core, as a municipality would run it (``serve --workers N``)."""
PG_ENV = "VELDWERK_TEST_DATABASE_URL"

TARGETS = {
    "server.push.visits_per_s.sqlite.c200.batch1": ">= 250",
    "server.push.visits_per_s.sqlite.c200.batch50": ">= 2500",
    "server.push.p99_ms.sqlite.c200.batch1": "< 500",
    "server.push.cpu_over_ceiling_ratio.sqlite.batch1": "<= 2.0",
    "server.push.vs_ceiling_ratio.sqlite.c200.batch1": ">= 0.6",
    "server.push.p99_over_ceiling_p99.sqlite.c200.batch1": "<= 1.5",
    "server.push.vs_ceiling_ratio.sqlite.c200.batch50": ">= 0.6",
    "server.push.vs_ceiling_ratio.postgres.c200.batch1": ">= 0.5",
    "server.push.lost": "0",
    "server.push.duplicates": "0",
}
RETIRED = frozenset(
    {"server.push.vs_raw_insert_ratio.sqlite.batch1", "server.push.raw_insert_per_s.sqlite"}
)
SHAPES = (("batch1", VISITS_BATCH1, 1), ("batch50", BATCHES_BATCH50, 50))
_ACCEPTED = frozenset({Outcome.APPLIED.value, Outcome.DUPLICATE.value})
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
NOTES = "Werkplekbezoek: afspraken over begintijden doorgenomen, loopt goed. " * 6


def _visit(client_id: uuid.UUID, n: int) -> Visit:
    return Visit(
        id=uuid.uuid4(),
        client_id=client_id,
        type=VisitType.WORKPLACE_VISIT,
        started_at=NOW - timedelta(minutes=n),
        duration_minutes=45,
        notes_internal=NOTES,
    )


def _change(entity: Client | Visit, kind: EntityKind) -> dict[str, Any]:
    client_id = entity.id if isinstance(entity, Client) else entity.client_id
    change = Change(
        change_id=uuid.uuid4(),
        entity=kind,
        entity_id=entity.id,
        client_id=client_id,
        operation=Operation.UPSERT,
        entity_version=1,
        base_version=0,
        body=entity.model_dump(mode="json"),
    )
    return change.model_dump(mode="json")


@dataclass
class Device:
    token: str
    client_id: uuid.UUID


@dataclass
class Shape:
    visits: int
    seconds: float
    latencies_ms: list[float]
    retries: int
    sent_ids: set[str]
    requests: int = 0
    cpu_seconds: float = 0.0
    """The server processes' CPU time over the shape."""

    @property
    def cpu_ms_per_request(self) -> float:
        return 1000 * self.cpu_seconds / self.requests

    @property
    def per_second(self) -> float:
        return self.visits / self.seconds

    @property
    def p99_ms(self) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[max(0, round(0.99 * len(ordered)) - 1)]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Served:
    url: str
    pid: int


@contextmanager
def running_server(settings: Settings, key: str, log: logging.Logger) -> Iterator[Served]:
    """`python -m sync_server serve` on a free port; yields its API address and process."""
    port = _free_port()
    env = {**os.environ, "VELDWERK_SERVER_KEY": key, "VELDWERK_LOG_LEVEL": "WARNING"}
    command = [
        sys.executable,
        "-m",
        "sync_server",
        "--data-dir",
        str(settings.data_dir),
        "--database-url",
        settings.resolved_database_url(),
        "serve",
        "--port",
        str(port),
        "--workers",
        str(WORKERS),
    ]
    with _serving(command, env, port, log) as served:
        yield served


@contextmanager
def running_ceiling(database: str, workers: int, log: logging.Logger) -> Iterator[Served]:
    """The ceiling app (:mod:`benchmarks.ceiling_app`) under uvicorn with ``workers``."""
    port = _free_port()
    env = {**os.environ, "CEILING_DATABASE": database}
    ceiling_app.prepare(database)
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "benchmarks.ceiling_app:app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--log-level",
        "warning",
        "--no-server-header",
    ]
    with _serving(command, env, port, log) as served:
        yield served


@contextmanager
def _serving(
    command: list[str], env: dict[str, str], port: int, log: logging.Logger
) -> Iterator[Served]:
    root = Path(__file__).resolve().parent.parent
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, cwd=root)
    url = f"http://127.0.0.1:{port}{API_PREFIX}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(url + "/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("the benchmark server did not start")
            time.sleep(0.1)
        log.info("  server up on port %d", port)
        yield Served(url, process.pid)
    finally:
        process.terminate()
        process.wait(timeout=30)


def _enroll_devices(settings: Settings) -> list[str]:
    ctx = build_context(settings)
    prepare(ctx)
    load_demo(ctx)
    user = admin.find_user(ctx, "jobcoach1")
    actor = Actor("admin_cli", None, "admin")
    tokens = [
        devices.enroll(ctx, devices.issue_pairing_code(ctx, user, actor), f"bench-{n}").token
        for n in range(DEVICES)
    ]
    ctx.db.dispose()
    return tokens


def _body(changes: list[dict[str, Any]]) -> bytes:
    return json.dumps({"changes": changes}).encode()


async def _post(client: httpx.AsyncClient, token: str, body: bytes) -> tuple[float, int]:
    """Push until the server answers; returns (latency of the answered try in ms, retries).

    The body is encoded beforehand: what is measured is the server, not the generator."""
    retries = 0
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    while True:
        started = time.perf_counter()
        try:
            response = await client.post("/sync/push", content=body, headers=headers)
        except httpx.TransportError:
            retries += 1
            continue
        if response.status_code >= 500:
            retries += 1
            continue
        elapsed = (time.perf_counter() - started) * 1000
        response.raise_for_status()
        results = response.json()["results"]
        bad = [r for r in results if r["outcome"] not in _ACCEPTED]
        if bad:
            raise RuntimeError(f"push refused: {bad[0]['code']}")
        return elapsed, retries


async def _setup_clients(url: str, tokens: list[str]) -> list[Device]:
    devices_: list[Device] = []
    limits = httpx.Limits(max_connections=DEVICES)
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as client:
        for token in tokens:
            person = Client(id=uuid.uuid4(), given_name="Bench", created_at=NOW, updated_at=NOW)
            await _post(client, token, _body([_change(person, EntityKind.CLIENT)]))
            devices_.append(Device(token, person.id))
    return devices_


async def _shape(served: Served, fleet: list[Device], batches: int, size: int) -> Shape:
    url = served.url
    latencies: list[float] = []
    sent: set[str] = set()
    retries = 0

    def bodies(device: Device) -> list[bytes]:
        encoded = []
        for batch in range(batches):
            visits = [_visit(device.client_id, batch * size + n) for n in range(size)]
            sent.update(str(visit.id) for visit in visits)
            encoded.append(_body([_change(v, EntityKind.VISIT) for v in visits]))
        return encoded

    loads = {id(device): bodies(device) for device in fleet}

    async def device_run(device: Device, client: httpx.AsyncClient) -> None:
        nonlocal retries
        for body in loads[id(device)]:
            latency, tries = await _post(client, device.token, body)
            latencies.append(latency)
            retries += tries

    # One connection per device, as on the street: httpx's pool scans its connections on
    # every request, and one shared pool of 200 made the load generator the bottleneck.
    clients = [
        httpx.AsyncClient(base_url=url, timeout=120, limits=httpx.Limits(max_connections=1))
        for _ in fleet
    ]
    cpu = tree_seconds(served.pid)
    started = time.perf_counter()
    await asyncio.gather(*(device_run(d, c) for d, c in zip(fleet, clients, strict=True)))
    seconds = time.perf_counter() - started
    cpu = tree_seconds(served.pid) - cpu
    for client in clients:
        await client.aclose()
    requests = batches * len(fleet)
    return Shape(batches * size * len(fleet), seconds, latencies, retries, sent, requests, cpu)


def _stored_check(database_url: str, sent: set[str]) -> tuple[int, int]:
    """(lost, duplicates) of the visits sent, read from the database."""
    engine = create_engine(database_url)
    with engine.connect() as connection:
        ids = (
            connection.execute(select(RecordRow.id).where(RecordRow.kind == EntityKind.VISIT.value))
            .scalars()
            .all()
        )
        rows = connection.execute(select(func.count()).select_from(RecordRow)).scalar_one()
    engine.dispose()
    stored = {str(uuid.UUID(str(i))) for i in ids}
    return len(sent - stored), int(rows) - len(stored)


def _log_shape(log: logging.Logger, what: str, shape: Shape) -> None:
    log.info(
        "  %s: %d visits in %.1f s = %.0f/s, p99 %.0f ms, median %.0f ms, retries %d, "
        "server CPU %.2f ms a request",
        what,
        shape.visits,
        shape.seconds,
        shape.per_second,
        shape.p99_ms,
        median(shape.latencies_ms),
        shape.retries,
        shape.cpu_ms_per_request,
    )


def _engine_run(
    name: str, settings: Settings, log: logging.Logger
) -> tuple[dict[str, float], list[Device], dict[str, Shape]]:
    """The project's push on one engine: its figures, the fleet it set up, and its shapes."""
    key = base64.b64encode(secrets.token_bytes(32)).decode()
    settings = settings.model_copy(update={"server_key": SecretStr(key)})
    tokens = _enroll_devices(settings)
    results: dict[str, float] = {}
    shapes: dict[str, Shape] = {}
    lost = duplicates = 0
    with running_server(settings, key, log) as served:
        fleet = asyncio.run(_setup_clients(served.url, tokens))
        for label, batches, size in SHAPES:
            shape = asyncio.run(_shape(served, fleet, batches, size))
            found_lost, found_duplicates = _stored_check(
                settings.resolved_database_url(), shape.sent_ids
            )
            lost, duplicates = lost + found_lost, duplicates + found_duplicates
            results[f"server.push.visits_per_s.{name}.c{DEVICES}.{label}"] = shape.per_second
            results[f"server.push.p99_ms.{name}.c{DEVICES}.{label}"] = shape.p99_ms
            results[f"server.push.cpu_ms_per_request.{name}.{label}"] = shape.cpu_ms_per_request
            shapes[label] = shape
            _log_shape(log, f"{name} {label}", shape)
    results[f"server.push.lost.{name}"] = lost
    results[f"server.push.duplicates.{name}"] = duplicates
    return results, fleet, shapes


def _ceiling_run(
    name: str, databases: list[str], fleet: list[Device], log: logging.Logger
) -> dict[str, Shape]:
    """The ceiling's best shape per label, over its worker counts (a fresh database each)."""
    best: dict[str, Shape] = {}
    for workers, database in zip(CEILING_WORKERS, databases, strict=True):
        with running_ceiling(database, workers, log) as served:
            for label, batches, size in SHAPES:
                shape = asyncio.run(_shape(served, fleet, batches, size))
                _log_shape(log, f"ceiling {name} {label}, {workers} worker(s)", shape)
                if label not in best or shape.per_second > best[label].per_second:
                    best[label] = shape
    return best


def _against_ceiling(
    name: str, ours: dict[str, Shape], ceiling: dict[str, Shape]
) -> dict[str, float]:
    results: dict[str, float] = {}
    for label, top in ceiling.items():
        shape = ours[label]
        results[f"server.push.ceiling.visits_per_s.{name}.c{DEVICES}.{label}"] = top.per_second
        results[f"server.push.ceiling.p99_ms.{name}.c{DEVICES}.{label}"] = top.p99_ms
        results[f"server.push.ceiling.cpu_ms_per_request.{name}.{label}"] = top.cpu_ms_per_request
        results[f"server.push.vs_ceiling_ratio.{name}.c{DEVICES}.{label}"] = (
            shape.per_second / top.per_second
        )
        results[f"server.push.cpu_over_ceiling_ratio.{name}.{label}"] = (
            shape.cpu_ms_per_request / top.cpu_ms_per_request
        )
        results[f"server.push.p99_over_ceiling_p99.{name}.c{DEVICES}.{label}"] = (
            shape.p99_ms / top.p99_ms
        )
    return results


@contextmanager
def _scratch_postgres(base_url: str) -> Iterator[str]:
    name = f"vw_bench_{uuid.uuid4().hex[:8]}"
    admin_engine = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin_engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(base_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin_engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin_engine.dispose()


def run(log: logging.Logger) -> dict[str, float]:
    results: dict[str, float] = {"server.push.workers": WORKERS}
    work = Path(__file__).resolve().parent / ".work"
    work.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="veldwerk-server-", dir=work) as tmp:
        root = Path(tmp)
        found, fleet, ours = _engine_run("sqlite", Settings(data_dir=root / "sqlite"), log)
        results.update(found)
        files = [str(root / f"ceiling-{workers}.sqlite3") for workers in CEILING_WORKERS]
        results.update(_against_ceiling("sqlite", ours, _ceiling_run("sqlite", files, fleet, log)))
        base = os.environ.get(PG_ENV)
        if base:
            with _scratch_postgres(base) as url:
                settings = Settings(data_dir=root / "postgres", database_url=url)
                found, fleet, ours = _engine_run("postgres", settings, log)
                results.update(found)
            with _scratch_postgres(base) as one, _scratch_postgres(base) as two:
                ceiling = _ceiling_run("postgres", [one, two], fleet, log)
                results.update(_against_ceiling("postgres", ours, ceiling))
        else:
            log.info("  PostgreSQL skipped: set %s to include it", PG_ENV)
    results["server.push.lost"] = sum(
        v for k, v in results.items() if k.startswith("server.push.lost.")
    )
    results["server.push.duplicates"] = sum(
        v for k, v in results.items() if k.startswith("server.push.duplicates.")
    )
    return results
