"""Create, unlock, lock, wrong passphrase, passphrase change, policy and process lock."""

from __future__ import annotations

import asyncio
import json
import threading
import uuid
from pathlib import Path

import pytest

from fieldapp.domain.store_errors import (
    StoreError,
    StoreErrorCode,
    StoreLockedError,
    WrongPassphraseError,
)
from fieldapp.storage import crypto
from fieldapp.storage.keyfile import KEYFILE_NAME, read_keyfile
from fieldapp.storage.store import EncryptedStore
from fieldapp.storage.unlock_guard import GUARD_FILE
from tests.storage.conftest import PASSPHRASE, fast_kdf


def _visit(text: str = "x") -> dict[str, object]:
    return {"kind": "visit", "id": str(uuid.uuid4()), "data": {"text": text}}


def _snapshot(directory: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(directory)): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def test_production_kdf_is_argon2id_at_or_above_owasp_minimum_with_one_lane() -> None:
    params = crypto.default_kdf_params()
    assert params.algorithm == "argon2id"
    assert params.memory_kib >= 19 * 1024  # OWASP's Argon2id minimum, m >= 19 MiB
    assert params.iterations >= 2  # and t >= 2
    assert params.lanes == 1  # several lanes at once hung (issue 17)
    assert len(params.salt) == 16
    assert not crypto.needs_rewrap(params)


def test_salts_are_unique() -> None:
    salts = {crypto.default_kdf_params().salt for _ in range(1000)}
    assert len(salts) == 1000


def test_no_repeated_nonce_in_100000_encryptions() -> None:
    key = crypto.new_data_key()
    nonces = {crypto.seal(key, b"", b"")[: crypto.NONCE_BYTES] for _ in range(100_000)}
    assert len(nonces) == 100_000


def test_kdf_parameters_are_in_the_key_file_header(store: EncryptedStore, store_dir: Path) -> None:
    header = read_keyfile(store_dir)
    assert header.kdf.algorithm == "argon2id"
    assert header.kdf.memory_kib == 19 * 1024


def test_data_survives_lock_and_unlock(store: EncryptedStore) -> None:
    record = _visit("hello")
    store.commit("client:1", [record])
    store.lock()
    with pytest.raises(StoreLockedError):
        store.records("client:1")
    store.unlock(PASSPHRASE)
    assert [r["data"] for r in store.records("client:1")] == [{"text": "hello"}]


def test_lock_drops_key_references(store: EncryptedStore) -> None:
    store.commit("client:1", [_visit()])
    store.lock()
    assert not store.is_unlocked
    assert store._state is None
    assert store._partitions == {}


def test_wrong_passphrase_is_typed_and_changes_nothing(
    store: EncryptedStore, store_dir: Path
) -> None:
    store.commit("client:1", [_visit()])
    store.close()
    before = _snapshot(store_dir)
    reopened = EncryptedStore.open(store_dir)
    with pytest.raises(WrongPassphraseError) as caught:
        reopened.unlock("niet-het-goede-wachtwoord")
    assert caught.value.code is StoreErrorCode.WRONG_PASSPHRASE
    assert not reopened.is_unlocked
    after = _snapshot(store_dir)
    assert json.loads(after.pop(GUARD_FILE))["failures"] == 1  # only the try was counted
    assert after == before  # the data and the key file are untouched
    reopened.unlock(PASSPHRASE)
    assert len(reopened.records("client:1")) == 1
    reopened.close()


def test_change_passphrase_rewraps_only(store: EncryptedStore, store_dir: Path) -> None:
    store.commit("client:1", [_visit("kept")])
    segments_before = {k: v for k, v in _snapshot(store_dir).items() if k.startswith("p/")}
    store.change_passphrase(PASSPHRASE, "een-nieuw-lang-wachtwoord")
    segments_after = {k: v for k, v in _snapshot(store_dir).items() if k.startswith("p/")}
    assert segments_after == segments_before  # no record re-encrypted
    assert not (store_dir / (KEYFILE_NAME + ".prev")).exists()
    store.close()
    reopened = EncryptedStore.open(store_dir)
    with pytest.raises(WrongPassphraseError):
        reopened.unlock(PASSPHRASE)
    reopened.unlock("een-nieuw-lang-wachtwoord")
    assert [r["data"] for r in reopened.records("client:1")] == [{"text": "kept"}]
    reopened.close()


def test_change_passphrase_with_wrong_old_one_changes_nothing(
    store: EncryptedStore, store_dir: Path
) -> None:
    before = _snapshot(store_dir)
    with pytest.raises(WrongPassphraseError):
        store.change_passphrase("fout-fout-fout-fout", "een-nieuw-lang-wachtwoord")
    after = _snapshot(store_dir)
    assert json.loads(after.pop(GUARD_FILE))["failures"] == 1  # counted like an unlock
    assert after == before


def test_short_passphrase_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as caught:
        EncryptedStore.create(tmp_path / "s", "te-kort", kdf=fast_kdf())
    assert caught.value.code is StoreErrorCode.WEAK_PASSPHRASE
    assert not (tmp_path / "s").exists()


def test_create_refuses_an_existing_store(store: EncryptedStore, store_dir: Path) -> None:
    with pytest.raises(StoreError) as caught:
        EncryptedStore.create(store_dir, PASSPHRASE, kdf=fast_kdf())
    assert caught.value.code is StoreErrorCode.ALREADY_EXISTS


