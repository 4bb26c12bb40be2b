"""The device's preview of the funder's logbook, in words: the same sections and sentences as
the PDF the coordinator downloads (:mod:`fieldapp.i18n.logbook_words`), from the same
:func:`fieldapp.domain.logbook.build_logbook`, so the jobcoach sees exactly what goes in, and
which words stop the export."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from fieldapp.domain.client import Client
from fieldapp.domain.logbook import Logbook, MedicalFinding, TextPlace
from fieldapp.i18n import format_date, logbook_words
from fieldapp.i18n.labels import visit_type_label
from fieldapp.i18n.rating_words import rating_lines
from fieldapp.i18n.translator import N_, Translator
from fieldapp.i18n.work_labels import work_label


class Block(StrEnum):
    HEADING = "heading"
    SUBHEADING = "subheading"
    LINE = "line"
    PROBLEM = "problem"
    """A text that stops the export (medical-looking words) or hours beyond the grant."""


@dataclass(frozen=True)
class PreviewLine:
    block: Block
    text: str


PLACES = {
    TextPlace.GOAL_TITLE: N_("Goal title"),
    TextPlace.EVALUATION: N_("Evaluation of a goal"),
    TextPlace.VISIT_NOTE: N_("Note for the funder of the visit of %(date)s"),
}


def _finding(finding: MedicalFinding, t: Translator) -> str:
    where = t.gettext(PLACES[finding.place])
    if finding.day is not None:
        where = where % {"date": format_date(finding.day, translator=t)}
    return f"{where}: {', '.join(finding.words)}"


def preview(
    book: Logbook, client: Client, workplaces: list[str], t: Translator
) -> list[PreviewLine]:
    """The logbook as the PDF has it, top to bottom (the signatures section left out: it is
    signed on paper; the jobcoach's section says whose name the server puts there)."""
    _ = t.gettext
    lines: list[PreviewLine] = []

    def add(block: Block, text: str) -> None:
        lines.append(PreviewLine(block, text))

    if book.blocked:
        add(Block.PROBLEM, _(logbook_words.MEDICAL))
        for finding in book.findings:
            add(Block.PROBLEM, _finding(finding, t))
    headings = logbook_words.HEADINGS
    add(Block.HEADING, _(headings[0]))
    add(Block.LINE, f"{client.given_name} {client.family_name}")
    add(Block.HEADING, _(headings[1]))
    add(Block.LINE, ", ".join(workplaces) or _(N_("No placement linked to these goals.")))
    add(Block.HEADING, _(headings[2]))
    add(Block.LINE, _(N_("Your name and your organisation's, as the server has them.")))
    add(Block.HEADING, _(headings[3]))
    period = f"{format_date(book.start, translator=t)} – {format_date(book.end, translator=t)}"
    add(Block.LINE, f"{period} · {work_label(book.funder, translator=t)}")
    add(Block.HEADING, _(headings[4]))
    if not book.accounts:
        add(Block.LINE, _(logbook_words.NO_GOALS))
    for account in book.accounts:
        goal = account.goal
        add(Block.SUBHEADING, goal.title)
        goal_period = (
            f"{format_date(goal.period_start, translator=t)} – "
            f"{format_date(goal.period_end, translator=t)}"
        )
        hours = logbook_words.hours
        add(
            Block.LINE,
            _(logbook_words.GOAL_HOURS)
            % {
                "used": hours(account.used_minutes, t),
                "granted": hours(account.granted_minutes, t),
                "period": goal_period,
            },
        )
        if account.minutes_over:
            add(Block.PROBLEM, _(logbook_words.OVER) % {"hours": hours(account.minutes_over, t)})
        for line in account.lines:
            kind = visit_type_label(line.activity, translator=t)
            day = format_date(line.day, translator=t)
            text = f"{day} · {kind} · {hours(line.minutes, t)}"
            add(Block.LINE, f"{text}: {line.note}" if line.note else text)
        if not account.lines:
            add(Block.LINE, _(logbook_words.NO_LINES))
    add(Block.HEADING, _(headings[5]))
    for status in logbook_words.RESULTS:
        for account in book.with_status(status):
            evaluation = account.goal.evaluation.strip()
            words = f"{work_label(status, translator=t)}: {account.goal.title}"
            add(Block.LINE, f"{words}. {evaluation}" if evaluation else words)
    add(Block.HEADING, _(headings[6]))
    support = ", ".join(a.goal.title for a in book.more_support)
    add(Block.LINE, support or _(logbook_words.NO_MORE_SUPPORT))
    add(Block.HEADING, _(headings[7]))
    for rated in rating_lines(book.ratings, t):
        add(Block.LINE, rated)
    return lines
