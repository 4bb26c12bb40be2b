"""A client's page: contact details and the newest WHO-5 result first, then the actions (new
visit, edit, regulations check), referrals, consents, hours, the WHO-5 trend and the
participation ladder over time, signals and the visit timeline. Warnings carry an icon and
words, never colour alone.

The trend scrolls sideways when its bars do not fit: it opens at the newest check, keeps its
scrollbar in sight and says that older results lie further back."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import flet as ft
import flet_charts as fch

from fieldapp.domain.visit import HoursWarning
from fieldapp.i18n import _, field_label
from fieldapp.i18n.bidi import isolate
from fieldapp.ui.client_detail_model import (
    ClientDetail,
    ContactLine,
    LatestCheck,
    TimelineLine,
    TrendPoint,
)
from fieldapp.ui.consents_view import Withdraw, consents_section
from fieldapp.ui.placements_view import placements_section

Action = Callable[[], Awaitable[None]]
BAR_HEIGHT = 100
SLOT = 64
"""Pixels per check in the trend: the bar, and its number and day under it."""
_CONTACT_ICONS = {
    "address": ft.Icons.HOME_OUTLINED,
    "phone": ft.Icons.PHONE_OUTLINED,
    "email": ft.Icons.EMAIL_OUTLINED,
}


def _heading(text: str) -> ft.Text:
    return ft.Text(text, theme_style=ft.TextThemeStyle.TITLE_MEDIUM)


def _with_icon(icon: ft.IconData, text: str, semantics: str | None = None) -> ft.Row:
    """An icon and a text that wraps beside it (mirrored right to left)."""
    return ft.Row(
        [ft.Icon(icon, semantics_label=semantics), ft.Text(text, expand=True)],
        vertical_alignment=ft.CrossAxisAlignment.START,
    )


def _contact(line: ContactLine) -> ft.Control:
    return _with_icon(_CONTACT_ICONS.get(line.kind, ft.Icons.INFO_OUTLINE), line.value, line.label)


def _latest(latest: LatestCheck | None) -> ft.Control:
    if latest is None:
        return _with_icon(ft.Icons.FAVORITE_BORDER, _("No WHO-5 checks yet."))
    if latest.worrying:
        return _with_icon(ft.Icons.WARNING_AMBER, latest.text, _("Warning"))
    return _with_icon(ft.Icons.FAVORITE_BORDER, latest.text)


def _lines(lines: list[TimelineLine], empty: str) -> list[ft.Control]:
    if not lines:
        return [ft.Text(empty)]
    return [
        ft.ListTile(title=ft.Text(f"{line.when} · {line.title}"), subtitle=ft.Text(line.detail))
        for line in lines
    ]


def _chart(points: list[TrendPoint]) -> ft.Control:
    """The bars (flet-charts, ADR 0007) on a 0-100 scale with dashed quarter lines; no axis
    labels of the chart's own, whose fixed height would cut them off at large text."""
    chart: ft.Control = fch.BarChart(
        groups=[
            fch.BarChartGroup(
                x=index,
                rods=[
                    fch.BarChartRod(
                        from_y=0,
                        to_y=point.percentage,
                        width=28,
                        color=ft.Colors.PRIMARY,
                        border_radius=4,
                    )
                ],
            )
            for index, point in enumerate(points)
        ],
        group_alignment=ft.MainAxisAlignment.SPACE_AROUND,
        left_axis=fch.ChartAxis(show_labels=False, label_size=0),
        bottom_axis=fch.ChartAxis(show_labels=False, label_size=0),
        horizontal_grid_lines=fch.ChartGridLines(
            interval=25, color=ft.Colors.OUTLINE_VARIANT, width=1, dash_pattern=[3, 3]
        ),
        border=ft.Border.only(bottom=ft.BorderSide(1, ft.Colors.OUTLINE)),
        min_y=0,
        max_y=100,
        interactive=False,
        width=SLOT * len(points),
        height=BAR_HEIGHT,
    )
    return chart


def _labels(points: list[TrendPoint]) -> ft.Control:
    """Under each bar, in a slot as wide as the bar's: its number, then its day. They grow
    with the text size (a day wraps at its space) where the chart's own labels would not."""
    return ft.Row(
        [
            ft.Container(
                ft.Column(
                    [
                        ft.Text(str(point.percentage), size=12),
                        ft.Text(point.mark, size=12, text_align=ft.TextAlign.CENTER),
                    ],
                    horizontal_alignment=ft.CrossAxisAlignment.CENTER,
                    spacing=2,
                    tight=True,
                ),
                width=SLOT,
            )
            for point in points
        ],
        spacing=0,
        vertical_alignment=ft.CrossAxisAlignment.START,
        tight=True,
    )


