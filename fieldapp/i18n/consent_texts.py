"""The consent texts a client hears or reads, per purpose, in a standard and an easy-language
(B1) version, and the text version a consent record keeps.

The version names the purpose, the language and the variant (``consent-referral/nl-b1/1``), so a
record shows exactly which text the client agreed to. Change a text: raise its number.
"""

from __future__ import annotations

from dataclasses import dataclass

from fieldapp.domain.consent import Purpose
from fieldapp.i18n.catalogs import normalize_lang
from fieldapp.i18n.translator import N_, Translator

TEXT_NUMBER = 1
EASY_LANGUAGE = "nl"
"""Easy-language (B1) versions exist in Dutch; other languages get the standard text."""

STANDARD: dict[Purpose, str] = {
    Purpose.REFERRAL: N_(
        "I agree that my jobcoach gives the information above to {team}, so that they can "
        "contact me about help. I can take this back at any time."
    ),
    Purpose.WELLBEING_RECORDING: N_(
        "I agree to answer five questions about how I have felt in the last two weeks, and that "
        "my jobcoach keeps my answers. The answers are not given to my employer or to UWV. I can "
        "say no, and I can take this back at any time."
    ),
    Purpose.FOLLOW_UP_CONTACT: N_(
        "I agree that the outreach team contacts me again about money matters. I can take this "
        "back at any time."
    ),
    Purpose.EMPLOYER_CONTACT: N_(
        "I agree that my employer tells my jobcoach when they worry about me at work, for "
        "example when I am absent more often or seem stressed. My jobcoach talks about it with "
        "me first. My employer hears nothing back. I can take this back at any time."
    ),
}

EASY: dict[Purpose, str] = {
    Purpose.REFERRAL: N_(
        "Easy: I want help from {team}. My jobcoach gives them the information above. Then they "
        "can call me. I can always say stop."
    ),
    Purpose.WELLBEING_RECORDING: N_(
        "Easy: My jobcoach asks me five questions. The questions are about how I felt. My "
        "jobcoach writes down my answers. My boss does not get the answers. UWV does not get "
        "them. I can say no. I can always say stop."
    ),
    Purpose.FOLLOW_UP_CONTACT: N_(
        "Easy: The outreach team may call me again about money. I can always say stop."
    ),
    Purpose.EMPLOYER_CONTACT: N_(
        "Easy: My boss may tell my jobcoach when my boss worries about me. My jobcoach talks "
        "with me about it first. My boss hears nothing back. I can always say stop."
    ),
}
"""Easy-language versions. The English source strings carry an "Easy:" prefix only to keep
them apart from the standard ones; every catalog translates them without it."""

EVENT_REFERRAL = N_(
    "I want help from {team}. I agree that my name, phone number, email address, language and "
    "address are given to them, so that they can contact me. I can take this back at any time."
)


@dataclass(frozen=True)
class ConsentText:
    text: str
    version: str
    language: str


def consent_text(
    purpose: Purpose, lang: str, *, easy: bool = False, team: str = "", event: bool = False
) -> ConsentText:
    """The text for ``purpose`` in ``lang``: easy language (B1) where it exists and the client
    needs it; ``event``: the Flying Squad's own referral text."""
    language = normalize_lang(lang)
    plain = easy and language == EASY_LANGUAGE and purpose in EASY and not event
    if event and purpose is Purpose.REFERRAL:
        source, name = EVENT_REFERRAL, "event-referral"
    else:
        source = EASY[purpose] if plain else STANDARD[purpose]
        name = purpose.value.replace("_", "-")
    variant = f"{language}-b1" if plain else language
    return ConsentText(
        text=Translator(language).gettext(source).format(team=team),
        version=f"consent-{name}/{variant}/{TEXT_NUMBER}",
        language=variant,
    )
