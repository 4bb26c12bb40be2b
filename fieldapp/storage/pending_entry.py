"""An outbox entry as the store keeps it, with where it lives, and entries grouped by the
segment that holds them (one write per segment when they are acknowledged or changed)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from fieldapp.storage.partition import Record

_T = TypeVar("_T")


@dataclass(frozen=True)
class PendingEntry:
    """An outbox entry and where it lives (needed to acknowledge it)."""

    partition: str
    segment: int
    entry: Record


def by_segment(
    items: Iterable[tuple[PendingEntry, _T]],
) -> dict[tuple[str, int], dict[str, _T]]:
    """(partition, segment) -> change id -> value."""
    grouped: dict[tuple[str, int], dict[str, _T]] = {}
    for item, value in items:
        grouped.setdefault((item.partition, item.segment), {})[str(item.entry["change_id"])] = value
    return grouped
