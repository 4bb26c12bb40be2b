"""The sync indicator's text: honest about what waits, what was refused and when it last
worked; in both languages."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from fieldapp.domain.outbox import ChangeState
from fieldapp.domain.sync_state import SyncState
from fieldapp.i18n import Translator, active, install
from fieldapp.ui.sync_status import (
    connection_label,
    pull_progress_lines,
    seconds_left,
    status_lines,
    summarise,
)
from tests.factories import FIXED_NOW, build_enrollment, build_pending_change

ENROLLED = SyncState(enrollment=build_enrollment(enrolled_at=FIXED_NOW - timedelta(days=2)))


@pytest.fixture(autouse=True)
def _restore_language() -> Iterator[None]:
    previous = active()
    yield
    install(previous)


def test_not_enrolled_says_everything_stays_here() -> None:
    install(Translator("en"))
    assert status_lines(summarise(SyncState(), [])) == [
        "This device is not linked to a server yet. Everything stays here."
    ]


def test_counts_by_state_and_the_last_successful_sync() -> None:
    install(Translator("en"))
    changes = [build_pending_change(ChangeState.PENDING)] * 2 + [
        build_pending_change(ChangeState.REJECTED),
        build_pending_change(ChangeState.CONFLICT),
    ]
    state = ENROLLED.model_copy(update={"last_success_at": FIXED_NOW})
    summary = summarise(state, changes)
    assert (summary.pending, summary.rejected, summary.conflicts) == (2, 1, 1)
    assert summary.needs_attention and summary.online
    lines = status_lines(summary)
    assert lines[:3] == [
        "2 changes waiting to be sent",
        "1 change refused by the server",
        "1 conflict to resolve",
    ]
    assert lines[-1].startswith("Last successful sync: ") and "2026" in lines[-1]


def test_offline_and_never_synced_in_dutch() -> None:
    install(Translator("nl"))
    summary = summarise(
        ENROLLED, [build_pending_change(ChangeState.PENDING)], error_code="sync.network"
    )
    assert not summary.online
    assert status_lines(summary) == [
        "Geen verbinding met de server. Je werk blijft bewaard en gaat later mee.",
        "1 wijziging wacht op verzenden",
        "Nog nooit gesynchroniseerd",
    ]


def test_syncing_says_so_first() -> None:
    install(Translator("en"))
    lines = status_lines(summarise(ENROLLED, [], syncing=True))
    assert lines[0] == "Syncing…" and lines[1] == "0 changes waiting to be sent"


def test_a_sync_given_up_says_what_happened_and_that_nothing_is_lost() -> None:
    install(Translator("en"))
    waiting = [build_pending_change(ChangeState.PENDING)]
    summary = summarise(ENROLLED, waiting, error_code="sync.network", stalled_after=30.0)
    assert not summary.online and connection_label(summary) == "Offline"
    assert status_lines(summary) == [
        "The server did not answer for 30 seconds, so the sync was stopped.",
        "Nothing is lost: your changes stay on this device and go with the next sync.",
        "1 change waiting to be sent",
        "Never synced yet",
    ]


def test_the_next_try_keeps_the_reason_and_says_it_tries_again() -> None:
    install(Translator("en"))
    again = summarise(ENROLLED, [], syncing=True, error_code="sync.network", stalled_after=5.0)
    lines = status_lines(again)
    assert lines[0].startswith("The server did not answer for 5 seconds")
    assert lines[2] == "Trying again…"
    offline = status_lines(summarise(ENROLLED, [], syncing=True, error_code="sync.network"))
    assert offline[:2] == [
        "No connection to the server. Your work is kept and sent later.",
        "Trying again…",
    ]


def test_online_or_offline_in_words() -> None:
    install(Translator("en"))
    assert connection_label(summarise(ENROLLED, [])) == "Online"
    assert connection_label(summarise(SyncState(), [])) == "Offline"
    assert connection_label(summarise(ENROLLED, [], error_code="sync.network")) == "Offline"


def test_time_left_follows_the_pace_so_far() -> None:
    assert seconds_left(1_000, 11_000, 4.0) == pytest.approx(40.0)
    assert seconds_left(1_000, 11_000, 1.0) is None  # too early to say
    assert seconds_left(0, 11_000, 5.0) is None
    assert seconds_left(11_000, 11_000, 5.0) is None


def test_a_long_pull_says_how_many_records_and_how_long_in_dutch() -> None:
    install(Translator("nl"))
    assert pull_progress_lines(1_200, 11_000, None) == ["1.200 van 11.000 records ontvangen"]
    assert pull_progress_lines(1_200, 11_000, 41.0)[1] == "Nog ongeveer 45 seconden"
    assert pull_progress_lines(1_200, 11_000, 40.0)[1] == "Nog ongeveer 40 seconden"
    assert pull_progress_lines(1_200, 11_000, 7.2)[1] == "Nog een paar seconden"
    assert pull_progress_lines(1_200, 11_000, 57.5)[1] == "Nog ongeveer 1 minuut"
    assert pull_progress_lines(1_200, 51_000, 170.0)[1] == "Nog ongeveer 3 minuten"
    install(Translator("en"))
    assert pull_progress_lines(1, 1, None) == ["Received 1 of 1 record"]


def test_a_running_pull_is_told_right_under_the_word_syncing() -> None:
    install(Translator("nl"))
    summary = summarise(ENROLLED, [build_pending_change()], syncing=True)
    progress = pull_progress_lines(9_000, 51_106, 20.0)
    lines = status_lines(summary, progress)
    at = lines.index("Bezig met synchroniseren…")
    assert lines[at + 1 : at + 3] == [
        "9.000 van 51.106 records ontvangen",
        "Nog ongeveer 20 seconden",
    ]
    idle = summarise(ENROLLED, [build_pending_change()])
    assert "9.000 van 51.106 records ontvangen" not in status_lines(idle, progress)
