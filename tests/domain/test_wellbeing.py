"""WHO-5 scoring: raw, percentage, bands at their boundaries, change by the 10-point rule."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from fieldapp.domain.wellbeing import (
    Band,
    Change,
    WellbeingCheck,
    band_for,
    change_between,
    percentage,
)
from tests.factories import FIXED_NOW, build_check

SCORES = [
    # items, raw, percentage, band
    ((0, 0, 0, 0, 0), 0, 0, Band.LIKELY_DEPRESSION),
    ((2, 2, 1, 1, 1), 7, 28, Band.LIKELY_DEPRESSION),
    ((2, 2, 2, 1, 1), 8, 32, Band.POOR),
    ((3, 3, 2, 2, 2), 12, 48, Band.POOR),
    ((3, 3, 3, 2, 2), 13, 52, Band.ADEQUATE),
    ((5, 0, 5, 0, 3), 13, 52, Band.ADEQUATE),
    ((4, 4, 4, 4, 4), 20, 80, Band.ADEQUATE),
    ((5, 5, 5, 5, 5), 25, 100, Band.ADEQUATE),
]


@pytest.mark.parametrize(("items", "raw", "pct", "band"), SCORES)
def test_scoring_table(items: tuple[int, ...], raw: int, pct: int, band: Band) -> None:
    check = build_check(items=items)
    assert check.raw == raw
    assert check.percentage == pct
    assert check.band is band


@given(st.integers(0, 25))
def test_band_and_percentage_follow_the_published_cut_offs(raw: int) -> None:
    assert percentage(raw) == raw * 4
    expected = Band.LIKELY_DEPRESSION if raw <= 7 else Band.POOR if raw * 4 < 50 else Band.ADEQUATE
    assert band_for(raw) is expected


CHANGES = [
    # previous pct, current pct, change
    (None, 40, Change.FIRST),
    (40, 50, Change.IMPROVED),
    (40, 49, Change.STABLE),
    (50, 40, Change.WORSENED),
    (49, 40, Change.STABLE),
    (40, 40, Change.STABLE),
    (0, 100, Change.IMPROVED),
    (100, 0, Change.WORSENED),
]


@pytest.mark.parametrize(("previous", "current", "change"), CHANGES)
def test_change_table(previous: int | None, current: int, change: Change) -> None:
    assert change_between(previous, current) is change


@pytest.mark.parametrize(
    ("previous_raw", "current_raw", "change"),
    [
        (None, 10, Change.FIRST),
        (10, 13, Change.IMPROVED),  # +12 pct
        (10, 12, Change.STABLE),  # +8 pct
        (20, 17, Change.WORSENED),  # -12 pct
        (20, 18, Change.STABLE),  # -8 pct
    ],
)
def test_change_since_a_previous_check(
    previous_raw: int | None, current_raw: int, change: Change
) -> None:
    previous = (
        None
        if previous_raw is None
        else build_check(previous_raw, taken_at=FIXED_NOW - timedelta(days=30))
    )
    assert build_check(current_raw).change_since(previous) is change


@pytest.mark.parametrize(
    "items",
    [
        (),
        (3, 3, 3, 3),
        (3, 3, 3, 3, 3, 3),
        (6, 0, 0, 0, 0),
        (0, 0, 0, 0, -1),
        (5, 5, 5, 5, 99),
    ],
    ids=["none", "four", "six", "above_five", "negative", "far_above"],
)
def test_invalid_items_are_refused(items: tuple[int, ...]) -> None:
    with pytest.raises(ValidationError) as caught:
        build_check(items=items)
    assert [detail["type"] for detail in caught.value.errors()] == ["domain.who5_item_count"]


def test_items_from_json_are_checked_too() -> None:
    fields: dict[str, Any] = build_check().model_dump(mode="json")
    fields["items"] = [1, 2, 3]
    with pytest.raises(ValidationError) as caught:
        WellbeingCheck.model_validate(fields)
    assert caught.value.errors()[0]["type"] == "domain.who5_item_count"
