"""The Flying Squad's reach in a year: per month the events held, people reached, regulations
explained, self-tests done and referrals made from events, and the same per kind of event.
Pure: the rows come from the events' clear columns (anonymous counts only)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from fieldapp.domain.outreach import EventKind


@dataclass(frozen=True)
class HeldEvent:
    """What the report counts of one event."""

    kind: EventKind | None
    """``None``: started before events had a kind."""
    started_on: date
    people: int
    regulations: int
    self_tests: int
    referrals: int


@dataclass
class Reach:
    events: int = 0
    people: int = 0
    regulations: int = 0
    self_tests: int = 0
    referrals: int = 0

    def add(self, event: HeldEvent) -> None:
        self.events += 1
        self.people += event.people
        self.regulations += event.regulations
        self.self_tests += event.self_tests
        self.referrals += event.referrals


@dataclass(frozen=True)
class YearReach:
    year: int
    months: Sequence[Reach]
    """Twelve, January first."""
    kinds: dict[EventKind | None, Reach] = field(default_factory=dict)
    """Per kind of event held in the year, in the order of :class:`EventKind` (unknown last)."""
    total: Reach = field(default_factory=Reach)

    @property
    def busiest(self) -> int:
        """The most people reached in one month (the chart's full bar), at least 1."""
        return max(1, *(month.people for month in self.months))


def year_reach(year: int, events: Iterable[HeldEvent]) -> YearReach:
    months = [Reach() for _ in range(12)]
    found: dict[EventKind | None, Reach] = {}
    total = Reach()
    for event in events:
        if event.started_on.year != year:
            continue
        months[event.started_on.month - 1].add(event)
        found.setdefault(event.kind, Reach()).add(event)
        total.add(event)
    order: list[EventKind | None] = [*EventKind, None]
    kinds = {kind: found[kind] for kind in order if kind in found}
    return YearReach(year, months, kinds, total)
