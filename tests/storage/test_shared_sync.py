"""Writes into many partitions at once (what a pull brings) share their flushes.

They must still be what a single commit is: each partition's write whole or absent after a
crash, a segment in place before the manifest that records it, manifests before the list that
calls them live, and nothing read as missing data afterwards. Here: the order of the renames,
the number of flushes, a failure at every rename, and kill -9 at random moments.
"""

from __future__ import annotations

import os
import random
import signal
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from fieldapp.storage import atomic
from fieldapp.storage.store import EncryptedStore
from tests.storage.conftest import PASSPHRASE, fast_kdf

PARTITIONS = 6
RECORDS = 3


def _writes(version: int, partitions: int = PARTITIONS) -> dict[str, list[dict[str, Any]]]:
    """Every record of every partition at ``version``."""
    return {
        f"client:{p}": [
            {"kind": "visit", "id": f"v{p}-{r}", "data": {"version": version, "n": "x" * 200}}
            for r in range(RECORDS)
        ]
        for p in range(partitions)
    }


def _versions(store: EncryptedStore, partitions: int = PARTITIONS) -> dict[str, set[int]]:
    """Each partition's record versions."""
    return {
        f"client:{p}": {record["data"]["version"] for record in store.records(f"client:{p}")}
        for p in range(partitions)
    }


def _reopened(store_dir: Path) -> EncryptedStore:
    store = EncryptedStore.open(store_dir)
    store.unlock(PASSPHRASE)
    return store


