"""The .po files: complete, not fuzzy, placeholders intact, plural headers, in sync with code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir

from fieldapp.i18n.catalogs import DOMAIN, SUPPORTED
from fieldapp.i18n.translator import Translator
from tests.i18n.conftest import POT, po_file, read_catalog

FIELDAPP = Path(__file__).resolve().parents[2] / "fieldapp"
WEB = Path(__file__).resolve().parents[2] / "sync_server" / "web"
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([^)]+\)[sdifr]|%[sdifr]")


def _messages(catalog: Catalog) -> list[Message]:
    return [message for message in catalog if message.id]


def _ids(message: Message) -> tuple[str, ...]:
    ids = message.id
    return tuple(ids) if isinstance(ids, tuple | list) else (ids,)


def _strings(message: Message) -> tuple[str, ...]:
    string = message.string
    if isinstance(string, tuple | list):
        return tuple(string)
    return (string,) if string else ()


def _placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def _source_msgids() -> set[str | tuple[str, ...]]:
    """What ``pybabel extract`` finds in fieldapp/ and the web pages today (singulars, or
    singular+plural)."""
    found: set[str | tuple[str, ...]] = set()
    sources = [
        (FIELDAPP, [("**.py", "python")]),
        (WEB, [("**.py", "python"), ("templates/**.html", "jinja2")]),
    ]
    for directory, method_map in sources:
        for _filename, _lineno, message, _comments, _context in extract_from_dir(
            directory, method_map=method_map
        ):
            found.add(message)
    return found


def test_the_template_and_both_catalogs_hold_exactly_the_strings_in_the_code() -> None:
    in_code = _source_msgids()
    assert in_code, "extraction found nothing: is babel.cfg's pattern right?"
    template = {message.id for message in _messages(read_catalog(POT))}
    assert template == in_code, "run `make i18n` to re-extract locales/veldwerk.pot"
    for lang in SUPPORTED:
        catalog = {message.id for message in _messages(read_catalog(po_file(lang), lang))}
        assert catalog == in_code, f"{lang}: run `make i18n` and translate the new strings"


@pytest.mark.parametrize("lang", SUPPORTED)
def test_every_entry_is_translated_and_not_fuzzy(lang: str, catalogs: dict[str, Catalog]) -> None:
    catalog = catalogs[lang]
    assert not catalog.fuzzy, f"{lang}: the header is marked fuzzy"
    assert not catalog.obsolete, f"{lang}: obsolete entries: {list(catalog.obsolete)}"
    for message in _messages(catalog):
        assert not message.fuzzy, f"{lang}: fuzzy: {message.id!r}"
        strings = _strings(message)
        expected = catalog.num_plurals if message.pluralizable else 1
        assert len(strings) == expected, f"{lang}: wrong number of forms: {message.id!r}"
        assert all(s.strip() for s in strings), f"{lang}: untranslated: {message.id!r}"


@pytest.mark.parametrize("lang", SUPPORTED)
def test_placeholders_are_the_same_in_msgid_and_every_msgstr(
    lang: str, catalogs: dict[str, Catalog]
) -> None:
    for message in _messages(catalogs[lang]):
        wanted = set().union(*(_placeholders(text) for text in _ids(message)))
        for string in _strings(message):
            assert _placeholders(string) == wanted, f"{lang}: {message.id!r} -> {string!r}"
        assert not list(catalogs[lang].check()), f"{lang}: babel's checkers found problems"


def test_the_placeholder_check_would_catch_a_broken_translation() -> None:
    assert _placeholders("‘{field}’ mag hoogstens {max_length} tekens") == {
        "{field}",
        "{max_length}",
    }
    assert _placeholders("%(n)s dagen, %s") == {"%(n)s", "%s"}
    assert _placeholders("‘{veld}’ is verplicht") != _placeholders("Fill in ‘{field}’.")


@pytest.mark.parametrize("lang", SUPPORTED)
def test_headers_name_the_language_and_two_plural_forms(
    lang: str, catalogs: dict[str, Catalog]
) -> None:
    catalog = catalogs[lang]
    headers = dict(catalog.mime_headers)
    assert headers["Language"] == lang
    assert headers["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert headers["Content-Type"] == "text/plain; charset=utf-8"
    assert headers["Project-Id-Version"].startswith("Veldwerk")
    assert catalog.domain == DOMAIN


def test_dutch_is_actually_dutch(catalogs: dict[str, Catalog]) -> None:
    """Guards against English pasted into nl: most Dutch strings differ from their msgid."""
    messages = _messages(catalogs["nl"])
    same = [m.id for m in messages if _strings(m) == _ids(m)]
    assert len(same) <= len(messages) // 20, f"untranslated-looking Dutch entries: {same}"


@pytest.mark.parametrize("lang", SUPPORTED)
def test_the_translator_returns_what_the_catalog_says(
    lang: str, catalogs: dict[str, Catalog]
) -> None:
    translator = Translator(lang)
    for message in _messages(catalogs[lang]):
        if message.pluralizable:
            singular, plural = _ids(message)
            forms = _strings(message)
            assert translator.ngettext(singular, plural, 1) == forms[0]
            assert translator.ngettext(singular, plural, 7) == forms[1]
        else:
            assert translator.gettext(str(message.id)) == message.string


def test_the_funder_has_one_name_in_dutch() -> None:
    """The notes step said both "financier" and "opdrachtgever" for the same party (issue 18)."""
    catalog = read_catalog(po_file("nl"), "nl")
    texts = [" ".join(_strings(message)) for message in _messages(catalog)]
    assert not [text for text in texts if "opdrachtgever" in text.lower()]
    assert Translator("nl").gettext("Notes for the funder") == "Notities voor de financier"
