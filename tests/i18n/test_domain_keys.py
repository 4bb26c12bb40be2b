"""Every key in the domain's data has a label in Dutch and English, read from the .po files.

The keys come from the domain (signal catalogue, WHO-5 items, the default rule table, the
enums), so a new key there fails here until ``fieldapp.i18n.sources`` and both catalogs have it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import Enum
from typing import Any

import pytest
from babel.messages.catalog import Catalog

from fieldapp.domain.client import TargetGroup
from fieldapp.domain.referral import Status
from fieldapp.domain.signals import Stage
from fieldapp.domain.targets import Target, Urgency
from fieldapp.domain.visit import VisitType
from fieldapp.domain.wellbeing import ITEM_KEYS, ITEM_MAX
from fieldapp.i18n import labels, sources
from fieldapp.i18n.catalogs import SUPPORTED
from fieldapp.i18n.translator import Translator
from fieldapp.i18n.work_labels import TABLES, work_label
from tests.i18n.conftest import domain_string_keys, signal_label_keys

ENUM_TABLES: list[tuple[type[Enum], Mapping[Any, str], Callable[..., str]]] = [
    (Stage, sources.STAGES, labels.stage_label),
    (Target, sources.TARGETS, labels.target_label),
    (Urgency, sources.URGENCIES, labels.urgency_label),
    (Status, sources.STATUSES, labels.status_label),
    (VisitType, sources.VISIT_TYPES, labels.visit_type_label),
    (TargetGroup, sources.TARGET_GROUPS, labels.target_group_label),
    *((enum, table, work_label) for enum, table in TABLES.items()),
]


def _translation(catalog: Catalog, source: str) -> str:
    message = catalog.get(source)
    assert message is not None, f"{catalog.locale}: no entry for {source!r}"
    assert not message.fuzzy, f"{catalog.locale}: fuzzy entry for {source!r}"
    assert isinstance(message.string, str)
    assert message.string.strip(), f"{catalog.locale}: empty translation for {source!r}"
    return message.string


def test_the_domain_has_the_keys_these_tests_expect() -> None:
    keys = domain_string_keys()
    assert len(signal_label_keys()) == 48
    assert "signal.A.short_absence" in keys
    assert "rule.crisis_signal" in keys
    assert "advice.same_day_phone_handover" in keys
    assert set(ITEM_KEYS) <= set(keys)


@pytest.mark.parametrize("key", domain_string_keys())
def test_every_domain_key_has_a_translation_in_both_languages(
    key: str, catalogs: dict[str, Catalog]
) -> None:
    assert key in labels.KEYED, f"{key} has no English source string in fieldapp.i18n.sources"
    source = labels.KEYED[key]
    for lang in SUPPORTED:
        expected = _translation(catalogs[lang], source)
        assert labels.label(key, translator=Translator(lang)) == expected


@pytest.mark.parametrize(("enum", "table", "label_of"), ENUM_TABLES)
def test_every_enum_value_has_a_translation_in_both_languages(
    enum: type[Enum],
    table: Mapping[Any, str],
    label_of: Callable[..., str],
    catalogs: dict[str, Catalog],
) -> None:
    assert set(table) == set(enum), f"{enum.__name__}: values without a source string"
    for lang in SUPPORTED:
        translator = Translator(lang)
        for member in enum:
            expected = _translation(catalogs[lang], table[member])
            assert label_of(member, translator=translator) == expected


def test_who5_items_answers_and_lead_in_are_translated(
    nl: Translator, en: Translator, catalogs: dict[str, Catalog]
) -> None:
    assert labels.who5_items(translator=en) == [
        "I have felt cheerful and in good spirits",
        "I have felt calm and relaxed",
        "I have felt active and vigorous",
        "I woke up feeling fresh and rested",
        "My daily life has been filled with things that interest me",
    ]
    assert labels.who5_items(translator=nl)[0] == "Ik voelde me vrolijk en in een goede stemming"
    for score in range(ITEM_MAX + 1):
        source = sources.WHO5[f"who5.answer.{score}"]
        assert labels.who5_answer_label(score, translator=nl) == _translation(
            catalogs["nl"], source
        )
    assert labels.who5_answer_label(0, translator=nl) == "Nooit"
    assert labels.who5_answer_label(5, translator=en) == "All of the time"
    assert labels.label("who5.intro", translator=nl) == "In de afgelopen twee weken"
    with pytest.raises(ValueError, match="0 to 5"):
        labels.who5_answer_label(6, translator=nl)


def test_the_dutch_who5_text_is_marked_unregistered(nl: Translator, en: Translator) -> None:
    assert "unregistered" in labels.who5_instrument_version(translator=nl)
    assert labels.who5_instrument_version(translator=en).startswith("who5/en/")


def test_labels_are_unambiguous() -> None:
    """Two keys with one English text would have to share one Dutch text too."""
    tables: list[Mapping[Any, str]] = [
        sources.SIGNALS,
        sources.WHO5,
        sources.RULES,
        *(table for _, table, _ in ENUM_TABLES),
    ]
    texts = [text for table in tables for text in table.values()]
    assert len(texts) == len(set(texts))


def test_examples_read_as_expected(nl: Translator, en: Translator) -> None:
    assert labels.label("signal.A.short_absence", translator=nl) == "Vaker kort verzuim"
    assert labels.label("signal.C.wage_garnishment", translator=nl) == "Loonbeslag"
    assert labels.target_label(Target.GP, translator=nl) == "Huisarts"
    assert labels.status_label(Status.DRAFT, translator=nl) == "Concept"
    assert labels.status_label(Status.DRAFT, translator=en) == "Draft"
    assert labels.visit_type_label(VisitType.HOME_VISIT, translator=nl) == "Huisbezoek"
    assert labels.field_label("notes_internal", translator=nl) == "Eigen notities"


def test_an_unknown_key_comes_back_unchanged(nl: Translator) -> None:
    assert labels.label("signal.X.own_catalogue", translator=nl) == "signal.X.own_catalogue"
    assert labels.field_label("no_such_field", translator=nl) == "no_such_field"
