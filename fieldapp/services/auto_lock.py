"""When the app locks itself: after a quiet spell (default 5 minutes) and as soon as it goes to
the background. Pure: the session tells it about activity and lifecycle changes, and asks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

DEFAULT_IDLE = timedelta(minutes=5)
BACKGROUND_STATES = frozenset({"hide", "pause", "detach"})
"""Flet's AppLifecycleState values in which the screen is no longer in front of the user."""


class AutoLock:
    def __init__(self, clock: Callable[[], datetime], idle: timedelta = DEFAULT_IDLE) -> None:
        if idle <= timedelta(0):
            raise ValueError("the auto-lock time must be positive")
        self._clock, self.idle = clock, idle
        self._last = clock()

    def touch(self) -> None:
        """The user did something."""
        self._last = self._clock()

    def due(self) -> bool:
        """Quiet for at least :attr:`idle` (or the clock jumped back: lock to be safe)."""
        quiet = self._clock() - self._last
        return quiet >= self.idle or quiet < timedelta(0)

    @staticmethod
    def locks_on(lifecycle_state: str) -> bool:
        return lifecycle_state in BACKGROUND_STATES
