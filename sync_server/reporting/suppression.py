"""Small-cell protection of a table of counts that a page shows under its own filters.

A :class:`Cube` holds the counts of one population (people at work, say) in three directions:

- slots: the population's total, then the parts of each of its partitions (by kind of
  placement, by kind of employer, ...). Every unit falls in exactly one part of each partition,
  so each partition's parts add up to the total;
- rows (target groups) and columns (jobcoaches), each with a margin at index :data:`MARGIN`
  ("all target groups", "all jobcoaches"): the page's filters. Every row and column of counts
  adds up to its margin.

Primary rule: a count under :data:`THRESHOLD` is shown as "<5". Secondary rule: a hidden count
must not be recoverable from the counts that are shown, by subtraction or by any other sum of
them, under any of the filter combinations, also knowing that a "<5" lies in 0-4 and a hidden
larger count is at least 5. :func:`protect` therefore gives every hidden count a witness: a set
of hidden counts whose values can all move by one, up and down alternately, without changing a
single shown count or breaking a bound (the corners of a box across slots, rows and columns:
the "hypercube" method of statistical offices). Two different tables then fit everything shown,
so the hidden count cannot be told. Where a primary count has no such box among hidden counts,
the box that hides the least is hidden with it; where it has none at all, the population is
withheld as a whole.

Pure computation: no IO, no words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import product

THRESHOLD = 5
MARGIN = 0
"""Index of "all" on the rows and the columns."""
TOTAL = 0
"""Slot of the population's total."""
_MAIN_VIEW_WEIGHT = 10
"""Hiding a count of the unfiltered view costs this much more than any other."""
_COLUMN_CANDIDATES = 12
"""Columns tried as a box's partner when a new count must be hidden (the cheapest first)."""


class Mark(StrEnum):
    SHOWN = "shown"
    SMALL = "small"
    """Under the threshold: shown as "<5"."""
    HIDDEN = "hidden"
    """At least the threshold, hidden so that a small count cannot be worked out."""


class Cube:
    """Counts of one population by slot, row and column (see the module's docstring)."""

    def __init__(self, partition_sizes: Sequence[int], rows: int, columns: int) -> None:
        if rows < 2 or columns < 2 or any(size < 2 for size in partition_sizes):
            raise ValueError("a cube needs a margin and one value per axis, two parts a partition")
        self.starts: list[int] = []
        slot = 1
        for size in partition_sizes:
            self.starts.append(slot)
            slot += size
        self.sizes = tuple(partition_sizes)
        self.slots, self.rows, self.columns = slot, rows, columns
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

    def add(self, row: int, column: int, parts: Sequence[int]) -> None:
        """Count one unit of ``row`` and ``column`` (both > 0), in ``parts[k]`` of partition k,
        in the margins too."""
        slots = [TOTAL] + [self.slot(k, part) for k, part in enumerate(parts)]
        for slot, r, c in product(slots, {row, MARGIN}, {column, MARGIN}):
            self.values[self.index(slot, r, c)] += 1

    def get(self, slot: int, row: int, column: int) -> int:
        return self.values[self.index(slot, row, column)]


@dataclass(frozen=True)
class Protection:
    marks: tuple[Mark, ...]
    """Per index of the cube."""
    withheld: bool = False
    """No safe pattern was found: nothing of the population may be shown."""

    def mark(self, cube: Cube, slot: int, row: int, column: int) -> Mark:
        return self.marks[cube.index(slot, row, column)]


Corner = tuple[int, int]
"""(index, sign) of one count of a witness box."""


class _Search:
    def __init__(self, cube: Cube) -> None:
        self.cube = cube
        values = cube.values
        self.low = [0 if v < THRESHOLD else THRESHOLD for v in values]
        self.high = [THRESHOLD - 1 if v < THRESHOLD else None for v in values]
        self.hidden = [v < THRESHOLD for v in values]

    def cost(self, index: int) -> int:
        if self.hidden[index]:
            return 0
        _, row, column = self.cube.where(index)
        weight = _MAIN_VIEW_WEIGHT if row == MARGIN and column == MARGIN else 1
        return weight * self.cube.values[index]

    def fits(self, corners: Iterable[Corner], step: int) -> bool:
        values, low, high = self.cube.values, self.low, self.high
        for index, sign in corners:
            moved = values[index] + sign * step
            top = high[index]
            if moved < low[index] or (top is not None and moved > top):
                return False
        return True

    def rows_for(self, slot: int, row: int, col: int, free: bool) -> list[int]:
        """Partner rows for a box through (slot, row, col): hidden ones first, then those that
        hold someone (a box moves its corners by one, and an empty count cannot go down);
        only hidden ones when looking for a box that hides nothing new."""
        cube = self.cube
        others = [r for r in range(cube.rows) if r != row]
        return self._order([cube.index(slot, r, col) for r in others], others, free, cube.rows)

    def columns_for(self, slot: int, row: int, col: int, free: bool) -> list[int]:
        cube = self.cube
        others = [c for c in range(cube.columns) if c != col]
        at = [cube.index(slot, row, c) for c in others]
        return self._order(at, others, free, _COLUMN_CANDIDATES)

    def _order(self, at: list[int], others: list[int], free: bool, limit: int) -> list[int]:
        hidden, values = self.hidden, self.cube.values
        if free:
            return [other for index, other in zip(at, others, strict=True) if hidden[index]]
        ranked = sorted(
            zip(at, others, strict=True),
            key=lambda pair: (not hidden[pair[0]], values[pair[0]] == 0),
        )
        return [other for _, other in ranked[:limit]]


