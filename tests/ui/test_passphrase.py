"""The first-run screen's passphrase verdict."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldapp.ui.passphrase import MIN_LENGTH, Strength, judge


@pytest.mark.parametrize(
    ("passphrase", "strength"),
    [
        ("kort", Strength.TOO_SHORT),
        ("aaaaaaaaaaaaaaaa", Strength.WEAK),
        ("abcdefghijkl", Strength.WEAK),
        ("abcdefghijklmn", Strength.FAIR),
        ("paard-batterij-nietje-correct", Strength.STRONG),
        ("Fiets7!Regen-Dak", Strength.STRONG),
    ],
)
def test_examples(passphrase: str, strength: Strength) -> None:
    verdict = judge(passphrase)
    assert verdict.strength is strength and verdict.label


@given(st.text(max_size=40))
def test_only_long_enough_passphrases_are_acceptable(passphrase: str) -> None:
    assert judge(passphrase).acceptable is (len(passphrase) >= MIN_LENGTH)
