"""The outcome report's definitions (sync_server/reporting/outcomes.py), counted by hand on a
small organisation: who is at work and by which placement, instruments, durations, what came
after an ended placement, steps on the path, and the ladder."""

from __future__ import annotations

import uuid
from datetime import date

from sync_server.reporting.cube import MARGIN, TOTAL
from sync_server.reporting.outcomes import (
    AFTER_END,
    AT_WORK,
    DURATION,
    INSTRUMENTS,
    LADDER,
    STEPS,
    ClientFact,
    Facts,
    LadderFact,
    OutcomeCounts,
    Period,
    PlacementFact,
    Population,
    count,
)

TODAY = date(2026, 11, 20)
COACH = uuid.uuid4()
NO_TOOLS = (False, "none", False, False, False)


def _client() -> ClientFact:
    return ClientFact(uuid.uuid4(), "bijstand", COACH)


def _placement(
    client: ClientFact,
    kind: str,
    start: date,
    ended_on: date | None = None,
    employer_kind: str = "regular",
    instruments: tuple[bool, str, bool, bool, bool] = NO_TOOLS,
) -> PlacementFact:
    return PlacementFact(client.id, uuid.uuid4(), kind, employer_kind, start, ended_on, instruments)


def _counts(counts: OutcomeCounts, population: Population, partition: int = 0) -> dict[str, int]:
    table = next(t for t in counts.tables if t.population == population)
    parts = table.population.partitions[partition].parts
    cells = table.parts(partition, MARGIN, MARGIN)
    found = {part: cell.value for part, cell in zip(parts, cells, strict=True) if cell.value}
    found["total"] = table.cube.get(TOTAL, MARGIN, MARGIN)
    return found


def test_at_work_counts_each_person_once_by_the_placement_that_started_last() -> None:
    ann, bob, cas = _client(), _client(), _client()
    facts = Facts(
        [ann, bob, cas],
        [
            _placement(ann, "day_activities", date(2024, 3, 1)),
            _placement(ann, "sociale_firma", date(2026, 2, 1), employer_kind="sociale_firma"),
            _placement(bob, "regular", date(2025, 5, 1), ended_on=date(2026, 6, 30)),
            _placement(cas, "trial", date(2026, 12, 1)),  # starts after today: not yet at work
        ],
        [],
    )
    counts = count(facts, Period.year(2026, TODAY))
    assert _counts(counts, AT_WORK) == {"sociale_firma": 1, "total": 1}
    assert _counts(counts, AT_WORK, 1) == {"sociale_firma": 1, "total": 1}
    assert _counts(count(facts, Period.year(2025, TODAY)), AT_WORK) == {
        "day_activities": 1,
        "regular": 1,
        "total": 2,
    }


def test_instruments_are_counted_per_running_placement() -> None:
    ann, bob = _client(), _client()
    facts = Facts(
        [ann, bob],
        [
            _placement(
                ann, "regular", date(2025, 1, 1), instruments=(True, "external", False, True, False)
            ),
            _placement(
                bob, "regular", date(2025, 1, 1), instruments=(False, "internal", True, False, True)
            ),
            _placement(bob, "trial", date(2026, 3, 1)),
        ],
        [],
    )
    counts = count(facts, Period.year(2026, TODAY))
    assert _counts(counts, INSTRUMENTS, 0) == {"with": 1, "without": 2, "total": 3}
    assert _counts(counts, INSTRUMENTS, 1) == {"external": 1, "internal": 1, "none": 1, "total": 3}
    assert _counts(counts, INSTRUMENTS, 2) == {"with": 1, "without": 2, "total": 3}


def test_durations_run_to_the_end_of_the_period_or_of_the_placement() -> None:
    ann, bob, cas = _client(), _client(), _client()
    facts = Facts(
        [ann, bob, cas],
        [
            _placement(ann, "regular", date(2023, 6, 1)),  # 3.5 years by 2026-11-20
            _placement(bob, "regular", date(2025, 3, 1), ended_on=date(2026, 4, 1)),  # 13 months
            _placement(cas, "trial", date(2026, 9, 1)),
            _placement(cas, "trial", date(2024, 1, 1), ended_on=date(2024, 3, 1)),  # not in 2026
        ],
        [],
    )
    assert _counts(count(facts, Period.year(2026, TODAY)), DURATION) == {
        "under_1_year": 1,
        "1_to_2_years": 1,
        "2_years_or_more": 1,
        "total": 3,
    }


