"""Each language's name in that language, for pickers (never translated: a person looks for
their own language's name)."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError

LANGUAGE_NAMES: dict[str, str] = {
    "nl": "Nederlands",
    "en": "English",
    "tr": "Türkçe",
    "ar": "العربية",
    "pl": "Polski",
}


def language_name_in(code: str, reader: str) -> str:
    """A language's name in the reader's language ("ar" for a Dutch reader: "Arabisch"), for
    someone who works with the person rather than the person themselves; the code when the
    locale data does not know it."""
    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(Locale.parse(reader))
    except (ValueError, UnknownLocaleError):
        return code
    return name or code
