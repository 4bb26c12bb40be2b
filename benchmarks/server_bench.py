"""Server push throughput: simulated devices pushing visits to a real server process.

Each run starts ``python -m sync_server serve`` on loopback (SQLite in a data directory; and
PostgreSQL when ``VELDWERK_TEST_DATABASE_URL`` names a server, in a scratch database), enrolls
200 devices, gives each its own client, and then lets all 200 push at once with httpx over
loopback, in two shapes: one visit per request (a jobcoach syncing after every visit, the worst
case) and batches of 50. A request that fails on the network is retried with the same change
ids, as the app does. Afterwards the database is read: every visit sent must be there exactly
once (``lost`` and ``duplicates``).

The server runs one process per core (``serve --workers N``), sharing the machine with the
load generator. The baseline is a plain loop inserting the same rows with sqlite3, one
transaction each, with the server's durability settings (WAL, synchronous=FULL), in the same
run.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import os
import secrets
import socket
import sqlite3
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
RAW_ROWS = 1_600
WORKERS = os.cpu_count() or 1
"""Server processes: one per core, as a municipality would run it (``serve --workers N``)."""
PG_ENV = "VELDWERK_TEST_DATABASE_URL"

TARGETS = {
    "server.push.visits_per_s.sqlite.c200.batch1": ">= 250",
    "server.push.visits_per_s.sqlite.c200.batch50": ">= 2500",
    "server.push.p99_ms.sqlite.c200.batch1": "< 500",
    "server.push.vs_raw_insert_ratio.sqlite.batch1": ">= 0.5",
    "server.push.lost": "0",
    "server.push.duplicates": "0",
}
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


@contextmanager
def running_server(settings: Settings, key: str, log: logging.Logger) -> Iterator[str]:
    """`python -m sync_server serve` on a free port; yields its API address."""
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
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
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
        yield url
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


async def _shape(url: str, fleet: list[Device], batches: int, size: int) -> Shape:
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
    started = time.perf_counter()
    await asyncio.gather(*(device_run(d, c) for d, c in zip(fleet, clients, strict=True)))
    seconds = time.perf_counter() - started
    for client in clients:
        await client.aclose()
    return Shape(batches * size * len(fleet), seconds, latencies, retries, sent)


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


def _engine_run(name: str, settings: Settings, log: logging.Logger) -> dict[str, float]:
    key = base64.b64encode(secrets.token_bytes(32)).decode()
    settings = settings.model_copy(update={"server_key": SecretStr(key)})
    tokens = _enroll_devices(settings)
    results: dict[str, float] = {}
    lost = duplicates = 0
    with running_server(settings, key, log) as url:
        fleet = asyncio.run(_setup_clients(url, tokens))
        for label, batches, size in (
            ("batch1", VISITS_BATCH1, 1),
            ("batch50", BATCHES_BATCH50, 50),
        ):
            shape = asyncio.run(_shape(url, fleet, batches, size))
            found_lost, found_duplicates = _stored_check(
                settings.resolved_database_url(), shape.sent_ids
            )
            lost, duplicates = lost + found_lost, duplicates + found_duplicates
            results[f"server.push.visits_per_s.{name}.c{DEVICES}.{label}"] = shape.per_second
            results[f"server.push.p99_ms.{name}.c{DEVICES}.{label}"] = shape.p99_ms
            log.info(
                "  %s %s: %d visits in %.1f s = %.0f/s, p99 %.0f ms, median %.0f ms, retries %d",
                name,
                label,
                shape.visits,
                shape.seconds,
                shape.per_second,
                shape.p99_ms,
                median(shape.latencies_ms),
                shape.retries,
            )
    results[f"server.push.lost.{name}"] = lost
    results[f"server.push.duplicates.{name}"] = duplicates
    return results


def _raw_insert_per_s(directory: Path) -> float:
    """Plain sqlite3, same durability settings, one transaction per visit row."""
    connection = sqlite3.connect(directory / "raw.sqlite3", isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON"):
        connection.execute(f"PRAGMA {pragma}")
    connection.execute("CREATE TABLE visits (id TEXT PRIMARY KEY, client_id TEXT, body BLOB)")
    client_id = uuid.uuid4()
    rows = [
        (str(v.id), str(client_id), v.model_dump_json().encode())
        for v in (_visit(client_id, n) for n in range(RAW_ROWS))
    ]
    started = time.perf_counter()
    for row in rows:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("INSERT INTO visits VALUES (?, ?, ?)", row)
        connection.execute("COMMIT")
    seconds = time.perf_counter() - started
    connection.close()
    return RAW_ROWS / seconds


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
    results: dict[str, float] = {}
    work = Path(__file__).resolve().parent / ".work"
    work.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="veldwerk-server-", dir=work) as tmp:
        root = Path(tmp)
        results.update(_engine_run("sqlite", Settings(data_dir=root / "sqlite"), log))
        raw = _raw_insert_per_s(root)
        log.info("  raw sqlite3 inserts, one transaction each: %.0f/s", raw)
        results["server.push.raw_insert_per_s.sqlite"] = raw
        results["server.push.workers"] = WORKERS
        results["server.push.vs_raw_insert_ratio.sqlite.batch1"] = (
            results[f"server.push.visits_per_s.sqlite.c{DEVICES}.batch1"] / raw
        )
        base = os.environ.get(PG_ENV)
        if base:
            with _scratch_postgres(base) as url:
                settings = Settings(data_dir=root / "postgres", database_url=url)
                results.update(_engine_run("postgres", settings, log))
        else:
            log.info("  PostgreSQL skipped: set %s to include it", PG_ENV)
    results["server.push.lost"] = sum(
        v for k, v in results.items() if k.startswith("server.push.lost.")
    )
    results["server.push.duplicates"] = sum(
        v for k, v in results.items() if k.startswith("server.push.duplicates.")
    )
    return results
