"""A form's text field as every form here makes it: labelled, no autocorrect on names and
numbers, and its error message gone as soon as the person types in it."""

from __future__ import annotations

import flet as ft


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
