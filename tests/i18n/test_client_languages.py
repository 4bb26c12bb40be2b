"""Turkish, Arabic and Polish for everything a client reads or signs; easy-language Dutch
consent texts; what a consent and a WHO-5 check record about the text that was shown."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from babel.messages.catalog import Message

from fieldapp.domain.consent import Purpose
from fieldapp.i18n import (
    Translator,
    format_date,
    format_money,
    format_number,
    format_whole_euros,
    who5_instrument_version,
)
from fieldapp.i18n.bidi import LRI, PDI, isolate_ltr, strip_isolates
from fieldapp.i18n.catalogs import CLIENT_LANGS, RIGHT_TO_LEFT
from fieldapp.i18n.client_facing import CLIENT_FACING
from fieldapp.i18n.consent_texts import EASY, STANDARD, consent_text
from fieldapp.i18n.labels import who5_is_unregistered
from tests.i18n.conftest import POT, po_file, read_catalog

PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([^)]+\)[sdifr]")
PLURAL_FORMS = {"tr": 1, "ar": 6, "pl": 3}  # as CLDR (babel) counts them


def _singulars(lang: str) -> dict[str, Message]:
    catalog = read_catalog(po_file(lang), lang)
    return {m.id: m for m in catalog if m.id and isinstance(m.id, str)}


@pytest.mark.parametrize("lang", CLIENT_LANGS)
def test_everything_a_client_reads_is_translated(lang: str) -> None:
    messages = _singulars(lang)
    missing = [
        msgid
        for msgid in CLIENT_FACING
        if msgid not in messages or not messages[msgid].string or messages[msgid].fuzzy
    ]
    assert missing == [], f"{lang}: untranslated client-facing strings"
    for msgid in CLIENT_FACING:
        translated = str(messages[msgid].string)
        assert set(PLACEHOLDER.findall(translated)) == set(PLACEHOLDER.findall(msgid)), msgid
        assert translated != msgid, f"{lang}: copied, not translated: {msgid!r}"


@pytest.mark.parametrize("lang", CLIENT_LANGS)
def test_client_catalogs_follow_the_template(lang: str) -> None:
    template = {m.id for m in read_catalog(POT) if m.id}
    catalog = read_catalog(po_file(lang), lang)
    assert {m.id for m in catalog if m.id} == template, "run `make i18n`"
    assert catalog.num_plurals == PLURAL_FORMS[lang]


def test_the_client_facing_list_is_in_the_template() -> None:
    template = {m.id for m in read_catalog(POT) if m.id}
    assert set(CLIENT_FACING) <= template


@pytest.mark.parametrize("lang", CLIENT_LANGS)
def test_staff_text_falls_back_to_dutch(lang: str) -> None:
    client, dutch = Translator(lang), Translator("nl")
    # Right to left, the Dutch keeps its own direction (see the next test).
    kept = isolate_ltr if lang in RIGHT_TO_LEFT else str
    assert client.lang == lang
    assert client.gettext("Sync now") == kept(dutch.gettext("Sync now"))
    item = "I have felt calm and relaxed"
    assert client.gettext(item) not in (item, dutch.gettext(item))
    for n in (1, 2, 5, 11, 100):  # every plural form of the language, still Dutch
        plural = client.ngettext("%(n)d visit", "%(n)d visits", n)
        assert plural == kept(dutch.ngettext("%(n)d visit", "%(n)d visits", n))


def test_dutch_text_in_arabic_is_a_left_to_right_island() -> None:
    """Unmarked, an Arabic screen's bidi algorithm reorders the Dutch fallback's numbers and
    full stop: "{shown} van {total} cliënten" showed as "van 8 cliënten 8"."""
    arabic = Translator("ar")
    counted = arabic.gettext("{shown} of {total} clients").format(shown=8, total=8)
    assert counted.startswith(LRI) and counted.endswith(PDI)
    assert strip_isolates(counted) == "8 van 8 cliënten"
    assert arabic.gettext("Yes") == "نعم"  # translated text is not marked


def test_only_arabic_is_right_to_left() -> None:
    assert {"ar"} == RIGHT_TO_LEFT


@pytest.mark.parametrize("purpose", list(STANDARD))
def test_every_consent_text_has_an_easy_dutch_version(purpose: Purpose) -> None:
    standard = consent_text(purpose, "nl", team="Schuldhulp")
    easy = consent_text(purpose, "nl", easy=True, team="Schuldhulp")
    assert purpose in EASY and easy.text != standard.text
    assert not easy.text.startswith("Easy")
    assert (standard.language, easy.language) == ("nl", "nl-b1")
    assert easy.version.endswith("/nl-b1/1") and standard.version.endswith("/nl/1")
    assert ("{team}" in STANDARD[purpose]) == ("Schuldhulp" in easy.text)


def test_easy_versions_exist_only_in_dutch() -> None:
    for purpose in EASY:
        text = consent_text(purpose, "en", easy=True).text
        assert text == consent_text(purpose, "en").text  # no easy version in English


@pytest.mark.parametrize("lang", CLIENT_LANGS)
def test_client_languages_get_the_standard_text_and_say_which(lang: str) -> None:
    shown = consent_text(Purpose.REFERRAL, lang, easy=True, team="Buurtteam")
    assert shown.language == lang and f"/{lang}/" in shown.version
    assert "Buurtteam" in shown.text and shown.text != consent_text(Purpose.REFERRAL, "nl").text


@pytest.mark.parametrize("lang", CLIENT_LANGS)
def test_who5_in_client_languages_is_marked_unregistered(lang: str) -> None:
    translator = Translator(lang)
    assert who5_instrument_version(translator=translator) == f"who5/{lang}/unregistered-2026-11"
    assert who5_is_unregistered(translator)


@pytest.mark.parametrize(
    ("lang", "money", "day", "number"),
    [
        ("tr", "€1.234,56", "29 Mar 2026", "1.234,5"),
        ("ar", "\u200f1,234.56\xa0€", "29\u200f/03\u200f/2026", "1,234.5"),
        ("pl", "1\xa0234,56\xa0€", "29 mar 2026", "1\xa0234,5"),
    ],
)
def test_money_dates_and_numbers_follow_the_client_locale(
    lang: str, money: str, day: str, number: str
) -> None:
    """Babel's CLDR conventions per locale: the euro sign's place, separators, month names."""
    translator = Translator(lang)
    assert format_money(123456, translator=translator) == money
    assert format_date(date(2026, 3, 29), translator=translator) == day
    assert format_number(Decimal("1234.5"), translator=translator) == number


@pytest.mark.parametrize(
    ("lang", "rough"),
    [
        ("nl", "€\xa01.401"),
        ("en", "€1,401"),
        ("tr", "€1.401"),
        ("ar", "\u200f1,401\xa0€"),
        ("pl", "1\xa0401\xa0€"),
    ],
)
def test_whole_euros_round_down_in_the_locales_pattern(lang: str, rough: str) -> None:
    """Income bands in the regulations check: no cents, never rounded up past a limit."""
    assert format_whole_euros(140199, translator=Translator(lang)) == rough
