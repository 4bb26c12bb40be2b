"""Auto-lock: after the quiet time, at once in the background, never extended by a clock set
back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from fieldapp.services.auto_lock import AutoLock
from tests.clock import Clock

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def test_locks_after_the_quiet_time_and_activity_restarts_it() -> None:
    clock = Clock(START)
    lock = AutoLock(clock)
    clock.now += timedelta(minutes=4, seconds=59)
    assert not lock.due()
    lock.touch()
    clock.now += timedelta(minutes=4)
    assert not lock.due()
    clock.now += timedelta(minutes=1)
    assert lock.due()


def test_a_clock_set_back_locks() -> None:
    clock = Clock(START)
    lock = AutoLock(clock, timedelta(minutes=5))
    clock.now -= timedelta(hours=1)
    assert lock.due()


@pytest.mark.parametrize(
    ("state", "locks"),
    [("hide", True), ("pause", True), ("detach", True), ("inactive", False), ("show", False)],
)
def test_going_to_the_background_locks(state: str, locks: bool) -> None:
    assert AutoLock.locks_on(state) is locks


def test_the_time_must_be_positive() -> None:
    with pytest.raises(ValueError):
        AutoLock(Clock(START), timedelta(0))
