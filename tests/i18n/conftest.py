"""Fixtures for the i18n tests: translators per language and the catalogs as babel reads them.

``domain_keys`` lists every label key and enum value in the domain's default data, taken from
the domain itself (not from ``fieldapp.i18n``), so a key added there fails these tests until it
has a translation.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from fieldapp.domain.rules import DEFAULT_RULES
from fieldapp.domain.signals import DEFAULT_DEFINITIONS
from fieldapp.domain.wellbeing import ITEM_KEYS
from fieldapp.i18n import translator as translator_module
from fieldapp.i18n.catalogs import DEFAULT_LOCALES_DIR, DOMAIN, SUPPORTED
from fieldapp.i18n.translator import Translator

LOCALES = DEFAULT_LOCALES_DIR
POT = LOCALES / f"{DOMAIN}.pot"


def po_file(lang: str) -> Path:
    return LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(path: Path, lang: str | None = None) -> Catalog:
    with path.open("rb") as source:
        return read_po(source, locale=lang, domain=DOMAIN)


def signal_label_keys() -> list[str]:
    return [definition.label_key for definition in DEFAULT_DEFINITIONS]


def rule_reason_keys() -> list[str]:
    return [rule.reason_key for rule in DEFAULT_RULES.rules]


def rule_advice_keys() -> list[str]:
    return sorted(
        {
            spec.advice_key
            for rule in DEFAULT_RULES.rules
            for spec in rule.suggest
            if spec.advice_key
        }
    )


def domain_string_keys() -> list[str]:
    """Every string key held in the domain's default data."""
    return [*signal_label_keys(), *ITEM_KEYS, *rule_reason_keys(), *rule_advice_keys()]


@pytest.fixture(scope="session")
def catalogs() -> dict[str, Catalog]:
    return {lang: read_catalog(po_file(lang), lang) for lang in SUPPORTED}


@pytest.fixture
def nl() -> Translator:
    return Translator("nl")


@pytest.fixture
def en() -> Translator:
    return Translator("en")


@pytest.fixture
def app_translator() -> Iterator[Translator]:
    """A fresh app-wide translator (Dutch) for the test; the previous one comes back after."""
    previous = translator_module.active()
    fresh = Translator("nl")
    translator_module.install(fresh)
    yield fresh
    translator_module.install(previous)
