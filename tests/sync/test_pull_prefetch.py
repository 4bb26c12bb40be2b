"""The pull fetches the next pages while a batch is applied, and stays what it was: the cursor
saved only after the batch it follows is durable, a failure on any page raised to the caller,
the count and the number of unsent changes asked on the first page only."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import pytest

from fieldapp.domain.outbox import ChangeOutcome, EntityKind, IncomingRecord, PendingChange
from fieldapp.domain.sync_state import SyncState
from fieldapp.sync import engine as engine_module
from fieldapp.sync.engine import SyncEngine, SyncProgress
from fieldapp.sync.errors import SyncError, SyncErrorCode
from fieldapp.wire import PulledRecord, PullResponse
from tests.factories import build_enrollment

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
PAGES = 4
PER_PAGE = 2


class _Api:
    """Serves ``PAGES`` pages of ``PER_PAGE`` records; can fail on one page."""

    def __init__(self, fail_on: int | None = None) -> None:
        self.calls: list[dict[str, Any]] = []
        self.second_asked = threading.Event()
        self.fail_on = fail_on
        self.max_request_bytes: int | None = None

    def __enter__(self) -> _Api:
        return self

    def __exit__(self, *_exc: object) -> None:
        return None

    def pull(
        self,
        cursor: str | None,
        limit: int = 1000,
        *,
        unsent: int | None = None,
        count: bool = False,
    ) -> PullResponse:
        number = 0 if cursor is None else int(cursor)
        self.calls.append({"cursor": cursor, "unsent": unsent, "count": count})
        if number == 1:
            self.second_asked.set()
        if number == self.fail_on:
            raise SyncError(SyncErrorCode.UNAVAILABLE, "HTTP 503")
        records = [
            PulledRecord(
                entity=EntityKind.VISIT,
                entity_id=uuid.uuid4(),
                client_id=uuid.uuid4(),
                version=1,
                body={"page": number},
            )
            for _ in range(PER_PAGE)
        ]
        return PullResponse(
            records=records,
            cursor=str(number + 1),
            has_more=number + 1 < PAGES,
            server_time=NOW,
            remaining=(PAGES - number) * PER_PAGE if count else None,
        )


class _Outbox:
    def __init__(self, api: _Api, states: _States) -> None:
        self.api, self.states = api, states
        self.applied: list[int] = []
        self.saw_next_page_requested: list[bool] = []
        self.cursor_when_applied: list[str | None] = []

    def sendable(self) -> list[PendingChange]:
        return []

    def record_outcomes(self, outcomes: Sequence[ChangeOutcome]) -> None:
        raise AssertionError("nothing to send")

    def unsent_count(self) -> int:
        return 3

    def apply_incoming(self, records: Sequence[IncomingRecord]) -> None:
        if not self.applied:  # the first batch: is the next page on its way meanwhile?
            self.saw_next_page_requested.append(self.api.second_asked.wait(timeout=10))
        self.cursor_when_applied.append(self.states.state.cursor)
        self.applied.append(len(records))


class _States:
    def __init__(self) -> None:
        self.state = SyncState(enrollment=build_enrollment(enrolled_at=NOW))

    def load_sync_state(self) -> SyncState:
        return self.state

    def save_sync_state(self, state: SyncState) -> None:
        self.state = state


def _engine(api: _Api) -> tuple[SyncEngine, _Outbox, _States]:
    states = _States()
    outbox = _Outbox(api, states)

    def revoked() -> None:
        raise AssertionError("not revoked")

    engine = SyncEngine(outbox, states, lambda _state: api, lambda: NOW, revoked)  # type: ignore[arg-type, return-value]
    return engine, outbox, states


@pytest.fixture(autouse=True)
def _small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine_module, "APPLY_RECORDS", PER_PAGE)  # every page is a batch


def test_the_next_page_is_fetched_while_a_batch_is_applied() -> None:
    api = _Api()
    engine, outbox, states = _engine(api)
    progress: list[SyncProgress] = []
    report = engine.sync(progress.append)
    assert outbox.saw_next_page_requested == [True]
    assert outbox.applied == [PER_PAGE] * PAGES and report.pulled == PAGES * PER_PAGE
    # each batch is applied before the cursor after it is saved
    assert outbox.cursor_when_applied == [None, "1", "2", "3"]
    assert states.state.cursor == str(PAGES)
    assert [p.total for p in progress if p.phase == "pull"] == [PAGES * PER_PAGE] * PAGES
    asked = [(call["unsent"], call["count"]) for call in api.calls]
    assert asked == [(3, True)] + [(None, False)] * (PAGES - 1)


@pytest.mark.parametrize("failing_page", range(PAGES))
def test_a_failure_on_any_page_reaches_the_caller_with_the_cursor_at_the_last_batch(
    failing_page: int,
) -> None:
    api = _Api(fail_on=failing_page)
    engine, outbox, states = _engine(api)
    with pytest.raises(SyncError) as raised:
        engine.sync()
    assert raised.value.code is SyncErrorCode.UNAVAILABLE
    # the pages before the failing one were applied, and the cursor follows the last of them
    assert outbox.applied == [PER_PAGE] * failing_page
    assert states.state.cursor == (str(failing_page) if failing_page else None)
    assert states.state.last_success_at is None
    assert len(api.calls) == failing_page + 1  # nothing fetched past a failure
