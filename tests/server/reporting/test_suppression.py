"""Small-cell protection (sync_server/reporting/suppression.py), attacked: whatever a table
publishes, under every filter combination, no count under 5 can be worked out from what is
shown, by subtraction, any other sum, or the bounds the marks give away (save the zeros of a
part that nobody in the whole table is in)."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from sync_server.reporting.cube import Cube, Mark
from sync_server.reporting.suppression import Protection, protect
from tests.server.reporting.attacker import (
    Published,
    must_stay_unknown,
    pinned_by_bounds,
    solved_exactly,
)


def published(cube: Cube, protection: Protection) -> Published:
    """What the page shows of ``cube``: numbers, "<5", "hidden", or nothing ("unpublished")."""
    cells: dict[tuple[int, int, int], int | str] = {}
    for index, value in enumerate(cube.values):
        mark = protection.marks[index]
        shown: int | str = (
            value
            if mark is Mark.SHOWN
            else "<5"
            if mark is Mark.SMALL
            else "unpublished"
            if mark is Mark.UNPUBLISHED
            else "hidden"
        )
        cells[cube.where(index)] = shown
    partitions = [
        list(range(start, start + size))
        for start, size in zip(cube.starts, cube.sizes, strict=True)
    ]
    return Published(cells, partitions, cube.rows, cube.columns)


@st.composite
def cubes(draw: st.DrawFn) -> Cube:
    sizes = draw(st.lists(st.integers(2, 4), min_size=1, max_size=3))
    cube = Cube(
        sizes,
        draw(st.integers(2, 4)),
        draw(st.integers(2, 4)),
        parts_in_combined_views=draw(st.booleans()),
    )
    units = draw(st.integers(0, 90))
    for _ in range(units):
        row = draw(st.integers(1, cube.rows - 1))
        column = draw(st.integers(1, cube.columns - 1))
        cube.add(row, column, [draw(st.integers(0, size - 1)) for size in sizes])
    return cube


@settings(deadline=None, max_examples=150)
@given(cubes())
def test_no_count_under_five_can_be_worked_out(cube: Cube) -> None:
    protection = protect(cube)
    if protection.withheld:
        assert set(protection.marks) == {Mark.HIDDEN}
        return
    table = published(cube, protection)
    small = must_stay_unknown({cube.where(i): v for i, v in enumerate(cube.values)})
    assert [key for key in solved_exactly(table) if key in small] == []
    assert [key for key in pinned_by_bounds(table) if key in small] == []
    for index, value in enumerate(cube.values):
        if protection.marks[index] is not Mark.UNPUBLISHED:
            assert (protection.marks[index] is Mark.SMALL) == (value < 5)


def _example() -> Cube:
    """Two target groups, two jobcoaches, one partition of two parts."""
    cube = Cube([2], 3, 3)
    for row, column, part, times in [
        (1, 1, 0, 9),
        (1, 1, 1, 3),
        (1, 2, 0, 7),
        (2, 1, 1, 8),
        (2, 2, 0, 6),
        (2, 2, 1, 5),
        (1, 2, 1, 6),
        (2, 1, 0, 5),
    ]:
        for _ in range(times):
            cube.add(row, column, [part])
    return cube


def test_the_attack_works_where_only_small_counts_are_hidden() -> None:
    cube = _example()
    naive = Protection(tuple(Mark.SMALL if v < 5 else Mark.SHOWN for v in cube.values))
    table = published(cube, naive)
    assert table.cells[(2, 1, 1)] == "<5"
    assert (2, 1, 1) in solved_exactly(table)  # 12 in the view, 9 of them in the other part


def test_the_bounds_of_small_counts_are_an_attack_too() -> None:
    cube = Cube([2], 2, 2)
    for part in (0, 1):
        for _ in range(4):
            cube.add(1, 1, [part])
    # one group, one jobcoach: 8 people, 4 and 4; hiding both parts as "<5" gives them away
    naive = Protection(tuple(Mark.SMALL if v < 5 else Mark.SHOWN for v in cube.values))
    assert (1, 1, 1) in pinned_by_bounds(published(cube, naive))
    assert solved_exactly(published(cube, naive)) == []
    assert pinned_by_bounds(published(cube, protect(cube))) == []


def test_a_small_count_hides_others_with_it_and_large_tables_stay_shown() -> None:
    cube = _example()
    protection = protect(cube)
    marks = Counter(protection.marks)
    assert protection.mark(cube, 2, 1, 1) is Mark.SMALL
    assert marks[Mark.HIDDEN] >= 3  # a box: at least four counts move together
    assert protection.mark(cube, 0, 0, 0) is Mark.SHOWN  # the total of everyone stays


def test_nothing_is_hidden_when_every_count_is_five_or_more() -> None:
    cube = Cube([2], 3, 3)
    for row in (1, 2):
        for column in (1, 2):
            for part in (0, 1):
                for _ in range(5):
                    cube.add(row, column, [part])
    assert set(protect(cube).marks) == {Mark.SHOWN}
