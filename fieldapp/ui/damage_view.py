"""The screen after unlock when files are missing or older than they should be: each problem
with what it held, and the ways out; nothing is restored or dropped until the person chooses."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

import flet as ft

from fieldapp.i18n import _
from fieldapp.ui.damage_model import DamageRow

Choice = Callable[[int], Awaitable[None]]


def _card(index: int, row: DamageRow, restore: Choice, go_on: Choice) -> ft.Control:
    async def on_restore(_event: ft.Event[ft.Button]) -> None:
        await restore(index)

    async def on_go_on(_event: ft.Event[ft.Button]) -> None:
        await go_on(index)

    confirm = ft.Column(
        [
            ft.Text(_("This cannot be undone."), weight=ft.FontWeight.BOLD),
            ft.Button(
                content=_("Yes, continue without it"),
                icon=ft.Icons.DELETE_FOREVER,
                on_click=on_go_on,
            ),
        ],
        visible=False,
    )

    def ask(_event: ft.Event[ft.OutlinedButton]) -> None:
        confirm.visible = True
        confirm.update()

    lines: list[ft.Control] = [
        ft.Text(row.what, weight=ft.FontWeight.BOLD),
        ft.Text(row.whose),
    ]
    if row.held:
        lines.append(ft.Text(row.held))
    if row.restore_label is not None:
        lines += [
            ft.Text(row.restore_effect),
            ft.Button(content=row.restore_label, icon=ft.Icons.RESTORE, on_click=on_restore),
        ]
    lines += [
        ft.Text(row.go_on_effect),
        ft.OutlinedButton(content=_("Continue without this part"), on_click=ask),
        confirm,
    ]
    return ft.Card(
        content=ft.Container(padding=ft.Padding.all(16), content=ft.Column(lines, spacing=8))
    )


def damage_view(rows: Sequence[DamageRow], restore: Choice, go_on: Choice) -> ft.Control:
    return ft.ListView(
        padding=ft.Padding.all(16),
        spacing=12,
        expand=True,
        controls=[
            ft.Text(
                _("Some data on this device is missing"),
                theme_style=ft.TextThemeStyle.HEADLINE_SMALL,
            ),
            ft.Text(
                _(
                    "Files were deleted or replaced outside the app. Choose what to do with "
                    "each one. If you are not sure, contact your coordinator before you choose."
                )
            ),
            *(_card(index, row, restore, go_on) for index, row in enumerate(rows)),
        ],
    )
