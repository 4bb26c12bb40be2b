"""A form's text field as every form here makes it: labelled, no autocorrect on names and
numbers, and its error message gone as soon as the person types in it."""

from __future__ import annotations

import flet as ft

from fieldapp.ui.layout import pinned_bottom


def clear_error(event: ft.Event[ft.TextField]) -> None:
    """Typing in a field marked wrong takes its message away until the next save."""
    if event.control.error:
        event.control.error = None
        event.control.update()


def scroll_key(name: str) -> ft.ScrollKey:
    """A key a scrolling column can bring its control into view by."""
    # Flet's key classes are dataclasses made by a decorator mypy cannot see through.
    return ft.ScrollKey(name)  # type: ignore[call-arg]


def text_field(
    label: str,
    value: str,
    *,
    keyboard: ft.KeyboardType = ft.KeyboardType.TEXT,
    hint: str | None = None,
    lines: int = 1,
) -> ft.TextField:
    """``lines`` above one: a multi-line field that starts that tall."""
    return ft.TextField(
        label=label,
        value=value,
        keyboard_type=keyboard,
        hint_text=hint,
        multiline=lines > 1,
        min_lines=lines if lines > 1 else None,
        autocorrect=False,
        enable_suggestions=False,
        error_max_lines=3,  # a message is a sentence: never cut it off at one line
        on_change=clear_error,
    )


def section(title: str) -> ft.Text:
    """A heading between a form's groups of fields."""
    return ft.Text(title, theme_style=ft.TextThemeStyle.TITLE_MEDIUM)


def form_column(controls: list[ft.Control]) -> ft.Column:
    """A form's fields, stretched to the width, in a scrolling column: not a list view, which
    builds its items lazily and so cannot scroll to the first field to fix."""
    return ft.Column(
        [ft.Container(height=4), *controls],  # room for the first field's floating label
        scroll=ft.ScrollMode.AUTO,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
        spacing=12,
        expand=True,
    )


def form_screen(summary: ft.Text, body: ft.Column, save: ft.Button) -> ft.Control:
    """The summary of what to fix above the fields, the save button pinned under them."""
    padded = ft.Container(body, padding=ft.Padding.symmetric(horizontal=16), expand=True)
    return pinned_bottom([summary], padded, [save])
