"""The active language: a :class:`Translator` over stdlib ``gettext``, and the app-wide one.

A :class:`Translator` holds one language at a time; :meth:`Translator.set_locale` switches it
at once, so the next lookup or format call already uses the new language (no restart). Screens
that cache text subscribe with :meth:`Translator.subscribe` and rebuild when told.

The module-level :func:`_`, :func:`ngettext` and :func:`set_locale` work on the app-wide
translator (:func:`active`); the composition root may :func:`install` its own. Code that serves
several people at once (a web session each) passes a ``translator`` explicitly instead.
"""

from __future__ import annotations

import gettext
import threading
from collections.abc import Callable
from pathlib import Path

from babel import Locale

from fieldapp.i18n.catalogs import (
    DEFAULT_LANG,
    DEFAULT_LOCALES_DIR,
    babel_locale,
    load_with_fallback,
    normalize_lang,
)

Listener = Callable[[str], None]
"""Called with the new language after :meth:`Translator.set_locale` changed it."""


def N_(message: str) -> str:  # noqa: N802 (gettext's conventional name for a deferred marker)
    """Mark ``message`` for extraction without translating it now (translate at use)."""
    return message


class Translator:
    """Translations and the babel locale of one active language (see ``ALL_LANGS``)."""

    def __init__(self, lang: str = DEFAULT_LANG, locales_dir: Path | None = None) -> None:
        self._locales_dir = locales_dir if locales_dir is not None else DEFAULT_LOCALES_DIR
        self._loaded: dict[str, gettext.GNUTranslations] = {}
        self._lock = threading.Lock()
        self._listeners: list[Listener] = []
        self._lang = normalize_lang(lang)
        self._translations = self._load(self._lang)
        self._locale = babel_locale(self._lang)

    @property
    def lang(self) -> str:
        """The active language code: ``"nl"`` or ``"en"``."""
        return self._lang

    @property
    def locale(self) -> Locale:
        """The babel locale for formatting in the active language (nl_NL or en_GB)."""
        return self._locale

    @property
    def locales_dir(self) -> Path:
        return self._locales_dir

    def _load(self, lang: str) -> gettext.GNUTranslations:
        with self._lock:
            if lang not in self._loaded:
                self._loaded[lang] = load_with_fallback(lang, self._locales_dir)
            return self._loaded[lang]

    def set_locale(self, lang: str) -> str:
        """Switch to ``lang`` now; an unsupported language falls back to Dutch.

        Returns the language that is active afterwards. Listeners are told only on a change.
        """
        new = normalize_lang(lang)
        if new == self._lang:
            return new
        translations = self._load(new)
        self._translations, self._locale, self._lang = translations, babel_locale(new), new
        for listener in list(self._listeners):
            listener(new)
        return new

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` after every language change; returns the unsubscribe function."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def gettext(self, message: str) -> str:
        """``message`` (an English source string) in the active language."""
        return self._translations.gettext(message)

    _ = gettext

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form for ``n`` by the catalog's Plural-Forms rule, in the active language."""
        return self._translations.ngettext(singular, plural, n)


_active: Translator | None = None
_active_lock = threading.Lock()


def active() -> Translator:
    """The app-wide translator, created in Dutch on first use."""
    global _active  # noqa: PLW0603 (the one app-wide language, by design)
    with _active_lock:
        if _active is None:
            _active = Translator()
        return _active


def install(translator: Translator) -> None:
    """Make ``translator`` the app-wide one (the composition root does this at start-up)."""
    global _active  # noqa: PLW0603
    with _active_lock:
        _active = translator


def set_locale(lang: str) -> str:
    """Switch the app-wide language now; returns the language that is active afterwards."""
    return active().set_locale(lang)


def _(message: str) -> str:
    """``message`` in the app-wide language."""
    return active().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The plural form for ``n`` in the app-wide language."""
    return active().ngettext(singular, plural, n)
