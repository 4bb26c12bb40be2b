"""A save that finishes after the person went elsewhere does not pull them back: the screen
that follows a save comes only if no other screen was shown meanwhile."""

from __future__ import annotations

import asyncio
from typing import Any

from fieldapp.ui.screens.shell import after_save


class _Frame:
    """What ``after_save`` reads of the shell: how many screens it has shown."""

    def __init__(self) -> None:
        self.shown = 0
        self.page: Any = None


def _save_then_go(back_meanwhile: bool) -> list[str]:
    shell, went = _Frame(), []

    async def go() -> None:
        went.append("client page")

    async def save() -> None:
        shown = shell.shown
        await asyncio.sleep(0)  # the save's work
        if back_meanwhile:
            shell.shown += 1  # the person tapped Back: the caseload is on screen
        await after_save(shell, shown, go)  # type: ignore[arg-type]

    asyncio.run(save())
    return went


def test_the_saved_record_opens_when_the_form_is_still_there() -> None:
    assert _save_then_go(back_meanwhile=False) == ["client page"]


def test_a_person_who_went_back_during_the_save_stays_where_they_went() -> None:
    assert _save_then_go(back_meanwhile=True) == []
