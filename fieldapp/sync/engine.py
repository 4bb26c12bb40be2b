"""One sync: push the outbox in batches, then pull to the end, every step durable first.

- A change leaves the outbox only after the server's answer for it arrived (the server commits
  before it answers); a lost answer means the same batch goes again and comes back
  ``duplicate``.
- The cursor is saved only after the page it follows was applied durably; a crash in between
  applies the page again, which changes nothing.
- "Last successful sync" is set only when every sendable change was answered and the pull
  reached the end.
- A revoked device is wiped (``on_revoked``) the moment the server says so.
- Pushes fit the server's body cap (:mod:`fieldapp.sync.batching`): the cap the server
  advertised on its latest answer, else ``DEFAULT_MAX_REQUEST_BYTES``. A 413 puts the batch
  back and halves the batches for the rest of the sync, down to one change. A change that alone
  is over the cap is held as ``rejected`` with ``change.too_large`` (shown, kept, sent again on
  retry); it never blocks the others.

Progress goes to the caller's callback; the engine blocks, so callers run it off the UI thread
(see :mod:`fieldapp.sync.runner`).
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from fieldapp.domain.outbox import ChangeOutcome, ChangeState, IncomingRecord, PendingChange
from fieldapp.domain.ports import SyncOutbox, SyncStateRepository
from fieldapp.domain.routing import Route
from fieldapp.domain.sync_state import Recipient, SyncState
from fieldapp.sync.api import SyncApi
from fieldapp.sync.batching import body_size, fitting
from fieldapp.sync.errors import SyncError, SyncErrorCode
from fieldapp.wire import (
    DEFAULT_MAX_REQUEST_BYTES,
    MAX_BATCH,
    Change,
    ChangeResult,
    Outcome,
    PulledRecord,
    PullResponse,
)

logger = logging.getLogger(__name__)
APPLY_RECORDS = 10_000
"""Pulled records held in memory before they are applied (about 15 MB at most)."""
PREFETCH_PAGES = 4
"""Pages fetched ahead while a batch is applied (about 1.5 MB each at most)."""

_STATES = {
    Outcome.APPLIED: ChangeState.SENT,
    Outcome.DUPLICATE: ChangeState.SENT,
    Outcome.REJECTED: ChangeState.REJECTED,
    Outcome.CONFLICT: ChangeState.CONFLICT,
}


@dataclass(frozen=True)
class SyncProgress:
    phase: str
    """``push`` or ``pull``."""
    done: int
    total: int | None
    """Known for push (changes to send); for pull, what the server counted on the first page
    (unknown from a server that does not count, until the last page)."""


@dataclass
class SyncReport:
    sent: int = 0
    rejected: int = 0
    conflicts: int = 0
    pulled: int = 0
    finished_at: datetime | None = None
    rejected_ids: list[UUID] = field(default_factory=list)


ApiFactory = Callable[[SyncState], SyncApi]


def to_wire(change: PendingChange) -> Change:
    return Change(
        change_id=change.change_id,
        entity=change.entity,
        entity_id=change.entity_id,
        client_id=change.client_id,
        operation=change.operation,
        entity_version=change.entity_version,
        base_version=change.base_version,
        body=change.body,
    )


def to_outcome(result: ChangeResult) -> ChangeOutcome:
    return ChangeOutcome(
        change_id=result.change_id,
        state=_STATES[result.outcome],
        code=result.code,
        fields=tuple(result.fields),
        server_version=result.server_version,
    )


class SyncEngine:
    def __init__(
        self,
        outbox: SyncOutbox,
        states: SyncStateRepository,
        api_for: ApiFactory,
        clock: Callable[[], datetime],
        on_revoked: Callable[[], None],
        *,
        batch_size: int = MAX_BATCH,
    ) -> None:
        self._outbox, self._states, self._api_for = outbox, states, api_for
        self._clock, self._on_revoked, self._batch = clock, on_revoked, batch_size
        self._cap: int | None = None
        """The body cap the server advertised last (kept between syncs); ``None``: not known."""
        self._most = batch_size
        """Changes per push for the rest of this sync: halved by each 413."""

    def sync(self, progress: Callable[[SyncProgress], None] = lambda _p: None) -> SyncReport:
        state = self._states.load_sync_state()
        if state.enrollment is None:
            raise SyncError(SyncErrorCode.NOT_ENROLLED)
        report = SyncReport()
        try:
            with self._api_for(state) as api:
                self._push(api, report, progress)
                self._pull(api, report, progress)
                self._learn(api)
        except SyncError as error:
            if error.code is SyncErrorCode.REVOKED:
                logger.warning("the server revoked this device: wiping its key")
                self._on_revoked()
            raise
        state = self._states.load_sync_state()
        report.finished_at = self._clock()
        self._states.save_sync_state(
            state.model_copy(
                update={
                    "last_success_at": report.finished_at,
                    "last_contact_at": report.finished_at,
                }
            )
        )
        logger.info(
            "sync done: %d sent, %d rejected, %d conflicts, %d pulled",
            report.sent,
            report.rejected,
            report.conflicts,
            report.pulled,
        )
        return report

    def _push(
        self, api: SyncApi, report: SyncReport, progress: Callable[[SyncProgress], None]
    ) -> None:
        """Send in batches from one read of the outbox; read again at the end for changes
        saved meanwhile. After a refusal, later changes of that record wait for the next
        sync (they would only meet the same refusal)."""
        tried: set[UUID] = set()
        held: set[UUID] = set()
        self._most = self._batch

        def unsent(changes: list[PendingChange]) -> list[PendingChange]:
            return [c for c in changes if c.change_id not in tried and c.entity_id not in held]

        queue = unsent(self._outbox.sendable())
        total = len(queue)
        progress(SyncProgress("push", 0, total))
        while queue or (queue := unsent(self._outbox.sendable())):
            outcomes = self._send_next(api, queue)
            if outcomes is None:
                continue  # a 413: the same changes again, in smaller pushes
            batch, queue = queue[: len(outcomes)], queue[len(outcomes) :]
            self._outbox.record_outcomes(outcomes)
            tried.update(change.change_id for change in batch)
            entity_of = {change.change_id: change.entity_id for change in batch}
            for outcome in outcomes:
                if outcome.state is ChangeState.SENT:
                    report.sent += 1
                    continue
                held.add(entity_of[outcome.change_id])
                if outcome.state is ChangeState.REJECTED:
                    report.rejected += 1
                    report.rejected_ids.append(outcome.change_id)
                else:
                    report.conflicts += 1
            queue = [c for c in queue if c.entity_id not in held]
            progress(SyncProgress("push", len(tried), max(total, len(tried))))

    def _send_next(self, api: SyncApi, queue: list[PendingChange]) -> list[ChangeOutcome] | None:
        """Push the head of ``queue`` that fits; its outcomes, in order. ``None`` after a 413
        that calls for smaller pushes (a cap just learned, or ``_most`` halved)."""
        wire = [to_wire(change) for change in queue[: self._most]]
        count, sizes = fitting(wire, self._most, self._cap or DEFAULT_MAX_REQUEST_BYTES)
        if count == 0 and self._cap is not None:
            return [_too_large(queue[0], sizes[0], self._cap)]
        count = max(count, 1)  # over the assumed cap: only the server knows its own
        try:
            response = api.push(wire[:count])
        except SyncError as error:
            if error.status != 413:
                raise
            self._learn(api)
            if count == 1:
                return [_too_large(queue[0], sizes[0], self._cap)]
            if self._cap is None or self._cap >= body_size(sizes[:count]):
                self._most = max(1, count // 2)  # a cap in front of the server: halve
            return None
        self._learn(api)
        self._touch()
        return [to_outcome(result) for result in response.results]

    def _learn(self, api: SyncApi) -> None:
        if api.max_request_bytes is not None:
            self._cap = api.max_request_bytes

    def _pull(
        self, api: SyncApi, report: SyncReport, progress: Callable[[SyncProgress], None]
    ) -> None:
        """Pages are collected up to ``APPLY_RECORDS`` and applied together (one write per
        client instead of one per client per page); the cursor of the last page is saved
        only after that write. The next pages are fetched while a batch is applied
        (:class:`_PageFetcher`), so the server's time and the device's overlap."""
        state = self._states.load_sync_state()
        collected: list[IncomingRecord] = []
        total: int | None = None
        with _PageFetcher(api, state.cursor, self._outbox.unsent_count()) as pages:
            while True:
                page = pages.next()
                if total is None and page.remaining is not None:  # asked on the first page
                    total = report.pulled + page.remaining
                collected.extend(_incoming(record) for record in page.records)
                report.pulled += len(page.records)
                state = _advanced(state, page, self._clock())
                done = not page.has_more
                if done or len(collected) >= APPLY_RECORDS:
                    self._outbox.apply_incoming(collected)
                    self._states.save_sync_state(state)
                    collected = []
                if done or total is not None:  # a change saved meanwhile can add to the count
                    total = report.pulled if done else max(total or 0, report.pulled)
                progress(SyncProgress("pull", report.pulled, total))
                if done:
                    return

    def _touch(self) -> None:
        state = self._states.load_sync_state()
        self._states.save_sync_state(state.model_copy(update={"last_contact_at": self._clock()}))


class _PageFetcher:
    """Fetches pull pages one after the other in a thread of its own, up to
    ``PREFETCH_PAGES`` ahead of the pages taken. The first page says how many changes the
    device holds and asks the server to count what is left. A failure reaches the taker in
    its place; leaving the block stops the thread (it never fetches past the last page).
    Only this thread uses the API client while the pull runs."""

    def __init__(self, api: SyncApi, cursor: str | None, unsent: int) -> None:
        self._api, self._cursor, self._unsent = api, cursor, unsent
        self._pages: queue.Queue[PullResponse | BaseException] = queue.Queue(PREFETCH_PAGES)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="pull-pages", daemon=True)

    def __enter__(self) -> _PageFetcher:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        # After the last page the thread has ended. After a failure it may be waiting for an
        # answer: it is not waited for long, since closing the client ends that request.
        self._stop.set()
        self._thread.join(timeout=1.0)

    def next(self) -> PullResponse:
        while True:
            try:
                item = self._pages.get(timeout=0.5)
            except queue.Empty:
                if not self._thread.is_alive() and self._pages.empty():
                    raise SyncError(SyncErrorCode.PROTOCOL, "the page fetcher stopped") from None
                continue
            if isinstance(item, BaseException):
                raise item
            return item

    def _run(self) -> None:
        cursor, first = self._cursor, True
        try:
            while not self._stop.is_set():
                unsent = self._unsent if first else None  # said once per sync
                page = self._api.pull(cursor, unsent=unsent, count=first)
                first, cursor = False, page.cursor
                self._hand_over(page)
                if not page.has_more:
                    return
        except BaseException as error:  # handed to the taker, raised there
            self._hand_over(error)

    def _hand_over(self, item: PullResponse | BaseException) -> None:
        while not self._stop.is_set():
            try:
                self._pages.put(item, timeout=0.1)
                return
            except queue.Full:
                continue


def _too_large(change: PendingChange, size: int, cap: int | None) -> ChangeOutcome:
    logger.warning(
        "a %s change of %d bytes is over the server's cap (%s): held",
        change.entity.value,
        size,
        cap,
    )
    return ChangeOutcome(
        change_id=change.change_id,
        state=ChangeState.REJECTED,
        code=SyncErrorCode.CHANGE_TOO_LARGE.value,
    )


def _incoming(record: PulledRecord) -> IncomingRecord:
    return IncomingRecord(
        entity=record.entity,
        entity_id=record.entity_id,
        client_id=record.client_id,
        version=record.version,
        removed=record.removed,
        body=record.body,
    )


def _advanced(state: SyncState, page: PullResponse, now: datetime) -> SyncState:
    update: dict[str, object] = {"cursor": page.cursor, "last_contact_at": now}
    if page.directory is not None:
        update["directory"] = tuple(
            Recipient(recipient_id=entry.recipient_id, target=entry.target, name=entry.name)
            for entry in page.directory
        )
    if page.routes is not None:
        update["routes"] = tuple(Route.model_validate(entry.model_dump()) for entry in page.routes)
    return state.model_copy(update=update)