def _sign(one: int, other: int) -> int:
    """+1 where a margin is involved (the margin moves with the count), -1 between two values
    (one goes up, the other down)."""
    return 1 if MARGIN in (one, other) else -1


@dataclass(frozen=True)
class _Frame:
    """Two rows and two columns: where a box's corners lie in every slot it moves."""

    row: int
    row2: int
    col: int
    col2: int

    def box(self, cube: Cube, slots: Sequence[tuple[int, int]]) -> list[Corner]:
        """The corners for slots with their signs, across the two rows and columns."""
        sr, sc = _sign(self.row, self.row2), _sign(self.col, self.col2)
        pattern = (
            (self.row, self.col, 1),
            (self.row2, self.col, sr),
            (self.row, self.col2, sc),
            (self.row2, self.col2, sr * sc),
        )
        return [
            (cube.index(slot, r, c), slot_sign * sign)
            for slot, slot_sign in slots
            for r, c, sign in pattern
        ]


def _part_boxes(search: _Search, index: int, free: bool) -> tuple[int, list[Corner]] | None:
    """The cheapest box pairing the part at ``index`` with another part of its partition."""
    cube = search.cube
    slot, row, col = cube.where(index)
    k = cube.partition_of(slot)
    first = cube.starts[k]
    best: tuple[int, list[Corner]] | None = None
    rows = search.rows_for(slot, row, col, free)
    cols = search.columns_for(slot, row, col, free)
    for other in range(first, first + cube.sizes[k]):
        if other == slot or (free and not search.hidden[cube.index(other, row, col)]):
            continue
        for row2 in rows:
            for col2 in cols:
                corners = _Frame(row, row2, col, col2).box(cube, ((slot, 1), (other, -1)))
                cost = sum(search.cost(i) for i, _ in corners)
                if (free and cost) or (best is not None and cost >= best[0]):
                    continue
                if search.fits(corners, 1) or search.fits(corners, -1):
                    best = (cost, corners)
                    if cost == 0:
                        return best
    return best


def _total_boxes(search: _Search, index: int, free: bool) -> tuple[int, list[Corner]] | None:
    """The cheapest box moving the total with one part of every partition."""
    cube = search.cube
    slot, row, col = cube.where(index)
    fixed = {} if slot == TOTAL else {cube.partition_of(slot): slot}
    rows = search.rows_for(slot, row, col, free)
    cols = search.columns_for(slot, row, col, free)
    best: tuple[int, list[Corner]] | None = None
    for row2, col2, step in product(rows, cols, (1, -1)):
        frame = _Frame(row, row2, col, col2)
        corners = frame.box(cube, [(TOTAL, 1)] + [(fixed_slot, 1) for fixed_slot in fixed.values()])
        if not search.fits(corners, step):
            continue
        cost = sum(search.cost(i) for i, _ in corners)
        for k in range(len(cube.sizes)):
            if k in fixed:
                continue
            choice = _cheapest_part(search, k, frame, step)
            if choice is None:
                cost = -1
                break
            cost += choice[0]
            corners += choice[1]
        if cost < 0 or (free and cost) or (best is not None and cost >= best[0]):
            continue
        best = (cost, corners)
        if cost == 0:
            return best
    return best


def _cheapest_part(
    search: _Search, k: int, frame: _Frame, step: int
) -> tuple[int, list[Corner]] | None:
    """The part of partition ``k`` whose corners in ``frame`` can move by ``step`` at least
    cost."""
    cube = search.cube
    best: tuple[int, list[Corner]] | None = None
    for part in range(cube.sizes[k]):
        corners = frame.box(cube, ((cube.slot(k, part), 1),))
        if not search.fits(corners, step):
            continue
        cost = sum(search.cost(i) for i, _ in corners)
        if best is None or cost < best[0]:
            best = (cost, corners)
    return best


def _witness(search: _Search, index: int) -> list[Corner] | None:
    slot = search.cube.where(index)[0]
    finders = [_total_boxes] if slot == TOTAL else [_part_boxes, _total_boxes]
    for free in (True, False):
        found = [box for box in (find(search, index, free) for find in finders) if box]
        if found:
            return min(found, key=lambda box: box[0])[1]
    return None


def protect(cube: Cube) -> Protection:
    """Marks for every count of ``cube``: shown, small (primary) or hidden (secondary)."""
    search = _Search(cube)
    protected = [False] * len(cube.values)
    for index in [i for i, small in enumerate(search.hidden) if small]:
        if protected[index]:
            continue
        corners = _witness(search, index)
        if corners is None:
            return Protection(tuple(Mark.HIDDEN for _ in cube.values), withheld=True)
        for corner, _ in corners:
            search.hidden[corner] = protected[corner] = True
    marks = tuple(
        Mark.SMALL if value < THRESHOLD else Mark.HIDDEN if hidden else Mark.SHOWN
        for value, hidden in zip(cube.values, search.hidden, strict=True)
    )
    return Protection(marks)