def test_open_missing_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as caught:
        EncryptedStore.open(tmp_path)
    assert caught.value.code is StoreErrorCode.NOT_FOUND


def test_second_opener_is_refused_while_the_first_holds_the_store(
    store: EncryptedStore, store_dir: Path
) -> None:
    with pytest.raises(StoreError) as caught:
        EncryptedStore.open(store_dir)
    assert caught.value.code is StoreErrorCode.IN_USE


def test_scrypt_fallback_round_trips(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crypto, "argon2id_available", lambda: False)
    params = crypto.KdfParams(algorithm="scrypt", salt=b"s" * 16)
    assert params.log2_n >= 17
    store = EncryptedStore.create(tmp_path / "s", PASSPHRASE, kdf=params)
    store.commit("client:1", [_visit("scrypt")])
    store.close()
    reopened = EncryptedStore.open(tmp_path / "s")
    reopened.unlock(PASSPHRASE)
    assert read_keyfile(tmp_path / "s").kdf.algorithm == "scrypt"
    assert reopened.records("client:1")[0]["data"] == {"text": "scrypt"}
    reopened.close()


def _store_with(kdf: crypto.KdfParams, directory: Path) -> None:
    store = EncryptedStore.create(directory, PASSPHRASE, kdf=kdf)
    store.commit("client:1", [_visit("kept")])
    store.close()


@pytest.mark.parametrize(
    "old",
    [
        {"algorithm": "argon2id", "memory_kib": 19 * 1024, "iterations": 2, "lanes": 4},
        {"algorithm": "argon2id", "memory_kib": 8 * 1024, "iterations": 2, "lanes": 1},
        {"algorithm": "argon2id", "memory_kib": 19 * 1024, "iterations": 1, "lanes": 1},
        {"algorithm": "scrypt"},
    ],
    ids=["four-lanes", "below-memory-minimum", "below-iteration-minimum", "scrypt"],
)
def test_outdated_key_file_is_rewrapped_at_the_next_unlock(
    tmp_path: Path, old: dict[str, object]
) -> None:
    directory = tmp_path / "s"
    _store_with(crypto.KdfParams(salt=b"o" * 16, **old), directory)  # type: ignore[arg-type]
    before = read_keyfile(directory)
    assert crypto.needs_rewrap(before.kdf)

    store = EncryptedStore.open(directory)
    store.unlock(PASSPHRASE)
    after = read_keyfile(directory)
    assert (after.kdf.algorithm, after.kdf.lanes) == ("argon2id", crypto.ARGON2_LANES)
    assert (after.kdf.memory_kib, after.kdf.iterations) == (
        crypto.ARGON2_MEMORY_KIB,
        crypto.ARGON2_ITERATIONS,
    )
    assert after.generation == before.generation + 1
    assert (after.key_id, after.store_id) == (before.key_id, before.store_id)  # same data key
    assert store.records("client:1")[0]["data"] == {"text": "kept"}
    store.close()

    again = EncryptedStore.open(directory)
    again.unlock(PASSPHRASE)
    assert read_keyfile(directory).generation == after.generation  # not re-wrapped twice
    again.close()


def test_key_file_within_policy_is_not_rewrapped(store: EncryptedStore, store_dir: Path) -> None:
    before = read_keyfile(store_dir)
    store.lock()
    store.unlock(PASSPHRASE)
    assert read_keyfile(store_dir) == before


def test_a_failed_rewrap_still_unlocks_with_the_old_key_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = tmp_path / "s"
    old = crypto.KdfParams("argon2id", b"o" * 16, memory_kib=19 * 1024, iterations=2, lanes=4)
    _store_with(old, directory)
    before = read_keyfile(directory)

    def disk_full(_directory: Path, _keyfile: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("fieldapp.storage.store_keys.write_keyfile", disk_full)
    store = EncryptedStore.open(directory)
    store.unlock(PASSPHRASE)
    assert store.records("client:1")[0]["data"] == {"text": "kept"}
    assert read_keyfile(directory) == before
    store.close()


def test_blocking_work_runs_off_the_event_loop_thread(store: EncryptedStore) -> None:
    loop_thread: list[int] = []
    worker_threads: list[int] = []
    original_unlock = store.unlock

    def recording_unlock(passphrase: str) -> None:
        worker_threads.append(threading.get_ident())
        original_unlock(passphrase)

    store.unlock = recording_unlock  # type: ignore[method-assign]
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.001)

    async def scenario() -> None:
        loop_thread.append(threading.get_ident())
        task = asyncio.create_task(ticker())
        store.lock()
        await store.unlock_async(PASSPHRASE)
        await store.commit_async("client:1", [_visit()])
        task.cancel()

    asyncio.run(scenario())
    assert worker_threads and worker_threads[0] != loop_thread[0]
    assert ticks > 0  # the loop kept running while the KDF ran
    assert len(store.records("client:1")) == 1


def test_concurrent_writers_lose_nothing(store: EncryptedStore) -> None:
    ids: list[str] = []
    guard = threading.Lock()

    def writer(partition: str) -> None:
        for _ in range(40):
            record = _visit()
            store.commit(partition, [record])
            with guard:
                ids.append(str(record["id"]))

    threads = [threading.Thread(target=writer, args=(f"client:{n % 2}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stored = {r["id"] for p in ("client:0", "client:1") for r in store.records(p)}
    assert stored == set(ids)
    assert len(ids) == 160
