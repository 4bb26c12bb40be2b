"""The language choice shown on the first-run and settings screens."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from fieldapp.i18n import _, active
from fieldapp.i18n.language_names import LANGUAGE_NAMES
from fieldapp.ui.layout import FALLBACK_FONT


def language_picker(on_pick: Callable[[str], Awaitable[None] | None]) -> ft.Dropdown:
    """A dropdown on the active language; ``on_pick`` gets the chosen code."""

    async def pick(event: ft.Event[ft.Dropdown]) -> None:
        result = on_pick(str(event.control.value or "nl"))
        if result is not None:
            await result

    # Each language's name is written in its own script: Arabic letters need the bundled
    # font, or Flutter asks the server for a Noto font it does not have (even while the menu
    # is closed, when it measures the entries).
    with_arabic = ft.TextStyle(font_family_fallback=[FALLBACK_FONT])
    return ft.Dropdown(
        label=_("Language"),
        value=active().lang,
        text_style=with_arabic,
        options=[
            ft.DropdownOption(key=code, text=name, style=ft.ButtonStyle(text_style=with_arabic))
            for code, name in LANGUAGE_NAMES.items()
        ],
        on_select=pick,
    )
