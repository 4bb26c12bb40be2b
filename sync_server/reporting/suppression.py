"""Small-cell protection of a :class:`~sync_server.reporting.cube.Cube`: what the page may show.

Primary rule: a count under 5 shows as "<5". Secondary rule: no count under 5 may be worked
out from what is shown under any combination of the page's filters: by subtraction, by any
other sum of shown counts, or with the bounds the marks give away ("<5" is 0 to 4; a hidden
larger count is at least 5).

:func:`protect` therefore gives every "<5" a witness (:mod:`sync_server.reporting.witnesses`):
a set of hidden counts that can all move by one, up and down in turn, without changing any
shown count or leaving any bound. Two different tables then fit everything shown, so the count
cannot be told. Where the cheapest witness needs counts that are still shown, they are hidden
too (marked "hidden", never "<5"); a witness stays valid as more is hidden, so one pass over the
small counts settles the table. Where a small count has no witness at all, the population is
withheld as a whole. This is the hypercube method of statistical offices, with the bounds
checked. A part nobody in the whole table is in needs no witness: it is 0 everywhere, and that
nobody is in it gives no one away (it still shows as "<5").

Where a view filtered on both sides shows its total only, its parts are never shown, but the
sums still tie them to what is: the audit (:mod:`sync_server.reporting.audit`) works out what
interval reasoning gives away after that pass, and every part under 5 it would pin gets a
witness too. Hiding more only loosens bounds, so one audit settles it.

Pure computation: no IO, no words.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sync_server.reporting.audit import pinned
from sync_server.reporting.cube import THRESHOLD, Cube, Mark
from sync_server.reporting.witnesses import Search, witness


@dataclass(frozen=True)
class Protection:
    marks: tuple[Mark, ...]
    """Per index of the cube."""
    withheld: bool = False
    """No safe pattern was found: nothing of the population may be shown."""

    def mark(self, cube: Cube, slot: int, row: int, column: int) -> Mark:
        return self.marks[cube.index(slot, row, column)]


def protect(cube: Cube) -> Protection:
    """A mark for every count of ``cube``."""
    search = Search(cube)
    protected = [False] * len(cube.values)
    small = [i for i, small in enumerate(search.small) if small and not search.empty[i]]
    if not _witnessed(search, small, protected):
        return _withheld(cube)
    if not cube.parts_in_combined_views:
        marks = [search.mark(i) for i in range(len(cube.values))]
        given_away = [
            index
            for index in pinned(cube, marks)
            if not search.published[index]
            and cube.values[index] < THRESHOLD
            and not search.empty[index]
        ]
        if not _witnessed(search, given_away, protected):
            return _withheld(cube)
    return Protection(tuple(search.mark(i) for i in range(len(cube.values))))


def _witnessed(search: Search, indexes: Iterable[int], protected: list[bool]) -> bool:
    """Give each of ``indexes`` a witness, hiding what it needs; False if one has none."""
    for index in indexes:
        if protected[index]:
            continue
        corners = witness(search, index)
        if corners is None:
            return False
        for corner, _ in corners:
            search.hidden[corner] = protected[corner] = True
    return True


def _withheld(cube: Cube) -> Protection:
    return Protection(tuple(Mark.HIDDEN for _ in cube.values), withheld=True)
