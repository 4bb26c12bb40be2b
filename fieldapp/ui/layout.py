"""Screen layouts shared by the forms: the actions stay at the bottom, in reach of a thumb,
while the fields scroll."""

from __future__ import annotations

import inspect
from collections.abc import Sequence

import flet as ft

from fieldapp.ui.palette import ROLES, SEED


def pinned_bottom(
    top: Sequence[ft.Control], body: ft.Control, actions: Sequence[ft.Control]
) -> ft.Control:
    """``top`` above the scrolling ``body``, ``actions`` in a row pinned under it."""
    return ft.Column(
        [
            ft.Container(
                ft.Column(list(top), spacing=4), padding=ft.Padding.only(left=16, top=8, right=16)
            ),
            body,
            ft.Container(
                ft.Row(list(actions), wrap=True, spacing=12, alignment=ft.MainAxisAlignment.END),
                padding=ft.Padding.all(12),
            ),
        ],
        expand=True,
        spacing=4,
        # Full width, so actions that wrap onto a second line still line up at the end.
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
    )


def at_field(message: str | None) -> list[ft.Control]:
    """An error message to place right under the field it concerns (nothing when none)."""
    return [ft.Text(message, color=ft.Colors.ERROR)] if message else []


def named(dropdown: ft.Dropdown) -> ft.Control:
    """A dropdown whose label screen readers (and browser tests) can find: Flutter's web
    semantics give a dropdown no accessible name of its own."""
    text = dropdown.label if isinstance(dropdown.label, str) else ""
    return ft.Semantics(label=text, button=True, content=dropdown)


TOUCH = 48
"""The least size of a touch target, in logical pixels."""
BOX = 40
"""Material's checkbox where Flutter does not pad tap targets (desktop browsers)."""


def wrapping(box: ft.Checkbox) -> ft.Control:
    """``box`` with its label as text that wraps (a checkbox's own label is cut off when it is
    long or the text is large). Tapping the text toggles the box, as tapping a label does;
    screen readers read the label once, from the box."""
    text = box.label if isinstance(box.label, str) else ""
    box.label = None
    box.semantics_label = text

    async def tapped(_event: ft.TapEvent[ft.GestureDetector]) -> None:
        box.value = not box.value
        box.update()
        handler = box.on_change
        if handler is not None:
            result = handler(ft.Event(name="change", control=box))  # type: ignore[call-arg]
            if inspect.isawaitable(result):
                await result

    label = ft.GestureDetector(content=ft.Text(text), on_tap_down=tapped)
    # Material's box is 40 px in a desktop browser (Flutter shrinks tap targets off mobile);
    # scaled to 48 px, in a 48 px cell, it is a thumb's target everywhere.
    box.scale = TOUCH / BOX
    return ft.Row(
        [
            ft.Container(box, width=TOUCH, height=TOUCH, alignment=ft.Alignment.CENTER),
            ft.Semantics(exclude_semantics=True, content=label, expand=True),
        ],
        spacing=4,
        vertical_alignment=ft.CrossAxisAlignment.CENTER,
    )


FALLBACK_FONT = "DejaVu Sans"
FONTS = {FALLBACK_FONT: "fonts/DejaVuSans.ttf"}
"""Bundled in assets/: the web client would fetch Arabic glyphs from a CDN, and the app runs
offline. DejaVu Sans covers Arabic, Turkish and Polish."""
_TEXT_SIZES = ("display", "headline", "title", "body", "label")


def touch_theme() -> ft.Theme:
    """Touch targets of at least 48 px on every platform (Flutter makes controls denser in
    desktop browsers, 40 px, unless told otherwise), and a bundled fallback font for the
    letters the default font lacks (Arabic); colours from :mod:`fieldapp.ui.palette`."""
    tall = ft.ButtonStyle(padding=ft.Padding.symmetric(horizontal=24, vertical=14))
    with_arabic = ft.TextStyle(font_family_fallback=[FALLBACK_FONT])
    styles = [f"{size}_{kind}" for size in _TEXT_SIZES for kind in ("large", "medium", "small")]
    return ft.Theme(
        color_scheme_seed=SEED,
        color_scheme=ft.ColorScheme(**ROLES),
        visual_density=ft.VisualDensity.STANDARD,
        text_theme=ft.TextTheme(**dict.fromkeys(styles, with_arabic)),
        # A chip is 38 px tall in a desktop browser with Material's padding of 8: 13 above and
        # below make it 48 (larger text only makes it taller).
        chip_theme=ft.ChipTheme(padding=ft.Padding.symmetric(horizontal=8, vertical=13)),
        icon_button_theme=ft.IconButtonTheme(style=ft.ButtonStyle(padding=ft.Padding.all(12))),
        button_theme=ft.ButtonTheme(style=tall),
        outlined_button_theme=ft.OutlinedButtonTheme(style=tall),
        text_button_theme=ft.TextButtonTheme(style=tall),
        filled_button_theme=ft.FilledButtonTheme(style=tall),
    )