def test_what_came_after_a_placement_ended() -> None:
    moved, back, gone, recent, overlap = (_client() for _ in range(5))
    facts = Facts(
        [moved, back, gone, recent, overlap],
        [
            _placement(moved, "beschut_at_sw", date(2024, 1, 1), ended_on=date(2025, 3, 31)),
            _placement(moved, "sociale_firma", date(2025, 4, 14)),
            _placement(back, "trial", date(2025, 1, 1), ended_on=date(2025, 2, 28)),
            _placement(back, "trial", date(2025, 9, 1)),
            _placement(gone, "regular", date(2024, 6, 1), ended_on=date(2025, 6, 1)),
            _placement(recent, "regular", date(2024, 6, 1), ended_on=date(2025, 12, 1)),
            _placement(overlap, "regular", date(2024, 6, 1), ended_on=date(2025, 5, 1)),
            _placement(overlap, "secondment", date(2024, 9, 1)),
        ],
        [],
    )
    assert _counts(count(facts, Period.year(2025, TODAY)), AFTER_END) == {
        "moved_on": 2,  # 14 days later; and one still ran beside it
        "back_within_year": 1,  # 185 days later
        "not_back": 1,  # ended 2025-06-01, more than a year before today
        "too_recent": 1,  # ended 2025-12-01, less than a year ago
        "total": 5,
    }


def test_steps_on_the_path_count_in_the_year_the_next_placement_started() -> None:
    up, down, beside = _client(), _client(), _client()
    facts = Facts(
        [up, down, beside],
        [
            _placement(up, "day_activities", date(2024, 1, 1), ended_on=date(2025, 12, 31)),
            _placement(up, "beschut_at_employer", date(2026, 1, 5)),
            _placement(down, "regular", date(2025, 1, 1), ended_on=date(2026, 2, 1)),
            _placement(down, "sociale_firma", date(2026, 3, 1)),
            _placement(beside, "internship", date(2025, 9, 1), ended_on=date(2026, 1, 31)),
            _placement(beside, "regular", date(2026, 2, 1)),
        ],
        [],
    )
    assert _counts(count(facts, Period.year(2026, TODAY)), STEPS) == {
        "up": 1,
        "down": 1,
        "beside_path": 1,
        "total": 3,
    }
    assert _counts(count(facts, Period.year(2025, TODAY)), STEPS) == {"total": 0}


def test_the_ladder_compares_the_last_day_with_the_day_before_the_period() -> None:
    up, same, new, later = _client(), _client(), _client(), _client()
    facts = Facts(
        [up, same, new, later],
        [],
        [
            LadderFact(up.id, 3, date(2025, 5, 1)),
            LadderFact(up.id, 5, date(2026, 6, 1)),
            LadderFact(same.id, 4, date(2024, 1, 1)),
            LadderFact(new.id, 2, date(2026, 2, 1)),
            LadderFact(later.id, 2, date(2026, 12, 10)),  # after the period's last day
        ],
    )
    assert _counts(count(facts, Period.year(2026, TODAY)), LADDER) == {
        "up": 1,
        "same": 1,
        "first": 1,
        "total": 3,
    }


def test_filters_split_by_target_group_and_jobcoach() -> None:
    other_coach = uuid.uuid4()
    clients = [
        ClientFact(uuid.uuid4(), "bijstand", COACH),
        ClientFact(uuid.uuid4(), "wajong", COACH),
        ClientFact(uuid.uuid4(), "wajong", other_coach),
    ]
    facts = Facts(clients, [_placement(c, "regular", date(2026, 1, 1)) for c in clients], [])
    counts = count(facts, Period.year(2026, TODAY))
    table = next(t for t in counts.tables if t.population == AT_WORK)
    wajong = counts.target_groups.index("wajong") + 1
    coach = counts.jobcoaches.index(COACH) + 1
    assert table.cube.get(TOTAL, wajong, MARGIN) == 2
    assert table.cube.get(TOTAL, MARGIN, coach) == 2
    assert table.cube.get(TOTAL, wajong, coach) == 1
    assert count(Facts([], [], []), Period.year(2026, TODAY)).tables == ()
