"""The municipality's outcomes, counted: who is at work and where, for how long, who came back,
the steps people take, the instruments in use, and movement on the participation ladder, for a
year, by target group and by jobcoach. Counts only, protected by
:mod:`sync_server.reporting.suppression`.

Definitions (the page and ``docs/outcome-report.md`` say them in words):

- the period is a calendar year, up to today for the current one; "on the last day" is its
  last day;
- a placement runs from its start until the day it ended (a placement without an end runs);
- at work: a client with a placement running on the last day, counted once, by the placement
  that started last (kind, and the kind of its employer);
- instruments: the placements running on the last day, by each instrument;
- duration: the placements that ran in the period, by how long they had run at the end of
  the period or at their end;
- after the end: the placements that ended in the period: moved on (another placement ran on
  the next day, or one started within 31 days), came back within a year (the next one started
  32 to 365 days after), not back within a year, or less than a year ago and not back (yet);
- steps: a client's move from one placement to the next that started in the period: up the
  path (day activities, beschut werk, sociale firma, regular work), at the same stage, down,
  or through a trial, internship or work-experience place;
- ladder: the clients with a rung on the last day, by how it compares with the rung on the
  day before the period (up, same, down, or a first step in the period).

Pure computation: facts in, counts and marks out; no IO, no words.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from fieldapp.domain.employer import EmployerKind
from fieldapp.domain.placement import Jobcoaching, PlacementKind
from sync_server.reporting.cube import TOTAL, Cube, Mark
from sync_server.reporting.suppression import Protection, protect

MOVED_ON_DAYS = 31
BACK_WITHIN_DAYS = 365
YEAR_DAYS = 365
UNKNOWN = "unknown"
"""An employer kind the report cannot tell (an employer not in the register)."""


Key = Hashable
"""An id as the database hands it over (a UUID, or its text): only compared, never read."""


@dataclass(frozen=True)
class ClientFact:
    id: Key
    target_group: str
    jobcoach_id: uuid.UUID


@dataclass(frozen=True)
class PlacementFact:
    client_id: Key
    id: Key
    kind: str
    employer_kind: str
    start: date
    ended_on: date | None
    instruments: tuple[bool, str, bool, bool, bool]
    """(loonkostensubsidie, jobcoaching code or "none", no-risk policy, adaptation,
    in-company supporter)."""

    def runs_on(self, day: date) -> bool:
        return self.start <= day and (self.ended_on is None or day <= self.ended_on)

    def runs_in(self, first: date, last: date) -> bool:
        return self.start <= last and (self.ended_on is None or self.ended_on >= first)


@dataclass(frozen=True)
class LadderFact:
    client_id: Key
    rung: int
    on: date


@dataclass(frozen=True)
class Facts:
    clients: Sequence[ClientFact]
    placements: Sequence[PlacementFact]
    steps: Sequence[LadderFact]


@dataclass(frozen=True)
class Period:
    first: date
    last: date
    today: date

    @classmethod
    def year(cls, year: int, today: date) -> Period:
        return cls(date(year, 1, 1), min(date(year, 12, 31), today), today)


@dataclass(frozen=True)
class Partition:
    code: str
    parts: tuple[str, ...]


@dataclass(frozen=True)
class Population:
    code: str
    partitions: tuple[Partition, ...]


STAGES = {
    PlacementKind.DAY_ACTIVITIES.value: 1,
    PlacementKind.BESCHUT_AT_SW.value: 2,
    PlacementKind.BESCHUT_AT_EMPLOYER.value: 2,
    PlacementKind.SOCIALE_FIRMA.value: 3,
    PlacementKind.REGULAR.value: 4,
    PlacementKind.SECONDMENT.value: 4,
}
"""The path through work; trial, internship and work-experience places stand beside it."""

WITH = ("with", "without")
AT_WORK = Population(
    "at_work",
    (
        Partition("placement_kind", tuple(kind.value for kind in PlacementKind)),
        Partition("employer_kind", (*(kind.value for kind in EmployerKind), UNKNOWN)),
    ),
)
INSTRUMENTS = Population(
    "instruments",
    (
        Partition("loonkostensubsidie", WITH),
        Partition("jobcoaching", (*(kind.value for kind in Jobcoaching), "none")),
        Partition("no_risk_policy", WITH),
        Partition("workplace_adaptation", WITH),
        Partition("in_company_supporter", WITH),
    ),
)
DURATION = Population(
    "duration", (Partition("duration", ("under_1_year", "1_to_2_years", "2_years_or_more")),)
)
AFTER_END = Population(
    "after_end",
    (Partition("after_end", ("moved_on", "back_within_year", "not_back", "too_recent")),),
)
STEPS = Population("steps", (Partition("step", ("up", "same", "down", "beside_path")),))
LADDER = Population("ladder", (Partition("ladder", ("up", "same", "down", "first")),))
POPULATIONS = (AT_WORK, INSTRUMENTS, DURATION, AFTER_END, STEPS, LADDER)


@dataclass(frozen=True)
class Cell:
    value: int
    mark: Mark

    @property
    def shown(self) -> bool:
        return self.mark is Mark.SHOWN


@dataclass(frozen=True)
class Table:
    """One population's counts and marks for every view of the period."""

    population: Population
    cube: Cube
    protection: Protection

    def total(self, row: int, column: int) -> Cell:
        index = self.cube.index(TOTAL, row, column)
        return Cell(self.cube.values[index], self.protection.marks[index])

    def parts(self, partition: int, row: int, column: int) -> list[Cell]:
        return [
            Cell(self.cube.values[i], self.protection.marks[i])
            for i in (self.cube.index(slot, row, column) for slot in self.cube.parts_of(partition))
        ]


