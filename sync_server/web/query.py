"""Reading a page's query string: a value that does not parse filters nothing (a filter form
never answers with an error page)."""

from __future__ import annotations

from typing import Any


def choice(kind: type[Any], text: str) -> Any:
    """``kind(text)``, or ``None`` for an empty or unknown value."""
    try:
        return kind(text) if text else None
    except ValueError:
        return None


def page_number(text: str) -> int:
    return int(text) if text.isdigit() and 0 < len(text) < 6 else 1
