"""The outcome page's view of one filter choice: for each population its total and, where the
view may show them, its parts, as the words and marks a person reads ("<5", "×"), with the
bars of the chart. The same lines make the CSV, so the file never shows more than the page.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from fieldapp.i18n.translator import Translator
from sync_server.reporting.cube import MARGIN, Mark
from sync_server.reporting.outcomes import AT_WORK, Cell, Table
from sync_server.services.outcomes import OutcomeReport
from sync_server.web.outcome_text import EXPLAINED, PARTITIONS, TITLES, UNITS, part_words, words

SMALL = "<5"
HIDDEN = "×"
LONGEST_BAR = 100
"""Percent of the chart's width the longest bar takes. A shown count's number stands in the
column beside the chart; a count that is not shown has no bar but its mark ("<5", "×")."""


def shown_as(cell: Cell) -> str:
    if cell.mark is Mark.SMALL:
        return SMALL
    if cell.mark is Mark.SHOWN:
        return str(cell.value)
    return HIDDEN


@dataclass(frozen=True)
class Line:
    code: str
    label: str
    text: str
    bar: int
    """Percent of the chart's width the bar takes: 0 for a count that is not shown (and a
    shown 0, which never happens: a count under 5 is never shown)."""


@dataclass(frozen=True)
class Block:
    code: str
    heading: str
    lines: list[Line]


@dataclass(frozen=True)
class Section:
    code: str
    title: str
    explained: str
    unit: str
    total: str
    blocks: list[Block]
    withheld: bool


@dataclass(frozen=True)
class Choice:
    """The page's filters, read: a row and a column of the tables (0: all)."""

    year: int
    row: int
    column: int
    group: str
    jobcoach: str

    @property
    def combined(self) -> bool:
        """One target group and one jobcoach: totals only."""
        return MARGIN not in (self.row, self.column)


def choose(report: OutcomeReport, year: int, group: str, jobcoach: str) -> Choice:
    """The filters as rows and columns; one that names nothing of this report means "all"."""
    counts = report.counts
    row = counts.target_groups.index(group) + 1 if group in counts.target_groups else MARGIN
    try:
        coach = uuid.UUID(jobcoach) if jobcoach else None
    except ValueError:
        coach = None
    column = counts.jobcoaches.index(coach) + 1 if coach in counts.jobcoaches else MARGIN
    return Choice(
        year,
        row,
        column,
        group if row != MARGIN else "",
        jobcoach if column != MARGIN else "",
    )


def _lines(table: Table, partition: int, choice: Choice, t: Translator) -> list[Line]:
    cells = table.parts(partition, choice.row, choice.column)
    code = table.population.partitions[partition].code
    most = max([cell.value for cell in cells if cell.shown] + [1])
    return [
        Line(
            part,
            part_words(code, part, t),
            shown_as(cell),
            round(LONGEST_BAR * cell.value / most) if cell.shown else 0,
        )
        for part, cell in zip(table.population.partitions[partition].parts, cells, strict=True)
    ]


def sections(report: OutcomeReport, choice: Choice, t: Translator) -> list[Section]:
    found = []
    for table in report.counts.tables:
        code = table.population.code
        blocks = (
            []
            if choice.combined or table.protection.withheld
            else [
                Block(
                    partition.code,
                    words(PARTITIONS, partition.code, t),
                    _lines(table, k, choice, t),
                )
                for k, partition in enumerate(table.population.partitions)
            ]
        )
        found.append(
            Section(
                code,
                words(TITLES, code, t),
                words(EXPLAINED, code, t),
                words(UNITS, code, t),
                shown_as(table.total(choice.row, choice.column)),
                blocks,
                table.protection.withheld,
            )
        )
    return found


def regular_share(report: OutcomeReport, choice: Choice) -> float | None:
    """The share of people at work who work at a regular employer, when both counts show."""
    table = next((t for t in report.counts.tables if t.population == AT_WORK), None)
    if table is None or choice.combined or table.protection.withheld:
        return None
    total = table.total(choice.row, choice.column)
    regular = table.parts(1, choice.row, choice.column)[0]
    if not (total.shown and regular.shown) or total.value == 0:
        return None
    return regular.value / total.value


def csv_rows(report: OutcomeReport, choice: Choice, t: Translator) -> list[tuple[str, ...]]:
    """(year, target group, jobcoach, measure, category, count) for every line of the view."""
    group = choice.group or "all"
    coach = report.jobcoach_names.get(uuid.UUID(choice.jobcoach)) if choice.jobcoach else None
    head = (str(choice.year), group, coach or "all")
    rows: list[tuple[str, ...]] = []
    for section in sections(report, choice, t):
        if section.withheld:
            rows.append((*head, section.code, "total", HIDDEN))
            continue
        rows.append((*head, section.code, "total", section.total))
        for block in section.blocks:
            rows += [
                (*head, section.code, f"{block.code}/{line.code}", line.text)
                for line in block.lines
            ]
    return rows
