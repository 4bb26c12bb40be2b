"""Throttling of unlock attempts, kept on disk so that restarting the app does not reset it.

After 3 wrong passphrases in a row each further try waits longer (5 s, 10 s, 20 s, ... up to
5 minutes); from the 10th the app is locked out for an hour after each wrong try. A right
passphrase resets the count. The file holds a count and a time, nothing about the data.

This slows down guessing through the app; someone who copies the files and guesses offline is
held up by the key derivation's cost instead (ADR 0002).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from fieldapp.storage.atomic import atomic_replace

GUARD_FILE = "unlock-guard.json"
FREE_TRIES = 3
LOCKOUT_AFTER = 10
BASE_DELAY = timedelta(seconds=5)
MAX_DELAY = timedelta(minutes=5)
LOCKOUT = timedelta(hours=1)


@dataclass(frozen=True)
class GuardState:
    failures: int = 0
    last_failure: datetime | None = None


def delay_after(failures: int) -> timedelta:
    """How long to wait after ``failures`` wrong tries in a row."""
    if failures >= LOCKOUT_AFTER:
        return LOCKOUT
    if failures < FREE_TRIES:
        return timedelta(0)
    return min(MAX_DELAY, BASE_DELAY * (1 << (failures - FREE_TRIES)))


class UnlockGuard:
    def __init__(self, directory: Path, clock: Callable[[], datetime]) -> None:
        self._path = directory / GUARD_FILE
        self._clock = clock

    def state(self) -> GuardState:
        try:
            raw = json.loads(self._path.read_text(encoding="utf-8"))
            last = raw.get("last_failure")
            return GuardState(int(raw["failures"]), datetime.fromisoformat(last) if last else None)
        except FileNotFoundError:
            return GuardState()
        except (ValueError, KeyError, TypeError):
            # A damaged or edited file does not unlock more tries: treat it as a lockout.
            return GuardState(LOCKOUT_AFTER, self._clock())

    def wait_seconds(self) -> int:
        """Seconds before the next try is allowed (0: now)."""
        state = self.state()
        if state.last_failure is None:
            return 0
        remaining = state.last_failure + delay_after(state.failures) - self._clock()
        if state.last_failure > self._clock():  # the clock was set back: the wait stands
            remaining = delay_after(state.failures)
        return max(0, math.ceil(remaining.total_seconds()))

    def failed(self) -> None:
        state = self.state()
        self._write(GuardState(state.failures + 1, self._clock()))

    def succeeded(self) -> None:
        if self.state().failures:
            self._write(GuardState())

    def _write(self, state: GuardState) -> None:
        document = {
            "failures": state.failures,
            "last_failure": None if state.last_failure is None else state.last_failure.isoformat(),
        }
        atomic_replace(self._path, json.dumps(document).encode(), keep_previous=False)
