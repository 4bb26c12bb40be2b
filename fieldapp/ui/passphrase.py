"""How strong a new passphrase looks, for the first-run screen. Length counts most (a sentence
of several words beats a short password with symbols); at least 12 characters is required."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from fieldapp.i18n import N_, _

MIN_LENGTH = 12


class Strength(IntEnum):
    TOO_SHORT = 0
    WEAK = 1
    FAIR = 2
    STRONG = 3


_LABELS = {
    Strength.TOO_SHORT: N_("Too short: use at least 12 characters"),
    Strength.WEAK: N_("Weak: add words or vary the characters"),
    Strength.FAIR: N_("Fair"),
    Strength.STRONG: N_("Strong"),
}


@dataclass(frozen=True)
class Verdict:
    strength: Strength
    label: str

    @property
    def acceptable(self) -> bool:
        return self.strength >= Strength.WEAK


def judge(passphrase: str) -> Verdict:
    length = len(passphrase)
    if length < MIN_LENGTH:
        strength = Strength.TOO_SHORT
    else:
        kinds = sum(
            (
                any(c.islower() for c in passphrase),
                any(c.isupper() for c in passphrase),
                any(c.isdigit() for c in passphrase),
                any(not c.isalnum() for c in passphrase),
            )
        )
        distinct = len(set(passphrase))
        if distinct < 6:
            strength = Strength.WEAK
        elif length >= 20 or (length >= 16 and kinds >= 3):
            strength = Strength.STRONG
        elif length >= 14 or kinds >= 3:
            strength = Strength.FAIR
        else:
            strength = Strength.WEAK
    return Verdict(strength, _(_LABELS[strength]))
