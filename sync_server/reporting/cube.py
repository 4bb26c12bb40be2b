"""The counts of one population that a page shows under its own filters, in three directions:

- slots: the population's total (:data:`TOTAL`), then the parts of each of its partitions (by
  kind of placement, by kind of employer, ...). Every unit falls in exactly one part of each
  partition, so each partition's parts add up to the total;
- rows (target groups) and columns (jobcoaches), each with a margin at index :data:`MARGIN`
  ("all target groups", "all jobcoaches"). Every row and column adds up to its margin.

A view is one row and one column: the page's two filters. Where both name a value (one target
group and one jobcoach), the groups are small, and the cube may publish only that view's total
(``parts_in_combined_views=False``); its parts still exist and still add up to everything else.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

THRESHOLD = 5
"""Counts under this show as "<5"."""
MARGIN = 0
"""Index of "all" on the rows and the columns."""
TOTAL = 0
"""Slot of the population's total."""


class Mark(StrEnum):
    SHOWN = "shown"
    SMALL = "small"
    """Under the threshold: shown as "<5"."""
    HIDDEN = "hidden"
    """At least the threshold, hidden so that a small count cannot be worked out."""
    UNPUBLISHED = "unpublished"
    """A part of a view filtered on both a row and a column, when those show totals only."""


class Cube:
    """Counts of one population by slot, row and column."""

    def __init__(
        self,
        partition_sizes: Sequence[int],
        rows: int,
        columns: int,
        *,
        parts_in_combined_views: bool = True,
    ) -> None:
        if rows < 2 or columns < 2 or any(size < 2 for size in partition_sizes):
            raise ValueError("a cube needs a margin and a value per axis, two parts a partition")
        self.starts: list[int] = []
        slot = 1
        for size in partition_sizes:
            self.starts.append(slot)
            slot += size
        self.sizes = tuple(partition_sizes)
        self.slots, self.rows, self.columns = slot, rows, columns
        self.parts_in_combined_views = parts_in_combined_views
        self.values = [0] * (slot * rows * columns)

    def index(self, slot: int, row: int, column: int) -> int:
        return (slot * self.rows + row) * self.columns + column

    def where(self, index: int) -> tuple[int, int, int]:
        slot, rest = divmod(index, self.rows * self.columns)
        row, column = divmod(rest, self.columns)
        return slot, row, column

    def slot(self, partition: int, part: int) -> int:
        return self.starts[partition] + part

    def partition_of(self, slot: int) -> int:
        for number in range(len(self.starts) - 1, -1, -1):
            if slot >= self.starts[number]:
                return number
        raise ValueError("the total belongs to no partition")

    def parts_of(self, partition: int) -> range:
        """The slots of ``partition``'s parts."""
        start = self.starts[partition]
        return range(start, start + self.sizes[partition])

    def published(self, index: int) -> bool:
        slot, row, column = self.where(index)
        return self.parts_in_combined_views or slot == TOTAL or MARGIN in (row, column)

    def add(self, row: int, column: int, parts: Sequence[int]) -> None:
        """Count one unit of ``row`` and ``column`` (both > 0), in ``parts[k]`` of partition
        k, and in the margins."""
        columns, plane, values = self.columns, self.rows * self.columns, self.values
        offsets = (row * columns + column, row * columns, column, 0)
        for base in [0, *((self.starts[k] + part) * plane for k, part in enumerate(parts))]:
            for offset in offsets:
                values[base + offset] += 1

    def get(self, slot: int, row: int, column: int) -> int:
        return self.values[self.index(slot, row, column)]
