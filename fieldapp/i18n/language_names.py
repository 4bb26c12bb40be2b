"""Each language's name in that language, for pickers (never translated: a person looks for
their own language's name)."""

from __future__ import annotations

LANGUAGE_NAMES: dict[str, str] = {
    "nl": "Nederlands",
    "en": "English",
    "tr": "Türkçe",
    "ar": "العربية",
    "pl": "Polski",
}
