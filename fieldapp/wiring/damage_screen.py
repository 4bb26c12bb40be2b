"""The screen for missing or rolled-back files after unlock (ADR 0001): the person chooses,
per item, the earlier copy or going on without it."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING
from uuid import UUID

from fieldapp.domain.store_errors import MissingDataError
from fieldapp.i18n import _
from fieldapp.ui.damage_model import client_of, damage_row
from fieldapp.ui.damage_view import damage_view

if TYPE_CHECKING:
    from fieldapp.wiring.app_session import AppSession


async def show_damage(session: AppSession) -> None:
    """Missing or rolled-back files: the person chooses per item (ADR 0001)."""
    found = await asyncio.to_thread(session.store.damage)
    if not found:
        await session.show_caseload()
        session.start_sync()
        return

    async def restore(index: int) -> None:
        await asyncio.to_thread(session.store.restore_previous_copy, found[index])
        await session.show_damage()

    async def go_on(index: int) -> None:
        await asyncio.to_thread(session.store.accept_loss, found[index])
        await session.show_damage()

    try:
        names = await asyncio.to_thread(session.caseload.last_known_names)
    except MissingDataError:  # the caseload's own index is among the damage
        names = {}
    rows = [damage_row(damage, _name_of(names, client_of(damage))) for damage in found]
    session.frame("damage", _("Check your data"), damage_view(rows, restore, go_on))


def _name_of(names: dict[UUID, str], client_id: UUID | None) -> str | None:
    return None if client_id is None else names.get(client_id)
