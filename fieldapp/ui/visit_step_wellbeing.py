"""Step 3 of the visit wizard: the WHO-5, behind its own consent, with one tap per answer.

Each item shows its six answers as a row of choices (5 "all of the time" .. 0 "at no time") in
the client's language, right to left for Arabic; when the app shows another language, the
jobcoach reads the item and each answer in that language beneath. The raw score and its band
appear as the client answers, and "Not answered" is in the client's language too."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from fieldapp.domain.consent import Purpose
from fieldapp.domain.wellbeing import ITEM_COUNT, ITEM_MAX, band_for, percentage, raw_score
from fieldapp.i18n import Translator, _, active, label, who5_answer_label, who5_items
from fieldapp.i18n.catalogs import RIGHT_TO_LEFT
from fieldapp.i18n.labels import who5_band_label, who5_is_unregistered
from fieldapp.ui.layout import wrapping
from fieldapp.ui.round_choice import round_choice
from fieldapp.ui.visit_summary_view import for_the_client
from fieldapp.ui.visit_wizard_types import WizardActions, WizardScreen

MAX_RAW = ITEM_COUNT * ITEM_MAX


def score_text(answers: tuple[int | None, ...]) -> str:
    """ "Score 12 of 25 (48%): poor wellbeing…", or how many are answered so far."""
    given = [answer for answer in answers if answer is not None]
    if len(given) < len(answers):
        return _("{answered} of {total} answered").format(answered=len(given), total=len(answers))
    raw = raw_score(tuple(given))
    return _("Score {raw} of {most} ({percent}%): {band}").format(
        raw=raw, most=MAX_RAW, percent=percentage(raw), band=who5_band_label(band_for(raw))
    )


def _answer_label(score: int | None, client: Translator) -> str:
    if score is None:
        return label("who5.not_answered", translator=client)
    return f"{score} · {who5_answer_label(score, translator=client)}"


def _in_both(score: int | None, client: Translator, both: bool) -> str:
    """The answer in the client's language, and in the app's after it when they differ."""
    shown = _answer_label(score, client)
    return f"{shown} / {_answer_label(score, active())}" if both else shown


def _item(
    index: int,
    texts: tuple[str, str | None],
    answers: list[int | None],
    client: Translator,
    picked: Callable[[int, int | None], None],
) -> ft.Control:
    """The statement, a row of six answers (5 .. 0), and the chosen answer in words."""
    mine, theirs = texts
    both = theirs is not None
    rtl = client.lang in RIGHT_TO_LEFT
    holder = ft.Column(spacing=4)

    def draw() -> None:
        current = answers[index]
        row = [
            round_choice(
                score,
                score == current,
                _answer_label(score, client),
                lambda score=score: choose(score),  # type: ignore[misc]
            )
            for score in range(ITEM_MAX, -1, -1)
        ]
        status: list[ft.Control] = [ft.Text(_in_both(current, client, both), expand=True, rtl=rtl)]
        if current is not None:
            status.append(
                ft.TextButton(
                    content=_("Clear"),
                    on_click=lambda _event: choose(None),
                )
            )
        heading: list[ft.Control] = [
            ft.Text(f"{index + 1}. {mine}", rtl=rtl, weight=ft.FontWeight.BOLD)
        ]
        if theirs is not None:
            heading.append(ft.Text(theirs, italic=True, size=12))
        holder.controls = [
            *heading,
            ft.Row(row, spacing=4, wrap=True, rtl=rtl),  # six in a row on a 360 px phone
            ft.Row(status, vertical_alignment=ft.CrossAxisAlignment.CENTER),
        ]

    def choose(score: int | None) -> None:
        if answers[index] == score:
            return
        picked(index, score)
        draw()
        holder.update()

    draw()
    return holder


def wellbeing_step(screen: WizardScreen, actions: WizardActions) -> list[ft.Control]:
    draft = screen.draft

    async def consent(event: ft.Event[ft.Checkbox]) -> None:
        await actions.redraw(who5_consent=bool(event.control.value))

    agree = wrapping(
        ft.Checkbox(
            label=_("The client agrees to answer the WHO-5 and to have the answers recorded"),
            value=draft.who5_consent,
            on_change=consent,
        )
    )
    if not draft.who5_consent:  # once agreed, the questions get the room
        return [
            ft.Text(
                _(
                    "The WHO-5 asks five questions about how the client felt over the last two "
                    "weeks. It is optional. The answers stay on this device and are never in a "
                    "funder report."
                )
            ),
            for_the_client(screen, [], Purpose.WELLBEING_RECORDING),
            agree,
        ]
    client = Translator(draft.language)
    both = client.lang != active().lang
    answers = list(draft.who5)
    score = ft.Text(score_text(draft.who5), weight=ft.FontWeight.BOLD)
    score_node = ft.Semantics(live_region=True, content=score)
    # Again under the last item, where the jobcoach is when the client has answered.
    score_below = ft.Text(score.value, weight=ft.FontWeight.BOLD)

    def picked(index: int, value: int | None) -> None:
        answers[index] = value
        actions.change(who5=tuple(answers))
        score.value = score_below.value = score_text(tuple(answers))
        score_node.update()
        score_below.update()

    controls: list[ft.Control] = [agree]
    if who5_is_unregistered(client):
        controls.append(ft.Text(_("This WHO-5 translation is not the registered one.")))
    intro = [ft.Text(label("who5.intro", translator=client), rtl=client.lang in RIGHT_TO_LEFT)]
    if both:
        intro.append(ft.Text(label("who5.intro"), italic=True, size=12))
    legend: list[ft.Control] = [
        ft.Text(_in_both(score, client, both), size=13, rtl=client.lang in RIGHT_TO_LEFT)
        for score in range(ITEM_MAX, -1, -1)
    ]
    controls.extend([*intro, ft.Column(legend, spacing=0), score_node])
    theirs = who5_items() if both else [None] * ITEM_COUNT
    for index, mine in enumerate(who5_items(translator=client)):
        controls.append(_item(index, (mine, theirs[index]), answers, client, picked))
    controls.append(ft.Semantics(exclude_semantics=True, content=score_below))
    return controls
