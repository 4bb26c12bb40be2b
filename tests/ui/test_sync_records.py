"""The sync screen's lines: what needs the user first, the server's reason in words."""

from __future__ import annotations

import pytest

from fieldapp.domain.outbox import ChangeState, EntityKind
from fieldapp.ui.sync_records import KINDS, record_lines
from tests.factories import build_pending_change

pytestmark = pytest.mark.usefixtures("english")


def test_refusals_and_conflicts_come_first_with_their_reason() -> None:
    waiting = build_pending_change(ChangeState.PENDING)
    refused = build_pending_change(ChangeState.REJECTED, minutes=5, code="client.not_in_caseload")
    conflict = build_pending_change(ChangeState.CONFLICT, minutes=9, code="change.version_conflict")
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
    (line,) = record_lines([build_pending_change(ChangeState.REJECTED, code="something.new")])
    assert "something.new" in line.reason


def test_every_kind_of_record_has_a_name_on_the_sync_screen() -> None:
    assert set(KINDS) == set(EntityKind)
