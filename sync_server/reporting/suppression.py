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

Pure computation: no IO, no words.
"""

from __future__ import annotations

from dataclasses import dataclass

from sync_server.reporting.cube import Cube, Mark
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
    for index in [i for i, small in enumerate(search.small) if small and not search.empty[i]]:
        if protected[index]:
            continue
        corners = witness(search, index)
        if corners is None:
            return Protection(tuple(Mark.HIDDEN for _ in cube.values), withheld=True)
        for corner, _ in corners:
            search.hidden[corner] = protected[corner] = True
    return Protection(tuple(search.mark(i) for i in range(len(cube.values))))
