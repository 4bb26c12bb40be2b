"""The regulations check ("Pak je kans") as a person reads it on the tablet: in their own
language (right to left for Arabic), one question at a time on big tappable choices, with the
schemes they may be able to get appearing below as they answer. Nothing is saved."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import flet as ft

from fieldapp.domain.regulations import AgeGroup, RegulationRule, RegulationsTable, check
from fieldapp.i18n import Translator, format_date
from fieldapp.i18n.catalogs import RIGHT_TO_LEFT
from fieldapp.i18n.language_names import LANGUAGE_NAMES
from fieldapp.i18n.regulation_texts import (
    AGE_QUESTION,
    AGES,
    DEPENDS_ON_INCOME,
    HOUSEHOLD_QUESTION,
    HOUSEHOLDS,
    INCOME_QUESTION,
    INDICATIVE,
    INTRODUCTION,
    LONG_LOW_INCOME_QUESTION,
    NO,
    NOTHING_FOUND,
    PROVIDERS,
    REGULATIONS,
    RENT_QUESTION,
    RESULTS_HEADING,
    SAVINGS_QUESTION,
    YES,
)
from fieldapp.ui.layout import named
from fieldapp.ui.regulations_model import Choices, income_options


def _option(text: str, selected: bool, on_pick: Callable[[], None]) -> ft.Control:
    """One answer as a full-width tile whose text wraps; the icon shows which is picked."""

    def pick(_event: ft.Event[ft.ListTile]) -> None:
        on_pick()

    return ft.ListTile(
        leading=ft.Icon(
            ft.Icons.RADIO_BUTTON_CHECKED if selected else ft.Icons.RADIO_BUTTON_UNCHECKED
        ),
        title=ft.Text(text),
        selected=selected,
        on_click=pick,
    )


def _result_card(t: Translator, rule: RegulationRule) -> ft.Control:
    """A regulation the person may get, with where to apply."""
    name = ft.Text(t.gettext(REGULATIONS[rule.regulation]), weight=ft.FontWeight.BOLD)
    where = ft.Text(t.gettext(PROVIDERS[rule.provider]))
    return ft.Card(ft.Container(ft.Column([name, where], spacing=4), padding=12))


class RegulationsCheck:
    """The check's screen body; it redraws itself in place as the person answers, so the list
    keeps its scroll position."""

    def __init__(self, table: RegulationsTable, lang: str) -> None:
        self.table = table
        self.lang = lang
        self.translator = Translator(lang)
        self.choices = Choices()
        self.list = ft.ListView(padding=ft.Padding.symmetric(horizontal=16), spacing=4, expand=True)
        self._draw()

    @property
    def control(self) -> ft.Control:
        return self.list

    def _pick(self, **changes: Any) -> None:
        self.choices = self.choices.picked(**changes)
        self._redraw()

    def _switch(self, event: ft.Event[ft.Dropdown]) -> None:
        self.lang = str(event.control.value or self.lang)
        self.translator = Translator(self.lang)  # loads its catalog once, not on every tap
        self._redraw()

    def _redraw(self) -> None:
        self._draw()
        self.list.update()

    def _draw(self) -> None:
        t = self.translator
        self.list.rtl = self.lang in RIGHT_TO_LEFT
        self.list.controls = [*self._questions(t), *self._results(t)]

    def _question(
        self, t: Translator, question: str, options: Sequence[tuple[Any, str]], name: str
    ) -> list[ft.Control]:
        chosen = getattr(self.choices, name)
        return [
            ft.Text(t.gettext(question), theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
            *(
                _option(text, value == chosen, partial(self._pick, **{name: value}))
                for value, text in options
            ),
        ]

    def _questions(self, t: Translator) -> list[ft.Control]:
        choices, yes_no = self.choices, [(True, t.gettext(YES)), (False, t.gettext(NO))]
        language = ft.Dropdown(
            label=", ".join(LANGUAGE_NAMES.values()),
            value=self.lang,
            options=[ft.DropdownOption(key=code, text=n) for code, n in LANGUAGE_NAMES.items()],
            on_select=self._switch,
        )
        # In a row the picker keeps its own width and sits at the start: left, or right in Arabic.
        controls: list[ft.Control] = [ft.Row([named(language)]), ft.Text(t.gettext(INTRODUCTION))]
        households = [(h, t.gettext(text)) for h, text in HOUSEHOLDS.items()]
        controls += self._question(t, HOUSEHOLD_QUESTION, households, "household")
        ages = [(age, t.gettext(text)) for age, text in AGES.items()]
        controls += self._question(t, AGE_QUESTION, ages, "age")
        if choices.household is not None and choices.age is not None:
            incomes = income_options(self.table, choices.household, choices.age, t)
            controls += self._question(t, INCOME_QUESTION, incomes, "income")
        controls += self._question(t, RENT_QUESTION, yes_no, "rents")
        controls += self._question(t, SAVINGS_QUESTION, yes_no, "little_savings")
        if choices.age is AgeGroup.WORKING_AGE:
            controls += self._question(t, LONG_LOW_INCOME_QUESTION, yes_no, "long_low_income")
        return controls

    def _results(self, t: Translator) -> list[ft.Control]:
        answers = self.choices.answers(self.table)
        if answers is None:
            return []
        found = check(answers, self.table)
        heading = ft.Text(t.gettext(RESULTS_HEADING), theme_style=ft.TextThemeStyle.TITLE_LARGE)
        cards = [_result_card(t, rule) for rule in found]
        notes = [t.gettext(NOTHING_FOUND)] if not found else []
        if found and answers.monthly_income is None:
            notes.append(t.gettext(DEPENDS_ON_INCOME))
        date = format_date(self.table.valid_from, "long", translator=t)
        notes.append(t.gettext(INDICATIVE).format(date=date))
        return [ft.Divider(), heading, *cards, *(ft.Text(note) for note in notes)]
