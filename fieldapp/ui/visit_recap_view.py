"""The recap at the top of the visit wizard's last step: everything the visit records, step by
step, each with a way back to the step that changes it, so the jobcoach checks before saving."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, time

import flet as ft

from fieldapp.domain.signals import SignalCatalogue
from fieldapp.i18n import _, format_date, format_time, label, visit_type_label
from fieldapp.i18n.labels import participant_label, source_label
from fieldapp.ui.visit_step_wellbeing import score_text
from fieldapp.ui.visit_steps_bar import step_title
from fieldapp.ui.visit_wizard_types import WizardScreen

Go = Callable[[int], Awaitable[None]]


def _when(day: str, clock: str) -> str:
    try:
        shown_day = format_date(date.fromisoformat(day), "full")
        return f"{shown_day}, {format_time(time.fromisoformat(clock))}"
    except ValueError:
        return _("No date or time yet")


def _visit_lines(screen: WizardScreen) -> list[str]:
    draft = screen.draft
    who = ", ".join(participant_label(role) for role in draft.participants) or _("nobody chosen")
    titles = dict(screen.goals)
    lines = [
        visit_type_label(draft.visit_type),
        _when(draft.day, draft.clock),
        _("Duration: {minutes} minutes").format(minutes=draft.duration or "-"),
        _("Who took part: {who}").format(who=who),
    ]
    lines.extend(
        _("{goal}: {minutes} minutes").format(goal=titles.get(goal_id, "?"), minutes=minutes)
        for goal_id, minutes in draft.goal_minutes.items()
        if minutes.strip() and minutes.strip() != "0"
    )
    return lines


def _notes_lines(screen: WizardScreen) -> list[str]:
    draft = screen.draft
    own = _("Own notes: written") if draft.notes_internal.strip() else _("Own notes: none")
    funder = draft.notes_for_funder.strip()
    return [
        own,
        _("Notes for the funder: {text}").format(text=funder)
        if funder
        else _("Notes for the funder: none"),
    ]


def _wellbeing_lines(screen: WizardScreen) -> list[str]:
    draft = screen.draft
    if not draft.who5_consent:
        return [_("Not asked")]
    return [score_text(draft.who5)]


def _signal_lines(screen: WizardScreen) -> list[str]:
    draft = screen.draft
    if not draft.signal_codes:
        return [_("None")]
    catalogue = SignalCatalogue.default()
    lines = [label(catalogue.get(code).label_key) for code in draft.signal_codes]
    lines.append(_("Noticed by: {who}").format(who=source_label(draft.signal_source)))
    return lines


def _section(step: int, lines: list[str], go: Go) -> ft.Control:
    title = step_title(step)

    async def back(_event: ft.Event[ft.TextButton]) -> None:
        await go(step)

    # The title has a line of its own and the way back comes under the lines: side by side,
    # large text left the title a few letters' width ("Bezoe/k" at 200%).
    return ft.Container(
        ft.Column(
            [
                ft.Text(title, weight=ft.FontWeight.BOLD),
                *(ft.Text(line) for line in lines),
                ft.Row(
                    [
                        ft.Semantics(
                            label=_("Change: {step}").format(step=title),
                            button=True,
                            exclude_semantics=True,
                            content=ft.TextButton(
                                content=_("Change"), icon=ft.Icons.EDIT, on_click=back
                            ),
                        )
                    ],
                    alignment=ft.MainAxisAlignment.END,
                ),
            ],
            spacing=2,
        ),
        padding=ft.Padding.only(left=12, top=8, right=4, bottom=4),
        border=ft.Border.all(1, ft.Colors.OUTLINE_VARIANT),
        border_radius=8,
    )


def recap(screen: WizardScreen, go: Go) -> list[ft.Control]:
    return [
        ft.Text(_("Check what this visit records before you save it."), weight=ft.FontWeight.BOLD),
        _section(0, _visit_lines(screen), go),
        _section(1, _notes_lines(screen), go),
        _section(2, _wellbeing_lines(screen), go),
        _section(3, _signal_lines(screen), go),
    ]
