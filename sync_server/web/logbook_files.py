"""The funder's logbook as files (issue 22, item 1): a PDF (fpdf2, DejaVu Sans embedded, so
Dutch, Turkish and Polish letters print) in the order of UWV's jobcoach logbook and
accountability report, and a CSV of date, activity, goal and hours for UWV's jobcoach portal.

The words come from the catalogs (the reader's language); what goes in is the logbook's
(:mod:`fieldapp.domain.logbook`): never internal notes or WHO-5.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from fieldapp.domain.logbook import GoalAccount
from fieldapp.i18n.formatting import format_date
from fieldapp.i18n.labels import visit_type_label
from fieldapp.i18n.logbook_words import (
    GOAL_HOURS,
    HEADINGS,
    NO_GOALS,
    NO_LINES,
    NO_MORE_SUPPORT,
    OVER,
    RESULTS,
    TITLE,
    hours,
)
from fieldapp.i18n.rating_words import rating_lines
from fieldapp.i18n.translator import N_, Translator
from fieldapp.i18n.work_labels import work_label
from sync_server.routing.csv_codec import write_records
from sync_server.services.logbooks import LogbookReport

FONTS = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"


def portal_csv(report: LogbookReport, t: Translator) -> str:
    """Date, activity, goal, hours: one row per visit and goal, in date order."""
    columns = [t.gettext(N_("Date")), t.gettext(N_("Activity")), t.gettext(N_("Goal"))]
    columns.append(t.gettext(N_("Hours")))
    rows = [
        [
            line.day.isoformat(),
            visit_type_label(line.activity, translator=t),
            goal.title,
            hours(line.minutes, t),
        ]
        for line, goal in report.book.lines()
    ]
    return write_records(columns, rows)


class _Pdf(FPDF):
    def __init__(self, footer_text: str) -> None:
        super().__init__(format="A4")
        self._footer_text = footer_text
        self.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(18, 18, 18)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.cell(0, 5, f"{self._footer_text} · {self.page_no()}/{{nb}}", align="C")


def logbook_pdf(report: LogbookReport, t: Translator) -> bytes:
    """The logbook and accountability report as a PDF."""
    _ = t.gettext
    book = report.book
    pdf = _Pdf(_(TITLE))
    pdf.set_title(_(TITLE))
    pdf.set_creator("Veldwerk")
    pdf.add_page()
    text = _Writer(pdf)
    text.title(_(TITLE))
    period = f"{format_date(book.start, translator=t)} – {format_date(book.end, translator=t)}"
    text.heading(_(HEADINGS[0]))
    text.pairs([(_(N_("Name")), f"{report.client.given_name} {report.client.family_name}")])
    text.heading(_(HEADINGS[1]))
    places = sorted({place for place in report.workplaces.values() if place})
    text.line(", ".join(places) if places else _(N_("No placement linked to these goals.")))
    text.heading(_(HEADINGS[2]))
    text.pairs([(_(N_("Name")), report.jobcoach), (_(N_("Organisation")), report.organisation)])
    text.heading(_(HEADINGS[3]))
    text.pairs(
        [
            (_(N_("Period")), period),
            (_(N_("Funder")), work_label(book.funder, translator=t)),
            (_(N_("Hours registered")), hours(book.minutes, t)),
        ]
    )
    text.heading(_(HEADINGS[4]))
    if not book.accounts:
        text.line(_(NO_GOALS))
    for account in book.accounts:
        _goal_hours(text, account, t)
    text.heading(_(HEADINGS[5]))
    for status in RESULTS:
        goals = book.with_status(status)
        if goals:
            text.subheading(work_label(status, translator=t))
            for account in goals:
                evaluation = account.goal.evaluation.strip()
                text.line(f"{account.goal.title}" + (f": {evaluation}" if evaluation else ""))
    text.heading(_(HEADINGS[6]))
    support = book.more_support
    text.line(", ".join(a.goal.title for a in support) if support else _(NO_MORE_SUPPORT))
    text.heading(_(HEADINGS[7]))
    for line in rating_lines(book.ratings, t):
        text.line(line)
    text.heading(_(HEADINGS[8]))
    for who in (N_("Worker"), N_("Employer"), N_("Jobcoach")):
        text.signature(_(who), _(N_("Date")), _(N_("Signature")))
    return bytes(pdf.output())


def _goal_hours(text: _Writer, account: GoalAccount, t: Translator) -> None:
    _ = t.gettext
    goal = account.goal
    period = (
        f"{format_date(goal.period_start, translator=t)} – "
        f"{format_date(goal.period_end, translator=t)}"
    )
    text.subheading(goal.title)
    granted = _(GOAL_HOURS) % {
        "used": hours(account.used_minutes, t),
        "granted": hours(account.granted_minutes, t),
        "period": period,
    }
    text.line(granted)
    if account.minutes_over:
        over = _(OVER)
        text.line(over % {"hours": hours(account.minutes_over, t)})
    if not account.lines:
        text.line(_(NO_LINES))
        return
    rows = [
        (
            format_date(line.day, translator=t),
            visit_type_label(line.activity, translator=t),
            hours(line.minutes, t),
            line.note,
        )
        for line in account.lines
    ]
    text.table((_(N_("Date")), _(N_("Activity")), _(N_("Hours")), _(N_("Note"))), rows)


class _Writer:
    """Plain blocks on the PDF's pages, in the order they are called."""

    def __init__(self, pdf: _Pdf) -> None:
        self.pdf = pdf
        self.pdf.alias_nb_pages()

    def _text(self, size: float, style: str, value: str, gap: float = 1.5) -> None:
        self.pdf.set_font(FONT, style, size)
        self.pdf.multi_cell(0, size * 0.5, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.pdf.ln(gap)

    def title(self, value: str) -> None:
        self._text(16, "B", value, gap=3)

    def heading(self, value: str) -> None:
        self.pdf.ln(2)
        self._text(12, "B", value)

    def subheading(self, value: str) -> None:
        self._text(10, "B", value, gap=0.5)

    def line(self, value: str) -> None:
        self._text(10, "", value)

    def pairs(self, pairs: list[tuple[str, str]]) -> None:
        for label, value in pairs:
            self._text(10, "", f"{label}: {value}", gap=0.5)
        self.pdf.ln(1)

    def table(self, columns: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        self.pdf.set_font(FONT, "", 9)
        widths = (28, 40, 16, 90)
        with self.pdf.table(col_widths=widths, text_align="LEFT", line_height=5) as table:
            header = table.row()
            for column in columns:
                header.cell(column)
            for values in rows:
                row = table.row()
                for value in values:
                    row.cell(value)
        self.pdf.ln(2)

    def signature(self, who: str, date_word: str, signature_word: str) -> None:
        self._text(10, "B", who, gap=0.5)
        self._text(10, "", f"{date_word}: ____________    {signature_word}: ______________________")
