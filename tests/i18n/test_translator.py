"""The Translator: plural forms, switching language at once, fallback, and loading catalogs."""

from __future__ import annotations

import os
import shutil
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from fieldapp.i18n import translator as translator_module
from fieldapp.i18n.catalogs import normalize_lang
from fieldapp.i18n.labels import label
from fieldapp.i18n.messages import message_for
from fieldapp.i18n.translator import N_, Translator, _, ngettext, set_locale
from tests.i18n.conftest import po_file

SINGULAR = "‘{field}’ can have at most {max_length} character."
PLURAL = "‘{field}’ can have at most {max_length} characters."


def _locales_with(tmp_path: Path, *langs: str) -> Path:
    """A locales dir holding only the .po files of ``langs`` (as in a fresh checkout)."""
    for lang in langs:
        target = tmp_path / lang / "LC_MESSAGES" / "veldwerk.po"
        target.parent.mkdir(parents=True)
        shutil.copyfile(po_file(lang), target)
    return tmp_path


@pytest.mark.parametrize(
    ("lang", "n", "expected"),
    [
        ("nl", 1, "‘{field}’ mag hoogstens {max_length} teken hebben."),
        ("nl", 0, "‘{field}’ mag hoogstens {max_length} tekens hebben."),
        ("nl", 2, "‘{field}’ mag hoogstens {max_length} tekens hebben."),
        ("nl", 120, "‘{field}’ mag hoogstens {max_length} tekens hebben."),
        ("en", 1, SINGULAR),
        ("en", 0, PLURAL),
        ("en", 2, PLURAL),
    ],
)
def test_ngettext_picks_the_plural_form_from_the_catalog(lang: str, n: int, expected: str) -> None:
    assert Translator(lang).ngettext(SINGULAR, PLURAL, n) == expected


def test_plural_forms_show_in_messages(nl: Translator, en: Translator) -> None:
    assert message_for("string_too_long", field="notes", max_length=1, translator=nl) == (
        "‘Notities’ mag hoogstens 1 teken hebben."
    )
    assert message_for("string_too_long", field="notes", max_length=4000, translator=nl) == (
        "‘Notities’ mag hoogstens 4.000 tekens hebben."
    )
    assert message_for("too_short", field="items", min_length=1, translator=en) == (
        "‘WHO-5 answers’ needs at least 1 item."
    )


def test_switching_the_language_applies_at_once(nl: Translator) -> None:
    key = "signal.A.short_absence"
    assert label(key, translator=nl) == "Vaker kort verzuim"
    assert nl.set_locale("en") == "en"
    assert nl.lang == "en"
    assert str(nl.locale) == "en_GB"
    assert label(key, translator=nl) == "More frequent short absence"
    assert nl.gettext("Draft") == "Draft"
    assert nl.set_locale("nl") == "nl"
    assert str(nl.locale) == "nl_NL"
    assert nl.gettext("Draft") == "Concept"


def test_listeners_hear_each_change_once_until_they_unsubscribe(nl: Translator) -> None:
    heard: list[str] = []
    unsubscribe = nl.subscribe(heard.append)
    nl.set_locale("en")
    nl.set_locale("en")
    nl.set_locale("nl")
    unsubscribe()
    nl.set_locale("en")
    assert heard == ["en", "nl"]


@pytest.mark.parametrize(
    ("asked", "applied"),
    [
        ("nl", "nl"),
        ("en", "en"),
        ("en_GB", "en"),
        ("EN-us", "en"),
        ("nl-BE", "nl"),
        ("tr", "tr"),
        ("ti", "nl"),
        ("", "nl"),
    ],
)
def test_unknown_languages_fall_back_to_dutch(asked: str, applied: str) -> None:
    assert normalize_lang(asked) == applied
    assert Translator(asked).lang == applied


def test_the_app_wide_translator_switches_for_every_caller(app_translator: Translator) -> None:
    assert _("Draft") == "Concept"
    assert ngettext(SINGULAR, PLURAL, 1).endswith("teken hebben.")
    assert set_locale("en") == "en"
    assert app_translator.lang == "en"
    assert _("Draft") == "Draft"
    assert label("signal.D.rent") == "Rent arrears"
    assert translator_module.active() is app_translator


def test_n_marks_without_translating(app_translator: Translator) -> None:
    assert N_("Draft") == "Draft"
    assert app_translator.gettext(N_("Draft")) == "Concept"


def test_a_fresh_checkout_without_mo_files_compiles_the_po_in_memory(tmp_path: Path) -> None:
    locales = _locales_with(tmp_path, "nl", "en")
    translator = Translator("nl", locales_dir=locales)
    assert translator.gettext("Draft") == "Concept"
    assert translator.ngettext(SINGULAR, PLURAL, 3).endswith("tekens hebben.")
    assert not list(locales.rglob("*.mo")), "compiling on the fly must not write build output"


def _write_mo(po: Path, lang: str, replace: dict[str, str]) -> Path:
    with po.open("rb") as source:
        catalog = read_po(source, locale=lang)
    for msgid, msgstr in replace.items():
        message = catalog.get(msgid)
        assert message is not None
        message.string = msgstr
    buffer = BytesIO()
    write_mo(buffer, catalog)
    mo = po.with_suffix(".mo")
    mo.write_bytes(buffer.getvalue())
    return mo


def test_a_current_mo_file_is_used_and_a_stale_one_is_not(tmp_path: Path) -> None:
    locales = _locales_with(tmp_path, "nl")
    po = locales / "nl" / "LC_MESSAGES" / "veldwerk.po"
    mo = _write_mo(po, "nl", {"Draft": "Concept (uit .mo)"})
    po_time = po.stat().st_mtime
    os.utime(mo, (po_time + 10, po_time + 10))
    assert Translator("nl", locales_dir=locales).gettext("Draft") == "Concept (uit .mo)"
    os.utime(mo, (po_time - 10, po_time - 10))
    assert Translator("nl", locales_dir=locales).gettext("Draft") == "Concept"


def test_a_missing_catalog_fails_loudly(tmp_path: Path) -> None:
    locales = _locales_with(tmp_path, "nl")
    with pytest.raises(FileNotFoundError, match=r"veldwerk\.po"):
        Translator("en", locales_dir=locales)
    translator = Translator("nl", locales_dir=locales)
    with pytest.raises(FileNotFoundError):
        translator.set_locale("en")
    assert translator.lang == "nl", "a failed switch leaves the language as it was"
