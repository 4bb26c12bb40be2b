"""The employer register as a list: each employer's name, kind and work sites, found by a
search on name, KvK number or town; tapping one opens it for editing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from fieldapp.i18n import _
from fieldapp.ui.employer_list_model import EmployerRow

OpenEmployer = Callable[[str], Awaitable[None]]


def _tile(row: EmployerRow, on_open: OpenEmployer) -> ft.ListTile:
    async def open_employer(_event: ft.Event[ft.ListTile]) -> None:
        await on_open(row.employer_id)

    return ft.ListTile(
        title=ft.Text(row.name, weight=ft.FontWeight.BOLD),
        subtitle=ft.Text(row.summary),
        trailing=ft.Icon(ft.Icons.CHEVRON_RIGHT),
        on_click=open_employer,
    )


class EmployerListView:
    def __init__(self, rows: list[EmployerRow], on_open: OpenEmployer) -> None:
        self.rows, self.on_open = rows, on_open
        self.search = ft.TextField(
            label=_("Search by name, KvK or town"),
            on_change=self._searched,
            autocorrect=False,
            enable_suggestions=False,
        )
        self.count = ft.Text("", size=13)
        self.list = ft.ListView(spacing=0, expand=True)
        self._fill("")
        self.control = ft.Column(
            [
                ft.Container(
                    ft.Column(
                        [self.search, ft.Semantics(live_region=True, content=self.count)],
                        spacing=4,
                        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
                    ),
                    padding=ft.Padding.only(left=16, right=16, top=8),
                ),
                self.list,
                ft.Container(height=80),  # where the "add employer" button floats
            ],
            spacing=0,
            expand=True,
        )

    def _fill(self, query: str) -> None:
        words = query.casefold().split()
        shown = [row for row in self.rows if all(word in row.search_text for word in words)]
        self.list.controls = [_tile(row, self.on_open) for row in shown] or [
            ft.Container(
                ft.Text(
                    _("No employers yet: add the first with the button below.")
                    if not self.rows
                    else _("No employer matches this search.")
                ),
                padding=ft.Padding.all(16),
            )
        ]
        self.count.value = _("{shown} of {total} employers").format(
            shown=len(shown), total=len(self.rows)
        )

    def _searched(self, event: ft.Event[ft.TextField]) -> None:
        self._fill(event.control.value or "")
        self.list.update()
        self.count.update()
