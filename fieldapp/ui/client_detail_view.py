"""A client's page: actions first (new visit, edit), then referrals, hours, the WHO-5 trend,
signals and the visit timeline. Warnings carry an icon and words, never colour alone."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from fieldapp.domain.visit import HoursWarning
from fieldapp.i18n import _
from fieldapp.ui.client_detail_model import ClientDetail, TimelineLine, TrendPoint

Action = Callable[[], Awaitable[None]]
BAR_HEIGHT = 100


def _heading(text: str) -> ft.Text:
    return ft.Text(text, theme_style=ft.TextThemeStyle.TITLE_MEDIUM)


def _lines(lines: list[TimelineLine], empty: str) -> list[ft.Control]:
    if not lines:
        return [ft.Text(empty)]
    return [
        ft.ListTile(title=ft.Text(f"{line.when} · {line.title}"), subtitle=ft.Text(line.detail))
        for line in lines
    ]


def _trend(points: list[TrendPoint]) -> ft.Control:
    """One bar per check, oldest first, each with its number under it (readable without
    seeing the bars); the line at 52% marks the poor-wellbeing threshold (raw 13)."""
    if not points:
        return ft.Text(_("No WHO-5 checks yet."))
    bars: list[ft.Control] = [
        ft.Column(
            [
                ft.Container(
                    width=28,
                    height=max(2, BAR_HEIGHT * point.percentage / 100),
                    bgcolor=ft.Colors.PRIMARY,
                    border_radius=4,
                ),
                ft.Text(str(point.percentage), size=12),
                ft.Text(point.when, size=10),
            ],
            horizontal_alignment=ft.CrossAxisAlignment.CENTER,
            alignment=ft.MainAxisAlignment.END,
            spacing=2,
        )
        for point in points
    ]
    summary = _("WHO-5 scores, oldest first: {scores}").format(
        scores=", ".join(f"{point.when} {point.percentage}" for point in points)
    )
    return ft.Semantics(
        label=summary,
        content=ft.Row(
            bars, scroll=ft.ScrollMode.AUTO, vertical_alignment=ft.CrossAxisAlignment.END
        ),
    )


def client_detail_view(
    detail: ClientDetail, on_visit: Action, on_edit: Action, on_regulations: Action
) -> ft.Control:
    async def visit(_event: ft.Event[ft.Button]) -> None:
        await on_visit()

    async def edit(_event: ft.Event[ft.OutlinedButton]) -> None:
        await on_edit()

    async def regulations(_event: ft.Event[ft.OutlinedButton]) -> None:
        await on_regulations()

    referrals: list[ft.Control] = [
        ft.ListTile(
            leading=ft.Icon(
                ft.Icons.WARNING_AMBER if line.overdue else ft.Icons.SEND,
                semantics_label=_("Overdue") if line.overdue else _("Referral"),
            ),
            title=ft.Text(f"{line.target}: {line.status}"),
            subtitle=ft.Text(
                (
                    _("Overdue since {date}") if line.overdue else _("First contact due {date}")
                ).format(date=line.due)
                if line.due
                else ""
            ),
        )
        for line in detail.referrals
    ] or [ft.Text(_("No referrals."))]
    hours: list[ft.Control] = []
    for goal in detail.hours:
        hours += [
            ft.Text(f"{goal.goal}: {goal.used}"),
            ft.ProgressBar(value=min(goal.fraction, 1.0), semantics_label=goal.used),
        ]
        if goal.warning is not HoursWarning.NONE:
            hours.append(
                ft.Row([ft.Icon(ft.Icons.WARNING_AMBER), ft.Text(goal.warning_text, expand=True)])
            )
    return ft.ListView(
        padding=ft.Padding.all(16),
        spacing=8,
        expand=True,
        controls=[
            ft.Text(" · ".join(detail.facts)),
            ft.Row(
                [
                    ft.Button(content=_("New visit"), icon=ft.Icons.ADD, on_click=visit),
                    ft.OutlinedButton(content=_("Edit client"), icon=ft.Icons.EDIT, on_click=edit),
                    ft.OutlinedButton(
                        content=_("Regulations check"),
                        icon=ft.Icons.CHECKLIST,
                        on_click=regulations,
                    ),
                ],
                wrap=True,
            ),
            _heading(_("Referrals")),
            *referrals,
            _heading(_("Hours")),
            *(hours or [ft.Text(_("No goals with granted hours."))]),
            _heading(_("Wellbeing (WHO-5)")),
            _trend(detail.trend),
            _heading(_("Signals")),
            *_lines(detail.signals, _("No signals recorded.")),
            _heading(_("Visits")),
            *_lines(detail.timeline, _("No visits yet.")),
        ],
    )
