"""The outcome page under every filter it offers (year, target group, jobcoach, all
combinations), read as a person sees it, gives no count under 5 away: whatever it shows as a
number is 5 or more, and nothing shown anywhere lets a small count be worked out, by
subtraction or otherwise (tests/server/reporting/attacker.py)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from fieldapp.domain.employer import EmployerKind
from fieldapp.domain.placement import PlacementKind
from sync_server.reporting.cube import MARGIN
from sync_server.reporting.outcomes import (
    ClientFact,
    Facts,
    LadderFact,
    Period,
    PlacementFact,
    count,
)
from sync_server.services.outcomes import OutcomeReport
from sync_server.web import outcome_view
from sync_server.web.render import translator
from tests.server.reporting.attacker import pinned_by_bounds, solved_exactly
from tests.server.reporting.page_reader import TODAY, published_views, small_counts

FIRST = date(2023, 1, 1)
GROUPS = ("bijstand", "wajong", "banenafspraak")


@st.composite
def organisations(draw: st.DrawFn) -> Facts:
    coaches = [uuid.UUID(int=n + 1) for n in range(draw(st.integers(1, 3)))]
    clients = [
        ClientFact(
            uuid.UUID(int=1000 + n), draw(st.sampled_from(GROUPS)), draw(st.sampled_from(coaches))
        )
        for n in range(draw(st.integers(0, 36)))
    ]
    placements, steps = [], []
    for client in clients:
        for n in range(draw(st.integers(0, 3))):
            start = FIRST + timedelta(days=draw(st.integers(0, 1400)))
            length = draw(st.one_of(st.none(), st.integers(0, 900)))
            placements.append(
                PlacementFact(
                    client.id,
                    f"{client.id}:{n}",
                    draw(st.sampled_from([kind.value for kind in PlacementKind])),
                    draw(st.sampled_from([kind.value for kind in EmployerKind])),
                    start,
                    None if length is None else start + timedelta(days=length),
                    (
                        draw(st.booleans()),
                        draw(st.sampled_from(("external", "internal", "none"))),
                        draw(st.booleans()),
                        draw(st.booleans()),
                        draw(st.booleans()),
                    ),
                )
            )
        for _ in range(draw(st.integers(0, 2))):
            on = FIRST + timedelta(days=draw(st.integers(0, 1400)))
            steps.append(LadderFact(client.id, draw(st.integers(1, 6)), on))
    return Facts(clients, placements, steps)


@settings(deadline=None, max_examples=60)
@given(organisations(), st.sampled_from((2024, 2025, 2026)))
def test_no_filter_combination_gives_a_small_count_away(facts: Facts, year: int) -> None:
    counts = count(facts, Period.year(year, TODAY))
    report = OutcomeReport(
        counts, {c: f"coach {c.int}" for c in counts.jobcoaches}, (2026, 2025, 2024)
    )
    published = published_views(report, year)
    for table in counts.tables:
        if table.protection.withheld:
            continue
        shown = published[table.population.code]
        assert len(shown.cells) == len(table.cube.values)  # every view was offered and read
        small = small_counts(table)
        assert not [key for key in solved_exactly(shown) if key in small]
        assert not [key for key in pinned_by_bounds(shown) if key in small]


def test_the_unfiltered_view_shows_its_large_counts_beside_empty_kinds() -> None:
    coach = uuid.UUID(int=1)
    clients = [ClientFact(uuid.UUID(int=100 + n), "bijstand", coach) for n in range(40)]
    placements = [
        PlacementFact(
            c.id,
            f"{c.id}:placement",
            kind,
            "regular",
            date(2025, 1, 1),
            None,
            (False, "none", False, False, False),
        )
        for c, kind in zip(clients, ["regular"] * 30 + ["trial"] * 10, strict=True)
    ]
    counts = count(Facts(clients, placements, []), Period.year(2026, TODAY))
    report = OutcomeReport(counts, {coach: "coach"}, (2026,))
    choice = outcome_view.choose(report, 2026, "", "")
    at_work = outcome_view.sections(report, choice, translator("nl"))[0]
    assert at_work.total == "40"
    kinds = {line.code: line.text for line in at_work.blocks[0].lines}
    assert kinds["regular"] == "30" and kinds["internship"] == "<5"
    # 40 - 30 - 10 tells that every "<5" here is 0, which is no secret: nobody in the whole
    # organisation has an internship, so nobody can be singled out by it.
    assert kinds["trial"] == "10"
    assert choice.row == MARGIN
