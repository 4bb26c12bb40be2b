"""Witnesses for hidden counts: sets of hidden counts that can all move by one without changing
a shown count or leaving a bound (see :mod:`sync_server.reporting.suppression`).

A witness is a box: two slots (two parts of a partition, or the total with one part of every
partition) across two rows and two columns. Along an axis, two values move in opposite
directions (their margin stays put) and a value moves with its margin. Every sum the table
obeys then still holds. Three shapes are searched, cheapest first (the cost is the size of the
counts a box must newly hide, a count of the unfiltered view ten times over):

- part boxes: two parts of a partition;
- linked boxes, where combined views show totals only: a row-filtered count moves against
  another part in two rows, each row closing through a column of its own (the unpublished
  counts carry it), so the two columns need not hold the same people;
- total boxes: the total with one part of every partition (the only shape for a total).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import product

from sync_server.reporting.cube import MARGIN, THRESHOLD, TOTAL, Cube, Mark

MAIN_VIEW_WEIGHT = 10
"""Hiding a count of the unfiltered view costs this much more than any other."""
COLUMN_CANDIDATES = 12
"""Columns tried as a part box's partner (hidden ones first, then non-empty ones)."""
STEPS = (1, -1)

Corner = tuple[int, int]
"""(index, sign): a count of a box and the way it moves."""
Found = tuple[int, list[Corner]]
"""(cost, corners)."""


