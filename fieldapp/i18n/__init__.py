"""Internationalisation: the active language, translated text, and locale-aware formatting.

This package owns everything language-dependent that the rest of the app shows to people:

- :mod:`~fieldapp.i18n.translator`: :class:`Translator` (stdlib ``gettext``, domain
  ``veldwerk``, languages ``nl`` (default and fallback) and ``en``), switchable at run time,
  and the app-wide :func:`_`, :func:`ngettext` and :func:`set_locale`;
- :mod:`~fieldapp.i18n.catalogs`: where the catalogs are (``locales/<lang>/LC_MESSAGES/``) and
  how they load; a missing or stale ``.mo`` is compiled from the ``.po`` in memory;
- :mod:`~fieldapp.i18n.formatting`: dates and times (shown in Europe/Amsterdam), numbers,
  percentages and euro amounts from integer cents, with babel (nl_NL, en_GB);
- :mod:`~fieldapp.i18n.messages` (with :mod:`~fieldapp.i18n.field_errors` for pydantic's own
  error types) and :mod:`~fieldapp.i18n.validation`: the one place where stable error codes
  (domain, store, pydantic) become translated text, never holding client data;
- :mod:`~fieldapp.i18n.labels` and :mod:`~fieldapp.i18n.sources`: labels for the domain's keys
  (signals, WHO-5, rule reasons and advice) and enums (targets, statuses, visit types, ...).

How data keys are translated: msgids are **English source strings**. Keys that live in domain
data (``signal.A.short_absence``, a rule's ``reason_key``, enum values) are mapped to English
source strings marked with :func:`N_` in :mod:`~fieldapp.i18n.sources`, so ``pybabel extract``
sees every string and ``pybabel update`` never drops one. The ``en`` catalog repeats the msgid
as msgstr; ``nl`` translates it. The tests check that every key of the domain's default data
and every error code has a non-empty translation in both catalogs.
"""

from fieldapp.i18n.catalogs import DEFAULT_LANG, DOMAIN, SUPPORTED
from fieldapp.i18n.formatting import (
    format_date,
    format_datetime,
    format_day_month,
    format_money,
    format_number,
    format_percent,
    format_time,
    format_whole_euros,
)
from fieldapp.i18n.labels import (
    field_label,
    label,
    stage_label,
    status_label,
    target_label,
    urgency_label,
    visit_type_label,
    who5_answer_label,
    who5_instrument_version,
    who5_items,
)
from fieldapp.i18n.messages import message_for
from fieldapp.i18n.translator import N_, Translator, _, active, install, ngettext, set_locale
from fieldapp.i18n.validation import describe, validation_messages

__all__ = [
    "DEFAULT_LANG",
    "DOMAIN",
    "N_",
    "SUPPORTED",
    "Translator",
    "_",
    "active",
    "describe",
    "field_label",
    "format_date",
    "format_datetime",
    "format_day_month",
    "format_money",
    "format_number",
    "format_percent",
    "format_time",
    "format_whole_euros",
    "install",
    "label",
    "message_for",
    "ngettext",
    "set_locale",
    "stage_label",
    "status_label",
    "target_label",
    "urgency_label",
    "validation_messages",
    "visit_type_label",
    "who5_answer_label",
    "who5_instrument_version",
    "who5_items",
]
