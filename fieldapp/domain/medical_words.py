"""Words that suggest medical information, which must stay out of notes for the funder (UWV
forbids medical information in jobcoach reports). A warning for the jobcoach, not a filter:
it cannot catch everything, and it never changes what was typed."""

from __future__ import annotations

import re

MEDICAL_STEMS: tuple[str, ...] = (
    # Dutch
    "ziek", "diagnos", "depress", "burn-out", "burnout", "medicij", "medicatie", "psychiat",
    "psycholo", "huisarts", "bedrijfsarts", "therap", "ziekenhuis", "angst", "verslav",
    "adhd", "autis", "epilep", "diabet", "kanker", "zwanger", "operatie", "pijn", "suïcid",
    "suicid", "who-5", "who5", "opname", "ggz",
    # English
    "sick", "diagnosis", "medication", "medicine", "psychiatr", "psycholog", "doctor",
    "therapy", "hospital", "anxiety", "addict", "autism", "cancer", "pregnan", "surgery",
    "pain", "illness", "disorder",
)  # fmt: skip
_WORD = re.compile(r"[\w-]+", re.UNICODE)


def medical_words(text: str) -> list[str]:
    """The words of ``text`` that look medical, in order, each once."""
    found: list[str] = []
    for word in _WORD.findall(text.casefold()):
        if word not in found and any(word.startswith(stem) for stem in MEDICAL_STEMS):
            found.append(word)
    return found
