"""The catalogs' side of the :class:`~fieldapp.domain.ports.TextVersions` port: which consent
text and which WHO-5 wording a person was shown, so services record it without the words."""

from __future__ import annotations

from fieldapp.domain.consent import Purpose
from fieldapp.domain.ports import ShownText
from fieldapp.i18n.catalogs import normalize_lang
from fieldapp.i18n.consent_texts import consent_text
from fieldapp.i18n.labels import who5_instrument_version
from fieldapp.i18n.translator import Translator


class CatalogTextVersions:
    def consent(
        self, purpose: Purpose, language: str, *, easy: bool = False, event: bool = False
    ) -> ShownText:
        shown = consent_text(purpose, language, easy=easy, event=event)
        return ShownText(version=shown.version, language=shown.language)

    def who5(self, language: str) -> str:
        return who5_instrument_version(translator=Translator(language))

    def language(self, preferred: str) -> str:
        return normalize_lang(preferred)
