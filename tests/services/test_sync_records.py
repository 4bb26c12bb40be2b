"""The sync screen's lines: what needs the user first, the server's reason in words."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta

import pytest

from fieldapp.domain.outbox import ChangeState, EntityKind, Operation, PendingChange
from fieldapp.i18n import Translator, active, install
from fieldapp.services.sync_records import record_lines
from tests.factories import FIXED_NOW


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    previous = active()
    install(Translator("en"))
    yield
    install(previous)


def _change(state: ChangeState, minutes: int, code: str | None = None) -> PendingChange:
    return PendingChange(
        change_id=uuid.uuid4(),
        entity=EntityKind.VISIT,
        entity_id=uuid.uuid4(),
        client_id=uuid.uuid4(),
        operation=Operation.UPSERT,
        entity_version=1,
        created_at=FIXED_NOW + timedelta(minutes=minutes),
        state=state,
        code=code,
    )


def test_refusals_and_conflicts_come_first_with_their_reason() -> None:
    waiting = _change(ChangeState.PENDING, 0)
    refused = _change(ChangeState.REJECTED, 5, "client.not_in_caseload")
    conflict = _change(ChangeState.CONFLICT, 9, "change.version_conflict")
    lines = record_lines([waiting, refused, conflict])
    assert [line.change_id for line in lines] == [
        conflict.change_id,
        refused.change_id,
        waiting.change_id,
    ]
    assert lines[1].state_label == "Refused by the server" and lines[1].retryable
    assert lines[1].reason.startswith("The server does not know this client")
    assert not lines[0].retryable and lines[0].reason.startswith("Someone else changed this")
    assert lines[2].reason == "" and lines[2].title == "Visit"


def test_an_unknown_server_code_still_says_something() -> None:
    (line,) = record_lines([_change(ChangeState.REJECTED, 0, "something.new")])
    assert "something.new" in line.reason
