"""The device's logbook preview says what the coordinator's PDF says, section by section, and
puts what stops the export first."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from fieldapp.domain.logbook import build_logbook
from fieldapp.domain.visit import Funder, GoalStatus, GoalTime
from fieldapp.i18n.translator import Translator
from fieldapp.ui.logbook_model import Block, preview
from tests.factories import CLIENT_ID, build_client, build_goal, build_visit

NL = Translator("nl")


def _book(note: str = "Werkplek ingericht.") -> list[tuple[Block, str]]:
    goal = build_goal(
        title="Zelfstandig de oven bedienen",
        funder=Funder.UWV,
        granted_hours=Decimal(1),
        status=GoalStatus.PARTLY,
        more_support=True,
        evaluation="Gaat beter.",
    )
    visit = build_visit(
        started_at=datetime(2026, 10, 5, 9, tzinfo=UTC),
        duration_minutes=90,
        goals=(GoalTime(goal_id=goal.id, minutes=90),),
        notes_for_funder=note,
        notes_internal="CANARY-INTERNAL",
    )
    book = build_logbook(CLIENT_ID, [goal], [visit], start=date(2026, 9, 1), end=date(2026, 11, 30))
    shown = preview(book, build_client(), ["Bakkerij Oost"], NL)
    return [(line.block, line.text) for line in shown]


def test_the_sections_in_the_pdfs_order_with_the_hours_and_results() -> None:
    lines = _book()
    headings = [text for block, text in lines if block is Block.HEADING]
    assert headings == [
        "1. Werknemer",
        "2. Werkgever",
        "3. Jobcoach",
        "4. Periode en financier",
        "5. Uren en activiteiten per doel",
        "6. Resultaat per doel",
        "7. Doelen die meer ondersteuning nodig hebben",
        "8. Tevredenheid over de begeleiding",
    ]
    texts = [text for _, text in lines]
    assert "Bakkerij Oost" in texts
    assert texts[-2:] == [
        "Werknemer: nog geen beoordeling in deze periode.",
        "Werkgever: nog geen beoordeling in deze periode.",
    ]
    assert "1,50 van 1,00 uur toegekend, 1 jul 2026 – 31 dec 2026" in texts
    assert (
        Block.PROBLEM,
        "0,50 uur boven de toegekende uren: die betaalt de financier niet.",
    ) in lines
    assert "5 okt 2026 · Bezoek op de werkplek · 1,50: Werkplek ingericht." in texts
    assert "Deels behaald: Zelfstandig de oven bedienen. Gaat beter." in texts
    assert texts[-4] == "Zelfstandig de oven bedienen"  # the goal that needs more support
    assert not any("CANARY" in text for text in texts)


def test_medical_words_come_first_with_where_they_are() -> None:
    lines = _book(note="De bedrijfsarts adviseert halve dagen.")
    assert lines[0][0] is Block.PROBLEM and "houden de export tegen" in lines[0][1]
    assert lines[1] == (
        Block.PROBLEM,
        "Notitie voor de financier bij het bezoek van 5 okt 2026: bedrijfsarts",
    )