@dataclass(frozen=True)
class OutcomeCounts:
    """A period's tables, with the target groups (rows) and jobcoaches (columns) they run over:
    index 0 on each is "all"."""

    period: Period
    target_groups: tuple[str, ...]
    jobcoaches: tuple[uuid.UUID, ...]
    tables: tuple[Table, ...]


ByClient = dict[Key, list[PlacementFact]]
Units = Iterator[tuple[Key, list[int]]]
"""(client, part per partition) for every unit of a population."""
Counter = Callable[[Facts, Period, ByClient], Units]


def _at_work(facts: Facts, period: Period, by_client: ByClient) -> Units:
    kinds, employers = AT_WORK.partitions[0].parts, AT_WORK.partitions[1].parts
    for client_id, placements in by_client.items():
        running = [p for p in placements if p.runs_on(period.last)]
        if running:
            main = max(running, key=lambda p: (p.start, str(p.id)))
            yield client_id, [kinds.index(main.kind), employers.index(main.employer_kind)]


def _instruments(facts: Facts, period: Period, by_client: ByClient) -> Units:
    coaching = INSTRUMENTS.partitions[1].parts
    for client_id, placements in by_client.items():
        for p in placements:
            if p.runs_on(period.last):
                subsidy, coach, no_risk, adaptation, supporter = p.instruments
                yield (
                    client_id,
                    [
                        0 if subsidy else 1,
                        coaching.index(coach),
                        0 if no_risk else 1,
                        0 if adaptation else 1,
                        0 if supporter else 1,
                    ],
                )


def _duration(facts: Facts, period: Period, by_client: ByClient) -> Units:
    for client_id, placements in by_client.items():
        for p in placements:
            if p.runs_in(period.first, period.last):
                end = period.last if p.ended_on is None else min(p.ended_on, period.last)
                days = (end - p.start).days
                yield client_id, [0 if days < YEAR_DAYS else 1 if days < 2 * YEAR_DAYS else 2]


def _after_end(facts: Facts, period: Period, by_client: ByClient) -> Units:
    for client_id, placements in by_client.items():
        for p in placements:
            if p.ended_on is None or not period.first <= p.ended_on <= period.last:
                continue
            others = [q for q in placements if q.id != p.id]
            day_after = p.ended_on + timedelta(days=1)
            still_at_work = any(q.start <= p.ended_on and q.runs_on(day_after) for q in others)
            soonest = min(
                ((q.start - p.ended_on).days for q in others if q.start > p.ended_on),
                default=None,
            )
            if still_at_work or (soonest is not None and soonest <= MOVED_ON_DAYS):
                part = 0
            elif soonest is not None and soonest <= BACK_WITHIN_DAYS:
                part = 1
            elif (period.today - p.ended_on).days > BACK_WITHIN_DAYS:
                part = 2
            else:
                part = 3
            yield client_id, [part]


def _steps(facts: Facts, period: Period, by_client: ByClient) -> Units:
    for client_id, placements in by_client.items():
        path = sorted(placements, key=lambda p: (p.start, str(p.id)))
        for before, after in pairwise(path):
            if period.first <= after.start <= period.last:
                one, two = STAGES.get(before.kind), STAGES.get(after.kind)
                yield client_id, [3 if one is None or two is None else _direction(one, two)]


def _ladder(facts: Facts, period: Period, by_client: ByClient) -> Units:
    steps: dict[Key, list[LadderFact]] = defaultdict(list)
    for step in facts.steps:
        steps[step.client_id].append(step)
    for client_id, own in steps.items():
        ordered = sorted(own, key=lambda s: s.on)
        at_end = [s.rung for s in ordered if s.on <= period.last]
        before = [s.rung for s in ordered if s.on < period.first]
        if not at_end:
            continue
        yield client_id, [_direction(before[-1], at_end[-1]) if before else 3]


def _direction(before: int, after: int) -> int:
    """The part for up (0), the same (1) or down (2)."""
    return 0 if after > before else 1 if after == before else 2


COUNTERS: dict[str, Counter] = {
    AT_WORK.code: _at_work,
    INSTRUMENTS.code: _instruments,
    DURATION.code: _duration,
    AFTER_END.code: _after_end,
    STEPS.code: _steps,
    LADDER.code: _ladder,
}


def count(facts: Facts, period: Period) -> OutcomeCounts:
    """Every population's counts for ``period``, protected; no tables without clients."""
    if not facts.clients:
        return OutcomeCounts(period, (), (), ())
    groups = tuple(sorted({c.target_group for c in facts.clients}))
    coaches = tuple(sorted({c.jobcoach_id for c in facts.clients}, key=str))
    row_of = {group: i + 1 for i, group in enumerate(groups)}
    column_of = {coach: i + 1 for i, coach in enumerate(coaches)}
    where = {c.id: (row_of[c.target_group], column_of[c.jobcoach_id]) for c in facts.clients}
    by_client: dict[Key, list[PlacementFact]] = defaultdict(list)
    for placement in facts.placements:
        if placement.client_id in where:
            by_client[placement.client_id].append(placement)
    tables = []
    for population in POPULATIONS:
        cube = Cube(
            [len(p.parts) for p in population.partitions],
            len(groups) + 1,
            len(coaches) + 1,
            parts_in_combined_views=False,
        )
        for client_id, parts in COUNTERS[population.code](facts, period, by_client):
            if client_id in where:
                cube.add(*where[client_id], parts)
        tables.append(Table(population, cube, protect(cube)))
    return OutcomeCounts(period, groups, coaches, tuple(tables))
