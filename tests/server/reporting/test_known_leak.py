"""A counterexample the page's property test found on 2026-12-07, kept so that it stays
closed: in this organisation (35 clients, 3 jobcoaches; the year 2024) the counts that the
combined view of one target group with one jobcoach does not publish (it shows totals only)
could be pinned to 0 by interval reasoning over the margins shown in the other views, while
only the counts shown as "<5" had witnesses. The protection's audit now finds such counts
and gives them witnesses too (sync_server/reporting/audit.py).
"""

from __future__ import annotations

import json
import uuid
from datetime import date
from pathlib import Path

from sync_server.reporting.outcomes import (
    ClientFact,
    Facts,
    LadderFact,
    Period,
    PlacementFact,
    count,
)
from sync_server.services.outcomes import OutcomeReport
from tests.server.reporting.attacker import pinned_by_bounds
from tests.server.reporting.page_reader import TODAY, published_views, small_counts

CASE = Path(__file__).parent / "data" / "pinned_unpublished_counts.json"


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _facts(case: dict[str, list[list[object]]]) -> Facts:
    clients = [
        ClientFact(uuid.UUID(str(i)), str(group), uuid.UUID(str(coach)))
        for i, group, coach in case["clients"]
    ]
    placements = [
        PlacementFact(
            uuid.UUID(str(client)),
            str(key),
            str(kind),
            str(employer_kind),
            date.fromisoformat(str(start)),
            _day(ended),  # type: ignore[arg-type]
            tuple(tools),  # type: ignore[arg-type]
        )
        for client, key, kind, employer_kind, start, ended, tools in case["placements"]
    ]
    steps = [
        LadderFact(uuid.UUID(str(client)), int(str(rung)), date.fromisoformat(str(on)))
        for client, rung, on in case["steps"]
    ]
    return Facts(clients, placements, steps)


def test_no_unpublished_count_of_the_known_case_is_pinned() -> None:
    case = json.loads(CASE.read_text())
    year = int(case["year"])
    counts = count(_facts(case), Period.year(year, TODAY))
    report = OutcomeReport(
        counts, {c: f"coach {c.int}" for c in counts.jobcoaches}, (2026, 2025, 2024)
    )
    published = published_views(report, year)
    table = next(t for t in counts.tables if t.population.code == case["population"])
    pinned = [
        k for k in pinned_by_bounds(published[table.population.code]) if k in small_counts(table)
    ]
    assert not pinned
