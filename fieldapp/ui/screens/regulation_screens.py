"""The regulations check wired into the app (part of the composition root): opened from a
client's page in the client's language, or from event mode in the tablet's language. The
person can switch language on the screen itself; leaving goes back where it came from."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from fieldapp.domain.regulations import AMSTERDAM, RegulationsTable
from fieldapp.i18n import _
from fieldapp.i18n.catalogs import normalize_lang
from fieldapp.ui.regulations_view import RegulationsCheck

if TYPE_CHECKING:
    from fieldapp.ui.screens.shell import Shell

REGULATIONS_TABLE: RegulationsTable = AMSTERDAM
"""The figures the check compares with; a municipality replaces this table with its own."""


def show_regulations_check(shell: Shell, lang: str, back: Callable[[], Awaitable[None]]) -> None:
    check = RegulationsCheck(REGULATIONS_TABLE, normalize_lang(lang))
    shell.frame("regulations", _("Regulations check"), check.control, back=back)
