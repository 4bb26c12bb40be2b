"""Store benchmarks (issue 2): the cost of saving one visit as the store grows, against the
same layout without encryption and against stdlib sqlite3, and the cost of unlocking.

A fixed caseload of 100 clients; visits (about 1 KB of JSON each) are spread over them, so a
client's history grows with the total (500 visits each at n50000). Saves go through the real
repository (domain model -> outbox entry -> one atomic, fsynced write). Encrypted and plain
saves are interleaved in one run so machine noise hits both alike.
"""

from __future__ import annotations

import contextlib
import logging
import os
import random
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from unittest import mock

from benchmarks.report import median, p95
from fieldapp.domain.visit import Visit, VisitType
from fieldapp.storage import crypto
from fieldapp.storage.caseload import CaseloadStore
from fieldapp.storage.partition import SEGMENT_CAPACITY
from fieldapp.storage.store import EncryptedStore

SIZES = (100, 1_000, 10_000, 50_000)
CLIENTS = 100
SAVES = 300
PASSPHRASE = "benchmark-passphrase-lang-genoeg"
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
NOTE = (
    "Werkplekbezoek: gesprek met leidinggevende over planning en taken. Client geeft aan "
    "dat het werk goed gaat, maar dat de reistijd zwaar is. Afspraak: over twee weken "
    "evalueren, rooster aanpassen waar mogelijk, en samen kijken naar ondersteuning bij "
    "het plannen van de week. "
) * 3

TARGETS = {
    "store.save_visit.p95_ms.n10000": "<= 15",
    "store.save_visit.p95_ratio.n50000_over_n100": "<= 2",
    "store.encryption_overhead_ratio": "<= 1.3",
    "store.unlock_ms": "250-500",
}


def _visit(client_id: uuid.UUID, n: int) -> Visit:
    return Visit(
        id=uuid.uuid4(),
        client_id=client_id,
        type=VisitType.WORKPLACE_VISIT,
        started_at=NOW - timedelta(hours=n),
        duration_minutes=45,
        notes_internal=NOTE,
        notes_for_funder=NOTE[:200],
    )


def _fast_kdf() -> crypto.KdfParams:
    """Building the fixtures needs no slow KDF; unlock is measured with the real one."""
    return crypto.KdfParams(
        algorithm="argon2id", salt=os.urandom(16), memory_kib=19 * 1024, iterations=2, lanes=1
    )


