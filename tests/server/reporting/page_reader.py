"""The outcome page read as a person sees it, under every filter it offers, for the attacks of
:mod:`tests.server.reporting.attacker`."""

from __future__ import annotations

from datetime import date

from sync_server.reporting.cube import TOTAL
from sync_server.reporting.outcomes import Table
from sync_server.services.outcomes import OutcomeReport
from sync_server.web import outcome_view
from sync_server.web.render import translator
from tests.server.reporting.attacker import Published, must_stay_unknown

TODAY = date(2026, 11, 20)
"""The day the page's tests count up to."""


def _read(text: str) -> int | str:
    if text == outcome_view.SMALL:
        return "<5"
    if text == outcome_view.HIDDEN:
        return "hidden"
    value = int(text)
    assert value >= 5, f"a count under 5 is shown as {value}"
    return value


def published_views(report: OutcomeReport, year: int) -> dict[str, Published]:
    """Per population, everything the page shows under every filter combination it offers."""
    t = translator("nl")
    counts = report.counts
    cells: dict[str, dict[tuple[int, int, int], int | str]] = {}
    groups = ["", *counts.target_groups]
    coaches = ["", *(str(c) for c in counts.jobcoaches)]
    for group in groups:
        for coach in coaches:
            choice = outcome_view.choose(report, year, group, coach)
            for section, table in zip(
                outcome_view.sections(report, choice, t), counts.tables, strict=True
            ):
                found = cells.setdefault(section.code, {})
                view = (choice.row, choice.column)
                if section.withheld:
                    continue
                found[(TOTAL, *view)] = _read(section.total)
                slots = [list(table.cube.parts_of(k)) for k in range(len(table.cube.sizes))]
                if not section.blocks:
                    for slot in (s for part in slots for s in part):
                        found[(slot, *view)] = "unpublished"
                for block, partition in zip(section.blocks, slots, strict=False):
                    for line, slot in zip(block.lines, partition, strict=True):
                        found[(slot, *view)] = _read(line.text)
    return {
        table.population.code: Published(
            cells[table.population.code],
            [list(table.cube.parts_of(k)) for k in range(len(table.cube.sizes))],
            table.cube.rows,
            table.cube.columns,
        )
        for table in counts.tables
        if not table.protection.withheld
    }


def small_counts(table: Table) -> set[tuple[int, int, int]]:
    cube = table.cube
    return must_stay_unknown({cube.where(i): value for i, value in enumerate(cube.values)})
