"""Background sync: off the UI's event loop, with progress, backoff, and a retry as soon as the
network is back."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldapp.domain.store_errors import StoreLockedError
from fieldapp.services.caseload import VisitRecord
from fieldapp.sync.backoff import Backoff
from fieldapp.sync.engine import SyncProgress
from fieldapp.sync.runner import Phase, RunnerStatus, SyncRunner
from tests.factories import build_client, build_visit
from tests.sync.faults import Fault, FaultyTransport
from tests.sync.harness import Device, ServerProcess, now


@given(
    base=st.floats(0.01, 10),
    cap=st.floats(0.01, 600),
    failures=st.integers(0, 80),
    seed=st.integers(0, 2**32),
)
def test_backoff_stays_within_its_exponential_ceiling(
    base: float, cap: float, failures: int, seed: int
) -> None:
    backoff = Backoff(base=base, cap=cap, rng=random.Random(seed))
    for n in range(failures):
        assert 0 <= backoff.next_delay() <= min(cap, base * 2**n)
    backoff.reset()
    assert backoff.next_delay() <= min(cap, base)


def _device_with_work(server: ServerProcess, new_device: Callable[[str], Device]) -> Device:
    device = new_device("device")
    device.enroll(server)
    client = build_client()
    device.service.save_client(client)
    for _ in range(20):
        visit = build_visit(client_id=client.id, started_at=now())
        device.service.record_visit(VisitRecord(visit=visit))
    return device


def test_sync_runs_off_the_event_loop_and_reports_progress(
    server: ServerProcess, new_device: Callable[[str], Device]
) -> None:
    device = _device_with_work(server, new_device)
    device.wrap = lambda inner: FaultyTransport(inner, [Fault.DELAY] * 30)
    progress: list[SyncProgress] = []
    statuses: list[RunnerStatus] = []
    runner = SyncRunner(
        device.engine(batch_size=2), on_progress=progress.append, on_status=statuses.append
    )

    async def scenario() -> int:
        ticks = 0

        async def ticker() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.01)
                ticks += 1

        task = asyncio.create_task(ticker())
        await runner.sync_now()
        task.cancel()
        return ticks

    ticks = asyncio.run(scenario())
    assert ticks >= 20  # the loop (the UI) kept running during a sync of half a second+
    assert [s.phase for s in statuses] == [Phase.SYNCING, Phase.IDLE]
    assert statuses[-1].last_report is not None and statuses[-1].last_report.sent == 21
    pushes = [p for p in progress if p.phase == "push"]
    assert pushes[0].done == 0 and pushes[-1].done == pushes[-1].total == 21
    assert progress[-1].phase == "pull" and progress[-1].total is not None
    # the server counted on the first page: every page knows how far along the pull is
    pulls = [p for p in progress if p.phase == "pull"]
    assert all(p.total == pulls[-1].total == pulls[-1].done for p in pulls)


def test_offline_backs_off_and_syncs_when_the_network_is_back(
    server: ServerProcess, new_device: Callable[[str], Device]
) -> None:
    device = _device_with_work(server, new_device)
    offline = True

    def network(inner: httpx.BaseTransport) -> FaultyTransport:
        return FaultyTransport(inner, [Fault.DROP] * 1000 if offline else [])

    device.wrap = network
    statuses: list[RunnerStatus] = []
    runner = SyncRunner(
        device.engine(),
        on_status=statuses.append,
        interval=3600,
        backoff=Backoff(base=60, cap=600, rng=random.Random(1)),
    )

    async def scenario() -> None:
        nonlocal offline
        loop = asyncio.create_task(runner.run())
        while not any(s.phase is Phase.OFFLINE for s in statuses):
            await asyncio.sleep(0.01)
        offline = False
        runner.network_back()  # without this the next try would be up to a minute away
        while not any(s.phase is Phase.IDLE for s in statuses):
            await asyncio.sleep(0.01)
        runner.stop()
        await asyncio.wait_for(loop, timeout=10)

    asyncio.run(asyncio.wait_for(scenario(), timeout=30))
    assert device.outbox.changes() == []
    assert device.states.load_sync_state().last_success_at is not None


class _LockedUnder:
    """An engine whose store is locked while it syncs: it fails as the store then does."""

    def __init__(self, runner_stop: Callable[[], None] | None = None) -> None:
        self.stop = runner_stop

    def sync(self, _progress: Callable[[SyncProgress], None]) -> object:
        if self.stop is not None:
            self.stop()  # the app locks (and stops the runner) while this sync runs
        raise StoreLockedError


def test_a_sync_cut_short_by_the_lock_ends_the_runner_quietly() -> None:
    engine = _LockedUnder()
    statuses: list[RunnerStatus] = []
    runner = SyncRunner(engine, on_status=statuses.append, interval=3600)  # type: ignore[arg-type]
    engine.stop = runner.stop
    asyncio.run(asyncio.wait_for(runner.run(), timeout=10))  # returns: no exception
    # Nothing is reported after the stop: the screens it would update may be gone.
    assert [status.phase for status in statuses] == [Phase.SYNCING]


def test_an_unexpected_failure_while_running_is_not_swallowed() -> None:
    runner = SyncRunner(_LockedUnder(), interval=3600)  # type: ignore[arg-type]
    with pytest.raises(StoreLockedError):
        asyncio.run(asyncio.wait_for(runner.run(), timeout=10))
