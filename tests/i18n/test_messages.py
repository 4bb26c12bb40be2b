"""Error codes as translated text: complete for every code, and never carrying client data."""

from __future__ import annotations

import re

import pytest
from babel.messages.catalog import Catalog

from fieldapp.domain.errors import ErrorCode
from fieldapp.domain.store_errors import StoreErrorCode
from fieldapp.i18n.catalogs import SUPPORTED
from fieldapp.i18n.messages import CODES, GENERIC, MISSING_PARAM, message_for
from fieldapp.i18n.translator import Translator
from fieldapp.sync.errors import SyncErrorCode

NL = Translator("nl")
EN = Translator("en")
DOMAIN_PARAMS: dict[str, object] = {
    "field": "notes",
    "signal_code": "Z99",
    "from_status": "sent",
    "to": "draft",
    "earliest": "1900",
    "latest": "2200",
    "time": "14:05",
}
"""Every parameter name the domain passes with an error code."""

SERVER_CHANGE_CODES = [
    "client.not_in_caseload",
    "change.version_conflict",
    "change.key_reused",
    "change.after_rejected",
    "change.mismatch",
    "referral.server_owned",
    "referral.not_queued",
]
"""Codes the server gives a refused change that are not domain codes (docs/sync-protocol.md)."""
ALL_CODES = [*ErrorCode, *StoreErrorCode, *SyncErrorCode, *SERVER_CHANGE_CODES]


@pytest.mark.parametrize("code", ALL_CODES, ids=str)
def test_every_error_code_has_its_own_message_in_both_languages(
    code: str, catalogs: dict[str, Catalog]
) -> None:
    assert code in CODES, f"{code} has no message in fieldapp.i18n.messages"
    for lang, translator in (("nl", NL), ("en", EN)):
        entry = catalogs[lang].get(CODES[code])
        assert entry is not None and isinstance(entry.string, str) and entry.string.strip()
        assert not entry.fuzzy
        text = message_for(code, translator=translator, **DOMAIN_PARAMS)
        assert text.strip()
        assert text != message_for("no.such.code", translator=translator)
        assert "{" not in text and MISSING_PARAM not in text, text


def test_codes_table_holds_no_stray_codes() -> None:
    assert set(CODES) == {str(code) for code in ALL_CODES}
    assert set(SUPPORTED) == {"nl", "en"}


def test_an_unknown_code_gives_the_generic_message_with_the_code() -> None:
    assert message_for("sync.timeout", translator=NL) == "Er ging iets mis (code: sync.timeout)."
    assert message_for("sync.timeout", translator=EN) == (
        "Something went wrong (code: sync.timeout)."
    )
    assert EN.gettext(GENERIC) == GENERIC


def test_a_missing_parameter_does_not_break_the_message() -> None:
    text = message_for(ErrorCode.REFERRAL_BAD_TRANSITION, translator=NL)
    assert text == f"Een verwijzing kan niet van ‘{MISSING_PARAM}’ naar ‘{MISSING_PARAM}’."


def test_the_bsn_message_names_the_field_and_no_number() -> None:
    text = message_for(ErrorCode.BSN_IN_TEXT, field="notes", translator=NL)
    assert "‘Notities’" in text and "BSN" in text
    assert not re.search(r"\d", text)
    assert "‘Notes’" in message_for(ErrorCode.BSN_IN_TEXT, field="notes", translator=EN)
