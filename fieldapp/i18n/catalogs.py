"""Finding and loading the gettext catalogs of the ``veldwerk`` domain.

Catalogs live in ``locales/<lang>/LC_MESSAGES/veldwerk.po`` at the repository root. The compiled
``.mo`` next to it is build output (``make i18n`` or ``pybabel compile``); when it is missing, or
older than its ``.po``, the ``.po`` is compiled in memory with babel, so a fresh checkout runs
without a build step and an edited ``.po`` is never shadowed by a stale ``.mo``.
"""

from __future__ import annotations

import gettext
from io import BytesIO
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from fieldapp.i18n.bidi import isolate_ltr

DOMAIN = "veldwerk"
"""The gettext domain: the catalogs' file name without extension."""

DEFAULT_LANG = "nl"
"""The language the app starts in, and the one used for any language it does not support."""

SUPPORTED: tuple[str, ...] = ("nl", "en")
"""Languages with a complete catalog: the staff's languages."""

CLIENT_LANGS: tuple[str, ...] = ("tr", "ar", "pl")
"""Languages with everything a client reads or signs; other text falls back to Dutch."""

ALL_LANGS: tuple[str, ...] = SUPPORTED + CLIENT_LANGS

RIGHT_TO_LEFT: frozenset[str] = frozenset({"ar"})

BABEL_LOCALES: dict[str, str] = {
    "nl": "nl_NL",
    "en": "en_GB",
    "tr": "tr_TR",
    "ar": "ar",
    "pl": "pl_PL",
}
"""The babel locale used for dates, numbers and money in each language."""

DEFAULT_LOCALES_DIR = Path(__file__).resolve().parents[2] / "locales"
"""The repository's ``locales/`` directory, found relative to this package."""


def normalize_lang(lang: str) -> str:
    """The known language for ``lang`` (``"en_GB"``, ``"EN-us"`` -> ``"en"``), else nl."""
    base = lang.strip().replace("-", "_").split("_", 1)[0].lower()
    return base if base in ALL_LANGS else DEFAULT_LANG


def babel_locale(lang: str) -> Locale:
    """The babel :class:`~babel.Locale` for a (normalised) language."""
    return Locale.parse(BABEL_LOCALES[normalize_lang(lang)])


def po_path(lang: str, locales_dir: Path = DEFAULT_LOCALES_DIR) -> Path:
    return locales_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def compile_po(
    po_file: Path, lang: str, *, translated_only: bool = False
) -> gettext.GNUTranslations:
    """Compile ``po_file`` in memory (fuzzy entries left out, as ``pybabel compile`` does).

    ``translated_only`` leaves out untranslated entries too: babel would otherwise fill an
    untranslated plural with the English source, and no fallback would ever be asked."""
    with po_file.open("rb") as source:
        catalog = read_po(source, locale=BABEL_LOCALES.get(lang, lang), domain=DOMAIN)
    if translated_only:
        for message in list(catalog):
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.id and not all(strings):
                catalog.delete(message.id, message.context)
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def load_translations(
    lang: str, locales_dir: Path = DEFAULT_LOCALES_DIR
) -> gettext.GNUTranslations:
    """The translations for ``lang``: the ``.mo`` when it is current, else the compiled ``.po``.

    Raises :class:`FileNotFoundError` when neither file exists: a build without its catalogs
    is broken and should fail loudly at start-up, not show untranslated text.
    """
    po_file = po_path(lang, locales_dir)
    mo_file = po_file.with_suffix(".mo")
    po_exists = po_file.is_file()
    if mo_file.is_file() and (not po_exists or mo_file.stat().st_mtime >= po_file.stat().st_mtime):
        with mo_file.open("rb") as compiled:
            return gettext.GNUTranslations(compiled)
    if po_exists:
        return compile_po(po_file, lang)
    raise FileNotFoundError(f"no gettext catalog for {lang!r}: expected {po_file}")


class _LeftToRight(gettext.NullTranslations):
    """Dutch text shown in a right-to-left language, as a left-to-right island (LRI ... PDI):
    unmarked, the bidi algorithm moves its numbers and full stops ("van 8 cliënten 8",
    ".Geen verwijzingen")."""

    def __init__(self, dutch: gettext.NullTranslations) -> None:
        super().__init__()
        self._dutch = dutch

    def gettext(self, message: str) -> str:
        return isolate_ltr(self._dutch.gettext(message))

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return isolate_ltr(self._dutch.ngettext(msgid1, msgid2, n))


def load_with_fallback(
    lang: str, locales_dir: Path = DEFAULT_LOCALES_DIR
) -> gettext.GNUTranslations:
    """A client language's catalog falls back to Dutch for what it does not hold (the staff
    text around the client's); complete catalogs stand alone. In a right-to-left language the
    Dutch text keeps its own direction."""
    if lang not in CLIENT_LANGS:
        return load_translations(lang, locales_dir)
    po_file = po_path(lang, locales_dir)
    if not po_file.is_file():
        raise FileNotFoundError(f"no gettext catalog for {lang!r}: expected {po_file}")
    translations = compile_po(po_file, lang, translated_only=True)
    dutch: gettext.NullTranslations = load_translations(DEFAULT_LANG, locales_dir)
    translations.add_fallback(_LeftToRight(dutch) if lang in RIGHT_TO_LEFT else dutch)
    return translations
