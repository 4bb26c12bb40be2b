"""Flying Squad event mode on a shared tablet: count with big buttons. No list of earlier
contacts exists on these screens, and there is no way back to the caseload except locking.
Starting an event is :mod:`fieldapp.ui.event_start_view`; the contact form is
:mod:`fieldapp.ui.event_intake_view`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from fieldapp.domain.outreach import OutreachEvent, Tally
from fieldapp.i18n import N_, _
from fieldapp.ui.layout import pinned_bottom

TALLY_LABELS = {
    Tally.PEOPLE_SPOKEN: N_("People spoken to"),
    Tally.REGULATIONS_EXPLAINED: N_("Regulations explained"),
    Tally.SELF_TESTS_DONE: N_("Self-tests done"),
    Tally.REFERRALS_MADE: N_("Referrals made"),
}
BIG = ft.ButtonStyle(padding=ft.Padding.symmetric(horizontal=20, vertical=16))
COUNT_HEIGHT = 80
"""Counter buttons: large enough to hit at a glance on a busy stand (64 px at least)."""
PLUS_WIDTH, MINUS_WIDTH = 176, 88
"""The "+" is the common action, so it is first and the biggest; "-" corrects a mistake."""
SNUG = ft.ButtonStyle(padding=ft.Padding.all(4))
"""The buttons' size is fixed: the theme's padding would squeeze their text."""


def _counter(
    event: OutreachEvent, tally: Tally, on_count: Callable[[Tally, int], Awaitable[None]]
) -> ft.Control:
    """The count in words, then "+1" (first, large) and "-1" (to correct a tap too many)."""
    name = _(TALLY_LABELS[tally])

    async def plus(_event: ft.Event[ft.Button]) -> None:
        await on_count(tally, 1)

    async def minus(_event: ft.Event[ft.OutlinedButton]) -> None:
        await on_count(tally, -1)

    def face(text: str, spoken: str) -> ft.Text:
        return ft.Text(text, size=28, weight=ft.FontWeight.BOLD, semantics_label=spoken)

    return ft.Column(
        [
            ft.Text(f"{name}: {event.count(tally)}", size=20),
            ft.Row(
                [
                    ft.Button(
                        content=face("+1", _("One more: {tally}").format(tally=name)),
                        on_click=plus,
                        width=PLUS_WIDTH,
                        height=COUNT_HEIGHT,
                        style=SNUG,
                    ),
                    ft.OutlinedButton(
                        content=face("\u22121", _("One less: {tally}").format(tally=name)),
                        on_click=minus,
                        width=MINUS_WIDTH,
                        height=COUNT_HEIGHT,
                        style=SNUG,
                    ),
                ],
                spacing=16,
            ),
        ],
        spacing=8,
    )


def _notice(text: str) -> ft.Control:
    """A confirmation in the screen itself, above the counters: it never covers an action."""
    return ft.Semantics(
        container=True,
        live_region=True,
        identifier="event-notice",
        content=ft.Container(
            ft.Row(
                [
                    ft.Icon(ft.Icons.CHECK_CIRCLE, color=ft.Colors.ON_PRIMARY_CONTAINER),
                    ft.Text(text, size=18, color=ft.Colors.ON_PRIMARY_CONTAINER, expand=True),
                ],
                spacing=12,
            ),
            bgcolor=ft.Colors.PRIMARY_CONTAINER,
            border_radius=8,
            padding=ft.Padding.all(12),
        ),
    )


def event_view(
    event: OutreachEvent,
    on_count: Callable[[Tally, int], Awaitable[None]],
    on_contact: Callable[[], Awaitable[None]],
    on_end: Callable[[], Awaitable[None]],
    on_regulations: Callable[[], Awaitable[None]],
    *,
    notice: str = "",
) -> ft.Control:
    """The event's counters; ``notice`` confirms what was just done (a contact saved)."""

    async def contact(_event: ft.Event[ft.Button]) -> None:
        await on_contact()

    async def end(_event: ft.Event[ft.OutlinedButton]) -> None:
        await on_end()

    async def regulations(_event: ft.Event[ft.OutlinedButton]) -> None:
        await on_regulations()

    where = " · ".join(part for part in (event.organisation, event.place) if part)
    top: list[ft.Control] = [ft.Text(where, theme_style=ft.TextThemeStyle.TITLE_MEDIUM)]
    if notice:
        top.append(_notice(notice))
    referrals = f"{_(TALLY_LABELS[Tally.REFERRALS_MADE])}: {event.count(Tally.REFERRALS_MADE)}"
    return pinned_bottom(
        top,
        ft.ListView(
            [
                ft.OutlinedButton(
                    content=_("Regulations check"), icon=ft.Icons.CHECKLIST, on_click=regulations
                ),
                *(
                    _counter(event, tally, on_count)
                    for tally in Tally
                    if tally is not Tally.REFERRALS_MADE
                ),
                ft.Text(referrals, size=20),
            ],
            padding=ft.Padding.symmetric(horizontal=16),
            spacing=16,
            expand=True,
        ),
        [
            ft.OutlinedButton(content=_("End event"), icon=ft.Icons.STOP, on_click=end),
            ft.Button(
                content=_("New contact"), icon=ft.Icons.PERSON_ADD, on_click=contact, style=BIG
            ),
        ],
    )
