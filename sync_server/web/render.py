"""Jinja2 pages in the user's language, with the same catalogs as the app.

Autoescaping is on for every template; each page gets ``_``/``ngettext`` of its language and
the formatting helpers (Amsterdam time, babel locales) and the ``<bdi>`` helpers that keep
phone numbers, postcodes, addresses and email addresses left to right on an Arabic page
(:mod:`sync_server.web.bidi`). No JavaScript.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from fieldapp.domain.signals import SignalCatalogue
from fieldapp.i18n import Translator, format_date, format_datetime, format_number
from fieldapp.i18n.catalogs import DEFAULT_LANG, RIGHT_TO_LEFT, normalize_lang
from fieldapp.i18n.labels import (
    label,
    stage_label,
    status_label,
    target_group_label,
    target_label,
    urgency_label,
    visit_type_label,
)
from fieldapp.i18n.language_names import LANGUAGE_NAMES, language_name_in
from fieldapp.i18n.work_labels import work_label
from sync_server.web.bidi import HELPERS as BIDI_HELPERS

TEMPLATES = Path(__file__).resolve().parent / "templates"
NO_STORE = {"Cache-Control": "no-store"}
"""Pages with client data are never cached by the browser or a proxy."""


@functools.cache
def translator(lang: str) -> Translator:
    return Translator(normalize_lang(lang))


@functools.cache
def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def language_of(request: Request, chosen: str | None = None) -> str:
    """A chosen language, else the browser's first supported one, else Dutch."""
    if chosen:
        return normalize_lang(chosen)
    for part in request.headers.get("accept-language", "").split(","):
        tag = part.split(";")[0].strip()
        if tag and normalize_lang(tag) == tag.split("-")[0].lower():
            return normalize_lang(tag)
    return DEFAULT_LANG


def _signal_label(code: str, translator: Translator) -> str:
    """A signal's words (``D01`` -> "Payment arrears"); the code when it is not known."""
    catalogue = SignalCatalogue.default()
    if code not in catalogue:
        return code
    return label(catalogue.get(code).label_key, translator=translator)


def page(
    request: Request,
    template: str,
    lang: str,
    context: Mapping[str, Any] | None = None,
    *,
    status_code: int = 200,
) -> HTMLResponse:
    t = translator(lang)

    def when(value: datetime | date | None, with_time: bool = True) -> str:
        if value is None:
            return ""
        if isinstance(value, datetime) and with_time:
            return format_datetime(value, translator=t)
        return format_date(value, translator=t)

    html = (
        environment()
        .get_template(template)
        .render(
            request=request,
            lang=t.lang,
            direction="rtl" if t.lang in RIGHT_TO_LEFT else "ltr",
            languages=LANGUAGE_NAMES,
            _=t.gettext,
            ngettext=t.ngettext,
            when=when,
            number=lambda value, decimals=None: format_number(
                value, translator=t, decimals=decimals
            ),
            status_label=lambda s: status_label(s, translator=t),
            target_label=lambda s: target_label(s, translator=t),
            urgency_label=lambda s: urgency_label(s, translator=t),
            stage_label=lambda s: stage_label(s, translator=t),
            target_group_label=lambda g: target_group_label(g, translator=t),
            visit_type_label=lambda v: visit_type_label(v, translator=t),
            work_label=lambda v: work_label(v, translator=t),
            language_label=lambda code: language_name_in(code, t.lang),
            signal_label=lambda code: _signal_label(code, t),
            **BIDI_HELPERS,
            **(context or {}),
        )
    )
    return HTMLResponse(html, status_code=status_code, headers=NO_STORE)
