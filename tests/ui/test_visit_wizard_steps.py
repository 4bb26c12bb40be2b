"""What the visit wizard's steps compute for the person: the WHO-5 score and band as the
client answers, and the recap of everything the visit records before it is saved."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import flet as ft
import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldapp.domain.signals import SignalSource
from fieldapp.domain.visit import ParticipantRole
from fieldapp.domain.visit_draft import VisitDraft
from fieldapp.domain.wellbeing import Band, band_for
from fieldapp.i18n import Translator, active, install
from fieldapp.i18n.labels import who5_band_label
from fieldapp.ui.visit_recap_view import (
    _notes_lines,
    _signal_lines,
    _visit_lines,
    _wellbeing_lines,
)
from fieldapp.ui.visit_step_visit import _duration
from fieldapp.ui.visit_step_wellbeing import score_text
from fieldapp.ui.visit_wizard_types import WizardScreen


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """English for these tests only: the app-wide translator goes back afterwards."""
    previous = active()
    install(Translator("en"))
    yield
    install(previous)


answers = st.tuples(*[st.integers(min_value=0, max_value=5)] * 5)


@given(answers)
def test_a_complete_who5_shows_raw_score_percentage_and_band(items: tuple[int, ...]) -> None:
    raw = sum(items)
    text = score_text(items)
    assert text.startswith(f"Score {raw} of 25 ({raw * 4}%): ")
    assert text.endswith(who5_band_label(band_for(raw)))


@given(answers, st.sets(st.integers(min_value=0, max_value=4), min_size=1))
def test_until_every_item_is_answered_it_counts_the_answers(
    items: tuple[int, ...], unanswered: set[int]
) -> None:
    partial = tuple(None if n in unanswered else item for n, item in enumerate(items))
    assert score_text(partial) == f"{5 - len(unanswered)} of 5 answered"


def test_the_bands_follow_the_who5_cut_offs() -> None:
    """Raw below 13 (50%) is poor wellbeing; 7 (28%) or less, likely depression."""
    assert score_text((3, 3, 3, 2, 2)).endswith(who5_band_label(Band.ADEQUATE))  # 13
    assert score_text((2, 2, 2, 2, 4)).endswith(who5_band_label(Band.POOR))  # 12
    assert score_text((2, 2, 2, 1, 1)).endswith(who5_band_label(Band.POOR))  # 8
    assert score_text((2, 2, 1, 1, 1)).endswith(who5_band_label(Band.LIKELY_DEPRESSION))  # 7


def _screen(**changes: object) -> WizardScreen:
    goal = str(uuid.uuid4())
    draft = VisitDraft(id=uuid.uuid4(), client_id=uuid.uuid4(), day="2026-12-04", clock="09:30")
    return WizardScreen(
        draft=draft.changed(goal_minutes={goal: "30"}, **changes),
        client_name="Ilse Testers",
        goals=[(goal, "Zelfstandig werken")],
    )


def test_the_recap_names_what_each_step_recorded() -> None:
    screen = _screen(
        duration="45",
        participants=(ParticipantRole.CLIENT, ParticipantRole.EMPLOYER),
        notes_for_funder="Werkt zelfstandig aan de lijn",
        who5_consent=True,
        who5=(3, 2, 3, 2, 2),
        signal_codes=("D01",),
        signal_source=SignalSource.REPORTED_BY_CLIENT,
    )
    assert _visit_lines(screen) == [
        "Workplace visit",
        "Friday, 4 December 2026, 09:30",
        "Duration: 45 minutes",
        "Who took part: The client, Employer or supervisor",
        "Zelfstandig werken: 30 minutes",
    ]
    assert _notes_lines(screen) == [
        "Own notes: none",
        "Notes for the funder: Werkt zelfstandig aan de lijn",
    ]
    assert _wellbeing_lines(screen) == [score_text((3, 2, 3, 2, 2))]
    assert _signal_lines(screen)[0] == "Rent arrears"


def test_the_recap_says_what_was_left_out() -> None:
    screen = _screen(day="", who5_consent=False)
    assert _visit_lines(screen)[1] == "No date or time yet"
    assert _wellbeing_lines(screen) == ["Not asked"]
    assert _signal_lines(screen) == ["None"]


def test_a_refused_duration_shows_its_message_at_its_own_field() -> None:
    """The save sends the jobcoach back to step 1 with the message under the field they typed
    in, which shows although none of the one-tap durations is chosen."""
    screen = _screen(duration="")
    screen.errors["duration_minutes"] = "Give a whole number of minutes."
    _heading, choices, field = _duration(screen, lambda **_changes: None)
    assert isinstance(field, ft.TextField) and isinstance(choices, ft.Row)
    assert field.visible and field.value == ""
    assert field.error == "Give a whole number of minutes."
    assert isinstance(field.input_filter, ft.NumbersOnlyInputFilter)  # no "drie kwartier"
    chosen = [chip.selected for chip in choices.controls if isinstance(chip, ft.Chip)]
    assert chosen == [False] * 5 + [True]  # "Other"
