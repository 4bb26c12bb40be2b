"""What someone could work out about a protected :class:`~sync_server.reporting.cube.Cube` from
its marks alone: interval reasoning along every sum the cube obeys, run until nothing narrows.

Someone reading the page knows a shown count exactly, that "<5" is 0 to 4, that a hidden count
is at least 5, and nothing of an unpublished one but that it is not negative. Every sum (a
view's parts add up to its total; rows and columns add up to their margins) then bounds each
of its terms by what the others allow. :func:`pinned` lists the counts whose bounds meet.

The audit of :mod:`sync_server.reporting.suppression`: the counts a view filtered on both sides
does not publish have no witness of their own, so the ones this pins get one. Pure
computation: no IO, no words.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence

from sync_server.reporting.cube import MARGIN, THRESHOLD, TOTAL, Cube, Mark

UNBOUNDED = 1 << 40

Sum = tuple[int, range]
"""(whole, parts): the count at ``whole`` is the sum of those at ``parts``."""


def sums(cube: Cube) -> Iterator[Sum]:
    """Every sum the cube obeys: a view's partitions, the rows and the columns (the indexes
    of each sum's parts are evenly spaced, see :meth:`Cube.index`)."""
    rows, columns = cube.rows, cube.columns
    plane = rows * columns
    for row in range(rows):
        for column in range(columns):
            whole = cube.index(TOTAL, row, column)
            for start, size in zip(cube.starts, cube.sizes, strict=True):
                yield whole, range(whole + start * plane, whole + (start + size) * plane, plane)
    for slot in range(cube.slots):
        for column in range(columns):
            whole = cube.index(slot, MARGIN, column)
            yield whole, range(whole + columns, whole + plane, columns)
        for row in range(rows):
            whole = cube.index(slot, row, MARGIN)
            yield whole, range(whole + 1, whole + columns)


def _start(cube: Cube, marks: Sequence[Mark]) -> tuple[list[int], list[int]]:
    low, high = [0] * len(marks), [UNBOUNDED] * len(marks)
    for index, mark in enumerate(marks):
        if mark is Mark.SHOWN:
            low[index] = high[index] = cube.values[index]
        elif mark is Mark.SMALL:
            high[index] = THRESHOLD - 1
        elif mark is Mark.HIDDEN:
            low[index] = THRESHOLD
    return low, high


def bounds(cube: Cube, marks: Sequence[Mark]) -> tuple[list[int], list[int]]:
    """(lowest, highest) of every count given ``marks``: a sum is looked at again whenever a
    bound of one of its terms narrowed, until none narrows."""
    low, high = _start(cube, marks)
    equations = [
        (whole, parts)
        for whole, parts in sums(cube)
        if any(marks[index] is not Mark.SHOWN for index in (whole, *parts))
    ]
    using: list[list[int]] = [[] for _ in marks]
    for number, (whole, parts) in enumerate(equations):
        for index in (whole, *parts):
            using[index].append(number)
    waiting, queued = deque(range(len(equations))), [True] * len(equations)
    while waiting:
        number = waiting.popleft()
        queued[number] = False
        for index in _narrow(equations[number], low, high):
            for other in using[index]:
                if not queued[other]:
                    queued[other] = True
                    waiting.append(other)
    return low, high


def _narrow(equation: Sum, low: list[int], high: list[int]) -> list[int]:
    """Narrow each term of one sum to what the others allow (one pass settles a single sum);
    the indexes that narrowed."""
    whole, parts = equation
    least, most = sum(map(low.__getitem__, parts)), sum(map(high.__getitem__, parts))
    narrowed = []
    if least > low[whole] or most < high[whole]:
        low[whole], high[whole] = max(low[whole], least), min(high[whole], most)
        narrowed.append(whole)
    # a part is the whole less the others: within [whole's low - (most - its high),
    # whole's high - (least - its low)], which narrows it only where it is wider than slack
    slack = min(most - low[whole], high[whole] - least)
    for index in parts:
        if high[index] - low[index] > slack:
            bottom = low[whole] - most + high[index]
            top = high[whole] - least + low[index]
            low[index], high[index] = max(low[index], bottom), min(high[index], top)
            narrowed.append(index)
    return narrowed


def pinned(cube: Cube, marks: Sequence[Mark]) -> list[int]:
    """The indexes of the counts not shown whose value the marks give away."""
    low, high = bounds(cube, marks)
    return [
        index
        for index, mark in enumerate(marks)
        if mark is not Mark.SHOWN and low[index] == high[index]
    ]
