"""A one-tap answer as a large round target showing its number: the WHO-5's answers and the
rating of the support use the same, so a client meets one way of answering."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft


def round_choice(score: int, selected: bool, name: str, on_tap: Callable[[], None]) -> ft.Control:
    """One answer as a round 48 px target showing its number; a screen reader reads the words.
    Choosing is idempotent, so a tap that arrives twice does no harm."""

    def tapped(_event: ft.Event[ft.Container] | ft.Event[ft.Semantics]) -> None:
        on_tap()

    return ft.Semantics(
        label=name,
        checked=selected,
        exclude_semantics=True,
        on_tap=tapped,
        content=ft.Container(
            ft.Text(
                str(score),
                weight=ft.FontWeight.BOLD,
                color=ft.Colors.ON_PRIMARY if selected else ft.Colors.ON_SURFACE,
            ),
            width=48,
            height=48,
            border_radius=24,
            alignment=ft.Alignment.CENTER,
            bgcolor=ft.Colors.PRIMARY if selected else None,
            border=ft.Border.all(1, ft.Colors.OUTLINE),
            on_click=tapped,
        ),
    )
