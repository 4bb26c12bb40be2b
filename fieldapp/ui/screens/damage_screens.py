"""The screen for missing or rolled-back files after unlock (ADR 0001): the person chooses,
per item, the earlier copy or going on without it, over the
:class:`~fieldapp.services.damage_review.DamageReview` service."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING
from uuid import UUID

from fieldapp.i18n import _
from fieldapp.ui.damage_model import client_of, damage_row
from fieldapp.ui.damage_view import damage_view

if TYPE_CHECKING:
    from fieldapp.ui.screens.shell import ServicesNow, Shell


class DamageScreens:
    def __init__(
        self, shell: Shell, services: ServicesNow, *, done: Callable[[], Awaitable[None]]
    ) -> None:
        """``done``: nothing (more) is missing; the app goes on to the caseload."""
        self.shell, self.services, self.done = shell, services, done

    async def show(self) -> None:
        review = self.services().damage_review
        found = await asyncio.to_thread(review.found)
        if not found:
            await self.done()
            return

        async def restore(index: int) -> None:
            await asyncio.to_thread(review.restore, found[index])
            await self.show()

        async def go_on(index: int) -> None:
            await asyncio.to_thread(review.go_on_without, found[index])
            await self.show()

        names = await asyncio.to_thread(review.known_names)
        rows = [damage_row(damage, _name_of(names, client_of(damage))) for damage in found]
        self.shell.frame("damage", _("Check your data"), damage_view(rows, restore, go_on))


def _name_of(names: dict[UUID, str], client_id: UUID | None) -> str | None:
    return None if client_id is None else names.get(client_id)
