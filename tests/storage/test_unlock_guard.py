"""Unlock throttling: growing waits after 3 wrong passphrases, a lockout from the 10th, reset by
the right one, kept across restarts, and refused before the key derivation runs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from fieldapp.domain.store_errors import ThrottledError, WrongPassphraseError
from fieldapp.storage.store import EncryptedStore
from fieldapp.storage.unlock_guard import GUARD_FILE, LOCKOUT, UnlockGuard, delay_after
from tests.clock import Clock
from tests.storage.conftest import PASSPHRASE, fast_kdf

WRONG = "niet-de-juiste-zin"


START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> Clock:
    return Clock(START)


def _store(directory: Path, clock: Clock) -> EncryptedStore:
    EncryptedStore.create(directory, PASSPHRASE, kdf=fast_kdf()).close()
    return EncryptedStore.open(directory, clock)


def test_the_waits_grow_and_end_in_a_lockout() -> None:
    waits = [delay_after(n).total_seconds() for n in range(12)]
    assert waits[:3] == [0, 0, 0]
    assert waits[3:9] == [5, 10, 20, 40, 80, 160]
    assert waits[9] == 300  # capped at five minutes
    assert waits[10] == waits[11] == LOCKOUT.total_seconds()


def test_wrong_passphrases_are_throttled_and_the_right_one_resets(
    tmp_path: Path, clock: Clock
) -> None:
    store = _store(tmp_path / "store", clock)
    for _ in range(3):
        with pytest.raises(WrongPassphraseError):
            store.unlock(WRONG)
    with pytest.raises(ThrottledError) as throttled:
        store.unlock(PASSPHRASE)  # even the right one waits: nothing is tried
    assert throttled.value.seconds == 5
    clock.now += timedelta(seconds=5)
    store.unlock(PASSPHRASE)
    assert store.is_unlocked
    assert UnlockGuard(tmp_path / "store", clock).state().failures == 0
    store.close()


def test_the_count_survives_a_restart(tmp_path: Path, clock: Clock) -> None:
    store = _store(tmp_path / "store", clock)
    for _ in range(3):
        with pytest.raises(WrongPassphraseError):
            store.unlock(WRONG)
    store.close()
    reopened = EncryptedStore.open(tmp_path / "store", clock)
    with pytest.raises(ThrottledError):
        reopened.unlock(PASSPHRASE)
    reopened.close()


def test_ten_wrong_passphrases_lock_out_for_an_hour(tmp_path: Path, clock: Clock) -> None:
    store = _store(tmp_path / "store", clock)
    for _ in range(10):
        clock.now += timedelta(minutes=10)
        with pytest.raises(WrongPassphraseError):
            store.unlock(WRONG)
    clock.now += timedelta(minutes=59)
    with pytest.raises(ThrottledError) as locked_out:
        store.unlock(PASSPHRASE)
    assert 0 < locked_out.value.seconds <= 60
    clock.now += timedelta(minutes=1)
    store.unlock(PASSPHRASE)
    store.close()


def test_setting_the_clock_back_does_not_shorten_the_wait(tmp_path: Path, clock: Clock) -> None:
    guard = UnlockGuard(tmp_path, clock)
    for _ in range(4):
        guard.failed()
    clock.now -= timedelta(days=1)
    assert guard.wait_seconds() == 10


def test_an_edited_guard_file_locks_out_rather_than_frees(tmp_path: Path, clock: Clock) -> None:
    (tmp_path / GUARD_FILE).write_text("{not json", encoding="utf-8")
    assert UnlockGuard(tmp_path, clock).wait_seconds() == LOCKOUT.total_seconds()


def test_changing_the_passphrase_is_guarded_too(tmp_path: Path, clock: Clock) -> None:
    store = _store(tmp_path / "store", clock)
    store.unlock(PASSPHRASE)
    for _ in range(3):
        with pytest.raises(WrongPassphraseError):
            store.change_passphrase(WRONG, "een-heel-nieuwe-zin")
    with pytest.raises(ThrottledError):
        store.change_passphrase(PASSPHRASE, "een-heel-nieuwe-zin")
    store.close()