def _populate(store: EncryptedStore, clients: list[uuid.UUID], count: int) -> None:
    """Fill the store with ``count`` visits, a segment's worth per commit (setup only)."""
    per_client = [count // len(clients) + (i < count % len(clients)) for i in range(len(clients))]
    for client_id, visits in zip(clients, per_client, strict=True):
        batch: list[dict[str, object]] = []
        for n in range(visits):
            visit = _visit(client_id, n)
            batch.append(
                {"kind": "visit", "id": str(visit.id), "data": visit.model_dump(mode="json")}
            )
            if len(batch) == SEGMENT_CAPACITY:
                store.commit(f"client:{client_id}", batch)
                batch = []
        if batch:
            store.commit(f"client:{client_id}", batch)


@contextlib.contextmanager
def _without_encryption() -> Iterator[None]:
    """The same layout, files and fsyncs, with the AEAD replaced by a copy."""
    with (
        mock.patch.object(crypto, "seal", lambda key, plain, ad: b"\0" * 12 + plain),
        mock.patch.object(crypto, "open_sealed", lambda key, sealed, ad: sealed[12:]),
    ):
        yield


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


class _Fixture:
    def __init__(self, root: Path, name: str, count: int) -> None:
        self.clients = [uuid.uuid4() for _ in range(CLIENTS)]
        self.store = EncryptedStore.create(root / name, PASSPHRASE, kdf=_fast_kdf())
        self.repository = CaseloadStore(self.store, clock=lambda: NOW)
        _populate(self.store, self.clients, count)
        self.rng = random.Random(count)

    def save_one(self) -> float:
        client_id = self.rng.choice(self.clients)
        visit = _visit(client_id, 0)
        return _timed(lambda: self.repository.save(client_id, [visit]))


def _save_latencies(root: Path, count: int, log: logging.Logger) -> tuple[list[float], float]:
    """p95 samples of encrypted saves at ``count``, and the encrypted/plain ratio of means."""
    encrypted = _Fixture(root, f"enc-{count}", count)
    with _without_encryption():
        plain = _Fixture(root, f"plain-{count}", count)
    encrypted_ms: list[float] = []
    plain_ms: list[float] = []
    for _ in range(SAVES):
        encrypted_ms.append(encrypted.save_one())
        with _without_encryption():
            plain_ms.append(plain.save_one())
    encrypted.store.close()
    plain.store.close()
    ratio = sum(encrypted_ms) / sum(plain_ms)
    log.info(
        "  n=%d p95 %.2f ms (plain %.2f ms), mean ratio %.2f",
        count,
        p95(encrypted_ms),
        p95(plain_ms),
        ratio,
    )
    return encrypted_ms, ratio


def _sqlite_p95(root: Path, count: int) -> float:
    """stdlib sqlite3 doing the same saves: a visit row plus an outbox row per commit."""
    connection = sqlite3.connect(root / "baseline.sqlite3", isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute("CREATE TABLE visit (id TEXT PRIMARY KEY, client TEXT, data TEXT)")
    connection.execute("CREATE TABLE outbox (change_id TEXT PRIMARY KEY, data TEXT)")
    clients = [str(uuid.uuid4()) for _ in range(CLIENTS)]
    rows = []
    for n in range(count):
        visit = _visit(uuid.UUID(clients[n % CLIENTS]), n)
        rows.append((str(visit.id), clients[n % CLIENTS], visit.model_dump_json()))
    with connection:
        connection.execute("BEGIN")
        connection.executemany("INSERT INTO visit VALUES (?, ?, ?)", rows)
    rng = random.Random(count)
    samples = []
    for _ in range(SAVES):
        client = rng.choice(clients)
        visit = _visit(uuid.UUID(client), 0)

        def save(visit: Visit = visit, client: str = client) -> None:
            connection.execute("BEGIN")
            connection.execute(
                "INSERT INTO visit VALUES (?, ?, ?)",
                (str(visit.id), client, visit.model_dump_json()),
            )
            connection.execute(
                "INSERT INTO outbox VALUES (?, ?)", (str(uuid.uuid4()), str(visit.id))
            )
            connection.execute("COMMIT")

        samples.append(_timed(save))
    connection.close()
    return p95(samples)


def _unlock_ms(root: Path) -> float:
    """Open and unlock with the production KDF parameters (median of five)."""
    directory = root / "unlock"
    EncryptedStore.create(directory, PASSPHRASE).close()
    samples = []
    for _ in range(5):
        store = EncryptedStore.open(directory)
        samples.append(_timed(partial(store.unlock, PASSPHRASE)))
        store.close()
    return median(samples)


def run(log: logging.Logger) -> dict[str, float]:
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="veldwerk-bench-", dir=_bench_dir()) as tmp:
        root = Path(tmp)
        for count in SIZES:
            samples, ratio = _save_latencies(root, count, log)
            results[f"store.save_visit.p95_ms.n{count}"] = p95(samples)
            if count == 10_000:
                results["store.encryption_overhead_ratio"] = ratio
        results["store.save_visit.p95_ratio.n50000_over_n100"] = (
            results["store.save_visit.p95_ms.n50000"] / results["store.save_visit.p95_ms.n100"]
        )
        results["store.sqlite_baseline.p95_ms.n10000"] = _sqlite_p95(root, 10_000)
        results["store.unlock_ms"] = _unlock_ms(root)
    return results


def _bench_dir() -> Path:
    """On the project's disk (not a tmpfs), so fsync costs what it costs on a device."""
    directory = Path(__file__).resolve().parent / ".work"
    directory.mkdir(exist_ok=True)
    return directory
