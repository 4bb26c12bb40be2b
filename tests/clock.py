"""The clock tests pass wherever code takes a ``clock``: it says what it is told, and moves
only when told."""

from __future__ import annotations

from datetime import datetime, timedelta

from tests.factories import FIXED_NOW


class Clock:
    def __init__(self, now: datetime = FIXED_NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)