class Search:
    """What is known and hidden so far, and what a move of a count by one may not break.

    A part that nobody in the whole table is in (its count in the unfiltered view is 0) is 0
    in every view: it shows as "<5" like any small count, but needs no witness (that nobody
    is in it gives no one away), and counts as known, so no witness leans on it."""

    def __init__(self, cube: Cube) -> None:
        self.cube = cube
        values = cube.values
        published = [cube.published(i) for i in range(len(values))]
        self.published = published
        self.small = [shown and v < THRESHOLD for v, shown in zip(values, published, strict=True)]
        self.hidden = [
            small or not shown for small, shown in zip(self.small, published, strict=True)
        ]
        self.low = [
            THRESHOLD if shown and v >= THRESHOLD else 0
            for v, shown in zip(values, published, strict=True)
        ]
        self.high: list[int | None] = [THRESHOLD - 1 if small else None for small in self.small]
        plane = cube.rows * cube.columns
        empty = {slot for slot in range(cube.slots) if values[slot * plane] == 0}
        self.empty = [i // plane in empty for i in range(len(values))]
        for index, nobody in enumerate(self.empty):
            if nobody:  # known to be 0 wherever it is: never moved by a witness
                self.high[index] = 0
        self.weight = [
            MAIN_VIEW_WEIGHT if cube.where(i)[1:] == (MARGIN, MARGIN) else 1
            for i in range(len(values))
        ]

    def mark(self, index: int) -> Mark:
        if not self.published[index]:
            return Mark.UNPUBLISHED
        if self.small[index]:
            return Mark.SMALL
        return Mark.HIDDEN if self.hidden[index] else Mark.SHOWN

    def cost(self, corners: Iterable[Corner]) -> int:
        values, hidden, weight = self.cube.values, self.hidden, self.weight
        return sum(weight[i] * values[i] for i, _ in corners if not hidden[i])

    def fits(self, corners: Iterable[Corner], step: int) -> bool:
        values, low, high = self.cube.values, self.low, self.high
        for index, sign in corners:
            moved = values[index] + sign * step
            top = high[index]
            if moved < low[index] or (top is not None and moved > top):
                return False
        return True

    def partners(self, at: Sequence[int], others: Sequence[int], limit: int) -> list[int]:
        """``others`` ranked by their count ``at``: hidden ones first (free), then non-empty
        ones (an empty count cannot go down); at most ``limit``."""
        hidden, values = self.hidden, self.cube.values
        ranked = sorted(
            zip(at, others, strict=True),
            key=lambda pair: (not hidden[pair[0]], not values[pair[0]]),
        )
        return [other for _, other in ranked[:limit]]

    def rows_for(self, slot: int, row: int, col: int) -> list[int]:
        others = [r for r in range(self.cube.rows) if r != row]
        return self.partners([self.cube.index(slot, r, col) for r in others], others, len(others))

    def columns_for(self, slot: int, row: int, col: int, limit: int) -> list[int]:
        others = [c for c in range(self.cube.columns) if c != col]
        return self.partners([self.cube.index(slot, row, c) for c in others], others, limit)


def _sign(one: int, other: int) -> int:
    """+1 where a margin is involved (it moves with the count), -1 between two values."""
    return 1 if MARGIN in (one, other) else -1


@dataclass(frozen=True)
class Frame:
    """Two rows and two columns: where a box's corners lie in every slot it moves."""

    row: int
    row2: int
    col: int
    col2: int

    def box(self, cube: Cube, slots: Iterable[tuple[int, int]]) -> list[Corner]:
        """The corners of ``slots`` (slot, sign) across the two rows and two columns."""
        sr, sc = _sign(self.row, self.row2), _sign(self.col, self.col2)
        rows, columns = cube.rows, cube.columns
        offsets = (
            (self.row * columns + self.col, 1),
            (self.row2 * columns + self.col, sr),
            (self.row * columns + self.col2, sc),
            (self.row2 * columns + self.col2, sr * sc),
        )
        return [
            (slot * rows * columns + offset, slot_sign * sign)
            for slot, slot_sign in slots
            for offset, sign in offsets
        ]


def _better(best: Found | None, cost: int) -> bool:
    return best is None or cost < best[0]


def part_boxes(search: Search, index: int) -> Found | None:
    """The cheapest box pairing the part at ``index`` with another part of its partition."""
    cube = search.cube
    slot, row, col = cube.where(index)
    best: Found | None = None
    rows = search.rows_for(slot, row, col)
    cols = search.columns_for(slot, row, col, COLUMN_CANDIDATES)
    if not cube.parts_in_combined_views and (row == MARGIN) != (col == MARGIN):
        # A view filtered on one side: linked boxes cover the other values of that side; a
        # part box adds the margin (a part nobody is in can only move up, with its margin).
        rows, cols = ([MARGIN], cols) if col == MARGIN else (rows, [MARGIN])
    for other, row2, col2 in product(cube.parts_of(cube.partition_of(slot)), rows, cols):
        if other == slot:
            continue
        corners = Frame(row, row2, col, col2).box(cube, ((slot, 1), (other, -1)))
        cost = search.cost(corners)
        if _better(best, cost) and any(search.fits(corners, step) for step in STEPS):
            best = (cost, corners)
            if cost == 0:
                return best
    return best


class _Line:
    """A count filtered on one axis ("line": rows for a row-filtered view) and all the views
    across it ("cross"), so one search serves row- and column-filtered counts alike."""

    def __init__(self, cube: Cube, rows_are_lines: bool) -> None:
        self.cube = cube
        self.plane = cube.rows * cube.columns
        if rows_are_lines:
            self.lines, self.crosses = cube.rows, cube.columns
            self.line_step, self.cross_step = cube.columns, 1
        else:
            self.lines, self.crosses = cube.columns, cube.rows
            self.line_step, self.cross_step = 1, cube.columns

    def at(self, slot: int, line: int, cross: int) -> int:
        """The index of ``slot`` in ``line`` and ``cross`` (as :meth:`Cube.index`)."""
        return slot * self.plane + line * self.line_step + cross * self.cross_step

    def closing(self, pair: tuple[int, int], line: int, sign: int, cross: int) -> list[Corner]:
        """The move of ``pair`` (slot up, other down, times ``sign``) in ``line`` closed
        through the view across at ``cross``: the unpublished counts and the margin."""
        slot, other = pair
        return [
            (self.at(slot, MARGIN, cross), sign),
            (self.at(other, MARGIN, cross), -sign),
            (self.at(slot, line, cross), sign),
            (self.at(other, line, cross), -sign),
        ]


def linked_boxes(search: Search, index: int) -> Found | None:
    """The cheapest linked box through a part of a view filtered on one axis only. The other
    lines are tried hidden ones first; the closing of the count's own line is the same for
    every other line, so it is found once per partner and direction, and only when a line
    cannot close together with it."""
    cube = search.cube
    slot, row, col = cube.where(index)
    if cube.parts_in_combined_views or slot == TOTAL or (row == MARGIN) == (col == MARGIN):
        return None
    axis = _Line(cube, rows_are_lines=col == MARGIN)
    own = row if col == MARGIN else col
    lines = [line for line in range(1, axis.lines) if line != own]
    lines.sort(key=lambda line: not search.hidden[axis.at(slot, line, MARGIN)])
    best: Found | None = None
    for other, step in product(cube.parts_of(cube.partition_of(slot)), STEPS):
        if other == slot:
            continue
        pair = (slot, other)
        firsts = _Once(partial(_line_closings, search, axis, (pair, own, 1), step))
        for line2 in lines:
            fixed = [
                (axis.at(slot, own, MARGIN), 1),
                (axis.at(other, own, MARGIN), -1),
                (axis.at(slot, line2, MARGIN), -1),
                (axis.at(other, line2, MARGIN), 1),
            ]
            if not search.fits(fixed, step):
                continue
            base = search.cost(fixed)
            if not _better(best, base):
                continue
            for option in _closings(search, axis, (pair, (own, line2)), step, firsts):
                cost = base + search.cost(option)
                if _better(best, cost):
                    best = (cost, fixed + option)
                    if cost == 0:
                        return best
                if cost == base:  # no closing costs less than nothing
                    break
    return best


def _closings(
    search: Search,
    axis: _Line,
    move: tuple[tuple[int, int], tuple[int, int]],
    step: int,
    firsts: _Once,
) -> Iterator[list[Corner]]:
    """Ways to close a move (two slots, two lines) in its lines: both through one view across
    (the margin's moves cancel there), or each through a cheap view of its own (``firsts``:
    the own line's). Lazily: the caller stops at the first that hides nothing new."""
    pair, (own, line2) = move
    slot, other = pair
    crosses = range(1, axis.crosses)
    for cross in crosses:
        together = [
            (axis.at(slot, own, cross), 1),
            (axis.at(other, own, cross), -1),
            (axis.at(slot, line2, cross), -1),
            (axis.at(other, line2, cross), 1),
        ]
        if search.fits(together, step):
            yield together
    if firsts.value():
        seconds = _line_closings(search, axis, (pair, line2, -1), step)
        for (c1, one), (c2, two) in product(firsts.value(), seconds):
            if c1 != c2:
                yield one + two


def _line_closings(
    search: Search, axis: _Line, move: tuple[tuple[int, int], int, int], step: int
) -> list[tuple[int, list[Corner]]]:
    """The two cheapest closings of ``move`` (two slots in one line, one way) through one view
    across each."""
    pair, line, sign = move
    crosses = range(1, axis.crosses)
    return _cheapest(search, [axis.closing(pair, line, sign, c) for c in crosses], step)


class _Once:
    """Groups of corners worked out at their first use only."""

    def __init__(self, work: Callable[[], list[tuple[int, list[Corner]]]]) -> None:
        self.work = work
        self.found: list[tuple[int, list[Corner]]] | None = None

    def value(self) -> list[tuple[int, list[Corner]]]:
        if self.found is None:
            self.found = self.work()
        return self.found


def _cheapest(
    search: Search, groups: list[list[Corner]], step: int, keep: int = 2
) -> list[tuple[int, list[Corner]]]:
    """(position, corners) of the ``keep`` cheapest groups that can move by ``step``."""
    fitting = [
        (search.cost(group), position, group)
        for position, group in enumerate(groups)
        if search.fits(group, step)
    ]
    fitting.sort(key=lambda item: (item[0], item[1]))
    return [(position, group) for _, position, group in fitting[:keep]]


def total_boxes(search: Search, index: int) -> Found | None:
    """The cheapest box moving the total with one part of every partition: among the likeliest
    columns first (hidden, then non-empty), then among all."""
    columns = search.cube.columns
    for limit in dict.fromkeys((min(COLUMN_CANDIDATES, columns), columns)):
        found = _total_boxes(search, index, limit)
        if found is not None:
            return found
    return None


def _total_boxes(search: Search, index: int, limit: int) -> Found | None:
    """Frames are tried cheapest first by their own corners, and the search stops where those
    alone cost as much as the best box found."""
    cube = search.cube
    slot, row, col = cube.where(index)
    fixed_partition = None if slot == TOTAL else cube.partition_of(slot)
    moving = [(TOTAL, 1)] if slot == TOTAL else [(TOTAL, 1), (slot, 1)]
    others = [k for k in range(len(cube.sizes)) if k != fixed_partition]
    frames: list[tuple[int, int, Frame, list[Corner], list[int]]] = []
    for row2, col2 in product(
        search.rows_for(slot, row, col), search.columns_for(slot, row, col, limit)
    ):
        frame = Frame(row, row2, col, col2)
        corners = frame.box(cube, moving)
        steps = [step for step in STEPS if search.fits(corners, step)]
        if not steps:
            continue
        cost = search.cost(corners)
        if cost == 0:  # the common case among small views: try it at once
            for step in steps:
                found = _with_parts(search, frame, step, others, (0, corners))
                if found is not None and found[0] == 0:
                    return found
        frames.append((cost, len(frames), frame, corners, steps))
    frames.sort(key=lambda item: (item[0], item[1]))
    best: Found | None = None
    for cost, _, frame, corners, steps in frames:
        if not _better(best, cost):
            break
        for step in steps:
            found = _with_parts(search, frame, step, others, (cost, corners))
            if found is not None and _better(best, found[0]):
                best = found
                if best[0] == 0:
                    return best
    return best


def _with_parts(
    search: Search, frame: Frame, step: int, partitions: list[int], start: Found
) -> Found | None:
    """``start`` with the cheapest part of each of ``partitions`` moving along, if each has
    one that can."""
    cost, corners = start
    cube = search.cube
    for k in partitions:
        chosen: Found | None = None
        for part in cube.parts_of(k):
            group = frame.box(cube, ((part, 1),))
            if search.fits(group, step):
                price = search.cost(group)
                if _better(chosen, price):
                    chosen = (price, group)
                    if price == 0:
                        break
        if chosen is None:
            return None
        cost, corners = cost + chosen[0], corners + chosen[1]
    return cost, corners


def witness(search: Search, index: int) -> list[Corner] | None:
    """The corners of the cheapest box found through ``index``; a box that hides nothing new
    ends the search. Total boxes come last: they hide a count in every partition."""
    slot = search.cube.where(index)[0]
    groups = [[total_boxes]] if slot == TOTAL else [[part_boxes, linked_boxes], [total_boxes]]
    for finders in groups:
        best: Found | None = None
        for find in finders:
            found = find(search, index)
            if found is not None and _better(best, found[0]):
                best = found
                if best[0] == 0:
                    return best[1]
        if best is not None:
            return best[1]
    return None
