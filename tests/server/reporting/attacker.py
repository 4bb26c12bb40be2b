"""What someone could work out from a published table of counts, used to test the outcome
report's suppression: every count the page shows, under every filter, plus the sums the table
obeys (parts add up to the total; target groups and jobcoaches add up to "all"), plus what the
marks say ("<5": 0 to 4; hidden: at least 5).

Two attacks, each a sound deduction (it never claims a wrong value):

- :func:`solved_exactly`: linear algebra over all the sums at once (subtraction and any
  combination of it), through the null space of the system;
- :func:`pinned_by_bounds`: interval reasoning along every sum until nothing narrows.

Written apart from :mod:`sync_server.reporting.suppression` on purpose: it knows the table's
sums, not how the page chose what to hide.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

UNBOUNDED = 10**9
MAX_ROUNDS = 500
"""Interval reasoning stops here (stopping early only weakens the attack)."""


@dataclass(frozen=True)
class Published:
    """One population's published counts: ``cells[(slot, row, column)]`` is a number, "<5"
    or "hidden"; ``partitions`` lists each partition's slots (slot 0 is the total); row and
    column 0 are the margins. "unpublished" is a count the page never shows (any size)."""

    cells: dict[tuple[int, int, int], int | str]
    partitions: Sequence[Sequence[int]]
    rows: int
    columns: int


def sums(table: Published) -> Iterator[tuple[tuple[int, int, int], list[tuple[int, int, int]]]]:
    """(whole, parts) for every sum the table obeys."""
    for row in range(table.rows):
        for column in range(table.columns):
            for slots in table.partitions:
                yield (0, row, column), [(slot, row, column) for slot in slots]
    slots = [0] + [slot for part in table.partitions for slot in part]
    for slot in slots:
        for column in range(table.columns):
            yield (slot, 0, column), [(slot, r, column) for r in range(1, table.rows)]
        for row in range(table.rows):
            yield (slot, row, 0), [(slot, row, c) for c in range(1, table.columns)]


def _system(table: Published) -> tuple[list[tuple[int, int, int]], np.ndarray, np.ndarray]:
    unknown = sorted(k for k, v in table.cells.items() if isinstance(v, str))
    position = {key: i for i, key in enumerate(unknown)}
    rows: list[np.ndarray] = []
    right: list[float] = []
    for whole, parts in sums(table):
        coefficients = np.zeros(len(unknown))
        constant = 0.0
        for key, sign in [(whole, 1.0)] + [(part, -1.0) for part in parts]:
            value = table.cells[key]
            if isinstance(value, str):
                coefficients[position[key]] += sign
            else:
                constant -= sign * value
        if coefficients.any():
            rows.append(coefficients)
            right.append(constant)
    return unknown, np.array(rows).reshape(len(rows), len(unknown)), np.array(right)


def solved_exactly(table: Published) -> list[tuple[int, int, int]]:
    """The hidden counts that the shown ones determine exactly."""
    unknown, matrix, _ = _system(table)
    if not unknown:
        return []
    if matrix.shape[0] == 0:
        return []
    _, singular, vt = np.linalg.svd(matrix)
    rank = int((singular > 1e-9 * max(1.0, singular[0])).sum())
    null = vt[rank:]
    free = np.abs(null).sum(axis=0) if len(null) else np.zeros(len(unknown))
    return [key for key, weight in zip(unknown, free, strict=True) if weight < 1e-7]


def bounds(table: Published) -> dict[tuple[int, int, int], tuple[int, int]]:
    """What interval reasoning along every sum leaves of each hidden count."""
    known: dict[tuple[int, int, int], tuple[int, int]] = {}
    for key, value in table.cells.items():
        if value == "<5":
            known[key] = (0, 4)
        elif value == "unpublished":
            known[key] = (0, UNBOUNDED)
        elif isinstance(value, str):
            known[key] = (5, UNBOUNDED)
        else:
            known[key] = (value, value)
    equations = [[(whole, 1)] + [(part, -1) for part in parts] for whole, parts in sums(table)]
    changed, rounds = True, 0
    while changed and rounds < MAX_ROUNDS:
        changed, rounds = False, rounds + 1
        for terms in equations:
            # sum(sign * x) == 0: each x lies within what the others allow
            for key, sign in terms:
                low, high = known[key]
                rest_low = sum(
                    (known[k][0] if s > 0 else -known[k][1]) for k, s in terms if k != key
                )
                rest_high = sum(
                    (known[k][1] if s > 0 else -known[k][0]) for k, s in terms if k != key
                )
                # sign * x = -rest  ->  x in [-rest_high, -rest_low] * sign
                if sign > 0:
                    new_low, new_high = -rest_high, -rest_low
                else:
                    new_low, new_high = rest_low, rest_high
                narrowed = (max(low, new_low), min(high, new_high))
                if narrowed != (low, high) and narrowed[0] <= narrowed[1]:
                    known[key] = narrowed
                    changed = True
    return known


def pinned_by_bounds(table: Published) -> list[tuple[int, int, int]]:
    """The hidden counts whose interval shrinks to one value."""
    found = bounds(table)
    return sorted(
        key
        for key, value in table.cells.items()
        if isinstance(value, str) and found[key][0] == found[key][1]
    )


def must_stay_unknown(truth: dict[tuple[int, int, int], int]) -> set[tuple[int, int, int]]:
    """The true counts under 5 that nobody may work out: all of them, except those of a part
    that nobody in the whole table is in (0 in the unfiltered view, so 0 everywhere: that
    nobody is in it gives no one away)."""
    empty = {
        slot
        for (slot, row, column), value in truth.items()
        if (row, column) == (0, 0) and value == 0
    }
    return {key for key, value in truth.items() if value < 5 and key[0] not in empty}
