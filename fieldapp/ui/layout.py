"""Screen layouts shared by the forms: the actions stay at the bottom, in reach of a thumb,
while the fields scroll."""

from __future__ import annotations

from collections.abc import Sequence

import flet as ft


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
    )


def named(dropdown: ft.Dropdown) -> ft.Control:
    """A dropdown whose label screen readers (and browser tests) can find: Flutter's web
    semantics give a dropdown no accessible name of its own."""
    text = dropdown.label if isinstance(dropdown.label, str) else ""
    return ft.Semantics(label=text, button=True, content=dropdown)
