"""kill -9 while saving: every acknowledged save survives, nothing is half-written, the store
always opens, and the manifests never mistake a crash for missing data. A forked child saves
visits in a loop and reports each save after commit() returns; the parent kills it at a random
moment, then checks the store, 200+ rounds."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import time
from pathlib import Path

from fieldapp.storage.store import EncryptedStore
from tests.storage.conftest import PASSPHRASE, fast_kdf

ROUNDS = 220
PARTITIONS = 4


def _payload(record_id: str) -> dict[str, str]:
    return {"body": record_id * 30, "digest": hashlib.sha256(record_id.encode()).hexdigest()}


def _child(store_dir: Path, write_fd: int, round_number: int) -> None:
    try:
        store = EncryptedStore.open(store_dir)
        store.unlock(PASSPHRASE)
        os.write(write_fd, b"ready\n")
        rng = random.Random(round_number)
        for n in range(10_000):
            record_id = f"r{round_number}-{n}"
            partition = f"client:{rng.randrange(PARTITIONS)}"
            store.commit(
                partition,
                [{"kind": "visit", "id": record_id, "data": _payload(record_id)}],
                [{"change_id": record_id, "entity_id": record_id}],
            )
            os.write(write_fd, f"{record_id}\n".encode())
    finally:
        os._exit(0)


def _read_lines(read_fd: int) -> list[str]:
    chunks = []
    while chunk := os.read(read_fd, 65536):
        chunks.append(chunk)
    return b"".join(chunks).decode().split()


def test_kill_minus_9_loses_no_acknowledged_save(tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    EncryptedStore.create(store_dir, PASSPHRASE, kdf=fast_kdf()).close()
    acknowledged: set[str] = set()
    killed_mid_run = 0
    rng = random.Random(2026)
    for round_number in range(ROUNDS):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            os.close(read_fd)
            _child(store_dir, write_fd, round_number)
        os.close(write_fd)
        assert os.read(read_fd, 6) == b"ready\n"
        time.sleep(rng.uniform(0.0, 0.03))
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        killed_mid_run += os.WIFSIGNALED(status)
        acked_now = set(_read_lines(read_fd))
        os.close(read_fd)
        acknowledged |= acked_now

        store = EncryptedStore.open(store_dir)  # always opens
        store.unlock(PASSPHRASE)
        # A kill between a segment's write and its manifest's is no damage (ADR 0001).
        assert store.damage() == [], f"round {round_number}: a crash read as missing data"
        stored = {
            record["id"]: record["data"]
            for n in range(PARTITIONS)
            for record in store.records(f"client:{n}")
        }
        pending = {entry.entry["change_id"] for entry in store.pending()}
        store.close()
        missing = acknowledged - stored.keys()
        assert not missing, f"round {round_number}: acknowledged saves lost: {sorted(missing)}"
        extra = stored.keys() - acknowledged
        assert len(extra) <= 1, f"round {round_number}: more than the one in flight: {extra}"
        acknowledged |= extra  # the in-flight save landed: it counts from now on
        for record_id, data in stored.items():
            assert data == _payload(record_id), f"partial record {record_id}"
        assert pending == stored.keys(), "an outbox entry and its record must land together"
    assert killed_mid_run == ROUNDS
    assert len(acknowledged) > ROUNDS  # the child really saved between kills
