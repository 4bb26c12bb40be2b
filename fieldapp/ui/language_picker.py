"""The language choice shown on the first-run and settings screens."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from fieldapp.i18n import _, active
from fieldapp.i18n.language_names import LANGUAGE_NAMES


def language_picker(on_pick: Callable[[str], Awaitable[None] | None]) -> ft.Dropdown:
    """A dropdown on the active language; ``on_pick`` gets the chosen code."""

    async def pick(event: ft.Event[ft.Dropdown]) -> None:
        result = on_pick(str(event.control.value or "nl"))
        if result is not None:
            await result

    return ft.Dropdown(
        label=_("Language"),
        value=active().lang,
        options=[ft.DropdownOption(key=code, text=name) for code, name in LANGUAGE_NAMES.items()],
        on_select=pick,
    )
