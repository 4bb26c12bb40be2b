"""A sync that makes no progress is given up after the device's timeout, says so, and loses
nothing: the HTTP client's own timeouts end a request that hangs, the runner tells the person
the moment the time is up, and the setting is kept in the encrypted store."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import cast

import pytest

from fieldapp.services.device_settings import DeviceSettingsService
from fieldapp.storage.device_settings import DeviceSettingsStore
from fieldapp.storage.store import EncryptedStore
from fieldapp.sync.api import SyncApi
from fieldapp.sync.engine import SyncEngine, SyncProgress, SyncReport
from fieldapp.sync.errors import SyncError, SyncErrorCode
from fieldapp.sync.runner import DEFAULT_TIMEOUT, Phase, RunnerStatus, SyncRunner
from fieldapp.sync.transport import CONNECT_TIMEOUT, make_client, no_progress_timeouts
from fieldapp.wiring.device_sync import DeviceSync
from tests.storage.conftest import PASSPHRASE, fast_kdf
from tests.sync.harness import now

MARGIN = 1.5
"""Seconds on top of a timeout that a busy test machine may take to notice it."""


class FakeEngine:
    """Reports progress ``steps`` times, ``pause`` seconds apart, then waits for ``release``."""

    def __init__(self, steps: int = 0, pause: float = 0.0) -> None:
        self.steps, self.pause = steps, pause
        self.release = threading.Event()
        self.fail: SyncError | None = None

    def sync(self, progress: Callable[[SyncProgress], None]) -> SyncReport:
        for step in range(self.steps):
            time.sleep(self.pause)
            progress(SyncProgress("push", step + 1, self.steps))
        if not self.release.wait(timeout=30):
            raise AssertionError("the test never released the engine")
        if self.fail is not None:
            raise self.fail
        return SyncReport(finished_at=now())


def _runner(engine: FakeEngine, statuses: list[RunnerStatus], timeout: float) -> SyncRunner:
    return SyncRunner(cast(SyncEngine, engine), on_status=statuses.append, timeout=timeout)


async def _until(statuses: list[RunnerStatus], phase: Phase, within: float) -> float:
    """Seconds until a status of ``phase`` arrived (fails after ``within``)."""
    started = time.monotonic()
    while not any(status.phase is phase for status in statuses):
        if time.monotonic() - started > within:
            raise AssertionError(f"no {phase} within {within} s: {statuses}")
        await asyncio.sleep(0.02)
    return time.monotonic() - started


def test_a_sync_without_progress_is_reported_stalled_after_the_timeout() -> None:
    engine, statuses = FakeEngine(), list[RunnerStatus]()
    runner = _runner(engine, statuses, timeout=0.5)

    async def scenario() -> float:
        task = asyncio.create_task(runner.sync_now())
        waited = await _until(statuses, Phase.STALLED, within=0.5 + MARGIN)
        engine.release.set()  # the server answers after all
        await asyncio.wait_for(task, timeout=5)
        return waited

    waited = asyncio.run(scenario())
    assert 0.45 <= waited <= 0.5 + MARGIN
    stalled = next(status for status in statuses if status.phase is Phase.STALLED)
    assert stalled.stalled_after == 0.5 and stalled.error is SyncErrorCode.NETWORK
    assert statuses[-1].phase is Phase.IDLE  # and then it says the sync went through


def test_a_timeout_shortened_during_a_sync_applies_to_that_sync() -> None:
    """Settings changed while a sync hangs: the shorter timeout counts at once (the watcher
    once waited out the 30 s it started with, and a browser journey timed out)."""
    engine, statuses = FakeEngine(), list[RunnerStatus]()
    runner = _runner(engine, statuses, timeout=30)

    async def scenario() -> float:
        task = asyncio.create_task(runner.sync_now())
        await asyncio.sleep(0.2)  # the sync runs, its watcher waits
        runner.timeout = 0.5
        waited = await _until(statuses, Phase.STALLED, within=0.5 + MARGIN)
        engine.release.set()
        await asyncio.wait_for(task, timeout=5)
        return waited

    assert asyncio.run(scenario()) <= 0.5 + MARGIN


def test_progress_keeps_a_slow_sync_from_being_given_up() -> None:
    engine, statuses = FakeEngine(steps=6, pause=0.25), list[RunnerStatus]()
    engine.release.set()  # 1.5 s in all, never 1 s without progress
    runner = _runner(engine, statuses, timeout=1.0)
    asyncio.run(asyncio.wait_for(runner.sync_now(), timeout=10))
    assert [status.phase for status in statuses] == [Phase.SYNCING, Phase.IDLE]


def test_after_a_stall_the_next_try_still_says_what_happened() -> None:
    """The retry shows "trying again" under the stall message, not a bare "syncing"."""
    engine, statuses = FakeEngine(), list[RunnerStatus]()
    engine.fail = SyncError(SyncErrorCode.NETWORK, "ReadTimeout", stalled=True)
    engine.release.set()
    runner = _runner(engine, statuses, timeout=0.5)

    async def twice() -> None:
        for _ in range(2):
            with pytest.raises(SyncError):
                await runner.sync_now()

    asyncio.run(asyncio.wait_for(twice(), timeout=10))
    assert [status.phase for status in statuses] == [
        Phase.SYNCING,
        Phase.STALLED,
        Phase.SYNCING,
        Phase.STALLED,
    ]
    assert statuses[0].stalled_after is None
    assert statuses[2].stalled_after == 0.5 and statuses[2].error is SyncErrorCode.NETWORK


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A server that takes connections and never answers (a paused process does that: the
    kernel accepts for it)."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"


def test_a_request_that_gets_no_answer_ends_after_the_timeout(silent_server: str) -> None:
    api = SyncApi(make_client(silent_server, timeout=no_progress_timeouts(0.5)), "token")
    started = time.monotonic()
    with pytest.raises(SyncError) as raised:
        api.pull(None)
    assert time.monotonic() - started <= 0.5 + MARGIN
    assert raised.value.code is SyncErrorCode.NETWORK and raised.value.stalled
    assert raised.value.retryable


def test_connecting_gets_its_own_cap_and_no_more_than_the_timeout() -> None:
    assert no_progress_timeouts(5).connect == 5
    long = no_progress_timeouts(120)
    assert long.connect == CONNECT_TIMEOUT
    assert (long.read, long.write, long.pool) == (120, 120, 120)


def test_the_timeout_setting_is_kept_and_used(tmp_path: Path) -> None:
    store = EncryptedStore.create(tmp_path / "store", PASSPHRASE, kdf=fast_kdf())
    try:
        settings = DeviceSettingsService(DeviceSettingsStore(store))
        assert settings.load().sync_timeout_seconds == DEFAULT_TIMEOUT
        settings.give_up_sync_after(5)
        again = DeviceSync(store, now)
        assert again.timeout == DEFAULT_TIMEOUT  # until the session applies the settings
        again.timeout = (
            DeviceSettingsService(DeviceSettingsStore(store)).load().sync_timeout_seconds
        )
        with again._client("http://127.0.0.1:9") as client:
            assert client.timeout.read == 5
    finally:
        store.close()