def test_segments_go_in_place_before_their_manifests_and_those_before_the_list(
    store: EncryptedStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.commit_many(_writes(1))
    moved: list[Path] = []
    replace = os.replace

    def spy(source: Any, target: Any) -> None:
        moved.append(Path(target))
        replace(source, target)

    monkeypatch.setattr(os, "replace", spy)
    store.commit_many(_writes(2, PARTITIONS + 2))  # two partitions new: the list changes
    monkeypatch.undo()
    placed = [path for path in moved if not path.name.endswith(atomic.PREVIOUS_SUFFIX)]
    kinds = ["list" if p.stem == "partitions" else p.suffix for p in placed]
    # first the new partitions listed as "new", alone; then the batch, tier by tier
    assert kinds[0] == "list"
    assert kinds[1:] == sorted(kinds[1:], key=[".vws", ".vwm", "list"].index), kinds
    assert Counter(kinds[1:]) == {".vws": PARTITIONS + 2, ".vwm": PARTITIONS + 2, "list": 1}
    assert all(v == {2} for v in _versions(store, PARTITIONS + 2).values())


def test_the_flushes_do_not_grow_with_the_partitions(
    store: EncryptedStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    flushes = Counter[str]()
    fsync, syncfs = os.fsync, atomic._sync_file_system

    def count_fsync(fd: int) -> None:
        flushes["fsync"] += 1
        fsync(fd)

    def count_syncfs(directory: Path) -> None:
        flushes["syncfs"] += 1
        syncfs(directory)

    monkeypatch.setattr(os, "fsync", count_fsync)
    monkeypatch.setattr(atomic, "_sync_file_system", count_syncfs)
    store.commit_many(_writes(1, 60))
    files = 60 + 60 + 1  # segments, manifests, the list
    if atomic.SYNC_ALL:
        # the list as "new" (2 fsyncs), then one flush before the renames and one after each
        # of the three tiers
        assert flushes["syncfs"] == 4 and flushes["fsync"] <= 3, flushes
    else:  # each file and directory, but once: not three times per file
        assert flushes["fsync"] <= 2 * files + 4, flushes
    assert sum(len(v) for v in _versions(store, 60).values()) == 60


@pytest.mark.parametrize("failing", range(2 * PARTITIONS + 1))
def test_a_failure_at_any_rename_leaves_each_partition_whole(
    store_dir: Path, monkeypatch: pytest.MonkeyPatch, failing: int
) -> None:
    store = EncryptedStore.create(store_dir, PASSPHRASE, kdf=fast_kdf())
    store.commit_many(_writes(1, PARTITIONS - 2))  # two partitions arrive with the second
    seen = 0
    replace = os.replace

    def fail_once(source: Any, target: Any) -> None:
        nonlocal seen
        if not str(target).endswith(atomic.PREVIOUS_SUFFIX):
            seen += 1
            if seen == failing + 1:
                raise OSError("disk gone")
        replace(source, target)

    monkeypatch.setattr(os, "replace", fail_once)
    with pytest.raises(OSError, match="disk gone"):
        store.commit_many(_writes(2))
    monkeypatch.undo()
    # the same store goes on without reading a lagging file as missing data ...
    assert store.damage() == []
    for versions in _versions(store).values():
        assert versions in ({1}, {2}, set())
    store.close()
    # ... and so does the store opened again, every partition under its own name (a new one
    # whose first segment never went in place keeps the name the list gave it) ...
    store = _reopened(store_dir)
    assert store.damage() == []
    for name, versions in _versions(store).items():
        assert versions in ({1}, {2}, set()), name
    assert set(store.partitions()) <= {f"client:{p}" for p in range(PARTITIONS)}
    assert {f"client:{p}" for p in range(PARTITIONS - 2)} <= set(store.partitions())
    # ... and the pull's retry completes it
    store.commit_many(_writes(2))
    assert all(versions == {2} for versions in _versions(store).values())
    assert set(store.partitions()) == {f"client:{p}" for p in range(PARTITIONS)}
    store.close()


def test_a_second_write_of_a_file_that_fails_halfway_leaves_the_old_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "file"
    target.write_bytes(b"old")
    write = os.write

    def fail_on_the_second(fd: int, data: Any) -> int:
        if bytes(data).startswith(b"second"):
            write(fd, bytes(data)[:3])
            raise OSError("disk full")
        return write(fd, data)

    monkeypatch.setattr(os, "write", fail_on_the_second)
    with pytest.raises(OSError, match="disk full"), atomic.shared_sync():
        atomic.atomic_replace(target, b"first")
        atomic.atomic_replace(target, b"second, longer")
    monkeypatch.undo()
    assert target.read_bytes() == b"old"


def _child(store_dir: Path, write_fd: int) -> None:
    try:
        store = _reopened(store_dir)
        os.write(write_fd, b"ready\n")
        for version in range(1, 10_000):
            store.commit_many(_writes(version, 30))
            os.write(write_fd, f"{version}\n".encode())
    finally:
        os._exit(0)


def _acknowledged(read_fd: int) -> int:
    chunks = []
    while chunk := os.read(read_fd, 65536):
        chunks.append(chunk)
    return max((int(line) for line in b"".join(chunks).split()), default=0)


ROUNDS = 40


def test_kill_minus_9_during_writes_into_many_partitions(tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    EncryptedStore.create(store_dir, PASSPHRASE, kdf=fast_kdf()).close()
    rng = random.Random(2026)
    rounds_with_work = 0
    for round_number in range(ROUNDS):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            os.close(read_fd)
            _child(store_dir, write_fd)
        os.close(write_fd)
        assert os.read(read_fd, 6) == b"ready\n"
        time.sleep(rng.uniform(0.0, 0.15))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        acknowledged = _acknowledged(read_fd)  # the child's own versions start at 1 each round
        os.close(read_fd)

        store = _reopened(store_dir)
        assert store.damage() == [], f"round {round_number}: a crash read as missing data"
        versions = _versions(store, 30)
        store.close()
        for name, found in versions.items():
            assert len(found) <= 1, f"round {round_number}: {name} mixes writes: {found}"
            if acknowledged:  # the acknowledged batch, or the one in flight
                assert found <= {acknowledged, acknowledged + 1}, f"{round_number}: {name} lost"
        rounds_with_work += acknowledged > 0
    assert rounds_with_work > ROUNDS // 2, "the child hardly wrote: the test proved little"


def test_a_failed_flush_puts_nothing_in_place(
    store: EncryptedStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.commit_many(_writes(1))
    failed = False

    def fail_once(_directory: Path) -> None:
        nonlocal failed
        failed = True
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(atomic, "_sync_file_system", fail_once)
    monkeypatch.setattr(atomic, "SYNC_ALL", True)
    with pytest.raises(OSError, match="Input/output"):
        store.commit_many(_writes(2))
    monkeypatch.undo()
    assert failed
    assert all(versions == {1} for versions in _versions(store).values())


def test_a_save_meanwhile_waits_for_one_group_not_for_the_whole_pull(
    store: EncryptedStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("fieldapp.storage.shared_writes.SHARED_PARTITIONS", 2)
    groups: list[int] = []
    saved_between: list[bool] = []
    commit_group = store._commit_group

    def then_a_save(writes: dict[str, list[dict[str, Any]]]) -> None:
        commit_group(writes)
        groups.append(len(writes))
        if len(groups) == 1:  # a save from another thread, between the first two groups
            save = threading.Thread(
                target=store.commit,
                args=("client:own", [{"kind": "visit", "id": "mine", "data": {"n": 1}}]),
                daemon=True,  # should it hang on the lock, the test fails instead of hanging
            )
            save.start()
            save.join(timeout=10)
            saved_between.append(not save.is_alive())

    monkeypatch.setattr(store, "_commit_group", then_a_save)
    store.commit_many(_writes(1, 5))
    assert groups == [2, 2, 1]
    assert saved_between == [True]
    assert [r["id"] for r in store.records("client:own")] == ["mine"]
    assert all(v == {1} for v in _versions(store, 5).values())
