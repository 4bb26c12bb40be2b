"""Where the jobcoach is in the visit wizard and where they can go: all five steps, named,
the current one marked, the visited ones ticked, and each a tap away (every step is optional
until the save, which sends the jobcoach back to a step that still needs something)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from fieldapp.domain.visit_draft import STEPS
from fieldapp.i18n import N_, _

STEP_TITLES = {
    "visit": N_("Visit"),
    "notes": N_("Notes"),
    "wellbeing": N_("Wellbeing (WHO-5)"),
    "signals": N_("Money signals"),
    "summary": N_("Summary and consent"),
}
SHORT_TITLES = {
    "visit": N_("Visit"),
    "notes": N_("Notes"),
    "wellbeing": N_("WHO-5"),
    "signals": N_("Signals"),
    "summary": N_("Review"),
}


def step_title(step: int) -> str:
    return _(STEP_TITLES[STEPS[step]])


def _mark(number: int, current: bool, visited: bool) -> ft.Control:
    """The step's number (a tick once visited) on a pill that grows with the text size."""
    if visited and not current:
        shown: ft.Control = ft.Icon(ft.Icons.CHECK, size=18, color=ft.Colors.ON_PRIMARY)
    else:
        colour = ft.Colors.ON_PRIMARY if current else ft.Colors.ON_SURFACE
        shown = ft.Text(str(number), color=colour, weight=ft.FontWeight.BOLD)
    return ft.Container(
        shown,
        padding=ft.Padding.symmetric(horizontal=9, vertical=2),
        border_radius=100,
        bgcolor=ft.Colors.PRIMARY if current or visited else None,
        border=None if current or visited else ft.Border.all(1, ft.Colors.OUTLINE),
    )


def steps_bar(current: int, reached: int, go: Callable[[int], Awaitable[None]]) -> ft.Control:
    """One slot per step; tapping one shows that step."""

    def slot(index: int) -> ft.Control:
        name = STEPS[index]
        state = (
            _("current step")
            if index == current
            else _("visited")
            if index <= reached
            else _("not visited yet")
        )

        async def tapped(_event: ft.Event[ft.Container]) -> None:
            if index != current:
                await go(index)

        return ft.Semantics(
            label=_("Step {n}: {title}, {state}").format(
                n=index + 1, title=_(STEP_TITLES[name]), state=state
            ),
            button=True,
            selected=index == current,
            exclude_semantics=True,
            content=ft.Container(
                ft.Column(
                    [
                        _mark(index + 1, index == current, index <= reached),
                        ft.Text(
                            _(SHORT_TITLES[name]),
                            size=12,
                            text_align=ft.TextAlign.CENTER,
                            weight=ft.FontWeight.BOLD if index == current else None,
                        ),
                    ],
                    spacing=2,
                    horizontal_alignment=ft.CrossAxisAlignment.CENTER,
                    tight=True,
                ),
                padding=ft.Padding.symmetric(horizontal=6, vertical=4),
                border_radius=8,
                on_click=tapped,
            ),
        )

    # Each slot as wide as its name: names never break mid-word, and with large text the
    # slots go on to a second line rather than squeeze.
    return ft.Row(
        [slot(index) for index in range(len(STEPS))],
        wrap=True,
        spacing=4,
        run_spacing=4,
        alignment=ft.MainAxisAlignment.SPACE_EVENLY,
    )
