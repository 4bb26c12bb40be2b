"""A house number typed with its addition in one field ("12a") is split; a plain number stays
whole, however many digits it has (a split "12" into 1 and 2 would route a referral to the
wrong team)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldapp.domain.client import split_house_number


@pytest.mark.parametrize(
    ("typed", "split"),
    [
        ("7", ("7", "")),
        ("12", ("12", "")),
        ("123", ("123", "")),
        ("99999", ("99999", "")),
        ("12a", ("12", "a")),
        ("12 A", ("12", "A")),
        ("12-2", ("12", "2")),
        ("12/3", ("12", "3")),
        ("123 hs", ("123", "hs")),
        (" 40 bis ", ("40", "bis")),
        ("twaalf", ("twaalf", "")),
        ("", ("", "")),
    ],
)
def test_known_forms(typed: str, split: tuple[str, str]) -> None:
    assert split_house_number(typed) == split


@given(st.integers(min_value=1, max_value=99999))
def test_a_plain_number_is_never_split(number: int) -> None:
    assert split_house_number(str(number)) == (str(number), "")
