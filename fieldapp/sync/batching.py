"""Cutting the outbox into pushes the server will take: at most ``MAX_BATCH`` changes and at
most the server's body cap in bytes.

A push body's size is known exactly before it is sent: pydantic writes compact JSON, so a
:class:`~fieldapp.wire.PushRequest` is ``{"changes":[`` + the changes' JSON joined by commas +
``]}``. Each change is measured once, as the UTF-8 it travels as.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from fieldapp.wire import Change

ENVELOPE: Final = len(b'{"changes":[]}')


def change_size(change: Change) -> int:
    return len(change.model_dump_json().encode())


def body_size(sizes: Sequence[int]) -> int:
    """The bytes of a push body holding changes of these sizes."""
    return ENVELOPE + sum(sizes) + max(len(sizes) - 1, 0)


def fitting(changes: Sequence[Change], max_count: int, max_bytes: int) -> tuple[int, list[int]]:
    """How many of the leading changes go into one push (0 when the first alone is too big),
    and the sizes of those measured (each change is serialised only when it is considered)."""
    sizes: list[int] = []
    total = ENVELOPE
    for change in changes[:max_count]:
        sizes.append(change_size(change))
        total += sizes[-1] + (1 if len(sizes) > 1 else 0)
        if total > max_bytes:
            return len(sizes) - 1, sizes
    return len(sizes), sizes
