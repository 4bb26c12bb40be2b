"""Sync in the background: on demand, every few minutes, and as soon as the network is back.

The engine blocks, so each sync runs in a worker thread and the UI's event loop stays free. Only
one sync runs at a time; asking while one runs queues exactly one more. A failure that waiting
can cure (no network, a busy server) is retried after an exponential, jittered delay; one that
needs a person (revoked, certificate, wrong URL) stops the retries until asked again.
The UI hooks the platform's connectivity events to :meth:`SyncRunner.network_back`.

A sync that makes no progress for ``timeout`` seconds (a setting) is given up: the HTTP client
gets the same timeout, so the worker ends on its own, and the runner says so the moment the
time is up even when something else holds the worker (a name lookup). Nothing is lost: a change
leaves the outbox only with the server's answer, so what was not answered goes next time.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from fieldapp.domain.device_settings import DEFAULT_SYNC_TIMEOUT_SECONDS
from fieldapp.sync.backoff import Backoff
from fieldapp.sync.engine import SyncEngine, SyncProgress, SyncReport
from fieldapp.sync.errors import SyncError, SyncErrorCode

logger = logging.getLogger(__name__)
INTERVAL = 300.0
DEFAULT_TIMEOUT = float(DEFAULT_SYNC_TIMEOUT_SECONDS)
"""Seconds a sync may go without progress before it is given up."""


class Phase(StrEnum):
    IDLE = "idle"
    SYNCING = "syncing"
    OFFLINE = "offline"
    FAILED = "failed"
    REVOKED = "revoked"
    STALLED = "stalled"
    """Given up after ``timeout`` seconds without progress; the changes wait for the next."""


@dataclass(frozen=True)
class RunnerStatus:
    phase: Phase
    error: SyncErrorCode | None = None
    last_report: SyncReport | None = None
    retry_in: float | None = None
    at: datetime | None = None
    stalled_after: float | None = None
    """When the last try was given up: after this many seconds without progress. A sync that
    runs again after a failure keeps that failure's ``error`` and ``stalled_after``."""


class SyncRunner:
    def __init__(
        self,
        engine: SyncEngine,
        *,
        on_status: Callable[[RunnerStatus], None] = lambda _s: None,
        on_progress: Callable[[SyncProgress], None] = lambda _p: None,
        interval: float = INTERVAL,
        backoff: Backoff | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._engine = engine
        self._on_status, self._on_progress = on_status, on_progress
        self._interval = interval
        self._backoff = backoff or Backoff()
        self.timeout = timeout
        """Seconds without progress before a sync is given up (may change between syncs)."""
        self._clock = clock
        self._wake = asyncio.Event()
        self._running = asyncio.Lock()
        self._stopped = False
        self._last_sign = 0.0
        self._failure: RunnerStatus | None = None

    async def sync_now(self) -> SyncReport:
        """Run one sync in a worker thread (waits for a running one first). Raises SyncError."""
        async with self._running:
            self._tell(self._syncing())
            self._last_sign = self._clock()
            work = asyncio.ensure_future(asyncio.to_thread(self._engine.sync, self._progress))
            try:
                report = await self._watch(work)
            except SyncError as error:
                self._failure = _failed(error, self.timeout)
                self._tell(self._failure)
                raise
            self._failure = None
            self._tell(RunnerStatus(Phase.IDLE, last_report=report, at=report.finished_at))
            return report

    def _tell(self, status: RunnerStatus) -> None:
        """Pass a status on, unless stopped: the app has moved on (locked, device removed)."""
        if not self._stopped:
            self._on_status(status)

    def _syncing(self) -> RunnerStatus:
        last = self._failure
        if last is None:
            return RunnerStatus(Phase.SYNCING)
        return RunnerStatus(Phase.SYNCING, last.error, stalled_after=last.stalled_after)

    def _progress(self, progress: SyncProgress) -> None:
        """From the worker thread: a sign of life, passed on."""
        self._last_sign = self._clock()
        if not self._stopped:
            self._on_progress(progress)

    async def _watch(self, work: asyncio.Future[SyncReport]) -> SyncReport:
        """The sync's result; on the way, says once that it stalled when ``timeout`` seconds
        pass without progress (and that it moves again, should it)."""
        stalled = False
        while True:
            quiet = self._clock() - self._last_sign
            # At most half a second between looks: a timeout changed in settings while this
            # sync runs applies to it too (waiting out the old 30 s, it said nothing for 30 s).
            wait = 0.5 if stalled else min(0.5, max(0.05, self.timeout - quiet))
            done, _pending = await asyncio.wait({work}, timeout=wait)
            if done:
                return work.result()
            quiet = self._clock() - self._last_sign
            if not stalled and quiet >= self.timeout:
                stalled = True
                logger.info("sync: no progress for %.0f s; given up", quiet)
                self._tell(
                    RunnerStatus(Phase.STALLED, SyncErrorCode.NETWORK, stalled_after=self.timeout)
                )
            elif stalled and quiet < self.timeout:
                stalled = False
                self._tell(self._syncing())

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
            except Exception:
                if not self._stopped:
                    raise
                # Stopped while a sync ran (the app locked its store under it): what it had
                # not committed is still in the outbox, and the next unlock syncs it.
                logger.info("sync cut short: the runner was stopped")
                return
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=delay)


def _failed(error: SyncError, timeout: float) -> RunnerStatus:
    if error.code is SyncErrorCode.REVOKED:
        return RunnerStatus(Phase.REVOKED, error.code)
    if error.stalled:
        return RunnerStatus(Phase.STALLED, error.code, stalled_after=timeout)
    phase = Phase.OFFLINE if error.code is SyncErrorCode.NETWORK else Phase.FAILED
    return RunnerStatus(phase, error.code)
