"""Side by side: for each field that differs, the device's value and the server's, and the
user's choice (the device's by default). Nothing is decided for the user."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from fieldapp.i18n import _
from fieldapp.ui.conflict_rows import ConflictRow

MINE, THEIRS = "mine", "theirs"


def conflict_view(
    rows: list[ConflictRow], on_save: Callable[[list[str]], Awaitable[None]], *, ready: bool
) -> ft.Control:
    """``ready``: the server's version has arrived (else the user can only wait)."""
    if not ready:
        return ft.Text(_("The other version arrives with the next sync. Try again after it."))
    groups: dict[str, ft.RadioGroup] = {}
    controls: list[ft.Control] = [ft.Text(_("Choose per field which version to keep."))]
    for row in rows:
        group = ft.RadioGroup(
            value=MINE,
            content=ft.Column(
                [
                    ft.Radio(value=MINE, label=_("On this device: {value}").format(value=row.mine)),
                    ft.Radio(
                        value=THEIRS, label=_("On the server: {value}").format(value=row.theirs)
                    ),
                ],
                spacing=0,
                tight=True,
            ),
        )
        groups[row.name] = group
        controls += [ft.Text(row.label, weight=ft.FontWeight.BOLD), group]

    async def save(_event: ft.Event[ft.Button]) -> None:
        await on_save([name for name, group in groups.items() if group.value == THEIRS])

    controls.append(ft.Button(content=_("Keep these values"), icon=ft.Icons.SAVE, on_click=save))
    return ft.ListView(controls=controls, spacing=8, padding=ft.Padding.all(16), expand=True)
