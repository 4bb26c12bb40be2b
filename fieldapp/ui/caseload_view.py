"""The caseload list: search, filters, and one tile per client with visits, a signal badge
and the top suggestion. Tapping a tile opens the client.

Colour is never the only carrier: the badge has text and crisis suggestions an icon. Search
and filters work on rows already in memory, so each keystroke only redraws the list.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace

import flet as ft

from fieldapp.domain.client import TargetGroup
from fieldapp.i18n import _
from fieldapp.i18n.labels import target_group_label
from fieldapp.ui.caseload_model import CaseloadFilter, CaseloadRow, filter_rows
from fieldapp.ui.layout import named

OpenClient = Callable[[str], Awaitable[None]]
ALL_GROUPS = "all"
MAX_TILES = 30
"""Tiles drawn at once: more does not help on a phone and makes every keystroke slower."""
_ABOVE_THE_ADD_BUTTON = ft.Padding.only(bottom=88)
"""Room under the last tile, so it can scroll clear of the floating "add client" button."""


def _line(icon: ft.IconData, meaning: str, text: str) -> ft.Row:
    return ft.Row(
        [ft.Icon(icon, semantics_label=meaning, size=18), ft.Text(text, expand=True)],
        spacing=6,
        vertical_alignment=ft.CrossAxisAlignment.START,
    )


def _tile(row: CaseloadRow, on_open: OpenClient) -> ft.ListTile:
    lines: list[ft.Control] = [ft.Text(row.summary)]
    if row.badge:
        lines.append(_line(ft.Icons.FLAG_OUTLINED, _("Latest signal"), row.badge))
    if row.suggestion:
        lines.append(
            _line(
                ft.Icons.WARNING_AMBER if row.crisis else ft.Icons.LIGHTBULB_OUTLINE,
                _("Urgent") if row.crisis else _("Suggestion"),
                row.suggestion,
            )
        )
    if row.follow_up_due:
        lines.append(_line(ft.Icons.EVENT_REPEAT, _("Follow-up"), _("Follow-up due")))

    async def open_client(_event: ft.Event[ft.ListTile]) -> None:
        await on_open(row.client_id)

    return ft.ListTile(
        title=ft.Text(row.name, weight=ft.FontWeight.BOLD),
        subtitle=ft.Column(lines, spacing=2, tight=True),
        trailing=ft.Icon(ft.Icons.CHEVRON_RIGHT),
        min_height=56,
        on_click=open_client,
    )


class CaseloadView:
    """The search box and filters above the list; changing them redraws only the list."""

    def __init__(
        self, rows: list[CaseloadRow], on_open: OpenClient, wanted: CaseloadFilter | None = None
    ) -> None:
        self.rows, self.on_open = rows, on_open
        self.wanted = wanted or CaseloadFilter()
        self.search = ft.TextField(
            label=_("Search by name or postcode"),
            prefix_icon=ft.Icons.SEARCH,
            value=self.wanted.query,
            on_change=self._searched,
            autocorrect=False,
            enable_suggestions=False,
        )
        self.group = ft.Dropdown(
            label=_("Target group"),
            value=self.wanted.target_group.value if self.wanted.target_group else ALL_GROUPS,
            options=[ft.DropdownOption(key=ALL_GROUPS, text=_("All target groups"))]
            + [ft.DropdownOption(key=g.value, text=target_group_label(g)) for g in TargetGroup],
            on_select=self._grouped,
            expand=True,
        )
        self.open_only = ft.Checkbox(
            label=_("Open referrals"), value=self.wanted.open_referrals, on_change=self._flagged
        )
        self.due_only = ft.Checkbox(
            label=_("Follow-up due"), value=self.wanted.follow_up_due, on_change=self._flagged
        )
        self.count = ft.Text("")
        self.list = ft.ListView(spacing=4, expand=True, padding=_ABOVE_THE_ADD_BUTTON)
        self._fill()
        self.control = ft.Column(
            [
                ft.Container(
                    ft.Column(
                        [
                            self.search,
                            named(self.group),
                            ft.Row([self.open_only, self.due_only], wrap=True, spacing=8),
                            self.count,
                        ],
                        spacing=4,
                        tight=True,
                    ),
                    padding=ft.Padding.symmetric(horizontal=12),
                ),
                self.list,
            ],
            expand=True,
        )

    def _fill(self) -> None:
        shown = filter_rows(self.rows, self.wanted)
        tiles: list[ft.Control] = [_tile(row, self.on_open) for row in shown[:MAX_TILES]]
        if len(shown) > MAX_TILES:
            tiles.append(
                ft.Text(
                    _("The first {n} are shown. Search or filter to find the others.").format(
                        n=MAX_TILES
                    )
                )
            )
        self.list.controls = tiles
        if not self.rows:
            self.count.value = _("No clients yet.")
        else:
            self.count.value = _("{shown} of {total} clients").format(
                shown=len(shown), total=len(self.rows)
            )

    def refilter(self, wanted: CaseloadFilter) -> None:
        self.wanted = wanted
        self._fill()
        self.list.update()
        self.count.update()

    def _searched(self, event: ft.Event[ft.TextField]) -> None:
        self.refilter(replace(self.wanted, query=event.control.value))

    def _grouped(self, event: ft.Event[ft.Dropdown]) -> None:
        value = event.control.value
        group = None if value in (None, ALL_GROUPS) else TargetGroup(value)
        self.refilter(replace(self.wanted, target_group=group))

    def _flagged(self, _event: ft.Event[ft.Checkbox]) -> None:
        self.refilter(
            replace(
                self.wanted,
                open_referrals=bool(self.open_only.value),
                follow_up_due=bool(self.due_only.value),
            )
        )
