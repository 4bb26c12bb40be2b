"""Issue 17, item 1: two Argon2id derivations at once hung for good (m=128 MiB, t=6, four
lanes, cryptography 50.0.2), e.g. two browser sessions pressing Unlock together. Now at most one
derivation runs at a time in the process, and an old four-lane key file is re-wrapped at the
next unlock under the same slot."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from fieldapp.domain.store_errors import StoreErrorCode
from fieldapp.storage import crypto
from fieldapp.storage.keyfile import read_keyfile
from fieldapp.storage.store import EncryptedStore
from tests.storage.conftest import PASSPHRASE, fast_kdf
from tests.storage.derivation_race import UNLOCKS

REPO = Path(__file__).resolve().parents[2]
HUNG_AFTER_SECONDS = 120


def test_four_unlocks_and_a_passphrase_change_at_once_all_return(tmp_path: Path) -> None:
    directory = tmp_path / "store"
    try:
        child = subprocess.run(
            [sys.executable, "-m", "tests.storage.derivation_race", str(directory)],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=HUNG_AFTER_SECONDS,
            check=True,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"concurrent key derivations still running after {HUNG_AFTER_SECONDS} s")
    report = json.loads(child.stdout)
    requests = report["requests"]
    assert len(requests) == UNLOCKS + 1
    bound = len(requests) * report["one_derivation"] + 2.0
    for request in requests:
        assert request["seconds"] <= bound, (request, bound)
    assert [r["outcome"] for r in requests] == ["ok"] * len(requests)

    keyfile = read_keyfile(directory)
    assert keyfile.kdf.lanes == 1
    assert not crypto.needs_rewrap(keyfile.kdf)
    store = EncryptedStore.open(directory)
    try:
        store.unlock(PASSPHRASE)
    finally:
        store.close()


def test_a_second_derivation_waits_for_the_first(monkeypatch: pytest.MonkeyPatch) -> None:
    running, overlaps = 0, 0
    guard = threading.Lock()
    real = crypto._derive

    def counting(secret: bytes, params: crypto.KdfParams) -> bytes:
        nonlocal running, overlaps
        with guard:
            running += 1
            overlaps = max(overlaps, running)
        time.sleep(0.05)
        try:
            return real(secret, params)
        finally:
            with guard:
                running -= 1

    monkeypatch.setattr(crypto, "_derive", counting)
    params = fast_kdf()
    threads = [
        threading.Thread(target=crypto.derive_kek, args=(PASSPHRASE, params)) for _ in range(6)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert overlaps == 1


def test_a_request_that_waits_too_long_is_told_the_app_is_busy(
    store: EncryptedStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(crypto, "DERIVATION_WAIT_SECONDS", 0.2)
    store.lock()
    holding, release = threading.Event(), threading.Event()

    def hold_the_slot() -> None:
        with crypto.exclusive_derivation():
            holding.set()
            release.wait(10)

    holder = threading.Thread(target=hold_the_slot)
    holder.start()
    holding.wait(5)
    try:
        with pytest.raises(Exception) as raised:
            store.unlock(PASSPHRASE)
        assert getattr(raised.value, "code", None) == StoreErrorCode.BUSY
    finally:
        release.set()
        holder.join()
    assert (store.data_directory() / "unlock-guard.json").exists() is False  # not a wrong try
    store.unlock(PASSPHRASE)
    assert store.is_unlocked