def _trend(points: list[TrendPoint]) -> list[ft.Control]:
    """One bar per check, oldest first, each with its number under it (readable without
    seeing the bars). When the bars are wider than the screen, the row opens at the newest,
    shows its scrollbar, and a hint says older results lie sideways."""
    if not points:
        return [ft.Text(_("No WHO-5 checks yet."))]
    hint = ft.Row(
        [ft.Icon(ft.Icons.SWIPE), ft.Text(_("Scroll sideways for older results."), expand=True)],
        visible=False,
    )
    widths = {"bars": 0.0, "view": 0.0}

    def measured(part: str) -> Callable[[ft.LayoutSizeChangeEvent[ft.LayoutControl]], None]:
        def remember(event: ft.LayoutSizeChangeEvent[ft.LayoutControl]) -> None:
            widths[part] = event.width
            hint.visible = widths["view"] > 0 and widths["bars"] > widths["view"] + 1

        return remember

    bars = ft.Column(
        [_chart(points), _labels(points)],
        spacing=4,
        tight=True,
        on_size_change=measured("bars"),
    )
    scroller = ft.Row(
        [ft.Container(bars, padding=ft.Padding.only(bottom=14))],
        scroll=ft.Scrollbar(thumb_visibility=True, track_visibility=True),
        auto_scroll=True,
        auto_scroll_animation=0,
        on_size_change=measured("view"),
    )
    summary = _("WHO-5 scores, oldest first: {scores}").format(
        scores=", ".join(f"{point.when} {point.percentage}" for point in points)
    )
    return [ft.Semantics(label=summary, content=scroller), hint]


@dataclass(frozen=True)
class ClientActions:
    visit: Action
    edit: Action
    regulations: Action
    withdraw: Withdraw
    goal: Callable[[str | None], Awaitable[None]]
    """Open a goal's form (None: a new goal)."""
    placement: Callable[[str | None], Awaitable[None]]
    """Open a placement's form (None: a new placement)."""
    logbook: Action
    """Open the preview of the funder's logbook."""
    rating: Action
    """Open the rating of the support."""


def _concerns(lines: list[TimelineLine]) -> list[ft.Control]:
    """Concerns employers passed, when there are any: to discuss with the client."""
    if not lines:
        return []
    return [
        _heading(_("Concerns from the employer")),
        ft.Text(
            _(
                "The employer passed what they noticed at work. Discuss it with the client: "
                'it is not a referral, and the employer hears nothing back but "received".'
            ),
            italic=True,
        ),
        *_lines(lines, ""),
    ]


def client_detail_view(detail: ClientDetail, actions: ClientActions) -> ft.Control:
    async def visit(_event: ft.Event[ft.Button]) -> None:
        await actions.visit()

    async def edit(_event: ft.Event[ft.OutlinedButton]) -> None:
        await actions.edit()

    async def regulations(_event: ft.Event[ft.OutlinedButton]) -> None:
        await actions.regulations()

    async def logbook(_event: ft.Event[ft.OutlinedButton]) -> None:
        await actions.logbook()

    async def rating(_event: ft.Event[ft.OutlinedButton]) -> None:
        await actions.rating()

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

    def goal_opener(goal_id: str | None) -> Callable[[], Awaitable[None]]:
        async def open_goal() -> None:
            await actions.goal(goal_id)

        return open_goal

    hours: list[ft.Control] = []
    for goal in detail.hours:
        hours += [
            ft.Row(
                [
                    ft.Text(isolate(f"{goal.goal}: {goal.used}"), expand=True),
                    ft.IconButton(
                        ft.Icons.EDIT_OUTLINED,
                        tooltip=_("Edit goal"),
                        on_click=goal_opener(goal.goal_id),
                    ),
                ]
            ),
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
            *(_contact(line) for line in detail.contact),
            *(ft.Text(fact) for fact in detail.facts),
            _latest(detail.latest),
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
            *_concerns(detail.concerns),
            _heading(_("Referrals")),
            *referrals,
            _heading(_("Consents")),
            *consents_section(detail.consents, actions.withdraw),
            _heading(_("Work")),
            *placements_section(detail.placements, actions.placement),
            _heading(_("Hours")),
            *(hours or [ft.Text(_("No goals with granted hours."))]),
            ft.Row(
                [
                    ft.OutlinedButton(
                        content=_("Add goal"),
                        icon=ft.Icons.FLAG_OUTLINED,
                        on_click=goal_opener(None),
                    ),
                    ft.OutlinedButton(
                        content=_("Logbook for the funder"),
                        icon=ft.Icons.RECEIPT_LONG_OUTLINED,
                        on_click=logbook,
                    ),
                    ft.OutlinedButton(
                        content=_("Rate the support"),
                        icon=ft.Icons.STAR_OUTLINE,
                        on_click=rating,
                    ),
                ],
                wrap=True,
            ),
            _heading(_("Wellbeing (WHO-5)")),
            *_trend(detail.trend),
            _heading(field_label("participation_level")),
            *[ft.Text(step) for step in detail.ladder or [_("No rung recorded yet.")]],
            _heading(_("Signals")),
            *_lines(detail.signals, _("No signals recorded.")),
            _heading(_("Visits")),
            *_lines(detail.timeline, _("No visits yet.")),
        ],
    )
