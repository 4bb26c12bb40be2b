"""The rating of the jobcoach's support, on the device: who rates (the worker, or the
employer's contact the jobcoach hands the phone to), a score from 1 to 10 on the same large
one-tap targets as the WHO-5, and three short questions with yes, partly or no.

The worker reads it in their own language (right to left for Arabic); when that is not the
app's, the jobcoach reads each text in the app's language beneath. The employer's contact
reads the app's language. Nothing is saved without a score; the message says so where the
score is asked."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import flet as ft

from fieldapp.domain.rating import HIGHEST, LOWEST, Answer, Question, Rater
from fieldapp.domain.visit import Funder
from fieldapp.i18n import Translator, _, active
from fieldapp.i18n.catalogs import RIGHT_TO_LEFT
from fieldapp.i18n.rating_words import ANSWERS, QUESTIONS, RATERS
from fieldapp.i18n.translator import N_
from fieldapp.i18n.work_labels import work_label
from fieldapp.ui.round_choice import round_choice

PROMPT = N_("How do you rate the jobcoach's support? 1 is very poor, 10 is excellent.")


@dataclass
class RatingChoices:
    """What has been chosen on the screen so far."""

    rater: Rater = Rater.WORKER
    funder: Funder = Funder.UWV
    score: int | None = None
    answers: dict[Question, Answer] = field(default_factory=dict)


Save = Callable[[RatingChoices], Awaitable[None]]


class RatingForm:
    """The form's controls; redrawn in place when who rates changes the language."""

    def __init__(self, choices: RatingChoices, worker_language: str, save: Save) -> None:
        self.choices, self.worker_language, self.save = choices, worker_language, save
        # The controls straight in the list, each its own node for a screen reader (inside one
        # column, every text merged into one label, and the funder's list made it a button).
        self.body = ft.ListView(padding=ft.Padding.all(16), spacing=12, expand=True)
        self.message = ft.Text("", color=ft.Colors.ERROR)
        self._draw()

    def _reader(self) -> Translator:
        """The language the rater reads: the worker's own, or the app's for the employer."""
        if self.choices.rater is Rater.WORKER:
            return Translator(self.worker_language)
        return active()

    def _texts(self, source: str, reader: Translator) -> list[ft.Control]:
        """``source`` in the rater's language, with the app's beneath when they differ."""
        rtl = reader.lang in RIGHT_TO_LEFT
        shown: list[ft.Control] = [
            ft.Text(reader.gettext(source), rtl=rtl, weight=ft.FontWeight.BOLD)
        ]
        if reader.lang != active().lang:
            shown.append(ft.Text(_(source), italic=True, size=12))
        return shown

    def _draw(self) -> None:
        reader = self._reader()
        rtl = reader.lang in RIGHT_TO_LEFT
        self.body.controls = [
            ft.Text(_("Who rates?"), weight=ft.FontWeight.BOLD),
            ft.RadioGroup(
                value=self.choices.rater.value,
                on_change=self._rater_changed,
                content=ft.Row(
                    [ft.Radio(value=r.value, label=_(RATERS[r])) for r in Rater], wrap=True
                ),
            ),
            ft.Dropdown(
                label=_("Funder"),
                value=self.choices.funder.value,
                options=[ft.dropdown.Option(key=f.value, text=work_label(f)) for f in Funder],
                on_select=self._funder_changed,
            ),
            *self._texts(PROMPT, reader),
            ft.Row(
                [
                    round_choice(
                        score,
                        score == self.choices.score,
                        str(score),
                        lambda score=score: self._scored(score),  # type: ignore[misc]
                    )
                    for score in range(LOWEST, HIGHEST + 1)
                ],
                spacing=4,
                wrap=True,
                rtl=rtl,
            ),
            self.message,
            *(control for question in Question for control in self._question(question, reader)),
            ft.Button(content=_("Save rating"), icon=ft.Icons.SAVE, on_click=self._save),
        ]

    def _question(self, question: Question, reader: Translator) -> list[ft.Control]:
        chosen = self.choices.answers.get(question)

        def pick(answer: Answer) -> Callable[[ft.Event[ft.Chip]], None]:
            def picked(_event: ft.Event[ft.Chip]) -> None:
                self.choices.answers[question] = answer
                self._redraw()

            return picked

        chips = ft.Row(
            [
                ft.Chip(
                    label=ft.Text(reader.gettext(ANSWERS[answer])),
                    selected=chosen is answer,
                    on_select=pick(answer),
                )
                for answer in Answer
            ],
            wrap=True,
            rtl=reader.lang in RIGHT_TO_LEFT,
        )
        return [*self._texts(QUESTIONS[question], reader), chips]

    def _redraw(self) -> None:
        self._draw()
        self.body.update()

    def _scored(self, score: int) -> None:
        self.choices.score = score
        self.message.value = ""
        self._redraw()

    def _rater_changed(self, event: ft.Event[ft.RadioGroup]) -> None:
        self.choices.rater = Rater(str(event.control.value))
        self._redraw()

    def _funder_changed(self, event: ft.Event[ft.Dropdown]) -> None:
        self.choices.funder = Funder(str(event.control.value))

    async def _save(self, _event: ft.Event[ft.Button]) -> None:
        if self.choices.score is None:
            self.message.value = _("Choose a score from 1 to 10 first.")
            self.message.update()
            return
        await self.save(self.choices)


def rating_view(choices: RatingChoices, worker_language: str, save: Save) -> ft.Control:
    return RatingForm(choices, worker_language, save).body
