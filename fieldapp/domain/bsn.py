"""Detects a BSN (Dutch citizen service number) typed into free text, so it can be refused.

Veldwerk never stores a BSN. A nine-digit number that passes the eleven-test (written with or
without spaces, dots or dashes between the digits) is treated as one. Old Dutch bank account
numbers also passed the eleven-test; refusing those too is the safe side, and the message tells
the user what to do.
"""

from __future__ import annotations

import re

# Nine digits, optionally with one space, dot or dash between them, not part of a longer
# digit run (so phone numbers like "06 12345678" and IBANs are not candidates). A dot or dash
# right before the first digit does not make it part of a run ("nr.123456782", "BSN-123456782").
# Nor are the nine digits after the "(0)" that follows a country code ("+31 (0)20 555 0101"):
# they are a phone number's.
_AFTER_COUNTRY_CODE = r"(?<!\d\(0\))(?<!\d\(0\) )(?<!\d \(0\))(?<!\d \(0\) )"
# The leading lookahead changes nothing in what matches; it lets the engine skip every
# position that is not a digit before it tries the lookbehinds (7x faster on a visit's notes).
_CANDIDATE = re.compile(
    rf"(?=\d)(?<!\d)(?<!\d[ .\-]){_AFTER_COUNTRY_CODE}\d(?:[ .\-]?\d){{8}}(?!\d|[ .\-]\d)"
)
_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def passes_eleven_test(digits: str) -> bool:
    """True when a string of nine digits passes the BSN eleven-test (and is not all zeros)."""
    if len(digits) != 9 or not digits.isdigit() or digits == "0" * 9:
        return False
    total = sum(int(d) * w for d, w in zip(digits, _WEIGHTS, strict=True))
    return total % 11 == 0


def contains_bsn(text: str) -> bool:
    """True when ``text`` contains a nine-digit number that passes the eleven-test."""
    for match in _CANDIDATE.finditer(text):
        digits = re.sub(r"\D", "", match.group(0))
        if passes_eleven_test(digits):
            return True
    return False
