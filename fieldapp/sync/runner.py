"""Sync in the background: on demand, every few minutes, and as soon as the network is back.

The engine blocks, so each sync runs in a worker thread and the UI's event loop stays free. Only
one sync runs at a time; asking while one runs queues exactly one more. A failure that waiting
can cure (no network, a busy server) is retried after an exponential, jittered delay; one that
needs a person (revoked, certificate, wrong URL) stops the retries until asked again.
The UI hooks the platform's connectivity events to :meth:`SyncRunner.network_back`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from fieldapp.sync.backoff import Backoff
from fieldapp.sync.engine import SyncEngine, SyncProgress, SyncReport
from fieldapp.sync.errors import SyncError, SyncErrorCode

logger = logging.getLogger(__name__)
INTERVAL = 300.0


class Phase(StrEnum):
    IDLE = "idle"
    SYNCING = "syncing"
    OFFLINE = "offline"
    FAILED = "failed"
    REVOKED = "revoked"


@dataclass(frozen=True)
class RunnerStatus:
    phase: Phase
    error: SyncErrorCode | None = None
    last_report: SyncReport | None = None
    retry_in: float | None = None
    at: datetime | None = None


class SyncRunner:
    def __init__(
        self,
        engine: SyncEngine,
        *,
        on_status: Callable[[RunnerStatus], None] = lambda _s: None,
        on_progress: Callable[[SyncProgress], None] = lambda _p: None,
        interval: float = INTERVAL,
        backoff: Backoff | None = None,
    ) -> None:
        self._engine = engine
        self._on_status, self._on_progress = on_status, on_progress
        self._interval = interval
        self._backoff = backoff or Backoff()
        self._wake = asyncio.Event()
        self._running = asyncio.Lock()
        self._stopped = False

    async def sync_now(self) -> SyncReport:
        """Run one sync in a worker thread (waits for a running one first). Raises SyncError."""
        async with self._running:
            self._on_status(RunnerStatus(Phase.SYNCING))
            try:
                report = await asyncio.to_thread(self._engine.sync, self._on_progress)
            except SyncError as error:
                self._on_status(_failed(error))
                raise
            self._on_status(RunnerStatus(Phase.IDLE, last_report=report, at=report.finished_at))
            return report

    def request(self) -> None:
        """Sync soon (a button, a saved visit)."""
        self._wake.set()

    def network_back(self) -> None:
        """The platform reports connectivity again: retry now instead of after the backoff."""
        self._backoff.reset()
        self._wake.set()

    def stop(self) -> None:
        self._stopped = True
        self._wake.set()

    async def run(self) -> None:
        """The background loop; cancel the task (or call :meth:`stop`) to end it."""
        while not self._stopped:
            delay: float | None = self._interval
            self._wake.clear()  # a request during the sync below wakes the next round
            try:
                await self.sync_now()
                self._backoff.reset()
            except SyncError as error:
                if error.code is SyncErrorCode.REVOKED:
                    return
                delay = self._backoff.next_delay() if error.retryable else None
                logger.info("sync failed (%s); next try in %s s", error.code.value, delay)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=delay)


def _failed(error: SyncError) -> RunnerStatus:
    if error.code is SyncErrorCode.REVOKED:
        return RunnerStatus(Phase.REVOKED, error.code)
    phase = Phase.OFFLINE if error.code is SyncErrorCode.NETWORK else Phase.FAILED
    return RunnerStatus(phase, error.code)
