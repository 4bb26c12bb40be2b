"""The protection's audit (sync_server/reporting/audit.py): sound (the true count always lies
within the bounds it works out), as strong as the attack it stands in for (it pins what the
independent interval attack of tests/server/reporting/attacker.py pins), and it finds what
subtraction gives away."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sync_server.reporting.audit import bounds, pinned
from sync_server.reporting.cube import THRESHOLD, Cube, Mark
from sync_server.reporting.suppression import Protection
from tests.server.reporting.attacker import pinned_by_bounds
from tests.server.reporting.test_suppression import cubes, published


@st.composite
def marked(draw: st.DrawFn) -> tuple[Cube, list[Mark]]:
    """A cube with marks that fit its counts, hiding any of them at random."""
    cube = draw(cubes())
    marks = []
    for index, value in enumerate(cube.values):
        if not cube.published(index):
            marks.append(Mark.UNPUBLISHED)
        elif value < THRESHOLD:
            marks.append(Mark.SMALL)
        else:
            marks.append(draw(st.sampled_from((Mark.SHOWN, Mark.SHOWN, Mark.HIDDEN))))
    return cube, marks


@settings(deadline=None, max_examples=200)
@given(marked())
def test_the_true_counts_lie_within_the_bounds(case: tuple[Cube, list[Mark]]) -> None:
    cube, marks = case
    low, high = bounds(cube, marks)
    for index, value in enumerate(cube.values):
        assert low[index] <= value <= high[index]


@settings(deadline=None, max_examples=200)
@given(marked())
def test_the_audit_pins_what_the_interval_attack_pins(case: tuple[Cube, list[Mark]]) -> None:
    cube, marks = case
    attacked = pinned_by_bounds(published(cube, Protection(tuple(marks))))
    assert sorted(cube.where(i) for i in pinned(cube, marks)) == attacked


def test_a_count_hidden_alone_is_given_away_by_subtraction() -> None:
    cube = Cube([2], 3, 3)
    for row, column, part, times in ((1, 1, 0, 6), (1, 2, 1, 7), (2, 1, 1, 5), (2, 2, 0, 3)):
        for _ in range(times):
            cube.add(row, column, [part])
    marks = [Mark.SHOWN for _ in cube.values]
    lone = cube.index(1, 1, 0)  # the first part of row 1: 6
    marks[lone] = Mark.HIDDEN
    assert pinned(cube, marks) == [lone]
    assert bounds(cube, marks)[0][lone] == 6
